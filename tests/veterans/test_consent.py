import pytest

from portal.accounts.models import AuditEvent
from tests import factories as f
from veterans.models import Consent
from veterans.selectors import has_consent
from veterans.services import consent_give, consent_withdraw


@pytest.fixture
def veteran(db):
    """A veteran who has given no consent yet (or withdrew it): the consents are the subject."""
    return f.VeteranProfileFactory(user__username="veteran", consented=False)


PURPOSE = Consent.Purpose.SENSITIVE_DATA


def test_it_records_a_given_consent(veteran):
    consent = consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    assert Consent.objects.get(user=veteran.user).withdrawn_at is None
    assert AuditEvent.objects.for_object(consent).get().action == "consent.given"
    assert has_consent(veteran.user, PURPOSE)


def test_giving_the_same_consent_again_keeps_the_live_one(veteran):
    first = consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    again = consent_give(user=veteran.user, purpose=PURPOSE, version="2026-02")
    assert again == first
    assert Consent.objects.filter(user=veteran.user).count() == 1
    assert AuditEvent.objects.filter(action="consent.given").count() == 1


def test_consents_for_different_purposes_are_separate(veteran):
    consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    consent_give(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE, version="2026-01")
    assert Consent.objects.filter(user=veteran.user, withdrawn_at__isnull=True).count() == 2


def test_it_withdraws_a_consent(veteran):
    consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    consent = consent_withdraw(user=veteran.user, purpose=PURPOSE)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.for_object(consent).filter(action="consent.withdrawn").exists()
    assert not has_consent(veteran.user, PURPOSE)


def test_withdrawing_without_a_live_consent_changes_nothing(veteran):
    assert consent_withdraw(user=veteran.user, purpose=PURPOSE) is None
    assert not AuditEvent.objects.exists()


def test_a_consent_can_be_given_again_after_withdrawal(veteran):
    consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    consent_withdraw(user=veteran.user, purpose=PURPOSE)
    consent_give(user=veteran.user, purpose=PURPOSE, version="2026-02")
    assert Consent.objects.filter(user=veteran.user).count() == 2
    assert Consent.objects.get(user=veteran.user, withdrawn_at__isnull=True).version == "2026-02"


def test_withdrawing_one_purpose_keeps_the_other(veteran):
    consent_give(user=veteran.user, purpose=PURPOSE, version="2026-01")
    consent_give(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE, version="2026-01")
    consent_withdraw(user=veteran.user, purpose=PURPOSE)
    assert has_consent(veteran.user, Consent.Purpose.DISCOVERABLE)
