"""A veteran's saved posts and saved searches, and the daily search alerts."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import (
    JobPost,
    SavedPost,
    SavedSearch,
)
from jobs.search import SearchCriteria, posts_published_between
from jobs.services.common import _locked
from portal.accounts.notifications import notify_after_commit
from portal.workflow import Conflict, NotAllowed
from veterans.models import VeteranProfile

MAX_SAVED_SEARCHES = 20
ALERT_POSTS = 20
# Posts approved in the last minutes may still be committing with an earlier published_at;
# an alert stops short of them and the next one takes them.
ALERT_SETTLE = datetime.timedelta(minutes=5)


def saved_post_add(*, veteran: VeteranProfile, post: JobPost) -> SavedPost:
    """Keep a published post; saving it again changes nothing."""
    if post.status != JobPost.Status.PUBLISHED:
        raise Conflict(_("Only published posts can be saved."))
    saved, created = SavedPost.objects.get_or_create(veteran=veteran, post=post)
    return saved


def saved_post_remove(*, veteran: VeteranProfile, post: JobPost) -> None:
    SavedPost.objects.filter(veteran=veteran, post=post).delete()


def _check_new_search(veteran: VeteranProfile, params: dict) -> None:
    if veteran.saved_searches.count() >= MAX_SAVED_SEARCHES:
        raise Conflict(
            _("You can keep at most %(limit)d saved searches; please delete one first.")
            % {"limit": MAX_SAVED_SEARCHES}
        )
    same = veteran.saved_searches.filter(params=params).first()
    if same is not None:
        raise Conflict(_("You have already saved this search as “%(name)s”.") % {"name": same.name})


def saved_search_create(*, veteran: VeteranProfile, name: str, params: dict) -> SavedSearch:
    """Save a search; its daily e-mail lists posts published from now on."""
    if not name.strip():
        raise ValidationError({"name": _("Please give this search a name.")})
    with transaction.atomic():
        # The profile row is locked so two saves at once cannot pass the checks together.
        VeteranProfile.objects.select_for_update().get(pk=veteran.pk)
        _check_new_search(veteran, params)
        return SavedSearch.objects.create(veteran=veteran, name=name.strip(), params=params)


def _own_search(saved_search: SavedSearch, veteran: VeteranProfile) -> SavedSearch:
    search = _locked(SavedSearch, saved_search.pk)
    if search.veteran_id != veteran.pk:
        raise NotAllowed(_("This saved search is not yours."))
    return search


def saved_search_delete(*, saved_search: SavedSearch, veteran: VeteranProfile) -> None:
    with transaction.atomic():
        _own_search(saved_search, veteran).delete()


def saved_search_set_alerts(
    *, saved_search: SavedSearch, veteran: VeteranProfile, enabled: bool
) -> SavedSearch:
    """Turn the daily e-mail on or off; turned on again, it starts from now rather than
    listing everything published while it was off."""
    with transaction.atomic():
        search = _own_search(saved_search, veteran)
        if enabled and not search.alerts_enabled:
            search.alerted_until = timezone.now()
        search.alerts_enabled = enabled
        search.save(update_fields=["alerts_enabled", "alerted_until"])
    return search


def saved_search_unsubscribe(*, token: str) -> SavedSearch | None:
    """Stop the e-mails of the search this token belongs to (the link in each e-mail)."""
    search = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if search is not None and search.alerts_enabled:
        search.alerts_enabled = False
        search.save(update_fields=["alerts_enabled"])
    return search


def saved_search_send_alert(
    *, saved_search: SavedSearch, now: datetime.datetime | None = None
) -> int:
    """E-mail the posts of a saved search published since its last alert, then move its
    high-water mark; returns how many posts the e-mail lists.

    The row is locked and the mark moves in the same transaction, so a second run (or
    two workers at once) never sends the same posts twice.
    """
    until = (now or timezone.now()) - ALERT_SETTLE
    with transaction.atomic():
        search = (
            SavedSearch.objects.select_for_update(of=("self",))
            .select_related("veteran__user")
            .get(pk=saved_search.pk)
        )
        if not search.alerts_enabled or search.alerted_until >= until:
            return 0
        posts = posts_published_between(
            SearchCriteria.from_params(search.params),
            since=search.alerted_until,
            until=until,
            limit=ALERT_POSTS + 1,
        )
        search.alerted_until = until
        if posts:
            search.last_alert_at = timezone.now()
            _notify_alert(search, posts)
        search.save(update_fields=["alerted_until", "last_alert_at"])
    return len(posts[:ALERT_POSTS])


def _notify_alert(search: SavedSearch, posts: list[JobPost]) -> None:
    notify_after_commit(
        to=[search.veteran.user.email],
        event="job_alert",
        link=reverse("jobs:saved_search_list"),
        context={
            "search": search,
            "posts": posts[:ALERT_POSTS],
            "more": len(posts) > ALERT_POSTS,
            "query_string": urlencode(search.params),
        },
    )
