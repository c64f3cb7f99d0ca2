"""Writes of the veterans app: profile, skills, consent, resumes and training enrolments."""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from psycopg2.errorcodes import UNIQUE_VIOLATION

from portal.accounts import crypto
from portal.accounts.models import AuditAction, AuditEvent, User
from portal.accounts.services import (
    audit_event_record,
    audit_events_record,
    sent_emails_purge,
    unverified_signups_purge,
)
from portal.reference.models import Skill
from portal.workflow import Conflict, NotAllowed
from veterans import pdf, register
from veterans.models import (
    Consent,
    Resume,
    ServiceStation,
    StatusConfirmation,
    VeteranProfile,
    VeteranSkill,
)
from veterans.policies import (
    consent_given,
    may_confirm_status,
    may_keep_service_station,
    may_see_contact_details,
)
from veterans.selectors import own_service_station_forget, profiles_confirmable_by
from veterans.signals import profile_changed

# What a veteran may set on their own profile; skills go through veteran_skills_set.
PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "resident_id",
        "phone",
        "home_region",
        "service_branch",
        "rank_category",
        "years_of_service",
        "discharge_date",
        "military_specialty",
        "education",
        "desired_salary",
        "willing_to_relocate",
        "seeking_status",
        "preferred_regions",
        "preferred_industries",
    }
)
M2M_FIELDS = ("preferred_regions", "preferred_industries")


def _split_fields(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    return fields, m2m


def _sync_specialty_skills(profile: VeteranProfile) -> None:
    """Specialty-sourced links follow the current military specialty; others stay."""
    specialty = profile.military_specialty
    skill_ids = set(specialty.skills.values_list("pk", flat=True)) if specialty else set()
    links = VeteranSkill.objects.filter(veteran=profile)
    links.filter(source=VeteranSkill.Source.SPECIALTY).exclude(skill_id__in=skill_ids).delete()
    have = set(links.values_list("skill_id", flat=True))
    VeteranSkill.objects.bulk_create(
        VeteranSkill(veteran=profile, skill_id=pk, source=VeteranSkill.Source.SPECIALTY)
        for pk in skill_ids - have
    )


def _save_with_unique_number(profile: VeteranProfile) -> None:
    """Two requests at once with one resident ID both pass full_clean; the unique digest
    decides, and the loser gets the same refusal as a number already taken."""
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:
        cause = exc.__cause__
        if getattr(cause, "pgcode", None) != UNIQUE_VIOLATION or (
            "resident_id_hash" not in (cause.diag.constraint_name or "")
        ):
            raise
        field = VeteranProfile._meta.get_field("resident_id_hash")
        raise ValidationError({"resident_id": field.error_messages["unique"]}) from exc


def _announce(profile: VeteranProfile, fields) -> None:
    """Tell the apps above (veterans.signals) what changed, once the change is committed."""
    names = sorted(set(fields))
    if "home_region" in names:
        transaction.on_commit(lambda: own_service_station_forget(profile.user_id))
    transaction.on_commit(
        lambda: profile_changed.send(sender=VeteranProfile, profile=profile, fields=names)
    )


def veteran_profile_create(*, user: User, **fields) -> VeteranProfile:
    if not user.is_veteran:
        raise NotAllowed(_("Only veterans can keep a veteran profile."))
    consent_given.require(user)
    if VeteranProfile.objects.filter(user=user).exists():
        raise Conflict(_("You already have a profile."))
    fields, m2m = _split_fields(fields)
    profile = VeteranProfile(user=user, **fields)
    profile.full_clean()
    with transaction.atomic():
        _save_with_unique_number(profile)
        for name, values in m2m.items():
            getattr(profile, name).set(values)
        _sync_specialty_skills(profile)
        audit_event_record(actor=user, action=AuditAction.VETERAN_PROFILE_CREATED, target=profile)
        _announce(profile, PROFILE_FIELDS)
    return profile


def veteran_profile_update(*, profile: VeteranProfile, **fields) -> VeteranProfile:
    consent_given.require(profile.user)
    fields, m2m = _split_fields(fields)
    specialty_before = profile.military_specialty_id
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    with transaction.atomic():
        _save_with_unique_number(profile)
        for name, values in m2m.items():
            getattr(profile, name).set(values)
        if profile.military_specialty_id != specialty_before:
            _sync_specialty_skills(profile)
        # Field names only: the values are personal data.
        audit_event_record(
            actor=profile.user,
            action=AuditAction.VETERAN_PROFILE_UPDATED,
            target=profile,
            fields=sorted([*fields, *m2m]),
        )
        _announce(profile, [*fields, *m2m])
    return profile


def veteran_profiles_viewed(*, profiles: Iterable[VeteranProfile], actor: User, via: str) -> None:
    """One AuditEvent per full profile that someone other than its veteran was shown
    (#8); ``via`` names the page or API operation. One INSERT for a whole page of them."""
    content_type = ContentType.objects.get_for_model(VeteranProfile)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=AuditAction.VETERAN_PROFILE_VIEWED,
            content_type=content_type,
            object_id=str(profile.pk),
            data={"via": via},
        )
        for profile in profiles
        if profile.user_id != actor.pk
    )


