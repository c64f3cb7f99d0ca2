"""How posts and reports on them are decided (portal.review): each decision once, taken
alike by the review pages, the API and the admin."""

from django.utils.translation import gettext_lazy as _

from jobs import services
from jobs.models import JobPost, MessageReport, PostReport
from jobs.policies import may_handle_message_report, may_handle_report, may_review_post
from portal.review import Decision, FindingForm, ReasonForm, Review

POST_REVIEW = Review(
    model=JobPost,
    rule=may_review_post,
    subject="post",
    actor="reviewer",
    url="jobs:post_{name}",
    decisions=(
        Decision(
            name="approve",
            service=services.job_post_approve,
            target=JobPost.Status.PUBLISHED,
            sources=(JobPost.Status.PENDING,),  # a held post comes back with its enterprise
            label=_("Approve and publish"),
            icon="bi-check-lg",
            success=_("The post is published; the enterprise has been told."),
        ),
        Decision(
            name="reject",
            service=services.job_post_reject,
            target=JobPost.Status.REJECTED,
            form=ReasonForm,
            label=_("Reject"),
            icon="bi-x-lg",
            danger=True,
            confirm=_(
                "Send this post back? The enterprise will be told the reason and may correct and resubmit it."
            ),
            success=_("The post is sent back; the enterprise has been told why."),
        ),
    ),
)

REPORT_REVIEW = Review(
    model=PostReport,
    rule=may_handle_report,
    subject="report",
    actor="handler",
    url="jobs:report_{name}",
    decisions=(
        Decision(
            name="confirm",
            service=services.post_report_confirm,
            target=PostReport.Status.CONFIRMED,
            form=FindingForm,
            label=_("Confirm and take the post down"),
            icon="bi-slash-circle",
            danger=True,
            confirm=_("Confirm this report? The post will be taken down and its applicants told."),
            success=_(
                "The report is confirmed: the post is taken down and its applicants are told."
            ),
        ),
        Decision(
            name="dismiss",
            service=services.post_report_dismiss,
            target=PostReport.Status.DISMISSED,
            form=FindingForm,
            label=_("Dismiss"),
            icon="bi-check2",
            success=_("The report is dismissed; the veteran who reported it has been told."),
        ),
    ),
)

MESSAGE_REPORT_REVIEW = Review(
    model=MessageReport,
    rule=may_handle_message_report,
    subject="report",
    actor="handler",
    url="jobs:message_report_{name}",
    decisions=(
        Decision(
            name="uphold",
            service=services.message_report_uphold,
            target=MessageReport.Status.UPHELD,
            form=FindingForm,
            label=_("Uphold and remove the message"),
            icon="bi-slash-circle",
            danger=True,
            confirm=_("Remove this message from the thread? The person who reported it is told."),
            success=_("The report is upheld: the message is removed and the reporter told."),
        ),
        Decision(
            name="dismiss",
            service=services.message_report_dismiss,
            target=MessageReport.Status.DISMISSED,
            form=FindingForm,
            label=_("Dismiss"),
            icon="bi-check2",
            success=_("The report is dismissed; the person who reported it has been told."),
        ),
    ),
)
