"""Recruitment events: the bureau's list, creation and registrations; the veteran's list of
upcoming events and registration."""

import datetime

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import EventRegistration, RecruitmentEvent
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_post
from tests.pages import levels

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def event_in(region_code=f.CITY_X, *, days=7, **fields) -> RecruitmentEvent:
    starts_at = timezone.now() + datetime.timedelta(days=days)
    return f.RecruitmentEventFactory(region=f.region(region_code), starts_at=starts_at, **fields)


@pytest.fixture
def event(bureau_x):
    return event_in(organiser=bureau_x)


def event_fields(starts_in=datetime.timedelta(days=3), **changes) -> dict:
    """What recruitment_event_create needs besides its organiser: a three-hour event in city
    X starting ``starts_in`` from now."""
    starts_at = timezone.now() + starts_in
    fields = {
        "region": f.region(f.CITY_X),
        "title": "专场",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "place": "某地",
        "capacity": 10,
    }
    return {**fields, **changes}


# Services ------------------------------------------------------------------------------


def test_a_bureau_creates_an_event_with_posts_and_their_enterprises(bureau_x, post, enterprise_b):
    starts_at = timezone.now() + datetime.timedelta(days=3)
    created = services.recruitment_event_create(
        organiser=bureau_x,
        region=f.region(f.CITY_X),
        title="春风行动专场",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="市人才市场",
        capacity=100,
        enterprises=[enterprise_b],
        posts=[post],
    )
    assert list(created.posts.all()) == [post]
    assert set(created.enterprises.all()) == {post.branch.enterprise, enterprise_b}
    assert actions(created) == ["recruitment_event.created"]


def test_a_bureau_cannot_create_an_event_in_another_province(bureau_y):
    with pytest.raises(NotAllowed):
        services.recruitment_event_create(organiser=bureau_y, **event_fields())
    assert not RecruitmentEvent.objects.exists()


def test_an_event_cannot_show_an_unpublished_post(bureau_x, pending_post):
    with pytest.raises(Conflict):
        services.recruitment_event_create(organiser=bureau_x, **event_fields(posts=[pending_post]))
    assert not RecruitmentEvent.objects.exists()


def test_a_veteran_registers_once(event, veteran):
    registration = services.event_registration_create(event=event, veteran=veteran)
    assert actions(registration) == ["event_registration.created"]
    with pytest.raises(Conflict):
        services.event_registration_create(event=event, veteran=veteran)
    assert event.registrations.count() == 1


def test_a_full_event_refuses_the_next_veteran(veteran, other_veteran):
    small = event_in(capacity=1)
    services.event_registration_create(event=small, veteran=veteran)
    with pytest.raises(Conflict):
        services.event_registration_create(event=small, veteran=other_veteran)
    assert small.registrations.count() == 1


def test_registration_closes_when_the_event_starts(veteran):
    started = event_in(days=-1)
    with pytest.raises(Conflict):
        services.event_registration_create(event=started, veteran=veteran)
    assert not EventRegistration.objects.exists()


def test_a_veteran_cancels_a_registration_and_the_trail_stays(event, veteran):
    registration = services.event_registration_create(event=event, veteran=veteran)
    services.event_registration_cancel(event=event, veteran=veteran)
    assert not EventRegistration.objects.exists()
    assert actions(registration) == ["event_registration.created", "event_registration.cancelled"]


def test_cancelling_without_a_registration_is_a_conflict(event, veteran):
    with pytest.raises(Conflict):
        services.event_registration_cancel(event=event, veteran=veteran)


# The list ------------------------------------------------------------------------------


def test_a_bureau_lists_the_events_of_its_region_past_ones_too(client, bureau_x, bureau_y):
    upcoming, past = event_in(days=5), event_in(days=-30)
    event_in(f.CITY_Y)
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:event_list"))
    assert list(response.context["page_obj"]) == [upcoming, past]


def test_a_veteran_lists_the_upcoming_events_of_every_region_soonest_first(client, veteran):
    later, sooner = event_in(f.CITY_Y, days=9), event_in(days=2)
    event_in(days=-30)
    client.force_login(veteran.user)
    response = client.get(reverse("jobs:event_list"))
    assert list(response.context["page_obj"]) == [sooner, later]


def test_the_list_marks_the_events_the_veteran_registered_for(client, veteran, event):
    EventRegistration.objects.create(event=event, veteran=veteran)
    client.force_login(veteran.user)
    [row] = client.get(reverse("jobs:event_list")).context["page_obj"]
    assert (row.is_registered, row.registered_count) == (True, 1)


def test_the_list_pages_through_45_events_in_constant_queries(
    client, bureau_x, django_assert_max_num_queries
):
    events = [event_in(days=day) for day in range(1, 46)]
    client.force_login(bureau_x)
    url = reverse("jobs:event_list")
    # 6: the one-time-password device of the staff session is one query (#8).
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 20
    assert list(client.get(url, {"page": 3}).context["page_obj"]) == events[:5][::-1]


@pytest.mark.parametrize("persona", ["veteran", "bureau_x"], indirect=True)
def test_the_list_shows_its_empty_state(client, persona):
    client.force_login(persona)
    response = client.get(reverse("jobs:event_list"))
    assert 'class="portal-empty"' in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get(reverse("jobs:event_list")).status_code == 302


