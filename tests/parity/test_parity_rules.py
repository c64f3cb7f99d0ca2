"""Every reason of every rule (portal.rules.RULES), refused alike by the page and the API:
the same sentence in the user's language, a 4xx from the API, and nothing written.

Each test says which rule's reason it shows with @covers; a rule or a reason without a
parity case fails test_parity_every_rule_reason_has_a_case. A rule that no API operation
reaches says why in WEB_ONLY, and the test checks that the API still has no such route.
"""

import datetime
import importlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from demo.identifiers import make_credit_code, make_resident_id
from enterprises.models import (
    Agreement,
    Branch,
    Commendation,
    Enterprise,
    EnterpriseInvitation,
    EnterpriseMember,
    Prospect,
)
from enterprises.services import enterprise_suspend
from jobs.models import Application, JobPost
from portal.reference.models import Region
from portal.rules import RULES
from startups.models import MentorPair, StartUp
from tests import factories as f
from tests.matrix_fixtures import url_patterns
from tests.parity.conftest import LANGUAGE, assert_same_refusal
from veterans.models import Consent, VeteranProfile
from veterans.services import consent_withdraw

pytestmark = pytest.mark.django_db

COVERED: set[tuple[str, str]] = set()
# Rules no API operation reaches, each with why; the test below keeps the API without them.
WEB_ONLY = {
    "jobs.may_organise_event": "recruitment events have no API operations",
    "jobs.may_oversee_event": "recruitment events have no API operations",
    "jobs.may_start_matching_run": "matching runs have no API operations",
    "startups.may_confirm_startup": "the bureau's side of start-ups has no API operations",
    "startups.may_correct_startup": "the API declares and reads start-ups; corrections are web only",
    "startups.may_register_staff": "a start-up's staff are registered on its page only",
    "startups.may_open_case": "the bureau's case records have no API operations",
    "startups.may_keep_case": "the bureau's case records have no API operations",
    "startups.may_keep_catalogue": "the catalogue is kept on the bureau's pages only",
}
POLICY_MODULES = (
    "veterans.policies",
    "enterprises.policies",
    "jobs.policies",
    "jobs.training.policies",
    "jobs.referrals.policies",
    "jobs.notices.policies",
    "jobs.feedback.policies",
    "startups.policies",
    "portal.accounts.policies",
)


def covers(rule: str, *reasons: str):
    def mark(test):
        COVERED.update((rule, reason) for reason in reasons)
        return test

    return mark


def refused_alike(both, user, on_page: tuple, on_api: tuple):
    """Send the request through both doors; both refuse it alike. Returns the API's answer."""
    from_page, from_api = both(user, on_page, on_api)
    assert_same_refusal(from_page, from_api)
    return from_api


def _post(name: str, *args, data=None) -> tuple:
    return ("post", reverse(name, args=args), data or {})


RENEWAL = {"pledged_posts": 50, "starts_on": "2031-01-01", "ends_on": "2032-12-31"}


def _withdraw_consent(profile) -> None:
    consent_withdraw(user=profile.user, purpose=Consent.Purpose.SENSITIVE_DATA)


def _post_of(branch, status=JobPost.Status.PUBLISHED, **fields):
    fields.setdefault("published_at", timezone.now())
    return f.JobPostFactory(branch=branch, status=status, **fields)


@pytest.fixture
def newcomer(db):
    """A veteran's account with neither consent nor profile."""
    return f.UserFactory(username="newcomer")


# --- consent and profile (veterans.policies) ---------------------------------------------------

IDENTITY = {"full_name": "李四", "home_region": f.CITY_X}


def _identity(n: int) -> dict:
    return {**IDENTITY, "resident_id": make_resident_id("110105", datetime.date(1992, 3, 7), n)}


@covers("veterans.consent_given", "missing")
def test_parity_a_profile_is_not_created_without_the_consent(both, newcomer):
    f.region(f.CITY_X)
    identity = _identity(7)
    web = {**identity, "province": f.PROVINCE_X, "phone": ""}
    refused_alike(
        both,
        newcomer,
        _post("veterans:profile_step", "identity", data=web),
        ("put", reverse("api-profile-update"), identity),
    )
    assert not VeteranProfile.objects.exists()


@covers("veterans.consent_given", "missing")
def test_parity_a_profile_is_not_changed_once_the_consent_is_withdrawn(both, veteran):
    _withdraw_consent(veteran)
    refused_alike(
        both,
        veteran.user,
        _post("veterans:profile_step", "education", data={"education": 4}),
        ("put", reverse("api-profile-update"), {"education": 4}),
    )


@covers("veterans.consent_given", "missing")
def test_parity_no_application_without_the_consent(both, veteran, branch_a):
    post = _post_of(branch_a)
    _withdraw_consent(veteran)
    refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )


@covers("veterans.profile_complete", "missing")
def test_parity_no_application_without_a_profile(both, newcomer, branch_a):
    f.ConsentFactory(user=newcomer)
    post = _post_of(branch_a)
    refused_alike(
        both, newcomer, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )


@covers("veterans.profile_complete", "missing")
def test_parity_no_enrolment_without_a_profile(both, newcomer):
    programme = f.TrainingProgrammeFactory()
    refused_alike(
        both,
        newcomer,
        _post("jobs:training_enrol", programme.pk),
        _post("api-programme-enrol", programme.pk),
    )


@covers("veterans.profile_complete", "missing")
def test_parity_no_saved_post_without_a_profile(both, newcomer, branch_a):
    post = _post_of(branch_a)
    refused_alike(both, newcomer, _post("jobs:post_save", post.pk), _post("api-post-save", post.pk))


@covers("veterans.may_see_contact_details", "masked")
def test_parity_an_employer_sees_an_applicants_numbers_masked_on_both_doors(
    hr_a, veteran, branch_a
):
    veteran.phone = "13812345678"
    veteran.save(update_fields=["phone"])
    application = f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran)
    page = Client(headers={"Accept-Language": LANGUAGE})
    page.force_login(hr_a)
    html = page.get(reverse("jobs:applicant_detail", args=[application.pk])).content.decode()
    api = APIClient(HTTP_ACCEPT_LANGUAGE=LANGUAGE)
    api.force_login(hr_a)
    listed = api.get(reverse("api-pipeline")).json()["results"][0]["applicant"]
    assert (listed["resident_id"], listed["phone"]) == (
        veteran.masked_resident_id,
        veteran.masked_phone,
    )
    assert veteran.masked_resident_id in html
    assert veteran.resident_id not in html and "13812345678" not in html
    assert veteran.resident_id not in str(listed) and "13812345678" not in str(listed)


# --- applying and withdrawing (jobs.policies) --------------------------------------------------

