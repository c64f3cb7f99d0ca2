"""The SQL behind the quarterly report: a few GROUP BY queries over the whole country.

Each query groups one kind of fact at once by every scope and breakdown with GROUPING SETS:
the nation, each province and each city (the 2- and 4-digit prefixes of a GB/T 2260 code),
each district (the whole code: a fact placed at a city's or a province's own code groups
under that code, which dashboards.figures drops as no district), and within each the
enterprise and the cooperation batch. GROUPING() tells which keys a
result row is grouped by, so a NULL batch (a post under no agreement) is never mistaken
for the nation's total. Quarter bounds are Beijing midnights; date columns compare with
the quarter's first and last day.
"""

import queue
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction

from enterprises.models import Agreement, Branch, Enterprise
from jobs.models import (
    Application,
    Feedback,
    FollowUp,
    InterviewGuarantee,
    JobPost,
    Placement,
    PostReport,
    Referral,
    Verification,
)
from startups.models import (
    EntrepreneurCase,
    MentorPair,
    MentorRequest,
    StartUp,
    SupportApplication,
    SupportPolicy,
)
from veterans.models import Enrolment, StatusConfirmation, TrainingProgramme, VeteranProfile

T = {
    "post": JobPost._meta.db_table,
    "branch": Branch._meta.db_table,
    "agreement": Agreement._meta.db_table,
    "enterprise": Enterprise._meta.db_table,
    "application": Application._meta.db_table,
    "placement": Placement._meta.db_table,
    "follow_up": FollowUp._meta.db_table,
    "verification": Verification._meta.db_table,
    "guarantee": InterviewGuarantee._meta.db_table,
    "report": PostReport._meta.db_table,
    "veteran": VeteranProfile._meta.db_table,
    "status_confirmation": StatusConfirmation._meta.db_table,
    "enrolment": Enrolment._meta.db_table,
    "programme": TrainingProgramme._meta.db_table,
    "referral": Referral._meta.db_table,
    "startup": StartUp._meta.db_table,
    "mentor_pair": MentorPair._meta.db_table,
    "mentor_request": MentorRequest._meta.db_table,
    "support_application": SupportApplication._meta.db_table,
    "support_policy": SupportPolicy._meta.db_table,
    "case": EntrepreneurCase._meta.db_table,
    "feedback": Feedback._meta.db_table,
}

# Every post's place, enterprise and batch, and the columns the report reads, copied once
# into a narrow temporary table: the post table is wide (descriptions, search vectors) and
# every post-based fact joins it.
POST_TABLE = f"""
DROP TABLE IF EXISTS report_post;
CREATE TEMPORARY TABLE report_post ON COMMIT DROP AS
SELECT p.id, left(p.region_id, 2) AS province, left(p.region_id, 4) AS city,
       p.region_id AS district, br.enterprise_id AS enterprise, ag.batch_id AS batch, p.agreement_id,
       p.openings, p.status, p.published_at, p.submitted_at
FROM {T["post"]} p
     JOIN {T["branch"]} br ON br.id = p.branch_id
     LEFT JOIN {T["agreement"]} ag ON ag.id = p.agreement_id;
ALTER TABLE report_post ADD PRIMARY KEY (id);
ANALYZE report_post"""

# Where a post-based fact belongs: the post's place, its enterprise and its agreement's batch.
POST_KEYS = (
    "rp.province, rp.city, rp.district, rp.enterprise, rp.batch, "
    "GROUPING(rp.province, rp.city, rp.district, rp.enterprise, rp.batch)"
)
POST_SETS = """GROUP BY GROUPING SETS (
    (), (rp.province), (rp.city), (rp.district),
    (rp.enterprise), (rp.province, rp.enterprise), (rp.city, rp.enterprise),
    (rp.district, rp.enterprise),
    (rp.batch), (rp.province, rp.batch), (rp.city, rp.batch), (rp.district, rp.batch)
)"""


def _columns(measures: dict[str, str]) -> str:
    """{name: expression} as a select list."""
    return ",\n       ".join(f"{expression} AS {name}" for name, expression in measures.items())


