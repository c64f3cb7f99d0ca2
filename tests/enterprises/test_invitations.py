"""Inviting enterprises (issue 19): by hand and by an uploaded list, the link's expiry to
the second, reminders, resending, and the invitee's answer through the link."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from openpyxl import Workbook

from demo.identifiers import make_credit_code
from enterprises import invitations
from enterprises.models import EnterpriseInvitation, InvitationUpload, Prospect
from portal.accounts.models import OutgoingEmail
from portal.reference.models import Region
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions

pytestmark = pytest.mark.django_db

CODE = make_credit_code("110000", 700_001)


def _invite(inviter, code=CODE, **fields):
    data = {"name": "丁能源集团有限公司", "credit_code": code, "contact_name": "赵敏",
            "email": "hr@ding.example.cn", **fields}  # fmt: skip
    return invitations.enterprise_invitation_create(inviter=inviter, **data)


@pytest.fixture
def city_bureau(db):
    return f.BureauUserFactory(username="bureau_city_x", region=f.region(f.CITY_X))


@pytest.fixture
def district_bureau(db):
    district = Region.objects.get_or_create(
        code="110101",
        defaults={"name": "东城区", "level": "district", "parent": f.region(f.CITY_X)},
    )[0]
    return f.BureauUserFactory(username="bureau_district_x", region=district)


@pytest.fixture
def newcomer(db):
    return f.UserFactory(username="invitee")


def _details(invitation, **changes):
    return {
        "name": invitation.name,
        "credit_code": invitation.credit_code,
        "ownership": "private",
        "industry": f.industry("G"),
        "hq_region": f.region(f.CITY_X),
        **changes,
    }


# Inviting by hand


def test_invitation_by_the_ministry_is_e_mailed_with_its_link(ministry):
    invitation = _invite(ministry)

    assert invitation.status == EnterpriseInvitation.Status.SENT
    assert (invitation.signatory_level, invitation.region) == ("ministry", None)
    email = OutgoingEmail.objects.get()
    assert email.recipients == ["hr@ding.example.cn"]
    assert f"/enterprises/invited/{invitation.token}/" in email.body
    assert actions(invitation) == ["enterprise_invitation.sent"]


def test_invitation_by_a_provincial_bureau_is_for_agreements_at_its_level(bureau_x):
    invitation = _invite(bureau_x)

    assert (invitation.signatory_level, invitation.region_id) == ("province", f.PROVINCE_X)


def test_invitation_by_a_city_bureau_is_for_agreements_at_its_level(city_bureau):
    invitation = _invite(city_bureau)

    assert (invitation.signatory_level, invitation.region_id) == ("city", f.CITY_X)


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "district_bureau"], indirect=False)
def test_invitation_is_refused_to_whoever_signs_no_agreements(request, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)

    with pytest.raises(NotAllowed):
        _invite(user)
    assert not EnterpriseInvitation.objects.exists()


def test_invitation_refuses_a_wrong_credit_code(ministry):
    with pytest.raises(ValidationError) as error:
        _invite(ministry, code=CODE[:-1] + ("0" if CODE[-1] != "0" else "1"))
    assert "credit_code" in error.value.message_dict


def test_invitation_refuses_a_second_open_one_to_the_same_enterprise(ministry):
    _invite(ministry)

    with pytest.raises(Conflict):
        _invite(ministry, email="other@ding.example.cn")
    assert EnterpriseInvitation.objects.count() == 1


def test_invitation_refuses_an_enterprise_already_registered(ministry, enterprise_a):
    with pytest.raises(ValidationError):
        _invite(ministry, code=enterprise_a.credit_code)


# The link's term, reminders and resending


def test_invitation_link_works_at_its_expiry_and_not_a_second_after(ministry):
    invitation = _invite(ministry)

    assert invitation.link_works(invitation.expires_at)
    assert not invitation.link_works(invitation.expires_at + datetime.timedelta(seconds=1))


def test_invitation_expired_link_refuses_to_register(ministry, newcomer):
    invitation = _invite(ministry)
    EnterpriseInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(Conflict):
        invitations.enterprise_register_from_invitation(
            invitation=invitation, user=newcomer, **_details(invitation)
        )
    invitation.refresh_from_db()
    assert invitation.status == "sent" and invitation.enterprise is None


def test_invitation_task_expires_past_links_and_reminds_once_those_near_their_end(
    ministry, settings
):
    settings.ENTERPRISE_INVITATION_REMIND_DAYS = 7
    past = _invite(ministry)
    near = _invite(ministry, code=make_credit_code("110000", 700_002))
    far = _invite(ministry, code=make_credit_code("110000", 700_003))
    now = timezone.now()
    EnterpriseInvitation.objects.filter(pk=past.pk).update(expires_at=now - datetime.timedelta(1))
    EnterpriseInvitation.objects.filter(pk=near.pk).update(expires_at=now + datetime.timedelta(3))
    sent_before = OutgoingEmail.objects.count()

    first = invitations.remind_and_expire_invitations(now=now)
    second = invitations.remind_and_expire_invitations(now=now)

    assert first == {"expired": 1, "reminded": 1}
    assert second == {"expired": 0, "reminded": 0}
    statuses = dict(EnterpriseInvitation.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "expired", near.pk: "sent", far.pk: "sent"}
    assert OutgoingEmail.objects.count() == sent_before + 1
    assert "enterprise_invitation.reminded" in actions(near)


def test_invitation_resent_gets_a_new_link_and_the_old_one_stops_working(ministry):
    invitation = _invite(ministry)
    old_token = invitation.token
    EnterpriseInvitation.objects.filter(pk=invitation.pk).update(status="expired")

    resent = invitations.enterprise_invitation_resend(invitation=invitation, actor=ministry)

    assert resent.status == "sent" and resent.sends == 2 and resent.token != old_token
    assert not EnterpriseInvitation.objects.filter(token=old_token).exists()
    assert resent.expires_at > timezone.now() + datetime.timedelta(days=29)


def test_invitation_resend_is_refused_to_another_authority(ministry, bureau_x, bureau_y):
    invitation = _invite(bureau_x)

    for outsider in (bureau_y, ministry):
        with pytest.raises(NotAllowed):
            invitations.enterprise_invitation_resend(invitation=invitation, actor=outsider)


def test_invitation_resend_is_refused_once_answered(ministry):
    invitation = _invite(ministry)
    invitations.enterprise_invitation_decline(invitation=invitation, reason="暂无计划")

    with pytest.raises(Conflict):
        invitations.enterprise_invitation_resend(invitation=invitation, actor=ministry)


# The invitee's answer


def test_invitation_registered_from_its_link_links_the_enterprise_and_opens_screening(
    ministry, newcomer
):
    invitation = _invite(ministry)

    enterprise = invitations.enterprise_register_from_invitation(
        invitation=invitation, user=newcomer, **_details(invitation)
    )

    invitation.refresh_from_db()
    assert invitation.status == "registered" and invitation.enterprise == enterprise
    prospect = Prospect.objects.get(enterprise=enterprise)
    assert (prospect.invitation, prospect.signatory_level) == (invitation, "ministry")
    assert prospect.status == "screening"


def test_invitation_registration_keeps_the_invitations_credit_code(ministry, newcomer):
    invitation = _invite(ministry)
    other = make_credit_code("110000", 700_009)

    with pytest.raises(ValidationError):
        invitations.enterprise_register_from_invitation(
            invitation=invitation, user=newcomer, **_details(invitation, credit_code=other)
        )
    assert not Prospect.objects.exists()


def test_invitation_declined_through_the_link_records_the_reason(ministry):
    invitation = _invite(ministry)

    invitations.enterprise_invitation_decline(invitation=invitation, reason="暂无招聘计划")

    invitation.refresh_from_db()
    assert invitation.status == "declined" and invitation.decline_reason == "暂无招聘计划"
    with pytest.raises(Conflict):
        invitations.enterprise_invitation_decline(invitation=invitation)


# An uploaded list


def _csv(*rows: str) -> bytes:
    """The template as downloaded in Chinese, the rows added."""
    head = invitations.template_csv("zh-hans").decode("utf-8").strip()
    return ("\n".join([head, *rows]) + "\n").encode("utf-8")


def _header(field: str) -> str:
    with translation.override("zh-hans"):
        return next(c.header() for c in invitations.COLUMNS if c.field == field)


def _rows(count: int, start: int = 710_000) -> list[str]:
    return [
        f"测试企业{n}有限公司,{make_credit_code('110000', start + n)},联系人{n},hr{n}@example.cn"
        for n in range(count)
    ]


def test_invitation_upload_of_a_valid_csv_sends_every_row(ministry):
    upload = invitations.invitation_list_upload(
        inviter=ministry, filename="名单.csv", content=_csv(*_rows(3))
    )

    assert upload.status == InvitationUpload.Status.DONE and upload.invitations_sent == 3
    assert EnterpriseInvitation.objects.count() == 3
    assert OutgoingEmail.objects.count() == 3


def test_invitation_upload_of_an_xlsx_with_english_headers(bureau_x):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Enterprise name", "Unified social credit code", "Contact person", "E-mail address"]
    )
    sheet.append(["戊制造有限公司", make_credit_code("110000", 720_001), "钱伟", "qian@example.cn"])
    content = io.BytesIO()
    book.save(content)

    upload = invitations.invitation_list_upload(
        inviter=bureau_x, filename="list.xlsx", content=content.getvalue()
    )

    assert upload.status == "done"
    assert EnterpriseInvitation.objects.get().region_id == f.PROVINCE_X


def test_invitation_upload_with_one_bad_row_sends_nothing_and_names_row_and_column(ministry):
    good = _rows(2)
    bad = f"坏企业有限公司,{CODE[:-1]}X,孙丽,not-an-address"
    duplicate = good[0]

    with translation.override("zh-hans"):  # the report is in the uploader's language
        upload = invitations.invitation_list_upload(
            inviter=ministry, filename="名单.csv", content=_csv(*good, bad, duplicate)
        )

    assert upload.status == "invalid" and upload.invitations_sent == 0
    assert not EnterpriseInvitation.objects.exists() and not OutgoingEmail.objects.exists()
    by_row = {(error["row"], error["column"]) for error in upload.errors}
    assert (4, _header("credit_code")) in by_row
    assert (4, _header("email")) in by_row
    assert (5, _header("credit_code")) in by_row  # the same code as row 2
    assert all(error["hint"] for error in upload.errors)


def test_invitation_upload_flags_enterprises_registered_or_invited_already(ministry, enterprise_a):
    _invite(ministry)
    rows = [f"甲,{enterprise_a.credit_code},王五,a@example.cn", f"丁,{CODE},赵敏,d@example.cn"]

    upload = invitations.invitation_list_upload(
        inviter=ministry, filename="名单.csv", content=_csv(*rows)
    )

    assert upload.status == "invalid"
    assert [error["row"] for error in upload.errors] == [2, 3]


def test_invitation_upload_without_the_header_row_is_refused(ministry):
    upload = invitations.invitation_list_upload(
        inviter=ministry, filename="名单.csv", content=b"a,b,c\n1,2,3\n"
    )

    assert upload.status == "invalid" and "header row" in upload.errors[0]["message"].lower()


def test_invitation_upload_is_refused_to_whoever_signs_no_agreements(hr_a):
    with pytest.raises(NotAllowed):
        invitations.invitation_list_upload(inviter=hr_a, filename="x.csv", content=_csv())
    assert not InvitationUpload.objects.exists()