CLOSED_POSTS = {
    "closed": {"status": JobPost.Status.CLOSED},
    "filled": {"status": JobPost.Status.FILLED, "filled_count": 5, "openings": 5},
    "deadline_passed": {"deadline": datetime.date(2020, 1, 1)},
    "under_review": {"status": JobPost.Status.PENDING},
}


@covers("jobs.may_apply", *CLOSED_POSTS)
@pytest.mark.parametrize("reason", CLOSED_POSTS)
def test_parity_a_post_that_takes_no_applications_refuses_alike(both, veteran, branch_a, reason):
    post = _post_of(branch_a, **CLOSED_POSTS[reason])
    from_api = refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )
    assert from_api.status == 409


@covers("jobs.may_apply", "taken_down")
def test_parity_a_post_taken_down_since_the_veteran_applied(both, veteran, other_veteran, branch_a):
    post = _post_of(branch_a, status=JobPost.Status.TAKEN_DOWN, decision_reason="虚假岗位")
    f.ApplicationFactory(post=post, veteran=veteran, status=Application.Status.WITHDRAWN)
    from_api = refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )
    assert "下架" in from_api.reason


@covers("jobs.may_apply", "suspended")
def test_parity_no_application_to_a_post_of_a_suspended_enterprise(
    both, veteran, bureau_x, branch_a
):
    post = _post_of(branch_a)
    enterprise_suspend(enterprise=branch_a.enterprise, reviewer=bureau_x, reason="核查不实")
    from_api = refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )
    assert from_api.status == 409
    assert not Application.objects.exists()


@covers("jobs.may_apply", "not_in_force")
def test_parity_no_application_to_a_post_whose_agreement_term_has_ended(both, veteran, branch_a):
    agreement = f.AgreementFactory(
        enterprise=branch_a.enterprise,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 12, 31),
    )
    post = _post_of(branch_a, agreement=agreement)
    from_api = refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )
    assert from_api.status == 409
    assert not Application.objects.exists()


@covers("jobs.may_publish_post", "enterprise_suspended")
def test_parity_a_suspended_enterprises_post_is_not_published(both, bureau_x, branch_a):
    post = _post_of(branch_a, status=JobPost.Status.PENDING, published_at=None)
    enterprise_suspend(enterprise=branch_a.enterprise, reviewer=bureau_x, reason="核查不实")
    from_api = refused_alike(
        both,
        bureau_x,
        _post("jobs:post_approve", post.pk, data=REASON),
        _post("api-post-approve", post.pk, data=REASON),
    )
    assert from_api.status == 409


@covers("jobs.may_apply", "already_applied")
def test_parity_a_second_application_to_one_post(both, veteran, branch_a):
    post = _post_of(branch_a)
    f.ApplicationFactory(post=post, veteran=veteran)
    refused_alike(
        both, veteran.user, _post("jobs:post_apply", post.pk), _post("api-post-apply", post.pk)
    )
    assert Application.objects.count() == 1


@covers("jobs.may_withdraw", "not_applicant")
def test_parity_another_veterans_application_is_not_found(both, veteran, other_veteran, branch_a):
    application = f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran)
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:application_withdraw", application.pk),
        _post("api-application-withdraw", application.pk),
    )


# --- the bureaus' and the ministry's reviews ------------------------------------------------------

REASON = {"note": "同意", "reason": "材料不全"}


@covers("jobs.may_review_post", "outside")
def test_parity_the_ministry_does_not_review_a_post(both, ministry, branch_a):
    pending = _post_of(branch_a, status=JobPost.Status.PENDING, published_at=None)
    refused_alike(
        both,
        ministry,
        _post("jobs:post_approve", pending.pk, data=REASON),
        _post("api-post-approve", pending.pk, data=REASON),
    )


@covers("jobs.may_review_post", "outside")
def test_parity_a_post_of_another_province_is_not_found(both, bureau_y, branch_a):
    pending = _post_of(branch_a, status=JobPost.Status.PENDING, published_at=None)
    refused_alike(
        both,
        bureau_y,
        _post("jobs:post_reject", pending.pk, data=REASON),
        _post("api-post-reject", pending.pk, data=REASON),
    )


@covers("jobs.may_handle_report", "outside")
def test_parity_the_ministry_does_not_decide_a_report(both, ministry, other_veteran, branch_a):
    report = f.PostReportFactory(post=_post_of(branch_a), reporter=other_veteran.user)
    refused_alike(
        both,
        ministry,
        _post("jobs:report_confirm", report.pk, data=REASON),
        _post("api-report-confirm", report.pk, data=REASON),
    )


@covers("jobs.may_record_follow_up", "outside")
def test_parity_a_follow_up_of_another_province_is_not_found(both, bureau_y, veteran, branch_a):
    application = f.ApplicationFactory(
        post=_post_of(branch_a), veteran=veteran, status=Application.Status.HIRED
    )
    follow_up = f.FollowUpFactory(placement=f.PlacementFactory(application=application))
    data = {"outcome": "employed"}
    refused_alike(
        both,
        bureau_y,
        _post("jobs:follow_up_record", follow_up.pk, data=data),
        _post("api-follow-up-record", follow_up.pk, data=data),
    )


@covers("enterprises.may_decide_commendation", "not_ministry")
def test_parity_a_bureau_may_see_a_confirmed_commendation_entry_but_not_decide_it(both, bureau_x):
    warned = Commendation.objects.create(
        enterprise=f.EnterpriseFactory(),
        kind=Commendation.Kind.WARNING,
        year=2025,
        quarter=4,
        period_ends_on=datetime.date(2025, 12, 31),
        status=Commendation.Status.CONFIRMED,
        note="履约不足",
    )
    note = {"note": "已整改"}
    from_api = refused_alike(
        both,
        bureau_x,
        _post("dashboards:commendation_dismiss", warned.pk, data=note),
        _post("api-commendation-dismiss", warned.pk, data=note),
    )
    assert from_api.status == 403


@covers("enterprises.may_review_enterprise", "other_authority")
def test_parity_an_enterprise_seated_in_another_province_is_its_bureaus(both, bureau_x):
    elsewhere = f.EnterpriseFactory(status=Enterprise.Status.APPLIED, hq_region=f.region(f.CITY_Y))
    f.BranchFactory(enterprise=elsewhere, region=f.region(f.CITY_X))  # so bureau_x sees it
    from_api = refused_alike(
        both,
        bureau_x,
        _post("enterprises:enterprise_approve", elsewhere.pk, data=REASON),
        _post("api-enterprise-approve", elsewhere.pk, data=REASON),
    )
    assert from_api.status == 403


