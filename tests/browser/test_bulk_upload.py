"""Bulk posting in Chromium (issue 16, item 7): enterprise staff upload a file with a
deliberate error, read the report (row, column, what is wrong, how to correct it), correct
the file and upload it again; the posts are created. On a phone and a desktop, in Chinese,
without sideways scrolling.

Set SHOTS_DIR to keep a screenshot of the upload page and the report at each width."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from jobs.models import JobPost
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.jobs.test_bulk import OCCUPATION, row, xlsx

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def send(page, tmp_path, name: str, rows) -> None:
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    page.set_input_files("#id_file", str(path))
    page.check("input[name=submit][value='1']")
    with page.expect_navigation():
        page.get_by_role("button", name="上传并创建岗位").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_bulk_upload_with_an_error_is_reported_then_corrected_and_created(
    open_as, hr_a, branch_a, tmp_path, viewport
):
    f.occupation(OCCUPATION)
    width = viewport["width"]
    page = open_as(hr_a, viewport=viewport)
    page.goto(reverse("jobs:enterprise_post_list"))
    with page.expect_navigation():
        page.get_by_role("link", name="批量上传岗位").click()
    assert page.get_by_role("heading", name="批量上传岗位").is_visible()
    assert fits_sideways(page)
    shot(page, f"bulk-upload-{width}")

    good = [row(branch_a, title=f"园区保安{i}") for i in range(3)]
    wrong = [*good[:2], row(branch_a, title="园区保安2", salary_max=3000)]
    send(page, tmp_path, "岗位-有错.xlsx", wrong)
    assert page.get_by_text("发现 1 处错误，未创建任何岗位").is_visible()
    report = page.locator(".import-report li")
    assert report.count() == 1
    lines = [text.strip() for text in report.first.locator("div").all_inner_texts()]
    assert lines[0] == "第 4 行 · 月薪上限（元）"
    assert "月薪上限不能低于月薪下限（5,000）" in lines[1]
    assert lines[2].startswith("如何修改：") and "不低于月薪下限" in lines[2]
    assert not JobPost.objects.exists()
    assert fits_sideways(page)
    shot(page, f"bulk-report-{width}")

    send(page, tmp_path, "岗位-已改.xlsx", good)
    assert page.get_by_text("已创建 3 个岗位并提交审核").is_visible()
    assert sorted(JobPost.objects.values_list("title", flat=True)) == [
        "园区保安0",
        "园区保安1",
        "园区保安2",
    ]
    assert set(JobPost.objects.values_list("status", flat=True)) == {JobPost.Status.PENDING}
    shot(page, f"bulk-done-{width}")
