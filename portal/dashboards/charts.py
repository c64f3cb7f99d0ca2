"""Chart.js configurations for static/js/portal.js (``<canvas data-chart="...">`` with the
config in a json_script element): plain data, labels in the user's language."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

ENTERPRISES_CHARTED = 12


def _percent(value) -> float | None:
    return None if value is None else round(value * 100, 1)


def trend(quarters: list) -> dict:
    """Applications (bars) with hires and posts published (lines) over the last quarters."""
    labels = [str(quarter) for quarter, _totals in quarters]
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
                }
            },
        },
    }


def pledge_by_batch(batches: list[dict]) -> dict:
    return {
        "type": "bar",
        "labels": [row["name"] for row in batches],
        "datasets": [
            {"label": _("Posts pledged"), "data": [row["pledged"] for row in batches]},
            {"label": _("Due by now"), "data": [row["pledge_expected"] for row in batches]},
            {"label": _("Published"), "data": [row["pledge_published"] for row in batches]},
            {
                "label": pgettext("report", "Filled"),
                "data": [row["pledge_filled"] for row in batches],
            },
        ],
        "options": {"scales": {"y": {"beginAtZero": True}}},
    }


def pledge_by_enterprise(enterprises: list[dict]) -> dict:
    """The enterprises with the largest pledges: published and filled as a share of it."""
    top = sorted((row for row in enterprises if row["pledged"]), key=lambda row: -row["pledged"])[
        :ENTERPRISES_CHARTED
    ]
    return {
        "type": "bar",
        "labels": [row["name"] for row in top],
        "datasets": [
            {
                "label": _("Due by now (%)"),
                "data": [round(100 * row["pledge_expected"] / row["pledged"], 1) for row in top],
            },
            {
                "label": _("Published / pledged (%)"),
                "data": [_percent(row["pledge_published_share"]) for row in top],
            },
            {
                "label": _("Filled / pledged (%)"),
                "data": [_percent(row["pledge_filled_share"]) for row in top],
            },
        ],
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
    labels = [str(quarter) for quarter, _row in quarters]

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
