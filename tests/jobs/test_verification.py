import datetime

import pytest
from django.core.exceptions import ValidationError

from jobs import services
from jobs.models import Verification
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, NotAllowed
from tests.jobs.conftest import actions, others


def record(post, user, **overrides):
    fields = {
        "method": "site_visit",
        "result": "genuine",
        "note": "实地走访",
        "verified_on": datetime.date(2026, 3, 2),
    }
    return services.verification_record(post=post, bureau_user=user, **{**fields, **overrides})


def test_the_bureau_records_a_verification_of_a_published_post(bureau_x, post):
    verification = record(post, bureau_x)
    verification.refresh_from_db()
    assert (verification.post, verification.verified_by, verification.method) == (
        post,
        bureau_x,
        "site_visit",
    )
    assert verification.verified_on == datetime.date(2026, 3, 2)
    assert actions(post) == ["job_post.verified"]
    assert AuditEvent.objects.for_object(post).get().data["result"] == "genuine"


def test_a_post_may_be_verified_more_than_once(bureau_x, post):
    record(post, bureau_x)
    record(post, bureau_x, method="phone", result="inconclusive")
    assert post.verifications.count() == 2


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_a_verification_from_anyone_but_the_bureau_of_the_region(persona, post):
    with pytest.raises(NotAllowed):
        record(post, persona)
    assert not Verification.objects.exists()
    assert actions(post) == []


def test_a_draft_is_not_verified(bureau_x, draft_post):
    with pytest.raises(Conflict):
        record(draft_post, bureau_x)


def test_an_unknown_method_is_refused(bureau_x, post):
    with pytest.raises(ValidationError):
        record(post, bureau_x, method="rumour")
    assert not Verification.objects.exists()
