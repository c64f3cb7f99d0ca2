"""Training cooperation (issue 19): a training-cooperation agreement links training
programmes, and the completer of a linked programme is guaranteed an interview at the
agreement's enterprise, created in the transaction that records the completion.

The service decides (jobs/training/cooperation.py, training.may_link_programme and the
signatory rule enterprises.may_act_on_agreement); the pages and the API refuse the same."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises.models import Agreement
from jobs.models import Application, InterviewGuarantee, JobPost, TrainingAgreementLink
from jobs.services import interview_propose, job_post_approve
from jobs.training.cooperation import (
    agreement_programme_link,
    agreement_programme_unlink,
    guarantee_post,
    interview_guarantees_give,
    interview_guarantees_settle,
)
from jobs.training.services import enrolment_complete
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.threads import race
from veterans.models import Enrolment, TrainingProgramme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


@pytest.fixture
def api(db):
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def attending(started, veteran):
    return f.EnrolmentFactory(programme=started, veteran=veteran, status="attending")


def _training_agreement(enterprise, **fields) -> Agreement:
    fields.setdefault("signatory_level", Agreement.SignatoryLevel.PROVINCE)
    if fields["signatory_level"] != Agreement.SignatoryLevel.MINISTRY:
        fields.setdefault("region", f.region(f.PROVINCE_X))
    return f.AgreementFactory(
        enterprise=enterprise, cooperation_mode=Agreement.CooperationMode.TRAINING, **fields
    )


@pytest.fixture
def agreement(enterprise_a):
    """A training-cooperation agreement in force, signed by the bureau of province X."""
    return _training_agreement(enterprise_a)


@pytest.fixture
def linked(agreement, started, bureau_x):
    agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)
    return agreement


@pytest.fixture
def posts(branch_a, started):
    """Two open posts of enterprise A: one asks for a skill the programme teaches."""
    other = f.JobPostFactory(branch=branch_a, title="仓库管理员")
    fit = f.JobPostFactory(branch=branch_a, title="电工")
    fit.required_skills.set([started.skills.get(code="low-voltage")])
    return {"fit": fit, "other": other}


def _kinds(user) -> set[str]:
    return set(user.notifications.values_list("kind", flat=True))


# --- linking: the service --------------------------------------------------------------------


def test_cooperation_mode_training_bureau_links_a_programme_of_its_region(
    agreement, started, bureau_x
):
    link = agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)
    assert (link.agreement, link.programme, link.linked_by) == (agreement, started, bureau_x)
    event = AuditEvent.objects.get(action="agreement.programme_linked")
    assert (event.object_id, event.data["programme"]) == (str(agreement.pk), started.pk)


def test_cooperation_mode_training_ministry_links_to_its_own_agreement(
    enterprise_a, started, ministry
):
    agreement = _training_agreement(enterprise_a, signatory_level="ministry")
    agreement_programme_link(agreement=agreement, programme=started, actor=ministry)
    assert TrainingAgreementLink.objects.filter(agreement=agreement).count() == 1


@pytest.mark.parametrize("who", ["ministry", "bureau_y", "hr_a", "veteran", "institution_staff"])
def test_cooperation_mode_training_only_the_signatory_links(request, agreement, started, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    with pytest.raises(NotAllowed, match="Only the signatory authority"):
        agreement_programme_link(agreement=agreement, programme=started, actor=user)
    assert not TrainingAgreementLink.objects.exists()


def test_cooperation_mode_training_bureau_does_not_link_to_the_ministrys_agreement(
    enterprise_a, started, bureau_x
):
    agreement = _training_agreement(enterprise_a, signatory_level="ministry")
    with pytest.raises(NotAllowed):
        agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)


def test_cooperation_mode_training_only_a_training_agreement_links(enterprise_a, started, bureau_x):
    agreement = f.AgreementFactory(
        enterprise=enterprise_a, signatory_level="province", region=f.region(f.PROVINCE_X)
    )
    with pytest.raises(Conflict, match="Only a training cooperation agreement"):
        agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)


@pytest.mark.parametrize("status", ["expired", "terminated"])
def test_cooperation_mode_training_an_agreement_over_links_nothing(
    enterprise_a, started, bureau_x, status
):
    agreement = _training_agreement(enterprise_a, status=status)
    with pytest.raises(Conflict, match="The agreement is over"):
        agreement_programme_link(agreement=agreement, programme=started, actor=bureau_x)


def test_cooperation_mode_training_a_programme_outside_the_agreements_region_is_refused(
    agreement, bureau_x
):
    away = f.TrainingProgrammeFactory(
        institution=f.TrainingInstitutionFactory(region=f.region(f.CITY_Y))
    )
    with pytest.raises(Conflict, match="outside the region"):
        agreement_programme_link(agreement=agreement, programme=away, actor=bureau_x)


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_cooperation_mode_training_an_unapproved_programme_is_refused(
    agreement, programme, bureau_x, status
):
    TrainingProgramme.objects.filter(pk=programme.pk).update(status=status)
    programme.refresh_from_db()
    with pytest.raises(Conflict, match="approved"):
        agreement_programme_link(agreement=agreement, programme=programme, actor=bureau_x)


def test_cooperation_mode_training_a_programme_is_linked_once(linked, started, bureau_x):
    with pytest.raises(Conflict, match="already linked"):
        agreement_programme_link(agreement=linked, programme=started, actor=bureau_x)
    assert TrainingAgreementLink.objects.count() == 1


def test_cooperation_mode_training_signatory_unlinks_and_the_given_guarantees_stand(
    linked, started, attending, posts, bureau_x
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    agreement_programme_unlink(agreement=linked, programme=started, actor=bureau_x)
    assert not TrainingAgreementLink.objects.exists()
    assert InterviewGuarantee.objects.get().status == "given"
    assert AuditEvent.objects.filter(action="agreement.programme_unlinked").count() == 1


def test_cooperation_mode_training_unlinking_a_programme_not_linked_is_refused(
    agreement, started, bureau_x
):
    with pytest.raises(Conflict, match="not linked"):
        agreement_programme_unlink(agreement=agreement, programme=started, actor=bureau_x)


@pytest.mark.parametrize("who", ["ministry", "bureau_y", "hr_a"])
def test_cooperation_mode_training_only_the_signatory_unlinks(request, linked, started, who):
    with pytest.raises(NotAllowed):
        agreement_programme_unlink(
            agreement=linked, programme=started, actor=request.getfixturevalue(who)
        )
    assert TrainingAgreementLink.objects.count() == 1


# --- the guarantee at completion ---------------------------------------------------------------


def test_cooperation_mode_training_interview_guarantee_given_when_the_completion_is_recorded(
    linked, attending, posts, bureau_x, veteran, hr_a
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    guarantee = InterviewGuarantee.objects.get()
    application = guarantee.application
    assert (guarantee.status, guarantee.agreement, guarantee.enrolment) == (
        "given",
        linked,
        attending,
    )
    # The post that asks for the skill the programme teaches, moved to "interview".
    assert (application.post, application.veteran, application.status) == (
        posts["fit"],
        veteran,
        "interview",
    )
    assert "interview_guarantee_given" in _kinds(veteran.user)
    assert "interview_guarantee_to_schedule" in _kinds(hr_a)
    trail = AuditEvent.objects.filter(object_id=str(application.pk)).values_list(
        "action", flat=True
    )
    assert "interview_guarantee.given" in set(trail)


def test_cooperation_mode_training_interview_guarantee_recorded_by_the_institution_too(
    linked, attending, posts, institution_staff
):
    enrolment_complete(enrolment=attending, recorder=institution_staff, on=TODAY())
    assert InterviewGuarantee.objects.get().status == "given"


def test_cooperation_mode_training_interview_guarantee_exactly_once(
    linked, attending, posts, bureau_x
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    with pytest.raises(InvalidTransition):
        enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    # A retry of the give itself (a task run twice) gives nothing more.
    attending.refresh_from_db()
    assert interview_guarantees_give(enrolment=attending, actor=bureau_x) == []
    assert InterviewGuarantee.objects.count() == 1
    assert Application.objects.count() == 1


def test_cooperation_mode_training_interview_guarantee_once_per_agreement(
    linked, enterprise_b, started, attending, posts, bureau_x
):
    """Two agreements linking the programme: one guarantee each."""
    f.BranchFactory(enterprise=enterprise_b)
    f.JobPostFactory(branch=enterprise_b.branches.get())
    other = _training_agreement(enterprise_b)
    agreement_programme_link(agreement=other, programme=started, actor=bureau_x)
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    assert InterviewGuarantee.objects.filter(status="given").count() == 2


def test_cooperation_mode_training_no_interview_guarantee_from_an_agreement_over(
    linked, attending, posts, bureau_x
):
    Agreement.objects.filter(pk=linked.pk).update(status="terminated")
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    assert not InterviewGuarantee.objects.exists()


def test_cooperation_mode_training_no_interview_guarantee_for_a_programme_not_linked(
    agreement, attending, posts, bureau_x
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    assert not InterviewGuarantee.objects.exists()


def test_cooperation_mode_training_interview_guarantee_reuses_an_open_application(
    linked, attending, posts, bureau_x, veteran
):
    mine = Application.objects.create(post=posts["other"], veteran=veteran, status="viewed")
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    mine.refresh_from_db()
    assert InterviewGuarantee.objects.get().application == mine
    assert mine.status == "interview"
    assert Application.objects.count() == 1


def test_cooperation_mode_training_interview_guarantee_skips_a_post_the_veteran_left(
    linked, attending, posts, bureau_x, veteran
):
    Application.objects.create(post=posts["fit"], veteran=veteran, status="withdrawn")
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    assert InterviewGuarantee.objects.get().application.post == posts["other"]


def test_cooperation_mode_training_interview_guarantee_prefers_the_veterans_regions(
    linked, attending, enterprise_a, bureau_x, veteran
):
    """Between two posts that fit alike, the one in the veteran's preferred region."""
    here = f.JobPostFactory(branch=f.BranchFactory(enterprise=enterprise_a))
    there = f.JobPostFactory(
        branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_Y))
    )
    veteran.preferred_regions.set([f.region(f.PROVINCE_Y)])
    guarantee = InterviewGuarantee(agreement=linked, enrolment=attending, veteran=veteran)
    assert guarantee_post(guarantee) == there
    veteran.preferred_regions.clear()
    assert guarantee_post(guarantee) == here  # the home city (city X)