@covers("enterprises.may_review_enterprise", "other_authority")
def test_parity_a_central_state_owned_enterprise_is_the_ministrys(both, bureau_x):
    central = f.EnterpriseFactory(
        status=Enterprise.Status.APPLIED, ownership=Enterprise.Ownership.CENTRAL_SOE
    )
    refused_alike(
        both,
        bureau_x,
        _post("enterprises:enterprise_reject", central.pk, data=REASON),
        _post("api-enterprise-reject", central.pk, data=REASON),
    )


@covers("enterprises.may_review_enterprise", "other_authority")
def test_parity_the_ministry_leaves_a_private_enterprise_to_its_bureau(both, ministry):
    approved = f.EnterpriseFactory()
    refused_alike(
        both,
        ministry,
        _post("enterprises:enterprise_suspend", approved.pk, data=REASON),
        _post("api-enterprise-suspend", approved.pk, data=REASON),
    )


@covers("enterprises.may_review_branch", "outside")
def test_parity_a_branch_in_another_province_is_its_bureaus(both, bureau_x, enterprise_a):
    away = f.BranchFactory(
        enterprise=enterprise_a, region=f.region(f.CITY_Y), status=Branch.Status.PENDING
    )
    refused_alike(
        both,
        bureau_x,
        _post("enterprises:branch_approve", away.pk, data=REASON),
        _post("api-branch-approve", away.pk, data=REASON),
    )


@covers("enterprises.may_act_on_agreement", "not_signatory")
def test_parity_a_bureau_does_not_terminate_the_ministrys_agreement(both, bureau_x, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a)
    assert agreement.signatory_level == Agreement.SignatoryLevel.MINISTRY
    refused_alike(
        both,
        bureau_x,
        _post("enterprises:agreement_terminate", agreement.pk, data=REASON),
        _post("api-agreement-terminate", agreement.pk, data=REASON),
    )


@covers("enterprises.may_renew_agreement", "not_expired")
def test_parity_an_agreement_in_force_is_not_renewed(both, ministry, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a)
    refused_alike(
        both,
        ministry,
        _post("enterprises:agreement_renew", agreement.pk, data=RENEWAL),
        _post("api-agreement-renew", agreement.pk, data=RENEWAL),
    )
    assert Agreement.objects.count() == 1


@covers("enterprises.may_renew_agreement", "renewed")
def test_parity_an_agreement_is_renewed_once(both, ministry, enterprise_a):
    expired = f.AgreementFactory(enterprise=enterprise_a, status=Agreement.Status.EXPIRED)
    f.AgreementFactory(
        enterprise=enterprise_a,
        batch=expired.batch,
        status=Agreement.Status.DRAFT,
        signed_on=None,
        renewed_from=expired,
        starts_on=datetime.date(2031, 1, 1),
        ends_on=datetime.date(2032, 1, 1),
    )
    refused_alike(
        both,
        ministry,
        _post("enterprises:agreement_renew", expired.pk, data=RENEWAL),
        _post("api-agreement-renew", expired.pk, data=RENEWAL),
    )


# --- an enterprise's own staff (enterprises.policies) --------------------------------------------


@covers("enterprises.staff_of", "outsider")
def test_parity_another_enterprises_post_is_not_found(both, hr_b, branch_a):
    post = _post_of(branch_a)
    refused_alike(
        both, hr_b, _post("jobs:enterprise_post_close", post.pk), _post("api-post-close", post.pk)
    )


@covers("enterprises.may_add_branch", "not_approved")
def test_parity_an_enterprise_awaiting_review_adds_no_branch(both):
    applied = f.EnterpriseFactory(status=Enterprise.Status.APPLIED)
    staff = f.EnterpriseMemberFactory(enterprise=applied).user
    branch = {
        "name": "深圳分公司",
        "region": f.region(f.CITY_X).pk,
        "address": "深南大道1号",
        "contact_name": "王经理",
        "contact_phone": "13800000000",
    }
    answer = refused_alike(
        both,
        staff,
        _post("enterprises:branch_create", data=branch),
        _post("api-branch-create", data=branch),
    )
    assert answer.status == 409


@covers("enterprises.admin_of", "not_admin")
def test_parity_a_recruiter_does_not_invite_colleagues(both, enterprise_a):
    recruiter = f.EnterpriseMemberFactory(
        enterprise=enterprise_a, role=EnterpriseMember.Role.RECRUITER
    ).user
    invite = {"username": "new_hr", "email": "new_hr@example.com", "role": "recruiter"}
    from_api = refused_alike(
        both,
        recruiter,
        _post("enterprises:member_invite", data=invite),
        _post("api-enterprise-member-invite", data=invite),
    )
    assert from_api.status == 403


def test_parity_a_post_beyond_its_agreements_pledge(both, hr_a, enterprise_a, branch_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=10)
    _post_of(branch_a, agreement=agreement, openings=8)
    occupation = f.occupation()
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    post = {
        "branch": branch_a.pk,
        "agreement": agreement.pk,
        "title": "仓库管理员",
        "description": "负责仓库收发货。",
        "occupation": occupation.pk,
        "employment_type": "full_time",
        "min_education": 2,
        "salary_min": 5000,
        "salary_max": 7000,
        "openings": 5,
        "deadline": deadline,
    }
    from_api = refused_alike(
        both,
        hr_a,
        _post("jobs:enterprise_post_create", data=post),
        _post("api-post-create", data=post),
    )
    assert "2" in from_api.reason  # "… and 2 are still free"


# --- training (jobs.training.policies) ---------------------------------------------------------


@covers("training.may_manage", "outside")
def test_parity_an_institution_of_another_province_is_not_found(both, bureau_y):
    institution = f.TrainingInstitutionFactory()
    data = {"name": "改名", "contact_phone": "010-1"}
    refused_alike(
        both,
        bureau_y,
        _post("jobs:training_institution_edit", institution.pk, data=data),
        ("patch", reverse("api-institution-update", args=[institution.pk]), data),
    )


# --- training cooperation (jobs.training.policies, issue 19) -----------------------------------


def _training_agreement(enterprise, region_code=f.PROVINCE_X, **fields):
    level = "province" if region_code.endswith("0000") else "city"
    return f.AgreementFactory(
        enterprise=enterprise,
        cooperation_mode=Agreement.CooperationMode.TRAINING,
        signatory_level=level,
        region=f.region(region_code),
        **fields,
    )


def _link(agreement, programme) -> tuple[tuple, tuple]:
    data = {"programme": programme.pk}
    return (
        _post("jobs:agreement_programme_link", agreement.pk, data=data),
        _post("api-agreement-programme-link", agreement.pk, data=data),
    )


@covers("training.may_link_programme", "not_training")
def test_parity_cooperation_mode_training_only_a_training_agreement_links(
    both, bureau_x, enterprise_a
):
    agreement = f.AgreementFactory(
        enterprise=enterprise_a, signatory_level="province", region=f.region(f.PROVINCE_X)
    )
    refused_alike(both, bureau_x, *_link(agreement, f.TrainingProgrammeFactory()))


