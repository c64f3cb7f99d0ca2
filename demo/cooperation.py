"""Training cooperation in the demo (issue 19): a training-cooperation agreement in force,
signed by demo_bureau (Beijing) or else by the ministry, links two Beijing programmes, one
finished and one running or about to start (demo_institution's if it has one). The
finished one's completers were given their guaranteed interviews by the same service a
recorded completion calls; the other's completions are left for demo_institution or
demo_bureau to record, and its page tells veterans about the guarantee before they enrol."""

import datetime

from django.db import transaction
from django.db.models import Count, Q

from enterprises.models import Agreement
from jobs.training.cooperation import agreement_programme_link, interview_guarantees_give
from portal.accounts.models import User
from veterans.models import Enrolment, InstitutionMember, TrainingProgramme

BEIJING = "110000"
COMPLETERS_GUARANTEED = 8


def _agreement(today: datetime.date) -> Agreement | None:
    """demo_bureau's training agreement in force with the most open posts, else the
    ministry's (the enterprise with posts gives interviews rather than owing them)."""
    agreements = (
        Agreement.objects.in_force(today)
        .filter(cooperation_mode=Agreement.CooperationMode.TRAINING)
        .annotate(
            open_posts=Count(
                "enterprise__branches__posts",
                filter=Q(enterprise__branches__posts__status="published"),
            )
        )
        .order_by("-open_posts", "id")
    )
    return (
        agreements.filter(region_id=BEIJING).first()
        or agreements.filter(signatory_level=Agreement.SignatoryLevel.MINISTRY).first()
    )


def _programmes(today: datetime.date) -> list[TrainingProgramme]:
    beijing = TrainingProgramme.objects.filter(
        region__code__startswith=BEIJING[:2], status=TrainingProgramme.Status.APPROVED
    )
    completed = Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED))
    finished = (
        beijing.filter(ends_on__lt=today)
        .annotate(completed=completed)
        .filter(completed__gt=0)
        .order_by("-completed", "id")
        .first()
    )
    # Running, or else the next to start: its completions are still to be recorded.
    ahead = beijing.filter(
        ends_on__gte=today,
        enrolments__status__in=(Enrolment.Status.ATTENDING, Enrolment.Status.ENROLLED),
    ).distinct()
    member = InstitutionMember.objects.filter(user__username="demo_institution").first()
    running = None
    if member is not None:
        running = ahead.filter(institution_id=member.institution_id).order_by("starts_on", "id")
        running = running.first()
    running = running or ahead.order_by("starts_on", "id").first()
    return [p for p in (finished, running) if p is not None]


def ensure_training_cooperation(*, today: datetime.date) -> None:
    agreement = _agreement(today)
    if agreement is None or agreement.training_links.exists():
        return
    username = "demo_bureau" if agreement.region_id else "demo_ministry"
    signer = User.objects.filter(username=username).first()
    if signer is None:
        return
    with transaction.atomic():
        programmes = _programmes(today)
        for programme in programmes:
            agreement_programme_link(agreement=agreement, programme=programme, actor=signer)
        if not programmes or programmes[0].ends_on >= today:
            return
        completers = programmes[0].enrolments.filter(status=Enrolment.Status.COMPLETED)
        for enrolment in completers.select_related("programme", "veteran__user").order_by(
            "completed_on", "id"
        )[:COMPLETERS_GUARANTEED]:
            interview_guarantees_give(enrolment=enrolment, actor=signer)
