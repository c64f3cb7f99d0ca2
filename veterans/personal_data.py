"""What the veterans app holds about a person (portal/accounts/personal_data.py)."""

import secrets

from portal.accounts.personal_data import (
    BLANK,
    DELETE,
    ERASED,
    KEEP,
    STAFF_ACTING,
    declare,
    out_of_scope,
)
from veterans.models import (
    Consent,
    Enrolment,
    InstitutionMember,
    Resume,
    StatusConfirmation,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)


def _profile_links_clear(profiles) -> None:
    for profile in profiles:
        profile.preferred_regions.clear()
        profile.preferred_industries.clear()


def _resume_files_delete(resumes) -> None:
    for resume in resumes:
        resume.file.delete(save=False)


# The profile row stays, anonymous: the applications, placements and enrolments that point
# at it still count in the figures and in other people's records. The number is replaced
# by a placeholder (sealed as any number) and the digest by a random one, so nothing finds
# the person by their resident ID any more. Assigned in this order: the placeholder sets a
# digest, which the random one then replaces.
declare(
    VeteranProfile,
    owners="user",
    erase=BLANK,
    blank={
        "full_name": ERASED,
        "resident_id": "ERASED",
        "resident_id_hash": lambda: secrets.token_urlsafe(32),
        "phone": "",
        "service_branch": "",
        "rank_category": "",
        "years_of_service": None,
        "discharge_date": None,
        "military_specialty": None,
        "desired_salary": None,
        "willing_to_relocate": False,
        "seeking_status": VeteranProfile.SeekingStatus.NOT_SEEKING,
    },
    before_erase=_profile_links_clear,
)
declare(VeteranSkill, owners="veteran__user", erase=DELETE)
declare(Resume, owners="veteran__user", erase=DELETE, before_erase=_resume_files_delete)
declare(Consent, owners="user", erase=DELETE)
declare(
    Enrolment,
    owners="veteran__user",
    erase=KEEP,
    reason="the programme's roll and the training figures count it; it names only the "
    "anonymised profile",
)
declare(
    InstitutionMember,
    owners="user",
    erase=KEEP,
    reason="a staff account is deactivated by the bureau, not erased",
)
out_of_scope(TrainingProgramme, fields="reviewed_by", reason="the bureau officer who decided")

# Status confirmation (#20): the certificate the officer read is the person's; it goes with
# the profile's identity. The officer is acting in their work.
declare(StatusConfirmation, owners="profile__user", erase=DELETE)
out_of_scope(StatusConfirmation, fields="confirmed_by", reason=STAFF_ACTING)
