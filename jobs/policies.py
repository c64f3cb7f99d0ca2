"""Who may do what with posts, applications, reports, follow-ups and events, decided once
(portal.rules): the services obey these rules, and pages and the API only ask them."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from enterprises.policies import staff_of
from jobs.models import (
    Application,
    FollowUp,
    Interview,
    Invitation,
    JobPost,
    MatchingRun,
    Message,
    MessageReport,
    PostReport,
    RecruitmentEvent,
)
from jobs.selectors import invitations_sent_today
from portal.accounts.security import rate_limit_used
from portal.rules import rule
from portal.workflow import Conflict
from veterans.models import Consent


def _bureau_over(user, region) -> bool:
    return user.is_authenticated and user.is_bureau and user.governs(region)


@rule(
    "jobs.may_apply",
    error=Conflict,
    already_applied=_("You have already applied to this post."),
    closed=_("This post is closed and no longer accepts applications."),
    filled=_("All openings of this post are filled."),
    deadline_passed=_("The application deadline of this post has passed."),
    taken_down=_("This post was taken down after a check by the veterans affairs bureau."),
    suspended=_(
        "The enterprise of this post is suspended by the veterans affairs authority; "
        "its posts take no applications for now."
    ),
    under_review=_(
        "This post is being reviewed again after a change and takes no applications for now."
    ),
    not_in_force=_(
        "This post takes no applications for now: its enterprise, branch or cooperation "
        "agreement is not in force."
    ),
)
def may_apply(post: JobPost, veteran=None) -> str | None:
    """Whether the post takes an application now (from this veteran, when given): why the
    post is closed comes first, then an earlier application. The unique constraint on
    (post, veteran) still decides between two requests at once."""
    status = JobPost.Status
    if post.status == status.CLOSED:
        return "closed"
    if post.status == status.FILLED or (
        post.status == status.PUBLISHED and post.openings_left <= 0
    ):
        return "filled"
    if post.status == status.EXPIRED or post.deadline < timezone.localdate():
        return "deadline_passed"
    if post.status == status.TAKEN_DOWN:
        return "taken_down"
    if post.status == status.SUSPENDED:
        return "suspended"
    if post.status != status.PUBLISHED:
        return "under_review"
    # The rest of "open to applications" (approved branch and enterprise, an agreement in
    # its term) is the one definition matching and the candidate lists read.
    if not JobPost.objects.filter(pk=post.pk).open_to_applications().exists():
        return "not_in_force"
    if veteran is not None and Application.objects.filter(post=post, veteran=veteran).exists():
        return "already_applied"
    return None


@rule("jobs.may_withdraw", not_applicant=_("Only the applicant may withdraw an application."))
def may_withdraw(application: Application, veteran) -> bool:
    """The applicant withdraws; whether the status still allows it is the transition map's."""
    return veteran is not None and application.veteran_id == veteran.pk


@rule(
    "jobs.may_review_post",
    outside=_("Only the veterans-affairs bureau of this region may do this."),
)
def may_review_post(user, post: JobPost) -> bool:
    """The bureau over the post's region reviews it (approve, reject) and verifies it."""
    return _bureau_over(user, post.region)


@rule(
    "jobs.may_see_evidence",
    outside=_(
        "Only the veterans-affairs authorities over this post see its verification evidence."
    ),
)
def may_see_evidence(user, post: JobPost) -> bool:
    """Verification evidence (photos of a site, documents) goes to the regulators: the
    bureau over the post's region and the ministry, never the enterprise or the public."""
    return (
        user.is_authenticated and (user.is_bureau or user.is_ministry) and user.governs(post.region)
    )


@rule(
    "jobs.may_publish_post",
    error=Conflict,
    enterprise_suspended=_(
        "The enterprise of this post is suspended: its posts are published again once it is "
        "reinstated."
    ),
)
def may_publish_post(post: JobPost) -> bool:
    """A suspended enterprise's posts stay out of public view, new ones included."""
    return post.branch.enterprise.status != Enterprise.Status.SUSPENDED


@rule(
    "jobs.may_handle_report",
    outside=_("Only the veterans-affairs bureau of this region may do this."),
)
def may_handle_report(user, report: PostReport) -> bool:
    return _bureau_over(user, report.post.region)


