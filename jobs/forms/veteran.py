"""Forms of the veteran's job pages: applying to a post and reporting one. Whether the
post takes the application is jobs.policies.may_apply, which the service asks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import PostReport
from portal.forms import StyledFormMixin, text_box

NOTE_MAX_LENGTH = 1000


class ApplyForm(StyledFormMixin, forms.Form):
    note = text_box(
        _("Note to the employer"),
        rows=3,
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text=_("Optional: why this post interests you, when you could start."),
    )
    resume = forms.ModelChoiceField(
        label=_("Resume to send"),
        queryset=None,
        required=False,
        empty_label=_("Apply without a resume"),
    )
    share_contact = forms.BooleanField(
        label=_(
            "I agree that this post's enterprise sees my full mobile number and e-mail "
            "address, to contact me about this application."
        ),
        required=False,
        help_text=_(
            "Without this consent the enterprise sees them masked and can only reach you "
            "through the portal."
        ),
    )

    def __init__(self, *args, resumes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resume"].queryset = resumes
        self.fields["resume"].label_from_instance = lambda resume: resume.original_name
        # The newest resume is offered first; no resume means the field is left out.
        first = resumes.first()
        self.has_resumes = first is not None
        if first is not None:
            self.initial.setdefault("resume", first.pk)


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=PostReport.Reason.choices)
    detail = text_box(
        _("Details"),
        rows=3,
        max_length=2000,
        required=False,
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