def _post_facts(source: str, measures: dict[str, str]) -> str:
    """An additive post-based fact (counts and integer sums only: no median, no distinct
    count across posts), summed first per post place, enterprise and batch, then rolled
    up into every grouping set from those sums, so the twelve grouping sets hash a few
    thousand pre-summed rows instead of every application or placement. Sums come back as
    bigint, as count() and sum(integer) give them."""
    summed = {name: f"sum(rp.{name})::bigint" for name in measures}
    return f"""
WITH facts AS (
    SELECT rp.province, rp.city, rp.district, rp.enterprise, rp.batch,
       {_columns(measures)}
    {source}
    GROUP BY rp.province, rp.city, rp.district, rp.enterprise, rp.batch
)
SELECT {POST_KEYS}, {_columns(summed)}
FROM facts rp
{POST_SETS}"""


def _region_sets(column: str) -> tuple[str, str]:
    """Keys and GROUPING SETS for facts placed by a region only (veterans, training)."""
    province, city = f"left({column}, 2)", f"left({column}, 4)"
    keys = (
        f"{province}, {city}, {column}, NULL::bigint, NULL::bigint,"
        f" GROUPING({province}, {city}, {column}) * 4 + 3"
    )
    return keys, f"GROUP BY GROUPING SETS ((), ({province}), ({city}), ({column}))"


def _days(later: str, earlier: str) -> str:
    """The median of (later - earlier) in days, interpolated like statistics.median."""
    return (
        f"percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM {later} - {earlier}))"
        " / 86400.0"
    )


POSTS_PUBLISHED = f"""
SELECT {POST_KEYS}, count(*) AS posts_published, sum(rp.openings) AS openings_published,
       {_days("rp.published_at", "rp.submitted_at")} AS median_days_to_approve
FROM report_post rp
WHERE rp.published_at >= %(start)s AND rp.published_at < %(end)s
{POST_SETS}"""

# A post has one place, enterprise and batch, so its distinct count per those keys adds up.
POSTS_VERIFIED = _post_facts(
    f"""FROM {T["verification"]} v JOIN report_post rp ON rp.id = v.post_id
    WHERE v.verified_on BETWEEN %(first_day)s AND %(last_day)s""",
    {
        "posts_verified": "count(DISTINCT rp.id)",
        "posts_verified_genuine": "count(DISTINCT rp.id) FILTER (WHERE v.result = 'genuine')",
        "posts_verified_not_genuine": (
            "count(DISTINCT rp.id) FILTER (WHERE v.result = 'not_genuine')"
        ),
    },
)

APPLICATIONS = _post_facts(
    f"""FROM {T["application"]} a JOIN report_post rp ON rp.id = a.post_id
    WHERE a.created_at >= %(start)s AND a.created_at < %(end)s""",
    {"applications": "count(*)"},
)

HIRES = f"""
SELECT {POST_KEYS}, count(*) AS hires,
       count(*) FILTER (WHERE pl.channel = 'online') AS hires_online,
       count(*) FILTER (WHERE pl.channel = 'event') AS hires_event,
       count(*) FILTER (WHERE pl.channel = 'direct') AS hires_direct,
       {_days("pl.created_at", "a.created_at")} AS median_days_to_hire
FROM {T["placement"]} pl LEFT JOIN {T["application"]} a ON a.id = pl.application_id
     JOIN report_post rp ON rp.id = pl.post_id
WHERE pl.created_at >= %(start)s AND pl.created_at < %(end)s
{POST_SETS}"""


def _follow_up_measures() -> dict[str, str]:
    measures = {}
    for month in (3, 6, 12):
        measures[f"recorded_{month}"] = f"count(*) FILTER (WHERE f.month = {month})"
        for outcome in ("employed", "left", "unreachable"):
            measures[f"{outcome}_{month}"] = (
                f"count(*) FILTER (WHERE f.month = {month} AND f.outcome = '{outcome}')"
            )
    return measures


FOLLOW_UPS = _post_facts(
    f"""FROM {T["follow_up"]} f JOIN {T["placement"]} pl ON pl.id = f.placement_id
         JOIN report_post rp ON rp.id = pl.post_id
    WHERE f.status = 'done' AND f.month IN (3, 6, 12)
      AND f.recorded_at >= %(start)s AND f.recorded_at < %(end)s""",
    _follow_up_measures(),
)

