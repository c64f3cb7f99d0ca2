"""A small country for the quarterly report tests, and the report counted over it in plain
Python (the oracle), so every stored figure is checked against numbers the report's SQL
had no part in.

The world: four cities in three provinces (Beijing; Shanghai; Guangzhou and Shenzhen in
Guangdong), three enterprises, two batches, agreements signed by the ministry, a province
and a city (plus a draft, a terminated one and one signed after the quarter, which do not
count), and random posts, applications, hires, follow-ups, verifications, reports,
veterans and training spread over the quarter, just before and just after it, with some
moments on the quarter's bounds.
"""

import datetime
import random
import statistics
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from dashboards.quarters import Quarter
from enterprises.models import Agreement
from jobs.models import (
    Application,
    Feedback,
    FollowUp,
    JobPost,
    Placement,
    PostReport,
    Referral,
    Verification,
)
from startups.models import MentorPair, StartUp, SupportApplication, SupportPolicy
from tests import factories as f
from veterans.models import (
    Enrolment,
    StatusConfirmation,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
)

CITIES = ("110100", "310100", "440100", "440300")
# Where branches and veterans are: the cities' own codes (counted in the city and in no
# district) and two districts (counted in the district and its city).
PLACES = (*CITIES, "440305", "110105")
MONTHS = (3, 6, 12)


def the_quarter() -> Quarter:
    return Quarter.current().previous


class Clock:
    """Random moments around the quarter: before, inside, after, and on its bounds."""

    def __init__(self, rng: random.Random, quarter: Quarter):
        self.rng, self.quarter = rng, quarter

    def moment(self) -> datetime.datetime:
        start, end = self.quarter.starts_at, self.quarter.ends_at
        choice = self.rng.random()
        if choice < 0.06:
            return start  # the first instant counts
        if choice < 0.12:
            return end  # the next quarter's first instant does not
        if choice < 0.18:
            return end - datetime.timedelta(seconds=1)
        span = (end - start).total_seconds()
        return start + datetime.timedelta(seconds=self.rng.uniform(-0.4 * span, 1.2 * span))

    def day(self) -> datetime.date:
        return self.moment().astimezone(self.quarter.starts_at.tzinfo).date()


def build_world(seed: int = 6) -> dict:
    rng = random.Random(seed)
    quarter = the_quarter()
    clock = Clock(rng, quarter)
    enterprises = [f.EnterpriseFactory(name=f"报表企业{n}有限公司") for n in range(3)]
    batches = [f.BatchFactory(number=n) for n in (81, 82)]
    agreements = _agreements(enterprises, batches, quarter)
    branches = [
        f.BranchFactory(enterprise=enterprise, region=f.region(city))
        for enterprise in enterprises
        for city in PLACES
    ]
    veterans = [
        f.VeteranProfileFactory(
            home_region=f.region(rng.choice(PLACES)),
            seeking_status=rng.choice(VeteranProfile.SeekingStatus.values),
            created_at=clock.moment(),
        )
        for _ in range(40)
    ]
    posts = _posts(rng, clock, branches, agreements)
    placements = _applications_and_hires(rng, clock, posts, veterans)
    placements += _hires_made_elsewhere(rng, clock, posts, veterans)
    _follow_ups(rng, clock, placements)
    _verifications_and_reports(rng, clock, posts, veterans)
    _training(rng, clock, veterans, placements)
    _referrals(rng, clock, posts, veterans)
    _startups(rng, clock, veterans)
    _mentor_pairs(rng, clock, veterans)
    _status_confirmations(rng, clock, veterans)
    _support_applications(rng, clock, veterans)
    _feedback(rng, clock, placements)
    return {"quarter": quarter}


