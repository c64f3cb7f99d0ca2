"""The ``action_label`` filter: an AuditEvent's action code in words, for the trail partial."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "account.signup": _("Signed up"),
    "account.email_verified": _("Verified the e-mail address"),
    "enterprise.register": _("Registered the enterprise"),
    "enterprise.approve": _("Approved the enterprise"),
    "enterprise.reject": _("Rejected the enterprise"),
    "enterprise.suspend": _("Suspended the enterprise"),
    "enterprise.reinstate": _("Reinstated the enterprise"),
    "enterprise.member_invite": _("Invited a colleague"),
    "branch.create": _("Added the branch"),
    "branch.approve": _("Approved the branch"),
    "branch.reject": _("Rejected the branch"),
    "batch.create": _("Published the batch"),
    "agreement.create": _("Drafted the agreement"),
    "agreement.sign": _("Signed the agreement"),
    "agreement.activate": _("Put the agreement into effect"),
    "agreement.expire": _("The agreement expired"),
    "agreement.terminate": _("Terminated the agreement"),
    "job_post.created": _("Created the post"),
    "job_post.updated": _("Edited the post"),
    "job_post.submitted": _("Submitted the post for review"),
    "job_post.approved": _("Approved and published the post"),
    "job_post.rejected": _("Rejected the post"),
    "job_post.closed": _("Closed the post"),
    "job_post.filled": _("The last opening was filled"),
    "job_post.expired": _("The post expired"),
    "job_post.verified": _("Verified the post"),
    "job_post.taken_down": _("Took the post down"),
    "post_report.created": _("Reported the post"),
    "post_report.confirmed": _("Confirmed the report"),
    "post_report.dismissed": _("Dismissed the report"),
    "application.submitted": _("Applied"),
    "application.viewed": _("Marked the application as viewed"),
    "application.shortlisted": _("Shortlisted the applicant"),
    "application.interview": _("Invited the applicant to an interview"),
    "application.offered": _("Made an offer"),
    "application.rejected": _("Declined the application"),
    "application.hired": _("Hired the applicant"),
    "application.withdrawn": _("Withdrew the application"),
    "resume.upload": _("Uploaded the resume"),
    "resume.delete": _("Deleted the resume"),
    "resume.accessed": _("Downloaded the resume"),
    "recruitment_event.created": _("Scheduled the recruitment event"),
    "event_registration.created": _("Registered for the event"),
    "event_registration.cancelled": _("Cancelled the registration"),
    "follow_up.due": _("The follow-up came due"),
    "follow_up.recorded": _("Recorded the follow-up"),
    "training_institution.create": _("Registered the training institution"),
    "training_institution.update": _("Edited the training institution"),
    "training_programme.create": _("Created the training programme"),
    "training_programme.update": _("Edited the training programme"),
    "enrolment.create": _("Enrolled"),
    "enrolment.withdraw": _("Withdrew from the programme"),
    "enrolment.start": _("Recorded attendance"),
    "enrolment.complete": _("Recorded completion"),
    "enrolment.drop": _("Recorded that the veteran did not complete"),
    "consent.give": _("Gave consent"),
    "consent.withdraw": _("Withdrew consent"),
    "veteran_profile.create": _("Created the profile"),
    "veteran_profile.update": _("Updated the profile"),
    "veteran_profile.skills_set": _("Updated the skills"),
}


@register.filter
def action_label(action: str) -> str:
    """Unknown codes (a newer service's) show as they are rather than disappear."""
    return ACTION_LABELS.get(action, action)