@rule(
    "jobs.may_record_follow_up",
    outside=_("Only the veterans-affairs bureau of this region may do this."),
)
def may_record_follow_up(user, follow_up: FollowUp) -> bool:
    return _bureau_over(user, follow_up.placement.post.region)


@rule(
    "jobs.may_see_applicant_contact",
    not_staff=_("Only the staff of the post's enterprise may contact its applicants."),
    no_consent=_(
        "The applicant did not agree to share their contact details with your enterprise; "
        "you see them masked."
    ),
)
def may_see_applicant_contact(user, application: Application) -> str | None:
    """The full mobile number and e-mail address of an applicant go to the staff of the
    post's enterprise, and only when the veteran agreed to it on applying (PIPL art. 23)."""
    if not staff_of(user, application.post.branch.enterprise_id):
        return "not_staff"
    if application.contact_shared_at is None:
        return "no_consent"
    return None


@rule(
    "jobs.may_record_offline_hire",
    outside=_(
        "Only the staff of the post's enterprise or the veterans-affairs bureau of its region "
        "may record a hire on it."
    ),
)
def may_record_offline_hire(user, post: JobPost) -> bool:
    """A hire made at an event or directly is recorded by the enterprise (for its own
    branches' posts) or by the bureau over the post's region."""
    return staff_of(user, post.branch.enterprise_id) or _bureau_over(user, post.region)


@rule(
    "jobs.may_answer_offline_hire",
    not_yours=_("This hire was recorded for another person."),
)
def may_answer_offline_hire(user, hire) -> bool:
    """The veteran it names answers it: found by resident ID, or the account of the
    invited e-mail address."""
    profile = getattr(user, "veteran_profile", None) if user.is_authenticated else None
    if profile is None:
        return False
    if hire.veteran_id is not None:
        return hire.veteran_id == profile.pk
    return bool(hire.invited_email) and hire.invited_email.lower() == user.email.lower()


@rule(
    "jobs.may_oversee_attendance",
    outside=_("Only the veterans-affairs bureau of the event's region records attendance."),
)
def may_oversee_attendance(user, event: RecruitmentEvent) -> bool:
    return _bureau_over(user, event.region)


@rule(
    "jobs.may_organise_event",
    outside=_("Only the veterans-affairs bureau of this region may do this."),
)
def may_organise_event(user, region) -> bool:
    return _bureau_over(user, region)


@rule(
    "jobs.may_oversee_event",
    outside=_("Only the authorities over the event's region see its registrations."),
)
def may_oversee_event(user, event: RecruitmentEvent) -> bool:
    """The bureau over the event's region and the ministry see who registered and its trail."""
    return user.is_authenticated and user.governs(event.region)


@rule(
    "jobs.may_start_matching_run",
    error=Conflict,
    not_ministry=_("Only the ministry may start a matching run."),
    running=_(
        "A matching run is already running. Wait until it is finished before starting another."
    ),
)
def may_start_matching_run(user=None) -> str | None:
    """The ministry (or, with no user, the nightly schedule and `run_matching`) starts a run,
    one at a time. The service asks under its lock, after failing the stale runs."""
    if user is not None and not (user.is_authenticated and user.is_ministry):
        return "not_ministry"
    if MatchingRun.objects.filter(status=MatchingRun.Status.RUNNING).exists():
        return "running"
    return None


@rule(
    "jobs.may_clone_post",
    error=Conflict,
    taken_down=_("A post taken down after a check is not copied: write a new post instead."),
)
def may_clone_post(post: JobPost) -> bool:
    """Any post of the enterprise's own is copied into a new draft, but one the bureau
    took down (not genuine, or confirmed reports)."""
    return post.status != JobPost.Status.TAKEN_DOWN


@rule(
    "jobs.may_repost_post",
    error=Conflict,
    not_ended=_("Only a closed, expired or filled post can be posted again."),
    reposted=_("This post has already been posted again."),
)
def may_repost_post(post: JobPost) -> str | None:
    """A post that ended (closed, expired, filled) is offered again as a new post linked
    to it, once."""
    status = JobPost.Status
    if post.status not in (status.CLOSED, status.EXPIRED, status.FILLED):
        return "not_ended"
    if JobPost.objects.filter(reposted_from=post).exists():
        return "reposted"
    return None


