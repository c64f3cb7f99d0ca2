"""The rules that decide whether an actor may do something, each declared once.

A rule lives beside the services that obey it (``<app>/policies.py``) and is written as a
check that returns None when the actor may go ahead, or the name of the reason it may not::

    @rule("jobs.may_review_post", outside=_("Only the bureau of this region may do this."))
    def may_review_post(user, post) -> bool:
        return user.is_bureau and user.governs(post.region)

A check that returns True or False has one reason; a check with several reasons returns the
name of the one that applies. Services call ``may_review_post.require(user, post)``, which
raises the rule's domain error with the reason's sentence; pages ask
``may_review_post.allows(user, post)`` to show or hide a button, and
``may_review_post.reason(user, post)`` to say why not. Nothing else decides.

Every rule is registered in RULES with its reasons, so the parity tests (tests/parity/) can
insist that each reason of each rule is refused alike on the pages and in the API.
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.workflow import DomainError, NotAllowed

RULES: dict[str, "Rule"] = {}


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[..., bool | str | None]
    reasons: dict[str, str]
    error: type[DomainError] = NotAllowed

    def refusal(self, *args, **kwargs) -> str | None:
        """The name of the reason the actor may not go ahead, or None."""
        result = self.check(*args, **kwargs)
        if result is True or result is None:
            return None
        if result is False:
            (only,) = self.reasons
            return only
        if result not in self.reasons:
            raise KeyError(f"{self.name} has no reason {result!r}")
        return result

    def allows(self, *args, **kwargs) -> bool:
        return self.refusal(*args, **kwargs) is None

    def reason(self, *args, **kwargs) -> str:
        """The sentence that refuses, in the active language; "" when the rule allows."""
        refusal = self.refusal(*args, **kwargs)
        return str(self.reasons[refusal]) if refusal else ""

    def require(self, *args, **kwargs) -> None:
        refusal = self.refusal(*args, **kwargs)
        if refusal is not None:
            self.refuse(refusal)

    def refuse(self, reason: str):
        """Raise the rule's error with the sentence of one of its reasons; its ``code``
        (``<rule>.<reason>``) is what the API answers programs, in any language."""
        error = self.error(str(self.reasons[reason]))
        error.code = f"{self.name}.{reason}"
        raise error

    def __call__(self, *args, **kwargs) -> bool:
        return self.allows(*args, **kwargs)


def rule(name: str, *, error: type[DomainError] = NotAllowed, **reasons: str):
    """Declare a rule: the decorated check becomes a registered Rule."""
    if not reasons:
        raise TypeError(f"{name} needs at least one reason")

    def declare(check: Callable[..., bool | str | None]) -> Rule:
        if name in RULES:
            raise ValueError(f"The rule {name} is declared twice")
        RULES[name] = declared = Rule(name, check, reasons, error)
        return declared

    return declare
