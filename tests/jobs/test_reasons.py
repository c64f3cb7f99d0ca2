import pytest
from django.utils import translation

from jobs.models import Recommendation
from jobs.reasons import recommendation_reasons
from portal.reference.models import MilitarySpecialty
from tests import factories as f
from veterans.models import Education

# Neutral factor values: each test turns on the one it reads.
NEUTRAL = {
    "rank": 1,
    "score": 0.5,
    "skill_fit": 0,
    "occupation_fit": 0,
    "location_fit": 0,
    "industry_fit": 0,
    "salary_fit": 0,
    "education_fit": 0,
    "agreement_bonus": 0,
    "skills_required": 0,
    "skills_matched": 0,
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def post(branch_a):
    return f.JobPostFactory(branch=branch_a, occupation=f.occupation("4-02-02-02"))


def reasons(post, profile, **factors) -> list[str]:
    rec = Recommendation(post=post, veteran=profile, **{**NEUTRAL, **factors})
    return recommendation_reasons(rec, profile)


def test_neutral_factors_give_no_reasons(post, veteran):
    assert reasons(post, veteran) == []


def test_it_counts_the_required_skills_the_veteran_has(post, veteran):
    assert reasons(post, veteran, skills_required=5, skills_matched=4) == [
        "You have 4 of the 5 required skills"
    ]


def test_one_required_skill_reads_in_the_singular(post, veteran):
    assert reasons(post, veteran, skills_required=1, skills_matched=1) == [
        "You have 1 of the 1 required skill"
    ]


@pytest.mark.parametrize(
    ("fit", "reason"), [(1.0, "Same city"), (0.9999, "Same city"), (0.6, "Same province")]
)
def test_it_names_how_near_the_post_is(post, veteran, fit, reason):
    assert reasons(post, veteran, location_fit=fit) == [reason]


def test_a_distant_post_is_explained_by_the_willingness_to_relocate(post, veteran):
    veteran.willing_to_relocate = True
    assert reasons(post, veteran, location_fit=0.2) == [
        "In Beijing; you are willing to relocate"  # the English name in English pages
    ]


def test_a_distant_nationwide_post_says_it_takes_applicants_from_everywhere(post, veteran):
    post.is_national = True
    assert reasons(post, veteran, location_fit=0.2) == ["Open to applicants nationwide"]


def test_a_distant_post_says_nothing_about_place_to_a_veteran_who_stays(post, veteran):
    assert reasons(post, veteran, location_fit=0.2) == []


def test_the_military_specialty_crosswalk_names_the_occupation(post, veteran):
    veteran.military_specialty = MilitarySpecialty.objects.get(code="vehicle-driving")
    assert reasons(post, veteran, occupation_fit=1.0) == [
        "Your specialty “Motor vehicle driving” fits “Road freight truck drivers”"
    ]


def test_the_crosswalk_reads_in_chinese_on_chinese_pages(post, veteran):
    veteran.military_specialty = MilitarySpecialty.objects.get(code="vehicle-driving")
    with translation.override("zh-hans"):
        (reason,) = reasons(post, veteran, occupation_fit=1.0)
    assert "汽车驾驶" in reason and "道路货运汽车驾驶员" in reason


def test_an_exact_occupation_outside_the_crosswalk_is_still_explained(post, veteran):
    assert reasons(post, veteran, occupation_fit=1.0) == [
        "Your experience fits “Road freight truck drivers”"
    ]


@pytest.mark.parametrize(
    ("fit", "reason"),
    [
        (0.6, "Close to the work your experience fits"),
        (0.3, "In the field of work your experience fits"),
    ],
)
def test_a_related_occupation_is_explained_by_its_level(post, veteran, fit, reason):
    assert reasons(post, veteran, occupation_fit=fit) == [reason]


def test_pay_that_meets_the_expectation_names_it(post, veteran):
    veteran.desired_salary = 8000
    assert reasons(post, veteran, salary_fit=1.0) == ["Pay meets your expectation of 8,000 yuan"]


def test_pay_close_to_the_expectation_says_so(post, veteran):
    veteran.desired_salary = 8000
    assert reasons(post, veteran, salary_fit=0.7) == ["Pay close to your expectation"]


def test_no_salary_reason_without_an_expectation(post, veteran):
    assert reasons(post, veteran, salary_fit=1.0) == []


def test_a_preferred_industry_is_named(post, veteran):
    veteran.preferred_industries.set([post.industry])
    assert reasons(post, veteran, industry_fit=1.0) == [
        f"An industry you prefer: {post.industry.name_en}"
    ]


def test_full_industry_marks_say_nothing_when_the_veteran_chose_no_industry(post, veteran):
    assert reasons(post, veteran, industry_fit=1.0) == []


def test_education_is_mentioned_only_when_the_post_asks_for_some(post, veteran):
    assert reasons(post, veteran, education_fit=1.0) == []
    post.min_education = Education.BACHELOR
    assert reasons(post, veteran, education_fit=1.0) == ["Your education meets the requirement"]


def test_a_post_under_an_agreement_says_so(post, veteran):
    assert reasons(post, veteran, agreement_bonus=0.6) == [
        "Pledged under an employment cooperation agreement"
    ]


def test_a_post_of_an_enterprise_with_a_current_commendation_says_so(post, veteran):
    assert reasons(post, veteran, agreement_bonus=0.4) == [
        "Posted by an enterprise the ministry commended"
    ]
    # A float of the engine's, a hair under the sum of both parts.
    assert reasons(post, veteran, agreement_bonus=0.99999) == [
        "Pledged under an employment cooperation agreement, by an enterprise the ministry commended"
    ]


def test_reasons_come_most_telling_first(post, veteran):
    veteran.military_specialty = MilitarySpecialty.objects.get(code="vehicle-driving")
    got = reasons(
        post, veteran, skills_required=5, skills_matched=4, location_fit=1.0, occupation_fit=1.0
    )
    assert "; ".join(got) == (
        "You have 4 of the 5 required skills; Same city; "
        "Your specialty “Motor vehicle driving” fits “Road freight truck drivers”"
    )
