"""Notices and policy documents: who drafts, publishes and withdraws them, their files
checked by content, and the Chinese search that finds them (expired ones too)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.models import Notice, NoticeAttachment
from jobs.notices import selectors, services
from jobs.notices.selectors import NoticeCriteria
from portal.storage import private_storage
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests import images, pdfs
from tests.jobs.conftest import actions
from tests.workflow import refused

TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


def fields(**changes) -> dict:
    return {
        "kind": Notice.Kind.POLICY,
        "title": "退役军人创业担保贷款实施办法",
        "document_number": "京退役军人发〔2026〕3号",
        "body": "符合条件的退役军人创办小微企业，可申请创业担保贷款，最高贴息三年。",
        "tags": ["创业", "贷款"],
        "effective_from": TODAY(),
        **changes,
    }


def found(text: str = "", **criteria) -> list[str]:
    return [n.title for n in selectors.search_notices(NoticeCriteria(text=text, **criteria))]


# --- drafting: the publisher's scope ---------------------------------------------------------


def test_notice_board_bureau_drafts_for_its_own_region(bureau_x):
    notice = services.notice_create(author=bureau_x, **fields())
    assert (notice.status, notice.region_id, notice.tags) == ("draft", "110000", ["创业", "贷款"])
    assert actions(notice) == ["notice.drafted"]


def test_notice_board_ministry_drafts_for_the_nation(ministry):
    notice = services.notice_create(author=ministry, **fields())
    assert notice.region_id is None and notice.is_national


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_notice_board_veterans_and_enterprises_may_not_draft(persona):
    with pytest.raises(NotAllowed):
        services.notice_create(author=persona, **fields())
    assert Notice.objects.count() == 0


def test_notice_board_draft_refuses_an_end_before_its_start(bureau_x):
    with pytest.raises(ValidationError):
        services.notice_create(
            author=bureau_x, **fields(effective_until=TODAY() - datetime.timedelta(days=1))
        )
    assert Notice.objects.count() == 0


# --- publishing and withdrawing ------------------------------------------------------------


@pytest.fixture
def draft(bureau_x):
    return services.notice_create(author=bureau_x, **fields())


def test_notice_board_publishing_makes_the_draft_public(draft, bureau_x, anonymous):
    assert not selectors.notices_visible_to(anonymous).filter(pk=draft.pk).exists()
    services.notice_publish(notice=draft, actor=bureau_x)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == bureau_x
    assert selectors.notices_visible_to(anonymous).filter(pk=draft.pk).exists()
    assert actions(draft) == ["notice.drafted", "notice.published"]


@pytest.mark.parametrize("persona", ["bureau_y", "ministry", "veteran", "hr_a"], indirect=True)
def test_notice_board_only_its_bureau_publishes_a_region_notice(draft, persona):
    with refused(NotAllowed, draft):
        services.notice_publish(notice=draft, actor=persona)


def test_notice_board_a_city_bureau_may_not_publish_its_province_notice(draft):
    city_officer = f.BureauUserFactory(region=f.region(f.CITY_X))
    with refused(NotAllowed, draft):
        services.notice_publish(notice=draft, actor=city_officer)


@pytest.mark.parametrize("persona", ["bureau_x", "bureau_y"], indirect=True)
def test_notice_board_only_the_ministry_publishes_a_national_notice(ministry, persona):
    notice = services.notice_create(author=ministry, **fields())
    with refused(NotAllowed, notice):
        services.notice_publish(notice=notice, actor=persona)


def test_notice_board_withdrawn_notice_leaves_the_public_and_comes_back(draft, bureau_x, anonymous):
    services.notice_publish(notice=draft, actor=bureau_x)
    services.notice_withdraw(notice=draft, actor=bureau_x, reason="内容需更新")
    assert not selectors.notices_visible_to(anonymous).filter(pk=draft.pk).exists()
    assert selectors.notices_visible_to(bureau_x).filter(pk=draft.pk).exists()
    services.notice_publish(notice=draft, actor=bureau_x)
    assert actions(draft)[-2:] == ["notice.withdrawn", "notice.published"]


def test_notice_board_a_draft_cannot_be_withdrawn(draft, bureau_x):
    with refused(InvalidTransition, draft):
        services.notice_withdraw(notice=draft, actor=bureau_x)


def test_notice_board_a_published_notice_cannot_be_edited(draft, bureau_x):
    services.notice_publish(notice=draft, actor=bureau_x)
    with refused(Conflict, draft):
        services.notice_update(notice=draft, editor=bureau_x, title="改过的标题")
    draft.refresh_from_db()
    assert draft.title == fields()["title"]


def test_notice_board_editing_a_draft_reindexes_it(draft, bureau_x):
    services.notice_update(notice=draft, editor=bureau_x, title="退役军人职业技能培训补贴办法")
    services.notice_publish(notice=draft, actor=bureau_x)
    assert found("培训补贴") == ["退役军人职业技能培训补贴办法"]
    assert found("担保贷款") == ["退役军人职业技能培训补贴办法"]  # the body still says it


# --- attachments, checked by content ---------------------------------------------------------


def upload(name: str, content: bytes, kind: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, kind)


def test_notice_board_keeps_a_pdf_and_a_photo(bureau_x):
    notice = services.notice_create(
        author=bureau_x,
        attachments=[
            upload("办法全文.pdf", pdfs.one_page()),
            upload("流程图.png", images.png(), "image/png"),
        ],
        **fields(),
    )
    kept = list(notice.attachments.values_list("original_name", "kind"))
    assert kept == [("办法全文.pdf", "pdf"), ("流程图.png", "png")]
    for attachment in notice.attachments.all():
        private_storage.delete(attachment.file.name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("办法.pdf", b"MZ\x90\x00 a program renamed"),
        ("办法.pdf", b"<html><script>alert(1)</script></html>"),
        ("图.png", images.png()[:-6]),
        ("空.pdf", b""),
    ],
)
def test_notice_board_refuses_files_that_are_not_what_they_claim(bureau_x, name, content):
    with pytest.raises(ValidationError) as error:
        services.notice_create(author=bureau_x, attachments=[upload(name, content)], **fields())
    assert "attachments" in error.value.message_dict
    assert Notice.objects.count() == 0 and NoticeAttachment.objects.count() == 0


def test_notice_board_refuses_more_files_than_allowed(bureau_x, settings):
    settings.NOTICE_ATTACHMENTS_MAX_FILES = 1
    files = [upload("一.pdf", pdfs.one_page()), upload("二.pdf", pdfs.one_page())]
    with pytest.raises(ValidationError):
        services.notice_create(author=bureau_x, attachments=files, **fields())
    assert Notice.objects.count() == 0


# --- search: jobs.search's Chinese words -----------------------------------------------------


def test_notice_board_search_finds_a_word_of_the_body():
    f.NoticeFactory(title="春季招聘月活动安排", body="组织退役军人参加专场招聘会。")
    f.NoticeFactory(title="技能培训报名", body="开设电工、焊工培训班。")
    assert found("招聘会") == ["春季招聘月活动安排"]
    assert found("焊工") == ["技能培训报名"]


def test_notice_board_title_matches_come_before_body_matches():
    yesterday = timezone.now() - datetime.timedelta(days=1)
    f.NoticeFactory(title="培训补贴申领通知", body="详见附件。", published_at=yesterday)
    f.NoticeFactory(title="春季工作安排", body="做好培训补贴发放工作。")
    assert found("培训补贴") == ["培训补贴申领通知", "春季工作安排"]


def test_notice_board_search_finds_by_tag_and_document_number():
    f.NoticeFactory(title="甲", tags=["优待抚恤"], document_number="京退役军人发〔2026〕7号")
    f.NoticeFactory(title="乙", tags=["就业"])
    assert found("抚恤") == ["甲"]
    assert found(tag="优待抚恤") == ["甲"]
    assert found("7号") == ["甲"]


def test_notice_board_expired_notice_is_still_found_and_marked():
    ended = TODAY() - datetime.timedelta(days=1)
    notice = f.NoticeFactory(
        title="去年的补贴通知",
        effective_from=ended - datetime.timedelta(days=300),
        effective_until=ended,
    )
    assert found("补贴") == ["去年的补贴通知"]
    assert notice.is_expired
    assert found("补贴", in_force=True) == []


def test_notice_board_region_filter_keeps_that_region_the_ones_above_and_the_nation():
    f.NoticeFactory(title="全国", region=None)
    f.NoticeFactory(title="北京", region=f.region(f.PROVINCE_X))
    f.NoticeFactory(title="上海", region=f.region(f.PROVINCE_Y))
    assert sorted(found(region=f.region(f.CITY_X))) == ["全国", "北京"]


def test_notice_board_drafts_and_withdrawn_notices_are_not_searched():
    f.NoticeFactory(title="草稿通知", status=Notice.Status.DRAFT, published_at=None)
    f.NoticeFactory(title="撤回通知", status=Notice.Status.WITHDRAWN)
    assert found("通知") == []
