"""Veterans' feedback: asked once after a placement's first follow-up, a completed
training and an event attended; answered or declined once by that veteran alone; counted
per enterprise, institution, event and region for the regulators of the region, and shown
to an enterprise only as an average over enough answers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from dashboards.models import QuarterlyReport
from dashboards.quarters import Quarter
from dashboards.services import quarterly_report_compute
from jobs import services
from jobs.feedback import selectors
from jobs.feedback.services import feedback_answer, feedback_decline
from jobs.models import EventRegistration, Feedback, FollowUp
from jobs.training.services import enrolment_complete
from portal.accounts.models import AuditEvent, Notification
from portal.workflow import InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions
from tests.workflow import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(post, veteran):
    return f.PlacementFactory(application__post=post, application__veteran=veteran)


def record(follow_up, bureau_x):
    return services.follow_up_record(follow_up=follow_up, recorder=bureau_x, outcome="employed")


# --- asked once, after the moment it follows ----------------------------------------------------


def test_feedback_is_asked_after_the_first_follow_up_of_a_placement(
    placement, veteran, bureau_x, django_capture_on_commit_callbacks
):
    first = f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE)
    with django_capture_on_commit_callbacks(execute=True):
        record(first, bureau_x)
    feedback = Feedback.objects.get()
    assert (feedback.veteran, feedback.subject, feedback.enterprise) == (
        veteran, "placement", placement.post.branch.enterprise
    )  # fmt: skip
    assert feedback.region_id == placement.post.region_id
    assert actions(feedback) == ["feedback.asked"]
    entry = Notification.objects.get(user=veteran.user, kind="feedback_requested")
    assert entry.link == f"/jobs/feedback/{feedback.pk}/"
    assert [m.to for m in mail.outbox] == [[veteran.user.email]]


def test_feedback_is_not_asked_again_after_the_later_follow_ups(placement, bureau_x):
    for month in (1, 3):
        record(f.FollowUpFactory(placement=placement, month=month, status="due"), bureau_x)
    assert Feedback.objects.count() == 1


def test_feedback_is_asked_after_a_training_is_completed(enrolment, bureau_x):
    enrolment.programme.__class__.objects.filter(pk=enrolment.programme_id).update(
        starts_on=timezone.localdate()
    )
    enrolment.status = "attending"
    enrolment.save()
    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=timezone.localdate())
    feedback = Feedback.objects.get()
    assert (feedback.subject, feedback.enrolment, feedback.institution) == (
        "training", enrolment, enrolment.programme.institution
    )  # fmt: skip


def test_feedback_is_asked_after_attendance_at_an_event_once(veteran, bureau_x):
    event = f.RecruitmentEventFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    registration = EventRegistration.objects.create(event=event, veteran=veteran)
    services.event_attendance_record(registration=registration, recorder=bureau_x)
    services.event_attendance_record(registration=registration, recorder=bureau_x)
    feedback = Feedback.objects.get()
    assert (feedback.subject, feedback.event, feedback.region_id) == ("event", event, "110100")


def test_feedback_is_not_asked_of_who_did_not_attend(veteran, bureau_x):
    event = f.RecruitmentEventFactory(starts_at=timezone.now() - datetime.timedelta(hours=5))
    registration = EventRegistration.objects.create(event=event, veteran=veteran)
    services.event_attendance_record(registration=registration, recorder=bureau_x, attended=False)
    assert Feedback.objects.count() == 0


def test_feedback_database_refuses_a_second_question_for_one_placement(placement):
    f.FeedbackFactory(placement=placement)
    with pytest.raises(IntegrityError):
        f.FeedbackFactory(placement=placement)


# --- answered once, by that veteran ------------------------------------------------------------


@pytest.fixture
def asked(placement):
    return f.FeedbackFactory(placement=placement)


def test_feedback_answer_is_recorded_once(asked, veteran):
    feedback_answer(
        feedback=asked, veteran_user=veteran.user, score_1=4, score_2="5", comment=" 很好 "
    )
    asked.refresh_from_db()
    assert (asked.status, asked.score_1, asked.score_2, asked.comment) == ("answered", 4, 5, "很好")
    assert actions(asked) == ["feedback.answered"]
    with refused(InvalidTransition, asked):
        feedback_answer(feedback=asked, veteran_user=veteran.user, score_1=1, score_2=1)


def test_feedback_audit_trail_holds_no_ratings(asked, veteran):
    feedback_answer(feedback=asked, veteran_user=veteran.user, score_1=2, score_2=3, comment="x")
    event = AuditEvent.objects.for_object(asked).get()
    assert (event.note, event.data) == ("", {})


@pytest.mark.parametrize(
    "persona", ["other_veteran", "hr_a", "bureau_x", "ministry"], indirect=True
)
def test_feedback_is_answered_by_no_one_else(asked, persona):
    with refused(NotAllowed, asked):
        feedback_answer(feedback=asked, veteran_user=persona, score_1=5, score_2=5)


@pytest.mark.parametrize(("one", "two"), [(0, 3), (6, 3), (3, None), ("", 2), ("x", 2)])
def test_feedback_refuses_ratings_outside_one_to_five(asked, veteran, one, two):
    with pytest.raises(ValidationError):
        feedback_answer(feedback=asked, veteran_user=veteran.user, score_1=one, score_2=two)
    asked.refresh_from_db()
    assert asked.status == "asked"


def test_feedback_declined_is_not_asked_again(asked, veteran):
    feedback_decline(feedback=asked, veteran_user=veteran.user)
    asked.refresh_from_db()
    assert asked.status == "declined"
    with refused(InvalidTransition, asked):
        feedback_answer(feedback=asked, veteran_user=veteran.user, score_1=5, score_2=5)


def test_feedback_decline_by_another_veteran_is_refused(asked, other_veteran):
    with refused(NotAllowed, asked):
        feedback_decline(feedback=asked, veteran_user=other_veteran.user)


# --- aggregates ----------------------------------------------------------------------------------


def test_feedback_aggregates_per_enterprise_for_the_regulators_of_its_region(
    post, bureau_x, bureau_y, ministry
):
    for one, two in ((4, 5), (2, 3)):
        f.answered_feedback(placement__application__post=post, score_1=one, score_2=two)
    [row] = selectors.aggregates(selectors.answered_feedback_visible_to(bureau_x), "enterprise")
    assert (row["name"], row["answers"], row["score_1"], row["score_2"]) == (
        "甲企业集团有限公司", 2, 3.0, 4.0
    )  # fmt: skip
    assert selectors.aggregates(selectors.answered_feedback_visible_to(ministry), "region")
    assert (
        selectors.aggregates(selectors.answered_feedback_visible_to(bureau_y), "enterprise") == []
    )


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_feedback_aggregates_are_nothing_to_veterans_and_enterprises(post, persona):
    f.answered_feedback(placement__application__post=post)
    assert not selectors.answered_feedback_visible_to(persona).exists()


def test_feedback_per_institution_and_event(bureau_x):
    enrolment = f.EnrolmentFactory(status="completed", completed_on=timezone.localdate())
    institution = enrolment.programme.institution
    Feedback.objects.create(
        veteran=enrolment.veteran, subject="training", enrolment=enrolment,
        institution=institution, region=institution.region, status="answered",
        score_1=5, score_2=4, answered_at=timezone.now(),
    )  # fmt: skip
    event = f.RecruitmentEventFactory()
    Feedback.objects.create(
        veteran=enrolment.veteran, subject="event", event=event, region=event.region,
        status="answered", score_1=3, score_2=2, answered_at=timezone.now(),
    )  # fmt: skip
    answered = selectors.answered_feedback_visible_to(bureau_x)
    assert [r["name"] for r in selectors.aggregates(answered, "institution")] == [institution.name]
    assert [r["score_1"] for r in selectors.aggregates(answered, "event")] == [3.0]


def test_feedback_enterprise_sees_averages_only_over_the_minimum(post, settings):
    settings.FEEDBACK_MIN_ANSWERS = 3
    enterprise_id = post.branch.enterprise_id
    for _ in range(2):
        f.answered_feedback(placement__application__post=post, score_1=4, score_2=2)
    summary = selectors.enterprise_feedback(enterprise_id)
    assert (summary.answers, summary.shown, summary.score_1) == (2, False, None)
    f.answered_feedback(placement__application__post=post, score_1=1, score_2=2)
    summary = selectors.enterprise_feedback(enterprise_id)
    assert (summary.answers, summary.shown, summary.score_1, summary.score_2) == (3, True, 3.0, 2.0)


def test_feedback_comments_carry_no_name(post, bureau_x):
    f.answered_feedback(placement__application__post=post, comment="工资按时发放")
    [comment] = selectors.recent_comments(selectors.answered_feedback_visible_to(bureau_x))
    assert set(comment) == {"subject", "about", "month", "comment"}
    assert comment["comment"] == "工资按时发放"


def test_feedback_goes_into_the_stored_quarterly_report_not_a_live_count(post):
    f.answered_feedback(placement__application__post=post, score_1=5, score_2=3)
    quarter = Quarter.current()
    quarterly_report_compute(quarter=quarter)
    stored = QuarterlyReport.objects.get(
        region_id=f.PROVINCE_X, year=quarter.year, quarter=quarter.number
    )
    assert stored.figures["feedback"]["subjects"]["placement"]["answers"] == 1
    assert stored.figures["feedback"]["enterprises"][0]["score_1"] == 5.0
    # An answer given after the report was computed waits for the next computation.
    f.answered_feedback(placement__application__post=post, score_1=1, score_2=1)
    stored.refresh_from_db()
    assert stored.figures["feedback"]["answers"] == 1
