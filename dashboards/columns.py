"""The report's tables and figures with their headers in the user's language: one
definition for the dashboard tables, the printable page and the XLSX and CSV exports."""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from enterprises.models import Agreement
from jobs.models import Feedback
from portal import formatting
from portal.reference.models import Industry


def _label(text: str, month: int) -> str:
    return gettext(text) % {"m": month}


_monthly = lazy(_label, str)


def _join(subject, what) -> str:
    return gettext("%(subject)s: %(what)s") % {"subject": subject, "what": what}


_lazy_join = lazy(_join, str)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | share | days | decimal | flag | text

    def value(self, row: dict):
        return row.get(self.key)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


PLEDGE = (
    Column("pledged", _("Posts pledged")),
    Column("pledge_expected", _("Due by now"), "decimal"),
    Column("pledge_published", _("Published under these pledges")),
    Column("pledge_verified", _("Verified under these pledges")),
    Column("pledge_filled", _("Filled under these pledges")),
    Column("pledge_published_share", _("Published / pledged"), "share"),
    Column("pledge_filled_share", _("Filled / pledged"), "share"),
    Column("behind", _("Behind pledge"), "flag"),
    Column("agreement_published", _("Published here under agreements")),
    Column("agreement_filled", _("Filled here under agreements")),
)
FLOWS = (
    Column("posts_published", _("Posts published in the quarter")),
    Column("applications", _("Applications")),
    Column("hires", _("Hires")),
    Column("conversion", _("Hires per application"), "share"),
    Column("retention_6", _("Retained at 6 months"), "share"),
    Column("median_days_to_hire", _("Median days to hire"), "days"),
)

REFERRALS = (
    Column("referrals_made", _("Referred by the bureaus")),
    Column("referrals_taken_up", _("Referrals taken up")),
    Column("referral_hires", _("Hires from referrals")),
)
# What a quarterly notice compares with the pledge and the quarter before.
NOTICE_COLUMNS = (
    *PLEDGE[:6],
    *FLOWS[:3],
    FLOWS[4],
    Column("enterprises_behind", _("Enterprises behind pledge")),
    Column("veterans_seeking", _("Veterans looking for work")),
)
ENTERPRISE_COLUMNS = (Column("name", _("Enterprise"), "text"), *PLEDGE, *FLOWS, *REFERRALS)
BATCH_COLUMNS = (Column("name", _("Batch"), "text"), *PLEDGE, *FLOWS)
# Only the pledge figures are kept per agreement, so per mode and industry too.
MODE_COLUMNS = (
    Column("name", _("Cooperation mode"), "text"),
    *PLEDGE[:8],
    # Training cooperation only (an empty cell for the other modes).
    Column("interviews_guaranteed", _("Interviews guaranteed by linked training")),
    Column("interviews_owed", _("Of which still owed")),
)
INDUSTRY_COLUMNS = (Column("name", _("Industry (industry cooperation)"), "text"), *PLEDGE[:8])


def mode_rows(modes: dict) -> list[dict]:
    """The report's pledges by cooperation mode, named in the active language."""
    return [
        {**modes[mode], "name": str(label)}
        for mode, label in Agreement.CooperationMode.choices
        if mode in modes
    ]


def _industry_name(industry: Industry) -> str:
    english = not (get_language() or "zh").startswith("zh")
    return industry.name_en if english and industry.name_en else industry.name


def industry_rows(industries: dict) -> list[dict]:
    """The pledges of industry-cooperation agreements by the enterprise's industry."""
    names = {row.code: row for row in Industry.objects.filter(code__in=list(industries))}
    return [
        {**row, "name": _industry_name(names[code]) if code in names else code}
        for code, row in sorted(industries.items())
    ]


REGION_COLUMNS = (
    Column("name", _("Region"), "text"),
    Column("posts_published", _("Posts published")),
    Column("posts_verified", _("Posts verified")),
    Column("applications", _("Applications")),
    Column("hires", _("Hires")),
    Column("conversion", _("Hires per application"), "share"),
    Column("retention_6", _("Retained at 6 months"), "share"),
    Column("pledged", _("Posts pledged")),
    Column("agreement_published", _("Published here under agreements")),
    Column("enterprises_behind", _("Enterprises behind pledge")),
    Column("veterans_seeking", _("Veterans looking for work")),
)

