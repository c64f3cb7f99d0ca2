"""A veteran's saved posts and saved searches, and the unsubscribe link of job alerts.

Rows come through selectors scoped to the veteran: another veteran's saved search is not
found (404) and nothing changes; other roles get 404 from veteran_required.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs import services
from jobs.forms.search import PostSearchForm, SavedSearchForm, describe_searches
from jobs.models import SavedSearch
from jobs.selectors import posts_visible_to, saved_posts_of, saved_searches_of
from portal.accounts.decorators import veteran_required
from portal.pagination import paginate
from portal.workflow import DomainError
from veterans.policies import profile_complete
from veterans.selectors import profile_of


def _back(request, default: str):
    """Where the form came from (its `next` field), if that is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _profile_missing(request):
    messages.error(request, profile_complete.reason(request.user))
    try:
        return redirect(reverse("veterans:profile_step", kwargs={"step": "identity"}))
    except NoReverseMatch:
        return redirect("home")


# --- saved posts ---------------------------------------------------------------------------


@veteran_required
@require_GET
def saved_post_list(request):
    saved = saved_posts_of(request.user)
    page = paginate(request, saved)
    saved_ids = {each.post_id for each in page}
    return render(request, "jobs/savedpost_list.html", {"page_obj": page, "saved_ids": saved_ids})


def _saved_button(request, post, *, saved: bool, message: str):
    """The button's new state for htmx; otherwise a message and back to the page."""
    if request.headers.get("HX-Request"):
        context = {"post": post, "saved": saved, "next": request.POST.get("next", "")}
        return render(request, "jobs/partials/saved_post_button.html", context)
    messages.success(request, message)
    return _back(request, "jobs:saved_post_list")


@veteran_required
@require_POST
def post_save(request, pk: int):
    post = get_object_or_404(posts_visible_to(request.user).published(), pk=pk)
    profile = profile_of(request.user)
    if profile is None:
        return _profile_missing(request)
    try:
        services.saved_post_add(veteran=profile, post=post)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(request, "jobs:saved_post_list")
    return _saved_button(request, post, saved=True, message=_("Post saved."))


@veteran_required
@require_POST
def post_unsave(request, pk: int):
    saved = get_object_or_404(saved_posts_of(request.user), post_id=pk)
    services.saved_post_remove(veteran=profile_of(request.user), post=saved.post)
    return _saved_button(
        request, saved.post, saved=False, message=_("Post removed from your saved posts.")
    )


# --- saved searches ------------------------------------------------------------------------


@veteran_required
@require_GET
def saved_search_list(request):
    page = paginate(request, saved_searches_of(request.user))
    searches = list(page)
    summaries = describe_searches(searches)
    rows = [(s, summaries[s.pk], urlencode(s.params)) for s in searches]
    return render(request, "jobs/savedsearch_list.html", {"page_obj": page, "rows": rows})


@veteran_required
@require_POST
def saved_search_create(request):
    """Save the search whose fields come with the form (hidden), under the name given."""
    profile = profile_of(request.user)
    if profile is None:
        return _profile_missing(request)
    search, name = PostSearchForm(request.POST), SavedSearchForm(request.POST)
    search.is_valid()
    back_to_search = f"{reverse('home')}?{urlencode(search.params())}"
    if not name.is_valid():
        messages.error(request, _("Please give this search a name."))
        return redirect(back_to_search)
    try:
        services.saved_search_create(
            veteran=profile, name=name.cleaned_data["name"], params=search.params()
        )
    except (DomainError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(back_to_search)
    messages.success(request, _("Search saved. Each day we e-mail you its new posts."))
    return redirect("jobs:saved_search_list")


@veteran_required
@require_POST
def saved_search_delete(request, pk: int):
    search = get_object_or_404(saved_searches_of(request.user), pk=pk)
    services.saved_search_delete(saved_search=search, veteran=profile_of(request.user))
    messages.success(request, _("Saved search deleted."))
    return redirect("jobs:saved_search_list")


@veteran_required
@require_POST
def saved_search_alerts(request, pk: int):
    search = get_object_or_404(saved_searches_of(request.user), pk=pk)
    enabled = request.POST.get("enabled") == "1"
    services.saved_search_set_alerts(
        saved_search=search, veteran=profile_of(request.user), enabled=enabled
    )
    if enabled:
        messages.success(request, _("Daily e-mail turned on."))
    else:
        messages.success(request, _("Daily e-mail turned off."))
    return redirect("jobs:saved_search_list")


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token: str):
    """The link in every alert: no login needed, the token is the key. GET asks, POST
    stops the e-mails (link checkers of mail servers only GET)."""
    search = get_object_or_404(SavedSearch, unsubscribe_token=token)
    if request.method == "POST":
        search = services.saved_search_unsubscribe(token=token)
    return render(request, "jobs/savedsearch_unsubscribe.html", {"search": search})
