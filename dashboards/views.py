"""The dashboards (ministry: the nation and below; bureau: its region and below; enterprise:
its own figures), the printable report and its XLSX and CSV exports.

Pages read the stored quarterly report rows (dashboards.services writes them) and
a few live counts; nothing here recomputes the report."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dashboards import charts, columns, commendations, exports, selectors
from dashboards.commendations import commendation_periods, published_criteria
from dashboards.forms import AddForm, DecisionForm, parse_period, period_label
from dashboards.quarters import Quarter
from enterprises import selectors as enterprise_selectors
from enterprises.models import Commendation, period_name
from enterprises.policies import may_decide_commendation
from portal.accounts.decorators import enterprise_required, ministry_required, regulator_required
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service
from portal.routers import reads_from_replica


def home(request):
    """The dashboard of the user's role."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_ministry:
        return redirect("dashboards:nation")
    if request.user.is_bureau:
        return redirect("dashboards:region", code=request.user.region_id)
    if request.user.is_enterprise_staff:
        return redirect("dashboards:enterprise")
    raise Http404


@reads_from_replica
@ministry_required
def nation(request):
    return _scope_page(request, selectors.scope_visible_to(request.user, "nation"))


@reads_from_replica
@regulator_required
def region(request, code: str):
    return _scope_page(request, selectors.scope_visible_to(request.user, code))


def _chosen_quarter(request, stored: list[Quarter]) -> Quarter | None:
    """The quarter asked for if it is stored, else the latest that has ended (the current
    one has figures to date only), else the latest stored."""
    try:
        asked = Quarter.parse(request.GET.get("quarter", ""))
    except ValueError:
        asked = None
    if asked in stored:
        return asked
    ended = [quarter for quarter in stored if quarter.has_ended]
    return (ended or stored or [None])[0]


def _scope_page(request, scope):
    stored = selectors.quarters_stored(scope)
    quarter = _chosen_quarter(request, stored)
    context = {
        "scope": scope,
        "is_district": selectors.is_district(scope),
        "breadcrumbs": selectors.breadcrumbs_for(request.user, scope),
        "quarters": stored,
        "quarter": quarter,
        "live": selectors.live_counts(scope, request.user),
        "districts": selectors.districts_live(scope, quarter),
        "report_section": _report_section(request, scope, quarter) if quarter else None,
    }
    return render(request, "dashboards/scope_dashboard.html", context)


def _report_section(request, scope, quarter: Quarter) -> str | None:
    """The stored quarter's part of the page (None: the scope has no report for it). The
    same for everyone who may open the scope, it is rendered once per report (its
    computed_at), language and query (sort, page) and kept DASHBOARD_REPORT_SECONDS in the
    shared cache: rendering a nation's tables and charts took 30 ms a request."""
    computed_at = selectors.report_computed_at(scope, quarter)
    if computed_at is None:
        return None
    key = _section_key(request, scope, quarter, computed_at)
    section = cache.get(key) if key else None
    if section is None:
        report = selectors.dashboard_figures(scope, quarter)
        if report is None:  # deleted since computed_at was read
            return None
        context = {
            "scope": scope,
            "quarter": quarter,
            "is_district": selectors.is_district(scope),
            "report": report,
            **_report_context(request, scope, quarter, report),
            # Veterans' answers of the quarter, as the stored report has them.
            "feedback": _feedback_context(report.get("feedback")),
        }
        section = render_to_string("dashboards/includes/scope_report.html", context, request)
        if key:
            cache.set(key, section, settings.DASHBOARD_REPORT_SECONDS)
    return mark_safe(section)  # rendered above by the template, escaped there


def _section_key(request, scope, quarter: Quarter, computed_at) -> str | None:
    """The kept section's cache key; None when the query holds anything but the quarter
    shown, a column to sort by and a page number: such a page is rendered for itself and
    not kept, so the number of entries stays bounded by what the page's own links offer."""
    asked = request.GET
    known = {
        "quarter": {str(quarter)},
        "sort": _sort_keys(columns.ENTERPRISE_COLUMNS),
        "region_sort": _sort_keys(columns.REGION_COLUMNS),
    }
    for name in asked:
        values = asked.getlist(name)
        if len(values) > 1:
            return None
        if name == "page":
            if not (values[0].isdigit() and len(values[0]) <= 6):
                return None
        elif values[0] not in known.get(name, ()):
            return None
    query = urlencode(sorted(asked.items()))
    named = f"{scope.code}|{quarter}|{quarter.has_ended}|{computed_at.isoformat()}"
    digest = hashlib.sha256(f"{named}|{get_language()}|{query}".encode()).hexdigest()
    return f"dashboards:report-section:{digest}"


def _sort_keys(table_columns) -> set[str]:
    keys = {column.key for column in table_columns}
    return keys | {f"-{key}" for key in keys}


