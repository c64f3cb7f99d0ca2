"""The quarterly communication: after a quarter's report is computed, every enterprise,
every bureau and the ministry are told where they stand (QuarterlyNotice), in their inbox
and by e-mail; the bureau over an enterprise behind its pledge gets a follow-up task.

Everything is written in bulk: the recipients, their languages and their preferences are
read in a few queries, the inbox rows with bulk_create, one e-mail row per notice and
language, and the e-mails are handed to Celery in batches after commit. A second run of the
same quarter writes and sends nothing: the notices already there are skipped, under a lock
of the quarter, and the unique constraint on the notice refuses a duplicate that would
slip past it.
"""

import datetime
import logging
import math
import time
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from dashboards import columns
from dashboards.figures import finish_block, is_district_code
from dashboards.models import PledgeFollowUp, QuarterlyNotice, QuarterlyReport
from dashboards.quarters import Quarter
from enterprises.models import Enterprise, EnterpriseMember
from portal import formatting
from portal.accounts.models import Notification, NotificationPreference, OutgoingEmail, User
from portal.accounts.notifications import render_email, unread_counters_add
from portal.reference.models import Region

logger = logging.getLogger(__name__)
EVENT = "quarterly_notice"
Audience = QuarterlyNotice.Audience
# The figures a notice compares with the pledge and the quarter before.
ENTERPRISE_FIGURES = (
    "pledged",
    "pledge_expected",
    "pledge_published",
    "pledge_filled",
    "pledge_published_share",
    "posts_published",
    "applications",
    "hires",
    "retention_6",
)
REGION_FIGURES = (*ENTERPRISE_FIGURES, "enterprises_behind", "veterans_seeking")
EMAIL_BATCH = 200


def quarterly_notices_send(*, quarter: Quarter) -> dict:
    """Write and send the quarter's notices not sent yet; the seconds spent and how many.

    Only for the quarter that ended last: computing an older quarter again (a correction,
    the trend of a new dashboard) or the current one to date tells nobody anything."""
    started = time.perf_counter()
    if quarter != Quarter.current().previous:
        return {"notices_sent": 0, "notices_s": 0.0}
    with transaction.atomic():
        _lock(quarter)
        planned = _plan(quarter)
        sent = QuarterlyNotice.objects.filter(year=quarter.year, quarter=quarter.number)
        done = set(sent.values_list("audience", "enterprise_id", "region_id"))
        new = [n for n in planned if (n.audience, n.enterprise_id, n.region_id) not in done]
        QuarterlyNotice.objects.bulk_create(new, batch_size=500)
        _assign_follow_ups([n for n in new if n.behind and n.audience == Audience.ENTERPRISE])
        _deliver(new)
    return {"notices_sent": len(new), "notices_s": round(time.perf_counter() - started, 2)}