# Veterans' feedback of the quarter (dashboards.figures.feedback_block): answers and the
# mean of each question's 1-5 ratings, per subject and per enterprise, institution, event
# and region below.
_SCORES = (
    Column("answers", _("Answers")),
    Column("score_1", _("First question (mean, 1–5)"), "decimal"),
    Column("score_2", _("Second question (mean, 1–5)"), "decimal"),
)
FEEDBACK_SUBJECT_COLUMNS = (
    Column("name", _("About"), "text"),
    _SCORES[0],
    Column("question_1", _("Question 1"), "text"),
    Column("score_1", _("Mean, 1–5"), "decimal"),
    Column("question_2", _("Question 2"), "text"),
    Column("score_2", _("Mean, 1–5"), "decimal"),
)
FEEDBACK_COLUMNS = {
    "enterprise": (Column("name", _("Enterprise"), "text"), *_SCORES),
    "institution": (Column("name", _("Training institution"), "text"), *_SCORES),
    "event": (Column("name", _("Recruitment event"), "text"), *_SCORES),
}
FEEDBACK_SUBJECT_NAMES = {
    "placement": _("Jobs"),
    "training": _("Training"),
    "event": _("Recruitment events"),
}
FEEDBACK_REGION_COLUMNS = (
    Column("name", _("Region"), "text"),
    Column("answers", _("Answers")),
    *(
        column
        for subject, name in (
            ("placement", _("Jobs")),
            ("training", _("Training")),
            ("event", _("Events")),
        )
        for column in (
            Column(f"{subject}_answers", _lazy_join(name, _("number of answers"))),
            Column(f"{subject}_score_1", _lazy_join(name, _("first question")), "decimal"),
            Column(f"{subject}_score_2", _lazy_join(name, _("second question")), "decimal"),
        )
    ),
)


def feedback_subject_rows(block: dict) -> list[dict]:
    """One row per subject: its answers, and each question with its mean rating."""
    rows = []
    for subject, name in FEEDBACK_SUBJECT_NAMES.items():
        first, second = Feedback.QUESTIONS[subject]
        scores = block["subjects"][subject]
        rows.append(
            {"name": str(name), **scores, "question_1": str(first), "question_2": str(second)}
        )
    return rows


def feedback_region_rows(block: dict, names: dict) -> list[dict]:
    """The regions below the scope, each with its answers and means per subject."""
    rows = []
    for row in block["regions"]:
        flat = {"name": names.get(row["code"], row["code"]), "answers": row["answers"]}
        for subject, scores in row["subjects"].items():
            flat |= {f"{subject}_{key}": value for key, value in scores.items()}
        rows.append(flat)
    return rows


# The scope's own figures, in sections.
TOTAL_SECTIONS = (
    (
        _("Pledged posts (cumulative to the quarter's end)"),
        (
            *PLEDGE[:7],
            Column("agreement_published", _("Published here under agreements")),
            Column("agreement_verified", _("Verified here under agreements")),
            Column("agreement_filled", _("Filled here under agreements")),
            Column("enterprises_with_pledges", _("Enterprises with pledges")),
            Column("enterprises_behind", _("Enterprises behind pledge")),
        ),
    ),
    (
        _("Posts in the quarter"),
        (
            Column("posts_published", _("Posts published")),
            Column("openings_published", _("Openings published")),
            Column("posts_verified", _("Posts verified")),
            Column("posts_verified_genuine", _("Verified as genuine")),
            Column("posts_verified_not_genuine", _("Found not genuine")),
            Column("median_days_to_approve", _("Median days from submission to approval"), "days"),
        ),
    ),
    (
        _("Applications and hires in the quarter"),
        (
            Column("applications", _("Applications")),
            Column("hires", _("Hires")),
            Column("hires_online", _("Hires through an online application")),
            Column("hires_event", _("Hires at a recruitment event")),
            Column("hires_direct", _("Direct hires")),
            Column("conversion", _("Online hires per application"), "share"),
            Column("median_days_to_hire", _("Median days from application to hire"), "days"),
        ),
    ),
    (
        _("Retention (follow-ups recorded in the quarter)"),
        tuple(
            Column(f"{kind}_{month}", _monthly(text, month), format_kind)
            for month in (3, 6, 12)
            for kind, text, format_kind in (
                ("recorded", gettext_noop("Follow-ups at %(m)s months"), "count"),
                ("employed", gettext_noop("Still employed at %(m)s months"), "count"),
                ("left", gettext_noop("Left by %(m)s months"), "count"),
                ("unreachable", gettext_noop("Unreachable at %(m)s months"), "count"),
                ("retention", gettext_noop("Retention at %(m)s months"), "share"),
            )
        ),
    ),
    (
        _("Veterans by job-seeking status (registered by the quarter's end)"),
        (
            Column("veterans", _("Veterans registered")),
            Column("veterans_seeking", _("Looking for work")),
            Column("veterans_employed", _("Employed")),
            Column("veterans_not_seeking", _("Not looking")),
        ),
    ),
    (
        _("Veteran status (confirmed by a bureau by the quarter's end)"),
        (
            Column("veterans_confirmed", _("Status confirmed")),
            Column("veterans_unconfirmed", _("Not yet confirmed")),
        ),
    ),
    (
        _("Training in the quarter"),
        (
            Column("enrolments", _("Enrolments")),
            Column("completions", _("Completions")),
            Column("hires_after_training", _("Hires within 6 months of a completion")),
        ),
    ),
    (
        _("Referrals in the quarter"),
        (
            Column("bureau_referrals_made", _("Referrals made by this bureau")),
            Column("bureau_referrals_taken_up", _("Of this bureau's, taken up")),
            Column("bureau_referral_hires", _("Of this bureau's, ending in a hire")),
            Column("referrals_made", _("Referrals to posts here")),
            Column("referrals_taken_up", _("Taken up by the enterprises here")),
            Column("referral_hires", _("Ending in a hire here")),
        ),
    ),
    (
        _("Veterans' start-ups"),
        (
            Column("startups_declared", _("Start-ups declared in the quarter")),
            Column("startups_confirmed", _("Start-ups confirmed in the quarter")),
            Column("startup_jobs", _("Jobs in confirmed start-ups")),
            Column("startup_veteran_jobs", _("Veterans' jobs in confirmed start-ups")),
            Column("mentor_pairs", _("Mentor pairs made in the quarter")),
            Column("loans_assisted", _("Start-up loans applied for with the bureau's help")),
            Column("loans_assisted_amount", _("Amount of those loans applied for (yuan)")),
            Column("loans_granted", _("Start-up loans granted")),
            Column("loans_granted_amount", _("Amount of loans granted (yuan)")),
            Column("subsidies_assisted", _("Subsidies applied for with the bureau's help")),
            Column("subsidies_assisted_amount", _("Amount of those subsidies applied for (yuan)")),
            Column("subsidies_granted", _("Subsidies granted")),
            Column("subsidies_granted_amount", _("Amount of subsidies granted (yuan)")),
        ),
    ),
    (
        _("Post reports filed in the quarter"),
        (
            Column("reports_filed", _("Reports filed")),
            Column("reports_open", _("Still open")),
            Column("reports_confirmed", _("Confirmed, post taken down")),
            Column("reports_dismissed", _("Dismissed")),
        ),
    ),
)


