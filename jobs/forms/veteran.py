"""Forms of the veteran's job pages: applying to a post and reporting one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import JobPost, PostReport
from portal.forms import StyledFormMixin

NOTE_MAX_LENGTH = 1000


def closed_reason(post: JobPost) -> str:
    """Why the post takes no applications now, in the veteran's words; "" when it does.

    The service checks again under its own rules; this only says it clearly, up front.
    """
    status = JobPost.Status
    if post.status == status.CLOSED:
        return _("This post is closed and no longer accepts applications.")
    if post.status == status.FILLED or (
        post.status == status.PUBLISHED and post.openings_left <= 0
    ):
        return _("All openings of this post are filled.")
    if post.status == status.EXPIRED or post.deadline < timezone.localdate():
        return _("The application deadline of this post has passed.")
    if post.status == status.TAKEN_DOWN:
        return _("This post was taken down after a check by the veterans affairs bureau.")
    if post.status != status.PUBLISHED:
        return _(
            "This post is being reviewed again after a change and takes no applications for now."
        )
    return ""


class ApplyForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note to the employer"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: why this post interests you, when you could start."),
    )
    resume = forms.ModelChoiceField(
        label=_("Resume to send"),
        queryset=None,
        required=False,
        empty_label=_("Apply without a resume"),
    )

    def __init__(self, *args, post: JobPost, resumes, already_applied: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.post, self.already_applied = post, already_applied
        self.fields["resume"].queryset = resumes
        self.fields["resume"].label_from_instance = lambda resume: resume.original_name
        # The newest resume is offered first; no resume means the field is left out.
        first = resumes.first()
        self.has_resumes = first is not None
        if first is not None:
            self.initial.setdefault("resume", first.pk)

    def clean(self):
        cleaned = super().clean()
        if self.already_applied:
            raise forms.ValidationError(
                _("You have already applied to this post."), code="already_applied"
            )
        reason = closed_reason(self.post)
        if reason:
            raise forms.ValidationError(reason, code="closed")
        return cleaned


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=PostReport.Reason.choices)
    detail = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What did you notice? The bureau of the region reads every report."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reason") == PostReport.Reason.OTHER
            and not cleaned.get("detail", "").strip()
        ):
            self.add_error("detail", _("Please describe the problem."))
        return cleaned