def _lock(quarter: Quarter) -> None:
    """Two runs of one quarter (a task redelivered, the command beside beat) take turns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [19019, quarter.year * 10 + quarter.number]
        )


# --- what each recipient is told ------------------------------------------------------------


def _plan(quarter: Quarter) -> list[QuarterlyNotice]:
    reports = _reports(quarter)
    nation = reports["current"].get(None)
    if nation is None:
        return []
    enterprises = _enterprise_notices(quarter, nation, reports["previous_nation"])
    return [
        *enterprises,
        *_bureau_notices(quarter, reports, _behind_by_region(enterprises)),
        _notice(quarter, Audience.MINISTRY, _compare(nation["totals"], _totals(reports, None))),
    ]


def _reports(quarter: Quarter) -> dict:
    """The quarter's and the previous quarter's totals of every scope, and the nation's
    enterprise rows of both (the only large JSON read)."""
    previous = quarter.previous
    totals = {}
    for one in (quarter, previous):
        rows = QuarterlyReport.objects.filter(year=one.year, quarter=one.number)
        totals[one] = dict(rows.values_list("region_id", "totals"))
    nation = QuarterlyReport.objects.filter(region=None)
    current = nation.filter(year=quarter.year, quarter=quarter.number).first()
    before = nation.filter(year=previous.year, quarter=previous.number).first()
    return {
        "current": {
            code: {"totals": row} for code, row in totals[quarter].items() if code is not None
        }
        | ({None: current.figures} if current else {}),
        "previous": totals[previous],
        "previous_nation": before.figures if before else None,
    }


def _totals(reports: dict, code) -> dict | None:
    return reports["previous"].get(code)


def _pick(row: dict | None, names) -> dict | None:
    return None if row is None else {name: row.get(name) for name in names}


def _compare(current: dict, previous: dict | None, names=REGION_FIGURES) -> dict:
    return {"current": _pick(current, names), "previous": _pick(previous, names)}


def _notice(quarter: Quarter, audience: str, figures: dict, **recipient) -> QuarterlyNotice:
    return QuarterlyNotice(
        year=quarter.year,
        quarter=quarter.number,
        audience=audience,
        figures=figures,
        behind=bool(figures.get("reasons")),
        **recipient,
    )


def competition_ranks(values: dict) -> dict:
    """{key: rank} by value, largest first; equal values share a rank (1, 2, 2, 4)."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    ranks, previous, rank = {}, object(), 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def _enterprise_notices(quarter: Quarter, nation: dict, before: dict | None) -> list:
    """Every approved enterprise; ranked among those with pledges by the share of their
    pledge published."""
    rows = nation["enterprises"]
    earlier = (before or {}).get("enterprises", {})
    pledging = {
        pk: row["pledge_published_share"] or 0 for pk, row in rows.items() if row["pledged"]
    }
    ranks = competition_ranks(pledging)
    notices = []
    for pk in Enterprise.objects.approved().values_list("pk", flat=True).order_by("pk"):
        row = rows.get(str(pk), {})
        figures = _compare(row, earlier.get(str(pk)) if before else None, ENTERPRISE_FIGURES)
        figures.update(rank=ranks.get(str(pk)), peers=len(pledging), reasons=behind_reasons(row))
        notices.append(_notice(quarter, Audience.ENTERPRISE, figures, enterprise_id=pk))
    return notices


def behind_reasons(row: dict) -> list[dict]:
    """Why an enterprise is behind, with the numbers that show it (empty if it is not):
    the posts published under its pledges against the share of the pledge the elapsed part
    of the terms calls for (dashboards.figures.is_behind)."""
    if not row.get("behind"):
        return []
    expected, published = row["pledge_expected"], row["pledge_published"]
    return [
        {
            "code": "published_short",
            "pledged": row["pledged"],
            "expected": expected,
            "published": published,
            "short": round(expected - published, 1),
        }
    ]


def _behind_by_region(notices: list[QuarterlyNotice]) -> list[str]:
    """The headquarters region of each enterprise behind its pledge."""
    behind = [n.enterprise_id for n in notices if n.behind]
    return list(Enterprise.objects.filter(pk__in=behind).values_list("hq_region_id", flat=True))


def _bureau_notices(quarter: Quarter, reports: dict, behind_hqs: list[str]) -> list:
    """One per province, city and district that has bureau staff; ranked by hires among
    the regions of the same level under the same parent (the provinces among all
    provinces, a city's districts among themselves). A staffed district without a report
    (nothing was recorded there in the quarter) is told so, with zeros: every bureau with
    officers hears once a quarter."""
    current = dict(reports["current"])
    staffed = sorted(
        set(
            User.objects.filter(role=User.Role.BUREAU, is_active=True, region__isnull=False)
            .values_list("region_id", flat=True)
            .distinct()
        )
    )
    for code in staffed:
        if code not in current and is_district_code(code):
            current[code] = {"totals": finish_block({}) | {"enterprises_behind": 0}}
    peers = defaultdict(dict)
    for code, scope in current.items():
        if code is not None:
            peers[_parent_of(code)][code] = scope["totals"].get("hires") or 0
    ranks = {
        code: rank for group in peers.values() for code, rank in competition_ranks(group).items()
    }
    notices = []
    for code in staffed:
        if code not in current:
            continue
        figures_now = _compare(current[code]["totals"], _totals(reports, code))
        prefix = _scope_prefix(code)
        follow_ups = sum(hq.startswith(prefix) for hq in behind_hqs)
        figures_now.update(
            rank=ranks.get(code),
            peers=len(peers[_parent_of(code)]),
            reasons=[],
            follow_ups=follow_ups,
        )
        notices.append(_notice(quarter, Audience.BUREAU, figures_now, region_id=code))
    return notices


