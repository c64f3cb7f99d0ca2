"""The quarterly report as an XLSX workbook (openpyxl) and as CSV (UTF-8 with a byte-order
mark, so Excel reads the Chinese headers), with headers in the user's language."""

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboards import columns
from portal import formatting

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text a spreadsheet would read as a formula (CSV/formula injection): an enterprise may name
# itself "=HYPERLINK(…)". Tab and carriage return start one in some programs too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """A leading apostrophe makes Excel and LibreOffice read the cell as text."""
    if value is None:
        return ""
    return f"'{value}" if looks_like_formula(value) else value


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    kinds: list[str]
    # For a "mixed" column: the kind of each row's value.
    row_kinds: list[str] | None = None


def _cell(value, kind: str):
    """Shares as fractions (formatted as % in XLSX), flags as yes/no, the rest as stored."""
    if kind == "flag":
        return _("Yes") if value else _("No")
    return value


def _table(title: str, cols, rows: list[dict]) -> Table:
    return Table(
        title=title,
        headers=[str(column.label) for column in cols],
        rows=[[_cell(column.value(row), column.kind) for column in cols] for row in rows],
        kinds=[column.kind for column in cols],
    )


def report_tables(
    scope, quarter, figures: dict, children: list[dict], region_names: dict | None = None
) -> list[Table]:
    """The report's tables: the summary, the regions below (the districts and counties of a
    city), batches, modes, industries, enterprises, and the veterans' feedback;
    ``region_names`` names the regions of the feedback table."""
    totals = figures["totals"]
    summary = Table(
        title=_("Summary"),
        headers=[_("Section"), _("Figure"), _("Value")],
        rows=[
            [str(section), str(column.label), _cell(column.value(totals), column.kind)]
            for section, cols in columns.TOTAL_SECTIONS
            for column in cols
        ],
        kinds=["text", "text", "mixed"],
        row_kinds=[column.kind for _section, cols in columns.TOTAL_SECTIONS for column in cols],
    )
    tables = [summary]
    if children:
        ordered = sorted(children, key=lambda row: row["code"])
        title = (
            _("Districts and counties")
            if scope.region is not None and scope.region.level == "city"
            else pgettext("report", "Regions")
        )
        tables.append(_table(title, columns.REGION_COLUMNS, ordered))
    batches = sorted(figures["batches"].values(), key=lambda row: row["number"])
    tables.append(_table(_("Batches"), columns.BATCH_COLUMNS, batches))
    modes = columns.mode_rows(figures.get("modes") or {})
    tables.append(_table(_("Cooperation modes"), columns.MODE_COLUMNS, modes))
    industries = columns.industry_rows(figures.get("industries") or {})
    tables.append(_table(_("Industry cooperation"), columns.INDUSTRY_COLUMNS, industries))
    enterprises = sorted(figures["enterprises"].values(), key=lambda row: row["name"])
    tables.append(_table(_("Enterprises"), columns.ENTERPRISE_COLUMNS, enterprises))
    return tables + feedback_tables(figures.get("feedback"), region_names or {})


def feedback_tables(block: dict | None, region_names: dict) -> list[Table]:
    """The quarter's feedback: per subject with its questions, then per enterprise, training
    institution and event, and per region below. Counts and means only (a report computed
    before feedback went into it has none)."""
    if block is None:
        return []
    tables = [
        _table(
            _("Feedback"), columns.FEEDBACK_SUBJECT_COLUMNS, columns.feedback_subject_rows(block)
        )
    ]
    titles = {
        "enterprise": _("Feedback by enterprise"),
        "institution": _("Feedback by institution"),
        "event": _("Feedback by event"),
    }
    for kind, title in titles.items():
        tables.append(_table(title, columns.FEEDBACK_COLUMNS[kind], block[f"{kind}s"]))
    if block["regions"]:
        rows = columns.feedback_region_rows(block, region_names)
        tables.append(_table(_("Feedback by region"), columns.FEEDBACK_REGION_COLUMNS, rows))
    return tables


def filename(scope, quarter, extension: str) -> str:
    """2026Q3-广东省.xlsx, 2026Q3-全国.csv."""
    place = scope.region.local_name if scope.region else _("Nation")
    return f"{quarter}-{place}.{extension}"


def attachment(name: str) -> str:
    """A Content-Disposition for a Chinese file name (RFC 6266), with an ASCII fallback."""
    return (
        f"attachment; filename=\"report.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
    )


FORMATS = {"share": "0.0%", "decimal": "#,##0.0", "days": "#,##0.0", "count": "#,##0"}


def to_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
            _keep_text_as_text(sheet[sheet.max_row])
        for index, kind in enumerate(table.kinds, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = 36 if kind == "text" else 16
            cells = sheet.iter_rows(min_row=2, min_col=index, max_col=index)
            for row, (cell,) in enumerate(cells):
                cell_kind = table.row_kinds[row] if kind == "mixed" else kind
                if cell_kind in FORMATS:
                    cell.number_format = FORMATS[cell_kind]
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _keep_text_as_text(cells) -> None:
    """openpyxl stores a string starting with "=" as a live formula: store it as a string,
    shown as typed, and quote-prefixed so that editing the cell in Excel keeps it text."""
    for cell in cells:
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _csv_cell(value, kind: str):
    """A figure as the pages print it; text (names an enterprise typed) formula-guarded."""
    if kind in ("count", "share", "days", "decimal"):
        return formatting.figure(value, kind)
    return csv_safe(value)


def to_csv(tables: list[Table]) -> bytes:
    """The tables one after another, each under its title, a blank line between them; the
    figures spelt as the pages print them (portal.formatting.figure: 1,234, 18.3%,
    290.7), since a CSV cell has no number format of its own."""
    text = io.StringIO()
    writer = csv.writer(text)
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for index, row in enumerate(table.rows):
            kinds = [table.row_kinds[index] if kind == "mixed" else kind for kind in table.kinds]
            writer.writerow([_csv_cell(value, kind) for value, kind in zip(row, kinds)])
    return ("\ufeff" + text.getvalue()).encode("utf-8")
