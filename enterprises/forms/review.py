"""Forms of the review pages: a decision's optional note, or its required reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import StyledFormMixin


class DecisionNoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(StyledFormMixin, forms.Form):
    """Rejections, suspensions and terminations are explained to the enterprise by e-mail."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason for this decision.")},
        help_text=_("The enterprise receives this reason by e-mail."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for this decision."))
        return reason