def _scope_prefix(code: str) -> str:
    """The code prefix of the region and the regions below it (Region.scope_prefix)."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


def _parent_of(code: str) -> str:
    """A district's city, a city's province; every province has the nation ("") above it."""
    if code.endswith("0000"):
        return ""
    return code[:2] + "0000" if code.endswith("00") else code[:4] + "00"


# --- the follow-up tasks --------------------------------------------------------------------


def _assign_follow_ups(behind: list[QuarterlyNotice]) -> None:
    if not behind:
        return
    due = timezone.localdate() + datetime.timedelta(days=settings.PLEDGE_FOLLOW_UP_DAYS)
    regions = dict(
        Enterprise.objects.filter(pk__in=[n.enterprise_id for n in behind]).values_list(
            "pk", "hq_region_id"
        )
    )
    PledgeFollowUp.objects.bulk_create(
        [
            PledgeFollowUp(
                notice=n,
                enterprise_id=n.enterprise_id,
                region_id=regions[n.enterprise_id],
                due_on=due,
            )
            for n in behind
        ],
        batch_size=500,
    )
    for n in behind:
        n.figures["follow_up_due"] = due.isoformat()
    QuarterlyNotice.objects.bulk_update(behind, ["figures"], batch_size=500)


# --- delivery: inbox rows and e-mails, in bulk ----------------------------------------------


def recipients_of(notices: list[QuarterlyNotice]) -> dict[int, list[User]]:
    """{notice pk: its active users}: the enterprise's staff, the bureau's staff of that
    region, the ministry's admins; three queries whatever the number of notices."""
    fields = ("id", "email", "language", "role", "region_id")
    by_enterprise, by_region, ministry = defaultdict(list), defaultdict(list), []
    members = EnterpriseMember.objects.filter(
        enterprise_id__in=[n.enterprise_id for n in notices if n.enterprise_id],
        user__is_active=True,
    ).select_related("user")
    for member in members.only("enterprise_id", *(f"user__{name}" for name in fields)):
        by_enterprise[member.enterprise_id].append(member.user)
    regions = [n.region_id for n in notices if n.region_id]
    bureaus = User.objects.filter(role=User.Role.BUREAU, is_active=True, region_id__in=regions)
    for user in bureaus.only(*fields):
        by_region[user.region_id].append(user)
    if any(n.audience == Audience.MINISTRY for n in notices):
        ministry = list(User.objects.filter(role=User.Role.MINISTRY, is_active=True).only(*fields))
    return {
        n.pk: by_enterprise[n.enterprise_id]
        if n.enterprise_id
        else by_region[n.region_id]
        if n.region_id
        else ministry
        for n in notices
    }


