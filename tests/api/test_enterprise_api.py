import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.identifiers import make_credit_code
from enterprises.models import Branch, Enterprise, EnterpriseMember
from jobs.models import Application, JobPost, Placement
from portal.accounts.models import AuditEvent, User
from tests import factories as f
from tests.api.conftest import PDF, field_errors, make_application
from tests.workflow import status_of
from veterans.services import resume_upload

pytestmark = pytest.mark.django_db
NOT_STAFF = ["veteran", "bureau_x", "ministry"]
TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def enterprise_data(**changes) -> dict:
    return {
        "name": "丙科技有限公司",
        "credit_code": make_credit_code("110000", 9001),
        "ownership": "private",
        "industry": f.industry().pk,
        "hq_region": f.region(f.CITY_X).pk,
        **changes,
    }


def post_data(branch, **changes) -> dict:
    return {
        "branch": branch.pk,
        "title": "仓库管理员",
        "description": "负责仓储管理。",
        "occupation": f.occupation().pk,
        "salary_min": 5000,
        "salary_max": 7000,
        "openings": 3,
        "deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        **changes,
    }


# --- registering the enterprise and its staff --------------------------------------------------


def test_a_new_user_registers_an_enterprise_and_becomes_its_admin(api):
    newcomer = f.UserFactory()
    answer = api(newcomer).post("/api/v1/enterprises/register/", enterprise_data(), format="json")
    assert answer.status_code == 201
    enterprise = Enterprise.objects.get(pk=answer.json()["id"])
    assert enterprise.status == Enterprise.Status.APPLIED
    newcomer.refresh_from_db()
    assert newcomer.role == User.Role.ENTERPRISE
    assert newcomer.enterprise_membership.role == EnterpriseMember.Role.ADMIN


def test_a_veteran_with_a_profile_may_not_register_an_enterprise(as_, veteran):
    answer = as_("veteran").post("/api/v1/enterprises/register/", enterprise_data(), format="json")
    assert answer.status_code == 403
    assert not Enterprise.objects.exists()


def test_an_invalid_credit_code_answers_400_with_the_reason(api):
    data = enterprise_data(credit_code="91110000ABCDEFGHIJ")
    answer = api(f.UserFactory()).post("/api/v1/enterprises/register/", data, format="json")
    assert answer.status_code == 400
    assert "credit code" in str(answer.json())
    assert not Enterprise.objects.exists()


def test_staff_read_their_enterprise_with_its_members(as_, hr_a, enterprise_a):
    answer = as_("hr_a").get("/api/v1/me/enterprise/")
    assert answer.status_code == 200
    assert answer.json()["id"] == enterprise_a.pk
    assert [m["username"] for m in answer.json()["members"]] == ["hr_a"]


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_my_enterprise_is_for_enterprise_staff_only(as_, persona):
    assert as_(persona).get("/api/v1/me/enterprise/").status_code == 403


def test_an_admin_invites_a_colleague(as_, hr_a, enterprise_a):
    answer = as_("hr_a").post(
        "/api/v1/me/enterprise/members/invite/",
        {"username": "hr_a2", "email": "hr_a2@example.com"},
        format="json",
    )
    assert answer.status_code == 201
    member = EnterpriseMember.objects.get(user__username="hr_a2")
    assert (member.enterprise, member.role) == (enterprise_a, EnterpriseMember.Role.RECRUITER)


def test_a_recruiter_may_not_invite(api, enterprise_a):
    recruiter = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter").user
    answer = api(recruiter).post(
        "/api/v1/me/enterprise/members/invite/",
        {"username": "hr_a3", "email": "hr_a3@example.com"},
        format="json",
    )
    assert answer.status_code == 403
    assert not User.objects.filter(username="hr_a3").exists()


def test_inviting_an_existing_user_name_answers_409(as_, hr_a, hr_b):
    answer = as_("hr_a").post(
        "/api/v1/me/enterprise/members/invite/",
        {"username": "hr_b", "email": "new@example.com"},
        format="json",
    )
    assert answer.status_code == 409
    assert hr_b.enterprise_membership.enterprise.name.startswith("乙")


# --- branches ----------------------------------------------------------------------------------


def test_staff_list_only_their_own_branches(as_, branch_a, branch_b):
    rows = as_("hr_a").get("/api/v1/branches/").json()["results"]
    assert [row["id"] for row in rows] == [branch_a.pk]


def test_staff_add_a_branch_pending_review(as_, hr_a, enterprise_a):
    answer = as_("hr_a").post(
        "/api/v1/branches/create/",
        {
            "name": "朝阳分公司",
            "region": f.region(f.CITY_X).pk,
            "address": "建国路1号",
            "contact_name": "王经理",
            "contact_phone": "13900000000",
        },
        format="json",
    )
    assert answer.status_code == 201
    branch = Branch.objects.get(pk=answer.json()["id"])
    assert (branch.enterprise, branch.status) == (enterprise_a, Branch.Status.PENDING)


