"""The mentoring API: a veteran asks for a mentor, sees the pairs they are in and records
sessions; the bureau reads its region's waiting requests with suggestions and pairs them.
The same services and selectors as the pages, so the same refusals."""

import pytest

from startups import services
from startups.models import MentorPair, MentorRequest, MentorSession
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_veteran_asks_for_a_mentor_through_the_api(api, veteran):
    body = {"industry": f.industry().pk, "region": f.CITY_X, "need": "想了解创业担保贷款"}
    answer = api(veteran).post("/api/v1/me/mentoring/requests/", body, format="json")
    assert answer.status_code == 201 and answer.json()["status"] == "open"
    assert MentorRequest.objects.get().veteran == veteran


def test_a_second_mentor_request_waiting_is_refused_by_the_api(api, veteran):
    f.MentorRequestFactory(veteran=veteran)
    body = {"industry": f.industry().pk, "region": f.CITY_X, "need": "融资"}
    answer = api(veteran).post("/api/v1/me/mentoring/requests/", body, format="json")
    assert answer.status_code == 409 and MentorRequest.objects.count() == 1


def test_the_mentoring_api_shows_the_pairs_and_sessions_of_the_veteran(api, veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    services.mentor_session_record(
        pair=pair, user=veteran.user, held_on="2026-01-05", note="谈融资"
    )
    mentoring = api(veteran).get("/api/v1/me/mentoring/").json()
    assert mentoring["mentor"] is None and mentoring["requests"][0]["status"] == "paired"
    (shown,) = mentoring["pairs"]
    assert shown["mentee_name"] == veteran.full_name and shown["sessions"][0]["note"] == "谈融资"


def test_a_mentor_sees_their_mentees_pair_through_the_api(api, veteran, bureau_x):
    mentor = f.MentorFactory(profile=veteran)
    services.mentor_pair(request=f.MentorRequestFactory(), mentor=mentor, officer=bureau_x)
    mentoring = api(veteran).get("/api/v1/me/mentoring/").json()
    assert mentoring["mentor"]["capacity"] == mentor.capacity and len(mentoring["pairs"]) == 1


def test_a_party_records_a_mentor_session_through_the_api(api, veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    answer = api(veteran).post(
        f"/api/v1/me/mentoring/pairs/{pair.pk}/sessions/",
        {"held_on": "2026-01-05", "note": "商业计划书"},
        format="json",
    )
    assert answer.status_code == 201 and MentorSession.objects.get().note == "商业计划书"


def test_a_mentor_session_in_the_future_is_refused_by_the_api(api, veteran, bureau_x):
    pair = services.mentor_pair(
        request=f.MentorRequestFactory(veteran=veteran), mentor=f.MentorFactory(), officer=bureau_x
    )
    answer = api(veteran).post(
        f"/api/v1/me/mentoring/pairs/{pair.pk}/sessions/",
        {"held_on": "2099-01-01", "note": "未来"},
        format="json",
    )
    assert answer.status_code == 400 and not MentorSession.objects.exists()


def test_the_bureau_reads_waiting_mentor_requests_with_suggestions(api, bureau_x, bureau_y):
    asked = f.MentorRequestFactory()
    mentor = f.MentorFactory(industry=asked.industry)
    rows = api(bureau_x).get("/api/v1/mentoring/requests/").json()["results"]
    assert [row["id"] for row in rows] == [asked.pk]
    assert rows[0]["suggestions"][0]["id"] == mentor.pk
    assert api(bureau_y).get("/api/v1/mentoring/requests/").json()["results"] == []


def test_the_bureau_pairs_a_mentor_through_the_api(api, bureau_x):
    asked, mentor = f.MentorRequestFactory(), f.MentorFactory()
    answer = api(bureau_x).post(
        f"/api/v1/mentoring/requests/{asked.pk}/pair/", {"mentor": mentor.pk}, format="json"
    )
    assert answer.status_code == 201 and MentorPair.objects.get().mentor == mentor


def test_another_bureau_finds_no_mentor_request_in_the_api(api, bureau_y):
    asked, mentor = f.MentorRequestFactory(), f.MentorFactory()
    answer = api(bureau_y).post(
        f"/api/v1/mentoring/requests/{asked.pk}/pair/", {"mentor": mentor.pk}, format="json"
    )
    assert answer.status_code == 404 and not MentorPair.objects.exists()


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_only_the_authorities_use_the_mentor_pairing_api(api, persona):
    asked = f.MentorRequestFactory()
    assert api(persona).get("/api/v1/mentoring/requests/").status_code == 403
    answer = api(persona).post(
        f"/api/v1/mentoring/requests/{asked.pk}/pair/", {"mentor": 1}, format="json"
    )
    assert answer.status_code == 403