def _feedback(rng, clock: Clock, placements) -> None:
    """Veterans' answers about their jobs, their training and events, answered around the
    quarter (some declined or still waiting, which do not count)."""
    events = [
        f.RecruitmentEventFactory(title=f"{code}招聘会", region=f.region(code))
        for code in ("440300", "440305")
    ]

    def answer(**fields):
        status = rng.choice(["answered"] * 4 + ["declined", "asked"])
        answered = status == "answered"
        return Feedback.objects.create(
            status=status,
            score_1=rng.randint(1, 5) if answered else None,
            score_2=rng.randint(1, 5) if answered else None,
            comment="很好" if answered and rng.random() < 0.5 else "",
            answered_at=clock.moment() if status != "asked" else None,
            **fields,
        )

    for placement in placements:
        post = placement.post
        answer(
            veteran=placement.veteran,
            subject="placement",
            placement=placement,
            enterprise_id=post.branch.enterprise_id,
            region_id=post.region_id,
        )
    for enrolment in Enrolment.objects.filter(status="completed").select_related("programme"):
        institution = enrolment.programme.institution
        answer(
            veteran=enrolment.veteran,
            subject="training",
            enrolment=enrolment,
            institution=institution,
            region_id=institution.region_id,
        )
    for veteran in rng.sample(list(VeteranProfile.objects.order_by("pk")), 15):
        event = rng.choice(events)
        answer(veteran=veteran, subject="event", event=event, region_id=event.region_id)


def _status_confirmations(rng, clock: Clock, veterans) -> None:
    """Half the veterans confirmed by their bureau, before, in and after the quarter."""
    for n, veteran in enumerate(rng.sample(veterans, 20)):
        StatusConfirmation.objects.create(
            profile=veteran,
            method=rng.choice(StatusConfirmation.Method.values),
            certificate_number=f"退字第{n}号",
            certificate_date=datetime.date(2024, 1, 1),
            region=f.region(veteran.home_region_id[:2] + "0000"),
            confirmed_at=clock.moment(),
        )


# The referring bureaus: provinces, cities and a district (each its own scope's).
BUREAUS = ("110000", "310000", "440000", "440100", "440300", "440106")


def _referrals(rng, clock: Clock, posts, veterans) -> None:
    """Referrals by every kind of bureau: taken up (the application that followed, some
    ending in a hire), declined, open and overdue, at moments around the quarter."""
    for region in BUREAUS:
        f.region(region)
    applications = list(Application.objects.order_by("pk"))
    for application in rng.sample(applications, 30):
        f.ReferralFactory(
            veteran=application.veteran,
            post=application.post,
            bureau_region=f.region(rng.choice(BUREAUS)),
            status=Referral.Status.TAKEN_UP,
            application=application,
            created_at=clock.moment(),
            answered_at=clock.moment(),
        )
    applied = {(a.post_id, a.veteran_id) for a in applications}
    free = [(p, v) for p in posts for v in veterans if (p.pk, v.pk) not in applied]
    for post, veteran in rng.sample(free, 20):
        status = rng.choice(["open", "declined", "overdue"])
        f.ReferralFactory(
            veteran=veteran,
            post=post,
            bureau_region=f.region(rng.choice(BUREAUS)),
            status=status,
            decline_reason="岗位已满" if status == "declined" else "",
            created_at=clock.moment(),
            answered_at=clock.moment() if status == "declined" else None,
        )


def _agreements(enterprises, batches, quarter: Quarter) -> list:
    last = quarter.last_day
    rows = [
        # (enterprise, batch, region, level, pledged, starts, status, signed_on)
        (0, 0, None, "ministry", 400, last - datetime.timedelta(days=400), "active", None),
        (1, 0, None, "ministry", 30, last - datetime.timedelta(days=30), "active", None),
        (1, 1, "440000", "province", 12, last - datetime.timedelta(days=200), "active", None),
        (2, 1, "440300", "city", 9, last - datetime.timedelta(days=90), "expired", None),
        (2, 0, None, "ministry", 25, last + datetime.timedelta(days=5), "signed", None),
        (0, 1, None, "ministry", 50, last, "draft", None),
        (0, 1, "110000", "province", 20, last - datetime.timedelta(days=300), "terminated", None),
        # Signed after the quarter: not in force in it.
        (
            2,
            1,
            None,
            "ministry",
            60,
            last + datetime.timedelta(days=10),
            "active",
            last + datetime.timedelta(days=3),
        ),
    ]
    agreements = []
    for enterprise, batch, region, level, pledged, starts, status, signed in rows:
        agreements.append(
            f.AgreementFactory(
                enterprise=enterprises[enterprise],
                batch=batches[batch],
                region=f.region(region) if region else None,
                signatory_level=level,
                pledged_posts=pledged,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=365 * 2),
                status=status,
                signed_on=None
                if status == "draft"
                else (signed or starts - datetime.timedelta(days=10)),
                termination_reason="测试" if status == "terminated" else "",
            )
        )
    return agreements


