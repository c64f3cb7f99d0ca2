"""The enterprise staff's pages: registration, the enterprise page, branches, colleagues."""

import pytest
from django.core import mail
from django.urls import reverse

from demo.identifiers import make_credit_code
from enterprises.models import Branch, Enterprise, EnterpriseMember
from portal.accounts.models import User
from tests import factories as f
from tests.enterprises.conftest import actions

CODE = make_credit_code("310000", 515151)
REGISTER = reverse("enterprises:register")
MINE = reverse("enterprises:my_enterprise")
BRANCH_CREATE = reverse("enterprises:branch_create")
INVITE = reverse("enterprises:member_invite")


@pytest.fixture
def newcomer(db):
    """A freshly signed-up account: role veteran by default, but no veteran profile."""
    return f.UserFactory(username="newcomer")


def registration(**fields) -> dict:
    return {
        "name": "丙物流有限公司",
        "credit_code": CODE,
        "ownership": Enterprise.Ownership.PRIVATE,
        "industry": f.industry("G").pk,
        "hq_region": f.region(f.CITY_Y).pk,
        **fields,
    }


def branch_input(**fields) -> dict:
    return {
        "name": "朝阳分公司",
        "region": f.region(f.CITY_X).pk,
        "address": "朝阳路8号",
        "contact_name": "赵经理",
        "contact_phone": "13900000000",
        **fields,
    }


# Registration


def test_a_newcomer_sees_the_registration_form(browse, newcomer):
    response = browse(newcomer).get(REGISTER)
    assert response.status_code == 200
    assert b'name="credit_code"' in response.content


def test_a_newcomer_registers_and_sees_that_the_enterprise_awaits_review(browse, newcomer):
    response = browse(newcomer).post(REGISTER, registration(), follow=True)
    enterprise = Enterprise.objects.get(credit_code=CODE)
    newcomer.refresh_from_db()
    assert enterprise.status == Enterprise.Status.APPLIED
    assert (newcomer.role, newcomer.enterprise_membership.role) == ("enterprise", "admin")
    assert response.redirect_chain[-1][0] == MINE
    assert "awaiting review" in response.content.decode()
    assert actions(enterprise) == ["enterprise.registered"]


def test_the_credit_code_may_be_typed_with_spaces_and_lower_case(browse, newcomer):
    typed = f"{CODE[:2]} {CODE[2:8]} {CODE[8:].lower()}"
    browse(newcomer).post(REGISTER, registration(credit_code=typed))
    assert Enterprise.objects.filter(credit_code=CODE).exists()


def test_a_wrong_credit_code_shows_an_error_and_saves_nothing(browse, newcomer):
    wrong = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    response = browse(newcomer).post(REGISTER, registration(credit_code=wrong))
    assert response.status_code == 200
    assert "not a valid unified social credit code" in response.content.decode()
    assert not Enterprise.objects.filter(name="丙物流有限公司").exists()
    newcomer.refresh_from_db()
    assert newcomer.role == User.Role.VETERAN


def test_a_credit_code_already_registered_shows_an_error_and_saves_nothing(
    browse, newcomer, enterprise_a
):
    response = browse(newcomer).post(REGISTER, registration(credit_code=enterprise_a.credit_code))
    assert response.status_code == 200
    assert Enterprise.objects.filter(credit_code=enterprise_a.credit_code).count() == 1
    assert not EnterpriseMember.objects.filter(user=newcomer).exists()


def test_a_missing_field_shows_an_error_and_saves_nothing(browse, newcomer):
    response = browse(newcomer).post(REGISTER, registration(name=""))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def test_a_veteran_with_a_profile_is_told_and_nothing_is_saved(browse, veteran):
    response = browse(veteran.user).post(REGISTER, registration())
    assert response.status_code == 200
    assert "Only a staff account" in response.content.decode()
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def test_staff_of_an_enterprise_are_sent_to_their_enterprise(browse, hr_a):
    response = browse(hr_a).post(REGISTER, registration())
    assert response.url == MINE
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


@pytest.mark.parametrize("persona", ["bureau_x", "ministry"], indirect=True)
def test_regulators_cannot_register_an_enterprise(browse, persona):
    response = browse(persona).post(REGISTER, registration())
    assert response.status_code == 404
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(browse):
    response = browse(None).get(REGISTER)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


# The enterprise page


def test_the_enterprise_page_shows_branches_members_and_agreement_progress(
    browse, hr_a, enterprise_a, branch_a
):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=40)
    f.JobPostFactory(branch=branch_a, agreement=agreement, openings=7, filled_count=3)
    f.EnterpriseMemberFactory(enterprise=enterprise_a, user__username="colleague")
    content = browse(hr_a).get(MINE).content.decode()
    assert enterprise_a.name in content and branch_a.name in content
    assert "colleague" in content
    assert ">40<" in content and ">7<" in content and ">3<" in content
    assert reverse("enterprises:member_invite") in content