REPORTS = _post_facts(
    f"""FROM {T["report"]} r JOIN report_post rp ON rp.id = r.post_id
    WHERE r.created_at >= %(start)s AND r.created_at < %(end)s""",
    {
        "reports_filed": "count(*)",
        **{
            f"reports_{status}": f"count(*) FILTER (WHERE r.status = '{status}')"
            for status in ("open", "confirmed", "dismissed")
        },
    },
)


def _region_facts(column: str, source: str, measures: dict[str, str]) -> str:
    """An additive fact placed by a region only, summed first per region code and then
    rolled up into the nation, province, city and district sets (as _post_facts): the
    veterans' stock is every veteran registered, so the grouping sets hash one row per
    region instead of one per veteran."""
    keys, sets = _region_sets("facts.region")
    summed = {name: f"sum(facts.{name})::bigint" for name in measures}
    return f"""
WITH facts AS (
    SELECT {column} AS region,
       {_columns(measures)}
    {source}
    GROUP BY {column}
)
SELECT {keys}, {_columns(summed)}
FROM facts
{sets}"""


VETERANS = _region_facts(
    "v.home_region_id",
    f"""FROM {T["veteran"]} v
    LEFT JOIN {T["status_confirmation"]} sc
      ON sc.profile_id = v.id AND sc.confirmed_at < %(end)s
    WHERE v.created_at < %(end)s""",
    {
        "veterans": "count(*)",
        **{
            f"veterans_{status}": f"count(*) FILTER (WHERE v.seeking_status = '{status}')"
            for status in ("seeking", "employed", "not_seeking")
        },
        "veterans_confirmed": "count(sc.id)",
        "veterans_unconfirmed": "count(*) - count(sc.id)",
    },
)

TRAINING = _region_facts(
    "pr.region_id",
    f"""FROM {T["enrolment"]} e JOIN {T["programme"]} pr ON pr.id = e.programme_id
    WHERE (e.enrolled_at >= %(start)s AND e.enrolled_at < %(end)s)
       OR (e.status = 'completed' AND e.completed_on BETWEEN %(first_day)s AND %(last_day)s)""",
    {
        "enrolments": (
            "count(*) FILTER (WHERE e.enrolled_at >= %(start)s AND e.enrolled_at < %(end)s)"
        ),
        "completions": """count(*) FILTER (WHERE e.status = 'completed'
                        AND e.completed_on BETWEEN %(first_day)s AND %(last_day)s)""",
    },
)

# Not summed first: a hire counts once in a scope however many of its districts' programmes
# the veteran completed.
_TRAINING_KEYS, _TRAINING_SETS = _region_sets("pr.region_id")

# A hire of the quarter counts once in every scope where the veteran completed a programme
# in the six months up to the hire's Beijing date.
HIRES_AFTER_TRAINING = f"""
SELECT {_TRAINING_KEYS}, count(DISTINCT pl.id) AS hires_after_training
FROM {T["placement"]} pl
     JOIN {T["enrolment"]} e ON e.veteran_id = pl.veteran_id AND e.status = 'completed'
     JOIN {T["programme"]} pr ON pr.id = e.programme_id
WHERE pl.created_at >= %(start)s AND pl.created_at < %(end)s
  AND e.completed_on <= (pl.created_at AT TIME ZONE %(zone)s)::date
  AND e.completed_on >= (pl.created_at AT TIME ZONE %(zone)s)::date - interval '6 months'
{_TRAINING_SETS}"""

# Veterans' start-ups where they are registered: declared and confirmed in the quarter, and
# the jobs (and veterans' jobs) of those confirmed by the quarter's end (a stock).
_STARTUP_KEYS, _STARTUP_SETS = _region_sets("s.region_id")
_CONFIRMED_BY_END = "s.status = 'confirmed' AND s.reviewed_at < %(end)s"
STARTUPS = f"""
SELECT {_STARTUP_KEYS},
       count(*) FILTER (WHERE s.declared_at >= %(start)s AND s.declared_at < %(end)s)
           AS startups_declared,
       count(*) FILTER (WHERE s.status = 'confirmed'
                        AND s.reviewed_at >= %(start)s AND s.reviewed_at < %(end)s)
           AS startups_confirmed,
       coalesce(sum(s.employees) FILTER (WHERE {_CONFIRMED_BY_END}), 0) AS startup_jobs,
       coalesce(sum(s.veteran_employees) FILTER (WHERE {_CONFIRMED_BY_END}), 0)
           AS startup_veteran_jobs
FROM {T["startup"]} s
WHERE s.declared_at < %(end)s OR s.reviewed_at < %(end)s
{_STARTUP_SETS}"""