# --- interviews, messages and invitations (#18) -------------------------------------------


@rule(
    "jobs.may_propose_interview",
    error=Conflict,
    not_in_pipeline=_(
        "An interview can only be proposed while the application is in the pipeline "
        "(not yet offered, hired, declined or withdrawn)."
    ),
    already_open=_(
        "This application already has an interview proposed or agreed. Cancel it before "
        "proposing another."
    ),
)
def may_propose_interview(application: Application) -> str | None:
    """Slots are proposed up to the interview step; one open proposal at a time (the
    partial unique constraint decides between two at once)."""
    if application.status not in Application.OPEN[:4]:
        return "not_in_pipeline"
    if application.interviews.filter(status__in=Interview.OPEN).exists():
        return "already_open"
    return None


@rule(
    "jobs.may_answer_interview",
    not_applicant=_("Only the applicant answers an interview proposal."),
)
def may_answer_interview(interview: Interview, veteran) -> bool:
    return veteran is not None and interview.application.veteran_id == veteran.pk


# The rate limit's counter of messages sent, per sender (portal.accounts.security).
MESSAGE_RATE_SCOPE = "message"


@rule(
    "jobs.may_send_message",
    error=Conflict,
    closed=_("This application was withdrawn: its messages are kept, but no new ones are sent."),
    too_many=_(
        "You have sent the most messages allowed in one hour. Please wait a while before "
        "writing again."
    ),
)
def may_send_message(application: Application, sender) -> str | None:
    """A thread stays open while the application is not withdrawn; each sender may write
    MESSAGES_PER_HOUR messages an hour. A pure check: the sending service counts each
    message sent (jobs.services.messages), so a refused attempt is not counted."""
    if application.status == Application.Status.WITHDRAWN:
        return "closed"
    if rate_limit_used(scope=MESSAGE_RATE_SCOPE, key=str(sender.pk)) >= settings.MESSAGES_PER_HOUR:
        return "too_many"
    return None


@rule(
    "jobs.may_report_message",
    error=Conflict,
    own_message=_("You cannot report your own message."),
    removed=_("This message was already removed."),
)
def may_report_message(message: Message, reporter) -> str | None:
    if message.sender_id == reporter.pk:
        return "own_message"
    if message.hidden_at is not None:
        return "removed"
    return None


@rule(
    "jobs.may_handle_message_report",
    outside=_("Only the veterans-affairs bureau of this region may do this."),
)
def may_handle_message_report(user, report: MessageReport) -> bool:
    return _bureau_over(user, report.message.application.post.region)


@rule(
    "jobs.may_invite",
    error=Conflict,
    post_closed=_("This post takes no applications now, so nobody can be invited to it."),
    no_consent=_("This veteran no longer agrees to be found by enterprises and cannot be invited."),
    already_invited=_("This veteran was already invited to this post."),
    already_applied=_("This veteran has already applied to this post."),
    over_limit=_(
        "This post has sent the most invitations allowed for today. Please invite more "
        "candidates tomorrow."
    ),
)
def may_invite(post: JobPost, veteran) -> str | None:
    """An invitation goes to a candidate who still consents to be found, once per post,
    at most INVITATIONS_PER_POST_PER_DAY a post a day (counted under the post's row lock)."""
    if not may_apply.allows(post):
        return "post_closed"
    live = veteran.user.consents.filter(
        purpose=Consent.Purpose.DISCOVERABLE, withdrawn_at__isnull=True
    )
    if not live.exists():
        return "no_consent"
    if Invitation.objects.filter(post=post, veteran=veteran).exists():
        return "already_invited"
    if Application.objects.filter(post=post, veteran=veteran).exists():
        return "already_applied"
    if invitations_sent_today(post) >= settings.INVITATIONS_PER_POST_PER_DAY:
        return "over_limit"
    return None


@rule(
    "jobs.may_answer_invitation",
    not_invitee=_("Only the veteran invited answers this invitation."),
)
def may_answer_invitation(invitation: Invitation, veteran) -> bool:
    return veteran is not None and invitation.veteran_id == veteran.pk
