"""Bulk posting, clone and repost through the API: the template, an upload checked only or
committed, its status, and the refusals the pages give too."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.bulk import headers
from jobs.models import JobPost, PostImport
from tests import factories as f
from tests.api.conftest import make_post
from tests.jobs.test_bulk import OCCUPATION, row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def occupation(db):
    return f.occupation(OCCUPATION)


def _file(rows, language="zh-hans"):
    handle = io.BytesIO(xlsx(rows, language))
    handle.name = "posts.xlsx"
    return handle


def test_bulk_api_template_in_either_language_and_format(as_, branch_a):
    client = as_("hr_a")
    answer = client.get(reverse("api-post-import-template"), {"language": "en"})
    assert answer.status_code == 200
    book = load_workbook(
        io.BytesIO(b"".join(answer.streaming_content if answer.streaming else [answer.content]))
    )
    assert [c.value for c in book.worksheets[0][1]] == headers("en")
    answer = client.get(reverse("api-post-import-template"), {"file_type": "csv"})
    assert answer.content.decode("utf-8-sig").startswith(",".join(headers("zh-hans")))
    answer = client.get(reverse("api-post-import-template"), {"file_type": "pdf"})
    assert answer.status_code == 400


def test_bulk_api_validate_only_then_commit(as_, branch_a, occupation):
    client = as_("hr_a")
    url = reverse("api-post-import")
    answer = client.post(
        url, {"file": _file([row(branch_a)]), "validate_only": "true"}, format="multipart"
    )
    assert answer.status_code == 201
    assert answer.json()["status"] == "checked"
    assert not JobPost.objects.exists()
    answer = client.post(
        url, {"file": _file([row(branch_a)] * 2), "submit": "true"}, format="multipart"
    )
    body = answer.json()
    assert answer.status_code == 201
    assert body["status"] == "done" and body["posts_created"] == 2
    assert {p.status for p in JobPost.objects.all()} == {JobPost.Status.PENDING}
    status = client.get(reverse("api-post-import-detail", args=[body["id"]]))
    assert status.json()["finished"] is True and status.json()["percent"] == 100


def test_bulk_api_reports_each_error_and_writes_nothing(as_, branch_a, occupation):
    answer = as_("hr_a").post(
        reverse("api-post-import"),
        {"file": _file([row(branch_a), row(branch_a, openings=0, salary_max=1)], "en")},
        format="multipart",
    )
    body = answer.json()
    assert body["status"] == "invalid" and body["error_count"] == 2
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (3, "Monthly salary to (yuan)"),
        (3, "Openings"),
    ]
    assert not JobPost.objects.exists()


def test_bulk_api_large_upload_answers_202_and_its_status(
    as_,
    settings,
    branch_a,
    occupation,
    django_capture_on_commit_callbacks,
):
    settings.BULK_IMPORT_ASYNC_ROWS = 1
    client = as_("hr_a")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("api-post-import"), {"file": _file([row(branch_a)] * 3)}, format="multipart"
        )
    assert answer.status_code == 202
    assert answer.json()["status"] == "queued"
    status = client.get(reverse("api-post-import-detail", args=[answer.json()["id"]])).json()
    assert status["status"] == "done" and status["posts_created"] == 3


@pytest.mark.parametrize("who", ["veteran", "bureau_x"])
def test_bulk_api_refused_to_veteran_and_bureau(as_, who, branch_a, occupation):
    client = as_(who)
    answer = client.post(
        reverse("api-post-import"), {"file": _file([row(branch_a)])}, format="multipart"
    )
    assert answer.status_code == 403
    assert client.get(reverse("api-post-import-template")).status_code == 403
    assert not PostImport.objects.exists()


def test_bulk_api_upload_of_another_enterprise_is_not_found(as_, hr_a, branch_a, occupation):
    answer = as_("hr_a").post(
        reverse("api-post-import"), {"file": _file([row(branch_a)])}, format="multipart"
    )
    other = as_("hr_b").get(reverse("api-post-import-detail", args=[answer.json()["id"]]))
    assert other.status_code == 404


def test_clone_through_the_api_makes_a_draft_copy(as_, branch_a):
    post = make_post(branch_a, title="保安队长")
    answer = as_("hr_a").post(reverse("api-post-clone", args=[post.pk]))
    assert answer.status_code == 201
    copy = JobPost.objects.get(pk=answer.json()["id"])
    assert copy.status == JobPost.Status.DRAFT and copy.title == "保安队长"
    assert copy.reposted_from is None


def test_repost_through_the_api_links_the_new_post_to_the_old(as_, branch_a):
    post = make_post(branch_a, JobPost.Status.FILLED, filled_count=3, openings=3)
    answer = as_("hr_a").post(reverse("api-post-repost", args=[post.pk]))
    assert answer.status_code == 201
    assert answer.json()["reposted_from"] == post.pk
    again = as_("hr_a").post(reverse("api-post-repost", args=[post.pk]))
    assert again.status_code == 409
    assert again.json()["code"] == "jobs.may_repost_post.reposted"


def test_repost_through_the_api_of_another_enterprise_is_not_found(as_, post_b):
    post_b.status = JobPost.Status.CLOSED
    post_b.save()
    assert as_("hr_a").post(reverse("api-post-repost", args=[post_b.pk])).status_code == 404
    assert as_("veteran").post(reverse("api-post-clone", args=[post_b.pk])).status_code == 403