def veteran_resident_id_shown(*, profile: VeteranProfile, actor: User, via: str) -> str:
    """The full resident ID number for its owner, recorded like every other full display
    (#8, #17): the trail shows when and where the number was shown, even to the veteran.
    Anyone else is refused (``veterans.may_see_contact_details``)."""
    may_see_contact_details.require(actor, profile)
    audit_event_record(
        actor=actor, action=AuditAction.VETERAN_RESIDENT_ID_SHOWN, target=profile, via=via
    )
    return profile.resident_id


def veteran_skills_set(*, profile: VeteranProfile, skills: Iterable[Skill]) -> None:
    """Replace the skills the veteran declared; skills from training or the military
    specialty are not the veteran's to remove."""
    consent_given.require(profile.user)
    wanted = {skill.pk for skill in skills}
    with transaction.atomic():
        links = VeteranSkill.objects.select_for_update().filter(veteran=profile)
        have = {link.skill_id: link.source for link in links}
        dropped = [
            pk
            for pk, source in have.items()
            if source == VeteranSkill.Source.DECLARED and pk not in wanted
        ]
        links.filter(skill_id__in=dropped).delete()
        added = wanted - set(have)
        VeteranSkill.objects.bulk_create(VeteranSkill(veteran=profile, skill_id=pk) for pk in added)
        audit_event_record(
            actor=profile.user,
            action=AuditAction.VETERAN_PROFILE_SKILLS_SET,
            target=profile,
            added=sorted(added),
            removed=sorted(dropped),
        )
        if added or dropped:
            _announce(profile, ["skills"])


def _live_consent(user: User, purpose: str) -> Consent | None:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()


def consent_give(*, user: User, purpose: str, version: str) -> Consent:
    """Idempotent: a live consent for the purpose stays as it is."""
    live = _live_consent(user, purpose)
    if live:
        return live
    consent = Consent(user=user, purpose=purpose, version=version)
    consent.full_clean()
    try:
        with transaction.atomic():
            consent.save()
            audit_event_record(
                actor=user,
                action=AuditAction.CONSENT_GIVEN,
                target=consent,
                purpose=purpose,
                version=version,
            )
    except IntegrityError:
        # A concurrent request recorded the same consent first (one live per purpose).
        return _live_consent(user, purpose)
    return consent


