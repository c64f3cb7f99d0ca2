"""Reads of notices: the public's (published ones, searched with the posts' Chinese
search), and each publisher's own."""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from jobs.models import Notice, NoticeAttachment
from jobs.search import LexemeQuery, query_terms
from portal.reference.models import Region


def notices_published() -> QuerySet:
    return (
        Notice.objects.published().select_related("region").defer("search_title", "search_document")
    )


def notices_managed_by(user) -> QuerySet:
    """The notices a user publishes and changes: the ministry's national ones, a bureau's
    of its own region (policies.may_manage_notice says the same of one notice)."""
    notices = Notice.objects.select_related("region").defer("search_title", "search_document")
    if user.is_authenticated and user.is_ministry:
        return notices.filter(region__isnull=True).order_by("-updated_at", "-pk")
    if user.is_authenticated and user.is_bureau:
        return notices.filter(region_id=user.region_id).order_by("-updated_at", "-pk")
    return notices.none()


def notices_visible_to(user) -> QuerySet:
    """Published notices, and the publisher's own drafts and withdrawn ones."""
    own = notices_managed_by(user).values("pk")
    return Notice.objects.select_related("region").filter(
        Q(status=Notice.Status.PUBLISHED) | Q(pk__in=own)
    )


def attachments_visible_to(user) -> QuerySet:
    return NoticeAttachment.objects.filter(notice__in=notices_visible_to(user).values("pk"))


@dataclass(frozen=True)
class NoticeCriteria:
    """What a reader asked for (jobs.notices.forms.NoticeSearchForm.criteria())."""

    text: str = ""
    kind: str = ""
    tag: str = ""
    region: Region | None = None  # notices that apply there: its own, those above, national
    in_force: bool = False


def _applying_in(region: Region) -> Q:
    """Notices for the region, for the regions above it, and the nation's."""
    above = {region.code[:2] + "0000", region.code[:4] + "00", region.code}
    return Q(region__isnull=True) | Q(region_id__in=above)


def search_notices(criteria: NoticeCriteria) -> QuerySet:
    """Published notices matching the criteria: titles that hold every word first, then
    the texts that do, newest first within each; without words, newest first. Expired
    ones are found too (marked on the page) unless only those in force are asked for."""
    notices = notices_published()
    if criteria.kind:
        notices = notices.filter(kind=criteria.kind)
    if criteria.tag:
        notices = notices.filter(tags__contains=[criteria.tag])
    if criteria.region is not None:
        notices = notices.filter(_applying_in(criteria.region))
    if criteria.in_force:
        today = timezone.localdate()
        notices = notices.filter(effective_from__lte=today).exclude(effective_until__lt=today)
    terms = query_terms(criteria.text)
    if not terms:
        return notices.order_by("-published_at", "-pk")
    in_title = ExpressionWrapper(Q(search_title=LexemeQuery(terms)), BooleanField())
    return (
        notices.filter(search_document=LexemeQuery(terms))
        .annotate(in_title=in_title)
        .order_by("-in_title", "-published_at", "-pk")
    )


def latest_notices(count: int = 5) -> list[Notice]:
    """The newest published notices, for the home page."""
    return list(notices_published().order_by("-published_at", "-pk")[:count])
