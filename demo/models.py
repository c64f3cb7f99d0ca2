from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SeedRun(models.Model):
    """The marker of a loaded demo data set: `seed_demo` skips when its scale and seed are here.

    One row per database: demo data of another scale or seed is never loaded on top.
    """

    scale = models.CharField(_("scale"), max_length=16)
    seed = models.PositiveIntegerField(_("seed"))
    anchor_date = models.DateField(_("anchor date"))
    seconds = models.FloatField(_("load time in seconds"))
    counts = models.JSONField(_("rows loaded per table"), default=dict)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("demo data load")
        verbose_name_plural = _("demo data loads")

    def __str__(self):
        return f"{self.scale} · seed {self.seed}"