def _posts(rng, clock: Clock, branches, agreements) -> list:
    posts = []
    for _ in range(45):
        branch = rng.choice(branches)
        own = [a for a in agreements if a.enterprise_id == branch.enterprise_id]
        status = rng.choice(
            ["published"] * 4 + ["closed", "filled", "taken_down", "pending", "expired"]
        )
        published = None if status == "pending" else clock.moment()
        submitted = (
            published - datetime.timedelta(hours=rng.uniform(1, 300))
            if published
            else clock.moment()
        )
        openings = rng.randint(1, 6)
        posts.append(
            f.JobPostFactory(
                branch=branch,
                agreement=rng.choice(own + [None]) if own else None,
                status=status,
                openings=openings,
                filled_count=openings if status == "filled" else 0,
                published_at=published,
                submitted_at=submitted,
            )
        )
    return posts


def _applications_and_hires(rng, clock: Clock, posts, veterans) -> list:
    placements = []
    pairs = rng.sample([(p, v) for p in posts for v in veterans], 110)
    for post, veteran in pairs:
        applied = clock.moment()
        hired = rng.random() < 0.35
        application = f.ApplicationFactory(
            post=post,
            veteran=veteran,
            status=Application.Status.HIRED
            if hired
            else rng.choice(["submitted", "rejected", "viewed"]),
            created_at=applied,
        )
        if hired:
            at = applied + datetime.timedelta(days=rng.uniform(0, 50))
            placements.append(
                Placement.objects.create(
                    application=application,
                    post=post,
                    veteran=veteran,
                    started_on=at.date(),
                    created_at=at,
                )
            )
    return placements


def _hires_made_elsewhere(rng, clock: Clock, posts, veterans) -> list:
    """Hires at a recruitment event or direct (issue 16, item 4): no application."""
    event = f.RecruitmentEventFactory(region=f.region(CITIES[0]))
    placements = []
    for n, (post, veteran) in enumerate(rng.sample([(p, v) for p in posts for v in veterans], 12)):
        at = clock.moment()
        channel = "event" if n % 2 else "direct"
        placements.append(
            Placement.objects.create(
                post=post,
                veteran=veteran,
                channel=channel,
                event=event if channel == "event" else None,
                started_on=at.date(),
                created_at=at,
            )
        )
    return placements


def _follow_ups(rng, clock: Clock, placements) -> None:
    for placement in placements:
        for month in (1, *MONTHS):
            if rng.random() < 0.25:
                continue
            done = rng.random() < 0.8
            outcome = rng.choice(FollowUp.Outcome.values) if done else ""
            FollowUp.objects.create(
                placement=placement,
                month=month,
                due_on=placement.started_on + relativedelta(months=month),
                status=FollowUp.Status.DONE if done else FollowUp.Status.DUE,
                outcome=outcome,
                left_reason="待遇" if outcome == "left" else "",
                recorded_at=clock.moment() if done else None,
            )


def _verifications_and_reports(rng, clock: Clock, posts, veterans) -> None:
    bureau = f.BureauUserFactory()
    for _ in range(30):
        f.VerificationFactory(
            post=rng.choice(posts),
            verified_by=bureau,
            result=rng.choice(Verification.Result.values),
            verified_on=clock.day(),
        )
    for veteran in rng.sample(veterans, 14):
        status = rng.choice(PostReport.Status.values)
        f.PostReportFactory(
            post=rng.choice(posts), reporter=veteran.user, status=status, created_at=clock.moment()
        )


def _training(rng, clock: Clock, veterans, placements) -> None:
    programmes = []
    for city in ("110100", "440300", "440100", "110105"):
        institution = TrainingInstitution.objects.create(
            name=f"{city}培训学校",
            region=f.region(city),
            address="路1号",
            contact_name="李",
            contact_phone="13800000001",
        )
        programmes.append(
            TrainingProgramme.objects.create(
                institution=institution,
                title="叉车",
                region=f.region(city),
                starts_on=clock.day(),
                ends_on=clock.day() + datetime.timedelta(days=400),
                seats=50,
                place="路1号",
            )
        )
    hired = [placement.veteran for placement in placements]
    for veteran in rng.sample(veterans, 25) + hired[:6]:
        for programme in rng.sample(programmes, rng.randint(1, 2)):
            if Enrolment.objects.filter(programme=programme, veteran=veteran).exists():
                continue
            completed = rng.random() < 0.6
            Enrolment.objects.create(
                programme=programme,
                veteran=veteran,
                status="completed"
                if completed
                else rng.choice(["enrolled", "attending", "dropped"]),
                enrolled_at=clock.moment(),
                completed_on=clock.day() if completed else None,
            )