@covers("training.may_link_programme", "over")
def test_parity_cooperation_mode_training_an_agreement_over_links_nothing(
    both, bureau_x, enterprise_a
):
    agreement = _training_agreement(enterprise_a, status=Agreement.Status.TERMINATED)
    refused_alike(both, bureau_x, *_link(agreement, f.TrainingProgrammeFactory()))


@covers("training.may_link_programme", "outside")
def test_parity_cooperation_mode_training_a_programme_outside_the_agreements_city(
    both, enterprise_a
):
    """Henan's bureau acts on an agreement signed by Zhengzhou's and sees Kaifeng's
    programme, which the agreement cannot link."""
    henan = f.BureauUserFactory(region=f.region("410000"))
    agreement = _training_agreement(enterprise_a, "410100")
    kaifeng = f.TrainingProgrammeFactory(
        institution=f.TrainingInstitutionFactory(region=f.region("410200"))
    )
    refused_alike(both, henan, *_link(agreement, kaifeng))


@covers("training.may_link_programme", "not_approved")
def test_parity_cooperation_mode_training_a_pending_programme_is_not_linked(
    both, bureau_x, enterprise_a
):
    pending = f.TrainingProgrammeFactory(status="pending")
    refused_alike(both, bureau_x, *_link(_training_agreement(enterprise_a), pending))


@covers("training.may_link_programme", "already_linked")
def test_parity_cooperation_mode_training_a_programme_is_linked_once(both, bureau_x, enterprise_a):
    from jobs.models import TrainingAgreementLink

    agreement = _training_agreement(enterprise_a)
    programme = f.TrainingProgrammeFactory()
    TrainingAgreementLink.objects.create(agreement=agreement, programme=programme)
    refused_alike(both, bureau_x, *_link(agreement, programme))


@covers("training.may_unlink_programme", "not_linked")
def test_parity_cooperation_mode_training_a_programme_not_linked_is_not_unlinked(
    both, bureau_x, enterprise_a
):
    agreement = _training_agreement(enterprise_a)
    data = {"programme": f.TrainingProgrammeFactory().pk}
    refused_alike(
        both,
        bureau_x,
        _post("jobs:agreement_programme_unlink", agreement.pk, data=data),
        _post("api-agreement-programme-unlink", agreement.pk, data=data),
    )


@covers("veterans.may_keep_service_station", "outside")
def test_parity_a_service_station_of_another_province_is_not_found(both, bureau_y):
    station = f.ServiceStationFactory()
    data = {"name": "改名", "phone": "010-12345678"}
    refused_alike(
        both,
        bureau_y,
        _post("veterans:service_station_edit", station.pk, data=data),
        ("patch", reverse("api-service-station-update", args=[station.pk]), data),
    )


@covers("veterans.may_keep_service_station", "outside")
def test_parity_a_district_officer_lists_no_service_station_in_another_district(
    both, bureau_district
):
    data = {
        "region": f.OTHER_DISTRICT_X, "kind": "station", "name": "海淀区服务站",
        "address": "海淀路1号", "phone": "010-12345678", "hours": "9:00–17:00",
        "services": "就业服务",
    }  # fmt: skip
    refused_alike(
        both,
        bureau_district,
        _post("veterans:service_station_create", data=data),
        ("post", reverse("api-service-station-create"), data),
    )


@covers("training.may_record", "outside")
def test_parity_the_ministry_does_not_record_attendance(both, ministry, veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    refused_alike(
        both,
        ministry,
        _post("jobs:training_start", enrolment.pk),
        _post("api-enrolment-start", enrolment.pk),
    )


@covers("training.may_withdraw", "not_own")
def test_parity_another_veterans_enrolment_is_not_found(both, veteran, other_veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:training_withdraw", enrolment.pk),
        _post("api-enrolment-withdraw", enrolment.pk),
    )


@covers("training.may_see_roll", "outside")
def test_parity_the_roll_of_another_provinces_programme_is_not_found(both, bureau_y, veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    programme = enrolment.programme.pk
    refused_alike(
        both,
        bureau_y,
        ("get", reverse("jobs:training_programme_detail", args=[programme]), {}),
        ("get", reverse("api-programme-enrolments", args=[programme]), {}),
    )


# --- issue 16: contact details, evidence, hires made anywhere, attendance -----------------------


def _get(name: str, *args) -> tuple:
    return ("get", reverse(name, args=args), {})


@covers("jobs.may_see_applicant_contact", "no_consent")
def test_parity_contact_details_without_the_applicant_s_consent(both, hr_a, veteran, branch_a):
    application = f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran)
    from_api = refused_alike(
        both,
        hr_a,
        _get("jobs:applicant_contact", application.pk),
        _get("api-application-contact", application.pk),
    )
    assert from_api.status == 403


@covers("jobs.may_see_applicant_contact", "not_staff")
def test_parity_contact_details_of_another_enterprise_s_applicant(both, hr_b, veteran, branch_a):
    application = f.ApplicationFactory(
        post=_post_of(branch_a), veteran=veteran, contact_shared_at=timezone.now()
    )
    refused_alike(
        both,
        hr_b,
        _get("jobs:applicant_contact", application.pk),
        _get("api-application-contact", application.pk),
    )


@covers("jobs.may_see_evidence", "outside")
def test_parity_genuine_evidence_of_another_province(
    both, bureau_x, bureau_y, branch_a, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from jobs.models import VerificationEvidence
    from tests import pdfs

    settings.PRIVATE_STORAGE_ROOT = tmp_path
    verification = f.VerificationFactory(post=_post_of(branch_a), verified_by=bureau_x)
    evidence = VerificationEvidence(
        verification=verification, kind="pdf", original_name="a.pdf", size=9
    )
    evidence.file.save("a.pdf", ContentFile(pdfs.ONE_PAGE), save=True)
    refused_alike(
        both,
        bureau_y,
        _get("jobs:verification_evidence", evidence.pk),
        _get("api-verification-evidence-file", evidence.pk),
    )


def _hire_data(post, veteran) -> dict:
    return {
        "post": post.pk,
        "channel": "direct",
        "resident_id": veteran.resident_id,
        "started_on": timezone.localdate().isoformat(),
    }


@covers("jobs.may_record_offline_hire", "outside")
def test_parity_an_offline_hire_on_another_enterprise_s_post(both, hr_b, veteran, branch_a):
    post = _post_of(branch_a)
    data = _hire_data(post, veteran)
    from_api = refused_alike(
        both,
        hr_b,
        _post("jobs:offline_hire_create", data=data),
        _post("api-offline-hire-record", data=data),
    )
    assert from_api.status == 403


@covers("jobs.may_answer_offline_hire", "not_yours")
def test_parity_an_offline_hire_is_answered_by_its_veteran_only(
    both, hr_a, veteran, other_veteran, branch_a
):
    from jobs.models import OfflineHire

    hire = OfflineHire.objects.create(
        post=_post_of(branch_a), channel="direct", veteran=veteran,
        started_on=timezone.localdate(), recorded_by=hr_a,
    )  # fmt: skip
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:offline_hire_confirm", hire.token),
        _post("api-offline-hire-confirm", hire.pk),
    )


@covers("jobs.may_oversee_attendance", "outside")
def test_parity_offline_hire_attendance_at_another_province_s_event(
    both, bureau_y, bureau_x, veteran
):
    event = f.RecruitmentEventFactory(
        organiser=bureau_x, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    registration = event.registrations.create(veteran=veteran)
    refused_alike(
        both,
        bureau_y,
        _post("jobs:event_attendance", registration.pk, data={"attended": "1"}),
        _post("api-event-attendance", registration.pk, data={"attended": True}),
    )


# --- interviews, messages and invitations (#18) ------------------------------------------------

INTERVIEW_AT = (timezone.localtime() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
PROPOSAL = {"mode": "on_site", "place": "会议室", "contact_name": "王经理",
            "contact_phone": "010-12345678"}  # fmt: skip


def _proposals(application) -> tuple:
    page = {**PROPOSAL, "slot_1": INTERVIEW_AT.strftime("%Y-%m-%dT%H:%M"), "minutes": 60}
    api = {**PROPOSAL, "slots": [INTERVIEW_AT.isoformat()]}
    return (
        _post("jobs:interview_propose", application.pk, data=page),
        ("post", reverse("api-interview-propose", args=[application.pk]), api),
    )


def _interview_of(application, hr):
    from jobs.services import interview_propose

    return interview_propose(application=application, actor=hr, slots=[INTERVIEW_AT], **PROPOSAL)


@covers("jobs.may_propose_interview", "not_in_pipeline")
def test_parity_an_interview_for_an_offered_application_is_refused_alike(
    both, hr_a, veteran, branch_a
):
    application = f.ApplicationFactory(
        post=_post_of(branch_a), veteran=veteran, status=Application.Status.OFFERED
    )
    refused_alike(both, hr_a, *_proposals(application))


@covers("jobs.may_propose_interview", "already_open")
def test_parity_a_second_open_interview_is_refused_alike(both, hr_a, veteran, branch_a):
    application = f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran)
    _interview_of(application, hr_a)
    refused_alike(both, hr_a, *_proposals(application))


@covers("jobs.may_answer_interview", "not_applicant")
def test_parity_another_veterans_interview_is_not_found(
    both, hr_a, veteran, other_veteran, branch_a
):
    interview = _interview_of(f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran), hr_a)
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:interview_decline", interview.pk),
        _post("api-interview-decline", interview.pk),
    )


