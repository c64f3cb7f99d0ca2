"""Skill gaps: what a veteran misses for posts, the training that closes it, and the bureau's
view of the skills most often missing in its region. Reads only (selectors taking the user).

It sits with the rest of training in jobs because it reads posts and recommendations (jobs
sits above veterans). What
a veteran holds is the matching engine's rule, written once in veterans.selectors
(HELD_SKILLS_SQL and skills_held_by; tests/jobs/test_training_gaps.py checks both against
jobs/matching/features.py).
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from jobs.matching.selectors import recommendations_for
from jobs.models import JobPost, MatchingRun, Recommendation
from jobs.training.selectors import programmes_open_for_enrolment
from portal.reference.models import Skill
from veterans.models import TrainingProgramme, VeteranProfile
from veterans.selectors import (
    HELD_SKILLS_SQL,
    near_regions_q,
    profile_of,
    skills_held_by,
)

# Best posts a programme is ranked against: the top recommendations (and the post viewed).
BEST_POSTS = 20
PROGRAMMES_SHOWN = 5


@dataclass
class ProgrammeOffer:
    """A programme near the veteran that teaches skills they miss for their best posts."""

    programme: TrainingProgramme
    teaches: list = field(default_factory=list)  # the missing skills it teaches
    posts_helped: int = 0  # best posts with a missing skill it teaches
    posts_closed: int = 0  # best posts whose every missing skill it teaches


def missing_skills(profile: VeteranProfile, posts) -> dict[int, list[Skill]]:
    """For each post (ids, or a subquery of ids), its required skills the veteran does not
    hold, in one query; posts missing nothing are left out."""
    through = JobPost.required_skills.through
    rows = (
        through.objects.filter(jobpost_id__in=posts)
        .exclude(skill_id__in=skills_held_by(profile).values("pk"))
        .select_related("skill")
        .order_by("jobpost_id", "skill__name")
    )
    missing = {}
    for row in rows:
        missing.setdefault(row.jobpost_id, []).append(row.skill)
    return missing


def programmes_for_gaps(
    profile: VeteranProfile, missing: dict[int, list[Skill]], limit: int | None = PROGRAMMES_SHOWN
) -> list[ProgrammeOffer]:
    """Programmes near the veteran, open for enrolment with a seat left, not enrolled in yet,
    that teach a missing skill; ranked by how many of the posts they would help (then fully close), soonest first."""
    wanted = {skill.pk for skills in missing.values() for skill in skills}
    if not wanted:
        return []
    teaching = TrainingProgramme.skills.through.objects.filter(skill_id__in=wanted)
    programmes = (
        programmes_open_for_enrolment()
        .filter(near_regions_q(profile), pk__in=teaching.values("trainingprogramme_id"))
        .exclude(pk__in=profile.enrolments.values("programme_id"))  # enrolled, or was
        .select_related("institution", "region")
        .prefetch_related("skills")
    )
    offers = [_offer(programme, missing) for programme in programmes]
    offers.sort(
        key=lambda o: (-o.posts_helped, -o.posts_closed, o.programme.starts_on, o.programme.pk)
    )
    return offers[:limit]


def _offer(programme: TrainingProgramme, missing: dict[int, list[Skill]]) -> ProgrammeOffer:
    taught = {skill.pk for skill in programme.skills.all()}
    offer = ProgrammeOffer(programme=programme)
    teaches = {}
    for skills in missing.values():
        gap = {skill.pk for skill in skills}
        if gap & taught:
            offer.posts_helped += 1
            offer.posts_closed += gap <= taught
            teaches.update({skill.pk: skill for skill in skills if skill.pk in taught})
    offer.teaches = sorted(teaches.values(), key=lambda skill: skill.name)
    return offer


def training_for_post(user, post: JobPost, profile: VeteranProfile | None = None) -> dict | None:
    """The veteran's gap for a post they view and the programmes that close it, ranked by
    how many of their best posts (recommendations + this one) each would help."""
    if not (user.is_authenticated and user.is_veteran):
        return None
    profile = profile or profile_of(user)
    if profile is None:
        return None
    # The ids read first: as a subquery OR'ed with this post, the skills of every post were
    # scanned (the plan cannot use the index on the post for an OR of a subquery).
    best = recommendations_for(user).values_list("post_id", flat=True)[:BEST_POSTS]
    missing = missing_skills(profile, [*best, post.pk])
    gap = missing.get(post.pk, [])
    if not gap:
        return {"missing": [], "programmes": []}
    # Ranked against all the best posts, but on this post's page only programmes that teach
    # something this post asks for.
    offers = programmes_for_gaps(profile, missing, limit=None)
    gap_ids = {skill.pk for skill in gap}
    offers = [o for o in offers if gap_ids & {s.pk for s in o.teaches}]
    return {"missing": gap, "programmes": offers[:PROGRAMMES_SHOWN]}


def training_for_recommendations(user, post_ids: list[int]) -> dict:
    """Per recommended post the skills missing, and the programmes that would help most."""
    profile = profile_of(user) if user.is_authenticated and user.is_veteran else None
    if profile is None or not post_ids:
        return {"missing": {}, "programmes": []}
    missing = missing_skills(profile, list(post_ids))
    return {"missing": missing, "programmes": programmes_for_gaps(profile, missing)}


# --- the bureau's view ----------------------------------------------------------------------


@dataclass
class SkillGap:
    skill: Skill
    veterans_missing: int  # looking veterans of the region who lack it and are asked for it
    open_posts: int  # open posts of the region requiring it
    openings: int  # their openings left
    programmes: int  # programmes of the region open for enrolment that teach it


def _gap_sql() -> str:
    profile, user = VeteranProfile._meta.db_table, "accounts_user"
    post, required = JobPost._meta.db_table, JobPost.required_skills.through._meta.db_table
    held = HELD_SKILLS_SQL.format(veterans="SELECT id FROM seekers")
    return f"""
    WITH seekers AS MATERIALIZED (
        SELECT v.id FROM {profile} v JOIN {user} u ON u.id = v.user_id
        WHERE v.seeking_status = %(seeking)s AND u.is_active
          AND v.home_region_id LIKE %(prefix)s
    ),
    held AS MATERIALIZED ({held}),
    demand AS (
        SELECT r.skill_id, count(*) AS posts, sum(p.openings - p.filled_count) AS openings
        FROM {post} p JOIN {required} r ON r.jobpost_id = p.id
        WHERE p.status = %(published)s AND p.filled_count < p.openings
          AND p.deadline >= %(today)s AND p.region_id LIKE %(prefix)s
        GROUP BY r.skill_id
    ),
    holders AS (
        SELECT skill_id, count(*) AS n FROM held
        WHERE skill_id IN (SELECT skill_id FROM demand) GROUP BY skill_id
    ),
    recommended AS (
        SELECT r.skill_id, count(DISTINCT rec.veteran_id) AS n
        FROM seekers s
        JOIN {Recommendation._meta.db_table} rec ON rec.veteran_id = s.id AND rec.run_id = (
            SELECT id FROM {MatchingRun._meta.db_table} WHERE is_current)
        JOIN {required} r ON r.jobpost_id = rec.post_id
        WHERE r.skill_id NOT IN (SELECT skill_id FROM demand)
          AND NOT EXISTS (SELECT 1 FROM held h
                          WHERE h.veteran_id = rec.veteran_id AND h.skill_id = r.skill_id)
        GROUP BY r.skill_id
    )
    SELECT d.skill_id, (SELECT count(*) FROM seekers) - coalesce(h.n, 0), d.posts, d.openings
    FROM demand d LEFT JOIN holders h ON h.skill_id = d.skill_id
    UNION ALL
    SELECT skill_id, n, 0, 0 FROM recommended
    ORDER BY 2 DESC, 3 DESC, 1
    LIMIT %(limit)s
    """


def region_skill_gaps(user, limit: int = 50) -> tuple[int, list[SkillGap]]:
    """(looking veterans, gaps) of the bureau's region subtree, most missed first.

    A skill counts a looking veteran of the region (home region in it) who lacks it (by the
    engine's rule) when an open post of the region requires it, or when one of the
    veteran's current recommendations does. Two aggregate queries (and one for the skills'
    names), whatever the region's size."""
    if not (user.is_authenticated and user.is_bureau):
        return 0, []
    params = {
        "seeking": VeteranProfile.SeekingStatus.SEEKING,
        "prefix": user.region.scope_prefix + "%",
        "published": JobPost.Status.PUBLISHED,
        "today": timezone.localdate(),
        "limit": limit,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # JIT compiling this query costs seconds and saves nothing on a region's rows.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_gap_sql(), params)
        rows = cursor.fetchall()
        cursor.execute(_seekers_sql(), params)
        seekers = cursor.fetchone()[0]
    skills = _skills_with_programmes(user, [row[0] for row in rows])
    gaps = [SkillGap(skills[pk], missing, posts, openings, skills[pk].programme_count)
            for pk, missing, posts, openings in rows if missing > 0]  # fmt: skip
    return seekers, gaps


def _seekers_sql() -> str:
    return f"""
    SELECT count(*) FROM {VeteranProfile._meta.db_table} v JOIN accounts_user u
      ON u.id = v.user_id
    WHERE v.seeking_status = %(seeking)s AND u.is_active AND v.home_region_id LIKE %(prefix)s
    """


def _skills_with_programmes(user, skill_ids: list[int]) -> dict[int, Skill]:
    open_here = Q(programmes__starts_on__gt=timezone.localdate()) & Q(
        programmes__region__code__startswith=user.region.scope_prefix
    )
    skills = Skill.objects.filter(pk__in=skill_ids).annotate(
        programme_count=Count("programmes", filter=open_here, distinct=True)
    )
    return {skill.pk: skill for skill in skills}
