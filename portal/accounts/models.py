import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.privacy import mask_phone
from portal.reference.models import optional_region
from portal.text import NameField


class User(AbstractUser):
    class Role(models.TextChoices):
        VETERAN = "veteran", _("Veteran")
        ENTERPRISE = "enterprise", _("Enterprise staff")
        BUREAU = "bureau", _("Bureau staff")
        MINISTRY = "ministry", _("Ministry admin")
        INSTITUTION = "institution", _("Training institution staff")

    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.VETERAN, db_index=True
    )
    # Django's own name fields, shown to other people: without invisible characters.
    first_name = NameField(_("first name"), max_length=150, blank=True)
    last_name = NameField(_("last name"), max_length=150, blank=True)
    # The bureau's jurisdiction: it sees this region and every region below it.
    region = optional_region(_("region"))
    # A bureau officer who creates and deactivates the accounts of the officers of its
    # region subtree (portal/accounts/policies.py, may_manage_officer).
    manages_officers = models.BooleanField(
        _("manages the region's officer accounts"), default=False, db_default=False
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # When ``phone`` was confirmed by a code sent to it; no text message goes to a number
    # that is not (portal/accounts/services.py, phone_verify).
    phone_verified_at = models.DateTimeField(_("mobile number verified"), null=True, blank=True)
    # The language of the e-mails and inbox entries this user receives; set by the language
    # menu and on the notification settings page.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The bell's figure, kept in the transaction that writes or reads an inbox entry
    # (portal/accounts/notifications.py, services.notification_mark_read): every page reads
    # it with the user row its session loads anyway, so the bell costs no query.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, db_default=0
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="bureau") | models.Q(region__isnull=False),
                name="bureau_staff_have_region",
            ),
        ]

    @property
    def is_veteran(self) -> bool:
        return self.role == self.Role.VETERAN

    @property
    def is_enterprise_staff(self) -> bool:
        return self.role == self.Role.ENTERPRISE

    @property
    def is_bureau(self) -> bool:
        return self.role == self.Role.BUREAU

    @property
    def is_ministry(self) -> bool:
        return self.role == self.Role.MINISTRY

    @property
    def is_institution_staff(self) -> bool:
        return self.role == self.Role.INSTITUTION

    @property
    def is_staff_account(self) -> bool:
        """An account that works for an organisation: its managers deactivate it, it is
        never deleted by its holder (PIPL erasure is for a person's own account)."""
        return self.role != self.Role.VETERAN or self.is_staff or self.is_superuser

    def get_full_name(self) -> str:
        """Chinese names read family name first, without a space (王凤英)."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if (first + last).isascii():
            return f"{first} {last}".strip()
        return f"{last}{first}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def governs(self, region) -> bool:
        """Whether this user may act on objects in ``region`` as a regulator."""
        if self.is_ministry:
            return True
        return self.is_bureau and region is not None and self.region.contains(region)


# Whom the quarterly communication addresses (notices, meetings, action items): the staff of
# enterprises, bureaus and the ministry. The pages' gate (accounts.decorators) and the API's
# (accounts.permissions) both read this, so they let in the same people.
ORGANISATION_STAFF_ROLES = (User.Role.ENTERPRISE, User.Role.BUREAU, User.Role.MINISTRY)


class AuditAction(models.TextChoices):
    """Every action an AuditEvent records, declared once and in the past tense; the label
    is how the audit trail reads it. A service records only these (audit_event_record
    refuses any other string); renaming a value needs a data migration of the stored rows
    (accounts.0004)."""

    ACCOUNT_SIGNED_UP = "account.signed_up", _("Signed up")
    ACCOUNT_EMAIL_VERIFIED = "account.email_verified", _("Verified the e-mail address")
    ACCOUNT_PURGED = "account.purged", _("The unverified account was deleted")
    ACCOUNT_MFA_ENROLLED = "account.mfa_enrolled", _("Enrolled an authenticator")
    ACCOUNT_MFA_RESET = "account.mfa_reset", _("Reset the authenticator")
    ACCOUNT_RECOVERY_CODES_ISSUED = (
        "account.recovery_codes_issued",
        _("Received new recovery codes"),
    )
    ACCOUNT_RECOVERY_CODE_USED = "account.recovery_code_used", _("Signed in with a recovery code")
    ACCOUNT_DATA_EXPORTED = "account.data_exported", _("Downloaded everything held about them")
    ACCOUNT_DELETED = "account.deleted", _("Deleted the account; the personal data was erased")
    ACCOUNT_DEACTIVATED = "account.deactivated", _("Deactivated the staff account")
    OFFICER_ACCOUNT_CREATED = "account.officer_created", _("Created an officer's account")
    ACCOUNT_API_TOKEN_ISSUED = (
        "account.api_token_issued",
        _("Received a short-lived API token with a one-time password"),
    )
    ENTERPRISE_REGISTERED = "enterprise.registered", _("Registered the enterprise")
    ENTERPRISE_APPROVED = "enterprise.approved", _("Approved the enterprise")
    ENTERPRISE_REJECTED = "enterprise.rejected", _("Rejected the enterprise")
    ENTERPRISE_SUSPENDED = "enterprise.suspended", _("Suspended the enterprise")
    ENTERPRISE_REINSTATED = "enterprise.reinstated", _("Reinstated the enterprise")
    ENTERPRISE_RESUBMITTED = "enterprise.resubmitted", _("Corrected and resubmitted the enterprise")
    ENTERPRISE_MEMBER_INVITED = "enterprise.member_invited", _("Invited a colleague")
    BRANCH_CREATED = "branch.created", _("Added the branch")
    BRANCH_APPROVED = "branch.approved", _("Approved the branch")
    BRANCH_REJECTED = "branch.rejected", _("Rejected the branch")
    BRANCH_RESUBMITTED = "branch.resubmitted", _("Corrected and resubmitted the branch")
    BATCH_CREATED = "batch.created", _("Published the batch")
    COMMENDATION_CONFIRMED = "commendation.confirmed", _("Confirmed the entry on the list")
    COMMENDATION_DISMISSED = "commendation.dismissed", _("Took the entry off the list")
    COMMENDATION_ADDED = "commendation.added", _("Added the enterprise to the list")
    AGREEMENT_CREATED = "agreement.created", _("Drafted the agreement")
    AGREEMENT_SIGNED = "agreement.signed", _("Signed the agreement")
    AGREEMENT_ACTIVATED = "agreement.activated", _("Put the agreement into effect")
    AGREEMENT_EXPIRED = "agreement.expired", _("The agreement expired")
    AGREEMENT_TERMINATED = "agreement.terminated", _("Terminated the agreement")
    AGREEMENT_RENEWED = "agreement.renewed", _("Renewed the agreement into a new term")
    AGREEMENT_TARGETS_SET = "agreement.targets_set", _("Set the provinces the posts aim at")
    AGREEMENT_PROGRAMME_LINKED = (
        "agreement.programme_linked",
        _("Linked a training programme: its completers are guaranteed an interview"),
    )
    AGREEMENT_PROGRAMME_UNLINKED = (
        "agreement.programme_unlinked",
        _("Unlinked a training programme"),
    )
    INTERVIEW_GUARANTEE_GIVEN = (
        "interview_guarantee.given",
        _("Arranged the interview guaranteed to a completer of linked training"),
    )
    INTERVIEW_GUARANTEE_OWED = (
        "interview_guarantee.owed",
        _("Owed an interview to a completer of linked training: no open post"),
    )
    INTERVIEW_GUARANTEE_LAPSED = (
        "interview_guarantee.lapsed",
        _("The interview owed to a completer of linked training lapsed: the agreement ended"),
    )
    ENTERPRISE_INVITED = "enterprise_invitation.sent", _("Invited the enterprise to register")
    ENTERPRISE_INVITATION_RESENT = (
        "enterprise_invitation.resent",
        _("Sent the invitation again with a new link"),
    )
    ENTERPRISE_INVITATION_REMINDED = (
        "enterprise_invitation.reminded",
        _("Reminded the enterprise of its invitation"),
    )
    ENTERPRISE_INVITATION_REGISTERED = (
        "enterprise_invitation.registered",
        _("Registered the enterprise from the invitation"),
    )
    ENTERPRISE_INVITATION_DECLINED = (
        "enterprise_invitation.declined",
        _("Declined the invitation to register"),
    )
    ENTERPRISE_INVITATION_EXPIRED = "enterprise_invitation.expired", _("The invitation expired")
    PROSPECT_OPENED = "prospect.opened", _("Began screening the enterprise")
    PROSPECT_SCORED = "prospect.scored", _("Updated the screening scores")
    PROSPECT_CONSULTED = "prospect.consulted", _("Recorded a consultation")
    PROSPECT_SELECTED = "prospect.selected", _("Decided to sign with the enterprise")
    PROSPECT_DEFERRED = "prospect.deferred", _("Decided not to sign for now")
    JOB_POST_CREATED = "job_post.created", _("Created the post")
    JOB_POST_UPDATED = "job_post.updated", _("Edited the post")
    JOB_POST_SUBMITTED = "job_post.submitted", _("Submitted the post for review")
    JOB_POST_APPROVED = "job_post.approved", _("Approved and published the post")
    JOB_POST_REJECTED = "job_post.rejected", _("Rejected the post")
    JOB_POST_CLOSED = "job_post.closed", _("Closed the post")
    JOB_POST_FILLED = "job_post.filled", _("The last opening was filled")
    JOB_POST_EXPIRED = "job_post.expired", _("The post expired")
    JOB_POST_VERIFIED = "job_post.verified", _("Verified the post")
    JOB_POST_TAKEN_DOWN = "job_post.taken_down", _("Took the post down")
    JOB_POST_HELD = "job_post.held", _("The post was put on hold: its enterprise was suspended")
    JOB_POST_RELEASED = "job_post.released", _("The post came back: its enterprise was reinstated")
    VERIFICATION_EVIDENCE_ADDED = "verification.evidence_added", _("Attached evidence")
    CONTACT_DETAILS_VIEWED = (
        "veteran_profile.contact_viewed",
        _("Was shown the full contact details"),
    )
    OFFLINE_HIRE_RECORDED = (
        "offline_hire.recorded",
        _("Recorded a hire made at an event or directly"),
    )
    OFFLINE_HIRE_CONFIRMED = "offline_hire.confirmed", _("Confirmed the hire")
    OFFLINE_HIRE_DECLINED = "offline_hire.declined", _("Declined the hire")
    EVENT_ATTENDANCE_RECORDED = "event_registration.attended", _("Recorded attendance at the event")
    POST_IMPORT_UPLOADED = "post_import.uploaded", _("Uploaded a file of posts")
    POST_REPORT_CREATED = "post_report.created", _("Reported the post")
    POST_REPORT_CONFIRMED = "post_report.confirmed", _("Confirmed the report")
    POST_REPORT_DISMISSED = "post_report.dismissed", _("Dismissed the report")
    APPLICATION_SUBMITTED = "application.submitted", _("Applied")
    APPLICATION_VIEWED = "application.viewed", _("Marked the application as viewed")
    APPLICATION_SHORTLISTED = "application.shortlisted", _("Shortlisted the applicant")
    APPLICATION_INVITED_TO_INTERVIEW = (
        "application.invited_to_interview",
        _("Invited the applicant to an interview"),
    )
    APPLICATION_OFFERED = "application.offered", _("Made an offer")
    APPLICATION_REJECTED = "application.rejected", _("Declined the application")
    APPLICATION_HIRED = "application.hired", _("Hired the applicant")
    APPLICATION_WITHDRAWN = "application.withdrawn", _("Withdrew the application")
    RESUME_UPLOADED = "resume.uploaded", _("Uploaded the resume")
    RESUME_DELETED = "resume.deleted", _("Deleted the resume")
    RESUME_ACCESSED = "resume.accessed", _("Downloaded the resume")
    RESUME_PURGED = "resume.purged", _("The resume was deleted after its retention period")
    RECRUITMENT_EVENT_CREATED = "recruitment_event.created", _("Scheduled the recruitment event")
    EVENT_REGISTRATION_CREATED = "event_registration.created", _("Registered for the event")
    EVENT_REGISTRATION_CANCELLED = "event_registration.cancelled", _("Cancelled the registration")
    FOLLOW_UP_CAME_DUE = "follow_up.came_due", _("The follow-up came due")
    FOLLOW_UP_RECORDED = "follow_up.recorded", _("Recorded the follow-up")
    TRAINING_INSTITUTION_CREATED = (
        "training_institution.created",
        _("Registered the training institution"),
    )
    TRAINING_INSTITUTION_UPDATED = (
        "training_institution.updated",
        _("Edited the training institution"),
    )
    TRAINING_PROGRAMME_CREATED = "training_programme.created", _("Created the training programme")
    TRAINING_PROGRAMME_UPDATED = "training_programme.updated", _("Edited the training programme")
    SERVICE_STATION_CREATED = "service_station.created", _("Added the service station")
    SERVICE_STATION_UPDATED = "service_station.updated", _("Edited the service station")
    SERVICE_STATION_RETIRED = "service_station.retired", _("Retired the service station")
    TRAINING_PROGRAMME_PROPOSED = (
        "training_programme.proposed",
        _("Proposed the training programme for the bureau's approval"),
    )
    TRAINING_PROGRAMME_APPROVED = (
        "training_programme.approved",
        _("Approved the training programme"),
    )
    TRAINING_PROGRAMME_REJECTED = (
        "training_programme.rejected",
        _("Rejected the training programme"),
    )
    TRAINING_INSTITUTION_STAFF_INVITED = (
        "training_institution.staff_invited",
        _("Invited a member of the institution's staff"),
    )
    ENROLMENT_CREATED = "enrolment.created", _("Enrolled")
    ENROLMENT_WITHDRAWN = "enrolment.withdrawn", _("Withdrew from the programme")
    ENROLMENT_STARTED = "enrolment.started", _("Recorded attendance")
    ENROLMENT_COMPLETED = "enrolment.completed", _("Recorded completion")
    ENROLMENT_DROPPED = "enrolment.dropped", _("Recorded that the veteran did not complete")
    CONSENT_GIVEN = "consent.given", _("Gave consent")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Withdrew consent")
    VETERAN_PROFILE_CREATED = "veteran_profile.created", _("Created the profile")
    VETERAN_PROFILE_UPDATED = "veteran_profile.updated", _("Updated the profile")
    VETERAN_PROFILE_SKILLS_SET = "veteran_profile.skills_set", _("Updated the skills")
    VETERAN_PROFILE_VIEWED = "veteran_profile.viewed", _("Viewed the full profile")
    VETERAN_RESIDENT_ID_SHOWN = (
        "veteran_profile.resident_id_shown",
        _("Shown the full resident ID number"),
    )
    VETERAN_STATUS_CONFIRMED = (
        "veteran_profile.status_confirmed",
        _("Confirmed the veteran status"),
    )
    MATCHING_RUN_STARTED = "matching_run.started", _("Started a matching run")
    INTERVIEW_PROPOSED = "interview.proposed", _("Proposed an interview")
    INTERVIEW_ACCEPTED = "interview.accepted", _("Accepted the interview")
    INTERVIEW_DECLINED = "interview.declined", _("Declined the interview")
    INTERVIEW_RESCHEDULE_ASKED = "interview.reschedule_asked", _("Asked for another time")
    INTERVIEW_CANCELLED = "interview.cancelled", _("Cancelled the interview")
    INTERVIEW_REMINDED = "interview.reminded", _("Both sides were reminded of the interview")
    MESSAGE_SENT = "message.sent", _("Sent a message")
    MESSAGE_REMOVED = "message.removed", _("The message was removed after a report")
    MESSAGE_REPORT_CREATED = "message_report.created", _("Reported the message")
    MESSAGE_REPORT_UPHELD = "message_report.upheld", _("Upheld the report")
    MESSAGE_REPORT_DISMISSED = "message_report.dismissed", _("Dismissed the report")
    INVITATION_SENT = "invitation.sent", _("Invited the veteran to apply")
    INVITATION_ACCEPTED = "invitation.accepted", _("Applied after the invitation")
    INVITATION_DECLINED = "invitation.declined", _("Declined the invitation")
    REFERRAL_MADE = "referral.made", _("Referred the veteran to the post")
    REFERRAL_TAKEN_UP = "referral.taken_up", _("Took the referred veteran into the pipeline")
    REFERRAL_DECLINED = "referral.declined", _("Declined the referral")
    REFERRAL_CAME_OVERDUE = "referral.came_overdue", _("The referral was not answered in time")
    RECOMMENDATION_DIGEST_SENT = (
        "recommendation_digest.sent",
        _("Sent the weekly digest of new recommendations"),
    )
    STARTUP_DECLARED = "startup.declared", _("Declared the start-up")
    STARTUP_CONFIRMED = "startup.confirmed", _("Confirmed the start-up")
    STARTUP_REJECTED = "startup.rejected", _("Did not confirm the start-up")
    STARTUP_RESUBMITTED = "startup.resubmitted", _("Corrected and declared the start-up again")
    STARTUP_STAFF_REGISTERED = "startup.staff_registered", _("Registered a staff account")
    MENTOR_VOLUNTEERED = "mentor.volunteered", _("Volunteered as a mentor")
    MENTOR_REQUESTED = "mentor_request.created", _("Asked for a mentor")
    MENTOR_PAIRED = "mentor_pair.created", _("Paired a veteran with a mentor")
    MENTOR_SESSION_RECORDED = "mentor_pair.session_recorded", _("Recorded a mentoring session")
    CASE_OPENED = "entrepreneur_case.opened", _("Opened the entrepreneur's case record")
    CASE_CONTACT_RECORDED = (
        "entrepreneur_case.contact_recorded",
        _("Recorded a consultation or training"),
    )
    SUPPORT_APPLICATION_RECORDED = (
        "support_application.recorded",
        _("Recorded a loan or subsidy application"),
    )
    SUPPORT_APPLICATION_GRANTED = "support_application.granted", _("Recorded the grant")
    SUPPORT_APPLICATION_REFUSED = "support_application.refused", _("Recorded the refusal")
    INCUBATION_RECORDED = "incubation.recorded", _("Recorded an incubation")
    INCUBATION_ENDED = "incubation.ended", _("Recorded the end of an incubation")
    CASE_FOLLOW_UP_CAME_DUE = "case_follow_up.came_due", _("The follow-up came due")
    CASE_FOLLOW_UP_RECORDED = "case_follow_up.recorded", _("Recorded the follow-up")
    SUPPORT_BASE_SAVED = "support_base.saved", _("Saved the base")
    SUPPORT_BASE_RETIRED = "support_base.retired", _("Retired the base")
    SUPPORT_POLICY_SAVED = "support_policy.saved", _("Saved the policy")
    SUPPORT_POLICY_RETIRED = "support_policy.retired", _("Retired the policy")
    PLEDGE_FOLLOW_UP_CLOSED = "pledge_follow_up.closed", _("Closed the follow-up of a pledge")
    MEETING_RECORDED = "quarterly_meeting.recorded", _("Recorded a quarterly meeting")
    ACTION_ITEM_DONE = "action_item.done", _("Marked the action item done")
    NOTICE_DRAFTED = "notice.drafted", _("Drafted the notice")
    NOTICE_EDITED = "notice.edited", _("Edited the notice")
    NOTICE_PUBLISHED = "notice.published", _("Published the notice")
    NOTICE_WITHDRAWN = "notice.withdrawn", _("Withdrew the notice")
    FEEDBACK_ASKED = "feedback.asked", _("Asked the veteran for feedback")
    FEEDBACK_ANSWERED = "feedback.answered", _("Answered the questions")
    FEEDBACK_DECLINED = "feedback.declined", _("Chose not to answer the questions")


class AuditEventQuerySet(models.QuerySet):
    def for_object(self, obj):
        ct = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=ct, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One row per state change or sensitive access: the trail and the history shown."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.action} {self.content_type.model}:{self.object_id}"


class OutgoingEmail(models.Model):
    """An e-mail the portal owes someone: written in the transaction of the change it
    announces, sent by a Celery task keyed by its id (README "Celery faults").

    A task delivered twice (its worker died before acknowledging it) finds the row sent and
    does nothing; a task lost on the way (the process died between commit and enqueue, or
    Redis was down) is enqueued again by the `send_pending_emails` sweep.
    """

    key = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(max_length=500)
    body = models.TextField()
    recipients = models.JSONField()
    # Files sent with it: [{"filename", "content" (text), "mimetype"}], e.g. an interview's
    # calendar entry (.ics).
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outgoing_email_pending_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.subject


class Notification(models.Model):
    """One entry of a user's inbox: written beside the e-mail of the same event, in the
    same transaction (portal/accounts/notifications.py), in the recipient's language.

    The bell reads the unread count from the user row (User.unread_notifications); the
    index of unread rows only serves marking all read and the counter's checks; the inbox
    pages a user's newest first by keyset through (user, -id)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        db_index=False,  # the two indexes below both start with user
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["user"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """How a user wants one kind of event beyond the inbox; a kind without a row uses the
    defaults (e-mail on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by text message"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.kind}"


class OutgoingSms(models.Model):
    """A text message the portal owes someone: the e-mail outbox's twin (OutgoingEmail),
    written with the change it announces and sent by a task keyed by its id."""

    key = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    phone = models.CharField(max_length=20)
    text = models.CharField(max_length=500)
    template = models.CharField(max_length=16, default="notice")
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider refused it for good (a bad number, its limits): never tried again.
    refused = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outgoing_sms_pending_idx",
                condition=models.Q(sent_at__isnull=True, refused=""),
            )
        ]

    def __str__(self):
        return f"{self.phone}: {self.text[:40]}"


class PhoneVerification(models.Model):
    """A code sent to a number the user wants their text messages at; only its hash is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="phone_verifications"
    )
    phone = models.CharField(max_length=20)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user_id}: {self.phone}"


# --- the second factor's devices, named in the admin's language ------------------------------
# django-otp names its models in English only ("TOTP device", "static device"), which
# gettext cannot translate: the admin lists these proxies instead (portal/accounts/admin.py).


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class RecoveryCodeSet(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("set of recovery codes")
        verbose_name_plural = _("sets of recovery codes")
