"""Whether a veteran qualifies for a support policy, rule by rule, with the reason in words.

A policy's rules are data (startups.models.EligibilityRule: a kind and a number); this
module is the one place that reads them. Each rule gives a Verdict: passed or not, and a
sentence a veteran understands ("You were discharged on 1 September 2024: within 3 years,
until 1 September 2027."). A policy is open to the veteran when every rule passes.

"Within N years" of a date D holds up to and including D's N-th anniversary (29 February
falls on 28 February in a year that has none).
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from startups.models import EligibilityRule, StartUp, SupportPolicy

Kind = EligibilityRule.Kind


@dataclass(frozen=True)
class Verdict:
    rule: EligibilityRule
    passed: bool
    reason: str


@dataclass(frozen=True)
class Evaluation:
    policy: SupportPolicy
    verdicts: list[Verdict]

    @property
    def eligible(self) -> bool:
        return all(verdict.passed for verdict in self.verdicts)


def anniversary(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _years(n: int) -> str:
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def _discharged_within(rule, profile, startup, today) -> Verdict:
    if profile.discharge_date is None:
        return Verdict(rule, False, _("Your profile does not give your discharge date."))
    until = anniversary(profile.discharge_date, rule.number)
    words = {
        "day": _day(profile.discharge_date),
        "years": _years(rule.number),
        "until": _day(until),
    }
    if today <= until:
        reason = _("You were discharged on %(day)s: within %(years)s, until %(until)s.")
        return Verdict(rule, True, reason % words)
    reason = _("You were discharged on %(day)s: more than %(years)s ago (they ended on %(until)s).")
    return Verdict(rule, False, reason % words)


def _home_in_region(rule, profile, startup, today) -> Verdict:
    words = {"home": profile.home_region.name, "region": rule.policy.region.name}
    if rule.policy.region.contains(profile.home_region):
        return Verdict(rule, True, _("You live in %(home)s, within %(region)s.") % words)
    return Verdict(rule, False, _("You live in %(home)s, outside %(region)s.") % words)


def _no_startup(rule) -> Verdict:
    return Verdict(rule, False, _("You have no start-up confirmed by a bureau yet."))


def _registered_in_region(rule, profile, startup, today) -> Verdict:
    if startup is None:
        return _no_startup(rule)
    words = {"name": startup.name, "at": startup.region.name, "region": rule.policy.region.name}
    if rule.policy.region.contains(startup.region):
        return Verdict(
            rule, True, _("%(name)s is registered in %(at)s, within %(region)s.") % words
        )
    return Verdict(rule, False, _("%(name)s is registered in %(at)s, outside %(region)s.") % words)


def _founded_within(rule, profile, startup, today) -> Verdict:
    if startup is None:
        return _no_startup(rule)
    until = anniversary(startup.founded_on, rule.number)
    words = {
        "name": startup.name,
        "day": _day(startup.founded_on),
        "years": _years(rule.number),
        "until": _day(until),
    }
    if today <= until:
        reason = _("%(name)s was founded on %(day)s: within %(years)s, until %(until)s.")
        return Verdict(rule, True, reason % words)
    reason = _("%(name)s was founded on %(day)s: more than %(years)s ago.")
    return Verdict(rule, False, reason % words)


def _at_least(rule, startup, count: str, sentence: str) -> Verdict:
    if startup is None:
        return _no_startup(rule)
    number = getattr(startup, count)
    words = {"name": startup.name, "count": number, "n": rule.number}
    return Verdict(rule, number >= rule.number, sentence % words)


def _employees_at_least(rule, profile, startup, today) -> Verdict:
    sentence = _("%(name)s employs %(count)d people; at least %(n)d are asked for.")
    return _at_least(rule, startup, "employees", sentence)


def _veteran_employees_at_least(rule, profile, startup, today) -> Verdict:
    sentence = _("%(name)s employs %(count)d veterans; at least %(n)d are asked for.")
    return _at_least(rule, startup, "veteran_employees", sentence)


CHECKS = {
    Kind.DISCHARGED_WITHIN_YEARS: _discharged_within,
    Kind.HOME_IN_REGION: _home_in_region,
    Kind.REGISTERED_IN_REGION: _registered_in_region,
    Kind.FOUNDED_WITHIN_YEARS: _founded_within,
    Kind.EMPLOYEES_AT_LEAST: _employees_at_least,
    Kind.VETERAN_EMPLOYEES_AT_LEAST: _veteran_employees_at_least,
}


def verdict(rule: EligibilityRule, *, profile, startup: StartUp | None, today) -> Verdict:
    return CHECKS[rule.kind](rule, profile, startup, today)


def evaluate(
    policy: SupportPolicy, *, profile, startup: StartUp | None, today: datetime.date
) -> Evaluation:
    """Every rule of ``policy`` (prefetched as ``policy.rules``) against the veteran."""
    rules = policy.rules.all()
    verdicts = [verdict(rule, profile=profile, startup=startup, today=today) for rule in rules]
    return Evaluation(policy, verdicts)
