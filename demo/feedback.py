"""Veterans' feedback in the demo: answers (and some declined or still waiting) after the
placements' first recorded follow-ups, completed trainings and events attended, with
ratings that vary by enterprise; demo_hr's enterprise has enough answers to see its
averages, and demo_veteran has a question waiting in the inbox (put by the real service
when demo_bureau records their attendance at a Beijing event that was held)."""

import datetime
import random

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from demo.stations import DEMO_DISTRICT
from jobs.models import EventRegistration, Feedback, FollowUp, Placement, RecruitmentEvent
from jobs.services import event_attendance_record
from portal.accounts.models import User
from veterans.models import Enrolment, VeteranProfile

COMMENTS = (
    "工资按时发放，岗位和招聘时说的一致。",
    "班组长很照顾退役军人，适应得不错。",
    "加班比介绍的多一些。",
    "培训老师讲得很实在，考证通过了。",
    "招聘会企业多，现场就谈好了面试。",
    "希望多组织一些技术类岗位的招聘。",
    "",
    "",
)


def _row(rng: random.Random, now, *, answered: bool = False, **fields) -> Feedback:
    """Three in five answered, one in five declined, one in five still waiting (all
    answered if ``answered``); each enterprise, institution or event has its own mean."""
    roll = 1.0 if answered else rng.random()
    # Asked over the last five months, so the quarter that ended last has answers in its
    # stored report (dashboards.figures.feedback_block) as the current one has.
    asked_at = now - datetime.timedelta(days=rng.randint(5, 150))
    if roll < 0.2:
        return Feedback(asked_at=asked_at, **fields)
    answered_at = asked_at + datetime.timedelta(days=rng.randint(0, 4))
    if roll < 0.4:
        return Feedback(status="declined", asked_at=asked_at, answered_at=answered_at, **fields)
    key = fields.get("enterprise_id") or fields.get("institution_id") or fields.get("event_id")
    mean = 3 + (key % 5) / 2.5  # 3.0 to 4.6
    scores = [max(1, min(5, round(rng.gauss(mean, 0.8)))) for _ in range(2)]
    return Feedback(
        status="answered", score_1=scores[0], score_2=scores[1], comment=rng.choice(COMMENTS),
        asked_at=asked_at, answered_at=answered_at, **fields,
    )  # fmt: skip


def _placements(rng, now, enterprise) -> list[Feedback]:
    firsts = (
        FollowUp.objects.filter(status=FollowUp.Status.DONE)
        .values("placement_id")
        .annotate(first=Min("recorded_at"))
        .values_list("placement_id", flat=True)
    )
    placements = Placement.objects.filter(pk__in=firsts).select_related("post__branch")
    # demo_hr's enterprise: every question answered, so its page shows the averages.
    return [
        _row(
            rng,
            now,
            # demo_hr's enterprise, and the demo district's posts (its report's feedback).
            answered=p.post.branch.enterprise_id == enterprise.pk
            or p.post.region_id == DEMO_DISTRICT,
            veteran_id=p.veteran_id,
            subject="placement",
            placement_id=p.pk,
            enterprise_id=p.post.branch.enterprise_id,
            region_id=p.post.region_id,
        )  # fmt: skip
        for p in placements.order_by("id")[:3000]
    ]


def _trainings(rng, now) -> list[Feedback]:
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).select_related(
        "programme__institution"
    )
    return [
        _row(
            rng,
            now,
            veteran_id=e.veteran_id,
            subject="training",
            enrolment_id=e.pk,
            institution_id=e.programme.institution_id,
            region_id=e.programme.institution.region_id,
        )  # fmt: skip
        for e in completed.order_by("id")[:2000]
    ]


def _events(rng, now) -> list[Feedback]:
    attended = EventRegistration.objects.filter(attended=True).select_related("event")
    return [
        _row(
            rng,
            now,
            veteran_id=r.veteran_id,
            subject="event",
            event_id=r.event_id,
            region_id=r.event.region_id,
        )  # fmt: skip
        for r in attended.order_by("id")[:2000]
    ]


def _ask_demo_veteran(today: datetime.date) -> None:
    """demo_veteran attended a Beijing event that was held; demo_bureau records it, and the
    service puts the questions into demo_veteran's inbox."""
    veteran = VeteranProfile.objects.filter(user__username="demo_veteran").first()
    bureau = User.objects.filter(username="demo_bureau").first()
    held = RecruitmentEvent.objects.filter(
        region__code__startswith="11", ends_at__lt=timezone.now()
    ).order_by("-starts_at")
    event = held.exclude(feedback__veteran=veteran).first() if veteran else None
    if event is None or bureau is None:
        return
    registration, _ = EventRegistration.objects.get_or_create(event=event, veteran=veteran)
    event_attendance_record(registration=registration, recorder=bureau)


def ensure_feedback(*, today: datetime.date, enterprise) -> None:
    if Feedback.objects.exists():
        return
    rng, now = random.Random(20), timezone.now()
    with transaction.atomic():
        rows = _placements(rng, now, enterprise) + _trainings(rng, now) + _events(rng, now)
        Feedback.objects.bulk_create(rows, batch_size=2000)
        _ask_demo_veteran(today)
