"""Domain errors and the status-machine mixin shared by every workflow model.

A model lists its allowed moves in ``TRANSITIONS`` beside its ``Status`` choices; its
transition methods call ``_move`` and set their own fields. They never save or notify:
that is the job of the service function for the transition (STYLE.md rules 2-4).
"""


class DomainError(Exception):
    """A rule of the domain refused the operation; the message is for the user."""


class InvalidTransition(DomainError):
    def __init__(self, obj, target):
        self.obj, self.source, self.target = obj, obj.status, target
        super().__init__(
            f"{type(obj).__name__} {obj.pk} cannot move from {self.source!r} to {target!r}"
        )


class NotAllowed(DomainError):
    """The user's role or scope does not permit this action."""


class Conflict(DomainError):
    """The action collides with the current state (a full post, a duplicate, a race)."""


class Workflow:
    TRANSITIONS: dict = {}

    def can_move_to(self, target) -> bool:
        return target in self.TRANSITIONS.get(self.status, ())

    def _move(self, target) -> None:
        if not self.can_move_to(target):
            raise InvalidTransition(self, target)
        self.status = target
