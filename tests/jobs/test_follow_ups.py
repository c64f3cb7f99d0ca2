import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jobs import services
from jobs.models import FollowUp
from portal.workflow import InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, others
from tests.workflow import refused

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def placement(post, veteran):
    return f.PlacementFactory(application__post=post, application__veteran=veteran)


@pytest.fixture
def due_follow_up(placement):
    return f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE)


# --- marking due -------------------------------------------------------------------------


def test_a_follow_up_falls_due_on_its_date(placement):
    follow_up = f.FollowUpFactory(placement=placement, due_on=TODAY)
    assert services.follow_up_mark_due(follow_up=follow_up, today=TODAY) is True
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DUE
    assert actions(follow_up) == ["follow_up.came_due"]


def test_a_follow_up_is_not_due_before_its_date(placement):
    follow_up = f.FollowUpFactory(placement=placement, due_on=TODAY + datetime.timedelta(days=1))
    assert services.follow_up_mark_due(follow_up=follow_up, today=TODAY) is False
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.SCHEDULED


def test_marking_due_twice_marks_each_once_and_reminds_once(
    placement, bureau_x, bureau_y, django_capture_on_commit_callbacks
):
    due = [f.FollowUpFactory(placement=placement, month=m, due_on=TODAY) for m in (1, 3)]
    f.FollowUpFactory(placement=placement, month=6, due_on=TODAY + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.follow_ups_mark_due(today=TODAY) == 2
        assert services.follow_ups_mark_due(today=TODAY) == 0
    assert [actions(fu) for fu in due] == [["follow_up.came_due"]] * 2
    assert [m.to for m in mail.outbox] == [["bureau_x@example.com"]]
    assert "2" in mail.outbox[0].subject


def test_every_bureau_over_the_post_region_is_reminded(
    placement, bureau_x, django_capture_on_commit_callbacks
):
    city_bureau = f.BureauUserFactory(username="bureau_x_city", region=f.region(f.CITY_X))
    f.BureauUserFactory(username="bureau_x_other_city", region=f.region("110200"))
    f.FollowUpFactory(placement=placement, due_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_ups_mark_due(today=TODAY)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bureau_x@example.com",
        f"{city_bureau.username}@example.com",
    ]


def test_the_reminder_counts_every_follow_up_still_due_in_the_region(
    placement, due_follow_up, bureau_x, django_capture_on_commit_callbacks
):
    f.FollowUpFactory(placement=placement, month=3, due_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_ups_mark_due(today=TODAY)
    assert "2" in mail.outbox[0].subject


# --- recording ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["scheduled", "due"])
def test_the_bureau_records_an_outcome(bureau_x, placement, status):
    follow_up = f.FollowUpFactory(placement=placement, status=status)
    services.follow_up_record(
        follow_up=follow_up, recorder=bureau_x, outcome="employed", note="工作稳定"
    )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.outcome, follow_up.note) == ("done", "employed", "工作稳定")
    assert (follow_up.recorded_by, follow_up.recorded_at is not None) == (bureau_x, True)
    assert actions(follow_up) == ["follow_up.recorded"]


def test_leaving_is_recorded_with_a_reason(bureau_x, due_follow_up):
    services.follow_up_record(
        follow_up=due_follow_up, recorder=bureau_x, outcome="left", left_reason="回乡创业"
    )
    due_follow_up.refresh_from_db()
    assert (due_follow_up.outcome, due_follow_up.left_reason) == ("left", "回乡创业")


def test_leaving_without_a_reason_is_refused(bureau_x, due_follow_up):
    with refused(ValidationError, due_follow_up):
        services.follow_up_record(follow_up=due_follow_up, recorder=bureau_x, outcome="left")


def test_an_unknown_outcome_is_refused(bureau_x, due_follow_up):
    with pytest.raises(ValidationError):
        services.follow_up_record(follow_up=due_follow_up, recorder=bureau_x, outcome="retired")


def test_a_recorded_follow_up_is_not_recorded_again(bureau_x, due_follow_up):
    services.follow_up_record(follow_up=due_follow_up, recorder=bureau_x, outcome="employed")
    with pytest.raises(InvalidTransition):
        services.follow_up_record(follow_up=due_follow_up, recorder=bureau_x, outcome="unreachable")
    assert actions(due_follow_up) == ["follow_up.recorded"]


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_a_record_from_anyone_but_the_bureau_of_the_region(persona, due_follow_up):
    with refused(NotAllowed, due_follow_up):
        services.follow_up_record(follow_up=due_follow_up, recorder=persona, outcome="employed")