def _startups(rng, clock: Clock, veterans) -> None:
    """Start-ups declared around the quarter; some confirmed (their enterprise is a plain
    one: the report counts start-ups where they are registered), some not."""
    for n, founder in enumerate(rng.sample(veterans, 14)):
        status = rng.choice(["declared", "confirmed", "confirmed", "rejected"])
        declared_at = clock.moment()
        decided = {}
        if status != "declared":
            decided = {"reviewed_at": max(declared_at, clock.moment())}
        if status == "confirmed":
            decided["enterprise"] = f.EnterpriseFactory(name=f"报表创业{n}有限公司")
        if status == "rejected":
            decided["decision_reason"] = "不符"
        employees = rng.randint(1, 12)
        f.StartUpFactory(
            founder=founder,
            region=f.region(rng.choice(CITIES)),
            status=status,
            declared_at=declared_at,
            employees=employees,
            veteran_employees=rng.randint(0, employees),
            **decided,
        )


def _mentor_pairs(rng, clock: Clock, veterans) -> None:
    mentor = f.MentorFactory(capacity=20)
    for mentee in rng.sample(veterans, 10):
        request = f.MentorRequestFactory(
            veteran=mentee, region=f.region(rng.choice(CITIES)), status="paired"
        )
        MentorPair.objects.create(request=request, mentor=mentor, created_at=clock.moment())


def _support_applications(rng, clock: Clock, veterans) -> None:
    """Loans and subsidies applied for with a bureau's help around the quarter, and tax
    relief (claimed, never counted); some granted, some refused, some waiting."""
    policies = [
        f.SupportPolicyFactory(kind=kind, region=f.region(rng.choice(CITIES)))
        for kind in ("loan", "subsidy", "loan", "tax")
    ]
    for veteran in rng.sample(veterans, 16):
        case = f.EntrepreneurCaseFactory(veteran=veteran)
        for _ in range(rng.randint(1, 2)):
            status = rng.choice(["applied", "granted", "granted", "refused"])
            applied_on = clock.day()
            decided = {}
            if status != "applied":
                decided["decided_on"] = max(applied_on, clock.day())
            if status == "granted":
                decided["amount_granted"] = rng.randint(1, 30) * 10_000
            f.SupportApplicationFactory(
                case=case,
                policy=rng.choice(policies),
                applied_on=applied_on,
                amount_applied=rng.randint(1, 30) * 10_000,
                status=status,
                **decided,
            )
    # Whatever the draws, one loan and one subsidy granted inside the quarter.
    inside = clock.quarter.starts_at.astimezone(clock.quarter.starts_at.tzinfo).date()
    for policy in policies[:2]:
        f.SupportApplicationFactory(
            case=f.EntrepreneurCaseFactory(veteran=f.VeteranProfileFactory()),
            policy=policy,
            applied_on=inside,
            amount_applied=50_000,
            status="granted",
            decided_on=inside + datetime.timedelta(days=10),
            amount_granted=40_000,
        )


# --- the oracle ----------------------------------------------------------------------------


def scopes_of(code: str | None) -> list:
    """The scopes a fact placed in district, city or province ``code`` counts in."""
    if code is None:
        return [None]
    province, city = code[:2] + "0000", code[:4] + "00"
    return (
        [None, province] + ([city] if city != province else []) + ([code] if code != city else [])
    )


