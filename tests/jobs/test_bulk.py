"""Bulk posting (jobs.bulk, jobs.services.bulk): the template, an upload checked row by row,
all posts created at once or none, the pledge over the whole file, who may upload, the
Celery task for large files, and the upload and report pages."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from enterprises.models import Branch
from jobs.bulk import headers
from jobs.models import JobPost, PostImport
from jobs.search import index_post
from jobs.services import post_import_run, post_import_start
from portal.accounts.models import AuditAction, AuditEvent
from portal.workflow import Conflict, NotAllowed
from tests import factories as f

pytestmark = pytest.mark.django_db

OCCUPATION = "4-07-05-01"


def deadline(days=30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def row(branch, /, **cells) -> list:
    """A valid row of the template, in its column order; ``cells`` change some columns."""
    values = {
        "branch": f"{branch.name} · {branch.region.name}",
        "agreement": "",
        "title": "仓储管理员",
        "description": "负责仓库出入库管理。",
        "occupation": OCCUPATION,
        "employment_type": "全职",
        "min_education": "高中/中专/技校",
        "salary_min": 5000,
        "salary_max": 7000,
        "openings": 2,
        "deadline": deadline(),
        "is_national": "否",
        "required_skills": "",
    }
    values.update(cells)
    return list(values.values())


def xlsx(rows, language="zh-hans") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers(language))
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(author, rows, *, language="zh-hans", **flags) -> PostImport:
    with translation.override(language):
        return post_import_start(
            author=author, filename="posts.xlsx", content=xlsx(rows, language), **flags
        )


@pytest.fixture
def occupation(db):
    return f.occupation(OCCUPATION)


@pytest.fixture
def agreement(enterprise_a):
    today = timezone.localdate()
    return f.AgreementFactory(
        enterprise=enterprise_a,
        pledged_posts=5,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=300),
    )


def agreement_label(agreement) -> str:
    from jobs.labels import agreement_label as label

    with translation.override("zh-hans"):
        return label(agreement)


# --- the template --------------------------------------------------------------------------


def test_bulk_template_lists_the_enterprises_own_choices_in_drop_downs(
    client, hr_a, branch_a, agreement, occupation
):
    f.BranchFactory(
        enterprise=branch_a.enterprise, name="未批准分公司", status=Branch.Status.PENDING
    )
    f.BranchFactory(name="别家的分公司")
    client.force_login(hr_a)
    answer = client.get(reverse("jobs:post_import_template"), {"file_type": "xlsx"})
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    posts, lists = book.worksheets[0], book["lists"]
    assert lists.sheet_state == "hidden"
    assert [cell.value for cell in posts[1]] == headers("zh-hans")
    assert posts["A1"].value == "分支机构"
    branches = [cell.value for cell in lists["A"] if cell.value]
    assert branches == [f"{branch_a.name} · {branch_a.region.name}"]  # approved, own only
    assert [cell.value for cell in lists["B"] if cell.value] == [agreement_label(agreement)]
    validations = {str(v.sqref).split(":")[0]: v for v in posts.data_validations.dataValidation}
    assert validations["A2"].type == "list"
    assert validations["A2"].formula1 == "'lists'!$A$1:$A$1"
    assert {"B2", "E2", "F2", "G2", "L2", "M2"} <= set(validations)


def test_bulk_template_follows_the_users_language_and_comes_as_csv(client, hr_a, branch_a):
    client.force_login(hr_a)
    answer = client.get(
        reverse("jobs:post_import_template"), {"file_type": "csv"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert lines[0] == headers("en")
    assert lines[0][0] == "Branch"


# --- uploads -------------------------------------------------------------------------------


def test_bulk_valid_file_lands_every_post_at_once_as_drafts(hr_a, branch_a, occupation):
    skills = [f.SkillFactory(name="测试技能甲"), f.SkillFactory(name="测试技能乙")]
    rows = [
        row(branch_a, title=f"仓储管理员{i}", required_skills="测试技能甲、 测试技能乙")
        for i in range(3)
    ]
    post_import = upload(hr_a, rows)
    assert post_import.status == PostImport.Status.DONE
    assert post_import.posts_created == 3
    posts = JobPost.objects.filter(source_import=post_import).order_by("pk")
    assert [p.title for p in posts] == ["仓储管理员0", "仓储管理员1", "仓储管理员2"]
    post = posts[0]
    assert post.status == JobPost.Status.DRAFT
    assert post.branch == branch_a and post.region == branch_a.region
    assert post.industry == branch_a.enterprise.industry
    assert post.min_education == 2 and post.employment_type == "full_time"
    assert set(post.required_skills.all()) == set(skills)
    assert post.created_by == hr_a
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(JobPost), action=AuditAction.JOB_POST_CREATED
    )
    assert sorted(int(e.object_id) for e in events) == [p.pk for p in posts]
    assert post_import.content == b""  # the file is not kept


def test_bulk_posts_carry_the_search_document_the_service_writes(hr_a, branch_a, occupation):
    post = JobPost.objects.get(source_import=upload(hr_a, [row(branch_a)]))
    columns = "search_head::text, search_rest::text, search_document::text"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM jobs_jobpost WHERE id = %s", [post.pk])
        written = cursor.fetchone()
        index_post(post)
        cursor.execute(f"SELECT {columns} FROM jobs_jobpost WHERE id = %s", [post.pk])
        assert cursor.fetchone() == written
    assert written[0]


def test_bulk_posts_submitted_for_review_when_the_user_chooses(hr_a, branch_a, occupation):
    post_import = upload(hr_a, [row(branch_a), row(branch_a)], submit=True)
    posts = JobPost.objects.filter(source_import=post_import)
    assert {p.status for p in posts} == {JobPost.Status.PENDING}
    assert all(p.submitted_at for p in posts)
    submitted = AuditEvent.objects.filter(action=AuditAction.JOB_POST_SUBMITTED)
    assert submitted.count() == 2


def test_bulk_english_headers_are_read_on_a_chinese_page(hr_a, branch_a, occupation):
    rows = [row(branch_a, employment_type="Part time", min_education="Bachelor's degree")]
    with translation.override("zh-hans"):
        post_import = post_import_start(
            author=hr_a, filename="posts.xlsx", content=xlsx(rows, "en")
        )
    post = JobPost.objects.get(source_import=post_import)
    assert post.employment_type == "part_time" and post.min_education == 4


def test_bulk_csv_upload_lands_too(hr_a, branch_a, occupation):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers("zh-hans"))
    values = row(branch_a, deadline=deadline().isoformat(), salary_min="5,000")
    writer.writerow(values)
    post_import = post_import_start(
        author=hr_a, filename="posts.csv", content=out.getvalue().encode("utf-8-sig")
    )
    assert post_import.status == PostImport.Status.DONE
    assert JobPost.objects.get(source_import=post_import).salary_min == 5000


BAD_ROWS = [
    # (the row's changes, the column's header in English, in Chinese, words of the message)
    ({"branch": "不存在的分公司"}, "Branch", "分支机构", "is not an approved branch"),
    ({"salary_max": 4000}, "Monthly salary to (yuan)", "月薪上限（元）", "below its bottom"),
    ({"openings": 0}, "Openings", "招聘人数", "at least one opening"),
    ({"openings": "十个"}, "Openings", "招聘人数", "whole number"),
    ({"deadline": "2026-13-45"}, "Application deadline", "报名截止日期", "valid date"),
    ({"occupation": "9-99-99-99"}, "Occupation", "职业", "No occupation"),
    ({"title": ""}, "Title", "名称", "required"),
]


def test_bulk_file_with_errors_writes_nothing_and_reports_each_error_in_english(
    hr_a, branch_a, occupation
):
    rows = [row(branch_a)] + [row(branch_a, **changes) for changes, *_ in BAD_ROWS]
    post_import = upload(hr_a, rows, language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert not JobPost.objects.exists()
    assert post_import.error_count == len(BAD_ROWS)
    for number, (error, (_changes, column, _zh, words)) in enumerate(
        zip(post_import.errors, BAD_ROWS), start=3
    ):
        assert error["row"] == number
        assert error["column"] == column
        assert words in error["message"]
        assert error["hint"]


def test_bulk_report_is_in_chinese_for_a_chinese_user(hr_a, branch_a, occupation):
    rows = [row(branch_a, **changes) for changes, *_ in BAD_ROWS]
    post_import = upload(hr_a, rows, language="zh-hans")
    assert not JobPost.objects.exists()
    assert [e["column"] for e in post_import.errors] == [zh for _c, _en, zh, _w in BAD_ROWS]
    first = post_import.errors[0]
    assert first["message"] == "“不存在的分公司”不是贵企业已获批准的分支机构。"
    assert first["hint"] == "请从下拉列表中选择贵企业已获批准的分支机构。"
    assert "月薪上限不能低于月薪下限" in post_import.errors[1]["message"]


def test_bulk_validate_only_checks_and_creates_nothing(hr_a, branch_a, occupation):
    post_import = upload(hr_a, [row(branch_a)], validate_only=True)
    assert post_import.status == PostImport.Status.CHECKED
    assert not JobPost.objects.exists()


def test_bulk_unreadable_file_is_reported_not_a_500(hr_a, branch_a):
    post_import = post_import_start(author=hr_a, filename="posts.xlsx", content=b"not a zip")
    assert post_import.status == PostImport.Status.INVALID
    assert "XLSX" in post_import.errors[0]["message"]


def test_bulk_file_of_another_kind_is_refused(hr_a, branch_a):
    post_import = post_import_start(author=hr_a, filename="posts.pdf", content=b"%PDF")
    assert post_import.status == PostImport.Status.INVALID
    assert "XLSX or CSV" in post_import.errors[0]["message"]


def test_bulk_pledge_exceeded_over_the_whole_file_is_reported_where_it_is_crossed(
    hr_a, branch_a, agreement, occupation
):
    f.JobPostFactory(branch=branch_a, agreement=agreement, openings=2)  # 3 of 5 still free
    label = agreement_label(agreement)
    rows = [row(branch_a, agreement=label, openings=2) for _ in range(3)]
    post_import = upload(hr_a, rows, language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert JobPost.objects.count() == 1
    assert len(post_import.errors) == 1, post_import.errors
    error = post_import.errors[0]
    assert error["row"] == 3 and error["column"] == "Agreement"
    assert "adds 4 openings" in error["message"] and "3 are still free" in error["message"]


def test_bulk_pledge_that_fits_lands(hr_a, branch_a, agreement, occupation):
    rows = [row(branch_a, agreement=agreement_label(agreement), openings=1) for _ in range(5)]
    post_import = upload(hr_a, rows)
    assert post_import.status == PostImport.Status.DONE
    assert JobPost.objects.filter(agreement=agreement).count() == 5


def test_bulk_foreign_branch_is_refused(hr_a, branch_a, enterprise_b, occupation):
    foreign = f.BranchFactory(enterprise=enterprise_b, name="乙企业分公司")
    post_import = upload(hr_a, [row(foreign)], language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert "is not an approved branch of your enterprise" in post_import.errors[0]["message"]
    assert not JobPost.objects.exists()


@pytest.mark.parametrize("who", ["veteran", "bureau_x"])
def test_bulk_upload_refused_to_veteran_and_bureau(request, who, branch_a, occupation):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    with pytest.raises(NotAllowed):
        upload(user, [row(branch_a)])
    assert not PostImport.objects.exists()


def test_bulk_upload_refused_to_a_suspended_enterprise(hr_a, branch_a, occupation):
    branch_a.enterprise.status = "suspended"
    branch_a.enterprise.save()
    with pytest.raises(Conflict):
        upload(hr_a, [row(branch_a)])


def test_bulk_large_file_is_checked_by_the_celery_task(
    settings, hr_a, branch_a, occupation, django_capture_on_commit_callbacks
):
    settings.BULK_IMPORT_ASYNC_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_import = upload(hr_a, [row(branch_a) for _ in range(4)])
    assert post_import.status == PostImport.Status.QUEUED
    assert post_import.rows_total == 4
    assert not JobPost.objects.exists()
    (start_task,) = callbacks
    start_task()  # the task (eager in the tests, CELERY_TASK_ALWAYS_EAGER)
    post_import.refresh_from_db()
    assert post_import.status == PostImport.Status.DONE
    assert post_import.rows_done == 4 and post_import.percent == 100
    assert JobPost.objects.filter(source_import=post_import).count() == 4
    assert post_import_run(post_import_id=post_import.pk).posts_created == 4  # repeat: no-op
    assert JobPost.objects.count() == 4


def test_bulk_rows_beyond_the_limit_are_refused(settings, hr_a, branch_a, occupation):
    settings.BULK_IMPORT_MAX_ROWS = 2
    post_import = upload(hr_a, [row(branch_a) for _ in range(3)], language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert "at most 2 posts" in post_import.errors[0]["message"]
    assert not JobPost.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def _file(rows, language="zh-hans", name="posts.xlsx"):
    return SimpleUploadedFile(name, xlsx(rows, language))


def test_bulk_upload_page_shows_the_report_in_chinese(client, hr_a, branch_a, occupation):
    client.force_login(hr_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    answer = client.post(
        reverse("jobs:post_import"),
        {"file": _file([row(branch_a, salary_max=100)]), "submit": "0"},
        follow=True,
    )
    page = answer.content.decode()
    assert "发现 1 处错误，未创建任何岗位" in page
    assert "月薪上限（元）" in page and "月薪上限不能低于月薪下限" in page
    assert not JobPost.objects.exists()
    answer = client.post(
        reverse("jobs:post_import"), {"file": _file([row(branch_a)]), "submit": "1"}, follow=True
    )
    assert "已创建 1 个岗位并提交审核" in answer.content.decode()
    assert JobPost.objects.get().status == JobPost.Status.PENDING


def test_bulk_upload_page_check_only_button(browse, hr_a, branch_a, occupation):
    client = browse(hr_a)
    answer = client.post(
        reverse("jobs:post_import"),
        {"file": _file([row(branch_a)]), "submit": "0", "check_only": "1"},
        follow=True,
    )
    assert "has no errors" in answer.content.decode()
    assert not JobPost.objects.exists()


def test_bulk_upload_page_without_a_file_says_so(browse, hr_a, branch_a):
    answer = browse(hr_a).post(reverse("jobs:post_import"), {"submit": "0"})
    assert answer.status_code == 200
    assert "This field is required." in answer.content.decode()


def test_bulk_report_of_a_running_upload_shows_its_progress(browse, hr_a, enterprise_a):
    post_import = PostImport.objects.create(
        enterprise=enterprise_a,
        created_by=hr_a,
        filename="大文件.xlsx",
        status=PostImport.Status.RUNNING,
        rows_total=2000,
        rows_done=500,
    )
    page = browse(hr_a).get(reverse("jobs:post_import_detail", args=[post_import.pk]))
    html = page.content.decode()
    assert '<progress class="w-100 mb-2" max="100" value="25"' in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "500 of 2,000 rows checked" in html


def test_bulk_report_of_another_enterprise_is_not_found(browse, hr_b, hr_a, branch_a, occupation):
    post_import = upload(hr_a, [row(branch_a)])
    page = browse(hr_b).get(reverse("jobs:post_import_detail", args=[post_import.pk]))
    assert page.status_code == 404


@pytest.mark.parametrize("errors", [1, 40])
def test_bulk_report_page_queries_do_not_grow_with_its_errors(
    browse, hr_a, branch_a, occupation, errors, django_assert_max_num_queries
):
    post_import = upload(hr_a, [row(branch_a, openings=0) for _ in range(errors)])
    assert post_import.error_count == errors
    client = browse(hr_a)
    url = reverse("jobs:post_import_detail", args=[post_import.pk])
    client.get(url)  # the session and the bell's first reads
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200


def test_bulk_upload_page_lists_recent_uploads_in_constant_queries(
    browse, hr_a, branch_a, occupation, django_assert_max_num_queries
):
    for _ in range(3):
        upload(hr_a, [row(branch_a, openings=0)])
    client = browse(hr_a)
    client.get(reverse("jobs:post_import"))
    with django_assert_max_num_queries(7):
        page = client.get(reverse("jobs:post_import"))
    assert page.content.decode().count("posts.xlsx") == 3


def test_bulk_upload_of_an_enterprise_suspended_before_its_task_ran_is_reported(
    settings, hr_a, branch_a, occupation, django_capture_on_commit_callbacks
):
    settings.BULK_IMPORT_ASYNC_ROWS = 1
    with django_capture_on_commit_callbacks() as callbacks:
        post_import = upload(hr_a, [row(branch_a)] * 2, language="en")
    branch_a.enterprise.status = "suspended"
    branch_a.enterprise.save()
    callbacks[0]()
    post_import.refresh_from_db()
    assert post_import.status == PostImport.Status.INVALID
    assert post_import.errors[0]["message"] == "Your enterprise is not approved to publish posts."
    assert not JobPost.objects.exists()


# --- a checked file's rows, kept for its upload ----------------------------------------------


def start(author, content, *, language="zh-hans", **flags) -> PostImport:
    with translation.override(language):
        return post_import_start(author=author, filename="posts.xlsx", content=content, **flags)


def test_bulk_checked_file_uploaded_again_lands_from_its_kept_rows_without_reading_it(
    monkeypatch, hr_a, branch_a, occupation
):
    f.SkillFactory(name="测试技能甲")
    content = xlsx(
        [row(branch_a, title=f"岗位{i}", required_skills="测试技能甲") for i in range(3)]
    )
    check = start(hr_a, content, validate_only=True)
    assert check.status == PostImport.Status.CHECKED and check.checked_key
    assert check.content == b""  # the file is not kept; its checked rows are, for now

    def unread(*args, **kwargs):
        raise AssertionError("the file was read and checked again")

    monkeypatch.setattr("jobs.services.bulk.read_table", unread)
    post_import = start(hr_a, content, submit=True)
    assert post_import.status == PostImport.Status.DONE and post_import.posts_created == 3
    posts = JobPost.objects.filter(source_import=post_import).order_by("pk")
    assert [p.title for p in posts] == ["岗位0", "岗位1", "岗位2"]
    assert {p.status for p in posts} == {JobPost.Status.PENDING}
    assert all(p.region_id == branch_a.region_id and p.created_by == hr_a for p in posts)
    assert [s.name for s in posts[0].required_skills.all()] == ["测试技能甲"]
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(JobPost))
    for action in (AuditAction.JOB_POST_CREATED, AuditAction.JOB_POST_SUBMITTED):
        trail = events.filter(action=action)
        assert sorted(int(e.object_id) for e in trail) == [p.pk for p in posts]
        assert {(e.actor_id, e.data["upload"]) for e in trail} == {(hr_a.pk, post_import.pk)}
    check.refresh_from_db()
    assert check.checked_key == "" and bytes(check.checked_rows) == b""  # used once


def test_bulk_kept_rows_write_the_search_document_the_service_writes(
    hr_a, branch_a, agreement, occupation
):
    content = xlsx([row(branch_a, agreement=agreement_label(agreement), title="叉车司机")])
    start(hr_a, content, validate_only=True)
    post = JobPost.objects.get(source_import=start(hr_a, content))
    columns = "search_head::text, search_rest::text, search_document::text"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM jobs_jobpost WHERE id = %s", [post.pk])
        written = cursor.fetchone()
        index_post(post)
        cursor.execute(f"SELECT {columns} FROM jobs_jobpost WHERE id = %s", [post.pk])
        assert cursor.fetchone() == written
    assert "'叉车'" in written[0]


def test_bulk_file_changed_between_check_and_upload_is_checked_again(hr_a, branch_a, occupation):
    start(hr_a, xlsx([row(branch_a, title="岗位甲")]), validate_only=True)
    changed = start(hr_a, xlsx([row(branch_a, title="岗位甲", openings=0)]))
    assert changed.status == PostImport.Status.INVALID
    assert changed.errors[0]["row"] == 2 and not JobPost.objects.exists()
    landed = start(hr_a, xlsx([row(branch_a, title="岗位乙")]))
    assert [p.title for p in JobPost.objects.filter(source_import=landed)] == ["岗位乙"]


def test_bulk_checked_file_is_checked_again_when_what_it_names_changed(hr_a, branch_a, occupation):
    content = xlsx([row(branch_a)])
    check = start(hr_a, content, validate_only=True)
    branch_a.name = "改名后的分公司"  # the file names the branch by its old name
    branch_a.save()
    post_import = start(hr_a, content, language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert "is not an approved branch" in post_import.errors[0]["message"]
    assert not JobPost.objects.exists()
    check.refresh_from_db()
    assert check.checked_key  # not used: a later check of the same day may be


def test_bulk_kept_rows_are_used_only_the_day_they_were_checked(
    monkeypatch, hr_a, branch_a, occupation
):
    content = xlsx([row(branch_a, deadline=deadline(1))])
    check = start(hr_a, content, validate_only=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    monkeypatch.setattr("jobs.services.bulk.read_table", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # the file is read and checked again
        start(hr_a, content)
    check.refresh_from_db()
    assert check.checked_key == "" and bytes(check.checked_rows) == b""  # dropped


def test_bulk_kept_rows_of_another_user_are_not_used(monkeypatch, hr_a, branch_a, occupation):
    other = f.UserFactory(role="enterprise")
    f.EnterpriseMemberFactory(enterprise=branch_a.enterprise, user=other)
    content = xlsx([row(branch_a)])
    start(hr_a, content, validate_only=True)
    monkeypatch.setattr("jobs.services.bulk.read_table", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        start(other, content)


def test_bulk_kept_rows_still_meet_the_pledge_under_lock(hr_a, branch_a, agreement, occupation):
    content = xlsx([row(branch_a, agreement=agreement_label(agreement), openings=3)])
    start(hr_a, content, validate_only=True)
    f.JobPostFactory(branch=branch_a, agreement=agreement, openings=3)  # 2 of 5 left
    post_import = start(hr_a, content, language="en")
    assert post_import.status == PostImport.Status.INVALID
    assert "2 are still free" in post_import.errors[0]["message"]
    assert JobPost.objects.filter(source_import=post_import).count() == 0