# Mentor pairs made in the quarter, where the mentee asked.
_MENTOR_KEYS, _MENTOR_SETS = _region_sets("mr.region_id")
MENTOR_PAIRS = f"""
SELECT {_MENTOR_KEYS}, count(*) AS mentor_pairs
FROM {T["mentor_pair"]} mp JOIN {T["mentor_request"]} mr ON mr.id = mp.request_id
WHERE mp.created_at >= %(start)s AND mp.created_at < %(end)s
{_MENTOR_SETS}"""

# Loans and subsidies the bureaus helped veterans apply for, where the case is kept:
# applied for in the quarter (assisted), and granted in it, each counted and summed (yuan).
_SUPPORT_KEYS, _SUPPORT_SETS = _region_sets("c.region_id")


def _support_columns() -> str:
    columns = []
    for kind, name in (("loan", "loans"), ("subsidy", "subsidies")):
        assisted = f"sp.kind = '{kind}' AND sa.applied_on BETWEEN %(first_day)s AND %(last_day)s"
        granted = (
            f"sp.kind = '{kind}' AND sa.status = 'granted'"
            " AND sa.decided_on BETWEEN %(first_day)s AND %(last_day)s"
        )
        columns += [
            f"count(*) FILTER (WHERE {assisted}) AS {name}_assisted",
            f"coalesce(sum(sa.amount_applied) FILTER (WHERE {assisted}), 0)"
            f" AS {name}_assisted_amount",
            f"count(*) FILTER (WHERE {granted}) AS {name}_granted",
            f"coalesce(sum(sa.amount_granted) FILTER (WHERE {granted}), 0)"
            f" AS {name}_granted_amount",
        ]
    return ",\n       ".join(columns)


SUPPORT_APPLICATIONS = f"""
SELECT {_SUPPORT_KEYS},
       {_support_columns()}
FROM {T["support_application"]} sa JOIN {T["support_policy"]} sp ON sp.id = sa.policy_id
     JOIN {T["case"]} c ON c.id = sa.case_id
WHERE sa.applied_on BETWEEN %(first_day)s AND %(last_day)s
   OR sa.decided_on BETWEEN %(first_day)s AND %(last_day)s
{_SUPPORT_SETS}"""

# Posts here under any agreement in force by the quarter's end, cumulative: what a region
# sees of every pledge, wherever it was signed (a ministry agreement has no region).
IN_FORCE = "ag.status IN ('signed', 'active', 'expired') AND ag.signed_on <= %(last_day)s"
AGREEMENT_POSTS = _post_facts(
    f"""FROM report_post rp JOIN {T["agreement"]} ag ON ag.id = rp.agreement_id
    WHERE {IN_FORCE} AND rp.published_at < %(end)s AND rp.status <> 'taken_down'""",
    {
        "agreement_published": "sum(rp.openings)",
        "agreement_verified": f"""sum(rp.openings) FILTER (WHERE EXISTS (
           SELECT 1 FROM {T["verification"]} v
           WHERE v.post_id = rp.id AND v.result = 'genuine' AND v.verified_on <= %(last_day)s
       ))""",
    },
)

AGREEMENT_FILLED = _post_facts(
    f"""FROM {T["placement"]} pl JOIN report_post rp ON rp.id = pl.post_id
         JOIN {T["agreement"]} ag ON ag.id = rp.agreement_id
    WHERE {IN_FORCE} AND pl.created_at < %(end)s""",
    {"agreement_filled": "count(*)"},
)


# Referrals of the quarter: made (referred in it), taken up (answered so in it) and ending
# in a hire (the placement of the application the take-up created, made in it).
def _referral_measures(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}referrals_made": (
            "count(*) FILTER (WHERE r.created_at >= %(start)s AND r.created_at < %(end)s)"
        ),
        f"{prefix}referrals_taken_up": """count(*) FILTER (WHERE r.status = 'taken_up'
                        AND r.answered_at >= %(start)s AND r.answered_at < %(end)s)""",
        f"{prefix}referral_hires": (
            "count(pl.id) FILTER (WHERE pl.created_at >= %(start)s AND pl.created_at < %(end)s)"
        ),
    }