def test_an_enterprise_not_yet_approved_may_not_add_branches(api):
    member = f.EnterpriseMemberFactory(enterprise__status=Enterprise.Status.APPLIED)
    answer = api(member.user).post(
        "/api/v1/branches/create/",
        {
            "name": "分公司",
            "region": f.region(f.CITY_X).pk,
            "address": "路1号",
            "contact_name": "王",
            "contact_phone": "1",
        },
        format="json",
    )
    assert answer.status_code == 409
    assert not Branch.objects.exists()


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_only_staff_add_branches(as_, persona):
    answer = as_(persona).post("/api/v1/branches/create/", {}, format="json")
    assert answer.status_code == 403


# --- posts ---------------------------------------------------------------------------------------


def test_staff_create_a_draft_post_under_their_branch(as_, branch_a):
    answer = as_("hr_a").post("/api/v1/posts/create/", post_data(branch_a), format="json")
    assert answer.status_code == 201
    post = JobPost.objects.get(pk=answer.json()["id"])
    assert (post.status, post.region, post.branch) == ("draft", branch_a.region, branch_a)


def test_a_post_under_another_enterprises_branch_answers_400(as_, hr_a, branch_b):
    answer = as_("hr_a").post("/api/v1/posts/create/", post_data(branch_b), format="json")
    assert answer.status_code == 400
    assert "branch" in field_errors(answer)
    assert not JobPost.objects.exists()


def test_a_salary_range_ending_below_its_start_answers_400(as_, branch_a):
    data = post_data(branch_a, salary_min=8000, salary_max=6000)
    answer = as_("hr_a").post("/api/v1/posts/create/", data, format="json")
    assert answer.status_code == 400
    assert "pay range" in str(field_errors(answer)["salary_max"])
    assert not JobPost.objects.exists()


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_only_staff_create_posts(as_, branch_a, persona):
    answer = as_(persona).post("/api/v1/posts/create/", post_data(branch_a), format="json")
    assert answer.status_code == 403
    assert not JobPost.objects.exists()


def test_staff_edit_a_draft(as_, draft_post):
    answer = as_("hr_a").patch(
        f"/api/v1/posts/{draft_post.pk}/update/", {"title": "叉车司机"}, format="json"
    )
    assert answer.status_code == 200
    draft_post.refresh_from_db()
    assert (draft_post.title, draft_post.status) == ("叉车司机", "draft")


def test_a_material_edit_sends_a_published_post_back_to_review(as_, post):
    answer = as_("hr_a").patch(f"/api/v1/posts/{post.pk}/update/", {"openings": 4}, format="json")
    assert answer.status_code == 200
    post.refresh_from_db()
    assert (post.openings, post.status) == (4, JobPost.Status.PENDING)


def test_another_enterprise_cannot_edit_the_post(as_, post, hr_b):
    answer = as_("hr_b").patch(f"/api/v1/posts/{post.pk}/update/", {"title": "x"}, format="json")
    assert answer.status_code == 404
    post.refresh_from_db()
    assert post.title == "保安"


def test_staff_submit_a_draft_for_review(as_, draft_post):
    answer = as_("hr_a").post(f"/api/v1/posts/{draft_post.pk}/submit/")
    assert answer.status_code == 200
    assert status_of(draft_post) == JobPost.Status.PENDING


def test_submitting_a_pending_post_answers_409(as_, pending_post):
    answer = as_("hr_a").post(f"/api/v1/posts/{pending_post.pk}/submit/")
    assert answer.status_code == 409
    assert answer.json()["code"] == "invalid_transition"


def test_staff_close_a_published_post(as_, post):
    assert as_("hr_a").post(f"/api/v1/posts/{post.pk}/close/").status_code == 200
    assert status_of(post) == JobPost.Status.CLOSED


def test_closing_a_draft_answers_409(as_, draft_post):
    assert as_("hr_a").post(f"/api/v1/posts/{draft_post.pk}/close/").status_code == 409
    assert status_of(draft_post) == JobPost.Status.DRAFT


@pytest.mark.parametrize("persona", ["hr_b", "veteran", "bureau_x", "ministry"])
def test_no_one_else_closes_the_post(as_, post, persona):
    assert as_(persona).post(f"/api/v1/posts/{post.pk}/close/").status_code in (403, 404)
    assert status_of(post) == JobPost.Status.PUBLISHED


def test_staff_list_their_posts_in_every_status(as_, post, draft_post, post_b):
    rows = as_("hr_a").get("/api/v1/me/posts/").json()["results"]
    assert {row["id"] for row in rows} == {post.pk, draft_post.pk}


