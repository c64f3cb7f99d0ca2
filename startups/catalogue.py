"""Writes of the support catalogue a bureau keeps for its region: entrepreneurship bases
and incubators, support policies with their eligibility rules and document.

The rules a policy's editor sends are checked here, not in the form, so whatever saves a
policy (the bureau's page, a command, a test) obeys the same limits: a known kind at most
once, a number exactly for the kinds that count something, within sensible bounds.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict
from startups.models import EligibilityRule, SupportBase, SupportPolicy
from startups.policies import may_keep_catalogue
from veterans.services import check_pdf_content

Kind = EligibilityRule.Kind

# How large N may be, per counted kind: years since discharge or founding, and head counts.
NUMBER_BOUNDS = {
    Kind.DISCHARGED_WITHIN_YEARS: (1, 30),
    Kind.FOUNDED_WITHIN_YEARS: (1, 30),
    Kind.EMPLOYEES_AT_LEAST: (1, 10_000),
    Kind.VETERAN_EMPLOYEES_AT_LEAST: (1, 10_000),
}
DOCUMENT_MAX_BYTES = 5 * 2**20


@dataclass(frozen=True)
class RuleSpec:
    """One rule as an editor sends it: its kind and, for a counted kind, its number."""

    kind: str
    number: int | None = None


def checked_rules(specs: list[RuleSpec]) -> list[RuleSpec]:
    """The rules if every one is sound; else ValidationError on ``rules`` naming each fault."""
    errors, seen = [], set()
    for spec in specs:
        if spec.kind not in Kind.values:
            errors.append(_("Unknown rule: %(kind)s.") % {"kind": spec.kind})
            continue
        label = Kind(spec.kind).label
        if spec.kind in seen:
            errors.append(_("“%(rule)s” is given twice.") % {"rule": label})
        seen.add(spec.kind)
        errors.extend(_number_faults(spec, label))
    if errors:
        raise ValidationError({"rules": errors})
    return specs


def _number_faults(spec: RuleSpec, label: str) -> list[str]:
    if spec.kind not in EligibilityRule.COUNTED:
        if spec.number is not None:
            return [_("“%(rule)s” takes no number.") % {"rule": label}]
        return []
    low, high = NUMBER_BOUNDS[spec.kind]
    if spec.number is None:
        return [_("“%(rule)s” needs its number N.") % {"rule": label}]
    if not low <= spec.number <= high:
        words = {"rule": label, "low": low, "high": high}
        return [_("N of “%(rule)s” must be between %(low)d and %(high)d.") % words]
    return []


def _check_document(document) -> None:
    if document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"document": _("The document is larger than 5 MB.")})
    if not document.name.lower().endswith(".pdf"):
        raise ValidationError({"document": _("The document must be a PDF.")})
    document.seek(0)
    try:
        check_pdf_content(document.read(DOCUMENT_MAX_BYTES + 1))
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    document.seek(0)


def _require_region(officer: User, *regions) -> None:
    for region in regions:
        may_keep_catalogue.require(officer, region)


def support_base_save(*, officer: User, base: SupportBase | None = None, **fields) -> SupportBase:
    """A new base of the officer's region, or changes to one it keeps."""
    base = base or SupportBase()
    _require_region(officer, *([base.region] if base.pk else []), fields.get("region"))
    if base.retired_at is not None:
        raise Conflict(_("A retired base is not changed."))
    for field, value in fields.items():
        setattr(base, field, value)
    base.full_clean()
    with transaction.atomic():
        base.save()
        audit_event_record(actor=officer, action=AuditAction.SUPPORT_BASE_SAVED, target=base)
    return base


def support_base_retire(*, base: SupportBase, officer: User) -> SupportBase:
    """Veterans no longer see it; the incubations recorded at it keep their name."""
    with transaction.atomic():
        base = SupportBase.objects.select_for_update().select_related("region").get(pk=base.pk)
        _require_region(officer, base.region)
        if base.retired_at is not None:
            raise Conflict(_("This base is already retired."))
        base.retired_at = timezone.now()
        base.save(update_fields=["retired_at"])
        audit_event_record(actor=officer, action=AuditAction.SUPPORT_BASE_RETIRED, target=base)
    return base


def support_policy_save(
    *,
    officer: User,
    rules: list[RuleSpec],
    policy: SupportPolicy | None = None,
    document=None,
    **fields,
) -> SupportPolicy:
    """A policy of the officer's region with its rules (replacing those it had) and, when
    one is uploaded, its document (a plain PDF)."""
    policy = policy or SupportPolicy()
    _require_region(officer, *([policy.region] if policy.pk else []), fields.get("region"))
    if policy.retired_at is not None:
        raise Conflict(_("A retired policy is not changed."))
    rules = checked_rules(rules)
    for field, value in fields.items():
        setattr(policy, field, value)
    if document:
        _check_document(document)
        policy.document = document
    policy.full_clean()
    with transaction.atomic():
        policy.save()
        policy.rules.all().delete()
        EligibilityRule.objects.bulk_create(
            EligibilityRule(policy=policy, kind=spec.kind, number=spec.number) for spec in rules
        )
        audit_event_record(
            actor=officer,
            action=AuditAction.SUPPORT_POLICY_SAVED,
            target=policy,
            rules=[[spec.kind, spec.number] for spec in rules],
        )
    return policy


def support_policy_retire(*, policy: SupportPolicy, officer: User) -> SupportPolicy:
    """Veterans no longer see it nor is it offered for applications; those made keep it."""
    with transaction.atomic():
        policy = (
            SupportPolicy.objects.select_for_update().select_related("region").get(pk=policy.pk)
        )
        _require_region(officer, policy.region)
        if policy.retired_at is not None:
            raise Conflict(_("This policy is already retired."))
        policy.retired_at = timezone.now()
        policy.save(update_fields=["retired_at"])
        audit_event_record(actor=officer, action=AuditAction.SUPPORT_POLICY_RETIRED, target=policy)
    return policy
