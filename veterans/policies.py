"""Who may do what with a veteran's own data, decided once (portal.rules): the consent to
process sensitive data, the profile an action needs, and who sees the contact details."""

from django.utils.translation import gettext_lazy as _

from portal.rules import rule
from portal.workflow import Conflict
from veterans.models import Consent, StatusConfirmation, VeteranProfile
from veterans.selectors import has_consent, profile_of


@rule(
    "veterans.consent_given",
    missing=_("Please first give your consent to the processing of your sensitive personal data."),
)
def consent_given(user) -> bool:
    """PIPL: a resident ID number, and the record around it, is processed only with the
    veteran's separate consent: before a profile is created or changed, and before an
    application sends it to an employer."""
    return has_consent(user, Consent.Purpose.SENSITIVE_DATA)


@rule("veterans.profile_complete", missing=_("Please fill in your veteran profile first."))
def profile_complete(user) -> bool:
    """Applying, enrolling, registering for an event and uploading a resume act on the
    profile; the identity step of the wizard creates it with every required field."""
    return profile_of(user) is not None


def profile_required(user) -> VeteranProfile:
    """The user's profile, or the refusal of profile_complete."""
    profile = profile_of(user)
    if profile is None:
        profile_complete.refuse("missing")
    return profile


@rule(
    "veterans.may_see_contact_details",
    masked=_(
        "Only the veteran sees the full resident ID and phone number; others see them masked."
    ),
)
def may_see_contact_details(viewer, profile: VeteranProfile) -> bool:
    """The full resident ID and phone number go to the veteran only; pages and the API show
    everyone else the masked forms."""
    return viewer.is_authenticated and viewer.pk == profile.user_id


def contact_details_for(viewer, profile: VeteranProfile) -> dict[str, str]:
    """The resident ID and phone number as ``viewer`` may see them."""
    if may_see_contact_details(viewer, profile):
        return {"resident_id": profile.resident_id, "phone": profile.phone}
    return {"resident_id": profile.masked_resident_id, "phone": profile.masked_phone}


@rule(
    "veterans.may_confirm_status",
    error=Conflict,
    already=_("This veteran's status is already confirmed."),
)
def may_confirm_status(profile: VeteranProfile) -> bool:
    """A veteran's status is confirmed once; which bureau may confirm it is the scope of
    profiles_confirmable_by (the bureau of the home region, or a bureau above it)."""
    return not StatusConfirmation.objects.filter(profile=profile).exists()


@rule(
    "veterans.may_keep_service_station",
    outside=_("Only the bureau of the station's region can keep its entry."),
)
def may_keep_service_station(user, region) -> bool:
    """A service centre or station is listed, edited and retired by the bureau over its
    region (a district's by the district, the city or the province); the ministry reads."""
    return bool(user.is_authenticated and user.is_bureau and region and user.governs(region))