# --- the pipeline ----------------------------------------------------------------------------------


def test_the_pipeline_lists_applications_to_own_posts_with_masked_resident_ids(
    as_, application, post_b, other_veteran, veteran
):
    make_application(post_b, other_veteran)
    rows = as_("hr_a").get("/api/v1/pipeline/").json()["results"]
    assert [row["id"] for row in rows] == [application.pk]
    assert rows[0]["applicant"]["resident_id"] == veteran.masked_resident_id
    assert veteran.resident_id not in str(rows)


def test_the_pipeline_filters_by_status(as_, post, veteran, other_veteran):
    make_application(post, veteran)
    viewed = make_application(post, other_veteran, Application.Status.VIEWED)
    rows = as_("hr_a").get("/api/v1/pipeline/", {"status": "viewed"}).json()["results"]
    assert [row["id"] for row in rows] == [viewed.pk]


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_the_pipeline_is_for_staff_only(as_, application, persona):
    assert as_(persona).get("/api/v1/pipeline/").status_code == 403


def test_staff_advance_an_application_and_the_veteran_is_told(
    as_, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_("hr_a").post(
            f"/api/v1/applications/{application.pk}/advance/",
            {"target": "viewed", "message": "请周一来面谈"},
            format="json",
        )
    assert answer.status_code == 200
    assert status_of(application) == Application.Status.VIEWED
    assert mail.outbox and mail.outbox[-1].to == [application.veteran.user.email]


def test_skipping_pipeline_steps_answers_409(as_, application):
    answer = as_("hr_a").post(
        f"/api/v1/applications/{application.pk}/advance/", {"target": "offered"}, format="json"
    )
    assert answer.status_code == 409
    assert status_of(application) == Application.Status.SUBMITTED


def test_an_unknown_pipeline_step_answers_400(as_, application):
    answer = as_("hr_a").post(
        f"/api/v1/applications/{application.pk}/advance/", {"target": "hired"}, format="json"
    )
    assert answer.status_code == 400
    assert "target" in field_errors(answer)


def test_another_enterprise_cannot_advance_the_application(as_, application, hr_b):
    answer = as_("hr_b").post(
        f"/api/v1/applications/{application.pk}/advance/", {"target": "viewed"}, format="json"
    )
    assert answer.status_code == 404
    assert status_of(application) == Application.Status.SUBMITTED


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_only_staff_advance_applications(as_, application, persona):
    answer = as_(persona).post(
        f"/api/v1/applications/{application.pk}/advance/", {"target": "viewed"}, format="json"
    )
    assert answer.status_code == 403


def test_staff_hire_an_offered_applicant(as_, post, veteran):
    offered = make_application(post, veteran, Application.Status.OFFERED)
    answer = as_("hr_a").post(
        f"/api/v1/applications/{offered.pk}/hire/",
        {"started_on": TOMORROW.isoformat()},
        format="json",
    )
    assert answer.status_code == 201
    placement = Placement.objects.get(application=offered)
    assert [fu["month"] for fu in answer.json()["follow_ups"]] == [1, 3, 6, 12]
    post.refresh_from_db()
    assert (placement.started_on, post.filled_count) == (TOMORROW, 1)


def test_hiring_an_applicant_not_offered_answers_409(as_, application):
    answer = as_("hr_a").post(
        f"/api/v1/applications/{application.pk}/hire/",
        {"started_on": TOMORROW.isoformat()},
        format="json",
    )
    assert answer.status_code == 409
    assert not Placement.objects.exists()


def test_hiring_without_a_start_date_answers_400(as_, post, veteran):
    offered = make_application(post, veteran, Application.Status.OFFERED)
    answer = as_("hr_a").post(f"/api/v1/applications/{offered.pk}/hire/", {}, format="json")
    assert answer.status_code == 400
    assert "started_on" in field_errors(answer)


def test_staff_download_the_resume_and_the_access_is_recorded(
    as_, post, veteran, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    resume = resume_upload(profile=veteran, uploaded_file=SimpleUploadedFile("cv.pdf", PDF))
    application = f.ApplicationFactory(post=post, veteran=veteran, resume=resume)
    answer = as_("hr_a").get(f"/api/v1/applications/{application.pk}/resume/")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert AuditEvent.objects.for_object(resume).filter(action="resume.accessed").count() == 1


def test_a_resume_of_another_enterprises_applicant_is_not_found(as_, application, hr_b):
    assert as_("hr_b").get(f"/api/v1/applications/{application.pk}/resume/").status_code == 404
    assert not AuditEvent.objects.filter(action="resume.accessed").exists()


def test_an_application_without_a_resume_answers_409(as_, application):
    assert as_("hr_a").get(f"/api/v1/applications/{application.pk}/resume/").status_code == 409
