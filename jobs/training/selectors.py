"""Reads of training, scoped to the user who asks: out-of-scope rows are not in the queryset."""

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from enterprises.models import Agreement, Enterprise
from jobs.models import InterviewGuarantee, TrainingAgreementLink
from veterans.models import Enrolment, InstitutionMember, TrainingInstitution, TrainingProgramme

APPROVED = TrainingProgramme.Status.APPROVED


def institution_of(user) -> TrainingInstitution | None:
    """The institution a staff account works for (None for every other account)."""
    if not (user.is_authenticated and user.is_institution_staff):
        return None
    member = InstitutionMember.objects.filter(user=user).select_related("institution__region")
    member = member.first()
    return member.institution if member is not None else None


def programmes_visible_to(user) -> QuerySet[TrainingProgramme]:
    """Approved training offers are public; a bureau works on every one in its region
    (those waiting for its approval too), an institution on its own, the ministry reads all."""
    programmes = TrainingProgramme.objects.select_related("institution", "region")
    if not user.is_authenticated:
        return programmes.filter(status=APPROVED)
    if user.is_bureau:
        return programmes.filter(region__code__startswith=user.region.scope_prefix)
    if user.is_institution_staff:
        return programmes.filter(institution__members__user=user)
    if user.is_ministry:
        return programmes.all()
    return programmes.filter(status=APPROVED)


def nearest_first(programmes: QuerySet[TrainingProgramme], home) -> QuerySet[TrainingProgramme]:
    """Programmes in the home city first, then the rest of its province, then the others;
    soonest first within each (``home``: a Region, the veteran's home city or district)."""
    nearness = Case(
        When(region__code__startswith=home.city_scope_prefix, then=Value(0)),
        When(region__code__startswith=home.code[:2], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return programmes.annotate(nearness=nearness).order_by("nearness", "starts_on", "pk")


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.select_related("programme", "veteran")
    if not user.is_authenticated:
        return enrolments.none()
    if user.is_ministry:
        return enrolments.all()
    if user.is_bureau:
        return enrolments.filter(programme__region__code__startswith=user.region.scope_prefix)
    if user.is_institution_staff:
        return enrolments.filter(programme__institution__members__user=user)
    return enrolments.filter(veteran__user=user)


def institutions_visible_to(user) -> QuerySet[TrainingInstitution]:
    """A bureau manages the institutions of its region subtree; the ministry reads them all;
    an institution's staff see their own."""
    institutions = TrainingInstitution.objects.select_related("region")
    if not user.is_authenticated:
        return institutions.none()
    if user.is_ministry:
        return institutions.all()
    if user.is_bureau:
        return institutions.filter(region__code__startswith=user.region.scope_prefix)
    if user.is_institution_staff:
        return institutions.filter(members__user=user)
    return institutions.none()


def programmes_open_for_enrolment() -> QuerySet[TrainingProgramme]:
    """Not started yet (enrolment_create refuses a started one) and with a seat left."""
    seated = Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED))
    return (
        TrainingProgramme.objects.filter(status=APPROVED, starts_on__gt=timezone.localdate())
        .annotate(seats_taken=seated)
        .filter(seats_taken__lt=F("seats"))
    )


# --- training cooperation (issue 19) ---------------------------------------------------------


def agreement_training_links(agreement):
    """The programmes linked to an agreement, each with the guarantees it gave, owes and
    let lapse (owed when the agreement ended)."""
    mine = Q(programme__enrolments__interview_guarantees__agreement=agreement)

    def counted(status):
        return Count(
            "programme__enrolments__interview_guarantees",
            filter=mine & Q(programme__enrolments__interview_guarantees__status=status),
        )

    status = InterviewGuarantee.Status
    return (
        TrainingAgreementLink.objects.filter(agreement=agreement)
        .select_related("programme__institution", "programme__region")
        .annotate(
            given=counted(status.GIVEN), owed=counted(status.OWED), lapsed=counted(status.LAPSED)
        )
        .order_by("programme__starts_on", "pk")
    )


def agreement_guarantees(agreement):
    """An agreement's interview guarantees, the owed ones first, then the newest (given or
    lapsed)."""
    owed_first = Case(
        When(status=InterviewGuarantee.Status.OWED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        InterviewGuarantee.objects.filter(agreement=agreement)
        .select_related("enrolment__programme", "veteran", "application__post")
        .annotate(owed_first=owed_first)
        .order_by("owed_first", "-created_at", "-pk")
    )


def programme_guarantors(programme):
    """The enterprises whose training-cooperation agreements in force guarantee the
    programme's completers an interview."""
    agreements = Agreement.objects.in_force(timezone.localdate()).filter(
        training_links__programme=programme
    )
    return Enterprise.objects.filter(agreements__in=agreements).distinct().order_by("name")