def _messages_to(application) -> tuple:
    return (
        _post("jobs:message_send", application.pk, data={"body": "您好"}),
        _post("api-message-send", application.pk, data={"body": "您好"}),
    )


@covers("jobs.may_send_message", "closed")
def test_parity_a_withdrawn_applications_thread_takes_no_message_alike(both, veteran, branch_a):
    application = f.ApplicationFactory(
        post=_post_of(branch_a), veteran=veteran, status=Application.Status.WITHDRAWN
    )
    refused_alike(both, veteran.user, *_messages_to(application))


@covers("jobs.may_send_message", "too_many")
def test_parity_messages_over_the_hourly_limit_are_refused_alike(both, veteran, branch_a, settings):
    settings.MESSAGES_PER_HOUR = 0
    application = f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran)
    from_api = refused_alike(both, veteran.user, *_messages_to(application))
    assert from_api.status == 409


def _message_of(application, sender):
    from jobs.models import Message

    side = Message.Side.VETERAN if sender.is_veteran else Message.Side.ENTERPRISE
    return Message.objects.create(application=application, sender=sender, side=side, body="押金")


def _reports_of(message) -> tuple:
    return (
        _post("jobs:message_report", message.pk, data={"reason": "fees"}),
        _post("api-message-report", message.pk, data={"reason": "fees"}),
    )


@covers("jobs.may_report_message", "own_message")
def test_parity_ones_own_message_is_not_reported_alike(both, hr_a, veteran, branch_a):
    message = _message_of(f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran), hr_a)
    refused_alike(both, hr_a, *_reports_of(message))


@covers("jobs.may_report_message", "removed")
def test_parity_a_removed_message_is_not_reported_again_alike(both, hr_a, veteran, branch_a):
    message = _message_of(f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran), hr_a)
    message.hidden_at = timezone.now()
    message.save()
    refused_alike(both, veteran.user, *_reports_of(message))


@covers("jobs.may_handle_message_report", "outside")
def test_parity_another_provinces_message_report_is_not_found(
    both, bureau_y, hr_a, veteran, branch_a
):
    from jobs.models import MessageReport

    message = _message_of(f.ApplicationFactory(post=_post_of(branch_a), veteran=veteran), hr_a)
    report = MessageReport.objects.create(message=message, reporter=veteran.user, reason="fees")
    refused_alike(
        both,
        bureau_y,
        _post("jobs:message_report_uphold", report.pk, data={"note": "属实"}),
        _post("api-message-report-uphold", report.pk, data={"note": "属实"}),
    )


def _candidate_of(post, veteran, consent=True):
    from jobs.models import MatchingRun, PostCandidate

    if consent:
        f.ConsentFactory(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE)
    run = MatchingRun.objects.create(status=MatchingRun.Status.DONE, is_current=True)
    return PostCandidate.objects.create(run=run, post=post, veteran=veteran, score=0.7)


def _invitations_of(post, veteran) -> tuple:
    data = {"veteran": veteran.pk}
    return (
        _post("jobs:candidate_invite", post.pk, data=data),
        _post("api-candidate-invite", post.pk, data=data),
    )


@covers("jobs.may_invite", "post_closed")
def test_parity_no_invitation_to_a_closed_post(both, hr_a, veteran, branch_a):
    post = _post_of(branch_a, status=JobPost.Status.CLOSED)
    _candidate_of(post, veteran)
    refused_alike(both, hr_a, *_invitations_of(post, veteran))


@covers("jobs.may_invite", "no_consent")
def test_parity_no_invitation_without_the_consent_to_be_found(both, hr_a, veteran, branch_a):
    post = _post_of(branch_a)
    _candidate_of(post, veteran, consent=False)
    refused_alike(both, hr_a, *_invitations_of(post, veteran))


