"""Forms of the enterprise staff's job pages: posts, the pipeline filter and its steps."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Agreement, Branch
from jobs.models import Application, JobPost
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
        return f"{branch.name} · {branch.region.name}"


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agreement: Agreement) -> str:
        return f"{agreement.batch.name} · {agreement.get_cooperation_mode_display()}"


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

    class Meta:
        model = JobPost
        fields = POST_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "required_skills": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "required_skills": _("Hold Ctrl (⌘ on a Mac) to choose several."),
        }

    def __init__(self, *args, enterprise_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance
        branches = Branch.objects.filter(enterprise_id=enterprise_id).select_related("region")
        self.fields["branch"].queryset = branches.filter(
            Q(status=Branch.Status.APPROVED) | Q(pk=current.branch_id)
        )
        agreements = Agreement.objects.filter(enterprise_id=enterprise_id).select_related("batch")
        self.fields["agreement"].queryset = agreements.filter(
            Q(status=Agreement.Status.ACTIVE) | Q(pk=current.agreement_id)
        )
        self.fields["occupation"].queryset = Occupation.objects.filter(
            level=Occupation.Level.DETAILED
        )
        self.fields["required_skills"].queryset = Skill.objects.all()


class PostStatusFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All statuses")), *JobPost.Status.choices],
        widget=forms.Select(attrs={"data-autosubmit": ""}),
    )


class PipelineFilterForm(StyledFormMixin, forms.Form):
    post = forms.ModelChoiceField(
        label=_("post"),
        required=False,
        queryset=JobPost.objects.none(),
        empty_label=_("All posts"),
        widget=forms.Select(attrs={"data-autosubmit": ""}),
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("All statuses")), *Application.Status.choices],
        widget=forms.Select(attrs={"data-autosubmit": ""}),
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
