"""Writing the quarterly report, and the quarterly communication that follows it:
closing pledge follow-ups, recording meetings and their action items."""

import datetime
import time
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import connection, transaction
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
from portal.copy import copy_line, copy_rows
from portal.workflow import DomainError, NotAllowed


class FutureQuarter(DomainError):
    """A quarter that has not begun has no figures."""


def quarterly_report_compute(*, quarter: Quarter) -> dict:
    """Compute the quarter for the nation, every province and city and every district with
    figures, and store one row per scope. A rerun replaces the rows in place (one upsert on the unique scope, in one
    transaction), so readers see the old report or the new one and never a duplicate.

    Returns the number of scopes written and the seconds spent computing (the queries)
    and writing (each scope's figures made, encoded and sent, and the rest written).
    """
    if quarter.first_day > timezone.localdate():
        raise FutureQuarter(quarter)
    started = time.perf_counter()
    collected = figures.collect(quarter)
    computed = time.perf_counter()
    with transaction.atomic():
        written = _write_reports(quarter, figures.each_scope(collected))
        _write_enterprise_quarters(quarter, written["nation"]["enterprises"])
        proposed = commendations.commendations_propose(quarter=quarter)
    finished = time.perf_counter()
    return {
        "quarter": str(quarter),
        "scopes": written["scopes"],
        "compute_s": round(computed - started, 2),
        "write_s": round(finished - computed, 2),
        "commendations_proposed": proposed,
        **notices.quarterly_notices_send(quarter=quarter),
    }


# The quarter's rows go in by one COPY into a scratch table and one upsert from it (a rerun
# replaces each scope's row in place), not as quoted literals in batched INSERTs. What is
# left is PostgreSQL turning the JSON text (31 MB on the medium demo, 3,211 scopes) into
# jsonb: it grows with the figures stored, not with the number of statements.
REPORT_ROWS = """
DROP TABLE IF EXISTS report_rows;
CREATE TEMPORARY TABLE report_rows (
    region_id varchar(6), figures jsonb NOT NULL, totals jsonb NOT NULL, overview jsonb NOT NULL
) ON COMMIT DROP"""
REPORT_UPSERT = f"""
INSERT INTO {QuarterlyReport._meta.db_table}
    (year, quarter, region_id, figures, totals, overview, computed_at)
SELECT %s, %s, region_id, figures, totals, overview, %s FROM report_rows
ON CONFLICT ON CONSTRAINT one_report_per_quarter_and_scope DO UPDATE
SET figures = excluded.figures, totals = excluded.totals, overview = excluded.overview,
    computed_at = excluded.computed_at"""


def _write_reports(quarter: Quarter, by_scope: Iterator[tuple]) -> dict:
    """One row per scope (in the caller's transaction), each scope's figures made as the
    COPY reads its line: PostgreSQL parses one scope's JSON while Python makes the next.
    Returns how many scopes, and the nation's figures."""
    written = {"scopes": 0, "nation": None}

    def lines():
        for scope, scope_figures in by_scope:
            written["scopes"] += 1
            if scope is figures.NATION:
                written["nation"] = scope_figures
            yield _report_line(scope, scope_figures)

    with connection.cursor() as cursor:
        cursor.execute(REPORT_ROWS)
    copy_rows("report_rows", ["region_id", "figures", "totals", "overview"], lines())
    with connection.cursor() as cursor:
        cursor.execute(REPORT_UPSERT, [quarter.year, quarter.number, timezone.now()])
    return written


def _report_line(scope, scope_figures: dict) -> str:
    stored = figures.stored_json(scope_figures)
    return copy_line([scope, stored["figures"], stored["totals"], stored["overview"]])


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