def expected_report(quarter: Quarter) -> dict:
    """{scope: {"totals": {...}, "batches": {id: {...}}, "enterprises": {id: {...}}}}."""
    start, end = quarter.starts_at, quarter.ends_at
    zone = start.tzinfo

    def in_quarter(moment) -> bool:
        return moment is not None and start <= moment < end

    def on_day_in_quarter(day) -> bool:
        return day is not None and quarter.first_day <= day <= quarter.last_day

    facts = defaultdict(lambda: defaultdict(list))  # (scope, kind, key) -> measure -> values

    def add(post, measure, value):
        enterprise, agreement = post.branch.enterprise_id, post.agreement
        for scope in scopes_of(post.region_id):
            facts[(scope, "totals", None)][measure].append(value)
            facts[(scope, "enterprises", enterprise)][measure].append(value)
            if agreement is not None:
                facts[(scope, "batches", agreement.batch_id)][measure].append(value)

    posts = list(JobPost.objects.select_related("branch", "agreement"))
    in_force = {a.pk for a in Agreement.objects.all() if _in_force(a, quarter)}
    for post in posts:
        if post.agreement_id in in_force:
            _add_agreement_post(post, quarter, add)
        if in_quarter(post.published_at):
            add(post, "posts_published", 1)
            add(post, "openings_published", post.openings)
            days = (post.published_at - post.submitted_at).total_seconds() / 86400
            add(post, "median_days_to_approve", days)
        verifications = [v for v in post.verifications.all() if on_day_in_quarter(v.verified_on)]
        if verifications:
            add(post, "posts_verified", 1)
            if any(v.result == "genuine" for v in verifications):
                add(post, "posts_verified_genuine", 1)
            if any(v.result == "not_genuine" for v in verifications):
                add(post, "posts_verified_not_genuine", 1)
        for application in post.applications.all():
            if in_quarter(application.created_at):
                add(post, "applications", 1)
        for placement in post.placements.select_related("application"):
            if in_quarter(placement.created_at):
                add(post, "hires", 1)
                add(post, f"hires_{placement.channel}", 1)
                if placement.application is not None:  # a hire elsewhere had no application
                    days = (
                        placement.created_at - placement.application.created_at
                    ).total_seconds() / 86400
                    add(post, "median_days_to_hire", days)
            for follow_up in placement.follow_ups.all():
                if (
                    follow_up.status == "done"
                    and follow_up.month in MONTHS
                    and in_quarter(follow_up.recorded_at)
                ):
                    add(post, f"recorded_{follow_up.month}", 1)
                    add(post, f"{follow_up.outcome}_{follow_up.month}", 1)
        for report in post.reports.all():
            if in_quarter(report.created_at):
                add(post, "reports_filed", 1)
                add(post, f"reports_{report.status}", 1)

    def add_region(code, measure, value):
        for scope in scopes_of(code):
            facts[(scope, "totals", None)][measure].append(value)

    for veteran in VeteranProfile.objects.select_related("status_confirmation"):
        if veteran.created_at < end:
            add_region(veteran.home_region_id, "veterans", 1)
            add_region(veteran.home_region_id, f"veterans_{veteran.seeking_status}", 1)
            confirmed = veteran.status_confirmed and veteran.status_confirmation.confirmed_at < end
            add_region(veteran.home_region_id, f"veterans_{'' if confirmed else 'un'}confirmed", 1)
    enrolments = list(Enrolment.objects.select_related("programme"))
    for enrolment in enrolments:
        if in_quarter(enrolment.enrolled_at):
            add_region(enrolment.programme.region_id, "enrolments", 1)
        if enrolment.status == "completed" and on_day_in_quarter(enrolment.completed_on):
            add_region(enrolment.programme.region_id, "completions", 1)
    for placement in Placement.objects.all():
        if not in_quarter(placement.created_at):
            continue
        hired_on = placement.created_at.astimezone(zone).date()
        scopes = set()
        for enrolment in enrolments:
            if (
                enrolment.veteran_id == placement.veteran_id
                and enrolment.status == "completed"
                and hired_on - relativedelta(months=6) <= enrolment.completed_on <= hired_on
            ):
                scopes.update(scopes_of(enrolment.programme.region_id))
        for scope in scopes:
            facts[(scope, "totals", None)]["hires_after_training"].append(1)

    _expected_referrals(in_quarter, add, facts)
    for startup in StartUp.objects.all():
        code = startup.region_id
        if in_quarter(startup.declared_at):
            add_region(code, "startups_declared", 1)
        confirmed = startup.status == "confirmed"
        if confirmed and in_quarter(startup.reviewed_at):
            add_region(code, "startups_confirmed", 1)
        if confirmed and startup.reviewed_at < end:
            add_region(code, "startup_jobs", startup.employees)
            add_region(code, "startup_veteran_jobs", startup.veteran_employees)

    for pair in MentorPair.objects.select_related("request"):
        if in_quarter(pair.created_at):
            add_region(pair.request.region_id, "mentor_pairs", 1)
    _expected_support(on_day_in_quarter, add_region)

    pledges = _expected_pledges(quarter, posts)
    return _finish(facts, pledges)


