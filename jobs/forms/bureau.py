"""Forms of the bureau pages: post verification, report handling, follow-ups and events."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.selectors import enterprises_visible_to
from jobs.models import FollowUp, JobPost, RecruitmentEvent, Verification
from jobs.selectors import posts_overseen_by
from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VerificationForm(StyledFormMixin, forms.ModelForm):
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
