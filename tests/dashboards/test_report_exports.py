"""The report's printable page and its XLSX and CSV exports: headers in the user's
language, every scope's own rows, and 404 outside the user's scope."""

import csv
import datetime
import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import exports
from dashboards.services import quarterly_report_compute
from jobs.models import Placement
from tests import factories as f

pytestmark = pytest.mark.django_db


def report_url(name: str, quarter, scope: str) -> str:
    return reverse(f"dashboards:{name}", kwargs={"quarter": str(quarter), "scope": scope})


def test_the_xlsx_export_has_a_sheet_per_table_with_chinese_headers(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(
        report_url("report_xlsx", reported, "nation"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    workbook = load_workbook(io.BytesIO(response.content))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert workbook.sheetnames == [
        "摘要", "地区", "批次", "合作方式", "行业合作", "合作企业",
        "评价汇总", "评价（按企业）", "评价（按培训机构）", "评价（按招聘会）",
    ]  # fmt: skip
    enterprises = workbook["合作企业"]
    assert enterprises["A1"].value == "企业"
    assert [row[0].value for row in enterprises.iter_rows(min_row=2)] == [
        "乙企业股份有限公司",
        "甲企业集团有限公司",
    ]


def test_the_xlsx_export_keeps_numbers_as_numbers(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(report_url("report_xlsx", reported, "nation"))

    sheet = load_workbook(io.BytesIO(response.content))["Enterprises"]
    headers = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[3]]  # 甲企业 sorts after 乙企业
    pledged = row[headers.index("Posts pledged")]
    assert pledged.value == 12000
    assert pledged.number_format == "#,##0"


def test_the_csv_export_starts_with_a_byte_order_mark_for_excel(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(
        report_url("report_csv", reported, "nation"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["摘要"]
    assert ["企业", "承诺岗位"] == rows[rows.index(["合作企业"]) + 1][:2]


def test_the_csv_export_of_a_city_holds_that_citys_figures(client, bureau_x, reported):
    client.force_login(bureau_x)

    response = client.get(report_url("report_csv", reported, f.CITY_X))

    text = response.content.decode("utf-8-sig")
    assert "甲企业集团有限公司" in text
    assert "乙企业股份有限公司" not in text


def test_an_export_names_its_file_after_the_quarter_and_scope(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(report_url("report_xlsx", reported, f.PROVINCE_X))

    assert f"{reported}" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("name", ["report_print", "report_xlsx", "report_csv"])
def test_another_provinces_report_answers_404_to_a_bureau(client, bureau_x, reported, name):
    client.force_login(bureau_x)

    assert client.get(report_url(name, reported, f.PROVINCE_Y)).status_code == 404
    assert client.get(report_url(name, reported, "nation")).status_code == 404


@pytest.mark.parametrize("name", ["report_print", "report_xlsx", "report_csv"])
@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_reports_answer_404_to_veterans_and_enterprises(client, persona, reported, name):
    client.force_login(persona)

    assert client.get(report_url(name, reported, f.PROVINCE_X)).status_code == 404


def test_a_report_not_yet_computed_leads_back_to_the_dashboard_with_a_message(
    client, ministry, reported
):
    client.force_login(ministry)

    response = client.get(report_url("report_csv", "2001Q1", "nation"))

    assert response.status_code == 302
    assert response.url == reverse("dashboards:nation") + "?quarter=2001Q1"
    assert ["The report for 2001Q1 has not been computed yet."] == [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_a_malformed_quarter_answers_404(client, ministry, reported):
    client.force_login(ministry)

    assert client.get(report_url("report_print", "2026-3", "nation")).status_code == 404


def test_the_printable_report_shows_every_section_and_table(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(
        report_url("report_print", reported, "nation"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    content = response.content.decode()
    assert response.status_code == 200
    for heading in ("摘要", "按合作批次", "按企业", "省（自治区、直辖市）"):
        assert heading in content
    assert "12,010" in content


# Tab and carriage return start a formula in some programs too, but a name never keeps them
# (portal.text.NameField): the exporters' own tests below cover them.
FORMULA_PREFIXES = ["=", "+", "-", "@"]


def _renamed_and_reported(enterprise, quarter, name: str) -> None:
    enterprise.name = name
    enterprise.save(update_fields=["name"])
    quarterly_report_compute(quarter=quarter)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_the_xlsx_export_keeps_a_formula_prefixed_name_as_text(
    client, ministry, enterprise_a, reported, prefix
):
    name = f'{prefix}HYPERLINK("http://evil.example/","点此")'
    _renamed_and_reported(enterprise_a, reported, name)
    client.force_login(ministry)

    response = client.get(report_url("report_xlsx", reported, "nation"))

    sheet = load_workbook(io.BytesIO(response.content))["Enterprises"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in row[0].value)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (name, "s", True)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_the_csv_export_quotes_a_formula_prefixed_name(
    client, ministry, enterprise_a, reported, prefix
):
    name = f"{prefix}cmd|' /C calc'!A0"
    _renamed_and_reported(enterprise_a, reported, name)
    client.force_login(ministry)

    response = client.get(report_url("report_csv", reported, "nation"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    first_cells = [row[0] for row in rows if row and "calc" in row[0]]
    assert first_cells == [f"'{name}"]


def test_the_formula_guard_leaves_negative_numbers_and_plain_names_alone(
    client, ministry, reported
):
    assert exports.csv_safe(-3) == -3
    assert exports.csv_safe("甲企业-北京") == "甲企业-北京"
    assert exports.csv_safe(None) == ""


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_the_exporters_neutralise_every_formula_prefix_in_text_cells(prefix):
    table = exports.Table(
        title="T", headers=["name", "count"], rows=[[f"{prefix}1+1", -3]], kinds=["text", "count"]
    )

    rows = list(csv.reader(io.StringIO(exports.to_csv([table]).decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(exports.to_xlsx([table])))["T"]

    assert rows[2] == [f"'{prefix}1+1", "-3"]
    assert (sheet["A2"].data_type, sheet["A2"].quotePrefix) == ("s", True)
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")


def test_the_export_separates_online_event_and_direct_offline_hire_counts(
    client, ministry, quarter, enterprise_a
):
    """Issue 16, item 4: the report's summary names hires through an online application,
    at a recruitment event and direct, each counted from the placements' channel."""
    moment = quarter.starts_at + datetime.timedelta(days=20)
    post = f.JobPostFactory(
        branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X)),
        openings=9,
        published_at=moment,
        submitted_at=moment,
    )
    event = f.RecruitmentEventFactory(region=f.region(f.CITY_X))
    f.PlacementFactory(application__post=post, created_at=moment)
    for channel, at_event in (("event", event), ("event", event), ("direct", None)):
        veteran = f.VeteranProfileFactory()
        Placement.objects.create(
            post=post, veteran=veteran, channel=channel, event=at_event,
            started_on=moment.date(), created_at=moment,
        )  # fmt: skip
    quarterly_report_compute(quarter=quarter)
    client.force_login(ministry)

    response = client.get(report_url("report_csv", quarter, "nation"), HTTP_ACCEPT_LANGUAGE="en")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    summary = {row[1]: row[2] for row in rows if len(row) == 3}  # section, figure, value
    assert summary["Hires"] == "4"
    assert summary["Hires through an online application"] == "1"
    assert summary["Hires at a recruitment event"] == "2"
    assert summary["Direct hires"] == "1"


def test_the_csv_export_spells_figures_as_the_pages_do_with_separators_percentages_and_one_decimal():
    table = exports.Table(
        title="T",
        headers=["name", "pledged", "due", "share", "days"],
        rows=[["甲企业", 12000, 290.66, 0.1831, 4.25]],
        kinds=["text", "count", "decimal", "share", "days"],
    )

    rows = list(csv.reader(io.StringIO(exports.to_csv([table]).decode("utf-8-sig"), newline="")))

    assert rows[2] == ["甲企业", "12,000", "290.7", "18.3%", "4.2"]


def test_a_page_cell_and_its_csv_cell_read_the_same_for_every_kind_of_figure():
    from dashboards import columns

    row = {"pledged": 12000, "pledge_expected": 290.66, "conversion": 0.1831}
    cols = [columns.Column("pledged", "p"), *[c for c in columns.PLEDGE if c.kind == "decimal"]]
    cols.append(columns.Column("conversion", "c", "share"))
    table = exports.Table(
        title="T",
        headers=[c.key for c in cols],
        rows=[[c.value(row) for c in cols]],
        kinds=[c.kind for c in cols],
    )

    rows = list(csv.reader(io.StringIO(exports.to_csv([table]).decode("utf-8-sig"), newline="")))

    assert rows[2] == [columns.format_cell(row, c) for c in cols] == ["12,000", "290.7", "18.3%"]