_REFERRAL_FROM = f"""
FROM {T["referral"]} r LEFT JOIN {T["placement"]} pl ON pl.application_id = r.application_id
WHERE (r.created_at >= %(start)s AND r.created_at < %(end)s)
   OR (r.answered_at >= %(start)s AND r.answered_at < %(end)s)
   OR (pl.created_at >= %(start)s AND pl.created_at < %(end)s)"""

# Where the post is: per enterprise and batch, and in the scopes of the post's place.
REFERRALS = _post_facts(
    _REFERRAL_FROM.replace("WHERE", "JOIN report_post rp ON rp.id = r.post_id WHERE", 1),
    _referral_measures(""),
)

# Per bureau: the referring bureau's own scope (a province's, a city's or a district's
# bureau), and the nation. The GROUPING bits are written out: a province's row is grouped
# by province only (15), a city's by city (23), a district's by district (27).
BUREAU_REFERRALS = f"""
SELECT left(r.bureau_region_id, 2), left(r.bureau_region_id, 4), r.bureau_region_id,
       NULL::bigint, NULL::bigint,
       CASE WHEN GROUPING(r.bureau_region_id) = 1 THEN 31
            WHEN right(r.bureau_region_id, 4) = '0000' THEN 15
            WHEN right(r.bureau_region_id, 2) = '00' THEN 23 ELSE 27 END,
       {_columns(_referral_measures("bureau_"))}
{_REFERRAL_FROM}
GROUP BY GROUPING SETS ((), (r.bureau_region_id))"""

FACT_QUERIES = (
    POSTS_PUBLISHED,
    POSTS_VERIFIED,
    APPLICATIONS,
    HIRES,
    FOLLOW_UPS,
    REPORTS,
    VETERANS,
    TRAINING,
    HIRES_AFTER_TRAINING,
    STARTUPS,
    MENTOR_PAIRS,
    SUPPORT_APPLICATIONS,
    AGREEMENT_POSTS,
    AGREEMENT_FILLED,
    REFERRALS,
    BUREAU_REFERRALS,
)

# Veterans' answers given in the quarter (jobs/feedback), counted and averaged per subject
# (a job, a training, an event: each asks its own two questions) in every scope, and per
# enterprise, training institution and event within each scope. Only counts and means: no
# comment and no veteran leaves the table. GROUPING bits, first to last: province (32),
# city (16), district (8), enterprise (4), institution (2), event (1).
_FB_PROVINCE, _FB_CITY = "left(f.region_id, 2)", "left(f.region_id, 4)"
_FB_PLACES = (_FB_PROVINCE, _FB_CITY, "f.region_id")
_FB_SUBJECTS = ("f.enterprise_id", "f.institution_id", "f.event_id")
_FB_SETS = ",\n    ".join(
    "(" + ", ".join(filter(None, (place, about))) + ")"
    for about in ("", *_FB_SUBJECTS)
    for place in ("", *_FB_PLACES)
)
FEEDBACK = f"""
SELECT {_FB_PROVINCE}, {_FB_CITY}, f.region_id, f.subject,
       f.enterprise_id, f.institution_id, f.event_id,
       GROUPING({", ".join((*_FB_PLACES, *_FB_SUBJECTS))}) AS mask,
       count(*) AS answers, avg(f.score_1) AS score_1, avg(f.score_2) AS score_2
FROM {T["feedback"]} f
WHERE f.status = 'answered' AND f.answered_at >= %(start)s AND f.answered_at < %(end)s
GROUP BY f.subject, GROUPING SETS (
    {_FB_SETS}
)"""

