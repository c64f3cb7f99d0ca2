import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.identifiers import make_resident_id
from jobs.models import (
    Application,
    JobPost,
    MatchingRun,
    PostReport,
    Recommendation,
    SavedPost,
    SavedSearch,
)
from jobs.search import rebuild_search_documents
from jobs.services import application_advance
from portal.accounts import crypto
from tests import factories as f
from tests.api.conftest import PDF, field_errors, make_application, make_post
from tests.resident_ids import (
    FULL_WIDTH,
    LATER_DISTRICT_IDS,
    TAKEN,
    near_misses,
    typed_variants,
    with_check_x,
)
from tests.workflow import status_of
from veterans.models import Consent, Resume, VeteranProfile
from veterans.services import consent_give

pytestmark = pytest.mark.django_db
NOT_VETERANS = ["hr_a", "bureau_x", "ministry"]


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


def upload(client, content=PDF, name="简历.pdf"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post("/api/v1/me/resumes/upload/", {"file": file}, format="multipart")


# --- token authentication ------------------------------------------------------------------


def test_a_token_obtained_with_username_and_password_authenticates_api_calls(api, veteran):
    answer = api().post(
        "/api/v1/auth/token/", {"username": "veteran", "password": "pass-Word-123"}, format="json"
    )
    assert answer.status_code == 200
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    assert client.get("/api/v1/me/profile/").json()["full_name"] == veteran.full_name


def test_a_wrong_password_gets_no_token(api, veteran):
    answer = api().post(
        "/api/v1/auth/token/", {"username": "veteran", "password": "wrong"}, format="json"
    )
    assert answer.status_code == 400
    assert "token" not in answer.json()


def test_an_anonymous_caller_is_refused(api, veteran):
    assert api().get("/api/v1/me/profile/").status_code == 403


# --- search and detail -----------------------------------------------------------------------


def test_the_search_lists_published_posts_only(as_, post, draft_post, veteran):
    answer = as_("veteran").get("/api/v1/posts/")
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [post.pk]


def test_the_search_filters_by_province_salary_and_agreement(as_, branch_a, branch_b, veteran):
    agreement = f.AgreementFactory(enterprise=branch_b.enterprise)
    wanted = make_post(branch_b, salary_max=9000, agreement=agreement)
    make_post(branch_b, salary_max=9000)  # no agreement
    make_post(branch_b, salary_min=3000, salary_max=4000, agreement=agreement)  # pays too little
    make_post(branch_a, salary_max=9000)  # another province
    answer = as_("veteran").get(
        "/api/v1/posts/", {"province": "310000", "salary_min": 8000, "under_agreement": "true"}
    )
    assert [row["id"] for row in answer.json()["results"]] == [wanted.pk]


def test_the_search_finds_posts_by_keyword(as_, branch_a, veteran):
    wanted = make_post(branch_a, title="电工")
    make_post(branch_a, title="保安")
    rebuild_search_documents()
    answer = as_("veteran").get("/api/v1/posts/", {"q": "电工"})
    assert [row["id"] for row in answer.json()["results"]] == [wanted.pk]


def test_the_search_pages_by_its_next_cursor(as_, branch_a, veteran):
    for _ in range(21):
        make_post(branch_a)
    client = as_("veteran")
    first = client.get("/api/v1/posts/").json()
    second = client.get("/api/v1/posts/", {"cursor": first["next_cursor"]}).json()
    assert len(first["results"]) == 20 and len(second["results"]) == 1
    assert second["next_cursor"] is None
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize("cursor", ["garbage", "9.1.1x", "cDIw"])
def test_a_cursor_the_search_did_not_give_answers_400(as_, post, cursor):
    answer = as_("veteran").get("/api/v1/posts/", {"cursor": cursor})
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_cursor"


def test_a_bad_filter_answers_400_naming_the_field(as_, veteran):
    answer = as_("veteran").get("/api/v1/posts/", {"province": "Beijing"})
    assert answer.status_code == 400
    assert "province" in field_errors(answer)


def test_a_post_detail_shows_the_description_and_skills(as_, post, veteran):
    post.required_skills.set([f.SkillFactory(name="驾驶")])
    answer = as_("veteran").get(f"/api/v1/posts/{post.pk}/")
    assert answer.status_code == 200
    assert answer.json()["description"] == post.description
    assert [skill["name"] for skill in answer.json()["required_skills"]] == ["驾驶"]


def test_a_draft_of_an_enterprise_is_not_found_by_a_veteran(as_, draft_post, veteran):
    assert as_("veteran").get(f"/api/v1/posts/{draft_post.pk}/").status_code == 404


# --- applying and withdrawing ----------------------------------------------------------------


def test_a_veteran_applies_with_a_note_and_a_resume(as_, post, veteran):
    client = as_("veteran")
    resume = Resume.objects.get(pk=upload(client).json()["id"])
    answer = client.post(
        f"/api/v1/posts/{post.pk}/apply/", {"note": "退役三年", "resume": resume.pk}, format="json"
    )
    assert answer.status_code == 201
    application = Application.objects.get(post=post, veteran=veteran)
    assert (application.note, application.resume, application.status) == (
        "退役三年",
        resume,
        Application.Status.SUBMITTED,
    )


def test_applying_twice_answers_409_and_keeps_one_application(as_, application, veteran):
    answer = as_("veteran").post(f"/api/v1/posts/{application.post_id}/apply/", {}, format="json")
    assert answer.status_code == 409
    assert Application.objects.filter(post=application.post, veteran=veteran).count() == 1


def test_applying_with_another_veterans_resume_answers_400(as_, api, post, veteran, other_veteran):
    resume_id = upload(api(other_veteran)).json()["id"]
    answer = as_("veteran").post(
        f"/api/v1/posts/{post.pk}/apply/", {"resume": resume_id}, format="json"
    )
    assert answer.status_code == 400
    assert "resume" in field_errors(answer)
    assert not Application.objects.exists()


def test_applying_after_the_deadline_answers_409(as_, branch_a, veteran):
    late = make_post(branch_a, deadline=datetime.date.today() - datetime.timedelta(days=1))
    answer = as_("veteran").post(f"/api/v1/posts/{late.pk}/apply/", {}, format="json")
    assert answer.status_code == 409
    assert "deadline" in answer.json()["detail"]
    assert not Application.objects.exists()


def test_applying_to_a_closed_post_is_refused_with_the_reason(as_, branch_a, veteran):
    closed = make_post(branch_a, JobPost.Status.CLOSED)
    answer = as_("veteran").post(f"/api/v1/posts/{closed.pk}/apply/", {}, format="json")
    assert answer.status_code == 409
    assert answer.json()["detail"] == "This post is closed and no longer accepts applications."
    assert not Application.objects.exists()


def test_applying_without_the_consent_is_refused_and_nothing_is_written(as_, post, veteran):
    Consent.objects.filter(user=veteran.user).update(withdrawn_at=timezone.now())
    answer = as_("veteran").post(f"/api/v1/posts/{post.pk}/apply/", {}, format="json")
    assert answer.status_code == 403
    assert "consent" in answer.json()["detail"]
    assert not Application.objects.exists()


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_only_a_veteran_may_apply(as_, post, persona):
    answer = as_(persona).post(f"/api/v1/posts/{post.pk}/apply/", {}, format="json")
    assert answer.status_code == 403
    assert not Application.objects.exists()


def test_a_veteran_without_a_profile_is_asked_to_create_it(api, post):
    newcomer = f.UserFactory()
    answer = api(newcomer).post(f"/api/v1/posts/{post.pk}/apply/", {}, format="json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Please fill in your veteran profile first."
    assert not Application.objects.exists()


def test_a_veteran_withdraws_an_application(as_, application):
    answer = as_("veteran").post(f"/api/v1/applications/{application.pk}/withdraw/")
    assert answer.status_code == 200
    assert status_of(application) == Application.Status.WITHDRAWN


def test_withdrawing_another_veterans_application_is_not_found(as_, application, other_veteran):
    answer = as_("other_veteran").post(f"/api/v1/applications/{application.pk}/withdraw/")
    assert answer.status_code == 404
    assert status_of(application) == Application.Status.SUBMITTED


def test_withdrawing_after_hire_answers_409(as_, post, veteran):
    hired = make_application(post, veteran, Application.Status.HIRED)
    answer = as_("veteran").post(f"/api/v1/applications/{hired.pk}/withdraw/")
    assert answer.status_code == 409
    assert status_of(hired) == Application.Status.HIRED


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_only_the_veteran_may_withdraw(as_, application, persona):
    answer = as_(persona).post(f"/api/v1/applications/{application.pk}/withdraw/")
    assert answer.status_code == 403
    assert status_of(application) == Application.Status.SUBMITTED


def test_my_applications_show_their_status_history(as_, post, post_b, veteran, other_veteran, hr_a):
    client = as_("veteran")
    client.post(f"/api/v1/posts/{post.pk}/apply/", {}, format="json")
    mine = Application.objects.get(veteran=veteran)
    application_advance(application=mine, actor=hr_a, target="viewed", message="已查看")
    make_application(post_b, other_veteran)
    rows = client.get("/api/v1/me/applications/").json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    history = [(step["status"], step["message"]) for step in rows[0]["history"]]
    assert history == [("submitted", ""), ("viewed", "已查看")]


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_my_applications_are_for_veterans_only(as_, persona):
    assert as_(persona).get("/api/v1/me/applications/").status_code == 403


# --- profile ---------------------------------------------------------------------------------

NEW_PROFILE = {
    "full_name": "李四",
    "resident_id": "11010519900307001X",
    "home_region": f.CITY_X,
    "education": 3,
    "willing_to_relocate": True,
}


def test_a_veteran_creates_a_profile_with_put_after_giving_the_consent(api):
    newcomer = f.UserFactory()
    f.region(f.CITY_X)
    client = api(newcomer)
    consent = {"purpose": "sensitive_data", "version": "2026-01"}
    assert client.post("/api/v1/me/consents/give/", consent, format="json").status_code == 201
    data = {**NEW_PROFILE, "resident_id": make_resident_id("110105", datetime.date(1992, 3, 7), 7)}
    answer = client.put("/api/v1/me/profile/update/", data, format="json")
    assert answer.status_code == 201, answer.json()
    profile = VeteranProfile.objects.get(user=newcomer)
    assert (profile.full_name, profile.education, profile.willing_to_relocate) == ("李四", 3, True)


def test_the_owner_sees_the_full_resident_id(as_, veteran):
    answer = as_("veteran").get("/api/v1/me/profile/")
    assert answer.json()["resident_id"] == veteran.resident_id


def test_the_owner_reading_the_full_resident_id_in_the_api_is_audited(as_, veteran):
    from portal.accounts.models import AuditAction, AuditEvent

    as_("veteran").get("/api/v1/me/profile/")
    shown = AuditEvent.objects.for_object(veteran).get()
    assert (shown.action, shown.data) == (
        AuditAction.VETERAN_RESIDENT_ID_SHOWN,
        {"via": "api-profile"},
    )


def test_a_veteran_changes_the_fields_given_and_the_declared_skills(as_, veteran):
    skill = f.SkillFactory()
    answer = as_("veteran").put(
        "/api/v1/me/profile/update/",
        {"desired_salary": 8000, "skills": [skill.pk]},
        format="json",
    )
    assert answer.status_code == 200
    veteran.refresh_from_db()
    assert veteran.desired_salary == 8000 and veteran.full_name.startswith("张")
    assert [s["skill"] for s in answer.json()["skills"]] == [skill.pk]


def test_creating_a_profile_without_the_consent_is_refused_and_nothing_is_written(api):
    newcomer = f.UserFactory()
    f.region(f.CITY_X)
    data = {**NEW_PROFILE, "resident_id": make_resident_id("110105", datetime.date(1992, 3, 7), 7)}
    answer = api(newcomer).put("/api/v1/me/profile/update/", data, format="json")
    assert answer.status_code == 403
    assert "consent" in answer.json()["detail"]
    assert not VeteranProfile.objects.exists()


def test_an_invalid_resident_id_answers_400_with_the_reason(api):
    f.region(f.CITY_X)
    answer = api(f.ConsentFactory(user=f.UserFactory()).user).put(
        "/api/v1/me/profile/update/",
        {**NEW_PROFILE, "resident_id": "110105199003070011"},
        format="json",
    )
    assert answer.status_code == 400
    assert "resident ID" in str(answer.json())
    assert not VeteranProfile.objects.exists()


# --- resident ID numbers as people hold and type them (#13) ---------------------------------

LONGGANG_ID = LATER_DISTRICT_IDS["深圳市龙岗区"]
X_ID = with_check_x("440306", datetime.date(1972, 6, 1))


def newcomer_putting(api, resident_id: str, language="en"):
    """A veteran without a profile (who gave the sensitive-data consent) creating one."""
    user = f.UserFactory()
    consent_give(user=user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    f.region(f.CITY_X)
    client = api(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    data = {**NEW_PROFILE, "resident_id": resident_id}
    return user, client.put("/api/v1/me/profile/update/", data, format="json")


@pytest.mark.parametrize("district", LATER_DISTRICT_IDS)
def test_a_number_from_a_district_created_after_its_holders_birth_is_accepted(api, district):
    number = LATER_DISTRICT_IDS[district]
    user, answer = newcomer_putting(api, number)
    assert answer.status_code == 201, answer.json()
    assert VeteranProfile.objects.get(user=user).resident_id == number


@pytest.mark.parametrize("mistake", near_misses(LONGGANG_ID))
def test_a_near_miss_answers_400_with_its_reason_and_nothing_saved(api, mistake):
    typed, reason = near_misses(LONGGANG_ID)[mistake]
    _user, answer = newcomer_putting(api, typed)
    assert (answer.status_code, field_errors(answer)) == (400, {"resident_id": [reason]})
    assert not VeteranProfile.objects.exists()


@pytest.mark.parametrize("variant", typed_variants(X_ID))
def test_a_number_is_stored_in_the_standard_form_however_it_was_sent(api, variant):
    user, answer = newcomer_putting(api, typed_variants(X_ID)[variant])
    profile = VeteranProfile.objects.get(user=user)
    assert (profile.resident_id, profile.resident_id_hash) == (X_ID, crypto.digest(X_ID))
    assert answer.json()["resident_id"] == X_ID


@pytest.mark.parametrize("variant", typed_variants(X_ID))
def test_another_spelling_of_a_taken_number_answers_400_as_taken(api, variant):
    f.VeteranProfileFactory(resident_id=X_ID)
    _user, answer = newcomer_putting(api, typed_variants(X_ID)[variant])
    assert (answer.status_code, field_errors(answer)) == (400, {"resident_id": [TAKEN]})
    assert VeteranProfile.objects.count() == 1


def test_a_veteran_changing_to_another_spelling_of_someone_elses_number_gets_400(
    as_, veteran, other_veteran
):
    typed = other_veteran.resident_id.lower().translate(FULL_WIDTH)
    answer = as_("veteran").put("/api/v1/me/profile/update/", {"resident_id": typed}, format="json")
    assert (answer.status_code, field_errors(answer)) == (400, {"resident_id": [TAKEN]})
    assert VeteranProfile.objects.get(pk=veteran.pk).resident_id_hash == veteran.resident_id_hash


def test_the_reason_reads_in_chinese_for_a_chinese_speaker(api):
    typed, _reason = near_misses(LONGGANG_ID)["unknown_area_code"]
    _user, answer = newcomer_putting(api, typed, language="zh-hans")
    assert field_errors(answer) == {"resident_id": ["公民身份号码的前六位不是已知的行政区划代码。"]}


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_the_profile_is_for_veterans_only(as_, persona):
    client = as_(persona)
    assert client.get("/api/v1/me/profile/").status_code == 403
    assert client.put("/api/v1/me/profile/update/", NEW_PROFILE, format="json").status_code == 403
    assert not VeteranProfile.objects.exists()


# --- consents --------------------------------------------------------------------------------


def test_a_veteran_gives_and_withdraws_a_consent(as_, veteran):
    client = as_("veteran")
    given = client.post(
        "/api/v1/me/consents/give/",
        {"purpose": "discoverable", "version": "2026-01"},
        format="json",
    )
    assert given.status_code == 201 and given.json()["is_live"]
    withdrawn = client.post(
        "/api/v1/me/consents/withdraw/", {"purpose": "discoverable"}, format="json"
    )
    assert withdrawn.status_code == 200
    consent = Consent.objects.get(user=veteran.user, purpose="discoverable")
    assert consent.withdrawn_at is not None
    rows = client.get("/api/v1/me/consents/").json()["results"]
    assert ("discoverable", False) in [(row["purpose"], row["is_live"]) for row in rows]


def test_withdrawing_a_consent_never_given_is_not_found(as_, veteran):
    answer = as_("veteran").post(
        "/api/v1/me/consents/withdraw/", {"purpose": "discoverable"}, format="json"
    )
    assert answer.status_code == 404


def test_an_unknown_consent_purpose_answers_400(as_, veteran):
    answer = as_("veteran").post(
        "/api/v1/me/consents/give/", {"purpose": "marketing", "version": "1"}, format="json"
    )
    assert answer.status_code == 400 and "purpose" in field_errors(answer)
    assert not Consent.objects.filter(purpose="marketing").exists()


def test_a_veteran_sees_only_their_own_consents(as_, veteran, other_veteran):
    rows = as_("veteran").get("/api/v1/me/consents/").json()["results"]
    assert [row["id"] for row in rows] == [veteran.user.consents.get().pk]


# --- resumes ---------------------------------------------------------------------------------


def test_a_veteran_uploads_lists_and_deletes_a_resume(
    as_, veteran, storage_dir, django_capture_on_commit_callbacks
):
    client = as_("veteran")
    uploaded = upload(client)
    assert uploaded.status_code == 201
    resume = Resume.objects.get(veteran=veteran)
    assert (storage_dir / resume.file.name).read_bytes() == PDF
    assert [r["id"] for r in client.get("/api/v1/me/resumes/").json()["results"]] == [resume.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"/api/v1/me/resumes/{resume.pk}/delete/").status_code == 204
    assert not Resume.objects.exists()
    assert not (storage_dir / resume.file.name).exists()


def test_a_file_that_is_not_a_pdf_answers_400_and_stores_nothing(as_, veteran, storage_dir):
    answer = upload(as_("veteran"), content=b"MZ\x90\x00 not a pdf", name="cv.pdf")
    assert answer.status_code == 400
    assert "PDF" in str(answer.json())
    assert not Resume.objects.exists()


def test_deleting_another_veterans_resume_is_not_found(as_, api, veteran, other_veteran):
    resume_id = upload(api(other_veteran)).json()["id"]
    answer = as_("veteran").delete(f"/api/v1/me/resumes/{resume_id}/delete/")
    assert answer.status_code == 404
    assert Resume.objects.filter(pk=resume_id).exists()


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_resumes_are_for_veterans_only(as_, persona):
    assert as_(persona).get("/api/v1/me/resumes/").status_code == 403
    assert upload(as_(persona)).status_code == 403


# --- recommendations ---------------------------------------------------------------------------


def recommend(run, veteran, post, rank, score):
    factors = dict.fromkeys(
        [
            "skill_fit", "occupation_fit", "location_fit", "industry_fit", "salary_fit",
            "education_fit", "agreement_bonus",
        ],
        0.5,
    )  # fmt: skip
    return Recommendation.objects.create(
        run=run, veteran=veteran, post=post, rank=rank, score=score, **factors
    )


def test_recommendations_of_the_current_run_come_with_their_factors(as_, branch_a, veteran):
    old = MatchingRun.objects.create(status="done")
    current = MatchingRun.objects.create(status="done", is_current=True)
    first, second = make_post(branch_a), make_post(branch_a)
    recommend(old, veteran, first, 1, 0.99)
    recommend(current, veteran, second, 1, 0.8)
    recommend(current, veteran, first, 2, 0.7)
    rows = as_("veteran").get("/api/v1/me/recommendations/").json()["results"]
    assert [(row["post"]["id"], row["score"]) for row in rows] == [
        (second.pk, 0.8),
        (first.pk, 0.7),
    ]
    assert rows[0]["skill_fit"] == 0.5 and rows[0]["agreement_bonus"] == 0.5
    assert rows[0]["reasons"] and all(isinstance(reason, str) for reason in rows[0]["reasons"])


def test_recommended_posts_closed_since_the_run_are_left_out(as_, branch_a, veteran):
    run = MatchingRun.objects.create(status="done", is_current=True)
    recommend(run, veteran, make_post(branch_a, JobPost.Status.CLOSED), 1, 0.9)
    assert as_("veteran").get("/api/v1/me/recommendations/").json()["results"] == []


def test_a_veteran_never_sees_another_veterans_recommendations(as_, post, other_veteran, veteran):
    run = MatchingRun.objects.create(status="done", is_current=True)
    recommend(run, other_veteran, post, 1, 0.9)
    assert as_("veteran").get("/api/v1/me/recommendations/").json()["results"] == []


# --- reports ---------------------------------------------------------------------------------


def test_a_veteran_reports_a_post(as_, post, veteran):
    answer = as_("veteran").post(
        f"/api/v1/posts/{post.pk}/report/", {"reason": "fees", "detail": "要押金"}, format="json"
    )
    assert answer.status_code == 201
    report = PostReport.objects.get(post=post)
    assert (report.reporter, report.reason, report.status) == (veteran.user, "fees", "open")


def test_reporting_a_post_twice_answers_409(as_, post, veteran):
    client = as_("veteran")
    client.post(f"/api/v1/posts/{post.pk}/report/", {"reason": "fake"}, format="json")
    answer = client.post(f"/api/v1/posts/{post.pk}/report/", {"reason": "fake"}, format="json")
    assert answer.status_code == 409
    assert PostReport.objects.count() == 1


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_only_veterans_report_posts(as_, post, persona):
    answer = as_(persona).post(f"/api/v1/posts/{post.pk}/report/", {"reason": "fake"})
    assert answer.status_code == 403
    assert not PostReport.objects.exists()


# --- saved posts and searches ------------------------------------------------------------------


def test_a_veteran_saves_lists_and_unsaves_a_post(as_, post, veteran):
    client = as_("veteran")
    assert client.post(f"/api/v1/posts/{post.pk}/save/").status_code == 201
    assert client.post(f"/api/v1/posts/{post.pk}/save/").status_code == 201  # no second row
    rows = client.get("/api/v1/me/saved-posts/").json()["results"]
    assert [row["post"]["id"] for row in rows] == [post.pk]
    assert client.post(f"/api/v1/posts/{post.pk}/unsave/").status_code == 204
    assert not SavedPost.objects.exists()


def test_saving_a_post_no_longer_published_is_not_found(as_, branch_a, veteran):
    filled = make_post(branch_a, JobPost.Status.FILLED)
    assert as_("veteran").post(f"/api/v1/posts/{filled.pk}/save/").status_code == 404
    assert not SavedPost.objects.exists()


def test_a_veteran_saves_a_search_as_the_web_form_stores_it(as_, veteran):
    client = as_("veteran")
    answer = client.post(
        "/api/v1/me/saved-searches/create/",
        {"name": "北京保安", "filters": {"q": "保安", "city": "110100", "salary_min": 5000}},
        format="json",
    )
    assert answer.status_code == 201
    search = SavedSearch.objects.get(veteran=veteran)
    assert search.params == {"q": "保安", "city": "110100", "salary": "5000"}
    filters = answer.json()["filters"]
    assert (filters["q"], filters["city"], filters["salary_min"]) == ("保安", "110100", 5000)


def test_a_saved_search_without_a_name_answers_400(as_, veteran):
    answer = as_("veteran").post(
        "/api/v1/me/saved-searches/create/", {"name": "", "filters": {}}, format="json"
    )
    assert answer.status_code == 400 and "name" in field_errors(answer)
    assert not SavedSearch.objects.exists()


def test_a_veteran_turns_off_alerts_and_deletes_a_saved_search(as_, veteran):
    search = SavedSearch.objects.create(veteran=veteran, name="电工", params={"q": "电工"})
    client = as_("veteran")
    answer = client.post(
        f"/api/v1/me/saved-searches/{search.pk}/alerts/", {"enabled": False}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["alerts_enabled"] is False
    assert [row["id"] for row in client.get("/api/v1/me/saved-searches/").json()["results"]] == [
        search.pk
    ]
    assert client.delete(f"/api/v1/me/saved-searches/{search.pk}/delete/").status_code == 204
    assert not SavedSearch.objects.exists()


def test_another_veterans_saved_search_is_not_found(as_, veteran, other_veteran):
    search = SavedSearch.objects.create(veteran=other_veteran, name="x", params={})
    client = as_("veteran")
    assert client.delete(f"/api/v1/me/saved-searches/{search.pk}/delete/").status_code == 404
    assert client.get("/api/v1/me/saved-searches/").json()["results"] == []
    assert SavedSearch.objects.filter(pk=search.pk).exists()


@pytest.mark.parametrize("persona", NOT_VETERANS)
def test_saved_posts_and_searches_are_for_veterans_only(as_, post, persona):
    client = as_(persona)
    assert client.post(f"/api/v1/posts/{post.pk}/save/").status_code == 403
    assert client.get("/api/v1/me/saved-searches/").status_code == 403
    assert not SavedPost.objects.exists()
