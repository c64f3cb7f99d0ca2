"""The reads behind the quarterly communication's pages and API (dashboards/selectors.py):
each takes the user and keeps to what the user's role and organisation may open.

The rows are made directly (the notices and follow-ups as quarterly_notices_send would
leave them), so each test reads one selector against one role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from dashboards import selectors
from dashboards.models import ActionItem, PledgeFollowUp, QuarterlyMeeting, QuarterlyNotice
from tests import factories as f

pytestmark = pytest.mark.django_db
Audience = QuarterlyNotice.Audience
TODAY = timezone.localdate


def _behind(enterprise, quarter: int = 2) -> tuple[QuarterlyNotice, PledgeFollowUp]:
    """An enterprise's notice behind its pledge and the follow-up of the bureau over its
    headquarters."""
    notice = QuarterlyNotice.objects.create(
        year=2026,
        quarter=quarter,
        audience=Audience.ENTERPRISE,
        enterprise=enterprise,
        behind=True,
    )
    follow_up = PledgeFollowUp.objects.create(
        notice=notice,
        enterprise=enterprise,
        region=enterprise.hq_region,
        due_on=TODAY() + datetime.timedelta(days=30),
    )
    return notice, follow_up


@pytest.fixture
def notices(enterprise_a, enterprise_b):
    notice_a, follow_up_a = _behind(enterprise_a)
    notice_b, follow_up_b = _behind(enterprise_b)
    bureau = QuarterlyNotice.objects.create(
        year=2026, quarter=2, audience=Audience.BUREAU, region=f.region(f.PROVINCE_X)
    )
    ministry = QuarterlyNotice.objects.create(year=2026, quarter=2, audience=Audience.MINISTRY)
    return {
        "a": notice_a,
        "b": notice_b,
        "follow_up_a": follow_up_a,
        "follow_up_b": follow_up_b,
        "bureau_x": bureau,
        "ministry": ministry,
    }


# --- the follow-up shown on a notice's page --------------------------------------------------


def test_notice_follow_up_of_gives_an_enterprise_the_follow_up_of_its_own_notice(notices, hr_a):
    assert selectors.notice_follow_up_of(hr_a, notices["a"]) == notices["follow_up_a"]


def test_notice_follow_up_of_gives_another_enterprise_nothing(notices, hr_b):
    assert selectors.notice_follow_up_of(hr_b, notices["a"]) is None


def test_notice_follow_up_of_gives_a_bureau_nothing_through_an_enterprises_notice(
    notices, bureau_x
):
    """The follow-up is in bureau X's queue, but the notice is not addressed to it."""
    assert notices["follow_up_a"] in selectors.pledge_follow_ups_for(bureau_x)
    assert selectors.notice_follow_up_of(bureau_x, notices["a"]) is None
    assert selectors.notice_follow_up_of(bureau_x, notices["bureau_x"]) is None


@pytest.mark.parametrize("name", ["ministry", "veteran"])
def test_notice_follow_up_of_gives_the_ministry_and_veterans_nothing(notices, request, name):
    persona = request.getfixturevalue(name)
    user = getattr(persona, "user", persona)
    assert selectors.notice_follow_up_of(user, notices["a"]) is None


def test_notice_follow_up_of_gives_the_anonymous_nothing(notices):
    assert selectors.notice_follow_up_of(AnonymousUser(), notices["a"]) is None


# --- the bureau's queue and its status filter -------------------------------------------------


def test_pledge_follow_ups_for_keeps_a_bureau_to_its_region_subtree(notices, bureau_x, bureau_y):
    assert list(selectors.pledge_follow_ups_for(bureau_x)) == [notices["follow_up_a"]]
    assert list(selectors.pledge_follow_ups_for(bureau_y)) == [notices["follow_up_b"]]


def test_pledge_follow_ups_for_gives_a_district_bureau_nothing_headquartered_above_it(
    notices, bureau_district
):
    """Enterprise A is headquartered at city level: a district of the city is below it."""
    assert not selectors.pledge_follow_ups_for(bureau_district).exists()


@pytest.mark.parametrize("name", ["hr_a", "ministry", "veteran"])
def test_pledge_follow_ups_for_gives_anyone_but_a_bureau_nothing(notices, request, name):
    persona = request.getfixturevalue(name)
    user = getattr(persona, "user", persona)
    assert not selectors.pledge_follow_ups_for(user, status="open").exists()


def test_pledge_follow_ups_for_keeps_the_status_asked_for(notices, bureau_x, enterprise_a):
    later, _ = _behind(enterprise_a, quarter=1)  # another quarter's task of the same enterprise
    PledgeFollowUp.objects.filter(notice=later).update(status=PledgeFollowUp.Status.CLOSED)
    closed = PledgeFollowUp.objects.get(notice=later)

    assert list(selectors.pledge_follow_ups_for(bureau_x, status="open")) == [
        notices["follow_up_a"]
    ]
    assert list(selectors.pledge_follow_ups_for(bureau_x, status="closed")) == [closed]


@pytest.mark.parametrize("status", [None, "", "everything"])
def test_pledge_follow_ups_for_keeps_every_status_for_any_other_value(
    notices, bureau_x, enterprise_a, status
):
    later, _ = _behind(enterprise_a, quarter=1)
    PledgeFollowUp.objects.filter(notice=later).update(status=PledgeFollowUp.Status.CLOSED)

    assert selectors.pledge_follow_ups_for(bureau_x, status=status).count() == 2


# --- a meeting's page: its participants and action items --------------------------------------


@pytest.fixture
def meeting(ministry, hr_a, bureau_x):
    """Recorded by the ministry (not a participant), with an item for each participant."""
    meeting = QuarterlyMeeting.objects.create(
        held_on=TODAY(), title="季度座谈会", minutes="纪要", recorded_by=ministry
    )
    meeting.participants.set([hr_a, bureau_x])
    soon, later = TODAY() + datetime.timedelta(days=7), TODAY() + datetime.timedelta(days=30)
    ActionItem.objects.create(meeting=meeting, text="报送整改计划", owner=hr_a, due_on=later)
    ActionItem.objects.create(meeting=meeting, text="上门核实", owner=bureau_x, due_on=soon)
    return meeting


@pytest.mark.parametrize("name", ["hr_a", "bureau_x", "ministry"])
def test_meeting_pages_of_gives_each_participant_and_the_recorder_every_participant_and_item(
    meeting, request, name, hr_a, bureau_x
):
    shown = selectors.meeting_pages_of(request.getfixturevalue(name)).get(pk=meeting.pk)

    # By role (bureau before enterprise); every item, whoever owns it, the soonest first.
    assert list(shown.participants.all()) == [bureau_x, hr_a]
    assert [item.owner for item in shown.action_items.all()] == [bureau_x, hr_a]


@pytest.mark.parametrize("name", ["hr_b", "bureau_y"])
def test_meeting_pages_of_gives_staff_who_were_not_there_nothing(meeting, request, name):
    assert not selectors.meeting_pages_of(request.getfixturevalue(name)).exists()


def test_meeting_pages_of_gives_a_veteran_nothing_even_if_named(meeting, veteran):
    meeting.participants.add(veteran.user)

    assert not selectors.meeting_pages_of(veteran.user).exists()


def test_meeting_pages_of_gives_the_anonymous_nothing(meeting):
    assert not selectors.meeting_pages_of(AnonymousUser()).exists()
