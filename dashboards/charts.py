"""Chart.js configurations for static/js/portal.js (``<canvas data-chart="...">`` with the
config in a json_script element): plain data, labels in the user's language."""

from django.utils.translation import gettext as _

ENTERPRISES_CHARTED = 12


def _percent(value) -> float | None:
    return None if value is None else round(value * 100, 1)


def trend(quarters: list) -> dict:
    """Applications (bars) with hires and posts published (lines) over the last quarters."""
    labels = [quarter.label for quarter, _totals in quarters]
    series = {name: [totals.get(name, 0) for _q, totals in quarters] for name in TREND_SERIES}
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [
            {"label": _("Applications"), "data": series["applications"], "yAxisID": "y"},
            {"type": "line", "label": _("Hires"), "data": series["hires"], "yAxisID": "y1"},
            {
                "type": "line",
                "label": _("Posts published"),
                "data": series["posts_published"],
                "yAxisID": "y1",
            },
        ],
        "options": {
            "scales": {
                "y": {"beginAtZero": True, "title": {"display": True, "text": _("Applications")}},
                "y1": {
                    "beginAtZero": True,
                    "position": "right",
                    "grid": {"drawOnChartArea": False},
                    "title": {"display": True, "text": _("Hires and posts")},
                },
            }
        },
    }


TREND_SERIES = ("applications", "hires", "posts_published")


def funnel(totals: dict) -> dict:
    """Applications, hires and those still employed at 6 months, on a logarithmic axis (a
    few in a hundred applications end in a hire); each label carries its number."""
    steps = [
        (_("Applications"), totals.get("applications", 0)),
        (_("Hires"), totals.get("hires", 0)),
        (_("Still employed at 6 months"), totals.get("employed_6", 0)),
    ]
    return {
        "type": "bar",
        "labels": [f"{label} {value:,}" for label, value in steps],
        "datasets": [
            {
                "label": _("People"),
                "data": [value for _label, value in steps],
                "backgroundColor": ["#1d3a6e", "#b3191f", "#2f7d6d"],
            }
        ],
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"display": False}},
            "scales": {
                "x": {
                    "type": "logarithmic",
                    "title": {"display": True, "text": _("People (logarithmic scale)")},
                    "ticks": {"maxTicksLimit": 6, "maxRotation": 0},
                }
            },
        },
    }


def pledge_by_batch(batches: list[dict]) -> dict:
    """Pledges signed in the scope against what was posted and filled in it under any
    agreement of the batch (a region sees the ministry's agreements at work there too)."""
    return {
        "type": "bar",
        "labels": [row["name"] for row in batches],
        "datasets": _pledge_datasets(batches),
        "options": {"scales": {"y": {"beginAtZero": True}}},
    }


def _pledge_datasets(rows: list[dict]) -> list[dict]:
    return [
        {"label": _("Posts pledged"), "data": [row.get("pledged", 0) for row in rows]},
        {"label": _("Due by now"), "data": [row.get("pledge_expected", 0) for row in rows]},
        {
            "label": _("Published here under agreements"),
            "data": [row.get("agreement_published", 0) for row in rows],
        },
        {
            "label": _("Filled here under agreements"),
            "data": [row.get("agreement_filled", 0) for row in rows],
        },
    ]


def pledge_by_enterprise(enterprises: list[dict]) -> dict:
    """The enterprises with the largest pledges, or posts under agreements, in the scope."""
    top = sorted(
        (row for row in enterprises if row.get("pledged") or row.get("agreement_published")),
        key=lambda row: (-(row.get("pledged") or 0), -(row.get("agreement_published") or 0)),
    )[:ENTERPRISES_CHARTED]
    return {
        "type": "bar",
        "labels": [row["name"] for row in top],
        "datasets": _pledge_datasets(top),
        "options": {"indexAxis": "y", "scales": {"x": {"beginAtZero": True}}},
    }


def retention(totals: dict) -> dict:
    return {
        "type": "bar",
        "labels": [_("3 months"), _("6 months"), _("12 months")],
        "datasets": [
            {
                "label": _("Still employed (%)"),
                "data": [_percent(totals.get(f"retention_{m}")) for m in (3, 6, 12)],
            }
        ],
        "options": {
            "plugins": {"legend": {"display": False}},
            "scales": {"y": {"beginAtZero": True, "max": 100}},
        },
    }


def veterans(totals: dict) -> dict:
    return {
        "type": "doughnut",
        "labels": [_("Looking for work"), _("Employed"), _("Not looking")],
        "datasets": [
            {
                "label": _("Veterans"),
                "data": [
                    totals.get("veterans_seeking", 0),
                    totals.get("veterans_employed", 0),
                    totals.get("veterans_not_seeking", 0),
                ],
            }
        ],
    }


def enterprise_trend(quarters: list) -> dict:
    """The enterprise's nationwide row over the quarters: pledge progress and hires."""
    labels = [quarter.label for quarter, _row in quarters]

    def series(name):
        return [row.get(name, 0) if row else 0 for _quarter, row in quarters]

    return {
        "type": "bar",
        "labels": labels,
        "datasets": [
            {"type": "line", "label": _("Posts pledged"), "data": series("pledged")},
            {
                "type": "line",
                "label": _("Published under pledges"),
                "data": series("pledge_published"),
            },
            {"type": "line", "label": _("Filled under pledges"), "data": series("pledge_filled")},
            {"label": _("Hires in the quarter"), "data": series("hires")},
        ],
        "options": {"scales": {"y": {"beginAtZero": True}}},
    }
