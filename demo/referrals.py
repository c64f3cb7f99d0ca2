"""The bureau's referrals in the demo: Beijing's job-seeking veterans, a share of whom agreed
to be referred, and referrals by demo_bureau to posts of demo_hr's enterprise in each state
(waiting, overdue, taken up, declined), so every referral page has something to show."""

import datetime

from django.db.models import Exists, OuterRef

from jobs.models import Application, JobPost, Referral, add_working_days
from portal.accounts.models import User
from veterans.models import Consent, VeteranProfile
from veterans.selectors import matched_q

CONSENTING_SHARE = 4  # three veterans in four agreed to referrals
STATES = ("open", "overdue", "taken_up", "declined")


def ensure_referrals(*, today: datetime.date, enterprise, bureau: User) -> None:
    if Referral.objects.filter(referred_by=bureau).exists():
        return
    _consents()
    prefix = bureau.region.scope_prefix
    open_here = JobPost.objects.open_to_applications(today).filter(region__code__startswith=prefix)
    own = list(open_here.filter(branch__enterprise=enterprise).order_by("id")[:4])
    others = list(open_here.exclude(branch__enterprise=enterprise).order_by("id")[:4])
    referable = _referable().filter(home_region__code__startswith=prefix)
    demo = referable.filter(user__username="demo_veteran").first()
    if demo and own:
        _refer("open", own[0], demo, bureau, today)
    veterans = list(referable.exclude(user__username="demo_veteran").order_by("id")[:40])
    for posts in (own, others):  # every state at demo_hr's posts, then at others'
        _refer_in_every_state(posts, veterans, bureau, today)


def _refer_in_every_state(posts, veterans, bureau, today) -> None:
    """One referral in each state, to these posts in turn, each of another veteran while
    there are enough."""
    pairs = [
        (posts[(i + turn) % len(posts)], veteran)
        for turn in range(len(posts))
        for i, veteran in enumerate(veterans)
    ]
    for state in STATES:
        while pairs and not _refer(state, *pairs.pop(0), bureau, today):
            pass


def _consents() -> None:
    seeking = VeteranProfile.objects.filter(matched_q(), home_region__code__startswith="11")
    ids = seeking.values_list("user_id", flat=True).order_by("id")
    Consent.objects.bulk_create(
        [
            Consent(user_id=user_id, purpose=Consent.Purpose.REFERRAL, version="2025-01")
            for n, user_id in enumerate(ids)
            if n % CONSENTING_SHARE != CONSENTING_SHARE - 1
        ],
        ignore_conflicts=True,
    )


def _referable():
    consent = Consent.objects.filter(
        user_id=OuterRef("user_id"), purpose=Consent.Purpose.REFERRAL, withdrawn_at__isnull=True
    )
    return VeteranProfile.objects.filter(matched_q(), Exists(consent))


def _refer(state, post, veteran, bureau, today) -> bool:
    """One referral in ``state``; False if the veteran applied or was referred there."""
    taken = Application.objects.filter(post=post, veteran=veteran).exists()
    if taken or Referral.objects.filter(post=post, veteran=veteran).exists():
        return False
    days_ago = {"open": 1, "overdue": 12, "taken_up": 6, "declined": 4}[state]
    referred_on = today - datetime.timedelta(days=days_ago)
    referral = Referral(
        veteran=veteran,
        post=post,
        bureau_region_id=bureau.region_id,
        referred_by=bureau,
        note="该同志服役期间任汽车连班长，组织纪律性强，持B2驾照。",
        answer_due_on=add_working_days(referred_on, 5),
        status=state,
        created_at=datetime.datetime.combine(referred_on, datetime.time(10), datetime.UTC),
    )
    if state == "taken_up":
        referral.application = Application.objects.create(post=post, veteran=veteran)
    if state == "declined":
        referral.decline_reason = "该岗位需要夜班，本人住址较远，暂不合适。"
    if state in ("taken_up", "declined"):
        referral.answered_at = referral.created_at + datetime.timedelta(days=2)
    referral.save()
    return True
