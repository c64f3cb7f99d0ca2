"""Each database constraint of enterprises/models.py, proven against the database itself."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from tests import factories as f


def refused_by_database(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_a_rejected_enterprise_has_a_reason(enterprise_a):
    rows = Enterprise.objects.filter(pk=enterprise_a.pk)
    assert refused_by_database(lambda: rows.update(status="rejected", decision_reason=""))
    assert not refused_by_database(lambda: rows.update(status="rejected", decision_reason="x"))


def test_a_credit_code_is_registered_once(enterprise_a):
    assert refused_by_database(lambda: f.EnterpriseFactory(credit_code=enterprise_a.credit_code))


def test_a_user_works_for_one_enterprise_only(hr_a, enterprise_b):
    assert refused_by_database(
        lambda: EnterpriseMember.objects.create(enterprise=enterprise_b, user=hr_a)
    )


def test_a_batch_number_is_used_once(db):
    f.BatchFactory(number=3)
    assert refused_by_database(
        lambda: CooperationBatch.objects.create(
            number=3, name="again", published_on=datetime.date(2025, 1, 1)
        )
    )


def test_a_branch_name_is_unique_per_enterprise_and_region(branch_a):
    def again(**fields):
        return lambda: f.BranchFactory(
            **{
                "enterprise": branch_a.enterprise,
                "region": branch_a.region,
                "name": branch_a.name,
                **fields,
            }
        )

    assert refused_by_database(again())
    assert not refused_by_database(again(region=f.region(f.CITY_Y)))


def test_a_rejected_branch_has_a_reason(branch_a):
    rows = Branch.objects.filter(pk=branch_a.pk)
    assert refused_by_database(lambda: rows.update(status="rejected", decision_reason=""))
    assert not refused_by_database(lambda: rows.update(status="rejected", decision_reason="x"))


@pytest.fixture
def agreement(enterprise_a):
    return f.AgreementFactory(enterprise=enterprise_a)


def test_an_agreement_pledges_at_least_one_post(agreement):
    rows = Agreement.objects.filter(pk=agreement.pk)
    assert refused_by_database(lambda: rows.update(pledged_posts=0))


def test_an_agreement_term_ends_after_it_starts(agreement):
    rows = Agreement.objects.filter(pk=agreement.pk)
    assert refused_by_database(lambda: rows.update(ends_on=agreement.starts_on))


@pytest.mark.parametrize(
    "level, region, refused",
    [
        ("ministry", "110000", True),
        ("province", None, True),
        ("city", None, True),
        ("province", "110000", False),
    ],
)
def test_an_agreement_has_a_region_exactly_when_a_bureau_signs(agreement, level, region, refused):
    rows = Agreement.objects.filter(pk=agreement.pk)
    region = f.region(region) if region else None
    assert refused_by_database(lambda: rows.update(signatory_level=level, region=region)) is refused


@pytest.mark.parametrize("level, region", [("ministry", None), ("province", "110000")])
def test_one_agreement_per_batch_enterprise_and_signatory(agreement, level, region):
    """Also for ministry agreements, whose region is NULL (nulls_distinct=False)."""
    region = f.region(region) if region else None

    def another():
        f.AgreementFactory(
            batch=agreement.batch,
            enterprise=agreement.enterprise,
            signatory_level=level,
            region=region,
        )

    if region:
        another()
    assert refused_by_database(another)


@pytest.mark.parametrize(
    "status, refused",
    [
        ("signed", True),
        ("active", True),
        ("expired", True),
        ("draft", False),
        ("terminated", False),
    ],
)
def test_a_signed_agreement_has_its_signing_date(agreement, status, refused):
    rows = Agreement.objects.filter(pk=agreement.pk)
    assert refused_by_database(lambda: rows.update(status=status, signed_on=None)) is refused
