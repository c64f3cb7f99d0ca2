"""The pages and the API of inviting and screening enterprises (issue 19): each flow through
both doors, the invitee's link, the bureau's scope, and query counts that do not grow with
the rows shown. Who may open which page is the authorisation matrix's; each rule's refusal
through both doors is tests/parity/test_parity_rules.py's."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from demo.identifiers import make_credit_code
from enterprises import invitations, screening
from enterprises.models import Agreement, EnterpriseInvitation, Prospect
from tests import factories as f

pytestmark = pytest.mark.django_db


def _invitation(inviter, n=1, **fields):
    data = {"name": f"受邀企业{n}有限公司", "credit_code": make_credit_code("110000", 740_000 + n),
            "contact_name": "赵敏", "email": f"hr{n}@example.cn", **fields}  # fmt: skip
    return invitations.enterprise_invitation_create(inviter=inviter, **data)


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


# Invitations: web


def test_invitation_list_shows_the_bureaus_own_and_not_another_provinces(
    client, bureau_x, bureau_y
):
    _invitation(bureau_x, 1)
    _invitation(bureau_y, 2)
    client.force_login(bureau_x)

    page = client.get(reverse("enterprises:invitation_list")).content.decode()

    assert "受邀企业1有限公司" in page and "受邀企业2有限公司" not in page


def test_invitation_list_query_count_does_not_grow_with_rows(
    client, ministry, django_assert_max_num_queries
):
    client.force_login(ministry)
    _invitation(ministry, 1)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("enterprises:invitation_list"))
    for n in range(2, 12):
        _invitation(ministry, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("enterprises:invitation_list"))


def test_invitation_created_on_the_page_is_listed(client, ministry):
    client.force_login(ministry)
    data = {"name": "庚科技有限公司", "credit_code": make_credit_code("110000", 740_100),
            "contact_name": "周强", "email": "zhou@example.cn"}  # fmt: skip

    response = client.post(reverse("enterprises:invitation_create"), data)

    assert response.status_code == 302
    assert EnterpriseInvitation.objects.get().name == "庚科技有限公司"


def test_invitation_form_with_a_bad_code_saves_nothing_and_says_why(client, ministry):
    client.force_login(ministry)
    data = {"name": "庚", "credit_code": "123", "contact_name": "周", "email": "z@example.cn"}

    response = client.post(reverse("enterprises:invitation_create"), data)

    assert response.status_code == 200 and response.context["form"].errors
    assert not EnterpriseInvitation.objects.exists()


def test_invitation_upload_page_reports_the_errors_on_its_own_page(english, ministry):
    client = english
    client.force_login(ministry)
    head = invitations.template_csv("en").decode("utf-8").strip()
    content = f"{head}\n甲,not-a-code,王,bad\n".encode()

    response = client.post(
        reverse("enterprises:invitation_upload"),
        {"file": SimpleUploadedFile("list.csv", content, "text/csv")},
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200 and "not-a-code" not in page
    assert "Errors found: nothing was sent" in page
    assert not EnterpriseInvitation.objects.exists()


def test_invitation_resend_from_the_page_gives_a_new_link(client, ministry):
    invitation = _invitation(ministry)
    client.force_login(ministry)

    client.post(reverse("enterprises:invitation_resend", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.sends == 2


# The invitee's link


def test_invitation_link_prefills_the_registration_and_registers_through_it(client, ministry):
    invitation = _invitation(ministry)
    newcomer = f.UserFactory(username="invitee")
    client.get(reverse("enterprises:invitation_open", args=[invitation.token]))
    client.force_login(newcomer)

    form = client.get(reverse("enterprises:register")).context["form"]
    assert form.initial == {"name": invitation.name, "credit_code": invitation.credit_code}

    response = client.post(
        reverse("enterprises:register"),
        {"name": invitation.name, "credit_code": invitation.credit_code, "ownership": "private",
         "industry": f.industry("G").pk, "hq_region": f.region(f.CITY_X).pk},
    )  # fmt: skip

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "registered"
    assert Prospect.objects.get(invitation=invitation).enterprise == invitation.enterprise


def test_invitation_link_past_its_expiry_says_so_and_offers_nothing(client, ministry):
    invitation = _invitation(ministry)
    EnterpriseInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("enterprises:invitation_open", args=[invitation.token]))

    assert response.context["refusal"]
    assert "?invitation=" not in response.content.decode()


def test_invitation_declined_from_the_link(client, ministry):
    invitation = _invitation(ministry)

    client.post(
        reverse("enterprises:invitation_decline", args=[invitation.token]), {"reason": "暂无计划"}
    )

    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_invitation_link_with_an_unknown_token_is_not_found(client):
    response = client.get(reverse("enterprises:invitation_open", args=["no-such-token"]))

    assert response.status_code == 404


# Invitations: API


def test_invitation_api_creates_lists_and_resends(ministry):
    api = _api(ministry)
    data = {"name": "辛物流有限公司", "credit_code": make_credit_code("110000", 740_200),
            "contact_name": "吴刚", "email": "wu@example.cn"}  # fmt: skip

    created = api.post(reverse("api-enterprise-invitation-create"), data, format="json")
    listed = api.get(reverse("api-enterprise-invitation-list"))
    resent = api.post(reverse("api-enterprise-invitation-resend", args=[created.json()["id"]]))

    assert created.status_code == 201 and created.json()["status"] == "sent"
    assert [row["name"] for row in listed.json()["results"]] == ["辛物流有限公司"]
    assert resent.json()["sends"] == 2


def test_invitation_api_upload_answers_its_status_and_errors(bureau_x):
    api = _api(bureau_x)
    head = invitations.template_csv("en").decode("utf-8").strip()
    row = f"壬建设有限公司,{make_credit_code('110000', 740_300)},郑洁,zheng@example.cn"
    file = SimpleUploadedFile("list.csv", f"{head}\n{row}\n".encode(), "text/csv")

    upload = api.post(
        reverse("api-enterprise-invitation-upload"), {"file": file}, format="multipart"
    )
    status = api.get(reverse("api-enterprise-invitation-upload-status", args=[upload.json()["id"]]))

    assert upload.status_code == 201
    assert status.json()["status"] == "done" and status.json()["invitations_sent"] == 1


def test_invitation_api_decline_by_token_needs_no_account(ministry):
    invitation = _invitation(ministry)

    response = APIClient().post(
        reverse("api-enterprise-invitation-decline", args=[invitation.token]), {}, format="json"
    )

    assert response.status_code == 200 and response.json()["status"] == "declined"


def test_invitation_api_is_refused_to_enterprise_staff(hr_a):
    response = _api(hr_a).get(reverse("api-enterprise-invitation-list"))

    assert response.status_code == 403


# Screening: web and API


@pytest.fixture
def prospect(enterprise_a, bureau_x):
    return screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)


def test_screening_page_scores_and_records_a_consultation(client, bureau_x, prospect):
    client.force_login(bureau_x)
    url = reverse("enterprises:screening_update", args=[prospect.pk])

    client.post(url, {"overall_strength": "4", "strength_note": "营收百亿", "proposed_posts": "50",
                      "cooperation_mode": "industry"})  # fmt: skip
    client.post(
        reverse("enterprises:screening_consultation", args=[prospect.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "participants": "张处长",
            "summary": "愿意合作",
        },
    )

    prospect.refresh_from_db()
    assert (prospect.overall_strength, prospect.proposed_posts) == (4, 50)
    assert prospect.consultations.count() == 1


def test_screening_page_score_without_a_note_shows_the_error_and_saves_nothing(
    client, bureau_x, prospect
):
    client.force_login(bureau_x)

    response = client.post(
        reverse("enterprises:screening_update", args=[prospect.pk]), {"overall_strength": "4"}
    )

    assert response.status_code == 200
    assert response.context["screening_form"].errors["strength_note"]
    prospect.refresh_from_db()
    assert prospect.overall_strength is None


def test_screening_page_decision_to_sign_drafts_the_agreement(client, bureau_x, prospect):
    batch = f.BatchFactory(number=5)
    client.force_login(bureau_x)

    client.post(
        reverse("enterprises:screening_select", args=[prospect.pk]),
        {"batch": batch.pk, "pledged_posts": "80", "cooperation_mode": "training",
         "starts_on": "2031-01-01", "ends_on": "2033-12-31", "reason": "综合评分靠前"},
    )  # fmt: skip

    agreement = Agreement.objects.get()
    assert (agreement.batch, agreement.pledged_posts, agreement.status) == (batch, 80, "draft")


def test_screening_page_of_another_province_is_not_found(client, bureau_y, prospect):
    client.force_login(bureau_y)

    response = client.get(reverse("enterprises:screening_detail", args=[prospect.pk]))

    assert response.status_code == 404


def test_screening_list_query_count_does_not_grow_with_rows(
    client, ministry, django_assert_max_num_queries
):
    client.force_login(ministry)
    screening.prospect_add(enterprise=f.EnterpriseFactory(), actor=ministry)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("enterprises:screening_list"))
    for _n in range(8):
        screening.prospect_add(enterprise=f.EnterpriseFactory(), actor=ministry)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("enterprises:screening_list"))


def test_screening_api_reads_updates_and_decides(bureau_x, prospect):
    api = _api(bureau_x)
    scores = {"overall_strength": 3, "strength_note": "规模中等", "industry_influence": 4,
              "influence_note": "区域龙头"}  # fmt: skip

    updated = api.post(reverse("api-screening-update", args=[prospect.pk]), scores, format="json")
    read = api.get(reverse("api-screening-detail", args=[prospect.pk]))
    decided = api.post(
        reverse("api-screening-defer", args=[prospect.pk]), {"reason": "岗位待核实"}, format="json"
    )

    assert updated.status_code == 200
    criteria = {c["key"]: c["score"] for c in read.json()["criteria"]}
    assert criteria["overall_strength"] == 3 and criteria["industry_influence"] == 4
    assert decided.json()["status"] == "deferred"


def test_screening_api_of_another_province_is_not_found(bureau_y, prospect):
    response = _api(bureau_y).get(reverse("api-screening-detail", args=[prospect.pk]))

    assert response.status_code == 404


def test_screening_criteria_page_is_public_and_lists_every_criterion(client):
    page = client.get(reverse("enterprises:screening_criteria")).content.decode()

    for criterion in screening.CRITERIA:
        assert str(criterion.label) in page


def test_screening_requested_from_the_enterprises_page_and_the_api(client, hr_a, hr_b):
    client.force_login(hr_a)

    client.post(reverse("enterprises:screening_request"))
    again = _api(hr_a).post(reverse("api-screening-request"))
    other = _api(hr_b).post(reverse("api-screening-request"))

    assert Prospect.objects.filter(enterprise__members__user=hr_a).count() == 1
    assert again.status_code == 409 and other.status_code == 201
    page = client.get(reverse("enterprises:my_enterprise")).content.decode()
    assert "status-screening" in page


def test_invitation_link_opened_before_signing_up_leads_from_the_workbench_to_registering(
    client, ministry
):
    invitation = _invitation(ministry)
    client.get(reverse("enterprises:invitation_open", args=[invitation.token]))
    client.force_login(f.UserFactory(username="new_signup"))

    response = client.get(reverse("accounts:workbench"))

    assert response.url == reverse("enterprises:register")
