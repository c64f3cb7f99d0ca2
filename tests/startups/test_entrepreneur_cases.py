"""The bureau's case record of an entrepreneur: opened from the start-up by the bureau of
the founder's home region, with consultations, training, loan and subsidy applications and
their outcome, incubation, and follow-ups due at 6 and 12 months."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.accounts.models import AuditEvent, Notification
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from startups import cases, selectors, tasks
from startups.models import CaseFollowUp, EntrepreneurCase, SupportApplication
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def startup(veteran):
    return f.StartUpFactory(founder=veteran)


@pytest.fixture
def case(startup, bureau_x):
    return cases.case_open(startup=startup, officer=bureau_x)


def test_the_entrepreneur_case_is_opened_with_follow_ups_at_6_and_12_months(case, veteran):
    today = timezone.localdate()
    assert case.veteran == veteran and case.region_id == veteran.home_region_id
    due = {fu.month: fu.due_on for fu in case.follow_ups.all()}
    assert due == {6: today + relativedelta(months=6), 12: today + relativedelta(months=12)}
    assert AuditEvent.objects.filter(action="entrepreneur_case.opened").count() == 1


def test_an_entrepreneur_has_one_case_record(case, startup, bureau_x):
    with pytest.raises(Conflict):
        cases.case_open(startup=startup, officer=bureau_x)
    assert EntrepreneurCase.objects.count() == 1


def test_the_bureau_of_another_province_does_not_open_an_entrepreneur_case(startup, bureau_y):
    with pytest.raises(NotAllowed):
        cases.case_open(startup=startup, officer=bureau_y)
    assert not EntrepreneurCase.objects.exists()


def test_the_ministry_does_not_keep_entrepreneur_cases(startup, case, ministry):
    with pytest.raises(NotAllowed):
        cases.case_contact_record(
            case=case, officer=ministry, kind="consultation", held_on=TODAY, topic="融资"
        )
    assert not case.contacts.exists()


def test_the_bureau_records_an_entrepreneur_consultation(case, bureau_x):
    cases.case_contact_record(
        case=case, officer=bureau_x, kind="consultation", held_on=TODAY, topic="创业担保贷款"
    )
    assert case.contacts.get().topic == "创业担保贷款"


def test_an_entrepreneur_consultation_in_the_future_is_refused(case, bureau_x):
    with pytest.raises(ValidationError) as refused:
        cases.case_contact_record(
            case=case,
            officer=bureau_x,
            kind="training",
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            topic="财务",
        )
    assert "held_on" in refused.value.error_dict and not case.contacts.exists()


def test_another_province_does_not_record_in_an_entrepreneur_case(case, bureau_y):
    with pytest.raises(NotAllowed):
        cases.case_contact_record(
            case=case, officer=bureau_y, kind="consultation", held_on=TODAY, topic="融资"
        )


def _apply(case, officer, **more):
    details = {"policy": f.SupportPolicyFactory(), "applied_on": TODAY, "amount_applied": 300_000}
    return cases.support_application_record(case=case, officer=officer, **(details | more))


def test_an_entrepreneur_loan_application_is_granted_with_its_amount(case, bureau_x):
    application = _apply(case, bureau_x)
    cases.support_application_decide(
        application=application,
        officer=bureau_x,
        outcome="granted",
        decided_on=TODAY,
        amount_granted=250_000,
    )
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("granted", 250_000)


def test_an_entrepreneur_grant_needs_its_amount(case, bureau_x):
    application = _apply(case, bureau_x)
    with pytest.raises(ValidationError):
        cases.support_application_decide(
            application=application, officer=bureau_x, outcome="granted", decided_on=TODAY
        )
    application.refresh_from_db()
    assert application.status == "applied"


def test_an_entrepreneur_application_is_decided_once(case, bureau_x):
    application = _apply(case, bureau_x)
    cases.support_application_decide(
        application=application, officer=bureau_x, outcome="refused", decided_on=TODAY
    )
    with pytest.raises(InvalidTransition):
        cases.support_application_decide(
            application=application,
            officer=bureau_x,
            outcome="granted",
            decided_on=TODAY,
            amount_granted=1,
        )
    application.refresh_from_db()
    assert application.status == "refused" and application.amount_granted is None


def test_an_entrepreneur_answer_before_the_application_is_refused(case, bureau_x):
    application = _apply(case, bureau_x)
    with pytest.raises(ValidationError):
        cases.support_application_decide(
            application=application,
            officer=bureau_x,
            outcome="refused",
            decided_on=TODAY - datetime.timedelta(days=1),
        )


def test_an_entrepreneur_application_is_for_a_loan_or_subsidy_only(case, bureau_x):
    with pytest.raises(ValidationError) as refused:
        _apply(case, bureau_x, policy=f.SupportPolicyFactory(kind="tax"))
    assert "policy" in refused.value.error_dict
    assert not SupportApplication.objects.exists()


def test_an_entrepreneur_application_under_a_retired_policy_is_refused(case, bureau_x):
    with pytest.raises(ValidationError):
        _apply(case, bureau_x, policy=f.SupportPolicyFactory(retired_at=timezone.now()))


def test_an_entrepreneur_incubation_is_recorded_and_ended(case, bureau_x):
    base = f.SupportBaseFactory()
    incubation = cases.incubation_record(
        case=case, officer=bureau_x, base=base, started_on=TODAY - datetime.timedelta(days=90)
    )
    cases.incubation_end(incubation=incubation, officer=bureau_x, ended_on=TODAY)
    incubation.refresh_from_db()
    assert incubation.ended_on == TODAY
    with pytest.raises(Conflict):
        cases.incubation_end(incubation=incubation, officer=bureau_x, ended_on=TODAY)


def test_an_entrepreneur_incubation_cannot_end_before_it_began(case, bureau_x):
    with pytest.raises(ValidationError):
        cases.incubation_record(
            case=case,
            officer=bureau_x,
            base=f.SupportBaseFactory(),
            started_on=TODAY,
            ended_on=TODAY - datetime.timedelta(days=1),
        )
    assert not case.incubations.exists()


# --- follow-ups ----------------------------------------------------------------------------


def test_entrepreneur_follow_ups_come_due_on_their_day_and_bureaus_are_reminded_once(
    case, bureau_x, bureau_y, django_capture_on_commit_callbacks
):
    six = case.follow_ups.get(month=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert cases.case_follow_ups_mark_due(today=six.due_on - datetime.timedelta(days=1)) == 0
        assert cases.case_follow_ups_mark_due(today=six.due_on) == 1
        assert cases.case_follow_ups_mark_due(today=six.due_on) == 0
    reminded = Notification.objects.filter(kind="entrepreneur_follow_ups_due")
    assert list(reminded.values_list("user", flat=True)) == [bureau_x.pk]
    assert list(selectors.case_follow_ups_due_for(bureau_x)) == [six]
    assert not selectors.case_follow_ups_due_for(bureau_y).exists()


def test_the_daily_entrepreneur_task_marks_follow_ups_due(case):
    CaseFollowUp.objects.filter(month=6).update(due_on=timezone.localdate())
    assert tasks.mark_case_follow_ups_due.delay().get() == 1
    assert tasks.mark_case_follow_ups_due.delay().get() == 0


def test_an_entrepreneur_follow_up_records_where_the_business_stands(case, bureau_x):
    follow_up = case.follow_ups.get(month=6)
    cases.case_follow_up_record(
        follow_up=follow_up, officer=bureau_x, outcome="trading", employees=12
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.outcome, follow_up.employees) == ("done", "trading", 12)


def test_an_entrepreneur_follow_up_of_a_trading_business_needs_its_head_count(case, bureau_x):
    follow_up = case.follow_ups.get(month=6)
    with pytest.raises(ValidationError):
        cases.case_follow_up_record(follow_up=follow_up, officer=bureau_x, outcome="trading")
    follow_up.refresh_from_db()
    assert follow_up.status == "scheduled"


def test_another_province_does_not_record_an_entrepreneur_follow_up(case, bureau_y):
    with pytest.raises(NotAllowed):
        cases.case_follow_up_record(
            follow_up=case.follow_ups.get(month=6), officer=bureau_y, outcome="closed"
        )


def test_an_entrepreneur_application_under_another_regions_policy_is_refused(case, bureau_x):
    with pytest.raises(ValidationError) as refused:
        _apply(case, bureau_x, policy=f.SupportPolicyFactory(region=f.region(f.PROVINCE_Y)))
    assert "policy" in refused.value.error_dict and not SupportApplication.objects.exists()


def test_an_entrepreneur_incubation_at_a_base_of_another_province_is_refused(case, bureau_x):
    with pytest.raises(ValidationError):
        cases.incubation_record(
            case=case,
            officer=bureau_x,
            base=f.SupportBaseFactory(region=f.region(f.CITY_Y)),
            started_on=TODAY,
        )
    assert not case.incubations.exists()
