"""The notice pages and the API: public reading and search, the publisher's drafts,
publishing and withdrawing, and the refusals of each role, on the page and in the API."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import Notice, NoticeAttachment
from jobs.notices import services
from portal.storage import private_storage
from tests import factories as f
from tests import pdfs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def form(**changes) -> dict:
    return {
        "kind": "notice",
        "title": "关于开展退役军人专场招聘月活动的通知",
        "document_number": "",
        "body": "各区退役军人事务局：现就开展专场招聘月活动通知如下。",
        "tags": "招聘，就业",
        "effective_from": timezone.localdate().isoformat(),
        "effective_until": "",
        **changes,
    }


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


# --- reading: everyone ------------------------------------------------------------------------


def test_notice_board_page_lists_and_searches_published_notices(client):
    f.NoticeFactory(title="就业补贴申领通知", body="申领就业补贴的条件。")
    f.NoticeFactory(title="培训报名", body="电工培训。")
    f.NoticeFactory(title="未发布草稿", status="draft", published_at=None)
    page = client.get(reverse("jobs:notice_list"), {"q": "补贴"}).content.decode()
    assert "就业补贴申领通知" in page and "培训报名" not in page and "未发布草稿" not in page
    everything = client.get(reverse("jobs:notice_list")).content.decode()
    assert "培训报名" in everything and "未发布草稿" not in everything


def test_notice_board_page_marks_an_expired_notice(client):
    ended = timezone.localdate() - datetime.timedelta(days=2)
    notice = f.NoticeFactory(
        effective_from=ended - datetime.timedelta(days=30), effective_until=ended
    )
    assert "Expired" in client.get(reverse("jobs:notice_list")).content.decode()
    detail = client.get(reverse("jobs:notice_detail", args=[notice.pk])).content.decode()
    assert "kept here for reference" in detail


def test_notice_board_home_page_lists_the_newest_notices(client):
    f.NoticeFactory(title="首页可见的通知")
    assert "首页可见的通知" in client.get(reverse("home")).content.decode()


def test_notice_board_page_of_a_draft_is_404_to_all_but_its_bureau(client, bureau_x, bureau_y):
    draft = f.NoticeFactory(status="draft", published_at=None, created_by=bureau_x)
    url = reverse("jobs:notice_detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(bureau_y)
    assert client.get(url).status_code == 404
    client.force_login(bureau_x)
    assert client.get(url).status_code == 200


def test_notice_board_list_page_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries
):
    for n in range(12):
        f.NoticeFactory(title=f"通知{n}")
    with django_assert_max_num_queries(4):
        client.get(reverse("jobs:notice_list"))


def test_notice_board_attachment_is_served_to_readers_of_a_published_notice(client, bureau_x):
    notice = services.notice_create(
        author=bureau_x,
        attachments=[SimpleUploadedFile("全文.pdf", pdfs.one_page(), "application/pdf")],
        kind="notice", title="附件测试", body="正文", tags=[], effective_from=timezone.localdate(),
    )  # fmt: skip
    attachment = notice.attachments.get()
    url = reverse("jobs:notice_attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404  # a draft's file
    services.notice_publish(notice=notice, actor=bureau_x)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    private_storage.delete(attachment.file.name)


# --- publishing on the page --------------------------------------------------------------------


def test_notice_board_bureau_drafts_publishes_and_withdraws_on_the_page(client, bureau_x):
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:notice_create"), form())
    notice = Notice.objects.get()
    assert response.url == reverse("jobs:notice_detail", args=[notice.pk])
    assert (notice.status, notice.region_id, notice.tags) == ("draft", "110000", ["招聘", "就业"])
    client.post(reverse("jobs:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == "published"
    client.post(reverse("jobs:notice_withdraw", args=[notice.pk]), {"reason": "过期"})
    notice.refresh_from_db()
    assert notice.status == "withdrawn"


def test_notice_board_form_with_bad_input_says_why_and_saves_nothing(client, bureau_x):
    client.force_login(bureau_x)
    bad = form(title="", effective_until="2000-01-01", tags="、".join(f"标签{n}" for n in range(9)))
    response = client.post(reverse("jobs:notice_create"), bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "effective_until", "tags"} <= set(errors)
    assert Notice.objects.count() == 0


def test_notice_board_form_refuses_a_renamed_program_as_attachment(client, bureau_x):
    client.force_login(bureau_x)
    upload = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(reverse("jobs:notice_create"), {**form(), "attachments": [upload]})
    assert "must be a PDF file or a photo" in response.content.decode()
    assert Notice.objects.count() == 0 and NoticeAttachment.objects.count() == 0


def test_notice_board_edit_page_of_a_published_notice_says_withdraw_first(client, bureau_x):
    notice = f.NoticeFactory(created_by=bureau_x)
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:notice_edit", args=[notice.pk]), follow=True)
    assert "withdraw it first" in response.content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_notice_board_publishing_pages_are_404_to_veterans_and_enterprises(client, persona):
    notice = f.NoticeFactory(status="draft", published_at=None)
    client.force_login(persona)
    assert client.get(reverse("jobs:notice_manage_list")).status_code == 404
    assert client.post(reverse("jobs:notice_create"), form()).status_code == 404
    assert client.post(reverse("jobs:notice_publish", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.status == "draft" and Notice.objects.count() == 1


@pytest.mark.parametrize("persona", ["bureau_y", "ministry"], indirect=True)
def test_notice_board_another_publisher_gets_404_for_a_region_notice(client, persona):
    notice = f.NoticeFactory(status="draft", published_at=None)
    client.force_login(persona)
    assert client.post(reverse("jobs:notice_publish", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.status == "draft"


def test_notice_board_ministry_publishes_nationally_on_the_page(client, ministry):
    client.force_login(ministry)
    client.post(reverse("jobs:notice_create"), form(kind="policy"))
    notice = Notice.objects.get()
    assert notice.region_id is None and notice.kind == "policy"


# --- the API ------------------------------------------------------------------------------------


def test_notice_board_api_lists_and_searches_for_anyone():
    f.NoticeFactory(title="就业补贴申领通知")
    f.NoticeFactory(title="培训报名")
    body = api().get("/api/v1/notices/", {"q": "补贴"}).json()
    assert [n["title"] for n in body["results"]] == ["就业补贴申领通知"]
    assert body["results"][0]["is_expired"] is False


def test_notice_board_api_refuses_a_bad_filter():
    response = api().get("/api/v1/notices/", {"kind": "memo"})
    assert response.status_code == 400


def test_notice_board_api_creates_publishes_and_withdraws(bureau_x):
    client = api(bureau_x)
    created = client.post(
        "/api/v1/notices/create/",
        {"kind": "policy", "title": "创业扶持办法", "body": "扶持内容。", "tags": ["创业"],
         "effective_from": timezone.localdate().isoformat()},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["region"] == "110000" and created.json()["status"] == "draft"
    assert api().get(f"/api/v1/notices/{pk}/").status_code == 404
    assert client.post(f"/api/v1/notices/{pk}/publish/").json()["status"] == "published"
    assert api().get(f"/api/v1/notices/{pk}/").json()["title"] == "创业扶持办法"
    published = client.post(f"/api/v1/notices/{pk}/update/", {"title": "改"}, format="json")
    assert published.status_code == 409
    assert "withdraw it first" in published.json()["detail"]
    assert (
        client.post(f"/api/v1/notices/{pk}/withdraw/", {}, format="json").json()["status"]
        == "withdrawn"
    )


def test_notice_board_api_attaches_files_checked_by_content(bureau_x):
    notice = services.notice_create(
        author=bureau_x, kind="notice", title="附件", body="正文", tags=[],
        effective_from=timezone.localdate(),
    )  # fmt: skip
    client = api(bureau_x)
    bad = SimpleUploadedFile("a.pdf", b"<svg onload=alert(1)>", "application/pdf")
    response = client.post(
        f"/api/v1/notices/{notice.pk}/attachments/", {"files": [bad]}, format="multipart"
    )
    assert response.status_code == 400 and NoticeAttachment.objects.count() == 0
    good = SimpleUploadedFile("a.pdf", pdfs.one_page(), "application/pdf")
    response = client.post(
        f"/api/v1/notices/{notice.pk}/attachments/", {"files": [good]}, format="multipart"
    )
    assert response.status_code == 201
    [attachment] = response.json()["attachments"]
    private_storage.delete(NoticeAttachment.objects.get(pk=attachment["id"]).file.name)


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_notice_board_api_refuses_drafting_to_veterans_and_enterprises(persona):
    response = api(persona).post("/api/v1/notices/create/", {}, format="json")
    assert response.status_code == 403 and Notice.objects.count() == 0


@pytest.mark.parametrize("persona", ["bureau_y", "ministry"], indirect=True)
def test_notice_board_api_another_publisher_gets_404(persona):
    notice = f.NoticeFactory(status="draft", published_at=None)
    assert api(persona).post(f"/api/v1/notices/{notice.pk}/publish/").status_code == 404
    notice.refresh_from_db()
    assert notice.status == "draft"


def test_notice_board_api_lists_the_publishers_own(bureau_x, bureau_y):
    f.NoticeFactory(title="北京的", created_by=bureau_x)
    f.NoticeFactory(title="上海的", region=f.region(f.PROVINCE_Y), created_by=bureau_y)
    titles = [n["title"] for n in api(bureau_y).get("/api/v1/notices/mine/").json()["results"]]
    assert titles == ["上海的"]


def test_notice_board_api_list_costs_the_same_for_one_row_or_five(
    django_assert_max_num_queries,
):
    f.NoticeFactory()
    client = api()
    with django_assert_max_num_queries(2):
        client.get("/api/v1/notices/", {"q": "通知"})
    for _ in range(4):
        f.NoticeFactory()
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/notices/", {"q": "通知"}).json()["results"]) == 5