@covers("jobs.may_invite", "already_invited")
def test_parity_no_second_invitation_of_one_veteran(both, hr_a, veteran, branch_a):
    from jobs.services import invitation_send

    post = _post_of(branch_a)
    invitation_send(post=post, candidate=_candidate_of(post, veteran), actor=hr_a)
    refused_alike(both, hr_a, *_invitations_of(post, veteran))


@covers("jobs.may_invite", "already_applied")
def test_parity_no_invitation_of_a_veteran_who_applied(both, hr_a, veteran, branch_a):
    post = _post_of(branch_a)
    _candidate_of(post, veteran)
    f.ApplicationFactory(post=post, veteran=veteran)
    refused_alike(both, hr_a, *_invitations_of(post, veteran))


@covers("jobs.may_invite", "over_limit")
def test_parity_no_invitation_over_the_daily_limit(both, hr_a, veteran, branch_a, settings):
    settings.INVITATIONS_PER_POST_PER_DAY = 0
    post = _post_of(branch_a)
    _candidate_of(post, veteran)
    refused_alike(both, hr_a, *_invitations_of(post, veteran))


@covers("jobs.may_answer_invitation", "not_invitee")
def test_parity_another_veterans_invitation_is_not_found(
    both, hr_a, veteran, other_veteran, branch_a
):
    from jobs.services import invitation_send

    post = _post_of(branch_a)
    invitation = invitation_send(post=post, candidate=_candidate_of(post, veteran), actor=hr_a)
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:invitation_decline", invitation.pk),
        _post("api-invitation-decline", invitation.pk),
    )


# --- veterans' start-ups (startups.policies) --------------------------------------------------


@covers("veterans.profile_complete", "missing")
def test_parity_no_startup_declared_without_a_profile(both, newcomer):
    f.ConsentFactory(user=newcomer)
    startup = {
        "name": "对等创业有限公司",
        "credit_code": make_credit_code("110105", 4321),
        "founded_on": "2025-01-01",
        "industry": f.industry().pk,
        "region": f.region(f.CITY_X).pk,
        "address": "对等路 1 号",
        "stage": "starting",
        "employees": 3,
        "veteran_employees": 1,
    }
    from_api = refused_alike(
        both,
        newcomer,
        _post("startups:declare", data=startup),
        _post("api-startup-declare", data=startup),
    )
    assert from_api.status == 403
    assert not StartUp.objects.exists()


@covers("startups.may_pair_mentor", "outside")
def test_parity_the_ministry_does_not_pair_a_mentor(both, ministry):
    asked, mentor = f.MentorRequestFactory(), f.MentorFactory()
    from_api = refused_alike(
        both,
        ministry,
        _post("startups:mentor_pair", asked.pk, data={"mentor": mentor.pk}),
        _post("api-mentor-pair", asked.pk, data={"mentor": mentor.pk}),
    )
    assert from_api.status == 403


@covers("startups.may_pair_mentor", "full")
def test_parity_a_mentor_without_room_is_not_paired(both, bureau_x):
    mentor = f.MentorFactory(capacity=1)
    MentorPair.objects.create(
        request=f.MentorRequestFactory(status="paired"), mentor=mentor, paired_by=bureau_x
    )
    asked = f.MentorRequestFactory()
    refused_alike(
        both,
        bureau_x,
        _post("startups:mentor_pair", asked.pk, data={"mentor": mentor.pk}),
        _post("api-mentor-pair", asked.pk, data={"mentor": mentor.pk}),
    )


@covers("startups.may_pair_mentor", "self_paired")
def test_parity_a_veteran_is_not_paired_with_themselves_as_mentor(both, bureau_x, veteran):
    mentor = f.MentorFactory(profile=veteran)
    asked = f.MentorRequestFactory(veteran=veteran)
    refused_alike(
        both,
        bureau_x,
        _post("startups:mentor_pair", asked.pk, data={"mentor": mentor.pk}),
        _post("api-mentor-pair", asked.pk, data={"mentor": mentor.pk}),
    )


@covers("startups.may_record_session", "not_party")
def test_parity_a_mentor_pair_of_others_is_not_found(both, bureau_x, other_veteran):
    pair = MentorPair.objects.create(
        request=f.MentorRequestFactory(status="paired"),
        mentor=f.MentorFactory(),
        paired_by=bureau_x,
    )
    session = {"held_on": "2026-01-05", "note": "谈了融资"}
    from_api = refused_alike(
        both,
        other_veteran.user,
        _post("startups:mentor_session", pair.pk, data=session),
        _post("api-mentor-session-create", pair.pk, data=session),
    )
    assert from_api.status == 404


# --- every rule has its cases ------------------------------------------------------------------


# --- referrals -----------------------------------------------------------------------------------


def _referable(profile):
    f.referral_consent(profile)
    return profile


def _refer(profile, post) -> tuple:
    data = {"post": post.pk, "note": "组织能力强"}
    return (
        _post("jobs:referral_candidate_detail", profile.pk, data=data),
        _post("api-referral-create", profile.pk, data=data),
    )


@covers("referrals.may_refer", "outside")
def test_parity_a_veteran_of_another_province_is_not_referred(both, bureau_y, veteran, branch_a):
    _referable(veteran)
    refused_alike(both, bureau_y, *_refer(veteran, _post_of(branch_a)))


@covers("referrals.may_be_referred", "already_referred")
def test_parity_a_veteran_is_referred_once_to_a_post(both, bureau_x, veteran, branch_a):
    post = _post_of(branch_a)
    f.ReferralFactory(veteran=_referable(veteran), post=post, referred_by=bureau_x)
    refused_alike(both, bureau_x, *_refer(veteran, post))


@covers("referrals.may_be_referred", "already_applied")
def test_parity_a_veteran_who_applied_is_not_referred(both, bureau_x, veteran, branch_a):
    post = _post_of(branch_a)
    f.ApplicationFactory(post=post, veteran=_referable(veteran))
    refused_alike(both, bureau_x, *_refer(veteran, post))


def _take_up(referral) -> tuple:
    return (
        _post("jobs:referral_take_up", referral.pk),
        _post("api-referral-take-up", referral.pk),
    )


@covers("referrals.may_be_referred", "no_consent")
def test_parity_no_take_up_once_the_veteran_withdrew_the_referral_consent(
    both, hr_a, veteran, branch_a
):
    referral = f.ReferralFactory(veteran=_referable(veteran), post=_post_of(branch_a))
    consent_withdraw(user=veteran.user, purpose=Consent.Purpose.REFERRAL)
    refused_alike(both, hr_a, *_take_up(referral))


