"""Training cooperation end to end in Chromium (issue 19): the bureau that signed a training
agreement links a programme on the agreement's page, the programme's page tells veterans
about the interview guarantee, the institution records a completion, and the agreement's
page lists the guarantee given on the enterprise's post, which the enterprise sees at the
interview stage.

Set SHOTS_DIR to keep screenshots of the agreement page and the programme page at 390 and
1280 px in both languages."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import InterviewGuarantee, TrainingAgreementLink
from tests import factories as f
from tests.browser import test_enterprise_journey as journey
from tests.browser.conftest import DESKTOP, PHONE
from veterans.models import Enrolment

pytestmark = pytest.mark.django_db(transaction=True)
submit = journey.submit
SHOTS = os.environ.get("SHOTS_DIR")


def shoot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def world(branch_a, bureau_x, institution_staff, programme):
    agreement = f.AgreementFactory(
        enterprise=branch_a.enterprise,
        cooperation_mode="training",
        signatory_level="province",
        region=f.region(f.PROVINCE_X),
    )
    post = f.JobPostFactory(branch=branch_a, title="低压电工")
    post.required_skills.set([programme.skills.get(code="low-voltage")])
    f.JobPostFactory(branch=branch_a, title="仓库保管员")
    programme.starts_on = timezone.localdate() - datetime.timedelta(days=20)
    programme.save()
    veteran = f.VeteranProfileFactory(full_name="赵卫国")
    enrolment = f.EnrolmentFactory(
        programme=programme, veteran=veteran, status=Enrolment.Status.ATTENDING
    )
    return {"agreement": agreement, "post": post, "enrolment": enrolment, "veteran": veteran}


def test_cooperation_mode_training_interview_guarantee_journey(
    open_as, world, programme, bureau_x, institution_staff, hr_a
):
    agreement = world["agreement"]
    detail = reverse("enterprises:agreement_detail", args=[agreement.pk])

    # The signing bureau links the programme from the agreement's page.
    page = open_as(bureau_x)
    page.goto(detail)
    with page.expect_navigation():
        page.locator(
            f'a[href="{reverse("jobs:agreement_programme_link", args=[agreement.pk])}"]'
        ).click()
    page.select_option("select[name=programme]", str(programme.pk))
    with page.expect_navigation():
        page.locator("form.col-lg-8 button[type=submit]").click()
    assert TrainingAgreementLink.objects.filter(agreement=agreement, programme=programme).exists()
    assert programme.title in page.content()

    # The institution records the completion on the programme's roll.
    page = open_as(institution_staff)
    page.goto(reverse("jobs:training_programme_detail", args=[programme.pk]))
    assert agreement.enterprise.name in page.locator("#interview-guarantee").inner_text()
    page.fill("input[name=completed_on]", timezone.localdate().isoformat())
    submit(page, reverse("jobs:training_complete", args=[world["enrolment"].pk]))
    guarantee = InterviewGuarantee.objects.get()
    assert (guarantee.status, guarantee.application.post) == ("given", world["post"])

    # The enterprise finds the applicant at the interview stage, asked to propose times.
    page = open_as(hr_a)
    page.goto(reverse("jobs:applicant_detail", args=[guarantee.application.pk]))
    assert world["veteran"].full_name in page.content()

    for language in ("zh-hans", "en"):
        for width, viewport in (("390", PHONE), ("1280", DESKTOP)):
            page = open_as(bureau_x, language=language, viewport=viewport)
            page.goto(detail)
            assert world["veteran"].full_name in page.locator("#training-cooperation").inner_text()
            shoot(page, f"agreement-{language}-{width}")
            page = open_as(world["veteran"].user, language=language, viewport=viewport)
            page.goto(reverse("jobs:training_programme_detail", args=[programme.pk]))
            assert page.locator("#interview-guarantee").is_visible()
            shoot(page, f"programme-{language}-{width}")
