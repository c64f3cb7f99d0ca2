"""Forms of the bureau pages: post verification, report handling, follow-ups and events."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.selectors import enterprises_visible_to
from jobs.models import FollowUp, JobPost, OfflineHire, RecruitmentEvent, Verification
from jobs.selectors import (
    events_visible_to,
    posts_open_for_hire,
    posts_overseen_by,
    posts_visible_to,
)
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the list may be empty when the field is optional."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class VerificationForm(StyledFormMixin, forms.ModelForm):
    evidence = MultipleFileField(label=_("Evidence"), required=False)

    class Meta:
        model = Verification
        fields = ["method", "result", "verified_on", "note"]
        widgets = {
            "method": forms.RadioSelect,
            "result": forms.RadioSelect,
            "verified_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _radios(self)
        # Radio buttons need no empty "---------" choice: nothing checked is the empty state.
        self.fields["method"].choices = Verification.Method.choices
        self.fields["result"].choices = Verification.Result.choices
        self.fields["verified_on"].initial = timezone.localdate
        self.fields["evidence"].help_text = _(
            "Photos (JPEG or PNG) or PDF files of what you checked, at most %(files)d files of "
            "%(megabytes)d MB each. Only the veterans-affairs authorities see them."
        ) % {
            "files": settings.VERIFICATION_EVIDENCE_MAX_FILES,
            "megabytes": settings.VERIFICATION_EVIDENCE_MAX_BYTES // 2**20,
        }

    def clean_verified_on(self):
        verified_on = self.cleaned_data["verified_on"]
        if verified_on > timezone.localdate():
            raise forms.ValidationError(_("A verification cannot be dated in the future."))
        return verified_on


class FollowUpForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["outcome", "left_reason", "note"]
        widgets = {
            "outcome": forms.RadioSelect,
            "left_reason": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        _radios(self)
        self.fields["outcome"].choices = FollowUp.Outcome.choices
        self.fields["left_reason"].help_text = _("Required when the veteran has left the post.")

    def clean(self):
        data = super().clean()
        left = data.get("outcome") == FollowUp.Outcome.LEFT
        if left and not (data.get("left_reason") or "").strip():
            self.add_error("left_reason", _("Say why the veteran left the post."))
        return data


class FollowUpFilter(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Due and scheduled")), *FollowUp.Status.choices],
    )


class RecruitmentEventForm(StyledFormMixin, forms.ModelForm):
    """Regions, enterprises and posts are those of the organising bureau."""

    class Meta:
        model = RecruitmentEvent
        fields = [
            "title",
            "region",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "description",
            "enterprises",
            "posts",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "enterprises": forms.SelectMultiple(attrs={"size": 8}),
            "posts": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # An event takes place in a city (or a district of it), not in a whole province.
        regions = Region.objects.within(user.region).exclude(level=Region.Level.PROVINCE)
        self.fields["region"] = RegionChoiceField(
            label=self.fields["region"].label,
            queryset=regions.select_related("parent").order_by("code"),
            initial=user.region_id,
        )
        self.fields["region"].widget.attrs["class"] = "form-select"
        several = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self.fields["enterprises"].help_text = several
        self.fields["posts"].help_text = several
        self.fields["enterprises"].queryset = (
            enterprises_visible_to(user).approved().order_by("name")
        )
        posts = posts_overseen_by(user).filter(status=JobPost.Status.PUBLISHED)
        self.fields["posts"].queryset = posts.order_by("branch__enterprise__name", "title")
        self.fields["posts"].label_from_instance = _post_label
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data


def _radios(form: forms.Form) -> None:
    """Radio buttons take Bootstrap's check classes; the templates lay them out."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["class"] = "form-check-input"


def _post_label(post: JobPost) -> str:
    return f"{post.branch.enterprise.name} · {post.title} · {post.region.local_name}"


class OfflineHireForm(StyledFormMixin, forms.Form):
    """A hire made at a recruitment event or directly, by the enterprise or the bureau."""

    post = forms.ModelChoiceField(label=_("Post"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Where the hire was made"), choices=OfflineHire.CHANNELS, widget=forms.RadioSelect
    )
    event = forms.ModelChoiceField(
        label=_("Recruitment event"),
        queryset=None,
        required=False,
        help_text=_("Only for a hire made at a recruitment event."),
    )
    resident_id = forms.CharField(
        label=_("Veteran's resident ID number"),
        required=False,
        max_length=32,
        help_text=_("The veteran is found by it when they have a profile."),
    )
    email = forms.EmailField(
        label=_("Veteran's e-mail address"),
        required=False,
        help_text=_("Without a profile, the veteran is invited by e-mail to confirm the hire."),
    )
    started_on = forms.DateField(label=_("Start date"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the posts this user may record a hire on. Accepted: any post the user
        # can see, so that the service's rule (may_record_offline_hire) says why another's
        # is refused, in the same words as the API.
        post = self.fields["post"]
        post.queryset = posts_visible_to(user).published()
        post.choices = [("", post.empty_label)] + [
            (p.pk, f"{p.title} · {p.branch.name}") for p in posts_open_for_hire(user)
        ]
        self.fields["event"].queryset = events_visible_to(user).order_by("-starts_at")
        _radios(self)
        self.fields["channel"].choices = OfflineHire.CHANNELS

    def clean(self):
        data = super().clean()
        if not (data.get("resident_id") or "").strip() and not data.get("email"):
            self.add_error(
                "resident_id", _("Give the veteran's resident ID number or e-mail address.")
            )
        if data.get("channel") == "event" and not data.get("event"):
            self.add_error("event", _("Choose the recruitment event the hire was made at."))
        return data
