"""The admin pages render, and its actions go through the services.

Requests are built with RequestFactory and handed to the ModelAdmin directly, so the tests
need no session (and thus no SECRET_KEY) and no collected static files.
"""

import pytest
from django.contrib import admin, messages
from django.test import RequestFactory

from jobs.models import (
    Application,
    JobPost,
    MatchingRun,
    Placement,
    PostReport,
    Recommendation,
    RecruitmentEvent,
    Verification,
)
from tests import factories as f
from tests.jobs.conftest import actions

MODELS = [
    JobPost,
    Application,
    Placement,
    PostReport,
    Verification,
    RecruitmentEvent,
    MatchingRun,
    Recommendation,
]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": staticfiles}


def staff_of(region_code):
    return f.BureauUserFactory(region=f.region(region_code), is_staff=True, is_superuser=True)


def request_by(user, method="get"):
    request = getattr(RequestFactory(), method)("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_each_model(model, post):
    f.PlacementFactory(application__post=post)
    response = admin.site._registry[model].changelist_view(request_by(staff_of(f.PROVINCE_X)))
    assert response.render().status_code == 200


def test_the_placement_page_shows_its_follow_ups(post):
    follow_up = f.FollowUpFactory(placement=f.PlacementFactory(application__post=post))
    page = admin.site._registry[Placement].change_view(
        request_by(staff_of(f.PROVINCE_X)), str(follow_up.placement_id)
    )
    assert "follow_ups" in page.render().content.decode()


def run_action(name, user, posts, monkeypatch) -> list[tuple[int, str]]:
    post_admin, said = admin.site._registry[JobPost], []
    monkeypatch.setattr(
        post_admin,
        "message_user",
        lambda request, message, level=messages.INFO: said.append((level, str(message))),
    )
    getattr(post_admin, name)(
        request_by(user, "post"), JobPost.objects.filter(pk__in=[p.pk for p in posts])
    )
    return said


def test_the_approve_action_goes_through_the_service(pending_post, monkeypatch):
    said = run_action("approve", staff_of(f.PROVINCE_X), [pending_post], monkeypatch)
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.PUBLISHED
    assert actions(pending_post) == ["job_post.approved"]
    assert [level for level, _ in said] == [messages.SUCCESS]


def test_the_approve_action_reports_a_refusal(pending_post, monkeypatch):
    said = run_action("approve", staff_of(f.PROVINCE_Y), [pending_post], monkeypatch)
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.PENDING
    assert [level for level, _ in said] == [messages.ERROR]
