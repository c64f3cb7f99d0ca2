import datetime

import pytest

from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise
from jobs.models import FollowUp, JobPost, PostReport, Verification
from tests import factories as f
from tests.api.conftest import field_errors, make_post
from tests.workflow import status_of

pytestmark = pytest.mark.django_db
NOT_REGULATORS = ["veteran", "hr_a"]
NOT_BUREAUS = ["veteran", "hr_a", "ministry"]
TODAY = datetime.date.today()


@pytest.fixture
def applied(db):
    """A private enterprise of city X asking to join: bureau_x decides."""
    return f.EnterpriseFactory(status=Enterprise.Status.APPLIED, hq_region=f.region(f.CITY_X))


@pytest.fixture
def pending_branch(enterprise_a):
    return f.BranchFactory(enterprise=enterprise_a, status=Branch.Status.PENDING)


@pytest.fixture
def report(post, other_veteran):
    return f.PostReportFactory(post=post, reporter=other_veteran.user)


@pytest.fixture
def follow_up(post, veteran):
    placement = f.PlacementFactory(
        application__post=post, application__veteran=veteran, started_on=TODAY
    )
    return f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE, due_on=TODAY)


@pytest.fixture
def batch(db):
    return f.BatchFactory(number=3, name="第三批")


# --- enterprise review -----------------------------------------------------------------------------


def test_a_bureau_sees_the_applications_of_its_region_waiting(as_, applied, bureau_y):
    f.EnterpriseFactory(status=Enterprise.Status.APPLIED, hq_region=f.region(f.CITY_Y))
    rows = as_("bureau_x").get("/api/v1/review/enterprises/").json()["results"]
    assert [row["id"] for row in rows] == [applied.pk]
    assert rows[0]["waiting"]


def test_the_ministry_queue_holds_central_soes_only(as_, applied):
    central = f.EnterpriseFactory(status="applied", ownership=Enterprise.Ownership.CENTRAL_SOE)
    rows = as_("ministry").get("/api/v1/review/enterprises/").json()["results"]
    assert [row["id"] for row in rows] == [central.pk]


@pytest.mark.parametrize("persona", NOT_REGULATORS)
def test_the_enterprise_queue_is_for_the_authorities(as_, persona):
    assert as_(persona).get("/api/v1/review/enterprises/").status_code == 403


def test_a_bureau_approves_an_enterprise_of_its_region(as_, applied):
    answer = as_("bureau_x").post(f"/api/v1/enterprises/{applied.pk}/approve/")
    assert answer.status_code == 200
    assert status_of(applied) == Enterprise.Status.APPROVED


def test_a_bureau_of_another_province_does_not_find_the_enterprise(as_, applied):
    assert as_("bureau_y").post(f"/api/v1/enterprises/{applied.pk}/approve/").status_code == 404
    assert status_of(applied) == Enterprise.Status.APPLIED


def test_the_ministry_may_not_approve_a_private_enterprise(as_, applied):
    answer = as_("ministry").post(f"/api/v1/enterprises/{applied.pk}/approve/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "enterprises.may_review_enterprise.other_authority"
    assert status_of(applied) == Enterprise.Status.APPLIED


@pytest.mark.parametrize("persona", NOT_REGULATORS)
def test_only_the_authorities_approve_enterprises(as_, applied, persona):
    assert as_(persona).post(f"/api/v1/enterprises/{applied.pk}/approve/").status_code == 403
    assert status_of(applied) == Enterprise.Status.APPLIED


def test_approving_an_approved_enterprise_answers_409(as_, enterprise_a):
    answer = as_("bureau_x").post(f"/api/v1/enterprises/{enterprise_a.pk}/approve/")
    assert answer.status_code == 409


def test_rejecting_without_a_reason_answers_400(as_, applied):
    answer = as_("bureau_x").post(f"/api/v1/enterprises/{applied.pk}/reject/", {}, format="json")
    assert answer.status_code == 400
    assert "reason" in field_errors(answer)
    assert status_of(applied) == Enterprise.Status.APPLIED


def test_a_bureau_rejects_an_enterprise_with_a_reason(as_, applied):
    answer = as_("bureau_x").post(
        f"/api/v1/enterprises/{applied.pk}/reject/", {"reason": "材料不全"}, format="json"
    )
    assert answer.status_code == 200
    applied.refresh_from_db()
    assert (applied.status, applied.decision_reason) == ("rejected", "材料不全")


# --- branch review -----------------------------------------------------------------------------------


def test_a_bureau_sees_and_approves_a_pending_branch(as_, pending_branch):
    client = as_("bureau_x")
    rows = client.get("/api/v1/review/branches/").json()["results"]
    assert [row["id"] for row in rows] == [pending_branch.pk]
    assert client.post(f"/api/v1/branches/{pending_branch.pk}/approve/").status_code == 200
    assert status_of(pending_branch) == Branch.Status.APPROVED


def test_a_bureau_of_another_province_does_not_find_the_branch(as_, pending_branch, bureau_y):
    answer = as_("bureau_y").post(f"/api/v1/branches/{pending_branch.pk}/approve/")
    assert answer.status_code == 404
    assert status_of(pending_branch) == Branch.Status.PENDING


def test_a_bureau_rejects_a_branch_with_a_reason(as_, pending_branch):
    answer = as_("bureau_x").post(
        f"/api/v1/branches/{pending_branch.pk}/reject/", {"reason": "地址不实"}, format="json"
    )
    assert answer.status_code == 200
    assert status_of(pending_branch) == Branch.Status.REJECTED


@pytest.mark.parametrize("persona", NOT_BUREAUS)
def test_only_a_bureau_decides_branches(as_, pending_branch, persona):
    answer = as_(persona).post(f"/api/v1/branches/{pending_branch.pk}/approve/")
    assert answer.status_code == 403
    assert status_of(pending_branch) == Branch.Status.PENDING


# --- post review -----------------------------------------------------------------------------------


def test_a_bureau_sees_pending_posts_with_their_waiting_time(as_, pending_post, draft_post):
    rows = as_("bureau_x").get("/api/v1/review/posts/").json()["results"]
    assert [row["id"] for row in rows] == [pending_post.pk]
    assert rows[0]["waiting"]


def test_a_bureau_approves_a_pending_post(as_, pending_post):
    assert as_("bureau_x").post(f"/api/v1/posts/{pending_post.pk}/approve/").status_code == 200
    assert status_of(pending_post) == JobPost.Status.PUBLISHED


def test_a_bureau_rejects_a_pending_post_with_a_reason(as_, pending_post):
    answer = as_("bureau_x").post(
        f"/api/v1/posts/{pending_post.pk}/reject/", {"reason": "薪资不实"}, format="json"
    )
    assert answer.status_code == 200
    pending_post.refresh_from_db()
    assert (pending_post.status, pending_post.decision_reason) == ("rejected", "薪资不实")


def test_approving_a_draft_answers_409(as_, draft_post):
    answer = as_("bureau_x").post(f"/api/v1/posts/{draft_post.pk}/approve/")
    assert answer.status_code == 409
    assert status_of(draft_post) == JobPost.Status.DRAFT


def test_a_bureau_of_another_province_does_not_find_the_post(as_, pending_post, bureau_y):
    assert as_("bureau_y").post(f"/api/v1/posts/{pending_post.pk}/approve/").status_code == 404
    assert status_of(pending_post) == JobPost.Status.PENDING


@pytest.mark.parametrize("persona", NOT_BUREAUS)
def test_only_a_bureau_reviews_posts(as_, pending_post, persona):
    assert as_(persona).post(f"/api/v1/posts/{pending_post.pk}/approve/").status_code == 403
    assert status_of(pending_post) == JobPost.Status.PENDING


# --- verifications -------------------------------------------------------------------------------------


def test_a_bureau_records_a_verification(as_, post, bureau_x):
    answer = as_("bureau_x").post(
        "/api/v1/verifications/create/",
        {"post": post.pk, "method": "site_visit", "result": "genuine", "note": "实地核查"},
        format="json",
    )
    assert answer.status_code == 201
    verification = Verification.objects.get(post=post)
    assert (verification.verified_by, verification.verified_on) == (bureau_x, TODAY)


def test_a_post_of_another_province_cannot_be_verified(as_, post, bureau_y):
    answer = as_("bureau_y").post(
        "/api/v1/verifications/create/",
        {"post": post.pk, "method": "phone", "result": "genuine"},
        format="json",
    )
    assert answer.status_code == 400
    assert "post" in field_errors(answer)
    assert not Verification.objects.exists()


def test_verifying_a_draft_answers_409(as_, draft_post):
    answer = as_("bureau_x").post(
        "/api/v1/verifications/create/",
        {"post": draft_post.pk, "method": "phone", "result": "genuine"},
        format="json",
    )
    assert answer.status_code == 409


def test_the_authorities_list_the_verifications_they_oversee(as_, post, post_b, bureau_y):
    f.VerificationFactory(post=post)
    theirs = f.VerificationFactory(post=post_b, verified_by=bureau_y)
    rows = as_("bureau_y").get("/api/v1/verifications/").json()["results"]
    assert [row["id"] for row in rows] == [theirs.pk]
    assert len(as_("ministry").get("/api/v1/verifications/").json()["results"]) == 2


@pytest.mark.parametrize("persona", NOT_REGULATORS)
def test_verifications_are_for_the_authorities(as_, persona):
    assert as_(persona).get("/api/v1/verifications/").status_code == 403


# --- post reports -----------------------------------------------------------------------------------------


def test_a_bureau_confirms_a_report_and_the_post_comes_down(as_, report, post):
    client = as_("bureau_x")
    assert [row["id"] for row in client.get("/api/v1/review/reports/").json()["results"]] == [
        report.pk
    ]
    answer = client.post(
        f"/api/v1/reports/{report.pk}/confirm/", {"note": "企业收取押金"}, format="json"
    )
    assert answer.status_code == 200
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, post.status) == ("confirmed", JobPost.Status.TAKEN_DOWN)


def test_a_bureau_dismisses_a_report(as_, report, post):
    answer = as_("bureau_x").post(
        f"/api/v1/reports/{report.pk}/dismiss/", {"note": "经核实岗位真实"}, format="json"
    )
    assert answer.status_code == 200
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, post.status) == ("dismissed", JobPost.Status.PUBLISHED)


def test_confirming_a_dismissed_report_answers_409(as_, report, post):
    report.status = PostReport.Status.DISMISSED
    report.save()
    answer = as_("bureau_x").post(f"/api/v1/reports/{report.pk}/confirm/", {"note": "x"})
    assert answer.status_code == 409
    assert status_of(post) == JobPost.Status.PUBLISHED


def test_deciding_a_report_without_a_note_answers_400(as_, report):
    answer = as_("bureau_x").post(f"/api/v1/reports/{report.pk}/dismiss/", {}, format="json")
    assert answer.status_code == 400
    assert "note" in field_errors(answer)


def test_a_bureau_of_another_province_does_not_find_the_report(as_, report, bureau_y):
    answer = as_("bureau_y").post(f"/api/v1/reports/{report.pk}/confirm/", {"note": "x"})
    assert answer.status_code == 404
    assert status_of(report) == PostReport.Status.OPEN


@pytest.mark.parametrize("persona", NOT_BUREAUS)
def test_only_a_bureau_decides_reports(as_, report, persona):
    answer = as_(persona).post(f"/api/v1/reports/{report.pk}/dismiss/", {"note": "x"})
    assert answer.status_code == 403
    assert status_of(report) == PostReport.Status.OPEN


# --- follow-ups ---------------------------------------------------------------------------------------------


def test_a_bureau_lists_due_follow_ups_and_records_one(as_, follow_up):
    client = as_("bureau_x")
    rows = client.get("/api/v1/follow-ups/due/").json()["results"]
    assert [(row["id"], row["veteran_name"]) for row in rows] == [
        (follow_up.pk, follow_up.placement.veteran.full_name)
    ]
    answer = client.post(
        f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "employed"}, format="json"
    )
    assert answer.status_code == 200
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.outcome) == ("done", "employed")


def test_a_veteran_who_left_needs_a_reason(as_, follow_up):
    answer = as_("bureau_x").post(
        f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "left"}, format="json"
    )
    assert answer.status_code == 400
    assert "reason" in str(answer.json())
    assert status_of(follow_up) == FollowUp.Status.DUE


def test_recording_a_follow_up_twice_answers_409(as_, follow_up):
    client = as_("bureau_x")
    client.post(f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "employed"})
    answer = client.post(f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "unreachable"})
    assert answer.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.outcome == "employed"


def test_a_bureau_of_another_province_does_not_find_the_follow_up(as_, follow_up, bureau_y):
    client = as_("bureau_y")
    assert client.get("/api/v1/follow-ups/due/").json()["results"] == []
    answer = client.post(f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "employed"})
    assert answer.status_code == 404
    assert status_of(follow_up) == FollowUp.Status.DUE


@pytest.mark.parametrize("persona", NOT_BUREAUS)
def test_only_a_bureau_records_follow_ups(as_, follow_up, persona):
    answer = as_(persona).post(f"/api/v1/follow-ups/{follow_up.pk}/record/", {"outcome": "left"})
    assert answer.status_code == 403
    assert status_of(follow_up) == FollowUp.Status.DUE


# --- batches and agreements --------------------------------------------------------------------------------


def test_the_ministry_publishes_a_batch(as_, ministry):
    answer = as_("ministry").post(
        "/api/v1/batches/create/",
        {"number": 4, "name": "第四批", "published_on": TODAY.isoformat()},
        format="json",
    )
    assert answer.status_code == 201
    assert CooperationBatch.objects.get().number == 4


def test_a_batch_number_taken_answers_409(as_, batch):
    answer = as_("ministry").post(
        "/api/v1/batches/create/",
        {"number": 3, "name": "又一个第三批", "published_on": TODAY.isoformat()},
        format="json",
    )
    assert answer.status_code == 409
    assert CooperationBatch.objects.count() == 1


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x"])
def test_only_the_ministry_publishes_batches(as_, persona):
    answer = as_(persona).post(
        "/api/v1/batches/create/",
        {"number": 5, "name": "第五批", "published_on": TODAY.isoformat()},
        format="json",
    )
    assert answer.status_code == 403
    assert not CooperationBatch.objects.exists()


def test_everyone_signed_in_lists_the_batches(as_, batch):
    assert [row["number"] for row in as_("veteran").get("/api/v1/batches/").json()["results"]] == [
        3
    ]


def agreement_data(batch, enterprise, **changes) -> dict:
    return {
        "batch": batch.pk,
        "enterprise": enterprise.pk,
        "cooperation_mode": "industry",
        "pledged_posts": 50,
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        **changes,
    }


def test_the_ministry_drafts_a_ministry_level_agreement(as_, batch, enterprise_a):
    answer = as_("ministry").post(
        "/api/v1/agreements/create/", agreement_data(batch, enterprise_a), format="json"
    )
    assert answer.status_code == 201
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.signatory_level) == ("draft", "ministry")
    assert (answer.json()["posted"], answer.json()["filled"]) == (0, 0)


def test_a_bureau_drafts_a_provincial_agreement_in_its_province(as_, batch, enterprise_a):
    data = agreement_data(batch, enterprise_a, signatory_level="province", region=f.PROVINCE_X)
    answer = as_("bureau_x").post("/api/v1/agreements/create/", data, format="json")
    assert answer.status_code == 201
    assert Agreement.objects.get().region_id == f.PROVINCE_X


def test_a_bureau_may_not_draft_a_ministry_level_agreement(as_, batch, enterprise_a):
    answer = as_("bureau_x").post(
        "/api/v1/agreements/create/", agreement_data(batch, enterprise_a), format="json"
    )
    assert answer.status_code == 403
    assert not Agreement.objects.exists()


def test_an_agreement_ending_before_it_starts_answers_400(as_, batch, enterprise_a):
    data = agreement_data(batch, enterprise_a, ends_on="2025-12-31")
    answer = as_("ministry").post("/api/v1/agreements/create/", data, format="json")
    assert answer.status_code == 400
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("persona", NOT_REGULATORS)
def test_only_the_authorities_draft_agreements(as_, batch, enterprise_a, persona):
    answer = as_(persona).post(
        "/api/v1/agreements/create/", agreement_data(batch, enterprise_a), format="json"
    )
    assert answer.status_code == 403
    assert not Agreement.objects.exists()


def test_the_ministry_signs_activates_and_terminates_an_agreement(as_, batch, enterprise_a):
    agreement = f.AgreementFactory(
        batch=batch, enterprise=enterprise_a, status="draft", signed_on=None
    )
    client = as_("ministry")
    assert client.post(f"/api/v1/agreements/{agreement.pk}/sign/").status_code == 200
    assert client.post(f"/api/v1/agreements/{agreement.pk}/activate/").status_code == 200
    answer = client.post(
        f"/api/v1/agreements/{agreement.pk}/terminate/", {"reason": "企业退出"}, format="json"
    )
    assert answer.status_code == 200
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == ("terminated", TODAY)


def test_the_ministry_lets_an_active_agreement_expire(as_, batch, enterprise_a):
    agreement = f.AgreementFactory(batch=batch, enterprise=enterprise_a)
    assert as_("ministry").post(f"/api/v1/agreements/{agreement.pk}/expire/").status_code == 200
    assert status_of(agreement) == Agreement.Status.EXPIRED


def test_activating_a_draft_answers_409(as_, batch, enterprise_a):
    agreement = f.AgreementFactory(
        batch=batch, enterprise=enterprise_a, status="draft", signed_on=None
    )
    answer = as_("ministry").post(f"/api/v1/agreements/{agreement.pk}/activate/")
    assert answer.status_code == 409
    assert status_of(agreement) == Agreement.Status.DRAFT


@pytest.mark.parametrize("persona", ["bureau_x", "bureau_y"])
def test_a_bureau_may_not_move_a_ministry_agreement(as_, batch, enterprise_a, persona):
    agreement = f.AgreementFactory(batch=batch, enterprise=enterprise_a)
    answer = as_(persona).post(f"/api/v1/agreements/{agreement.pk}/expire/")
    assert answer.status_code in (403, 404)
    assert status_of(agreement) == Agreement.Status.ACTIVE


def test_the_agreement_list_counts_the_posts_posted_and_filled(as_, batch, enterprise_a, branch_a):
    agreement = f.AgreementFactory(batch=batch, enterprise=enterprise_a)
    make_post(branch_a, agreement=agreement, openings=5, filled_count=2)
    rows = as_("hr_a").get("/api/v1/agreements/").json()["results"]
    assert [(row["id"], row["posted"], row["filled"]) for row in rows] == [(agreement.pk, 5, 2)]


def test_staff_do_not_see_draft_agreements(as_, batch, enterprise_a, hr_a):
    f.AgreementFactory(batch=batch, enterprise=enterprise_a, status="draft", signed_on=None)
    assert as_("hr_a").get("/api/v1/agreements/").json()["results"] == []


# --- audit trail ------------------------------------------------------------------------------------------------


def test_a_bureau_reads_the_audit_trail_of_a_post(as_, pending_post):
    client = as_("bureau_x")
    client.post(f"/api/v1/posts/{pending_post.pk}/approve/", {"note": "材料齐全"}, format="json")
    rows = client.get(f"/api/v1/posts/{pending_post.pk}/audit/").json()["results"]
    assert [(row["action"], row["actor"], row["note"]) for row in rows] == [
        ("job_post.approved", "bureau_x", "材料齐全")
    ]


def test_the_audit_trail_of_an_enterprise_of_another_province_is_not_found(as_, applied, bureau_y):
    assert as_("bureau_y").get(f"/api/v1/enterprises/{applied.pk}/audit/").status_code == 404


def test_the_ministry_reads_every_audit_trail(as_, applied, pending_branch, batch, enterprise_a):
    agreement = f.AgreementFactory(batch=batch, enterprise=enterprise_a)
    client = as_("ministry")
    for path in (
        f"/api/v1/enterprises/{applied.pk}/audit/",
        f"/api/v1/branches/{pending_branch.pk}/audit/",
        f"/api/v1/agreements/{agreement.pk}/audit/",
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("persona", NOT_REGULATORS)
def test_audit_trails_are_for_the_authorities(as_, application, persona):
    assert as_(persona).get(f"/api/v1/applications/{application.pk}/audit/").status_code == 403