def consent_withdraw(*, user: User, purpose: str) -> Consent | None:
    """Withdraw the live consent for the purpose; nothing to do if there is none."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update()
            .filter(user=user, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_event_record(
            actor=user, action=AuditAction.CONSENT_WITHDRAWN, target=consent, purpose=purpose
        )
    return consent


# PDF readers accept the end-of-file marker anywhere in the last kilobyte.
PDF_TAIL_BYTES = 1024
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# Markup a browser would sniff and run (HTML, SVG, XML) anywhere in the bytes; what the PDF
# itself holds (scripts, launch actions, embedded files) is read by veterans.pdf.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed)\b|<\?xml", re.IGNORECASE
)
# Anything but white space after the last end marker is another file riding along
# (a ZIP appended to a PDF is both a valid PDF and a valid archive).
TRAILING_WHITESPACE = re.compile(rb"[\s\x00]*")
NAME_MAX_CHARS = 200
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _check_name(name: str) -> None:
    """A name a person can read and that says what it is: PDF, no direction overrides or
    control characters, no path, not only dots."""
    stem = (name or "").removesuffix(".pdf").removesuffix(".PDF")
    if (
        len(name or "") > NAME_MAX_CHARS
        or not (name or "").lower().endswith(".pdf")
        or UNSAFE_NAME.search(name)
        or not stem.strip(". ")
    ):
        raise ValidationError(
            _(
                "The file name is not acceptable: use a short name ending in .pdf, without "
                "slashes, control characters or only dots."
            ),
            code="bad_name",
        )


def _refuse_not_pdf():
    raise ValidationError(
        _("Only PDF files can be uploaded, and this file is not a complete PDF."),
        code="not_pdf",
    )


def _check_pdf(uploaded_file: UploadedFile) -> None:
    """Judge the file by its content, never by its name or the browser's content type."""
    if not uploaded_file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded_file.size > Resume.MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": Resume.MAX_BYTES // 2**20},
            code="too_large",
        )
    _check_name(uploaded_file.name)
    uploaded_file.seek(0)
    content = uploaded_file.read(Resume.MAX_BYTES + 1)
    uploaded_file.seek(0)
    check_pdf_content(content)


def check_pdf_content(content: bytes) -> None:
    """Refuse bytes that are not one complete, plain PDF (no scripts, web content,
    attachments or password): the resume's check, also read by other uploads (a
    verification's evidence)."""
    end = content.rfind(b"%%EOF")
    if (
        not PDF_HEADER.match(content)
        or end < len(content) - PDF_TAIL_BYTES
        or end < 0
        or not TRAILING_WHITESPACE.fullmatch(content, end + 5)
    ):
        _refuse_not_pdf()
    try:
        if MARKUP.search(content):
            raise pdf.ActiveContent
        pdf.inspect_pdf(content)
    except pdf.NotAPdf:
        _refuse_not_pdf()
    except pdf.Encrypted:
        raise ValidationError(
            _("This PDF is protected by a password; please save it again without one."),
            code="encrypted",
        ) from None
    except pdf.ActiveContent:
        raise ValidationError(
            _(
                "This PDF contains scripts, web content or attached files; please save it again as a plain PDF."
            ),
            code="active_content",
        ) from None


