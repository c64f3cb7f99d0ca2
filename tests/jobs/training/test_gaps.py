"""Skill gaps: what a veteran misses for a post (by the matching engine's rule), the
programmes that close it, ranked, and the bureau's aggregate of its region."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.matching.features import csr_rows, load_reference, load_veterans
from jobs.models import JobPost
from jobs.training.gaps import missing_skills, programmes_for_gaps, region_skill_gaps
from portal.reference.models import MilitarySpecialty
from tests import factories as f
from tests.jobs.conftest import make_post
from veterans.models import Enrolment, VeteranProfile, VeteranSkill
from veterans.selectors import HELD_SKILLS_SQL, skills_held_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_runs(settings):
    settings.MATCHING_SHARDS = 2
    settings.MATCHING_K = 10


@pytest.fixture
def skills():
    return {code: f.SkillFactory(code=code, name=f"技能{code}") for code in "ABCDE"}


def _specialty_teaching(*skills) -> MilitarySpecialty:
    specialty = MilitarySpecialty.objects.create(
        code="test-specialty", name="测试专业", name_en="Test", branch="army"
    )
    specialty.skills.set(skills)
    return specialty


def _completed(veteran, *skills) -> Enrolment:
    """A completed enrolment whose skills were never linked to the profile (the engine
    still counts them, straight from the enrolment)."""
    programme = f.TrainingProgrammeFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    programme.skills.set(skills)
    return f.EnrolmentFactory(
        programme=programme, veteran=veteran, status="completed", completed_on=timezone.localdate()
    )


def _holding_three_ways(veteran, skills) -> None:
    VeteranSkill.objects.create(veteran=veteran, skill=skills["A"])
    _completed(veteran, skills["B"])
    veteran.military_specialty = _specialty_teaching(skills["C"])
    veteran.save()


def test_a_veterans_skills_count_profile_completed_training_and_specialty(veteran, skills):
    _holding_three_ways(veteran, skills)
    post = f.JobPostFactory()
    post.required_skills.set(skills.values())

    assert [s.code for s in missing_skills(veteran, [post.pk])[post.pk]] == ["D", "E"]


def test_a_post_missing_nothing_is_left_out_of_the_gaps(veteran, skills):
    post = f.JobPostFactory()
    post.required_skills.set([skills["A"]])
    VeteranSkill.objects.create(veteran=veteran, skill=skills["A"])
    assert missing_skills(veteran, [post.pk]) == {}


def test_training_still_in_progress_does_not_count(veteran, skills):
    f.EnrolmentFactory(veteran=veteran, status="attending").programme.skills.set([skills["A"]])
    assert not skills_held_by(veteran).exists()


def test_the_held_skills_are_those_the_matching_engine_reads(veteran, other_veteran, skills):
    _holding_three_ways(veteran, skills)
    VeteranSkill.objects.create(veteran=other_veteran, skill=skills["E"])
    ref = load_reference()
    with connection.cursor() as cursor:
        table = load_veterans(
            cursor, ref, provinces=["11"], before=timezone.now() + datetime.timedelta(seconds=5)
        )
        held_sql = HELD_SKILLS_SQL.format(veterans="%s, %s")
        cursor.execute(held_sql, [veteran.pk, other_veteran.pk] * 3)
        by_sql = {(v, s) for v, s in cursor.fetchall()}
    by_engine = {
        (int(vid), int(ref.skill_ids[index]))
        for vid, indices in zip(table.ids, csr_rows(table.skill_ptr, table.skills))
        for index in indices
    }
    by_orm = {(v.pk, s.pk) for v in (veteran, other_veteran) for s in skills_held_by(v)}
    assert by_engine == by_sql == by_orm
    assert len(by_engine) == 4


def _programme(skills, *, city=f.CITY_X, days=10, seats=5):
    starts = timezone.localdate() + datetime.timedelta(days=days)
    programme = f.TrainingProgrammeFactory(
        institution__region=f.region(city), starts_on=starts, seats=seats
    )
    programme.skills.set(skills)
    return programme


def test_programmes_rank_by_the_best_posts_they_help(veteran, skills):
    d, e = skills["D"], skills["E"]
    missing = {1: [d], 2: [d, e], 3: [e]}
    teaches_d = _programme([d], days=5)
    teaches_e = _programme([e], days=6)
    teaches_both = _programme([d, e], days=30)

    offers = programmes_for_gaps(veteran, missing)

    assert [o.programme for o in offers] == [teaches_both, teaches_d, teaches_e]
    assert [(o.posts_helped, o.posts_closed) for o in offers] == [(3, 3), (2, 1), (2, 1)]


def test_only_nearby_programmes_open_for_enrolment_with_a_seat_are_offered(veteran, skills):
    d = skills["D"]
    near = _programme([d])
    _programme([d], city=f.CITY_Y)  # far away
    _programme([d], days=0)  # started today
    full = _programme([d], seats=1)
    f.EnrolmentFactory(programme=full)

    assert [o.programme for o in programmes_for_gaps(veteran, {1: [d]})] == [near]


def test_a_programme_the_veteran_enrolled_in_is_not_offered_again(veteran, skills):
    enrolled, other = _programme([skills["D"]]), _programme([skills["D"]])
    f.EnrolmentFactory(programme=enrolled, veteran=veteran)
    assert [o.programme for o in programmes_for_gaps(veteran, {1: [skills["D"]]})] == [other]


def test_a_preferred_region_counts_as_nearby(veteran, skills):
    veteran.preferred_regions.set([f.region(f.PROVINCE_Y)])
    shanghai = _programme([skills["D"]], city=f.CITY_Y)
    assert [o.programme for o in programmes_for_gaps(veteran, {1: [skills["D"]]})] == [shanghai]


def _veteran_client(client, veteran):
    client.force_login(veteran.user)
    return client


def test_the_post_page_shows_the_gap_and_the_training_that_closes_it(client, veteran, skills):
    post = f.JobPostFactory()
    post.required_skills.set([skills["A"], skills["D"]])
    VeteranSkill.objects.create(veteran=veteran, skill=skills["A"])
    programme = _programme([skills["D"]])

    page = _veteran_client(client, veteran).get(reverse("jobs:post_detail", args=[post.pk]))

    assert list(page.context["training"]["missing"]) == [skills["D"]]
    assert [o.programme for o in page.context["training"]["programmes"]] == [programme]
    assert reverse("jobs:training_enrol", args=[programme.pk]) in page.text


def test_the_post_page_shows_no_gap_when_nothing_is_missing(client, veteran, skills):
    post = f.JobPostFactory()
    post.required_skills.set([skills["A"]])
    VeteranSkill.objects.create(veteran=veteran, skill=skills["A"])
    page = _veteran_client(client, veteran).get(reverse("jobs:post_detail", args=[post.pk]))
    assert page.context["training"] == {"missing": [], "programmes": []}
    assert "data-skill-gap" not in page.text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_post_pages_queries_do_not_grow_with_the_programmes(client, veteran, skills):
    post = f.JobPostFactory()
    post.required_skills.set([skills["D"], skills["E"]])
    _veteran_client(client, veteran)
    url = reverse("jobs:post_detail", args=[post.pk])
    _programme([skills["D"]])
    _queries(client, url)  # the first page of a session keeps the footer's service station
    one = _queries(client, url)
    for _ in range(4):
        _programme([skills["D"], skills["E"]])
    assert _queries(client, url) == one


# --- the bureau's view of its region ---------------------------------------------------------


def _run_matching(django_capture_on_commit_callbacks):
    VeteranProfile.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.matching_run_start()


@pytest.fixture
def region_x(skills, branch_a, django_capture_on_commit_callbacks):
    """Three seekers in X, one employed; posts open in X need A+B and B, a closed one C; a
    post in Y needs D and is recommended to the seeker who prefers Y."""
    seekers = [f.VeteranProfileFactory() for _ in range(3)]
    f.VeteranProfileFactory(seeking_status="employed")
    shanghai = f.VeteranProfileFactory(home_region=f.region(f.CITY_Y))
    VeteranSkill.objects.create(veteran=seekers[0], skill=skills["A"])
    _completed(seekers[1], skills["B"])
    seekers[2].military_specialty = _specialty_teaching(skills["A"])
    seekers[2].save()
    seekers[0].preferred_regions.set([f.region(f.CITY_X), f.region(f.CITY_Y)])
    make_post(branch_a, openings=4).required_skills.set([skills["A"], skills["B"]])
    make_post(branch_a, openings=2).required_skills.set([skills["B"]])
    make_post(branch_a, JobPost.Status.CLOSED).required_skills.set([skills["C"]])
    branch_y = f.BranchFactory(region=f.region(f.CITY_Y))
    f.JobPostFactory(branch=branch_y).required_skills.set([skills["D"]])
    _run_matching(django_capture_on_commit_callbacks)
    return {"seekers": seekers, "shanghai": shanghai}


def test_the_bureau_sees_its_regions_most_missed_skills_first(region_x, bureau_x, skills):
    seekers, gaps = region_skill_gaps(bureau_x)
    rows = [(g.skill.code, g.veterans_missing, g.open_posts, g.openings) for g in gaps]
    # B: 3 seekers, one holds it by training; A: two hold it (declared, specialty); D: only
    # by the recommendation of the seeker who prefers Y.
    assert seekers == 3
    assert rows == [("B", 2, 2, 6), ("A", 1, 1, 4), ("D", 1, 0, 0)]


def test_a_gap_counts_the_programmes_open_in_the_region(region_x, bureau_x, skills):
    _programme([skills["B"]])
    _programme([skills["B"]], city=f.CITY_Y)
    _, gaps = region_skill_gaps(bureau_x)
    assert {g.skill.code: g.programmes for g in gaps} == {"B": 1, "A": 0, "D": 0}


def test_another_regions_bureau_sees_only_its_own_gaps(region_x, bureau_y, skills):
    seekers, gaps = region_skill_gaps(bureau_y)
    assert seekers == 1
    assert [(g.skill.code, g.veterans_missing) for g in gaps] == [("D", 1)]


def test_the_skill_gap_page_defines_its_figure_and_links_the_programmes(
    client, region_x, bureau_x, skills
):
    client.force_login(bureau_x)
    page = client.get(reverse("jobs:skill_gaps"), HTTP_ACCEPT_LANGUAGE="en")
    assert "How the figure is counted." in page.text
    assert f"{reverse('jobs:training_programme_list')}?skill={skills['B'].pk}" in page.text


def test_the_skill_gap_page_takes_the_same_queries_for_a_bigger_region(
    client, region_x, bureau_x, skills, branch_a, django_capture_on_commit_callbacks
):
    client.force_login(bureau_x)
    before = _queries(client, reverse("jobs:skill_gaps"))
    for _ in range(10):
        f.VeteranProfileFactory()
    make_post(branch_a).required_skills.set([skills["E"], skills["C"]])
    _run_matching(django_capture_on_commit_callbacks)
    assert _queries(client, reverse("jobs:skill_gaps")) == before


def test_recommendations_show_the_missing_skills_and_the_training_offers(
    client, veteran, skills, branch_a, django_capture_on_commit_callbacks
):
    make_post(branch_a).required_skills.set([skills["D"]])
    programme = _programme([skills["D"]])
    _run_matching(django_capture_on_commit_callbacks)

    page = _veteran_client(client, veteran).get(reverse("jobs:recommendations"))

    assert [item["missing"] for item in page.context["items"]] == [[skills["D"]]]
    assert [o.programme for o in page.context["training"]["programmes"]] == [programme]


def test_the_recommendations_pages_queries_do_not_grow_with_the_programmes(
    client, veteran, skills, branch_a, django_capture_on_commit_callbacks
):
    for _ in range(3):
        make_post(branch_a).required_skills.set([skills["D"], skills["E"]])
    _run_matching(django_capture_on_commit_callbacks)
    _veteran_client(client, veteran)
    _programme([skills["D"]])
    _queries(client, reverse("jobs:recommendations"))  # keeps the footer's service station
    one = _queries(client, reverse("jobs:recommendations"))
    for _ in range(4):
        _programme([skills["D"], skills["E"]])
    assert _queries(client, reverse("jobs:recommendations")) == one
