"""Forms of interviews, messages and invitations to apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import MESSAGE_MAX, Interview, MessageReport
from portal.forms import StyledFormMixin, text_box
from portal.text import NOTE_MAX

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
SLOT_FIELDS = ("slot_1", "slot_2", "slot_3")


def _slot_field(label, required=False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_LOCAL,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL[0]),
    )


class InterviewProposeForm(StyledFormMixin, forms.Form):
    slot_1 = _slot_field(_("First proposed time"), required=True)
    slot_2 = _slot_field(_("Second proposed time (optional)"))
    slot_3 = _slot_field(_("Third proposed time (optional)"))
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=10, max_value=480, initial=60
    )
    mode = forms.ChoiceField(label=_("How"), choices=Interview.Mode.choices)
    place = forms.CharField(
        label=_("Address"), max_length=255, required=False,
        help_text=_("For an interview in person: the street, building and room."),
    )  # fmt: skip
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https",
        help_text=_("For a video call: the link the applicant opens."),
    )  # fmt: skip
    contact_name = forms.CharField(label=_("Contact person"), max_length=64)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    note = text_box(_("Note to the applicant"), rows=2, max_length=NOTE_MAX, required=False)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["slots"] = [data.pop(name) for name in SLOT_FIELDS if data.get(name)]
        for name in SLOT_FIELDS:
            data.pop(name, None)
        return data


class InterviewAcceptForm(StyledFormMixin, forms.Form):
    slot = forms.ModelChoiceField(
        label=_("The time that suits you"), queryset=None, widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the proposed times.")},
    )  # fmt: skip

    def __init__(self, *args, interview: Interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = interview.slots.all()
        self.fields["slot"].label_from_instance = lambda slot: str(slot)


class InterviewNoteForm(StyledFormMixin, forms.Form):
    note = text_box(_("Note to the employer"), rows=2, max_length=NOTE_MAX, required=False)


class InterviewRescheduleForm(StyledFormMixin, forms.Form):
    note = text_box(
        _("Which days or times would suit you?"), rows=2, max_length=NOTE_MAX,
        error_messages={"required": _("Say which days or times would suit you.")},
    )  # fmt: skip


class MessageForm(StyledFormMixin, forms.Form):
    body = text_box(
        _("Your message"), rows=3, max_length=MESSAGE_MAX,
        help_text=_("Text only. Please do not send identity numbers or ask for fees."),
        error_messages={"required": _("Write a message first.")},
    )  # fmt: skip


class MessageReportForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong"), choices=MessageReport.Reason.choices)
    detail = text_box(_("Details (optional)"), rows=2, max_length=NOTE_MAX, required=False)


class InvitationForm(StyledFormMixin, forms.Form):
    veteran = forms.IntegerField(widget=forms.HiddenInput)
    note = text_box(_("A word to the candidate (optional)"), rows=2, max_length=500, required=False)