@covers("referrals.may_be_referred", "post_closed")
def test_parity_no_take_up_to_a_post_closed_since_the_referral(both, hr_a, veteran, branch_a):
    post = _post_of(branch_a)
    referral = f.ReferralFactory(veteran=_referable(veteran), post=post)
    JobPost.objects.filter(pk=post.pk).update(status=JobPost.Status.CLOSED)
    refused_alike(both, hr_a, *_take_up(referral))


@covers("referrals.may_answer", "not_staff")
def test_parity_another_enterprise_does_not_answer_a_referral(both, hr_b, veteran, branch_a):
    referral = f.ReferralFactory(veteran=_referable(veteran), post=_post_of(branch_a))
    refused_alike(both, hr_b, *_take_up(referral))


@covers("veterans.may_confirm_status", "already")
def test_parity_a_veteran_status_is_not_confirmed_twice(both, bureau_x, veteran):
    from veterans.services import veteran_status_confirm

    certificate = {"certificate_number": "退字第1号", "certificate_date": "2024-09-01"}
    veteran_status_confirm(
        profile=veteran,
        officer=bureau_x,
        certificate_number="退字第0号",
        certificate_date=datetime.date(2024, 1, 1),
    )
    from_api = refused_alike(
        both,
        bureau_x,
        _post("veterans:status_confirm", veteran.pk, data=certificate),
        _post("api-status-confirm", veteran.pk, data=certificate),
    )
    assert from_api.status == 409


def test_parity_every_rule_reason_has_a_case():
    for module in POLICY_MODULES:
        importlib.import_module(module)
    declared = {(name, reason) for name, rule in RULES.items() for reason in rule.reasons}
    web_only = {(name, reason) for name, reason in declared if name in WEB_ONLY}
    assert sorted(declared - COVERED - web_only) == []


def test_parity_the_web_only_rules_still_have_no_api_operation():
    api_routes = [route for _key, route in url_patterns() if route.startswith("api/v1/")]
    # Attendance at an event (event-registrations/) is the bureau's, through its own rule.
    events = [route for route in api_routes if route.startswith("api/v1/events")]
    assert events + [route for route in api_routes if "matching" in route] == []
    startup_writes = ("confirm", "reject", "correct", "staff", "case", "catalogue")
    startups = [route for route in api_routes if "startups" in route or "case" in route]
    assert [route for route in startups if any(word in route for word in startup_writes)] == []


@covers("jobs.may_clone_post", "taken_down")
def test_parity_a_post_taken_down_is_not_cloned(both, hr_a, branch_a):
    post = _post_of(branch_a, status=JobPost.Status.TAKEN_DOWN, decision_reason="虚假岗位")
    from_api = refused_alike(
        both,
        hr_a,
        _post("jobs:enterprise_post_clone", post.pk),
        _post("api-post-clone", post.pk),
    )
    assert from_api.status == 409
    assert JobPost.objects.count() == 1


@covers("jobs.may_repost_post", "not_ended")
def test_parity_a_published_post_is_not_reposted(both, hr_a, branch_a):
    post = _post_of(branch_a)
    from_api = refused_alike(
        both,
        hr_a,
        _post("jobs:enterprise_post_repost", post.pk),
        _post("api-post-repost", post.pk),
    )
    assert from_api.status == 409
    assert JobPost.objects.count() == 1


@covers("jobs.may_repost_post", "reposted")
def test_parity_a_post_is_reposted_once(both, hr_a, branch_a):
    post = _post_of(branch_a, status=JobPost.Status.CLOSED)
    _post_of(branch_a, status=JobPost.Status.DRAFT, published_at=None, reposted_from=post)
    from_api = refused_alike(
        both,
        hr_a,
        _post("jobs:enterprise_post_repost", post.pk),
        _post("api-post-repost", post.pk),
    )
    assert from_api.status == 409
    assert JobPost.objects.count() == 2


# Inviting and screening enterprises (#19) ------------------------------------------------


INVITEE = {"name": "丁能源集团有限公司", "credit_code": make_credit_code("110000", 730_001),
           "contact_name": "赵敏", "email": "hr@ding.example.cn"}  # fmt: skip


def _invitation(inviter, **fields):
    level = "ministry" if inviter.is_ministry else inviter.region.level
    region = None if inviter.is_ministry else inviter.region
    fields = {"expires_at": timezone.now() + datetime.timedelta(days=30), **fields}
    return EnterpriseInvitation.objects.create(
        **INVITEE, signatory_level=level, region=region, invited_by=inviter, **fields
    )


def _district_bureau():
    district = Region.objects.get_or_create(
        code="110101",
        defaults={"name": "东城区", "level": "district", "parent": f.region(f.CITY_X)},
    )[0]
    return f.BureauUserFactory(username="bureau_district", region=district)


@covers("enterprises.may_invite", "no_signatory")
def test_parity_a_district_bureau_does_not_invite(both):
    refused_alike(
        both,
        _district_bureau(),
        _post("enterprises:invitation_create", data=INVITEE),
        _post("api-enterprise-invitation-create", data=INVITEE),
    )


@covers("enterprises.may_manage_invitation", "not_inviter")
def test_parity_the_ministry_does_not_resend_a_bureaus_invitation(both, ministry, bureau_x):
    invitation = _invitation(bureau_x)
    refused_alike(
        both,
        ministry,
        _post("enterprises:invitation_resend", invitation.pk),
        _post("api-enterprise-invitation-resend", invitation.pk),
    )


@covers("enterprises.may_resend_invitation", "answered")
def test_parity_a_declined_invitation_is_not_resent(both, ministry):
    invitation = _invitation(ministry, status="declined")
    refused_alike(
        both,
        ministry,
        _post("enterprises:invitation_resend", invitation.pk),
        _post("api-enterprise-invitation-resend", invitation.pk),
    )


def _decline(invitation) -> tuple:
    return (
        _post("enterprises:invitation_decline", invitation.token, data={"reason": "暂无计划"}),
        _post("api-enterprise-invitation-decline", invitation.token, data={"reason": "暂无计划"}),
    )


@covers("enterprises.may_use_invitation_link", "answered")
def test_parity_an_answered_invitation_is_not_declined(both, ministry, veteran, enterprise_a):
    invitation = _invitation(ministry, status="registered", enterprise=enterprise_a)
    refused_alike(both, veteran.user, *_decline(invitation))


