"""How a refusal reaches the user: the same sentence on a page, in the API and in the admin.

A service refuses with a DomainError (its message is a translated sentence) or a
ValidationError. InvalidTransition carries a developer's message, so the user is told the
object's current status instead.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from portal.workflow import DomainError, InvalidTransition

REFUSALS = (DomainError, ValidationError)


def refusal_message(error: Exception) -> str:
    """The user-facing sentence for a service's refusal, in the active language."""
    if isinstance(error, InvalidTransition):
        return gettext("This is not possible any more: it is now “%(status)s”.") % {
            "status": error.obj.get_status_display()
        }
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def run_service(request, call: Callable[[], object], success: str) -> bool:
    """Call one service from a page and tell the user how it went; False if it refused."""
    try:
        call()
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return False
    messages.success(request, success)
    return True


def run_for_each(modeladmin, request, queryset, call: Callable[[object], object]) -> int:
    """An admin action: ``call(obj)`` for each selected row, each refusal reported by the
    row's name in the sentence the pages give; returns how many went through."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except REFUSALS as error:
            modeladmin.message_user(request, f"{obj}: {refusal_message(error)}", messages.ERROR)
        else:
            done += 1
    return done
