"""Screening prospects (issue 19): computed figures, the reviewer's scores with notes,
consultations, and the decision that drafts the agreement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enterprises import screening
from enterprises.models import Agreement, Consultation, Prospect
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def prospect(enterprise_a, bureau_x):
    """Enterprise A screened by province X's bureau."""
    return screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)


@pytest.fixture
def batch(db):
    return f.BatchFactory(number=4)


def _term():
    start = timezone.localdate() + datetime.timedelta(days=30)
    return {"starts_on": start, "ends_on": start + datetime.timedelta(days=3 * 365)}


def _post(branch, **fields):
    defaults = {"salary_min": 5000, "salary_max": 7000, "occupation": f.occupation("4-02-01-01")}
    return f.JobPostFactory(branch=branch, **{**defaults, **fields})


# Opening a screening


def test_screening_of_an_enterprise_opens_at_the_actors_level(prospect):
    assert (prospect.signatory_level, prospect.region_id) == ("province", f.PROVINCE_X)
    assert prospect.status == "screening" and prospect.figures_at is not None
    assert actions(prospect) == ["prospect.opened"]


def test_screening_refuses_a_second_open_one_by_the_same_authority(prospect, bureau_x):
    with pytest.raises(Conflict):
        screening.prospect_add(enterprise=prospect.enterprise, actor=bureau_x)


def test_screening_of_the_same_enterprise_by_the_ministry_is_its_own(prospect, ministry):
    other = screening.prospect_add(enterprise=prospect.enterprise, actor=ministry)

    assert other.signatory_level == "ministry" and other.pk != prospect.pk


def test_screening_is_refused_to_enterprise_staff_and_veterans(enterprise_a, hr_a, veteran):
    for user in (hr_a, veteran.user):
        with pytest.raises(NotAllowed):
            screening.prospect_add(enterprise=enterprise_a, actor=user)
    assert not Prospect.objects.exists()


def test_screening_requested_by_the_enterprises_staff_goes_to_its_hq_province(enterprise_a, hr_a):
    prospect = screening.prospect_request(enterprise=enterprise_a, actor=hr_a)

    assert (prospect.signatory_level, prospect.region_id) == ("province", f.PROVINCE_X)
    assert prospect.invitation is None


def test_screening_requested_by_a_central_soe_goes_to_the_ministry(enterprise, hr_a):
    central = enterprise("approved", ownership="central_soe")

    prospect = screening.prospect_request(enterprise=central, actor=hr_a)

    assert (prospect.signatory_level, prospect.region) == ("ministry", None)


def test_screening_request_is_refused_to_another_enterprises_staff(enterprise_a, hr_b):
    with pytest.raises(NotAllowed):
        screening.prospect_request(enterprise=enterprise_a, actor=hr_b)
    assert not Prospect.objects.exists()


# What the data computes


def test_screening_counts_provinces_with_an_approved_branch(enterprise_a, bureau_x):
    f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X))
    f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_Y))
    f.BranchFactory(enterprise=enterprise_a, region=f.region("320100"), status="pending")

    prospect = screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)

    assert prospect.branch_provinces == 2
    assert screening.coverage_score(prospect) == Decimal(1)


def test_screening_post_quality_compares_pay_with_the_regional_median(
    enterprise_a, enterprise_b, bureau_x
):
    own = f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X))
    peer = f.BranchFactory(enterprise=enterprise_b, region=f.region(f.CITY_X))
    for low in (4000, 5000, 6000):  # peers' mid-pay: 5000, 6000, 7000; median 6000
        _post(peer, salary_min=low, salary_max=low + 2000)
    verified = _post(own, salary_min=6200, salary_max=8200)  # mid 7200: 1.2 times
    _post(own, salary_min=6200, salary_max=8200, employment_type="part_time")
    f.VerificationFactory(post=verified, verified_by=bureau_x, result="genuine")

    prospect = screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)

    assert prospect.pay_ratio == Decimal("1.20")
    assert prospect.full_time_share == Decimal("0.500")
    assert prospect.verified_share == Decimal("0.500")
    assert screening.post_quality_score(prospect) == Decimal("3.3")


def test_screening_without_published_posts_leaves_post_quality_unscored(prospect):
    assert prospect.pay_ratio is None and prospect.full_time_share is None
    assert screening.post_quality_score(prospect) is None
    assert screening.total_score(prospect) is None


# What the reviewer enters


def test_screening_scores_need_a_note(prospect, bureau_x):
    with pytest.raises(ValidationError) as error:
        screening.prospect_screening_update(prospect=prospect, actor=bureau_x, overall_strength=4)
    assert "strength_note" in error.value.message_dict