@covers("enterprises.may_use_invitation_link", "expired")
def test_parity_an_invitation_past_its_link_is_not_declined(both, ministry, veteran):
    invitation = _invitation(ministry, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    refused_alike(both, veteran.user, *_decline(invitation))


@covers("enterprises.may_screen_prospect", "not_signatory")
def test_parity_the_ministry_does_not_decide_a_bureaus_screening(both, ministry, enterprise_a):
    prospect = Prospect.objects.create(
        enterprise=enterprise_a, signatory_level="province", region=f.region(f.PROVINCE_X)
    )
    reason = {"reason": "暂不考虑"}
    refused_alike(
        both,
        ministry,
        _post("enterprises:screening_defer", prospect.pk, data=reason),
        _post("api-screening-defer", prospect.pk, data=reason),
    )


@covers("notices.may_manage", "outside")
def test_parity_notice_of_another_region_is_not_published(both, bureau_y, bureau_x):
    notice = f.NoticeFactory(created_by=bureau_x, status="draft", published_at=None)
    refused_alike(
        both,
        bureau_y,
        _post("jobs:notice_publish", notice.pk),
        _post("api-notice-publish", notice.pk),
    )


@covers("notices.may_edit", "published")
def test_parity_notice_published_is_not_edited(both, bureau_x):
    notice = f.NoticeFactory(created_by=bureau_x)
    data = {"kind": "notice", "title": "改", "body": "改", "effective_from": "2026-01-01"}
    from_api = refused_alike(
        both,
        bureau_x,
        _post("jobs:notice_edit", notice.pk, data=data),
        _post("api-notice-update", notice.pk, data=data),
    )
    assert from_api.status == 409


@covers("feedback.may_answer", "not_asked")
def test_parity_feedback_of_another_veteran_is_not_answered(both, other_veteran, branch_a):
    feedback = f.FeedbackFactory(placement__application__post=_post_of(branch_a))
    refused_alike(
        both,
        other_veteran.user,
        _post("jobs:feedback_answer", feedback.pk, data={"score_1": 3, "score_2": 3}),
        _post("api-feedback-answer", feedback.pk, data={"score_1": 3, "score_2": 3}),
    )


# --- issue 20: training institutions, a person's own data, officers' accounts ---------------


def _institution_staff(programme):
    return f.InstitutionMemberFactory(institution=programme.institution).user


@covers("training.may_propose", "outside")
def test_parity_an_institution_account_of_no_institution_finds_no_proposal_form(both):
    stray = f.UserFactory(role="institution")
    data = f.programme_data(f.TrainingInstitutionFactory(), f.SkillFactory(code="parity"))
    from_api = refused_alike(
        both,
        stray,
        _post("jobs:training_programme_create", data=data),
        _post("api-programme-create", data=data),
    )
    assert from_api.status == 404


@covers("training.may_propose", "elsewhere")
def test_parity_an_institution_proposes_no_programme_outside_its_region(both):
    staff = _institution_staff(f.TrainingProgrammeFactory())
    data = f.programme_data(f.TrainingInstitutionFactory(), f.SkillFactory(code="parity"))
    data.update(region=f.CITY_Y)
    del data["institution"]
    refused_alike(
        both,
        staff,
        _post("jobs:training_programme_create", data=data),
        _post("api-programme-create", data=data),
    )


@covers("training.may_revise", "outside")
def test_parity_another_institutions_programme_is_not_found(both):
    staff = _institution_staff(f.TrainingProgrammeFactory())
    other = f.TrainingProgrammeFactory(status="pending")
    data = {"place": "别处"}
    refused_alike(
        both,
        staff,
        _post("jobs:training_programme_edit", other.pk, data=data),
        ("patch", reverse("api-programme-update", args=[other.pk]), data),
    )


@covers("training.may_revise", "decided")
def test_parity_an_institution_does_not_change_an_approved_programme(both):
    programme = f.TrainingProgrammeFactory()
    skill = f.SkillFactory(code="parity")
    programme.skills.set([skill])
    data = f.programme_data(programme.institution, skill, place="别处")
    del data["institution"]
    refused_alike(
        both,
        _institution_staff(programme),
        _post("jobs:training_programme_edit", programme.pk, data=data),
        ("patch", reverse("api-programme-update", args=[programme.pk]), data),
    )


@covers("training.may_review_programme", "outside")
def test_parity_another_provinces_proposal_is_not_found(both, bureau_y):
    programme = f.TrainingProgrammeFactory(status="pending")
    refused_alike(
        both,
        bureau_y,
        _post("jobs:training_programme_approve", programme.pk),
        _post("api-programme-approve", programme.pk),
    )


@covers("training.may_record", "not_approved")
def test_parity_an_institution_records_nothing_before_the_approval(both, veteran):
    programme = f.TrainingProgrammeFactory(status="pending")
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran)
    refused_alike(
        both,
        _institution_staff(programme),
        _post("jobs:training_start", enrolment.pk),
        _post("api-enrolment-start", enrolment.pk),
    )


@covers("accounts.may_delete_account", "staff")
def test_parity_a_staff_account_is_not_deleted_by_its_holder(both, hr_a):
    data = {"password": "pass-Word-123", "understood": "on"}
    from_api = refused_alike(
        both,
        hr_a,
        _post("accounts:account_delete", data=data),
        _post("api-account-delete", data=data),
    )
    assert from_api.status == 403


@pytest.fixture
def manager(db):
    return f.BureauUserFactory(region=f.region(f.PROVINCE_X), manages_officers=True)


@covers("accounts.may_manage_officers", "outside")
def test_parity_no_officer_of_another_province(both, manager):
    data = {"username": "parity_officer", "email": "parity@example.cn", "region": f.CITY_Y}
    refused_alike(
        both,
        manager,
        _post("accounts:officer_create", data=data),
        _post("api-officer-create", data=data),
    )


@covers("accounts.may_deactivate_officer", "outside")
def test_parity_an_officer_of_another_province_is_not_found(both, manager, bureau_y):
    refused_alike(
        both,
        manager,
        _post("accounts:officer_deactivate", bureau_y.pk),
        _post("api-officer-deactivate", bureau_y.pk),
    )


@covers("accounts.may_deactivate_officer", "self")
def test_parity_a_managing_officer_does_not_deactivate_itself(both, manager):
    refused_alike(
        both,
        manager,
        _post("accounts:officer_deactivate", manager.pk),
        _post("api-officer-deactivate", manager.pk),
    )


@covers("enterprises.may_deactivate_member", "not_admin")
def test_parity_a_recruiter_does_not_deactivate_a_colleague(both, enterprise_a):
    colleague = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter")
    recruiter = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter").user
    refused_alike(
        both,
        recruiter,
        _post("enterprises:member_deactivate", colleague.pk),
        _post("api-enterprise-member-deactivate", colleague.pk),
    )


@covers("enterprises.may_deactivate_member", "self")
def test_parity_an_administrator_does_not_deactivate_itself(both, enterprise_a):
    admin = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="admin")
    refused_alike(
        both,
        admin.user,
        _post("enterprises:member_deactivate", admin.pk),
        _post("api-enterprise-member-deactivate", admin.pk),
    )