def sort_rows(rows: list[dict], columns, sort: str, default: str = "") -> tuple[list[dict], str]:
    """Rows sorted by ``sort`` (a column key, ``-`` first for descending); an unknown key
    falls back to ``default`` (else the first column). Missing values go last either way."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in {column.key for column in columns}:
        key, descending = default or columns[0].key, False
    present = [row for row in rows if row.get(key) is not None]
    missing = [row for row in rows if row.get(key) is None]
    present.sort(key=lambda row: row[key], reverse=descending)
    return present + missing, ("-" if descending else "") + key


# --- tables ready to print: formatted cells, sort links -------------------------------------


def format_cell(row: dict, column: Column) -> str:
    """A figure as the ministry prints it: 124,000, 12.3%, 290.7, or a "behind" badge."""
    value = column.value(row)
    if column.kind == "text":
        return value or ""
    if column.kind == "flag":
        return BEHIND_BADGE() if value else ""
    return formatting.figure(value, column.kind)


def BEHIND_BADGE() -> str:  # noqa: N802 (a constant that follows the active language)
    return format_html('<span class="badge text-bg-danger">{}</span>', gettext("Behind"))


@dataclass
class Table:
    headers: list  # (label, sort link or "", numeric)
    rows: list  # {"name", "link", "behind", "cells"}


def sort_href(query, column: Column, current: str, param: str) -> tuple[str, str]:
    """The link that sorts by ``column`` (figures largest first; again: the other way
    round), and the arrow showing the current order."""
    if current.lstrip("-") == column.key:
        target = column.key if current.startswith("-") else f"-{column.key}"
        arrow = " ▼" if current.startswith("-") else " ▲"
    else:
        target, arrow = (f"-{column.key}" if column.numeric else column.key), ""
    query = query.copy()
    query[param] = target
    query.pop("page", None)
    return f"?{query.urlencode()}", arrow


def build_table(rows, cols, *, query=None, current="", param="", link=None) -> Table:
    """``rows`` formatted by ``cols``; sortable headers when a query and param are given;
    ``link(row)`` makes the first cell a link."""
    headers = []
    for column in cols:
        href, arrow = sort_href(query, column, current, param) if param else ("", "")
        headers.append((f"{column.label}{arrow}", href, column.numeric))
    flagged = any(column.kind == "flag" for column in cols)
    body = [
        {
            "name": format_cell(row, cols[0]),
            "link": link(row) if link else "",
            "behind": flagged and bool(row.get("behind")),
            "cells": [format_cell(row, column) for column in cols[1:]],
        }
        for row in rows
    ]
    return Table(headers, body)
