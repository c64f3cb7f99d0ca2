"""Two uploads of posts by demo_hr, through the real service (jobs.services.bulk), so the
bulk posting pages have something to show: one with errors (its report, nothing created)
and one that created three drafts. Skipped when the enterprise already has uploads."""

import io

from django.utils import translation
from openpyxl import Workbook

from jobs.bulk import References, example_row, headers
from jobs.models import PostImport
from jobs.services import post_import_start

TITLES = ["园区安保主管", "物流配送司机", "设备巡检员"]


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers("zh-hans"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ensure_uploads(user, enterprise) -> None:
    if PostImport.objects.filter(enterprise=enterprise).exists():
        return
    with translation.override("zh-hans"):
        refs = References.load(enterprise.pk)
        if not refs.lists["branch"]:
            return
        rows = []
        for title in TITLES:
            row = example_row(refs)
            row[2] = title
            rows.append(row)
        wrong = [list(row) for row in rows]
        wrong[1][8] = wrong[1][7] - 1000  # pay range upside down
        wrong[2][9] = 0  # no openings
        for name, content in (
            ("岗位-第一版.xlsx", _xlsx(wrong)),
            ("岗位-修改后.xlsx", _xlsx(rows)),
        ):
            post_import_start(author=user, filename=name, content=content)