# Creating an event ---------------------------------------------------------------------


def event_form(**fields) -> dict:
    starts_at = timezone.localtime() + datetime.timedelta(days=10)
    return {
        "title": "退役军人专场招聘会",
        "region": f.CITY_X,
        "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts_at + datetime.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "place": "市人才市场三楼",
        "capacity": 150,
        "description": "",
        **fields,
    }


def test_the_bureau_creates_an_event_from_the_form(client, bureau_x, post):
    f.region(f.CITY_X)
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:event_create"), event_form(posts=[post.pk]))
    created = RecruitmentEvent.objects.get()
    assert response["Location"] == reverse("jobs:event_detail", args=[created.pk])
    assert (created.organiser, created.capacity, list(created.posts.all())) == (
        bureau_x,
        150,
        [post],
    )
    assert levels(response) == [SUCCESS]


@pytest.mark.parametrize(
    "fields",
    [
        {"region": f.CITY_Y},
        {"capacity": 0},
        {"starts_at": "2020-01-01T09:00", "ends_at": "2020-01-01T12:00"},
        {"ends_at": "2020-01-01T12:00"},
    ],
    ids=["other region", "no capacity", "in the past", "ends before it starts"],
)
def test_an_invalid_event_is_refused_and_nothing_saved(client, bureau_x, fields):
    f.region(f.CITY_X), f.region(f.CITY_Y)
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:event_create"), event_form(**fields))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not RecruitmentEvent.objects.exists()


def test_the_form_offers_only_the_bureaus_published_posts(client, bureau_x, branch_a):
    published, pending = make_post(branch_a), make_post(branch_a, "pending")
    elsewhere = f.JobPostFactory(branch=f.BranchFactory(region=f.region(f.CITY_Y)))
    client.force_login(bureau_x)
    offered = client.get(reverse("jobs:event_create")).context["form"].fields["posts"].queryset
    assert published in offered and pending not in offered and elsewhere not in offered


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_only_a_bureau_creates_events(client, persona):
    f.region(f.CITY_X)
    client.force_login(persona)
    assert client.get(reverse("jobs:event_create")).status_code == 404
    assert client.post(reverse("jobs:event_create"), event_form()).status_code == 404
    assert not RecruitmentEvent.objects.exists()


# The event page ------------------------------------------------------------------------


def test_the_bureau_sees_the_registrations_and_the_history(client, bureau_x, event, veteran, post):
    event.posts.add(post)
    EventRegistration.objects.create(event=event, veteran=veteran)
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:event_detail", args=[event.pk]))
    assert [r.veteran for r in response.context["registrations"]] == [veteran]
    content = response.content.decode()
    assert veteran.full_name in content and post.title in content and "History" in content


def test_the_registrations_page_through_45_rows_in_constant_queries(
    client, bureau_x, event, django_assert_max_num_queries
):
    for _ in range(45):
        EventRegistration.objects.create(event=event, veteran=f.VeteranProfileFactory())
    client.force_login(bureau_x)
    url = reverse("jobs:event_detail", args=[event.pk])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["registrations"].paginator.count == 45
    assert len(client.get(url, {"page": 3}).context["registrations"]) == 5


def test_a_veteran_sees_the_register_button_but_not_the_registrations(client, veteran, event):
    client.force_login(veteran.user)
    response = client.get(reverse("jobs:event_detail", args=[event.pk]))
    assert response.context["registrations"] is None
    assert reverse("jobs:event_register", args=[event.pk]) in response.content.decode()


def test_another_provinces_bureau_gets_404_on_an_event(client, bureau_y, event):
    client.force_login(bureau_y)
    assert client.get(reverse("jobs:event_detail", args=[event.pk])).status_code == 404


# Registering ---------------------------------------------------------------------------


def test_a_veteran_registers_and_cancels_from_the_page(client, veteran, event):
    client.force_login(veteran.user)
    response = client.post(reverse("jobs:event_register", args=[event.pk]))
    assert response["Location"] == reverse("jobs:event_detail", args=[event.pk])
    assert event.registrations.filter(veteran=veteran).exists()
    client.post(reverse("jobs:event_unregister", args=[event.pk]))
    assert not event.registrations.exists()


def test_registering_for_a_full_event_shows_an_error(client, veteran, other_veteran):
    full = event_in(capacity=1)
    EventRegistration.objects.create(event=full, veteran=other_veteran)
    client.force_login(veteran.user)
    response = client.post(reverse("jobs:event_register", args=[full.pk]))
    assert levels(response) == [ERROR]
    assert full.registrations.count() == 1


def test_a_veteran_without_a_profile_is_asked_to_fill_it_in(client, event):
    newcomer = f.UserFactory()
    client.force_login(newcomer)
    response = client.post(reverse("jobs:event_register", args=[event.pk]))
    assert levels(response) == [ERROR]
    assert not event.registrations.exists()


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
def test_only_veterans_register(client, persona, event):
    client.force_login(persona)
    assert client.post(reverse("jobs:event_register", args=[event.pk])).status_code == 404
    assert not event.registrations.exists()


def test_the_event_form_rejects_a_start_in_the_past_in_the_service_too(bureau_x):
    with pytest.raises(ValidationError):
        services.recruitment_event_create(
            organiser=bureau_x, **event_fields(starts_in=-datetime.timedelta(hours=1))
        )
