from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.reference.models import optional_region


class QuarterlyReport(models.Model):
    """The figures of one quarter for one scope: the nation (no region), a province or a city.

    Computed once per quarter by a Celery task; a rerun replaces the row (unique per scope).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    region = optional_region(_("scope"))
    # Everything: totals, and per batch and per enterprise (dashboards/figures.py).
    figures = models.JSONField(_("figures"), default=dict)
    # What dashboards read, apart from the large JSON above, so a page never has to
    # decompress the nation's thousand enterprises to show a total or a trend.
    totals = models.JSONField(_("totals"), default=dict)
    overview = models.JSONField(_("overview"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["-year", "-quarter", "region"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "region"],
                nulls_distinct=False,
                name="one_report_per_quarter_and_scope",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter} · {self.region or _('Nation')}"

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"


class EnterpriseQuarter(models.Model):
    """One enterprise's nationwide figures of a quarter, for its own dashboard; written with
    the quarterly report in the same transaction."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        ordering = ["enterprise", "-year", "-quarter"]
        verbose_name = _("enterprise's quarter")
        verbose_name_plural = _("enterprises' quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "quarter"], name="one_quarter_per_enterprise"
            ),
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter} · {self.enterprise_id}"