def _deliver(notices: list[QuarterlyNotice]) -> None:
    if not notices:
        return
    users = recipients_of(notices)
    everyone = [user for group in users.values() for user in group]
    opted_out = set(
        NotificationPreference.objects.filter(
            user__in=[user.pk for user in everyone], kind=EVENT, email=False
        ).values_list("user_id", flat=True)
    )
    names = _recipient_names(notices)
    inbox, emails = [], []
    for notice in notices:
        by_language = defaultdict(list)
        for user in users[notice.pk]:
            by_language[user.language].append(user)
        link = reverse("dashboards:notice_detail", args=[notice.pk])
        for language, group in by_language.items():
            context = notice_context(notice, names.get(_name_key(notice), "")) | {"link": link}
            subject, body = render_email(EVENT, context, language)
            inbox += [
                Notification(user=user, kind=EVENT, title=subject, body=body, link=link)
                for user in group
            ]
            addresses = sorted(
                user.email for user in group if user.pk not in opted_out and user.email
            )
            if addresses:
                emails.append(OutgoingEmail(subject=subject, body=body, recipients=addresses))
    Notification.objects.bulk_create(inbox, batch_size=1000)
    unread_counters_add([entry.user_id for entry in inbox], 1)
    OutgoingEmail.objects.bulk_create(emails, batch_size=500)
    keys = [str(email.pk) for email in emails]
    transaction.on_commit(lambda: _enqueue_in_batches(keys))


def _enqueue_in_batches(keys: list[str]) -> None:
    from portal.accounts.tasks import send_email_batch

    for start in range(0, len(keys), EMAIL_BATCH):
        try:
            send_email_batch.delay(keys[start : start + EMAIL_BATCH])
        except Exception:  # kombu's wrappers of the connection errors
            logger.warning("quarterly notices: e-mails left to the sweep", exc_info=True)
            return  # send_pending_emails sends what the broker did not take


def _name_key(notice: QuarterlyNotice):
    return notice.enterprise_id or notice.region_id


def _recipient_names(notices: list[QuarterlyNotice]) -> dict:
    enterprises = [n.enterprise_id for n in notices if n.enterprise_id]
    regions = [n.region_id for n in notices if n.region_id]
    names = dict(Enterprise.objects.filter(pk__in=enterprises).values_list("pk", "name"))
    for region in Region.objects.filter(code__in=regions).only("code", "name", "name_en"):
        # Named when the e-mail is rendered, in the recipient's language (Shenzhen, 深圳市).
        names[region.code] = _local_name(region)
    return names


# One lazy wrapper for every region: lazy() builds a proxy class on each call (about 1 ms).
_local_name = lazy(lambda region: region.local_name, str)


def notice_context(notice: QuarterlyNotice, recipient) -> dict:
    """What the e-mail and the page show: the recipient's name and the figure rows."""
    return {
        "notice": notice,
        "recipient": recipient,
        "quarter": Quarter(notice.year, notice.quarter),
        "rows": figure_rows(notice),
        "reasons": [_in_whole_posts(reason) for reason in notice.figures.get("reasons", [])],
        "follow_up_due": notice.figures.get("follow_up_due"),
    }


def posts_due(expected):
    """The pledge's expected part as whole posts, rounded up: published posts are whole, so
    an enterprise is behind exactly when it published fewer than these (2.3 due: 3)."""
    return math.ceil(expected - 1e-9) if isinstance(expected, int | float) else expected


def _in_whole_posts(reason: dict) -> dict:
    due = posts_due(reason["expected"])
    return reason | {"expected": due, "short": due - reason["published"]}


def _signed(change, kind: str) -> str:
    if not change:
        return ""
    return ("+" if change > 0 else "−") + formatting.figure(abs(change), kind)


def figure_rows(notice: QuarterlyNotice) -> list[dict]:
    """Each figure: its label, this quarter, the quarter before and the change; shares
    and the pledge's expected part as the dashboard prints them."""
    current = notice.figures.get("current") or {}
    previous = notice.figures.get("previous") or {}
    rows = []
    for column in columns.NOTICE_COLUMNS:
        if column.key not in current:
            continue
        now, before, kind = current.get(column.key), previous.get(column.key), column.kind
        if column.key == "pledge_expected":  # as the behind notice says it: whole posts
            now, before, kind = posts_due(now), posts_due(before), "count"
        change = (
            now - before
            if isinstance(now, int | float) and isinstance(before, int | float)
            else None
        )
        rows.append(
            {
                "label": column.label,
                "current": formatting.figure(now, kind),
                "previous": formatting.figure(before, kind) if previous else "",
                "change": _signed(change, kind),
            }
        )
    return rows
