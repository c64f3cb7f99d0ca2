"""Reads of training, scoped to the user who asks: out-of-scope rows are not in the queryset."""

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

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