def _feedback_context(block: dict | None) -> dict | None:
    """The stored feedback block with the regions below named in the page's language
    (None: the report was computed before feedback went into it)."""
    if block is None:
        return None
    names = selectors.region_names(row["code"] for row in block["regions"])
    titles = {
        "enterprise": _("By enterprise (answers about jobs)"),
        "institution": _("By training institution (answers about training)"),
        "event": _("By recruitment event"),
    }
    tables = [
        (f"feedback-{kind}", title, columns.build_table(block[f"{kind}s"], cols))
        for kind, cols in columns.FEEDBACK_COLUMNS.items()
        if block[f"{kind}s"]
        for title in [titles[kind]]
    ]
    if block["regions"]:
        rows = columns.feedback_region_rows(block, names)
        tables.append(
            (
                "feedback-regions",
                _("By region below"),
                columns.build_table(rows, columns.FEEDBACK_REGION_COLUMNS),
            )
        )
    return {
        "answers": block["answers"],
        "subjects": columns.feedback_subject_rows(block),
        "tables": tables,
    }


def _report_context(request, scope, quarter: Quarter, figures: dict) -> dict:
    totals = figures["totals"]
    batches = sorted(figures["batches"].values(), key=lambda row: row["number"])
    enterprises, sort = columns.sort_rows(
        figures["enterprises"], columns.ENTERPRISE_COLUMNS, request.GET.get("sort", "-pledged")
    )
    children, region_sort = columns.sort_rows(
        selectors.children_of(scope, quarter),
        columns.REGION_COLUMNS,
        request.GET.get("region_sort", ""),
        default="code",  # the order of GB/T 2260, as the ministry's tables list regions
    )
    page = paginate(request, enterprises)
    return {
        "totals": totals,
        "sections": columns.TOTAL_SECTIONS,
        "batches": batches,
        "batch_table": columns.build_table(batches, columns.BATCH_COLUMNS),
        **_mode_tables(figures),
        "enterprise_page": page,
        "enterprise_table": columns.build_table(
            page.object_list,
            columns.ENTERPRISE_COLUMNS,
            query=request.GET,
            current=sort,
            param="sort",
        ),
        "sort": sort,
        "children": children,
        "region_table": columns.build_table(
            children,
            columns.REGION_COLUMNS,
            query=request.GET,
            current=region_sort,
            param="region_sort",
            link=lambda row: _dashboard_url(row["code"], quarter),
        ),
        "charts": {
            "trend": charts.trend(selectors.trend_for(scope, quarter)),
            "funnel": charts.funnel(totals),
            "batches": charts.pledge_by_batch(batches),
            "enterprises": charts.pledge_by_enterprise(enterprises),
            "retention": charts.retention(totals),
            "veterans": charts.veterans(totals),
        },
    }


def _mode_tables(figures: dict) -> dict:
    """The report split by cooperation mode, and industry cooperation by industry."""
    modes = columns.mode_rows(figures.get("modes") or {})
    industries = columns.industry_rows(figures.get("industries") or {})
    return {
        "mode_table": columns.build_table(modes, columns.MODE_COLUMNS) if modes else None,
        "industry_table": (
            columns.build_table(industries, columns.INDUSTRY_COLUMNS) if industries else None
        ),
    }


@reads_from_replica
@enterprise_required
def enterprise(request):
    enterprise = selectors.enterprise_dashboard_of(request.user)
    trend = selectors.enterprise_trend(enterprise)
    latest = next((row for _quarter, row in reversed(trend) if row), None)
    context = {
        "enterprise": enterprise,
        "live": selectors.enterprise_live(enterprise),
        "trend": trend,
        "latest": latest,
        "latest_quarter": next((q for q, row in reversed(trend) if row), None),
        "columns": columns.PLEDGE + columns.FLOWS + columns.REFERRALS,
    }
    if latest:
        context["charts"] = {
            "trend": charts.enterprise_trend(trend),
            "funnel": charts.funnel(latest),
        }
    return render(request, "dashboards/enterprise_dashboard.html", context)


# --- the report: printable page and exports --------------------------------------------


def _stored_report(request, quarter: str, scope_code: str):
    scope = selectors.scope_visible_to(request.user, scope_code)
    try:
        chosen = Quarter.parse(quarter)
    except ValueError as exc:
        raise Http404 from exc
    return scope, chosen, selectors.report_for(scope, chosen)


def _dashboard_url(code: str, quarter: Quarter) -> str:
    """The dashboard of scope ``code`` ("nation" or a region code) at ``quarter``."""
    if code == "nation":
        return f"{reverse('dashboards:nation')}?quarter={quarter}"
    return f"{reverse('dashboards:region', kwargs={'code': code})}?quarter={quarter}"


def _not_computed(request, scope, quarter: Quarter):
    if selectors.is_district(scope) and selectors.report_for(selectors.Scope(None), quarter):
        text = _("Nothing was recorded in %(place)s in %(quarter)s, so it has no report.")
    else:
        text = _("The report for %(quarter)s has not been computed yet.")
    messages.info(request, text % {"quarter": quarter, "place": scope})
    return redirect(_dashboard_url(scope.code, quarter))


