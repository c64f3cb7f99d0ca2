import pytest

from enterprises.models import Agreement, Enterprise
from enterprises.reviews import AGREEMENT_REVIEW, ENTERPRISE_REVIEW
from jobs.reviews import POST_REVIEW
from portal.review import review_panel
from tests import factories as f

pytestmark = pytest.mark.django_db


def offered(review, user, obj) -> list[str]:
    return [decision.name for decision in review.offered(user, obj)]


def test_an_application_is_offered_approval_and_rejection_by_its_bureau(bureau_x, bureau_y):
    applied = f.EnterpriseFactory(status=Enterprise.Status.APPLIED, hq_region=f.region(f.CITY_X))
    assert offered(ENTERPRISE_REVIEW, bureau_x, applied) == ["approve", "reject"]
    assert offered(ENTERPRISE_REVIEW, bureau_y, applied) == []


def test_a_suspended_enterprise_is_offered_reinstatement_only(bureau_x):
    suspended = f.EnterpriseFactory(status=Enterprise.Status.SUSPENDED, decision_reason="x")
    assert offered(ENTERPRISE_REVIEW, bureau_x, suspended) == ["reinstate"]


def test_the_offers_follow_the_agreements_transition_map(ministry):
    draft = f.AgreementFactory(status=Agreement.Status.DRAFT, signed_on=None)
    assert offered(AGREEMENT_REVIEW, ministry, draft) == ["sign", "terminate"]
    assert AGREEMENT_REVIEW.sources(AGREEMENT_REVIEW.decision("terminate")) == {
        "draft",
        "signed",
        "active",
    }


def test_a_decided_application_says_so_and_a_post_no_longer_pending_shows_no_panel(bureau_x):
    approved = f.EnterpriseFactory()
    panel = review_panel(ENTERPRISE_REVIEW, bureau_x, approved, events=[])
    assert (panel["shown"], [c["decision"].name for c in panel["choices"]]) == (True, ["suspend"])
    published = f.JobPostFactory()
    assert review_panel(POST_REVIEW, bureau_x, published, events=[])["shown"] is False


def test_a_bound_form_comes_back_with_its_errors(bureau_x):
    applied = f.EnterpriseFactory(status=Enterprise.Status.APPLIED)
    form = ENTERPRISE_REVIEW.decision("reject").form({"reason": " "})
    form.is_valid()
    panel = review_panel(ENTERPRISE_REVIEW, bureau_x, applied, events=[], bound={"reject": form})
    assert panel["choices"][1]["form"].errors["reason"]
