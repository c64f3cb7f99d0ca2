"""The bureau's case record of an entrepreneur in Chromium: the officer starts it from the
start-up's page, records a consultation and a loan application, then the loan's grant; the
veteran reads their support record without the internal note. Then the case pages and the
catalogue pages at 390 and 1280 px in both languages: nothing wider than the window (and,
with STARTUP_SCREENSHOTS_DIR set, their screenshots)."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from startups import cases
from startups.models import EligibilityRule, SupportApplication
from tests import factories as f
from tests.browser.conftest import language_windows
from tests.browser.pages import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = os.environ.get("STARTUP_SCREENSHOTS_DIR", "")


@pytest.fixture
def world(bureau_x):
    veteran = f.VeteranProfileFactory(
        user__username="founder", user__last_name="王", user__first_name="建军"
    )
    startup = f.StartUpFactory(
        founder=veteran,
        name="京兵行汽车服务有限公司",
        status="confirmed",
        enterprise=f.EnterpriseFactory(name="京兵行汽车服务有限公司"),
        reviewed_by=bureau_x,
        reviewed_at=timezone.now(),
    )
    loan = f.SupportPolicyFactory(title="北京市退役军人创业担保贷款")
    EligibilityRule.objects.create(policy=loan, kind="discharged_within_years", number=5)
    base = f.SupportBaseFactory(name="北京市退役军人创业孵化基地")
    return {"veteran": veteran, "bureau": bureau_x, "startup": startup, "loan": loan, "base": base}


def _post_form(page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f'form[action="{action}"] button[type=submit]').click()


def test_the_bureau_keeps_an_entrepreneurs_case_and_the_veteran_reads_it(open_as, world):
    startup = world["startup"]
    bureau = open_as(world["bureau"])
    bureau.goto(reverse("startups:detail", args=[startup.pk]))
    _post_form(bureau, reverse("startups:case_open", args=[startup.pk]))
    case = startup.cases.get()
    assert bureau.url.endswith(reverse("startups:case_detail", args=[case.pk]))

    bureau.select_option("select[name=contact-kind]", "consultation")
    bureau.fill("input[name=contact-held_on]", timezone.localdate().isoformat())
    bureau.fill("input[name=contact-topic]", "创业担保贷款申请材料")
    bureau.fill("textarea[name=contact-internal_note]", "营业执照复印件待补")
    _post_form(bureau, reverse("startups:case_contact", args=[case.pk]))

    applied_on = timezone.localdate() - datetime.timedelta(days=20)
    bureau.select_option("select[name=application-policy]", str(world["loan"].pk))
    bureau.fill("input[name=application-applied_on]", applied_on.isoformat())
    bureau.fill("input[name=application-amount_applied]", "300000")
    _post_form(bureau, reverse("startups:case_application", args=[case.pk]))
    application = SupportApplication.objects.get()

    form = bureau.locator(
        f'form[action="{reverse("startups:application_outcome", args=[application.pk])}"]'
    )
    form.locator("select[name=outcome-outcome]").select_option("granted")
    form.locator("input[name=outcome-decided_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=outcome-amount_granted]").fill("250000")
    with bureau.expect_navigation():
        form.locator("button[type=submit]").click()
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("granted", 250_000)

    veteran = open_as(world["veteran"].user)
    veteran.goto(reverse("startups:my_case"))
    text = veteran.content()
    assert "创业担保贷款申请材料" in text and "250,000" in text
    assert "营业执照复印件待补" not in text


@pytest.mark.parametrize(("language", "viewport"), language_windows(bool(SCREENSHOTS)))
def test_the_case_and_catalogue_pages_fit_the_window(open_as, world, language, viewport):
    bureau = world["bureau"]
    case = cases.case_open(
        startup=world["startup"],
        officer=bureau,
        opened_on=timezone.localdate() - datetime.timedelta(days=200),
    )
    day = case.opened_on + datetime.timedelta(days=5)
    cases.case_contact_record(
        case=case, officer=bureau, kind="consultation", held_on=day, topic="创业政策咨询",
        internal_note="资料基本齐全",
    )  # fmt: skip
    cases.support_application_record(
        case=case, officer=bureau, policy=world["loan"], applied_on=day, amount_applied=300_000
    )
    cases.incubation_record(case=case, officer=bureau, base=world["base"], started_on=day)
    cases.case_follow_ups_mark_due()
    policy = world["loan"]
    pages = {
        "case-list": (bureau, reverse("startups:case_list")),
        "case-detail": (bureau, reverse("startups:case_detail", args=[case.pk])),
        "case-follow-ups": (bureau, reverse("startups:case_follow_ups")),
        "case-follow-up-record": (
            bureau,
            reverse("startups:case_follow_up_record", args=[case.follow_ups.get(month=6).pk]),
        ),
        "case-mine": (world["veteran"].user, reverse("startups:my_case")),
        "catalogue-bases": (bureau, reverse("startups:catalogue_bases")),
        "catalogue-base-form": (bureau, reverse("startups:catalogue_base_create")),
        "catalogue-policies": (bureau, reverse("startups:catalogue_policies")),
        "catalogue-policy-form": (
            bureau,
            reverse("startups:catalogue_policy_edit", args=[policy.pk]),
        ),
        "catalogue-retire": (bureau, reverse("startups:catalogue_policy_retire", args=[policy.pk])),
    }
    too_wide = {}
    for name, (user, url) in pages.items():
        page = open_as(user, language, viewport)
        page.goto(url)
        too_wide[name] = horizontal_overflow(page)
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}-{viewport['width']}-{language}.png"
            page.screenshot(path=str(path), full_page=True)
        page.context.close()
    assert too_wide == dict.fromkeys(pages, 0)
