"""Writes of the bureau's case record of an entrepreneur (startups/models/cases.py): opening
it from a start-up, consultations and training, loan and subsidy applications and their
outcome, incubation, and the 6- and 12-month follow-ups with their daily reminder.

Each write checks ``may_keep_case`` under the case's row lock (STYLE.md rule 4); pages,
the admin and the daily task call these and nothing else.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict
from startups.models import (
    CaseContact,
    CaseFollowUp,
    EntrepreneurCase,
    Incubation,
    StartUp,
    SupportApplication,
)
from startups.policies import may_keep_case, may_open_case
from startups.selectors import case_follow_ups_due_for


def _locked_case(case: EntrepreneurCase, officer: User) -> EntrepreneurCase:
    case = EntrepreneurCase.objects.select_for_update().select_related("region").get(pk=case.pk)
    may_keep_case.require(officer, case)
    return case


def case_open(
    *, startup: StartUp, officer: User, opened_on: datetime.date | None = None
) -> EntrepreneurCase:
    """The founder's case record, kept by the bureau of their home region, with its
    follow-ups due 6 and 12 months after ``opened_on`` (today; an earlier day when the
    bureau's support began before the record was kept here)."""
    may_open_case.require(officer, startup)
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case record is opened today or earlier.")})
    profile = startup.founder
    case = EntrepreneurCase(
        veteran=profile,
        region=profile.home_region,
        startup=startup,
        opened_by=officer,
        opened_on=opened_on,
    )
    try:
        with transaction.atomic():
            case.save()
            CaseFollowUp.objects.bulk_create(CaseFollowUp.schedule(case))
            audit_event_record(actor=officer, action=AuditAction.CASE_OPENED, target=case)
    except IntegrityError:
        raise Conflict(_("This veteran already has a case record.")) from None
    return case


def case_contact_record(
    *, case: EntrepreneurCase, officer: User, kind: str, held_on, topic: str, internal_note=""
) -> CaseContact:
    contact = CaseContact(
        case=case,
        kind=kind,
        held_on=held_on,
        topic=topic,
        internal_note=internal_note,
        recorded_by=officer,
    )
    contact.full_clean(exclude=["case"])
    with transaction.atomic():
        _locked_case(case, officer)
        contact.save()
        audit_event_record(
            actor=officer, action=AuditAction.CASE_CONTACT_RECORDED, target=case, kind=kind
        )
    return contact


def support_application_record(
    *, case: EntrepreneurCase, officer: User, policy, applied_on, amount_applied: int, **more
) -> SupportApplication:
    """A loan or subsidy application the bureau helped make, under a current policy."""
    if policy.retired_at is not None:
        raise ValidationError({"policy": _("This policy is retired.")})
    places = [case.region, case.startup.region if case.startup_id else None]
    if not any(place and policy.region.contains(place) for place in places):
        raise ValidationError({"policy": _("Choose a policy of the entrepreneur's region.")})
    application = SupportApplication(
        case=case,
        policy=policy,
        applied_on=applied_on,
        amount_applied=amount_applied,
        internal_note=more.get("internal_note", ""),
        recorded_by=officer,
    )
    application.full_clean(exclude=["case"], validate_constraints=False)
    with transaction.atomic():
        _locked_case(case, officer)
        application.save()
        audit_event_record(
            actor=officer, action=AuditAction.SUPPORT_APPLICATION_RECORDED, target=application
        )
    return application


def support_application_decide(
    *,
    application: SupportApplication,
    officer: User,
    outcome: str,
    decided_on: datetime.date,
    amount_granted: int | None = None,
) -> SupportApplication:
    """The lender's or the fund's answer: granted (with the amount) or refused."""
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("Record the answer once it has come.")})
    if outcome == SupportApplication.Status.GRANTED and not amount_granted:
        raise ValidationError({"amount_granted": _("Give the amount granted.")})
    if outcome not in (SupportApplication.Status.GRANTED, SupportApplication.Status.REFUSED):
        raise ValidationError({"outcome": _("Choose granted or refused.")})
    with transaction.atomic():
        application = SupportApplication.objects.select_for_update().get(pk=application.pk)
        _locked_case(application.case, officer)
        if decided_on < application.applied_on:
            raise ValidationError(
                {"decided_on": _("The answer cannot come before the application.")}
            )
        if outcome == SupportApplication.Status.GRANTED:
            application.grant(amount=amount_granted, on=decided_on)
            action = AuditAction.SUPPORT_APPLICATION_GRANTED
        else:
            application.refuse(on=decided_on)
            action = AuditAction.SUPPORT_APPLICATION_REFUSED
        application.save(update_fields=["status", "amount_granted", "decided_on"])
        audit_event_record(actor=officer, action=action, target=application)
    return application