def expected_feedback(quarter: Quarter) -> dict:
    """{scope: {"subjects": {subject: (answers, mean 1, mean 2)}, "enterprise": {id: ...},
    "institution": {...}, "event": {...}}}, counted over the answered rows in Python."""
    scores = defaultdict(list)  # (scope, kind, key, subject) -> [(score_1, score_2)]
    for row in Feedback.objects.filter(status="answered"):
        if not quarter.starts_at <= row.answered_at < quarter.ends_at:
            continue
        about = {
            "placement": ("enterprise", row.enterprise_id),
            "training": ("institution", row.institution_id),
            "event": ("event", row.event_id),
        }[row.subject]
        for scope in scopes_of(row.region_id):
            scores[(scope, "subjects", row.subject, row.subject)].append((row.score_1, row.score_2))
            scores[(scope, *about, row.subject)].append((row.score_1, row.score_2))
    expected = defaultdict(lambda: defaultdict(dict))
    for (scope, kind, key, _subject), values in scores.items():
        expected[scope][kind][key] = (
            len(values),
            statistics.mean(v[0] for v in values),
            statistics.mean(v[1] for v in values),
        )
    return expected


def _expected_support(on_day_in_quarter, add_region) -> None:
    """Loans and subsidies where the case is kept: applied for in the quarter, and granted
    in it; counts and sums in yuan."""
    names = {SupportPolicy.Kind.LOAN: "loans", SupportPolicy.Kind.SUBSIDY: "subsidies"}
    for application in SupportApplication.objects.select_related("policy", "case"):
        name = names.get(application.policy.kind)
        if name is None:
            continue
        code = application.case.region_id
        if on_day_in_quarter(application.applied_on):
            add_region(code, f"{name}_assisted", 1)
            add_region(code, f"{name}_assisted_amount", application.amount_applied)
        if application.status == "granted" and on_day_in_quarter(application.decided_on):
            add_region(code, f"{name}_granted", 1)
            add_region(code, f"{name}_granted_amount", application.amount_granted)


def _expected_referrals(in_quarter, add, facts) -> None:
    """Referrals count where the post is (add) and, per bureau, in the referring bureau's
    own scope (a province's or a city's) and the nation's."""
    referrals = Referral.objects.select_related("post__branch", "post__agreement")
    for referral in referrals.select_related("application__placement"):
        placement = (
            getattr(referral.application, "placement", None) if referral.application else None
        )
        code = referral.bureau_region_id
        own = [None, code]
        happened = {
            "referrals_made": in_quarter(referral.created_at),
            "referrals_taken_up": referral.status == "taken_up"
            and in_quarter(referral.answered_at),
            "referral_hires": placement is not None and in_quarter(placement.created_at),
        }
        for measure, yes in happened.items():
            if yes:
                add(referral.post, measure, 1)
                for scope in own:
                    facts[(scope, "totals", None)][f"bureau_{measure}"].append(1)


def _in_force(agreement, quarter: Quarter) -> bool:
    return agreement.status in ("signed", "active", "expired") and (
        agreement.signed_on <= quarter.last_day
    )


def _add_agreement_post(post, quarter: Quarter, add) -> None:
    """A post under an agreement in force: its openings and hires up to the quarter's end."""
    if post.published_at is not None and post.published_at < quarter.ends_at:
        if post.status != "taken_down":
            add(post, "agreement_published", post.openings)
            if any(
                v.result == "genuine" and v.verified_on <= quarter.last_day
                for v in post.verifications.all()
            ):
                add(post, "agreement_verified", post.openings)
    for placement in post.placements.all():
        if placement.created_at < quarter.ends_at:
            add(post, "agreement_filled", 1)


