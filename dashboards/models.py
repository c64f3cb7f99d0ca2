from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards import blocks
from dashboards.quarters import Quarter
from portal.reference.models import optional_region
from portal.text import NOTE_MAX, BoundedTextField, NameField
from portal.workflow import Workflow


class FiguresField(models.JSONField):
    """JSON holding blocks of figures (dashboards.blocks), where ``shape`` says: each block
    is stored without the measures at their default and read back whole."""

    def __init__(self, *args, shape: str = "block", **kwargs):
        self.shape = shape
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["shape"] = self.shape
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):
            return value  # one key read out of the JSON, not the column
        return blocks.restored(value, self.shape)

    def get_prep_value(self, value):
        if isinstance(value, dict):
            value = blocks.stored(value, self.shape)
        return super().get_prep_value(value)


class QuarterlyReport(models.Model):
    """The figures of one quarter for one scope: the nation (no region), a province, a city
    or a district (only a district with any figure in the quarter has a row).

    Computed once per quarter by a Celery task; a rerun replaces the row (unique per scope).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    region = optional_region(_("scope"))
    # Everything: totals, and per batch and per enterprise (dashboards/figures.py).
    figures = FiguresField(_("figures"), default=dict, shape="figures")
    # What dashboards read, apart from the large JSON above, so a page never has to
    # decompress the nation's thousand enterprises to show a total or a trend.
    totals = FiguresField(_("totals"), default=dict)
    overview = FiguresField(_("overview"), default=dict, shape="overview")
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
    figures = FiguresField(_("figures"), default=dict)

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


class QuarterlyNotice(models.Model):
    """What one recipient (an enterprise, a bureau, the ministry) was told about a quarter:
    its own figures against its pledge and the quarter before, and its rank among peers.

    Written once per recipient and quarter when the report is computed (dashboards/notices.py);
    the unique constraint, not a check before the insert, keeps a second run from writing
    or sending another."""

    class Audience(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        BUREAU = "bureau", _("Bureau")
        MINISTRY = "ministry", _("Ministry")

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    audience = models.CharField(_("recipient"), max_length=16, choices=Audience.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    # The bureau's region (a province, a city or a district); empty for enterprises and the ministry.
    region = optional_region(_("bureau"))
    # {"current": {...}, "previous": {...} | None, "rank": n | None, "peers": n,
    #  "reasons": [...], "modes": {...}}: the figures as they were when it was sent.
    figures = models.JSONField(_("figures"), default=dict)
    behind = models.BooleanField(_("behind pledge"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-year", "-quarter", "pk"]
        verbose_name = _("quarterly notice")
        verbose_name_plural = _("quarterly notices")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "audience", "enterprise", "region"],
                nulls_distinct=False,
                name="one_notice_per_recipient_and_quarter",
            ),
            models.CheckConstraint(
                condition=Q(audience="enterprise", enterprise__isnull=False, region__isnull=True)
                | Q(audience="bureau", enterprise__isnull=True, region__isnull=False)
                | Q(audience="ministry", enterprise__isnull=True, region__isnull=True),
                name="notice_names_its_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.year}Q{self.quarter} · {self.get_audience_display()}"

    @property
    def label(self) -> str:
        """The quarter's code (2026Q3), as the API names it."""
        return f"{self.year}Q{self.quarter}"

    @property
    def quarter_label(self) -> str:
        """The quarter as the pages say it: 2026年第3季度, Q3 2026."""
        return Quarter(self.year, self.quarter).label


class PledgeFollowUp(Workflow, models.Model):
    """The task a bureau gets when an enterprise headquartered in its region is behind its
    pledge in a quarter: find out why and write down what was agreed, by the due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {Status.OPEN: {Status.CLOSED}}

    notice = models.OneToOneField(
        QuarterlyNotice, models.CASCADE, related_name="follow_up", verbose_name=_("notice")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="+", verbose_name=_("enterprise")
    )
    # The enterprise's headquarters region: the bureaus over it see the task.
    region = models.ForeignKey(
        "reference.Region", models.PROTECT, related_name="+", verbose_name=_("region")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = BoundedTextField(_("what was found and agreed"), max_length=NOTE_MAX, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("pledge follow-up")
        verbose_name_plural = _("pledge follow-ups")

    def __str__(self):
        return f"{self.notice.label} · {self.enterprise_id}"

    def close(self, *, by, note: str) -> None:
        self._move(self.Status.CLOSED)
        self.closed_by, self.note, self.closed_at = by, note, timezone.now()


class QuarterlyMeeting(models.Model):
    """A quarterly communication meeting: who took part, the minutes and the action items."""

    held_on = models.DateField(_("held on"))
    title = NameField(_("title"), max_length=200)
    minutes = BoundedTextField(_("minutes"), max_length=20000)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="quarterly_meetings", verbose_name=_("participants")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("quarterly meeting")
        verbose_name_plural = _("quarterly meetings")

    def __str__(self):
        return self.title


class ActionItem(Workflow, models.Model):
    """One thing a meeting asked of one participant, by a date; the owner closes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    TRANSITIONS = {Status.OPEN: {Status.DONE}}

    meeting = models.ForeignKey(
        QuarterlyMeeting, models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    text = BoundedTextField(_("what is to be done"), max_length=NOTE_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_note = BoundedTextField(_("note"), max_length=NOTE_MAX, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.text[:60]

    def mark_done(self, *, note: str) -> None:
        self._move(self.Status.DONE)
        self.done_note, self.done_at = note, timezone.now()
