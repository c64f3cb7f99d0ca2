"""The fields an authority's decision leaves on the object it decided.

An enterprise, a branch and a start-up are each reviewed (approved or confirmed, rejected
with a reason, some suspended) and keep the same record of the last decision. The status
field stays each model's own: each has its own choices and default. The transition methods
(portal.workflow) call ``_decided``/``_undecided`` after their move.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text import NOTE_MAX, BoundedTextField


class Reviewed(models.Model):
    decision_reason = BoundedTextField(_("reason"), max_length=NOTE_MAX, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        abstract = True

    def _decided(self, reviewer, reason: str = "") -> None:
        self.decision_reason, self.reviewed_by, self.reviewed_at = reason, reviewer, timezone.now()

    def _undecided(self) -> None:
        """Sent back to its reviewer: the earlier decision stays in the audit trail only."""
        self.decision_reason, self.reviewed_by, self.reviewed_at = "", None, None
