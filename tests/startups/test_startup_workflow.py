"""A veteran declares a start-up; the bureau of its region confirms it (an enterprise with
an approved branch and no agreement) or not (with a reason); a rejected one is corrected."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from demo.identifiers import make_credit_code
from enterprises.models import Branch, Enterprise
from portal.accounts.models import AuditEvent, Notification
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from startups import services
from startups.models import StartUp
from tests import factories as f

pytestmark = pytest.mark.django_db


def _details(**changes) -> dict:
    details = {
        "name": "京兵科技有限公司",
        "credit_code": make_credit_code("110105", 123456),
        "founded_on": datetime.date(2025, 5, 1),
        "industry": f.industry(),
        "region": f.region(f.CITY_X),
        "address": "朝阳区建国路1号",
        "stage": StartUp.Stage.STARTING,
        "employees": 6,
        "veteran_employees": 2,
    }
    return {**details, **changes}


def test_a_veteran_declares_a_startup_awaiting_confirmation(veteran):
    startup = services.startup_declare(user=veteran.user, **_details())
    assert startup.status == StartUp.Status.DECLARED
    assert startup.founder == veteran
    assert AuditEvent.objects.filter(action="startup.declared", object_id=str(startup.pk)).exists()


def test_a_startup_declaration_stores_the_credit_code_compact(veteran):
    code = make_credit_code("110105", 5)
    startup = services.startup_declare(user=veteran.user, **_details(credit_code=code.lower()))
    assert startup.credit_code == code


def test_a_startup_with_a_wrong_check_digit_is_refused_at_its_field(veteran):
    code = make_credit_code("110105", 7)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        services.startup_declare(user=veteran.user, **_details(credit_code=wrong))
    assert "credit_code" in refused.value.error_dict
    assert not StartUp.objects.exists()


def test_a_startup_code_declared_twice_is_refused_at_its_field(veteran, other_veteran):
    services.startup_declare(user=veteran.user, **_details())
    with pytest.raises(ValidationError) as refused:
        services.startup_declare(user=other_veteran.user, **_details())
    assert "credit_code" in refused.value.error_dict
    assert StartUp.objects.count() == 1


def test_a_startup_with_more_veterans_than_employees_is_refused(veteran):
    with pytest.raises(ValidationError) as refused:
        services.startup_declare(user=veteran.user, **_details(employees=2, veteran_employees=3))
    assert "veteran_employees" in refused.value.error_dict


def test_a_startup_founded_in_the_future_is_refused(veteran):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as refused:
        services.startup_declare(user=veteran.user, **_details(founded_on=tomorrow))
    assert "founded_on" in refused.value.error_dict


def test_a_startup_is_not_declared_without_a_profile(db):
    newcomer = f.UserFactory(username="newcomer")
    with pytest.raises(NotAllowed):
        services.startup_declare(user=newcomer, **_details())


def test_the_bureau_confirms_a_startup_which_becomes_an_enterprise_without_agreement(
    veteran, bureau_x, django_capture_on_commit_callbacks
):
    startup = f.StartUpFactory(founder=veteran)
    with django_capture_on_commit_callbacks(execute=True):
        startup = services.startup_confirm(startup=startup, reviewer=bureau_x)
    assert startup.status == StartUp.Status.CONFIRMED
    enterprise = Enterprise.objects.get(startup=startup)
    assert enterprise.status == Enterprise.Status.APPROVED
    assert enterprise.credit_code == startup.credit_code
    assert not enterprise.agreements.exists()
    branch = enterprise.branches.get()
    assert branch.status == Branch.Status.APPROVED and branch.region == startup.region
    assert Notification.objects.filter(user=veteran.user, kind="startup_confirmed").exists()


def test_the_bureau_of_another_province_does_not_confirm_a_startup(veteran, bureau_y):
    startup = f.StartUpFactory(founder=veteran)
    with pytest.raises(NotAllowed):
        services.startup_confirm(startup=startup, reviewer=bureau_y)
    startup.refresh_from_db()
    assert startup.status == StartUp.Status.DECLARED and startup.enterprise is None


def test_the_ministry_does_not_confirm_a_startup(veteran, ministry):
    with pytest.raises(NotAllowed):
        services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=ministry)


def test_a_startup_whose_founder_lives_elsewhere_is_not_confirmed_by_its_bureau(bureau_x):
    founder = f.VeteranProfileFactory(home_region=f.region(f.CITY_Y))
    startup = f.StartUpFactory(founder=founder)
    with pytest.raises(NotAllowed) as refused:
        services.startup_confirm(startup=startup, reviewer=bureau_x)
    assert refused.value.code == "startups.may_confirm_startup.founder_elsewhere"


def test_a_confirmed_startup_is_not_confirmed_twice(veteran, bureau_x):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    with pytest.raises(InvalidTransition):
        services.startup_confirm(startup=startup, reviewer=bureau_x)
    assert Enterprise.objects.count() == 1


def test_a_startup_whose_code_is_already_an_enterprise_is_not_confirmed(veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    f.EnterpriseFactory(credit_code=startup.credit_code)
    with pytest.raises(Conflict):
        services.startup_confirm(startup=startup, reviewer=bureau_x)
    startup.refresh_from_db()
    assert startup.status == StartUp.Status.DECLARED


def test_the_bureau_does_not_confirm_a_startup_without_a_reason_to_refuse(veteran, bureau_x):
    with pytest.raises(ValidationError):
        services.startup_reject(
            startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x, reason=" "
        )


def test_a_startup_not_confirmed_tells_the_founder_why(
    veteran, bureau_x, django_capture_on_commit_callbacks
):
    startup = f.StartUpFactory(founder=veteran)
    with django_capture_on_commit_callbacks(execute=True):
        services.startup_reject(startup=startup, reviewer=bureau_x, reason="营业执照不符")
    startup.refresh_from_db()
    assert startup.status == StartUp.Status.REJECTED
    note = Notification.objects.get(user=veteran.user, kind="startup_rejected")
    assert "营业执照不符" in note.body


def test_a_rejected_startup_is_corrected_and_declared_again(veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    services.startup_reject(startup=startup, reviewer=bureau_x, reason="员工数不符")
    startup = services.startup_resubmit(startup=startup, user=veteran.user, employees=5)
    assert startup.status == StartUp.Status.DECLARED and startup.employees == 5
    assert startup.decision_reason == ""


def test_a_startup_awaiting_confirmation_is_not_corrected(veteran):
    with pytest.raises(NotAllowed):
        services.startup_resubmit(
            startup=f.StartUpFactory(founder=veteran), user=veteran.user, employees=5
        )


def test_another_veteran_does_not_correct_a_startup(veteran, other_veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    services.startup_reject(startup=startup, reviewer=bureau_x, reason="员工数不符")
    with pytest.raises(NotAllowed):
        services.startup_resubmit(startup=startup, user=other_veteran.user, employees=5)


def test_a_confirmed_startups_founder_registers_its_first_staff_as_administrator(veteran, bureau_x):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    member = services.startup_staff_register(
        startup=startup, founder=veteran.user, email="hr@jingbing.cn", username="jingbing_hr"
    )
    assert member.enterprise == startup.enterprise and member.role == "admin"
    assert member.user.role == "enterprise"
    second = services.startup_staff_register(
        startup=startup, founder=veteran.user, email="hr2@jingbing.cn", username="jingbing_hr2"
    )
    assert second.role == "recruiter"


def test_a_startup_awaiting_confirmation_registers_no_staff(veteran):
    with pytest.raises(NotAllowed):
        services.startup_staff_register(
            startup=f.StartUpFactory(founder=veteran),
            founder=veteran.user,
            email="hr@jingbing.cn",
            username="jingbing_hr",
        )