def test_screening_scores_with_notes_make_the_total(enterprise_a, bureau_x):
    branch = f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X))
    _post(branch)
    prospect = screening.prospect_add(enterprise=enterprise_a, actor=bureau_x)

    prospect = screening.prospect_screening_update(
        prospect=prospect, actor=bureau_x, overall_strength=4, strength_note="营收百亿",
        industry_influence=3, influence_note="行业前十", proposed_posts=200,
        cooperation_mode="industry",
    )  # fmt: skip

    assert prospect.proposed_posts == 200
    assert screening.total_score(prospect) is not None
    assert "prospect.scored" in actions(prospect)


def test_screening_update_is_refused_to_another_authority(prospect, bureau_y, ministry):
    for outsider in (bureau_y, ministry):
        with pytest.raises(NotAllowed):
            screening.prospect_screening_update(
                prospect=prospect, actor=outsider, overall_strength=1, strength_note="x"
            )
    prospect.refresh_from_db()
    assert prospect.overall_strength is None


def test_screening_consultation_is_logged(prospect, bureau_x):
    screening.consultation_record(
        prospect=prospect, actor=bureau_x, held_on=timezone.localdate(),
        participants="张处长、企业人力资源部李经理", summary="企业愿意在华北三省提供岗位。",
    )  # fmt: skip

    consultation = Consultation.objects.get()
    assert consultation.recorded_by == bureau_x
    assert "prospect.consulted" in actions(prospect)


def test_screening_consultation_cannot_be_dated_in_the_future(prospect, bureau_x):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        screening.consultation_record(
            prospect=prospect, actor=bureau_x, held_on=tomorrow, participants="张", summary="x"
        )
    assert not Consultation.objects.exists()


# The decision


def test_screening_decision_to_sign_drafts_the_agreement_with_the_prospects_figures(
    prospect, bureau_x, batch
):
    screening.prospect_screening_update(
        prospect=prospect, actor=bureau_x, proposed_posts=120, cooperation_mode="regional"
    )

    decided = screening.prospect_select(
        prospect=prospect, actor=bureau_x, batch=batch, reason="综合评分靠前", **_term()
    )

    agreement = decided.agreement
    assert decided.status == "selected" and decided.batch == batch
    assert agreement.status == Agreement.Status.DRAFT
    assert (agreement.pledged_posts, agreement.cooperation_mode) == (120, "regional")
    assert (agreement.signatory_level, agreement.region_id) == ("province", f.PROVINCE_X)
    assert agreement.batch == batch and agreement.enterprise == prospect.enterprise


def test_screening_decision_to_sign_needs_the_posts_agreed(prospect, bureau_x, batch):
    with pytest.raises(ValidationError):
        screening.prospect_select(
            prospect=prospect, actor=bureau_x, batch=batch, reason="好", **_term()
        )
    assert not Agreement.objects.exists()


def test_screening_decision_to_sign_is_refused_for_an_enterprise_not_yet_approved(
    enterprise, bureau_x, batch
):
    applied = enterprise("applied")
    prospect = screening.prospect_add(enterprise=applied, actor=bureau_x)

    with pytest.raises(Conflict):
        screening.prospect_select(
            prospect=prospect, actor=bureau_x, batch=batch, reason="好", pledged_posts=10,
            cooperation_mode="industry", **_term(),
        )  # fmt: skip
    prospect.refresh_from_db()
    assert prospect.status == "screening" and not Agreement.objects.exists()


def test_screening_decision_not_now_needs_a_reason(prospect, bureau_x):
    with pytest.raises(ValidationError):
        screening.prospect_defer(prospect=prospect, actor=bureau_x, reason=" ")

    decided = screening.prospect_defer(prospect=prospect, actor=bureau_x, reason="岗位质量待提升")

    assert decided.status == "deferred" and decided.decision_reason == "岗位质量待提升"


def test_screening_decided_once(prospect, bureau_x, batch):
    screening.prospect_defer(prospect=prospect, actor=bureau_x, reason="岗位质量待提升")

    with pytest.raises(Conflict):
        screening.prospect_defer(prospect=prospect, actor=bureau_x, reason="再次")
    with pytest.raises(Conflict):
        screening.consultation_record(
            prospect=prospect, actor=bureau_x, held_on=timezone.localdate(),
            participants="张", summary="x",
        )  # fmt: skip


def test_screening_decision_is_refused_to_another_authority(prospect, bureau_y, ministry):
    for outsider in (bureau_y, ministry):
        with pytest.raises(NotAllowed):
            screening.prospect_defer(prospect=prospect, actor=outsider, reason="不")
    prospect.refresh_from_db()
    assert prospect.status == "screening"


def test_screening_criteria_weights_add_up_to_100():
    assert sum(criterion.weight for criterion in screening.CRITERIA) == 100
