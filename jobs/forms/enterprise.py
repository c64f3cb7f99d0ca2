"""Forms of the enterprise staff's job pages: posts, the pipeline filter and its steps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Agreement, Branch
from jobs.labels import agreement_label, branch_label, occupation_label
from jobs.models import Application, JobPost
from jobs.selectors import post_agreement_choices, post_branch_choices, post_occupation_choices
from jobs.services import PIPELINE_STEPS
from portal.forms import StyledFormMixin, text_box
from portal.reference.models import Occupation, Skill

POST_FIELDS = [
    "branch",
    "agreement",
    "title",
    "description",
    "occupation",
    "employment_type",
    "min_education",
    "salary_min",
    "salary_max",
    "openings",
    "deadline",
    "is_national",
    "required_skills",
]


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, branch: Branch) -> str:
        return branch_label(branch)


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agreement: Agreement) -> str:
        return agreement_label(agreement)


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, occupation: Occupation) -> str:
        return occupation_label(occupation)


def _picker(kind: str, widget=forms.Select, **attrs):
    """A select that portal.js turns into a searchable picker (vendor/tom-select): one item
    ("search") or tags ("tags"); without JavaScript it stays a plain select."""
    return widget(attrs={"data-picker": kind, "data-no-results": _("Nothing matches."), **attrs})


class JobPostForm(StyledFormMixin, forms.ModelForm):
    """Branches and agreements of the user's own enterprise only; the services decide the
    rest (an approved branch, an active agreement with pledged places left)."""

    branch = BranchChoiceField(queryset=Branch.objects.none(), label=_("branch"))
    agreement = AgreementChoiceField(
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Not counted against an agreement"),
        label=_("count against the agreement"),
        help_text=_("The post's openings then count against the agreement's pledged posts."),
    )

    occupation = OccupationChoiceField(
        queryset=Occupation.objects.none(),
        label=_("occupation"),
        widget=_picker("search"),
        help_text=_("Type a few characters of the occupation's name or its code."),
    )

    class Meta:
        model = JobPost
        fields = POST_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "required_skills": _picker("tags", forms.SelectMultiple),
        }
        help_texts = {
            "required_skills": _("Type to find a skill and tap it to add it; × removes it."),
        }

    def __init__(self, *args, enterprise_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance
        self.fields["branch"].queryset = post_branch_choices(enterprise_id, current.branch_id)
        self.fields["agreement"].queryset = post_agreement_choices(
            enterprise_id, current.agreement_id
        )
        self.fields["occupation"].queryset = post_occupation_choices()
        self.fields["required_skills"].queryset = Skill.objects.all()


class PostStatusFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All statuses")), *JobPost.Status.choices],
    )


class PostChoiceField(forms.ModelChoiceField):
    """A post named so that eight posts called 保安 can be told apart: title, branch, the
    branch's city and the day the post was created."""

    def label_from_instance(self, post) -> str:
        created = timezone.localtime(post.created_at).date().isoformat()
        return " · ".join([post.title, post.branch.name, post.branch.region.local_name, created])


class PipelineFilterForm(StyledFormMixin, forms.Form):
    post = PostChoiceField(
        label=_("post"),
        required=False,
        queryset=JobPost.objects.none(),
        empty_label=_("All posts"),
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All statuses")), *Application.Status.choices],
    )

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class ApplicationAdvanceForm(StyledFormMixin, forms.Form):
    target = forms.ChoiceField(
        choices=[(s, Application.Status(s).label) for s in PIPELINE_STEPS],
        widget=forms.HiddenInput,
    )
    message = text_box(
        _("message to the applicant"),
        rows=2,
        max_length=2000,
        required=False,
        help_text=_("The applicant gets an e-mail at each step, with this message."),
    )


class ApplicationHireForm(StyledFormMixin, forms.Form):
    started_on = forms.DateField(
        label=_("start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PostImportForm(StyledFormMixin, forms.Form):
    """An upload of the bulk posting template (jobs.bulk)."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("The filled-in template, as XLSX or CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    submit = forms.TypedChoiceField(
        label=_("the posts are created"),
        choices=[
            ("0", _("as drafts, to check and submit one by one")),
            ("1", _("submitted for review at once")),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )
