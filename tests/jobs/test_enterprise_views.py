"""The enterprise staff's job pages: own posts and the applicant pipeline of those posts."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Application, FollowUp, JobPost, Placement
from portal.accounts.models import AuditEvent
from tests import factories as f
from tests.api.conftest import field_errors as api_field_errors
from tests.jobs.conftest import actions, make_application, make_post
from veterans.models import Resume, VeteranSkill

POST_LIST = reverse("jobs:enterprise_post_list")
POST_CREATE = reverse("jobs:enterprise_post_create")
PIPELINE = reverse("jobs:pipeline")
TODAY = timezone.localdate()


@pytest.fixture
def post_b(enterprise_b, hr_b):
    """A published post of enterprise B, visible to everyone but not B's to manage by A."""
    return make_post(f.BranchFactory(enterprise=enterprise_b, region=f.region(f.CITY_Y)))


@pytest.fixture
def application_b(post_b, other_veteran):
    return make_application(post_b, other_veteran, Application.Status.OFFERED)


@pytest.fixture
def resume(veteran, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    resume = Resume(veteran=veteran, original_name="张三简历.pdf", size=15)
    resume.file.save("resume.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    return resume


def post_input(branch, **fields) -> dict:
    return {
        "branch": branch.pk,
        "title": "仓储管理员",
        "description": "负责仓库收发货与盘点。",
        "occupation": f.occupation().pk,
        "employment_type": JobPost.EmploymentType.FULL_TIME,
        "min_education": 2,
        "salary_min": 6000,
        "salary_max": 8000,
        "openings": 3,
        "deadline": (TODAY + datetime.timedelta(days=30)).isoformat(),
        **fields,
    }


def edit_input(post, **fields) -> dict:
    data = post_input(post.branch, title=post.title, description=post.description)
    data.update(
        occupation=post.occupation_id,
        salary_min=post.salary_min,
        salary_max=post.salary_max,
        openings=post.openings,
        min_education=post.min_education,
        deadline=post.deadline.isoformat(),
    )
    return {**data, **fields}


def url(name: str, obj) -> str:
    return reverse(f"jobs:{name}", args=[obj.pk])


# The post list


def test_the_post_list_shows_own_posts_with_their_rejection_reason(browse, hr_a, branch_a):
    make_post(branch_a, JobPost.Status.REJECTED, title="夜班保安", decision_reason="薪资与实际不符")
    content = browse(hr_a).get(POST_LIST).content.decode()
    assert "夜班保安" in content and "薪资与实际不符" in content
    assert "status-rejected" in content


def test_the_post_list_leaves_out_another_enterprises_published_posts(browse, hr_a, post_b):
    post_b.title = "乙企业的岗位"
    post_b.save()
    assert "乙企业的岗位" not in browse(hr_a).get(POST_LIST).content.decode()


def test_the_post_list_filters_by_status(browse, hr_a, branch_a):
    make_post(branch_a, JobPost.Status.DRAFT, title="草稿岗位")
    make_post(branch_a, title="已发布岗位")
    content = browse(hr_a).get(POST_LIST, {"status": "draft"}).content.decode()
    assert "草稿岗位" in content and "已发布岗位" not in content


def test_the_post_list_shows_an_empty_state(browse, hr_a):
    assert "portal-empty" in browse(hr_a).get(POST_LIST).content.decode()


def test_the_post_list_costs_the_same_queries_with_more_posts(
    browse, hr_a, branch_a, django_assert_max_num_queries
):
    client = browse(hr_a)
    for _ in range(15):
        make_post(branch_a)
    with django_assert_max_num_queries(8):
        assert client.get(POST_LIST).status_code == 200


# Creating and editing posts


def test_staff_write_a_post_as_a_draft(browse, hr_a, branch_a):
    response = browse(hr_a).post(POST_CREATE, post_input(branch_a))
    post = JobPost.objects.get(title="仓储管理员")
    assert response.url == url("enterprise_post_edit", post)
    assert (post.status, post.branch, post.region) == ("draft", branch_a, branch_a.region)
    assert actions(post) == ["job_post.created"]


def test_a_post_counts_against_an_active_agreement(browse, hr_a, branch_a, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=10)
    browse(hr_a).post(POST_CREATE, post_input(branch_a, agreement=agreement.pk))
    assert JobPost.objects.get(title="仓储管理员").agreement == agreement


def test_an_over_pledged_agreement_is_refused_and_nothing_is_saved(
    browse, hr_a, branch_a, enterprise_a
):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=5)
    make_post(branch_a, agreement=agreement, openings=4)
    response = browse(hr_a).post(POST_CREATE, post_input(branch_a, agreement=agreement.pk))
    assert response.status_code == 200
    assert "pledges 5 posts and 1 are still free" in response.content.decode()
    assert not JobPost.objects.filter(title="仓储管理员").exists()


def field_errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"salary_min": 9000},
            "salary_max",
            "The top of the pay range is below its bottom (9,000).",
        ),
        ({"openings": 0}, "openings", "A post offers at least one opening."),
        ({"openings": 5000}, "openings", "A post offers at most 1000 openings"),
    ],
)
def test_a_value_the_database_would_refuse_is_an_error_at_its_field_and_saves_nothing(
    browse, hr_a, branch_a, fields, field, message
):
    response = browse(hr_a).post(POST_CREATE, post_input(branch_a, **fields))
    assert response.status_code == 200
    errors = field_errors(response)
    assert list(errors) == [field] and errors[field][0].startswith(message)
    assert "constraint" not in response.content.decode().lower()
    assert not JobPost.objects.filter(title="仓储管理员").exists()


def test_openings_below_the_hires_already_made_are_an_error_at_the_field(browse, hr_a, branch_a):
    post = make_post(branch_a, openings=5, filled_count=3)
    response = browse(hr_a).post(url("enterprise_post_edit", post), edit_input(post, openings=2))
    assert field_errors(response) == {
        "openings": ["3 people are already hired on this post: it needs at least as many openings."]
    }
    post.refresh_from_db()
    assert post.openings == 5


def test_the_api_answers_the_pay_range_and_the_openings_field_by_field(hr_a, branch_a):
    client = APIClient()
    client.force_login(hr_a)
    body = {**post_input(branch_a, salary_min=9000), "agreement": None}
    response = client.post(reverse("api-post-create"), body, format="json")
    assert response.status_code == 400
    assert list(api_field_errors(response)) == ["salary_max"]
    body = {**post_input(branch_a, openings=5000), "agreement": None}
    answer = client.post(reverse("api-post-create"), body, format="json")
    assert list(api_field_errors(answer)) == ["openings"]
    assert not JobPost.objects.exists()


def test_agreements_in_the_post_form_are_named_apart(browse, hr_a, branch_a, enterprise_a):
    batch = f.BatchFactory(number=3, name="第三批")
    f.AgreementFactory(enterprise=enterprise_a, batch=batch)
    f.AgreementFactory(
        enterprise=enterprise_a,
        batch=batch,
        signatory_level="province",
        region=f.region(f.PROVINCE_X),
    )
    form = browse(hr_a).get(POST_CREATE).context["form"]
    labels = [label for value, label in form.fields["agreement"].choices if value]
    assert len(labels) == len(set(labels)) == 2
    assert all("2025-07-01–2027-06-30" in label for label in labels)


def test_the_occupation_and_skills_are_searchable_pickers_served_by_the_portal(
    browse, hr_a, branch_a
):
    page = browse(hr_a).get(POST_CREATE).content.decode()
    assert re.search(r'<select name="occupation"[^>]* data-picker="search"', page)
    assert re.search(r'<select name="required_skills"[^>]* data-picker="tags"', page)
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in page
    assert "Ctrl" not in page


def test_a_deadline_in_the_past_shows_an_error_and_saves_nothing(browse, hr_a, branch_a):
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = browse(hr_a).post(POST_CREATE, post_input(branch_a, deadline=yesterday))
    assert "The deadline cannot be in the past" in response.content.decode()
    assert not JobPost.objects.filter(title="仓储管理员").exists()


def test_a_branch_still_under_review_cannot_be_chosen(browse, hr_a, enterprise_a):
    pending = f.BranchFactory(enterprise=enterprise_a, status="pending")
    response = browse(hr_a).post(POST_CREATE, post_input(pending))
    assert response.status_code == 200
    assert not JobPost.objects.filter(title="仓储管理员").exists()


def test_another_enterprises_branch_cannot_be_chosen(browse, hr_a, post_b):
    browse(hr_a).post(POST_CREATE, post_input(post_b.branch))
    assert not JobPost.objects.filter(title="仓储管理员").exists()


def test_the_edit_page_of_a_published_post_warns_about_material_edits(browse, hr_a, post):
    content = browse(hr_a).get(url("enterprise_post_edit", post)).content.decode()
    assert "sends it back to review" in content


def test_a_material_edit_of_a_published_post_sends_it_back_to_review(browse, hr_a, post):
    response = browse(hr_a).post(
        url("enterprise_post_edit", post), edit_input(post, salary_max=9000), follow=True
    )
    post.refresh_from_db()
    assert (post.status, post.salary_max) == (JobPost.Status.PENDING, 9000)
    assert "back in review" in response.content.decode()


def test_a_later_deadline_keeps_a_published_post_published(browse, hr_a, post):
    later = post.deadline + datetime.timedelta(days=10)
    browse(hr_a).post(url("enterprise_post_edit", post), edit_input(post, deadline=later))
    post.refresh_from_db()
    assert (post.status, post.deadline) == (JobPost.Status.PUBLISHED, later)


def test_a_rejected_post_is_fixed_and_resubmitted(browse, hr_a, branch_a):
    rejected = make_post(branch_a, JobPost.Status.REJECTED)
    client = browse(hr_a)
    client.post(url("enterprise_post_edit", rejected), edit_input(rejected, title="保安（已修改）"))
    client.post(url("enterprise_post_submit", rejected))
    rejected.refresh_from_db()
    assert (rejected.title, rejected.status) == ("保安（已修改）", JobPost.Status.PENDING)


def test_a_post_in_review_cannot_be_edited(browse, hr_a, pending_post):
    response = browse(hr_a).post(
        url("enterprise_post_edit", pending_post), edit_input(pending_post, title="改名")
    )
    pending_post.refresh_from_db()
    assert response.status_code == 200
    assert "cannot be edited while it is Pending review" in response.content.decode()
    assert pending_post.title == "保安"


def test_the_edit_page_shows_the_posts_audit_trail(browse, hr_a, draft_post):
    client = browse(hr_a)
    client.post(url("enterprise_post_submit", draft_post))
    content = client.get(url("enterprise_post_edit", draft_post)).content.decode()
    assert "Submitted the post for review" in content


# Submitting and closing


def test_a_draft_is_submitted_for_review(browse, hr_a, draft_post):
    response = browse(hr_a).post(url("enterprise_post_submit", draft_post))
    draft_post.refresh_from_db()
    assert response.url == POST_LIST
    assert draft_post.status == JobPost.Status.PENDING


def test_submitting_a_published_post_is_refused_with_a_message(browse, hr_a, post):
    response = browse(hr_a).post(url("enterprise_post_submit", post), follow=True)
    post.refresh_from_db()
    assert post.status == JobPost.Status.PUBLISHED
    assert "not possible any more" in response.content.decode()


def test_submitting_needs_a_post_request(browse, hr_a, draft_post):
    assert browse(hr_a).get(url("enterprise_post_submit", draft_post)).status_code == 405
    draft_post.refresh_from_db()
    assert draft_post.status == JobPost.Status.DRAFT


def test_a_published_post_is_closed(browse, hr_a, post):
    browse(hr_a).post(url("enterprise_post_close", post))
    post.refresh_from_db()
    assert post.status == JobPost.Status.CLOSED
    assert actions(post)[-1] == "job_post.closed"


def test_closing_a_draft_is_refused_with_a_message(browse, hr_a, draft_post):
    response = browse(hr_a).post(url("enterprise_post_close", draft_post), follow=True)
    draft_post.refresh_from_db()
    assert draft_post.status == JobPost.Status.DRAFT
    assert "alert-danger" in response.content.decode()


# Another enterprise's post: 404 and nothing changes


@pytest.mark.parametrize("name", ["enterprise_post_submit", "enterprise_post_close"])
def test_another_enterprises_post_answers_404_to_actions(browse, hr_a, post_b, name):
    assert browse(hr_a).post(url(name, post_b)).status_code == 404
    post_b.refresh_from_db()
    assert post_b.status == JobPost.Status.PUBLISHED
    assert actions(post_b) == []


def test_another_enterprises_post_cannot_be_edited(browse, hr_a, post_b):
    client = browse(hr_a)
    assert client.get(url("enterprise_post_edit", post_b)).status_code == 404
    assert (
        client.post(url("enterprise_post_edit", post_b), edit_input(post_b, title="x")).status_code
        == 404
    )
    post_b.refresh_from_db()
    assert post_b.title == "保安"


# The pipeline


def test_the_pipeline_lists_applications_to_own_posts_only(
    browse, hr_a, application, application_b
):
    content = browse(hr_a).get(PIPELINE).content.decode()
    assert application.veteran.full_name in content
    assert application_b.veteran.full_name not in content


def test_the_pipeline_filters_by_post_and_status(browse, hr_a, branch_a, veteran, other_veteran):
    first, second = make_post(branch_a, title="司机"), make_post(branch_a, title="厨师")
    make_application(first, veteran, Application.Status.SHORTLISTED)
    make_application(second, other_veteran)
    client = browse(hr_a)
    by_post = client.get(PIPELINE, {"post": first.pk}).content.decode()
    by_status = client.get(PIPELINE, {"status": "submitted"}).content.decode()
    assert veteran.full_name in by_post and other_veteran.full_name not in by_post
    assert other_veteran.full_name in by_status and veteran.full_name not in by_status


def test_the_pipeline_filter_tells_posts_of_one_title_apart_by_branch_and_city(
    browse, hr_a, branch_a, enterprise_a
):
    other_branch = f.BranchFactory(
        enterprise=enterprise_a, name="深圳分公司", region=f.region("440300")
    )
    make_post(branch_a, title="保安")
    make_post(other_branch, title="保安")
    content = browse(hr_a).get(PIPELINE).content.decode()
    assert f"保安 · {branch_a.name} · Beijing · " in content  # the browser asks for English
    assert "保安 · 深圳分公司 · Shenzhen · " in content


def test_the_pipeline_is_paginated_and_keeps_the_filter(browse, hr_a, post):
    for _ in range(21):
        f.ApplicationFactory(post=post)
    content = browse(hr_a).get(PIPELINE, {"post": post.pk}).content.decode()
    assert f"?post={post.pk}&amp;page=2" in content


def test_the_pipeline_costs_the_same_queries_with_more_rows(
    browse, hr_a, post, django_assert_max_num_queries
):
    client = browse(hr_a)
    for _ in range(15):
        f.ApplicationFactory(post=post)
    with django_assert_max_num_queries(9):
        assert client.get(PIPELINE, {"status": "submitted"}).status_code == 200


# The applicant's page


def test_the_applicant_page_masks_the_resident_id(browse, hr_a, application):
    content = browse(hr_a).get(url("applicant_detail", application)).content.decode()
    veteran = application.veteran
    assert veteran.masked_resident_id in content
    assert veteran.resident_id not in content


def test_the_applicant_page_shows_the_next_steps_and_the_history(browse, hr_a, application):
    client = browse(hr_a)
    client.post(url("application_advance", application), {"target": "viewed"})
    content = client.get(url("applicant_detail", application)).content.decode()
    assert 'value="shortlisted"' in content and 'value="rejected"' in content
    assert 'value="offered"' not in content
    assert "Marked the application as viewed" in content


def test_the_applicant_page_costs_the_same_queries_with_more_skills_and_history(
    browse, hr_a, application, django_assert_max_num_queries
):
    client = browse(hr_a)
    for _ in range(6):
        VeteranSkill.objects.create(veteran=application.veteran, skill=f.SkillFactory())
    for target in ("viewed", "shortlisted", "interview"):
        client.post(url("application_advance", application), {"target": target})
    with django_assert_max_num_queries(10):
        assert client.get(url("applicant_detail", application)).status_code == 200


# The resume


def test_each_resume_download_is_recorded(browse, hr_a, application, resume):
    application.resume = resume
    application.save()
    client = browse(hr_a)
    first = client.get(url("applicant_resume", application))
    client.get(url("applicant_resume", application))
    assert first["Content-Disposition"].startswith("attachment")
    assert b"".join(first.streaming_content) == b"%PDF-1.4 resume"
    events = AuditEvent.objects.for_object(resume).filter(action="resume.accessed")
    assert [(e.actor, e.data["application"]) for e in events] == [(hr_a, application.pk)] * 2


def test_an_application_without_a_resume_says_so(browse, hr_a, application):
    response = browse(hr_a).get(url("applicant_resume", application), follow=True)
    assert "no resume attached" in response.content.decode()
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()


def test_another_enterprises_applicant_resume_answers_404_and_is_not_recorded(
    browse, hr_b, application, resume
):
    application.resume = resume
    application.save()
    assert browse(hr_b).get(url("applicant_resume", application)).status_code == 404
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()


# Moving applications


def test_a_step_with_a_message_moves_the_application_and_mails_the_veteran(
    browse, hr_a, application, django_capture_on_commit_callbacks
):
    client = browse(hr_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("application_advance", application), {"target": "viewed"})
        client.post(
            url("application_advance", application),
            {"target": "shortlisted", "message": "请周一上午来面谈"},
        )
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    assert actions(application)[-2:] == ["application.viewed", "application.shortlisted"]
    assert mail.outbox[-1].to == [application.veteran.user.email]
    assert "请周一上午来面谈" in mail.outbox[-1].body


