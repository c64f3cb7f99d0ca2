import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from demo.identifiers import make_credit_code
from enterprises.models import Enterprise, EnterpriseMember
from enterprises.services import enterprise_member_invite, enterprise_register
from portal.accounts.models import User
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions, recipients

CODE = make_credit_code("310000", 424242)


@pytest.fixture
def newcomer(db):
    """A freshly signed-up account: role veteran by default, but no veteran profile."""
    return f.UserFactory(username="newcomer")


@pytest.fixture
def register():
    def call(user, **fields):
        arguments = {
            "name": "丙物流有限公司",
            "credit_code": CODE,
            "ownership": "private",
            "industry": f.industry("G"),
            "hq_region": f.region(f.CITY_Y),
            **fields,
        }
        return enterprise_register(user=user, **arguments)

    return call


# Registration


def test_a_newcomer_registers_an_enterprise_and_becomes_its_admin(register, newcomer):
    enterprise = register(newcomer)
    enterprise.refresh_from_db()
    newcomer.refresh_from_db()
    assert (enterprise.status, enterprise.credit_code) == ("applied", CODE)
    assert newcomer.role == "enterprise"
    assert newcomer.enterprise_membership.enterprise == enterprise
    assert newcomer.enterprise_membership.role == "admin"
    assert actions(enterprise) == ["enterprise.registered"]


def test_it_stores_the_credit_code_in_its_compact_upper_case_form(register, newcomer):
    spaced = f"{CODE[:2]} {CODE[2:8]} {CODE[8:].lower()}"
    assert register(newcomer, credit_code=spaced).credit_code == CODE


def test_it_refuses_a_credit_code_with_a_wrong_check_character(register, newcomer):
    wrong = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    with pytest.raises(ValidationError):
        register(newcomer, credit_code=wrong)
    assert not Enterprise.objects.filter(name="丙物流有限公司").exists()


def test_it_refuses_a_credit_code_already_registered(register, newcomer, enterprise_a):
    with pytest.raises(Conflict):
        register(newcomer, credit_code=enterprise_a.credit_code)
    assert not EnterpriseMember.objects.filter(user=newcomer).exists()


def test_it_refuses_a_user_who_already_belongs_to_an_enterprise(register, hr_a):
    with pytest.raises(Conflict):
        register(hr_a)
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "bureau_y", "ministry"], indirect=True)
def test_it_refuses_a_veteran_or_an_official(register, persona):
    with pytest.raises(NotAllowed):
        register(persona)
    assert not Enterprise.objects.filter(credit_code=CODE).exists()
    assert User.objects.get(pk=persona.pk).role == persona.role


# Inviting colleagues


@pytest.fixture
def invite(enterprise_a):
    def call(inviter, **fields):
        arguments = {"email": "li@example.com", "username": "li_hr", **fields}
        return enterprise_member_invite(enterprise=enterprise_a, inviter=inviter, **arguments)

    return call


def test_an_admin_invites_a_colleague(
    invite, hr_a, enterprise_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(hr_a)
    colleague = User.objects.get(username="li_hr")
    assert colleague.role == "enterprise"
    assert not colleague.has_usable_password()
    assert colleague.enterprise_membership.enterprise == enterprise_a
    assert colleague.enterprise_membership.role == "recruiter"
    assert actions(enterprise_a) == ["enterprise.member_invited"]
    assert recipients() == [["li@example.com"]]
    assert "li_hr" in mail.outbox[0].body


def test_it_refuses_an_invitation_by_a_recruiter(invite, enterprise_a):
    recruiter = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter").user
    with pytest.raises(NotAllowed):
        invite(recruiter)
    assert not User.objects.filter(username="li_hr").exists()


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "bureau_y", "ministry"], indirect=True)
def test_it_refuses_an_invitation_by_anyone_outside_the_enterprise(invite, persona):
    with pytest.raises(NotAllowed):
        invite(persona)
    assert not User.objects.filter(username="li_hr").exists()


def test_it_refuses_an_invitation_by_an_admin_of_another_enterprise(invite, hr_b):
    with pytest.raises(NotAllowed):
        invite(hr_b)
    assert not User.objects.filter(username="li_hr").exists()


@pytest.mark.parametrize(
    "fields", [{"username": "hr_b"}, {"email": "HR_B@example.com"}], ids=["username", "email"]
)
def test_it_refuses_an_invitation_to_an_existing_account(invite, hr_a, hr_b, fields):
    with pytest.raises(Conflict):
        invite(hr_a, **fields)
    assert EnterpriseMember.objects.filter(enterprise__name="甲企业集团有限公司").count() == 1


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_it_refuses_an_invitation_without_a_valid_e_mail_address(invite, hr_a, email):
    with pytest.raises(ValidationError):
        invite(hr_a, email=email)
    assert not User.objects.filter(username="li_hr").exists()
