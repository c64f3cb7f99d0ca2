import pytest
from django.core import mail

from portal.accounts.models import AuditEvent
from tests import factories as f


def actions(obj) -> list[str]:
    return list(AuditEvent.objects.for_object(obj).values_list("action", flat=True))


def recipients() -> list[list[str]]:
    return [message.to for message in mail.outbox]


@pytest.fixture
def enterprise(enterprise_a, hr_a):
    """Enterprise A (HQ in city X, reviewed by bureau_x) in a given status, hr_a its admin."""

    def make(status, **fields):
        for name, value in {"status": status, **fields}.items():
            setattr(enterprise_a, name, value)
        if status in ("rejected", "suspended"):
            enterprise_a.decision_reason = "earlier decision"
        enterprise_a.save()
        return enterprise_a

    return make


@pytest.fixture
def batch(db):
    return f.BatchFactory(number=3, name="第三批")