def test_cooperation_mode_training_interview_guarantee_enterprise_proposes_the_times(
    linked, attending, posts, bureau_x, hr_a, veteran
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    application = InterviewGuarantee.objects.get().application
    interview = interview_propose(
        application=application,
        actor=hr_a,
        slots=[timezone.now() + datetime.timedelta(days=3)],
        mode="on_site",
        place="长安街1号",
        contact_name="王经理",
        contact_phone="13800000000",
    )
    assert interview.application == application
    assert "interview_proposed" in _kinds(veteran.user)


# --- no open post: the guarantee is owed ------------------------------------------------------


def test_cooperation_mode_training_interview_guarantee_owed_without_an_open_post(
    linked, attending, branch_a, bureau_x, hr_a, veteran, ministry
):
    f.JobPostFactory(branch=branch_a, status="closed")
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    guarantee = InterviewGuarantee.objects.get()
    assert (guarantee.status, guarantee.application) == ("owed", None)
    assert not Application.objects.exists()
    assert "interview_guarantee_owed" in _kinds(hr_a)
    assert "interview_guarantee_owed_authority" in _kinds(bureau_x)
    assert "interview_guarantee_owed_veteran" in _kinds(veteran.user)
    assert "interview_guarantee_owed_authority" not in _kinds(ministry)  # not its agreement
    assert AuditEvent.objects.filter(action="interview_guarantee.owed").count() == 1


def test_cooperation_mode_training_interview_guarantee_owed_is_given_on_the_next_post(
    linked, attending, branch_a, bureau_x, veteran
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    assert InterviewGuarantee.objects.get().status == "owed"
    pending = f.JobPostFactory(branch=branch_a, status=JobPost.Status.PENDING, published_at=None)
    job_post_approve(post=pending, reviewer=bureau_x)
    guarantee = InterviewGuarantee.objects.get()
    assert (guarantee.status, guarantee.application.post) == ("given", pending)
    assert guarantee.application.status == "interview"
    # Settling again gives nothing more.
    assert interview_guarantees_settle(enterprise_id=branch_a.enterprise_id, actor=None) == 0
    assert Application.objects.count() == 1


def test_cooperation_mode_training_interview_guarantee_owed_without_the_veterans_consent(
    linked, started, posts, bureau_x
):
    """Sending the record to an employer needs the veteran's consent: without it the
    guarantee is owed, not dropped."""
    veteran = f.VeteranProfileFactory(consented=False)
    enrolment = f.EnrolmentFactory(programme=started, veteran=veteran, status="attending")
    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=TODAY())
    assert InterviewGuarantee.objects.get().status == "owed"
    assert not Application.objects.exists()


def test_cooperation_mode_training_a_failed_completion_gives_no_interview_guarantee(
    linked, attending, posts, bureau_x
):
    with pytest.raises(Exception, match="completion date"):
        enrolment_complete(
            enrolment=attending, recorder=bureau_x, on=TODAY() + datetime.timedelta(days=1)
        )
    assert not InterviewGuarantee.objects.exists()
    assert not Application.objects.exists()
    assert Enrolment.objects.get(pk=attending.pk).status == "attending"


# --- the pages ------------------------------------------------------------------------------------


def test_cooperation_mode_training_link_page_links_a_programme(
    client, agreement, started, bureau_x
):
    client.force_login(bureau_x)
    url = reverse("jobs:agreement_programme_link", args=[agreement.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert started.title in page.content.decode()
    response = client.post(url, {"programme": started.pk})
    assert response.status_code == 302
    assert response.url == reverse("enterprises:agreement_detail", args=[agreement.pk])
    assert TrainingAgreementLink.objects.filter(agreement=agreement, programme=started).exists()


def test_cooperation_mode_training_link_page_says_why_for_another_mode(
    client, enterprise_a, started, bureau_x
):
    agreement = f.AgreementFactory(
        enterprise=enterprise_a, signatory_level="province", region=f.region(f.PROVINCE_X)
    )
    client.force_login(bureau_x)
    url = reverse("jobs:agreement_programme_link", args=[agreement.pk])
    assert "Only a training cooperation agreement" in client.get(url).content.decode()
    page = client.post(url, {"programme": started.pk})
    assert "Only a training cooperation agreement" in page.content.decode()
    assert not TrainingAgreementLink.objects.exists()


def test_cooperation_mode_training_link_page_refuses_the_ministry_a_bureaus_agreement(
    client, agreement, started, ministry
):
    client.force_login(ministry)
    url = reverse("jobs:agreement_programme_link", args=[agreement.pk])
    assert "Only the signatory authority" in client.get(url).content.decode()
    assert (
        "Only the signatory authority"
        in client.post(url, {"programme": started.pk}).content.decode()
    )
    assert not TrainingAgreementLink.objects.exists()


def test_cooperation_mode_training_link_page_hides_another_provinces_agreement(
    client, agreement, started, bureau_y
):
    client.force_login(bureau_y)
    url = reverse("jobs:agreement_programme_link", args=[agreement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"programme": started.pk}).status_code == 404


def test_cooperation_mode_training_unlink_page(client, linked, started, bureau_x):
    client.force_login(bureau_x)
    url = reverse("jobs:agreement_programme_unlink", args=[linked.pk])
    response = client.post(url, {"programme": started.pk}, follow=True)
    assert "The programme is unlinked" in response.content.decode()
    assert not TrainingAgreementLink.objects.exists()
    again = client.post(url, {"programme": started.pk}, follow=True)
    assert "not linked" in again.content.decode()


def test_cooperation_mode_training_agreement_page_lists_programmes_and_guarantees(
    client, linked, started, attending, posts, bureau_x, veteran, django_assert_max_num_queries
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    client.force_login(bureau_x)
    url = reverse("enterprises:agreement_detail", args=[linked.pk])
    client.get(url)  # warm the session's first-page lookups
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert "Linked training programmes" in page
    assert started.title in page
    assert "Interviews given: 1 · owed: 0" in page
    assert veteran.full_name in page and posts["fit"].title in page
    assert reverse("jobs:agreement_programme_link", args=[linked.pk]) in page


def test_cooperation_mode_training_agreement_page_offers_no_link_to_another_role(
    client, linked, ministry
):
    client.force_login(ministry)
    page = client.get(reverse("enterprises:agreement_detail", args=[linked.pk])).content.decode()
    assert "Linked training programmes" in page
    assert reverse("jobs:agreement_programme_link", args=[linked.pk]) not in page


def test_cooperation_mode_training_programme_page_says_the_interview_guarantee(
    client, linked, started, veteran, enterprise_a
):
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:training_programme_detail", args=[started.pk]))
    assert (
        f"Completers are guaranteed an interview at {enterprise_a.name}." in page.content.decode()
    )


def test_cooperation_mode_training_programme_page_no_interview_guarantee_once_over(
    client, linked, started, veteran
):
    Agreement.objects.filter(pk=linked.pk).update(status="expired")
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:training_programme_detail", args=[started.pk]))
    assert "guaranteed an interview" not in page.content.decode()


def test_cooperation_mode_training_web_completion_gives_the_interview_guarantee(
    client, linked, attending, posts, bureau_x
):
    client.force_login(bureau_x)
    client.post(
        reverse("jobs:training_complete", args=[attending.pk]),
        {"completed_on": TODAY().isoformat()},
    )
    assert InterviewGuarantee.objects.get().status == "given"


# --- the API ----------------------------------------------------------------------------------


def test_cooperation_mode_training_api_links_lists_and_unlinks(api, agreement, started, bureau_x):
    client = api(bureau_x)
    link = reverse("api-agreement-programme-link", args=[agreement.pk])
    response = client.post(link, {"programme": started.pk}, format="json")
    assert response.status_code == 201
    assert [row["programme"] for row in response.json()] == [started.pk]
    listed = client.get(reverse("api-agreement-programmes", args=[agreement.pk])).json()
    assert listed[0]["programme_title"] == started.title
    assert (listed[0]["given"], listed[0]["owed"]) == (0, 0)
    unlink = reverse("api-agreement-programme-unlink", args=[agreement.pk])
    assert client.post(unlink, {"programme": started.pk}, format="json").json() == []


def test_cooperation_mode_training_api_refuses_as_the_page(
    api, enterprise_a, agreement, started, bureau_x, ministry, bureau_y
):
    data = {"programme": started.pk}
    link = reverse("api-agreement-programme-link", args=[agreement.pk])
    refused = api(ministry).post(link, data, format="json")
    assert refused.status_code == 403
    assert "Only the signatory authority" in refused.json()["detail"]
    assert api(bureau_y).post(link, data, format="json").status_code == 404
    industry = f.AgreementFactory(
        enterprise=enterprise_a, signatory_level="province", region=f.region(f.PROVINCE_X)
    )
    other = api(bureau_x).post(
        reverse("api-agreement-programme-link", args=[industry.pk]), data, format="json"
    )
    assert other.status_code == 409
    assert "Only a training cooperation agreement" in other.json()["detail"]
    unlink = api(bureau_x).post(
        reverse("api-agreement-programme-unlink", args=[agreement.pk]), data, format="json"
    )
    assert unlink.status_code == 409
    assert not TrainingAgreementLink.objects.exists()


def test_cooperation_mode_training_api_completion_gives_the_interview_guarantee(
    api, linked, attending, posts, institution_staff
):
    response = api(institution_staff).post(
        reverse("api-enrolment-complete", args=[attending.pk]),
        {"completed_on": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 200
    assert InterviewGuarantee.objects.get().application.status == "interview"


def test_cooperation_mode_training_my_training_shows_the_interview_guarantee(
    client, linked, attending, posts, bureau_x, veteran, enterprise_a
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:my_training")).content.decode()
    application = InterviewGuarantee.objects.get().application
    assert f"Your guaranteed interview at {enterprise_a.name}" in page
    assert reverse("jobs:application_detail", args=[application.pk]) in page


def test_cooperation_mode_training_my_training_shows_an_owed_interview_guarantee(
    client, linked, attending, bureau_x, veteran, enterprise_a
):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:my_training")).content.decode()
    assert f"Your guaranteed interview at {enterprise_a.name} will be arranged" in page


@pytest.mark.django_db(transaction=True)
def test_cooperation_mode_training_interview_guarantee_waits_for_an_application_made_meanwhile(
    linked, attending, posts, bureau_x, veteran
):
    """The veteran applies to the chosen post while the completion is being recorded: the
    completion waits on the unique index for their transaction, then holds the interview on
    their application instead of failing."""
    applied, go_on = threading.Event(), threading.Event()

    def apply():
        with transaction.atomic():
            Application.objects.create(post=posts["fit"], veteran=veteran)
            applied.set()
            go_on.wait(timeout=60)
        return "applied"

    def complete():
        applied.wait(timeout=60)
        enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
        return "completed"

    def release_once_completion_waits():
        """Commit the application only when the completion waits for its lock."""
        applied.wait(timeout=60)
        try:
            for _ in range(600):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        return "released"
                time.sleep(0.05)
            return "never waited"
        finally:
            go_on.set()

    results, errors = race([apply, complete, release_once_completion_waits])

    assert [str(e) for e in errors] == []
    assert sorted(results) == ["applied", "completed", "released"]
    guarantee = InterviewGuarantee.objects.get()
    application = Application.objects.get()
    assert (guarantee.status, guarantee.application_id) == ("given", application.pk)
    assert (application.post, application.status) == (posts["fit"], "interview")
