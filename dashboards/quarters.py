"""Calendar quarters in Beijing time: parsing ``2026Q3``, their bounds, and neighbours."""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """``2026Q3`` (case-insensitive); ValueError for anything else."""
        found = QUARTER_PATTERN.match((text or "").strip().upper())
        if not found:
            raise ValueError(text)
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> "Quarter":
        return cls.of(timezone.localdate())

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """As a report names it: 2026年第3季度, Q3 2026."""
        return _("Q%(number)s %(year)s") % {"year": self.year, "number": self.number}

    @property
    def has_ended(self) -> bool:
        return self.last_day < timezone.localdate()

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next.first_day - datetime.timedelta(days=1)

    @property
    def starts_at(self) -> datetime.datetime:
        """Midnight of the first day in Beijing: the quarter is [starts_at, ends_at)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.combine(self.first_day, datetime.time(), zone)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.next.starts_at

    def back(self, count: int) -> list["Quarter"]:
        """This quarter and the ``count - 1`` before it, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous)
        return quarters[::-1]
