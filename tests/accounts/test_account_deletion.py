"""A person deletes their own account (PIPL art. 47): with the password again, their
personal data is erased at once, what others hold of them loses their name and numbers,
the records the figures count are kept anonymous, and one event records it. Staff
accounts are deactivated by their managers instead."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs.models import Application, Message, Placement, SavedPost, SavedSearch
from portal.accounts.models import (
    AuditAction,
    AuditEvent,
    Notification,
    OutgoingEmail,
    OutgoingSms,
    PhoneVerification,
    User,
)
from portal.accounts.services import audit_event_record
from tests import factories as f
from tests import pdfs
from veterans.models import Consent, Enrolment, Resume, VeteranProfile

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-123"
NAME, PHONE, EMAIL = "欧阳明远", "13912345678", "ouyang.mingyuan@example.com"
DELETE = reverse("accounts:account_delete")


@pytest.fixture
def person(branch_a, hr_a, bureau_x):
    """A veteran with a bit of everything: profile, consents, resume, an application with a
    note and messages, a placement whose follow-up an officer wrote about, training, saved
    posts and searches, a mentor request, inbox entries, e-mails and text messages to them
    and about them, a phone code, an API token and a failed sign-in."""
    user = f.UserFactory(
        username="ouyang", email=EMAIL, first_name="明远", last_name="欧阳", phone=PHONE
    )
    profile = f.VeteranProfileFactory(user=user, full_name=NAME, phone=PHONE)
    f.ConsentFactory(user=user, purpose=Consent.Purpose.DISCOVERABLE)
    resume = Resume(veteran=profile, original_name=f"{NAME}的简历.pdf", size=len(pdfs.ONE_PAGE))
    resume.file.save("resume.pdf", ContentFile(pdfs.ONE_PAGE), save=True)
    post = f.JobPostFactory(branch=branch_a)
    application = f.ApplicationFactory(veteran=profile, post=post, note=f"请致电{PHONE}")
    Message.objects.create(application=application, sender=user, side="veteran", body=f"我是{NAME}")
    Message.objects.create(
        application=application, sender=hr_a, side="enterprise", body=f"{NAME}您好"
    )
    placement = f.PlacementFactory(veteran=profile, post=f.JobPostFactory(branch=branch_a))
    f.FollowUpFactory(placement=placement, note=f"电话{PHONE}已核实，{NAME}在岗")
    f.EnrolmentFactory(veteran=profile)
    SavedPost.objects.create(veteran=profile, post=post)
    SavedSearch.objects.create(veteran=profile, name="电工", params={"q": "电工"})
    f.MentorRequestFactory(veteran=profile, need=f"{NAME}想开物流公司")
    f.NotificationFactory(user=user, body=f"{NAME}，您的申请已查看")
    f.NotificationFactory(user=hr_a, body=f"{NAME}申请了您的岗位")
    OutgoingEmail.objects.create(
        subject=f"致{NAME}", body="……", recipients=[EMAIL], sent_at=timezone.now()
    )
    OutgoingEmail.objects.create(subject="待发", body=f"{NAME}", recipients=[EMAIL])
    OutgoingSms.objects.create(phone=PHONE, text="您的面试已确认")
    PhoneVerification.objects.create(
        user=user, phone=PHONE, code_hash="x" * 64, expires_at=timezone.now()
    )
    audit_event_record(
        actor=bureau_x, action=AuditAction.FOLLOW_UP_RECORDED, target=placement, note=f"{PHONE}"
    )
    Token.objects.create(user=user)
    return profile


def scan(needles: list[str]) -> list[tuple[str, str]]:
    """Every row of every table, as JSON text, searched for each needle."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT row_to_json(t)::text FROM {connection.ops.quote_name(table)} t")
            for (row,) in cursor.fetchall():
                hits += [(table, needle) for needle in needles if needle in row]
    return hits


def needles_of(profile: VeteranProfile) -> list[str]:
    return [NAME, PHONE, EMAIL, profile.resident_id, profile.resident_id_hash]


def delete(client, user, password=PASSWORD, **extra):
    client.force_login(user)
    data = {"password": password, "understood": "on", **extra}
    return client.post(DELETE, data, HTTP_ACCEPT_LANGUAGE="en")


def test_account_deletion_leaves_no_personal_data_of_the_person_in_any_table(client, person):
    needles = needles_of(person)
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "wrong"})
    # The scan finds them before (the resident ID only as its digest: the number is sealed).
    assert {needle for _table, needle in scan(needles)} == set(needles) - {person.resident_id}

    delete(client, person.user)

    assert scan(needles) == []