def test_the_enterprise_page_shows_the_reason_of_a_rejection(browse, hr_a, enterprise_a):
    enterprise_a.status, enterprise_a.decision_reason = "rejected", "营业执照已过期"
    enterprise_a.save()
    content = browse(hr_a).get(MINE).content.decode()
    assert "营业执照已过期" in content
    assert BRANCH_CREATE not in content


def test_the_enterprise_page_shows_its_audit_trail(browse, newcomer):
    browse(newcomer).post(REGISTER, registration())
    content = browse(newcomer).get(MINE).content.decode()
    assert "Registered the enterprise" in content


def test_staff_of_enterprise_b_see_only_their_own_enterprise(
    browse, hr_b, enterprise_a, enterprise_b
):
    content = browse(hr_b).get(MINE).content.decode()
    assert enterprise_b.name in content
    assert enterprise_a.name not in content


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry"], indirect=True)
@pytest.mark.parametrize("url", [MINE, BRANCH_CREATE, INVITE])
def test_other_roles_cannot_open_the_staff_pages(browse, persona, url):
    assert browse(persona).get(url).status_code == 404


def test_the_enterprise_page_costs_the_same_queries_with_more_rows(
    browse, hr_a, enterprise_a, branch_a, django_assert_max_num_queries
):
    client = browse(hr_a)
    for n in range(5):
        f.BranchFactory(enterprise=enterprise_a)
        f.EnterpriseMemberFactory(enterprise=enterprise_a)
        f.AgreementFactory(enterprise=enterprise_a, batch=f.BatchFactory(number=50 + n))
    with django_assert_max_num_queries(12):
        assert client.get(MINE).status_code == 200


# Branches


def test_staff_of_an_approved_enterprise_add_a_branch_for_review(browse, hr_a, enterprise_a):
    response = browse(hr_a).post(BRANCH_CREATE, branch_input())
    branch = Branch.objects.get(enterprise=enterprise_a, name="朝阳分公司")
    assert response.url == MINE
    assert branch.status == Branch.Status.PENDING
    assert actions(branch) == ["branch.created"]


def test_an_enterprise_awaiting_review_cannot_add_a_branch(browse, hr_a, enterprise_a):
    enterprise_a.status = Enterprise.Status.APPLIED
    enterprise_a.save()
    response = browse(hr_a).post(BRANCH_CREATE, branch_input())
    assert response.status_code == 200
    assert "Only an approved enterprise may add branches" in response.content.decode()
    assert not Branch.objects.filter(enterprise=enterprise_a).exists()


def test_a_branch_without_an_address_shows_an_error_and_saves_nothing(browse, hr_a, enterprise_a):
    response = browse(hr_a).post(BRANCH_CREATE, branch_input(address=""))
    assert response.status_code == 200
    assert not Branch.objects.filter(enterprise=enterprise_a).exists()


def test_a_second_branch_of_the_same_name_in_the_city_is_refused(browse, hr_a, branch_a):
    response = browse(hr_a).post(BRANCH_CREATE, branch_input(name=branch_a.name))
    assert response.status_code == 200
    assert "already has a branch of this name" in response.content.decode()
    assert Branch.objects.filter(name=branch_a.name).count() == 1


def test_a_branch_is_added_to_the_users_own_enterprise_only(
    browse, hr_b, enterprise_a, enterprise_b
):
    browse(hr_b).post(BRANCH_CREATE, branch_input())
    assert Branch.objects.filter(enterprise=enterprise_b, name="朝阳分公司").exists()
    assert not Branch.objects.filter(enterprise=enterprise_a).exists()


# Colleagues


def test_an_administrator_invites_a_colleague(
    browse, hr_a, enterprise_a, django_capture_on_commit_callbacks
):
    data = {
        "username": "li_hr",
        "email": "li@example.com",
        "first_name": "李四",
        "role": "recruiter",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = browse(hr_a).post(INVITE, data)
    member = EnterpriseMember.objects.get(user__username="li_hr")
    assert response.url == MINE
    assert (member.enterprise, member.role, member.user.role) == (
        enterprise_a,
        "recruiter",
        "enterprise",
    )
    assert mail.outbox[-1].to == ["li@example.com"]


def test_a_recruiter_cannot_invite_and_nothing_is_saved(browse, enterprise_a):
    recruiter = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter").user
    data = {"username": "li_hr", "email": "li@example.com", "role": "recruiter"}
    response = browse(recruiter).post(INVITE, data)
    assert response.status_code == 200
    assert not User.objects.filter(username="li_hr").exists()


def test_inviting_a_taken_user_name_shows_an_error_and_saves_nothing(browse, hr_a, hr_b):
    data = {"username": "hr_b", "email": "new@example.com", "role": "recruiter"}
    response = browse(hr_a).post(INVITE, data)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_an_invitation_with_a_bad_email_saves_nothing(browse, hr_a):
    data = {"username": "li_hr", "email": "not-an-address", "role": "recruiter"}
    response = browse(hr_a).post(INVITE, data)
    assert response.status_code == 200
    assert not User.objects.filter(username="li_hr").exists()