def _expected_pledges(quarter: Quarter, posts) -> dict:
    """(scope, kind, key) -> pledge sums, agreement by agreement in plain Python."""
    sums = defaultdict(lambda: defaultdict(float))
    for agreement in Agreement.objects.all():
        if (
            agreement.status not in ("signed", "active", "expired")
            or agreement.signed_on > quarter.last_day
        ):
            continue
        under = [p for p in posts if p.agreement_id == agreement.pk]
        published = [
            p
            for p in under
            if p.published_at is not None
            and p.published_at < quarter.ends_at
            and p.status != "taken_down"
        ]
        verified = [
            p
            for p in published
            if any(
                v.result == "genuine" and v.verified_on <= quarter.last_day
                for v in p.verifications.all()
            )
        ]
        filled = sum(
            1 for p in under for pl in p.placements.all() if pl.created_at < quarter.ends_at
        )
        term = (agreement.ends_on - agreement.starts_on).days
        passed = (quarter.last_day - agreement.starts_on).days + 1
        values = {
            "pledged": agreement.pledged_posts,
            "pledge_expected": agreement.pledged_posts * min(max(passed / term, 0), 1),
            "pledge_published": sum(p.openings for p in published),
            "pledge_verified": sum(p.openings for p in verified),
            "pledge_filled": filled,
        }
        for scope in scopes_of(agreement.region_id):
            for key in (
                (scope, "totals", None),
                (scope, "batches", agreement.batch_id),
                (scope, "enterprises", agreement.enterprise_id),
            ):
                for name, value in values.items():
                    sums[key][name] += value
    return sums


SUMMED = (
    "posts_published",
    "openings_published",
    "posts_verified",
    "posts_verified_genuine",
    "posts_verified_not_genuine",
    "applications",
    "hires",
    "hires_online",
    "hires_event",
    "hires_direct",
    *(f"{kind}_{m}" for m in MONTHS for kind in ("recorded", "employed", "left", "unreachable")),
    "reports_filed",
    "reports_open",
    "reports_confirmed",
    "reports_dismissed",
    "veterans",
    "veterans_seeking",
    "veterans_employed",
    "veterans_not_seeking",
    "veterans_confirmed",
    "veterans_unconfirmed",
    "enrolments",
    "completions",
    "hires_after_training",
    "startups_declared",
    "startups_confirmed",
    "startup_jobs",
    "startup_veteran_jobs",
    "mentor_pairs",
    *(
        f"{kind}_{measure}"
        for kind in ("loans", "subsidies")
        for measure in ("assisted", "assisted_amount", "granted", "granted_amount")
    ),
    "agreement_published",
    "agreement_verified",
    "agreement_filled",
    *(
        f"{prefix}{name}"
        for prefix in ("", "bureau_")
        for name in ("referrals_made", "referrals_taken_up", "referral_hires")
    ),
)
PLEDGE_NAMES = (
    "pledged",
    "pledge_expected",
    "pledge_published",
    "pledge_verified",
    "pledge_filled",
)


def _block(measures: dict, pledge: dict) -> dict:
    block = {name: sum(measures.get(name, [])) for name in SUMMED}
    for name in ("median_days_to_approve", "median_days_to_hire"):
        values = measures.get(name)
        block[name] = statistics.median(values) if values else None
    for name in PLEDGE_NAMES:
        block[name] = pledge.get(name, 0)
    online, applications = block["hires_online"], block["applications"]
    block["conversion"] = online / applications if applications else None
    for m in MONTHS:
        recorded = block[f"recorded_{m}"]
        block[f"retention_{m}"] = block[f"employed_{m}"] / recorded if recorded else None
    pledged = block["pledged"]
    block["pledge_published_share"] = block["pledge_published"] / pledged if pledged else None
    block["pledge_filled_share"] = block["pledge_filled"] / pledged if pledged else None
    block["behind"] = pledged > 0 and block["pledge_published"] < round(block["pledge_expected"], 1)
    return block


def _finish(facts: dict, pledges: dict) -> dict:
    report = defaultdict(lambda: {"totals": None, "batches": {}, "enterprises": {}})
    for key in set(facts) | set(pledges):
        scope, kind, pk = key
        block = _block(facts.get(key, {}), pledges.get(key, {}))
        if kind == "totals":
            report[scope]["totals"] = block
        else:
            report[scope][kind][str(pk)] = block
    for figures in report.values():
        if figures["totals"] is None:
            figures["totals"] = _block({}, {})
        rows = figures["enterprises"].values()
        figures["totals"]["enterprises_behind"] = sum(row["behind"] for row in rows)
        figures["totals"]["enterprises_with_pledges"] = sum(row["pledged"] > 0 for row in rows)
    return report
