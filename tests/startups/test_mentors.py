"""Mentors: a veteran volunteers, another asks, the bureau of the region pairs them (the
portal suggests by industry and city), and either records their sessions."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.models import Notification
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from startups import selectors, services
from startups.models import MentorPair, MentorRequest
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_veteran_volunteers_as_a_mentor_and_changes_the_offer(veteran):
    details = {"industry": f.industry(), "region": f.region(f.CITY_X), "experience": "十年"}
    services.mentor_volunteer(user=veteran.user, capacity=2, **details)
    mentor = services.mentor_volunteer(user=veteran.user, capacity=4, **details)
    assert mentor.capacity == 4 and mentor.profile == veteran


def test_a_mentor_with_no_room_is_refused_at_the_field(veteran):
    with pytest.raises(ValidationError) as refused:
        services.mentor_volunteer(
            user=veteran.user, industry=f.industry(), region=f.region(f.CITY_X), capacity=0,
            experience="十年",
        )  # fmt: skip
    assert "capacity" in refused.value.error_dict


def test_a_veteran_has_one_mentor_request_waiting_at_a_time(veteran):
    details = {"industry": f.industry(), "region": f.region(f.CITY_X), "need": "融资"}
    services.mentor_request_create(user=veteran.user, **details)
    with pytest.raises(Conflict):
        services.mentor_request_create(user=veteran.user, **details)
    assert MentorRequest.objects.count() == 1


def test_the_bureau_pairs_a_mentor_and_both_are_told(
    veteran, bureau_x, django_capture_on_commit_callbacks
):
    mentor = f.MentorFactory()
    asked = f.MentorRequestFactory(veteran=veteran)
    with django_capture_on_commit_callbacks(execute=True):
        pair = services.mentor_pair(request=asked, mentor=mentor, officer=bureau_x)
    asked.refresh_from_db()
    assert asked.status == "paired" and pair.mentor == mentor
    told = set(Notification.objects.filter(kind="mentor_paired").values_list("user", flat=True))
    assert told == {veteran.user_id, mentor.profile.user_id}


def test_the_bureau_of_another_province_does_not_pair_a_mentor(veteran, bureau_y):
    with pytest.raises(NotAllowed):
        services.mentor_pair(
            request=f.MentorRequestFactory(veteran=veteran),
            mentor=f.MentorFactory(),
            officer=bureau_y,
        )
    assert not MentorPair.objects.exists()


def test_a_mentor_without_room_is_not_paired(bureau_x):
    mentor = f.MentorFactory(capacity=1)
    services.mentor_pair(request=f.MentorRequestFactory(), mentor=mentor, officer=bureau_x)
    with pytest.raises(NotAllowed) as refused:
        services.mentor_pair(request=f.MentorRequestFactory(), mentor=mentor, officer=bureau_x)
    assert refused.value.code == "startups.may_pair_mentor.full"


def test_a_veteran_is_not_paired_with_themselves_as_mentor(veteran, bureau_x):
    mentor = f.MentorFactory(profile=veteran)
    with pytest.raises(NotAllowed) as refused:
        services.mentor_pair(
            request=f.MentorRequestFactory(veteran=veteran), mentor=mentor, officer=bureau_x
        )
    assert refused.value.code == "startups.may_pair_mentor.self_paired"


def test_a_mentor_request_is_paired_once(bureau_x):
    asked = f.MentorRequestFactory()
    services.mentor_pair(request=asked, mentor=f.MentorFactory(), officer=bureau_x)
    with pytest.raises(InvalidTransition):
        services.mentor_pair(request=asked, mentor=f.MentorFactory(), officer=bureau_x)


def test_the_portal_suggests_mentors_of_the_same_industry_then_the_same_city(veteran):
    asked = f.MentorRequestFactory(veteran=veteran, industry=f.industry("G"))
    other_city = f.MentorFactory(industry=f.industry("G"), region=f.region("110100"))
    same_city_other_industry = f.MentorFactory(industry=f.industry("I"))
    best = f.MentorFactory(industry=f.industry("G"))
    f.MentorFactory(industry=f.industry("G"), region=f.region(f.CITY_Y))  # another province
    f.MentorFactory(industry=f.industry("G"), active=False)
    suggested = selectors.mentor_suggestions([asked])[asked.pk]
    assert suggested[0] in (best, other_city)
    assert same_city_other_industry in suggested
    assert len(suggested) == 3


def test_a_mentee_records_a_session_and_a_stranger_does_not(veteran, other_veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    services.mentor_session_record(
        pair=pair, user=veteran.user, held_on=datetime.date(2026, 1, 5), note="谈了融资"
    )
    with pytest.raises(NotAllowed):
        services.mentor_session_record(
            pair=pair, user=other_veteran.user, held_on=datetime.date(2026, 1, 6), note="x"
        )
    assert pair.sessions.count() == 1


def test_a_mentor_session_in_the_future_is_refused(veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    with pytest.raises(ValidationError):
        services.mentor_session_record(
            pair=pair,
            user=veteran.user,
            held_on=datetime.date.today() + datetime.timedelta(days=3),
            note="x",
        )


def test_the_mentor_requests_page_costs_the_same_queries_for_2_or_8_requests(
    browse, bureau_x, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.MentorFactory.create_batch(3)
    f.MentorRequestFactory.create_batch(2)
    client = browse(bureau_x)
    client.get("/startups/mentoring/requests/")
    with CaptureQueriesContext(connection) as first:
        page = client.get("/startups/mentoring/requests/")
    assert page.status_code == 200 and "Pair" in page.content.decode()
    f.MentorRequestFactory.create_batch(6)
    with django_assert_max_num_queries(len(first)):
        client.get("/startups/mentoring/requests/")


def test_the_bureau_pairs_from_the_mentor_requests_page(browse, bureau_x):
    mentor, asked = f.MentorFactory(), f.MentorRequestFactory()
    response = browse(bureau_x).post(
        f"/startups/mentoring/requests/{asked.pk}/pair/", {"mentor": mentor.pk}
    )
    assert response.status_code == 302
    assert MentorPair.objects.get().request == asked


def test_the_mentoring_page_shows_a_mentees_pair_and_sessions(browse, veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    browse(veteran.user).post(
        f"/startups/mentoring/pairs/{pair.pk}/session/",
        {"held_on": "2026-01-05", "note": "谈了融资"},
    )
    page = browse(veteran.user).get("/startups/mentoring/").content.decode()
    assert "谈了融资" in page and pair.mentor.profile.full_name in page


def test_a_mentor_request_paired_once_is_refused_on_the_page(browse, bureau_x):
    asked = f.MentorRequestFactory()
    services.mentor_pair(request=asked, mentor=f.MentorFactory(), officer=bureau_x)
    other = f.MentorFactory()
    response = browse(bureau_x).post(
        f"/startups/mentoring/requests/{asked.pk}/pair/", {"mentor": other.pk}, follow=True
    )
    assert "This is not possible any more" in response.content.decode()
    assert MentorPair.objects.count() == 1
