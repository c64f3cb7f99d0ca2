"""Training institutions sign in: staff invited by the bureau of their region propose their
own programmes (waiting for the bureau's approval) and keep the rolls of their approved
programmes; completions they record give verified skills. Pages and API alike."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.accounts.models import AuditEvent, User
from tests import factories as f
from veterans.models import (
    Enrolment,
    InstitutionMember,
    TrainingProgramme,
    VeteranSkill,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def login(client, user):
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def started(programme, days_ago=10) -> TrainingProgramme:
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        starts_on=TODAY() - datetime.timedelta(days=days_ago)
    )
    programme.refresh_from_db()
    return programme


def proposal(**changes) -> dict:
    skill = f.SkillFactory(code="welding")
    data = f.programme_data(f.TrainingInstitutionFactory(), skill, **changes)
    data.pop("institution")
    return data


INVITE = {"username": "li_teacher", "email": "li@school.example", "first_name": "李明"}


# --- the bureau invites and deactivates the institution's staff -----------------------------


def test_training_institution_staff_invite_makes_an_account_that_sets_its_password_by_email(
    client, bureau_x, programme, django_capture_on_commit_callbacks
):
    institution = programme.institution
    url = reverse("jobs:training_institution_staff_invite", args=[institution.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, bureau_x).post(url, INVITE)

    assert response.status_code == 302
    user = User.objects.get(username="li_teacher")
    assert user.role == User.Role.INSTITUTION and not user.has_usable_password()
    assert InstitutionMember.objects.get(user=user).institution == institution
    assert "/accounts/reset/" in mail.outbox[-1].body
    assert (
        AuditEvent.objects.for_object(institution)
        .filter(action="training_institution.staff_invited")
        .exists()
    )


def test_training_institution_staff_invite_of_another_province_is_not_found(
    client, bureau_y, programme
):
    url = reverse("jobs:training_institution_staff_invite", args=[programme.institution.pk])

    response = login(client, bureau_y).post(url, INVITE)

    assert response.status_code == 404
    assert not User.objects.filter(username="li_teacher").exists()


def test_training_institution_staff_invite_through_the_api(bureau_x, programme):
    url = reverse("api-institution-staff-invite", args=[programme.institution.pk])

    response = api(bureau_x).post(url, INVITE, format="json")

    assert response.status_code == 201
    assert response.json()["username"] == "li_teacher"


def test_training_institution_staff_invite_refused_to_the_institution_itself(
    institution_staff, programme
):
    url = reverse("api-institution-staff-invite", args=[programme.institution.pk])

    response = api(institution_staff).post(url, INVITE, format="json")

    assert response.status_code == 403
    assert not User.objects.filter(username="li_teacher").exists()


def test_training_institution_staff_deactivated_by_the_bureau_cannot_sign_in(
    client, bureau_x, institution_staff
):
    member = institution_staff.institution_membership
    url = reverse("jobs:training_institution_staff_deactivate", args=[member.pk])

    login(client, bureau_x).post(url)

    institution_staff.refresh_from_db()
    assert not institution_staff.is_active
    client.logout()
    login_page = reverse("accounts:login")
    response = client.post(login_page, {"username": "institution_a", "password": "pass-Word-123"})
    assert response.status_code == 200  # the form again, not the way in
    assert "_auth_user_id" not in client.session


def test_training_institution_staff_deactivation_by_another_province_is_not_found(
    bureau_y, institution_staff
):
    member = institution_staff.institution_membership
    url = reverse("api-institution-staff-deactivate", args=[member.pk])

    response = api(bureau_y).post(url)

    assert response.status_code == 404
    institution_staff.refresh_from_db()
    assert institution_staff.is_active


# --- the institution's own pages ------------------------------------------------------------


def test_training_institution_staff_land_on_their_institution(client, institution_staff):
    response = login(client, institution_staff).get(reverse("accounts:workbench"), follow=True)

    institution = institution_staff.institution_membership.institution
    assert response.redirect_chain[-1][0] == reverse(
        "jobs:training_institution_detail", args=[institution.pk]
    )
    assert institution.name in response.content.decode()


def test_training_institution_staff_do_not_find_another_institution(client, institution_staff):
    other = f.TrainingProgrammeFactory()
    login(client, institution_staff)

    institution_page = reverse("jobs:training_institution_detail", args=[other.institution.pk])
    programme_page = reverse("jobs:training_programme_detail", args=[other.pk])

    assert client.get(institution_page).status_code == 404
    assert client.get(programme_page).status_code == 404


def test_training_institution_staff_see_only_their_own_programmes_in_the_list(
    client, institution_staff, programme
):
    other = f.TrainingProgrammeFactory(title="别家的培训班")

    response = login(client, institution_staff).get(reverse("jobs:training_programme_list"))

    assert list(response.context["page_obj"]) == [programme]
    assert other.title not in response.content.decode()


# --- proposals and the bureau's decision ----------------------------------------------------


def test_training_institution_proposal_waits_for_the_bureau(client, institution_staff, veteran):
    response = login(client, institution_staff).post(
        reverse("jobs:training_programme_create"), proposal()
    )

    created = TrainingProgramme.objects.get(title="电工培训班")
    assert response.status_code == 302
    assert created.status == TrainingProgramme.Status.PENDING
    assert created.institution == institution_staff.institution_membership.institution
    client.force_login(veteran.user)
    assert (
        client.get(reverse("jobs:training_programme_detail", args=[created.pk])).status_code == 404
    )


def test_training_institution_proposal_elsewhere_than_its_region_is_refused(
    client, institution_staff
):
    response = login(client, institution_staff).post(
        reverse("jobs:training_programme_create"), proposal(region=f.CITY_Y)
    )

    assert response.status_code == 200
    assert not TrainingProgramme.objects.filter(title="电工培训班").exists()


def test_training_institution_proposal_through_the_api(institution_staff):
    response = api(institution_staff).post(
        reverse("api-programme-create"), proposal(), format="json"
    )

    assert response.status_code == 201
    assert response.json()["status"] == "pending"


def test_training_institution_veteran_cannot_enrol_in_a_pending_programme(veteran, programme):
    TrainingProgramme.objects.filter(pk=programme.pk).update(status="pending")

    response = api(veteran.user).post(reverse("api-programme-enrol", args=[programme.pk]))

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def _pending(programme) -> TrainingProgramme:
    TrainingProgramme.objects.filter(pk=programme.pk).update(status="pending")
    programme.refresh_from_db()
    return programme


def test_training_institution_proposal_approved_by_the_bureau_is_told_to_the_institution(
    client, bureau_x, institution_staff, programme
):
    _pending(programme)

    login(client, bureau_x).post(reverse("jobs:training_programme_approve", args=[programme.pk]))

    programme.refresh_from_db()
    assert programme.status == TrainingProgramme.Status.APPROVED
    assert programme.reviewed_by == bureau_x
    assert institution_staff.notifications.filter(kind="training_programme_approved").exists()


def test_training_institution_proposal_rejected_with_a_reason_goes_back_after_a_correction(
    bureau_x, institution_staff, programme
):
    _pending(programme)
    reject = reverse("api-programme-reject", args=[programme.pk])
    assert api(bureau_x).post(reject, {"reason": "场地未核实"}, format="json").status_code == 200

    revised = api(institution_staff).patch(
        reverse("api-programme-update", args=[programme.pk]), {"place": "新实训楼"}, format="json"
    )

    assert revised.status_code == 200
    programme.refresh_from_db()
    assert (programme.status, programme.place) == ("pending", "新实训楼")


def test_training_institution_proposal_rejection_without_reason_changes_nothing(
    client, bureau_x, programme
):
    _pending(programme)

    login(client, bureau_x).post(
        reverse("jobs:training_programme_reject", args=[programme.pk]), {"reason": " "}
    )

    programme.refresh_from_db()
    assert programme.status == TrainingProgramme.Status.PENDING


def test_training_institution_proposal_decided_by_another_province_is_not_found(
    bureau_y, programme
):
    _pending(programme)

    response = api(bureau_y).post(reverse("api-programme-approve", args=[programme.pk]))

    assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.status == TrainingProgramme.Status.PENDING


def test_training_institution_cannot_approve_its_own_proposal(institution_staff, programme):
    _pending(programme)

    response = api(institution_staff).post(reverse("api-programme-approve", args=[programme.pk]))

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == TrainingProgramme.Status.PENDING


def test_training_institution_cannot_change_an_approved_programme(
    client, institution_staff, programme
):
    url = reverse("jobs:training_programme_edit", args=[programme.pk])

    response = login(client, institution_staff).get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert "The bureau has approved this programme" in response.content.decode()


# --- the roll ---------------------------------------------------------------------------------


def test_training_institution_records_completion_and_the_skills_are_verified(
    client, institution_staff, programme, veteran
):
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran)
    started(programme)
    login(client, institution_staff)

    client.post(reverse("jobs:training_start", args=[enrolment.pk]))
    client.post(reverse("jobs:training_complete", args=[enrolment.pk]), {"completed_on": TODAY()})

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    skills = VeteranSkill.objects.filter(veteran=veteran)
    assert {(s.skill.code, s.verified, s.source) for s in skills} == {
        ("low-voltage", True, "training"),
        ("safety", True, "training"),
    }


def test_training_institution_records_attendance_through_the_api(
    institution_staff, programme, veteran
):
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran)

    response = api(institution_staff).post(reverse("api-enrolment-start", args=[enrolment.pk]))

    assert response.status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDING


def test_training_institution_does_not_find_another_institutions_enrolment(
    institution_staff, veteran
):
    enrolment = f.EnrolmentFactory(veteran=veteran)

    response = api(institution_staff).post(reverse("api-enrolment-start", args=[enrolment.pk]))

    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_training_institution_cannot_record_on_a_programme_not_yet_approved(
    client, institution_staff, programme, veteran
):
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran)
    _pending(programme)

    response = login(client, institution_staff).post(
        reverse("jobs:training_start", args=[enrolment.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "The bureau has not approved this programme yet." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_training_institution_sees_the_roll_of_its_programme(
    client, institution_staff, programme, veteran
):
    f.EnrolmentFactory(programme=programme, veteran=veteran)

    response = login(client, institution_staff).get(
        reverse("api-programme-enrolments", args=[programme.pk])
    )

    assert [row["veteran_name"] for row in response.json()["results"]] == [veteran.full_name]
