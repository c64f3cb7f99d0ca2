"""Forms of the notice pages: the readers' search and the publisher's draft."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobs.forms.bureau import DATE, MultipleFileField
from jobs.models import Notice
from jobs.models.notices import TAG_MAX, TAGS_MAX
from jobs.notices.selectors import NoticeCriteria
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region

TAG_SPLIT = re.compile(r"[,，、;；\s]+")


class NoticeSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=64)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Notice.Kind.choices]
    )
    region = RegionChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.filter(level__in=("province", "city")).select_related("parent"),
        empty_label=_("Nationwide"),
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=TAG_MAX)
    in_force = forms.BooleanField(label=_("In force only"), required=False)

    def criteria(self) -> NoticeCriteria:
        data = self.cleaned_data if self.is_valid() else {}
        return NoticeCriteria(
            text=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            tag=(data.get("tag") or "").strip(),
            region=data.get("region"),
            in_force=bool(data.get("in_force")),
        )


class TagsField(forms.CharField):
    """Tags typed in one box, separated by commas (，、 too) or spaces."""

    def to_python(self, value):
        words = [word for word in TAG_SPLIT.split(super().to_python(value) or "") if word]
        return list(dict.fromkeys(words))

    def prepare_value(self, value):
        return "，".join(value) if isinstance(value, list | tuple) else value

    def validate(self, value):
        super().validate(value)
        if len(value) > TAGS_MAX:
            raise forms.ValidationError(_("At most %(count)d tags.") % {"count": TAGS_MAX})
        if any(len(tag) > TAG_MAX for tag in value):
            raise forms.ValidationError(
                _("A tag has at most %(count)d characters.") % {"count": TAG_MAX}
            )


class NoticeForm(StyledFormMixin, forms.ModelForm):
    tags = TagsField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, for example 就业，培训，补贴."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    class Meta:
        model = Notice
        fields = [
            "kind", "title", "document_number", "body", "tags", "effective_from",
            "effective_until",
        ]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 12}),
            "effective_from": DATE,
            "effective_until": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Notice.Kind.choices
        self.fields["title"].label = pgettext_lazy("of a notice", "Title")
        self.fields["effective_until"].help_text = _("Leave empty if it stays in force.")
        self.fields["attachments"].help_text = _(
            "PDF files or photos (JPEG or PNG), at most %(files)d files of %(megabytes)d MB "
            "each. Everyone who reads the notice can open them."
        ) % {
            "files": settings.NOTICE_ATTACHMENTS_MAX_FILES,
            "megabytes": settings.VERIFICATION_EVIDENCE_MAX_BYTES // 2**20,
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("The end of the period comes after its start."))
        return data

    def notice_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachments", None)
        return data


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn? (for the record)"), required=False, max_length=500
    )