def _display_name(name: str) -> str:
    """The uploaded name without any path or unsafe characters, for display only."""
    base = re.sub(r"[\x00-\x1f\x7f]", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    try:
        clean = get_valid_filename(base)
    except SuspiciousFileOperation:
        clean = ""
    stem = clean.removesuffix(".pdf").removesuffix(".PDF")[:120]
    return f"{stem or 'resume'}.pdf"


def resume_upload(*, profile: VeteranProfile, uploaded_file: UploadedFile) -> Resume:
    """Store a PDF resume; a refused file leaves neither a row nor a file behind."""
    _check_pdf(uploaded_file)
    resume = Resume(
        veteran=profile, original_name=_display_name(uploaded_file.name), size=uploaded_file.size
    )
    resume.file.save("resume.pdf", uploaded_file, save=False)
    try:
        with transaction.atomic():
            resume.save()
            audit_event_record(
                actor=profile.user, action=AuditAction.RESUME_UPLOADED, target=resume
            )
    except Exception:
        resume.file.delete(save=False)
        raise
    return resume


def resume_delete(*, resume: Resume, veteran: VeteranProfile) -> None:
    """Delete the resume and, once that is committed, its file (a rollback keeps both).

    Applications that carried it keep their place but no longer offer a resume.
    """
    with transaction.atomic():
        resume = Resume.objects.select_for_update().get(pk=resume.pk)
        if resume.veteran_id != veteran.pk:
            raise NotAllowed(_("Only the owner can delete a resume."))
        audit_event_record(actor=veteran.user, action=AuditAction.RESUME_DELETED, target=resume)
        storage, name = resume.file.storage, resume.file.name
        resume.delete()
        transaction.on_commit(lambda: storage.delete(name))


def resume_access_record(*, resume: Resume, actor: User) -> None:
    """A download by someone other than the owner (an enterprise it was sent to): the
    veteran's personal data was read, so the trail keeps who and when."""
    if actor.pk != resume.veteran.user_id:
        audit_event_record(actor=actor, action=AuditAction.RESUME_ACCESSED, target=resume)


# --- retention (#8) -------------------------------------------------------------------------


def _resumes_past_retention(now: datetime.datetime):
    """Resumes of veterans who withdrew consent to the processing of sensitive data more
    than RETENTION_RESUME_DAYS ago and have not given it again, or whose account an
    administrator closed (deactivated after verification) that long ago."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_RESUME_DAYS)
    sensitive = Consent.Purpose.SENSITIVE_DATA
    live = Consent.objects.filter(
        user=OuterRef("veteran__user"), purpose=sensitive, withdrawn_at__isnull=True
    )
    withdrawn = Consent.objects.filter(
        user=OuterRef("veteran__user"), purpose=sensitive, withdrawn_at__lt=cutoff
    )
    closed = Q(veteran__user__is_active=False, veteran__user__last_login__lt=cutoff)
    return Resume.objects.filter((Exists(withdrawn) & ~Exists(live)) | closed)


def expired_resumes_purge(*, now: datetime.datetime) -> int:
    """Delete the rows, then (after commit) the files; an AuditEvent per resume remains."""
    with transaction.atomic():
        resumes = list(_resumes_past_retention(now).select_for_update(skip_locked=True))
        for resume in resumes:
            audit_event_record(actor=None, action=AuditAction.RESUME_PURGED, target=resume)
        files = [(resume.file.storage, resume.file.name) for resume in resumes]
        Resume.objects.filter(pk__in=[resume.pk for resume in resumes]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return len(resumes)


def personal_data_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The daily retention run: what is past its time goes; a second run finds nothing."""
    now = now or timezone.now()
    return {
        "resumes": expired_resumes_purge(now=now),
        "unverified_signups": unverified_signups_purge(now=now),
        "sent_emails": sent_emails_purge(now=now),
    }


# --- veteran status confirmation (#20) ------------------------------------------------------

OUTSIDE = _("Only the bureau of the veteran's home region confirms their status.")


def _status_confirmation_save(confirmations: list[StatusConfirmation], officer: User) -> None:
    StatusConfirmation.objects.bulk_create(confirmations)
    audit_events_record(
        actor=officer,
        action=AuditAction.VETERAN_STATUS_CONFIRMED,
        model=VeteranProfile,
        pks=[c.profile_id for c in confirmations],
        method=confirmations[0].method if confirmations else "",
    )


def veteran_status_confirm(
    *,
    profile: VeteranProfile,
    officer: User,
    certificate_number: str,
    certificate_date: datetime.date,
) -> StatusConfirmation:
    """An officer of the home region's bureau checked the discharge certificate."""
    with transaction.atomic():
        locked = profiles_confirmable_by(officer).select_for_update(of=("self",))
        profile = locked.filter(pk=profile.pk).first()
        if profile is None:
            raise NotAllowed(str(OUTSIDE))
        may_confirm_status.require(profile)
        confirmation = StatusConfirmation(
            profile=profile,
            method=StatusConfirmation.Method.CERTIFICATE,
            certificate_number=certificate_number.strip(),
            certificate_date=certificate_date,
            region=officer.region,
            confirmed_by=officer,
        )
        _status_confirmation_save([confirmation], officer)
    return confirmation


class RegisterOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already"
    NOT_FOUND = "not_found"
    LABELS = {
        CONFIRMED: _("Confirmed"),
        ALREADY: _("Already confirmed"),
        NOT_FOUND: _("No veteran of your region on the portal has this resident ID number"),
    }


def status_register_import(*, officer: User, upload) -> list[register.RegisterRow]:
    """The bureau's register confirms every listed veteran of its region not yet confirmed,
    matched through the resident ID's keyed digest (the number in clear is never searched
    for). Every row checked first: if any is invalid, nothing is written and the rows carry
    their errors; otherwise each row carries its outcome (RegisterOutcome).
    RegisterUnreadable (a ValidationError) when the file is not a register at all."""
    rows = register.read_register(upload)
    if any(row.errors for row in rows):
        return rows
    digests = crypto.digest_many(row.resident_id for row in rows)
    with transaction.atomic():
        found = profiles_confirmable_by(officer).filter(resident_id_hash__in=digests)
        profiles = {p.resident_id_hash: p for p in found.select_for_update(of=("self",))}
        confirmations = []
        for row, digest in zip(rows, digests, strict=True):
            profile = profiles.get(digest)
            if profile is None:
                row.outcome = RegisterOutcome.NOT_FOUND
            elif not may_confirm_status.allows(profile):
                row.outcome = RegisterOutcome.ALREADY
            else:
                row.outcome = RegisterOutcome.CONFIRMED
                confirmations.append(
                    StatusConfirmation(
                        profile=profile,
                        method=StatusConfirmation.Method.REGISTER,
                        certificate_number=row.certificate_number,
                        certificate_date=row.certificate_date,
                        region=officer.region,
                        confirmed_by=officer,
                        register_file=(upload.name or "")[:128],
                    )
                )
        if confirmations:
            _status_confirmation_save(confirmations, officer)
    return rows


# --- the service directory ---------------------------------------------------------------

STATION_FIELDS = frozenset({"region", "kind", "name", "address", "phone", "hours", "services"})


def service_station_create(*, actor: User, **fields) -> ServiceStation:
    """List a service centre or station in a region of the bureau's subtree."""
    unknown = set(fields) - STATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    may_keep_service_station.require(actor, fields.get("region"))
    station = ServiceStation(**fields)
    station.full_clean()
    with transaction.atomic():
        station.save()
        audit_event_record(actor=actor, action=AuditAction.SERVICE_STATION_CREATED, target=station)
        transaction.on_commit(own_service_station_forget)
    return station


def service_station_update(*, station: ServiceStation, actor: User, **fields) -> ServiceStation:
    """Change the fields given; a station moved to another region must stay in the
    bureau's subtree. A retired station is not edited."""
    unknown = set(fields) - STATION_FIELDS
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        station = ServiceStation.objects.select_for_update().get(pk=station.pk)
        may_keep_service_station.require(actor, station.region)
        if station.retired_at is not None:
            raise Conflict(_("This service station is retired and can no longer be edited."))
        for name, value in fields.items():
            setattr(station, name, value)
        may_keep_service_station.require(actor, station.region)
        station.full_clean()
        station.save()
        audit_event_record(
            actor=actor,
            action=AuditAction.SERVICE_STATION_UPDATED,
            target=station,
            fields=sorted(fields),
        )
        transaction.on_commit(own_service_station_forget)
    return station


def service_station_retire(*, station: ServiceStation, actor: User) -> ServiceStation:
    """Take a closed station out of the directory; its row and trail stay."""
    with transaction.atomic():
        station = ServiceStation.objects.select_for_update().get(pk=station.pk)
        may_keep_service_station.require(actor, station.region)
        if station.retired_at is not None:
            raise Conflict(_("This service station is already retired."))
        station.retired_at = timezone.now()
        station.save(update_fields=["retired_at", "updated_at"])
        audit_event_record(actor=actor, action=AuditAction.SERVICE_STATION_RETIRED, target=station)
        transaction.on_commit(own_service_station_forget)
    return station