@reads_from_replica
@regulator_required
def report_print(request, quarter: str, scope: str):
    scope, chosen, report = _stored_report(request, quarter, scope)
    if report is None:
        return _not_computed(request, scope, chosen)
    figures = report.figures
    children = sorted(selectors.children_of(scope, chosen), key=lambda row: row["code"])
    batches = sorted(figures["batches"].values(), key=lambda row: row["number"])
    enterprises = sorted(figures["enterprises"].values(), key=lambda row: row["name"])
    context = {
        "scope": scope,
        "quarter": chosen,
        "report": report,
        "feedback": _feedback_context(figures.get("feedback")),
        "totals": figures["totals"],
        "sections": columns.TOTAL_SECTIONS,
        "region_table": columns.build_table(children, columns.REGION_COLUMNS) if children else None,
        "batch_table": columns.build_table(batches, columns.BATCH_COLUMNS),
        **_mode_tables(figures),
        "enterprise_table": columns.build_table(enterprises, columns.ENTERPRISE_COLUMNS),
    }
    return render(request, "dashboards/report_print.html", context)


def _export(request, quarter: str, scope: str, build, content_type: str, extension: str):
    scope, chosen, report = _stored_report(request, quarter, scope)
    if report is None:
        return _not_computed(request, scope, chosen)
    figures = report.figures
    feedback_regions = (figures.get("feedback") or {}).get("regions", [])
    tables = exports.report_tables(
        scope,
        chosen,
        figures,
        selectors.children_of(scope, chosen),
        selectors.region_names(row["code"] for row in feedback_regions),
    )
    response = HttpResponse(build(tables), content_type=content_type)
    filename = exports.filename(scope, chosen, extension)
    response["Content-Disposition"] = exports.attachment(filename)
    return response


@reads_from_replica
@regulator_required
def report_xlsx(request, quarter: str, scope: str):
    return _export(request, quarter, scope, exports.to_xlsx, exports.XLSX_TYPE, "xlsx")


@reads_from_replica
@regulator_required
def report_csv(request, quarter: str, scope: str):
    return _export(request, quarter, scope, exports.to_csv, "text/csv; charset=utf-8", "csv")


# --- commendations and warnings ------------------------------------------------------------


def _chosen_period(request, periods: list[tuple[int, int | None]]):
    asked = parse_period(request.GET.get("period"))
    return asked if asked in periods else (periods[0] if periods else None)


@regulator_required
def commendation_list(request):
    """The lists of a period: the ministry's with the portal's proposals to decide, a
    bureau's with the confirmed entries of the enterprises it oversees (warnings too)."""
    entries = enterprise_selectors.commendations_visible_to(request.user)
    periods = commendation_periods(entries)
    period = _chosen_period(request, periods)
    context = {
        "periods": [(p, period_label(*p), period_name(*p)) for p in periods],
        "period": period,
        "period_label": period_label(*period) if period else "",
        "period_name": period_name(*period) if period else "",
        "criteria": published_criteria(),
        "thresholds": settings.COMMENDATION_CRITERIA,
        "may_decide": may_decide_commendation.allows(request.user),
        "decision_form": DecisionForm(),
    }
    kind = request.GET.get("kind")
    context["kind"] = kind if kind in Commendation.Kind.values else Commendation.Kind.COMMENDATION
    if period:
        rows = entries.filter(year=period[0], quarter=period[1], kind=context["kind"])
        rows = rows.select_related("enterprise__hq_region").order_by(
            "status", "enterprise__name", "pk"
        )
        context["page_obj"] = paginate(request, rows)
    return render(request, "dashboards/commendation_list.html", context)


def _decision(request, pk: int, service, success: str):
    entry = get_object_or_404(enterprise_selectors.commendations_visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a note to go with the decision."))
    else:
        run_service(
            request,
            lambda: service(entry=entry, decider=request.user, note=form.cleaned_data["note"]),
            success % {"enterprise": entry.enterprise.name},
        )
    period = period_label(entry.year, entry.quarter)
    return redirect(f"{reverse('dashboards:commendation_list')}?period={period}")


# A bureau is let in to be refused by the service's rule (may_decide_commendation), as the
# API refuses it: the entries it may see are only the confirmed ones of its region.
@require_POST
@regulator_required
def commendation_confirm(request, pk: int):
    return _decision(
        request,
        pk,
        commendations.commendation_confirm,
        _("%(enterprise)s is confirmed on the list."),
    )


@require_POST
@regulator_required
def commendation_dismiss(request, pk: int):
    return _decision(
        request, pk, commendations.commendation_dismiss, _("%(enterprise)s is off the list.")
    )


@require_http_methods(["GET", "POST"])
@ministry_required
def commendation_add(request):
    form = AddForm(request.POST or None, initial={"period": request.GET.get("period", "")})

    def save(data):
        year, quarter = data["period"]
        return commendations.commendation_add(
            kind=data["kind"],
            credit_code=data["credit_code"],
            year=year,
            quarter=quarter,
            decider=request.user,
            note=data["note"],
        )

    entry = save_form(request, form, save)
    if entry is not None:
        messages.success(
            request,
            _("%(enterprise)s is added to the list.") % {"enterprise": entry.enterprise.name},
        )
        return redirect(f"{reverse('dashboards:commendation_list')}?period={entry.period_label}")
    return render(request, "dashboards/commendation_add.html", {"form": form})
