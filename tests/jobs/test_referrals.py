"""The bureau's referrals: who may be referred, by whom, to what; the enterprise's answer;
the overdue referrals that come back to the officer; working days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Application, JobPost, Referral, add_working_days
from jobs.referrals import selectors, services
from portal.accounts.models import AuditEvent, Notification
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from veterans.models import Consent, VeteranProfile
from veterans.services import consent_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def referable(veteran):
    f.referral_consent(veteran)
    return veteran


@pytest.fixture
def post_a(branch_a):
    return f.JobPostFactory(branch=branch_a)


def _refer(bureau, veteran, post, note="退役前任班长，组织能力强。"):
    return services.referral_make(officer=bureau, veteran=veteran, post=post, note=note)


def test_referral_working_days_skip_the_weekend():
    friday = datetime.date(2026, 12, 4)

    assert add_working_days(friday, 1) == datetime.date(2026, 12, 7)
    assert add_working_days(friday, 5) == datetime.date(2026, 12, 11)


def test_referral_candidates_are_the_consenting_job_seekers_of_the_region(
    bureau_x, bureau_y, referable, other_veteran
):
    employed = f.VeteranProfileFactory(seeking_status=VeteranProfile.SeekingStatus.EMPLOYED)
    f.referral_consent(employed)

    assert list(selectors.referral_candidates_for(bureau_x)) == [referable]
    assert list(selectors.referral_candidates_for(bureau_y)) == []


def test_referral_consent_withdrawn_leaves_the_bureau_list_at_once(bureau_x, referable):
    consent_withdraw(user=referable.user, purpose=Consent.Purpose.REFERRAL)

    assert list(selectors.referral_candidates_for(bureau_x)) == []


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_referral_candidates_are_for_bureaus_only(persona, referable):
    assert list(selectors.referral_candidates_for(persona)) == []


def test_referral_candidates_filter_by_hard_to_place_and_discharge_year(bureau_x, referable):
    recent = f.VeteranProfileFactory(discharge_date=datetime.date.today())
    f.referral_consent(recent)
    candidates = selectors.referral_candidates_for(bureau_x)

    hard = selectors.filter_candidates(candidates, hard_to_place=True)
    this_year = selectors.filter_candidates(candidates, discharge_year=datetime.date.today().year)

    assert list(hard) == [referable] and list(this_year) == [recent]
    assert selectors.is_hard_to_place(referable) and not selectors.is_hard_to_place(recent)


def test_referral_candidates_filter_by_skill_and_specialty(bureau_x, referable):
    skill = f.SkillFactory(code="forklift")
    referable.skill_links.create(skill=skill)
    other = f.VeteranProfileFactory()
    f.referral_consent(other)
    candidates = selectors.referral_candidates_for(bureau_x)

    assert list(selectors.filter_candidates(candidates, skill=skill)) == [referable]
    assert list(selectors.filter_candidates(candidates, months_searching_min=1000)) == []


def test_referral_made_asks_the_enterprise_to_answer_in_working_days(
    bureau_x, referable, post_a, hr_a, settings
):
    settings.REFERRAL_ANSWER_WORKING_DAYS = 3

    referral = _refer(bureau_x, referable, post_a)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPEN
    assert referral.answer_due_on == add_working_days(timezone.localdate(referral.created_at), 3)
    assert referral.bureau_region == bureau_x.region
    assert AuditEvent.objects.filter(action="referral.made").count() == 1
    notice = Notification.objects.get(user=hr_a, kind="referral_received")
    assert referable.full_name not in notice.body  # masked for the enterprise


def test_referral_refused_without_the_veterans_consent(bureau_x, veteran, post_a):
    with pytest.raises(Conflict) as refused:
        _refer(bureau_x, veteran, post_a)

    assert refused.value.code == "referrals.may_be_referred.no_consent"
    assert not Referral.objects.exists()


def test_referral_refused_to_a_foreign_post(bureau_y, referable, post_a):
    with pytest.raises(NotAllowed) as refused:
        _refer(bureau_y, referable, post_a)

    assert refused.value.code == "referrals.may_refer.outside"


def test_referral_refused_by_an_enterprise_or_the_ministry(hr_a, ministry, referable, post_a):
    for actor in (hr_a, ministry):
        with pytest.raises(NotAllowed):
            _refer(actor, referable, post_a)
    assert not Referral.objects.exists()


def test_referral_refused_twice_for_one_post(bureau_x, referable, post_a):
    _refer(bureau_x, referable, post_a)

    with pytest.raises(Conflict) as refused:
        _refer(bureau_x, referable, post_a)

    assert refused.value.code == "referrals.may_be_referred.already_referred"


def test_referral_refused_to_a_closed_post_or_one_applied_to(bureau_x, referable, branch_a):
    closed = f.JobPostFactory(branch=branch_a, status=JobPost.Status.CLOSED)
    applied = f.JobPostFactory(branch=branch_a)
    f.ApplicationFactory(post=applied, veteran=referable)

    with pytest.raises(Conflict, match="") as closed_refusal:
        _refer(bureau_x, referable, closed)
    with pytest.raises(Conflict) as applied_refusal:
        _refer(bureau_x, referable, applied)

    assert closed_refusal.value.code == "referrals.may_be_referred.post_closed"
    assert applied_refusal.value.code == "referrals.may_be_referred.already_applied"


def test_referral_taken_up_creates_the_application_and_tells_the_veteran(
    bureau_x, referable, post_a, hr_a
):
    referral = _refer(bureau_x, referable, post_a)

    services.referral_take_up(referral=referral, actor=hr_a)

    referral.refresh_from_db()
    application = Application.objects.get(post=post_a, veteran=referable)
    assert referral.status == Referral.Status.TAKEN_UP and referral.application == application
    assert Notification.objects.filter(user=referable.user, kind="referral_taken_up").exists()
    assert Notification.objects.filter(user=bureau_x, kind="referral_answered").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"referral.taken_up", "application.submitted"} <= actions


def test_referral_taken_up_application_may_be_withdrawn_by_the_veteran(
    bureau_x, referable, post_a, hr_a
):
    from jobs.services import application_withdraw

    referral = services.referral_take_up(referral=_refer(bureau_x, referable, post_a), actor=hr_a)

    application_withdraw(application=referral.application, veteran=referable)

    assert Application.objects.get().status == Application.Status.WITHDRAWN


def test_referral_take_up_refused_to_another_enterprise(bureau_x, referable, post_a, hr_b):
    referral = _refer(bureau_x, referable, post_a)

    with pytest.raises(NotAllowed):
        services.referral_take_up(referral=referral, actor=hr_b)

    assert not Application.objects.exists()


def test_referral_take_up_refused_once_the_veteran_withdrew_consent(
    bureau_x, referable, post_a, hr_a
):
    referral = _refer(bureau_x, referable, post_a)
    consent_withdraw(user=referable.user, purpose=Consent.Purpose.REFERRAL)

    with pytest.raises(Conflict) as refused:
        services.referral_take_up(referral=referral, actor=hr_a)

    assert refused.value.code == "referrals.may_be_referred.no_consent"
    assert not Application.objects.exists()


def test_referral_declined_needs_a_reason_and_tells_the_officer(bureau_x, referable, post_a, hr_a):
    referral = _refer(bureau_x, referable, post_a)

    with pytest.raises(ValidationError):
        services.referral_decline(referral=referral, actor=hr_a, reason="  ")
    services.referral_decline(referral=referral, actor=hr_a, reason="岗位要求驾驶证")

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "岗位要求驾驶证")
    assert Notification.objects.filter(user=bureau_x, kind="referral_answered").exists()


def test_referral_answered_once_only(bureau_x, referable, post_a, hr_a):
    referral = _refer(bureau_x, referable, post_a)
    services.referral_decline(referral=referral, actor=hr_a, reason="不合适")

    with pytest.raises(InvalidTransition):
        services.referral_take_up(referral=referral, actor=hr_a)


def test_referral_overdue_comes_back_to_the_officer_once(bureau_x, referable, post_a):
    referral = _refer(bureau_x, referable, post_a)
    later = referral.answer_due_on + datetime.timedelta(days=1)

    first = services.referrals_mark_overdue(today=later)
    second = services.referrals_mark_overdue(today=later)

    referral.refresh_from_db()
    assert (first, second, referral.status) == (1, 0, Referral.Status.OVERDUE)
    assert Notification.objects.filter(user=bureau_x, kind="referrals_overdue").count() == 1


def test_referral_not_overdue_on_its_due_date(bureau_x, referable, post_a):
    referral = _refer(bureau_x, referable, post_a)

    assert services.referrals_mark_overdue(today=referral.answer_due_on) == 0


def test_referral_overdue_may_still_be_taken_up(bureau_x, referable, post_a, hr_a):
    referral = _refer(bureau_x, referable, post_a)
    services.referrals_mark_overdue(today=referral.answer_due_on + datetime.timedelta(days=1))

    services.referral_take_up(referral=referral, actor=hr_a)

    assert Referral.objects.get().status == Referral.Status.TAKEN_UP


def test_referrals_visible_by_scope(bureau_x, bureau_y, hr_a, hr_b, ministry, veteran, referable):
    referral = f.ReferralFactory(
        veteran=referable,
        post=f.JobPostFactory(
            branch=f.BranchFactory(
                enterprise=hr_a.enterprise_membership.enterprise, region=f.region(f.CITY_X)
            )
        ),
    )

    seen = {
        name: list(selectors.referrals_visible_to(user))
        for name, user in [
            ("x", bureau_x),
            ("y", bureau_y),
            ("a", hr_a),
            ("b", hr_b),
            ("m", ministry),
            ("v", veteran.user),
        ]
    }

    assert seen == {
        "x": [referral],
        "y": [],
        "a": [referral],
        "b": [],
        "m": [referral],
        "v": [referral],
    }