# Each agreement in force by the quarter's end, with what was posted, verified and filled
# under it by then (cumulative over its term: that is what a pledge is measured against).
AGREEMENTS = f"""
WITH posted AS (
    SELECT rp.agreement_id,
           sum(rp.openings) AS published,
           sum(rp.openings) FILTER (WHERE EXISTS (
               SELECT 1 FROM {T["verification"]} v
               WHERE v.post_id = rp.id AND v.result = 'genuine' AND v.verified_on <= %(last_day)s
           )) AS verified
    FROM report_post rp
    WHERE rp.agreement_id IS NOT NULL AND rp.published_at < %(end)s
      AND rp.status <> 'taken_down'
    GROUP BY rp.agreement_id
), filled AS (
    SELECT rp.agreement_id, count(*) AS filled
    FROM {T["placement"]} pl JOIN report_post rp ON rp.id = pl.post_id
    WHERE rp.agreement_id IS NOT NULL AND pl.created_at < %(end)s
    GROUP BY rp.agreement_id
), guaranteed AS (
    -- Training cooperation: interviews guaranteed to completers of linked programmes by the
    -- quarter's end (given on an application, or owed while the enterprise had no post;
    -- one that lapsed with its agreement after the quarter was still owed in it).
    SELECT g.agreement_id, count(*) AS guaranteed,
           count(*) FILTER (WHERE g.status = 'owed' OR g.given_at >= %(end)s
                                  OR g.lapsed_at >= %(end)s) AS owed
    FROM {T["guarantee"]} g
    WHERE g.created_at < %(end)s
    GROUP BY g.agreement_id
)
SELECT ag.id, ag.batch_id, ag.enterprise_id, ag.region_id, ag.pledged_posts,
       ag.starts_on, ag.ends_on,
       coalesce(posted.published, 0), coalesce(posted.verified, 0), coalesce(filled.filled, 0),
       ag.cooperation_mode, en.industry_id,
       coalesce(guaranteed.guaranteed, 0), coalesce(guaranteed.owed, 0)
FROM {T["agreement"]} ag
     JOIN {T["enterprise"]} en ON en.id = ag.enterprise_id
     LEFT JOIN posted ON posted.agreement_id = ag.id
     LEFT JOIN filled ON filled.agreement_id = ag.id
     LEFT JOIN guaranteed ON guaranteed.agreement_id = ag.id
WHERE {IN_FORCE}"""


# A batch job over the whole country: sorts and hashes in memory, not on disk.
WORK_MEM = "SET LOCAL work_mem = '64MB'"

# Every query, the longest first (as measured on the xlarge demo: the veterans, the posts
# published, the hires and the applications take a second each, the rest a tenth or less),
# so that connections running them side by side finish close together.
EVERY_QUERY = (
    VETERANS,
    POSTS_PUBLISHED,
    HIRES,
    APPLICATIONS,
    FOLLOW_UPS,
    POSTS_VERIFIED,
    AGREEMENT_POSTS,
    AGREEMENTS,
    AGREEMENT_FILLED,
    REPORTS,
    HIRES_AFTER_TRAINING,
    TRAINING,
    FEEDBACK,
    STARTUPS,
    MENTOR_PAIRS,
    SUPPORT_APPLICATIONS,
    REFERRALS,
    BUREAU_REFERRALS,
)


def run(sql: str, params: dict) -> tuple[list[str], list[tuple]]:
    """The result's column names and rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [column.name for column in cursor.description], cursor.fetchall()


def run_every(params: dict, connections: int) -> dict[str, tuple[list[str], list[tuple]]]:
    """{query: its column names and rows} for every query of EVERY_QUERY.

    Outside a transaction, on `connections` database connections at once, one thread
    each: each thread makes its own copy of the post table (a temporary table is its
    session's alone) and takes the longest query left until none is. Each query reads
    what was committed when it started, as it would one after another on one connection
    (READ COMMITTED). Inside a transaction, on its connection, one after another: the
    others would not see what it has not committed."""
    if connection.in_atomic_block or connections <= 1:
        return _run_queue(_queue(), params)
    pending = _queue()

    def one_connection(_number) -> dict:
        try:
            return _run_queue(pending, params)
        finally:
            connection.close()  # this thread's own connection

    found = {}
    with ThreadPoolExecutor(max_workers=connections) as pool:
        for results in pool.map(one_connection, range(connections)):
            found.update(results)
    return found


def _queue() -> queue.SimpleQueue:
    pending = queue.SimpleQueue()
    for sql in EVERY_QUERY:
        pending.put(sql)
    return pending


def _run_queue(pending: queue.SimpleQueue, params: dict) -> dict:
    """Run queries taken off `pending` until it is empty, in one transaction: the
    temporary post table lives until its commit."""
    results = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(WORK_MEM)
            cursor.execute(POST_TABLE)
        while True:
            try:
                sql = pending.get_nowait()
            except queue.Empty:
                return results
            results[sql] = run(sql, params)
