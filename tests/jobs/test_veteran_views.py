import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Application, JobPost, MatchingRun, PostReport, Recommendation
from portal.accounts.models import AuditEvent
from tests import factories as f
from tests import pdfs
from tests.jobs.conftest import make_application, make_post
from veterans.models import Consent
from veterans.services import consent_give, consent_withdraw, resume_upload

PDF = pdfs.ONE_PAGE


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def veteran_client(client, veteran):
    consent_give(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    client.force_login(veteran.user)
    return client


@pytest.fixture
def agreement_post(branch_a, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, batch=f.BatchFactory(name="第三批"))
    post = make_post(branch_a, agreement=agreement, openings=5, filled_count=2, title="叉车司机")
    post.required_skills.set(
        [f.SkillFactory(code="forklift-x", name="叉车操作X", name_en="Forklift X")]
    )
    return post


def post_url(post) -> str:
    return reverse("jobs:post_detail", args=[post.pk])


def apply(client, post, **data):
    return client.post(reverse("jobs:post_apply", args=[post.pk]), data, follow=True)


def page_text(response) -> str:
    return response.content.decode()


# --- the post page ------------------------------------------------------------------------------


def test_the_post_page_shows_who_offers_it_and_on_what_terms(client, agreement_post):
    text = page_text(client.get(post_url(agreement_post)))
    for shown in (
        "叉车司机",
        agreement_post.branch.enterprise.name,
        agreement_post.branch.name,
        f"Batch {agreement_post.agreement.batch.number} of cooperative enterprises",
        "3 openings left",
        agreement_post.deadline.strftime("%Y-%m-%d"),
        "Forklift X",
    ):
        assert shown in text


def test_a_post_checked_by_a_bureau_shows_the_verified_badge(client, post, bureau_x):
    f.VerificationFactory(post=post, verified_by=bureau_x, verified_on=datetime.date(2026, 3, 2))
    text = page_text(client.get(post_url(post)))
    assert 'data-testid="verified-badge"' in text
    assert "on 2026-03-02 (Phone call)" in text


def test_a_post_whose_latest_check_failed_shows_no_badge(client, post, bureau_x):
    f.VerificationFactory(post=post, verified_by=bureau_x, verified_on=datetime.date(2026, 3, 1))
    f.VerificationFactory(
        post=post,
        verified_by=bureau_x,
        result="inconclusive",
        verified_on=datetime.date(2026, 3, 2),
    )
    assert 'data-testid="verified-badge"' not in page_text(client.get(post_url(post)))


def test_a_visitor_is_invited_to_log_in_to_apply(client, post):
    text = page_text(client.get(post_url(post)))
    assert f"{reverse('accounts:login')}?next=" in text
    assert "jobs:post_apply" not in text and reverse("jobs:post_apply", args=[post.pk]) not in text


@pytest.mark.parametrize("persona", ["veteran", "anonymous"], indirect=True)
def test_a_draft_post_is_not_found(client, persona, draft_post):
    if persona.is_authenticated:
        client.force_login(persona)
    assert client.get(post_url(draft_post)).status_code == 404


def test_a_closed_post_tells_the_veteran_it_is_closed(veteran_client, branch_a):
    closed = make_post(branch_a, JobPost.Status.CLOSED)
    response = veteran_client.get(post_url(closed))
    assert response.status_code == 200
    assert "closed and no longer accepts applications" in page_text(response)
    assert 'data-testid="apply-submit"' not in page_text(response)


def test_a_post_taken_down_is_gone_for_veterans_who_did_not_apply(veteran_client, branch_a):
    taken_down = make_post(branch_a, JobPost.Status.TAKEN_DOWN)
    assert veteran_client.get(post_url(taken_down)).status_code == 404


def test_a_veteran_who_applied_still_reaches_a_post_taken_down(veteran_client, veteran, branch_a):
    taken_down = make_post(branch_a, JobPost.Status.TAKEN_DOWN)
    make_application(taken_down, veteran, Application.Status.VIEWED)
    assert "taken down" in page_text(veteran_client.get(post_url(taken_down)))


# 14, and up to 5 for the skill gap: the best posts' ids, their missing skills, the preferred
# regions, the nearby programmes teaching them and their skills
# (tests/jobs/training/test_gaps.py).
POST_PAGE_QUERIES = 19


def test_the_post_page_needs_the_same_queries_however_many_skills(
    veteran_client, agreement_post, django_assert_max_num_queries
):
    with django_assert_max_num_queries(POST_PAGE_QUERIES):
        veteran_client.get(post_url(agreement_post))
    agreement_post.required_skills.add(*[f.SkillFactory() for _ in range(8)])
    with django_assert_max_num_queries(POST_PAGE_QUERIES):
        veteran_client.get(post_url(agreement_post))


# --- applying -----------------------------------------------------------------------------------


def test_a_veteran_applies_with_a_note_and_a_resume(veteran_client, veteran, post):
    resume = resume_upload(
        profile=veteran, uploaded_file=SimpleUploadedFile("简历.pdf", PDF, "application/pdf")
    )
    response = apply(veteran_client, post, note="有B2驾照", resume=resume.pk)
    application = Application.objects.get(veteran=veteran, post=post)
    assert (application.note, application.resume, application.status) == (
        "有B2驾照",
        resume,
        "submitted",
    )
    assert response.redirect_chain[-1][0] == reverse(
        "jobs:application_detail", args=[application.pk]
    )
    assert AuditEvent.objects.for_object(application).get().action == "application.submitted"


def test_a_veteran_applies_without_a_resume(veteran_client, veteran, post):
    apply(veteran_client, post)
    assert Application.objects.get(veteran=veteran, post=post).resume is None


def test_another_veterans_resume_cannot_be_sent(veteran_client, veteran, other_veteran, post):
    theirs = resume_upload(
        profile=other_veteran, uploaded_file=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    response = apply(veteran_client, post, resume=theirs.pk)
    assert response.status_code == 400
    assert not Application.objects.exists()


def closed_post(branch_a):
    return make_post(branch_a, JobPost.Status.CLOSED)


def filled_post(branch_a):
    return make_post(branch_a, JobPost.Status.FILLED, openings=2, filled_count=2)


def full_but_published(branch_a):
    return make_post(branch_a, openings=2, filled_count=2)


def back_in_review(branch_a):
    # A material edit sent the published post back to review: it stays known, not open.
    return make_post(branch_a, JobPost.Status.PENDING, published_at=timezone.now())


def past_deadline(branch_a):
    return make_post(branch_a, deadline=timezone.localdate() - datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (closed_post, "This post is closed and no longer accepts applications."),
        (filled_post, "All openings of this post are filled."),
        (full_but_published, "All openings of this post are filled."),
        (back_in_review, "being reviewed again"),
        (past_deadline, "The application deadline of this post has passed."),
    ],
    ids=["closed", "filled", "full", "not_published", "deadline_passed"],
)
def test_applying_to_a_post_that_is_not_open_is_refused_with_a_clear_message(
    veteran_client, branch_a, make, message
):
    post = make(branch_a)
    response = apply(veteran_client, post, note="想试试")
    assert message in page_text(response)
    assert not Application.objects.exists()


def test_applying_to_a_draft_post_is_not_found(veteran_client, draft_post):
    response = veteran_client.post(reverse("jobs:post_apply", args=[draft_post.pk]))
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_applying_twice_is_refused_with_a_clear_message(veteran_client, veteran, post):
    apply(veteran_client, post, note="第一次")
    response = apply(veteran_client, post, note="第二次")
    assert "You have already applied to this post." in page_text(response)
    assert list(Application.objects.values_list("note", flat=True)) == ["第一次"]


def test_a_veteran_without_a_profile_is_sent_to_fill_it_in(client, post):
    user = f.UserFactory()
    consent_give(user=user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    client.force_login(user)
    response = client.post(reverse("jobs:post_apply", args=[post.pk]))
    assert response["Location"] == reverse("veterans:profile_step", args=["identity"])
    assert not Application.objects.exists()


def test_a_veteran_who_withdrew_consent_cannot_apply(client, veteran, post):
    consent_withdraw(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA)
    client.force_login(veteran.user)
    assert "consent" in page_text(apply(client, post))
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
def test_only_veterans_apply(client, persona, post):
    client.force_login(persona)
    assert client.post(reverse("jobs:post_apply", args=[post.pk])).status_code == 404
    assert not Application.objects.exists()


def test_applying_wants_a_post_request(veteran_client, post):
    assert veteran_client.get(reverse("jobs:post_apply", args=[post.pk])).status_code == 405


# --- reporting ----------------------------------------------------------------------------------


def test_a_veteran_reports_a_post_with_a_reason(veteran_client, veteran, post):
    response = veteran_client.post(
        reverse("jobs:post_report", args=[post.pk]), {"reason": "fees", "detail": "要交押金"}
    )
    assert response["Location"] == post_url(post)
    report = PostReport.objects.get(post=post)
    assert (report.reporter, report.reason, report.detail) == (veteran.user, "fees", "要交押金")


def test_a_second_open_report_is_refused_with_a_message(veteran_client, post):
    url = reverse("jobs:post_report", args=[post.pk])
    veteran_client.post(url, {"reason": "fake"})
    response = veteran_client.post(url, {"reason": "fake"}, follow=True)
    assert "already reported" in page_text(response)
    assert PostReport.objects.count() == 1


def test_a_report_for_another_reason_wants_details(veteran_client, post):
    response = veteran_client.post(reverse("jobs:post_report", args=[post.pk]), {"reason": "other"})
    assert response.status_code == 400
    assert not PostReport.objects.exists()


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x"], indirect=True)
def test_only_veterans_report(client, persona, post):
    client.force_login(persona)
    response = client.post(reverse("jobs:post_report", args=[post.pk]), {"reason": "fake"})
    assert response.status_code == 404
    assert not PostReport.objects.exists()


# --- my applications ----------------------------------------------------------------------------


def test_my_applications_lists_mine_only(veteran_client, veteran, other_veteran, branch_a):
    mine = make_application(make_post(branch_a, title="我的岗位"), veteran)
    make_application(make_post(branch_a, title="别人的岗位"), other_veteran)
    response = veteran_client.get(reverse("jobs:application_list"))
    assert list(response.context["page_obj"]) == [mine]
    assert "别人的岗位" not in page_text(response)


def test_my_applications_come_20_to_a_page(veteran_client, veteran, branch_a):
    for _ in range(21):
        make_application(make_post(branch_a), veteran)
    response = veteran_client.get(reverse("jobs:application_list"), {"page": 2})
    assert len(response.context["page_obj"]) == 1


def test_my_applications_need_the_same_queries_however_many(
    veteran_client, veteran, branch_a, django_assert_max_num_queries
):
    make_application(make_post(branch_a), veteran)
    with django_assert_max_num_queries(8) as few:
        veteran_client.get(reverse("jobs:application_list"))
    for _ in range(10):
        make_application(make_post(f.BranchFactory()), veteran)
    with django_assert_max_num_queries(len(few.captured_queries)):
        veteran_client.get(reverse("jobs:application_list"))


def test_an_empty_list_says_so(veteran_client):
    assert 'class="portal-empty"' in page_text(veteran_client.get(reverse("jobs:application_list")))


def test_the_timeline_shows_every_status_change_in_order(veteran_client, veteran, post, hr_a):
    application = services.application_submit(post=post, veteran=veteran)
    services.application_advance(application=application, actor=hr_a, target="viewed")
    services.application_advance(
        application=application, actor=hr_a, target="rejected", message="岗位已满"
    )
    response = veteran_client.get(reverse("jobs:application_detail", args=[application.pk]))
    labels = [str(item["label"]) for item in response.context["timeline"]]
    assert labels == [
        "You applied",
        "The employer viewed your application",
        "The employer did not select you this time",
    ]
    assert "岗位已满" in page_text(response)


def test_an_application_without_a_trail_still_shows_when_it_was_sent(veteran_client, veteran, post):
    application = make_application(post, veteran, Application.Status.INTERVIEW)
    response = veteran_client.get(reverse("jobs:application_detail", args=[application.pk]))
    labels = [str(item["label"]) for item in response.context["timeline"]]
    assert labels == ["You applied", "You were invited to an interview"]


def test_a_veteran_withdraws_an_application(veteran_client, veteran, post):
    application = services.application_submit(post=post, veteran=veteran)
    url = reverse("jobs:application_withdraw", args=[application.pk])
    response = veteran_client.post(url, follow=True)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "Your application is withdrawn." in page_text(response)
    labels = [str(item["label"]) for item in response.context["timeline"]]
    assert labels[-1] == "You withdrew your application"


def test_a_hired_application_cannot_be_withdrawn(veteran_client, veteran, post):
    application = make_application(post, veteran, Application.Status.HIRED)
    url = reverse("jobs:application_withdraw", args=[application.pk])
    response = veteran_client.post(url, follow=True)
    assert "This is not possible any more: it is now “Hired”." in page_text(response)
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED


def test_withdrawing_wants_a_post_request(veteran_client, application):
    url = reverse("jobs:application_withdraw", args=[application.pk])
    assert veteran_client.get(url).status_code == 405
    application.refresh_from_db()
    assert application.status == "submitted"


# --- nobody reaches another veteran's things --------------------------------------------------------


@pytest.fixture
def their_application(other_veteran, post):
    resume = resume_upload(
        profile=other_veteran, uploaded_file=SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    return services.application_submit(post=post, veteran=other_veteran, resume=resume)


OTHER_VETERANS_URLS = [
    ("get", "jobs:application_detail", lambda a: a.pk),
    ("post", "jobs:application_withdraw", lambda a: a.pk),
    ("get", "veterans:resume_download", lambda a: a.resume_id),
    ("post", "veterans:resume_delete", lambda a: a.resume_id),
]


@pytest.mark.parametrize(
    ("method", "name", "key"), OTHER_VETERANS_URLS, ids=[n for _m, n, _k in OTHER_VETERANS_URLS]
)
def test_a_veteran_cannot_reach_another_veterans_things(
    veteran_client, their_application, method, name, key, django_capture_on_commit_callbacks
):
    before = (Application.objects.get().status, AuditEvent.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(veteran_client, method)(reverse(name, args=[key(their_application)]))
    assert response.status_code == 404
    their_application.refresh_from_db()
    assert their_application.resume is not None
    assert (their_application.status, AuditEvent.objects.count()) == before


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
@pytest.mark.parametrize("name", ["jobs:application_detail", "jobs:application_withdraw"])
def test_other_roles_do_not_find_the_veterans_application_pages(
    client, persona, their_application, name
):
    client.force_login(persona)
    response = client.post(reverse(name, args=[their_application.pk]))
    assert response.status_code in (404, 405)
    assert client.get(reverse(name, args=[their_application.pk])).status_code in (404, 405)
    their_application.refresh_from_db()
    assert their_application.status == "submitted"


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
@pytest.mark.parametrize("name", ["jobs:application_list", "jobs:recommendations"])
def test_other_roles_do_not_find_the_veterans_lists(client, persona, name):
    client.force_login(persona)
    assert client.get(reverse(name)).status_code == 404


# --- recommendations ----------------------------------------------------------------------------


def recommend(run, veteran, post, rank, **factors):
    values = {
        "score": 1 - rank / 100,
        "skill_fit": 0.8,
        "occupation_fit": 0,
        "location_fit": 1.0,
        "industry_fit": 0,
        "salary_fit": 0,
        "education_fit": 1.0,
        "agreement_bonus": 0,
        "skills_required": 5,
        "skills_matched": 4,
        **factors,
    }
    return Recommendation.objects.create(run=run, veteran=veteran, post=post, rank=rank, **values)


@pytest.fixture
def current_run(db):
    return MatchingRun.objects.create(status="done", is_current=True)


def test_recommendations_of_the_current_run_come_in_rank_order_with_reasons(
    veteran_client, veteran, branch_a, current_run
):
    second = recommend(current_run, veteran, make_post(branch_a, title="第二"), rank=2)
    first = recommend(current_run, veteran, make_post(branch_a, title="第一"), rank=1)
    response = veteran_client.get(reverse("jobs:recommendations"))
    items = response.context["items"]
    assert [item["rec"] for item in items] == [first, second]
    assert items[0]["reasons"][:2] == ["You have 4 of the 5 required skills", "Same city"]
    assert "You have 4 of the 5 required skills" in page_text(response)


def test_rows_of_an_older_run_and_of_other_veterans_are_not_shown(
    veteran_client, veteran, other_veteran, branch_a, current_run
):
    old = MatchingRun.objects.create(status="done", is_current=False)
    recommend(old, veteran, make_post(branch_a), rank=1)
    recommend(current_run, other_veteran, make_post(branch_a), rank=1)
    mine = recommend(current_run, veteran, make_post(branch_a), rank=1)
    items = veteran_client.get(reverse("jobs:recommendations")).context["items"]
    assert [item["rec"] for item in items] == [mine]


def test_posts_closed_since_the_run_are_left_out(veteran_client, veteran, branch_a, current_run):
    recommend(current_run, veteran, make_post(branch_a, JobPost.Status.CLOSED), rank=1)
    assert veteran_client.get(reverse("jobs:recommendations")).context["items"] == []


def test_a_post_already_applied_to_is_marked(veteran_client, veteran, post, current_run):
    recommend(current_run, veteran, post, rank=1)
    make_application(post, veteran)
    assert veteran_client.get(reverse("jobs:recommendations")).context["items"][0]["applied"]


def test_without_a_run_the_page_explains_that_recommendations_come_nightly(veteran_client):
    text = page_text(veteran_client.get(reverse("jobs:recommendations")))
    assert "computed every night" in text


def test_without_a_profile_the_page_asks_for_one(client, db):
    client.force_login(f.UserFactory())
    response = client.get(reverse("jobs:recommendations"))
    assert reverse("veterans:profile_step", args=["identity"]) in page_text(response)


def test_recommendations_need_the_same_queries_however_many(
    veteran_client, veteran, current_run, django_assert_max_num_queries
):
    recommend(current_run, veteran, f.JobPostFactory(), rank=1)
    with django_assert_max_num_queries(12) as few:
        veteran_client.get(reverse("jobs:recommendations"))
    for rank in range(2, 12):
        recommend(current_run, veteran, f.JobPostFactory(), rank=rank)
    with django_assert_max_num_queries(len(few.captured_queries)):
        veteran_client.get(reverse("jobs:recommendations"))


def test_a_post_shows_its_occupation_in_the_language_of_the_page(veteran_client, branch_a):
    post = make_post(branch_a, occupation=f.occupation("4-07-05-01"))
    url = reverse("jobs:post_detail", args=[post.pk])
    english = veteran_client.get(url).content.decode()
    assert "Security guards" in english and "保安员" not in english
    chinese = veteran_client.get(url, headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "保安员" in chinese and "Security guards" not in chinese