def test_skipping_a_step_is_refused_with_a_message(browse, hr_a, application):
    response = browse(hr_a).post(
        url("application_advance", application), {"target": "offered"}, follow=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert "not possible any more" in response.content.decode()


def test_hiring_through_the_step_form_is_refused(browse, hr_a, post, veteran):
    offered = make_application(post, veteran, Application.Status.OFFERED)
    browse(hr_a).post(url("application_advance", offered), {"target": "hired"})
    offered.refresh_from_db()
    assert offered.status == Application.Status.OFFERED
    assert not Placement.objects.exists()


def test_an_offered_applicant_is_hired_with_a_placement_and_follow_ups(browse, hr_a, post, veteran):
    offered = make_application(post, veteran, Application.Status.OFFERED)
    start = TODAY + datetime.timedelta(days=14)
    response = browse(hr_a).post(
        url("application_hire", offered), {"started_on": start.isoformat()}
    )
    offered.refresh_from_db()
    post.refresh_from_db()
    assert response.url == url("applicant_detail", offered)
    assert offered.status == Application.Status.HIRED
    assert offered.placement.started_on == start
    assert FollowUp.objects.filter(placement=offered.placement).count() == 4
    assert post.filled_count == 1


def test_the_last_opening_fills_the_post(browse, hr_a, branch_a, veteran):
    post = make_post(branch_a, openings=1)
    offered = make_application(post, veteran, Application.Status.OFFERED)
    browse(hr_a).post(url("application_hire", offered), {"started_on": TODAY.isoformat()})
    post.refresh_from_db()
    assert post.status == JobPost.Status.FILLED


def test_hiring_on_a_filled_post_is_refused_with_a_message(browse, hr_a, branch_a, veteran):
    post = make_post(branch_a, openings=1, filled_count=1, status=JobPost.Status.FILLED)
    offered = make_application(post, veteran, Application.Status.OFFERED)
    response = browse(hr_a).post(
        url("application_hire", offered), {"started_on": TODAY.isoformat()}, follow=True
    )
    offered.refresh_from_db()
    assert offered.status == Application.Status.OFFERED
    assert "no openings left" in response.content.decode()


def test_a_hire_without_a_valid_date_saves_nothing(browse, hr_a, post, veteran):
    offered = make_application(post, veteran, Application.Status.OFFERED)
    response = browse(hr_a).post(
        url("application_hire", offered), {"started_on": "soon"}, follow=True
    )
    offered.refresh_from_db()
    assert offered.status == Application.Status.OFFERED
    assert "valid start date" in response.content.decode()
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("applicant_detail", None),
        ("application_advance", {"target": "rejected"}),
        ("application_hire", {"started_on": "2026-03-01"}),
    ],
)
def test_another_enterprises_application_answers_404_and_nothing_changes(
    browse, hr_a, application_b, name, data
):
    client = browse(hr_a)
    response = (
        client.get(url(name, application_b))
        if data is None
        else client.post(url(name, application_b), data)
    )
    application_b.refresh_from_db()
    assert response.status_code == 404
    assert application_b.status == Application.Status.OFFERED
    assert not Placement.objects.exists()


# Other roles


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry"], indirect=True)
@pytest.mark.parametrize("name", ["enterprise_post_list", "enterprise_post_create", "pipeline"])
def test_other_roles_cannot_open_the_enterprise_lists(browse, persona, name):
    assert browse(persona).get(reverse(f"jobs:{name}")).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry", "hr_b"], indirect=True)
def test_other_roles_cannot_act_on_a_post(browse, persona, post):
    client = browse(persona)
    assert client.get(url("enterprise_post_edit", post)).status_code == 404
    assert client.post(url("enterprise_post_close", post)).status_code == 404
    post.refresh_from_db()
    assert post.status == JobPost.Status.PUBLISHED


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry", "hr_b"], indirect=True)
def test_other_roles_cannot_move_an_application(browse, persona, application, resume):
    application.resume = resume
    application.save()
    client = browse(persona)
    assert client.get(url("applicant_detail", application)).status_code == 404
    assert client.get(url("applicant_resume", application)).status_code == 404
    assert (
        client.post(url("application_advance", application), {"target": "viewed"}).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()