def test_account_deletion_keeps_the_records_the_figures_count(client, person, hr_a):
    delete(client, person.user)

    assert Application.objects.filter(veteran=person).count() == 1
    assert Placement.objects.filter(veteran=person).count() == 1
    assert Enrolment.objects.filter(veteran=person).count() == 1
    assert Message.objects.get(sender=hr_a).body == "（已删除）您好"  # the enterprise's own words


def test_account_deletion_erases_the_persons_own_records(client, person):
    delete(client, person.user)

    person.refresh_from_db()
    assert (person.full_name, person.phone, person.seeking_status) == (
        "（已删除）",
        "",
        "not_seeking",
    )
    assert not Consent.objects.filter(user=person.user).exists()
    assert not Resume.objects.filter(veteran=person).exists()
    assert not SavedPost.objects.filter(veteran=person).exists()
    assert not Token.objects.filter(user=person.user).exists()
    assert not Notification.objects.filter(user=person.user).exists()


def test_account_deletion_removes_the_resume_file(client, person):
    resume = Resume.objects.get(veteran=person)
    storage, name = resume.file.storage, resume.file.name

    delete(client, person.user)

    assert not storage.exists(name)


def test_account_deletion_records_an_audit_event_without_personal_data(client, person):
    delete(client, person.user)

    event = AuditEvent.objects.get(action="account.deleted")
    assert event.object_id == str(person.user.pk) and event.actor is None
    assert event.data["rows"]["veterans.Consent"] == 2


def test_account_deletion_signs_the_person_out_for_good(client, person):
    response = delete(client, person.user)

    assert response.status_code == 302 and response.url == reverse("home")
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=person.user.pk)
    assert not user.is_active and not user.has_usable_password() and user.email == ""


def test_account_deletion_with_a_wrong_password_changes_nothing(client, person):
    response = delete(client, person.user, password="not-my-password")

    assert response.status_code == 200
    assert "The password is not right." in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == NAME and person.user.is_active


def test_account_deletion_without_the_confirmation_box_changes_nothing(client, person):
    client.force_login(person.user)

    response = client.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.full_name == NAME


def test_account_deletion_page_asks_for_the_password(client, veteran):
    client.force_login(veteran.user)

    response = client.get(DELETE)

    assert 'type="password"' in response.content.decode()


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry", "institution_staff"])
def test_account_deletion_is_refused_to_staff_accounts(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    page = client.get(DELETE, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    email = user.email
    assert "deactivates it" in page.content.decode()
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active and user.email == email


@pytest.mark.parametrize("persona", ["hr_a", "institution_staff"])
def test_account_deletion_through_the_api_is_refused_to_staff_accounts(request, persona):
    user = request.getfixturevalue(persona)
    api = APIClient()
    api.force_authenticate(user)

    response = api.post(reverse("api-account-delete"), {"password": PASSWORD}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "accounts.may_delete_account.staff"
    user.refresh_from_db()
    assert user.is_active


def test_account_deletion_through_the_api(person):
    api = APIClient()
    api.force_authenticate(person.user)

    response = api.post(reverse("api-account-delete"), {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert scan(needles_of(person)) == []


def test_account_deletion_through_the_api_with_a_wrong_password_is_400(person):
    api = APIClient()
    api.force_authenticate(person.user)

    response = api.post(reverse("api-account-delete"), {"password": "nope"}, format="json")

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.full_name == NAME


def test_account_deletion_for_the_anonymous_is_the_login_page(client):
    response = client.post(DELETE, {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_account_deletion_leaves_another_veteran_whole(client, person, other_veteran):
    before = (other_veteran.full_name, other_veteran.resident_id, other_veteran.user.email)

    delete(client, person.user)

    other_veteran.refresh_from_db()
    assert (other_veteran.full_name, other_veteran.resident_id, other_veteran.user.email) == before


def test_account_deletion_of_a_veteran_without_a_profile(client):
    user = f.UserFactory(email="new@example.com")

    delete(client, user)

    user.refresh_from_db()
    assert not user.is_active and user.email == ""
    assert AuditEvent.objects.filter(action="account.deleted", object_id=str(user.pk)).exists()


def test_account_deletion_ends_the_persons_other_sessions(client, person):
    elsewhere = Client()
    elsewhere.force_login(person.user)

    delete(client, person.user)

    response = elsewhere.get(reverse("accounts:my_data"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_account_deletion_leaves_another_persons_name_that_shares_the_family_name(
    client, person, hr_a
):
    other = f.NotificationFactory(user=hr_a, body="欧阳华申请了您的岗位")

    delete(client, person.user)

    other.refresh_from_db()
    assert other.body == "欧阳华申请了您的岗位"