def incubation_record(
    *, case: EntrepreneurCase, officer: User, base, started_on, ended_on=None
) -> Incubation:
    if base.retired_at is not None:
        raise ValidationError({"base": _("This base is retired.")})
    if base.region_id[:2] != case.region_id[:2]:
        raise ValidationError({"base": _("Choose a base of the entrepreneur's province.")})
    incubation = Incubation(case=case, base=base, started_on=started_on, ended_on=ended_on)
    incubation.full_clean(exclude=["case"], validate_constraints=False)
    with transaction.atomic():
        _locked_case(case, officer)
        incubation.save()
        audit_event_record(actor=officer, action=AuditAction.INCUBATION_RECORDED, target=case)
    return incubation


def incubation_end(*, incubation: Incubation, officer: User, ended_on) -> Incubation:
    with transaction.atomic():
        incubation = Incubation.objects.select_for_update().get(pk=incubation.pk)
        _locked_case(incubation.case, officer)
        if incubation.ended_on is not None:
            raise Conflict(_("This stay has already ended."))
        incubation.ended_on = ended_on
        incubation.full_clean(exclude=["case"], validate_constraints=False)
        incubation.save(update_fields=["ended_on"])
        audit_event_record(
            actor=officer, action=AuditAction.INCUBATION_ENDED, target=incubation.case
        )
    return incubation


# --- follow-ups ----------------------------------------------------------------------------


def case_follow_up_mark_due(*, follow_up: CaseFollowUp, today: datetime.date) -> bool:
    """Mark a scheduled follow-up due once its date comes; False if nothing changed."""
    with transaction.atomic():
        follow_up = CaseFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.status != CaseFollowUp.Status.SCHEDULED or follow_up.due_on > today:
            return False
        follow_up.mark_due()
        follow_up.save(update_fields=["status"])
        audit_event_record(actor=None, action=AuditAction.CASE_FOLLOW_UP_CAME_DUE, target=follow_up)
    return True


def case_follow_ups_mark_due(*, today: datetime.date | None = None) -> int:
    """Every follow-up that came due, marked; each bureau over their regions reminded once.
    Safe to run twice: a second run finds nothing newly due and reminds nobody."""
    today = today or timezone.localdate()
    scheduled = CaseFollowUp.objects.filter(status=CaseFollowUp.Status.SCHEDULED, due_on__lte=today)
    marked = [
        f.pk for f in scheduled.only("pk") if case_follow_up_mark_due(follow_up=f, today=today)
    ]
    codes = set(
        CaseFollowUp.objects.filter(pk__in=marked).values_list("case__region_id", flat=True)
    )
    _remind_bureaus(codes)
    return len(marked)


def _remind_bureaus(region_codes: set[str]) -> None:
    """E-mail every bureau whose region contains one of these (a district's city and
    province share its first four and two digits)."""
    governing = {up for code in region_codes for up in (code, code[:4] + "00", code[:2] + "0000")}
    bureaus = User.objects.filter(role=User.Role.BUREAU, is_active=True, region_id__in=governing)
    for bureau in bureaus.select_related("region"):
        notify_after_commit(
            to=[bureau.email],
            event="entrepreneur_follow_ups_due",
            context={
                "count": case_follow_ups_due_for(bureau).count(),
                "region": bureau.region.name,
            },
            link=reverse("startups:case_follow_ups"),
        )


def case_follow_up_record(
    *, follow_up: CaseFollowUp, officer: User, outcome: str, employees=None, note: str = ""
) -> CaseFollowUp:
    """Where the business stands: still trading (with its head count), closed, or the
    entrepreneur could not be reached."""
    if outcome not in CaseFollowUp.Outcome.values:
        raise ValidationError({"outcome": _("Choose how the business stands.")})
    if outcome == CaseFollowUp.Outcome.TRADING and employees is None:
        raise ValidationError({"employees": _("Give how many people it employs now.")})
    if outcome != CaseFollowUp.Outcome.TRADING:
        employees = None
    with transaction.atomic():
        follow_up = CaseFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        _locked_case(follow_up.case, officer)
        follow_up.record(outcome=outcome, employees=employees, note=note, recorder=officer)
        follow_up.save(
            update_fields=["status", "outcome", "employees", "note", "recorded_by", "recorded_at"]
        )
        audit_event_record(
            actor=officer,
            action=AuditAction.CASE_FOLLOW_UP_RECORDED,
            target=follow_up,
            outcome=outcome,
        )
    return follow_up
