"""Writing the quarterly report, and the quarterly communication that follows it:
closing pledge follow-ups, recording meetings and their action items."""

import datetime
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import commendations, figures, notices, selectors
from dashboards.models import (
    ActionItem,
    EnterpriseQuarter,
    PledgeFollowUp,
    QuarterlyMeeting,
    QuarterlyReport,
)
from dashboards.quarters import Quarter
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import DomainError, NotAllowed


class FutureQuarter(DomainError):
    """A quarter that has not begun has no figures."""


def quarterly_report_compute(*, quarter: Quarter) -> dict:
    """Compute the quarter for the nation and every province and city, and store one row
    per scope. A rerun replaces the rows in place (one upsert on the unique scope, in one
    transaction), so readers see the old report or the new one and never a duplicate.

    Returns the number of scopes written and the seconds spent computing and writing.
    """
    if quarter.first_day > timezone.localdate():
        raise FutureQuarter(quarter)
    started = time.perf_counter()
    by_scope = figures.every_scope(quarter)
    computed = time.perf_counter()
    now = timezone.now()
    rows = [
        QuarterlyReport(
            year=quarter.year,
            quarter=quarter.number,
            region_id=scope,
            figures=scope_figures,
            totals=scope_figures["totals"],
            overview=figures.overview(scope_figures),
            computed_at=now,
        )
        for scope, scope_figures in by_scope.items()
    ]
    with transaction.atomic():
        QuarterlyReport.objects.bulk_create(
            rows,
            batch_size=100,
            update_conflicts=True,
            unique_fields=["year", "quarter", "region"],
            update_fields=["figures", "totals", "overview", "computed_at"],
        )
        _write_enterprise_quarters(quarter, by_scope[figures.NATION]["enterprises"])
        proposed = commendations.commendations_propose(quarter=quarter)
    written = time.perf_counter()
    return {
        "quarter": str(quarter),
        "scopes": len(rows),
        "compute_s": round(computed - started, 2),
        "write_s": round(written - computed, 2),
        "commendations_proposed": proposed,
        **notices.quarterly_notices_send(quarter=quarter),
    }


def _write_enterprise_quarters(quarter: Quarter, enterprises: dict) -> None:
    """Each enterprise's nationwide row, replacing the quarter's earlier rows."""
    earlier = EnterpriseQuarter.objects.filter(year=quarter.year, quarter=quarter.number)
    earlier.exclude(enterprise_id__in=[int(pk) for pk in enterprises]).delete()
    EnterpriseQuarter.objects.bulk_create(
        [
            EnterpriseQuarter(
                year=quarter.year, quarter=quarter.number, enterprise_id=int(pk), figures=row
            )
            for pk, row in enterprises.items()
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["enterprise", "year", "quarter"],
        update_fields=["figures"],
    )


# --- the quarterly communication: follow-ups of pledges, meetings and their action items ---


def pledge_follow_up_close(*, follow_up: PledgeFollowUp, actor: User, note: str) -> PledgeFollowUp:
    """The bureau writes what it found and agreed with the enterprise, and closes the task.
    Only a bureau over the enterprise's headquarters finds the task (NotAllowed otherwise)."""
    if not note.strip():
        raise ValidationError({"note": _("Write what you found and agreed with the enterprise.")})
    with transaction.atomic():
        follow_up = _locked(selectors.pledge_follow_ups_for(actor), follow_up.pk)
        follow_up.close(by=actor, note=note.strip())
        follow_up.save(update_fields=["status", "note", "closed_by", "closed_at"])
        audit_event_record(
            actor=actor, action=AuditAction.PLEDGE_FOLLOW_UP_CLOSED, target=follow_up, note=note
        )
    return follow_up


def _locked(rows, pk: int):
    """The row, locked, if it is among ``rows`` (the actor's scope); NotAllowed if not."""
    found = rows.model.objects.filter(pk__in=rows.values("pk"), pk=pk).select_for_update().first()
    if found is None:
        raise NotAllowed(_("This is not yours to change."))
    return found


def quarterly_meeting_record(
    *,
    actor: User,
    held_on: datetime.date,
    title: str,
    minutes: str,
    participants: list[User],
    items: list[dict],
) -> QuarterlyMeeting:
    """Record a meeting held by the ministry or a bureau: its participants (the recorder
    among them) and its action items, each owned by a participant with a due date; each
    owner is told."""
    if not (actor.is_ministry or actor.is_bureau):
        raise NotAllowed(_("Only the ministry and the bureaus record quarterly meetings."))
    people = {user.pk: user for user in [*participants, actor]}
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting is recorded after it was held.")})
    for item in items:
        if item["owner"].pk not in people:
            raise ValidationError({"items": _("Each action item's owner must be a participant.")})
    with transaction.atomic():
        meeting = QuarterlyMeeting.objects.create(
            held_on=held_on, title=title, minutes=minutes, recorded_by=actor
        )
        meeting.participants.set(people.values())
        created = ActionItem.objects.bulk_create(
            ActionItem(meeting=meeting, text=i["text"], owner=i["owner"], due_on=i["due_on"])
            for i in items
        )
        audit_event_record(actor=actor, action=AuditAction.MEETING_RECORDED, target=meeting)
        for item in created:
            notify_after_commit(
                to=[item.owner.email],
                event="action_item_assigned",
                link=reverse("dashboards:meeting_detail", args=[meeting.pk]),
                context={"meeting": meeting, "item": item},
            )
    return meeting


def action_item_complete(*, item: ActionItem, actor: User, note: str = "") -> ActionItem:
    """The owner marks the item done, with a note of what was done."""
    with transaction.atomic():
        item = _locked(selectors.action_items_of(actor), item.pk)
        item.mark_done(note=note.strip())
        item.save(update_fields=["status", "done_note", "done_at"])
        audit_event_record(actor=actor, action=AuditAction.ACTION_ITEM_DONE, target=item, note=note)
    return item
