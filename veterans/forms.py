"""The veteran's profile wizard, resume upload and consent forms. They validate and offer
choices; veterans.services does the writing."""

import datetime
from collections import defaultdict

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import RegionChoiceField, StyledFormMixin
from portal.reference.models import Industry, MilitarySpecialty, Region, Skill
from veterans.models import Consent, ServiceStation, VeteranProfile, VeteranSkill
from veterans.templatetags.veterans_extras import local_name

# The version of the consent texts on templates/veterans/consent.html: change it whenever
# those texts change, so every recorded consent names the text the veteran agreed to.
CONSENT_VERSION = "2026-01"

SKILL_CATEGORIES = {
    "transport": _("Driving and transport"),
    "logistics": _("Logistics and warehousing"),
    "security": _("Security and protection"),
    "safety": _("Work safety and emergency response"),
    "mechanical": _("Mechanical work and repair"),
    "electrical": _("Electrical work"),
    "construction": _("Construction"),
    "communication": _("Communications"),
    "it": _("Information technology"),
    "survey": _("Surveying and mapping"),
    "health": _("Health care"),
    "service": _("Services"),
    "office": _("Office and administration"),
    "finance": _("Finance and accounting"),
    "management": _("Management"),
    "language": _("Languages"),
}


def city_choices(province_code: str | None = None) -> list:
    """Cities of one province, or of every province grouped under its name."""
    cities = Region.objects.cities().select_related("parent").order_by("code")
    if province_code:
        return [(city.code, city.local_name) for city in cities.filter(parent_id=province_code)]
    groups = defaultdict(list)
    for city in cities:
        groups[city.parent.local_name].append((city.code, city.local_name))
    return list(groups.items())


class LocalNameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return local_name(obj)


class LocalNameMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return local_name(obj)


class ProfileStepForm(StyledFormMixin, forms.ModelForm):
    """One step of the wizard; ``profile_fields`` is what the service is given."""

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class IdentityForm(ProfileStepForm):
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Region.objects.provinces(),
        empty_label=_("Choose a province"),
    )

    class Meta:
        model = VeteranProfile
        fields = ["full_name", "resident_id", "phone", "home_region"]
        help_texts = {
            "resident_id": _("18 characters, as on your resident identity card."),
            "home_region": _("The city where you live now."),
        }

    field_order = ["full_name", "resident_id", "phone", "province", "home_region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        home = self.fields["home_region"]
        home.queryset = Region.objects.cities()
        home.label = _("City")
        province = self.data.get("province") or (
            self.instance.home_region.parent_id if self.instance.home_region_id else None
        )
        self.initial.setdefault("province", province)
        home.choices = [("", _("Choose a city")), *city_choices(province)]
        # htmx narrows the cities to the chosen province; without script, all are listed.
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("veterans:region_cities"),
                "hx-target": "#id_home_region",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        # Typed as the person likes (spaces, full-width digits, x): the model field
        # normalises it and its validator checks it; a taken number is refused by the service.
        self.fields["resident_id"].widget.attrs.update(autocomplete="off")

    def clean(self):
        cleaned = super().clean()
        province, city = cleaned.get("province"), cleaned.get("home_region")
        if province and city and city.parent_id != province.code:
            self.add_error("home_region", _("This city is not in the chosen province."))
        return cleaned


class ServiceForm(ProfileStepForm):
    military_specialty = LocalNameChoiceField(
        label=_("Military specialty"),
        queryset=MilitarySpecialty.objects.all(),
        required=False,
        empty_label=_("Choose your specialty"),
        help_text=_("We suggest skills and civilian occupations that fit it."),
    )

    class Meta:
        model = VeteranProfile
        fields = [
            "service_branch",
            "rank_category",
            "years_of_service",
            "discharge_date",
            "military_specialty",
        ]
        widgets = {"discharge_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("service_branch", "rank_category", "years_of_service", "discharge_date"):
            self.fields[name].required = True
        self.fields["years_of_service"].widget.attrs.update(min=0, max=45)
        self.fields["military_specialty"].choices = self._specialty_choices()

    def _specialty_choices(self) -> list:
        branches = dict(VeteranProfile.ServiceBranch.choices)
        groups = defaultdict(list)
        for specialty in MilitarySpecialty.objects.order_by("name"):
            groups[specialty.branch].append((specialty.pk, local_name(specialty)))
        general = [(_("Any service branch"), groups.pop("any", []))]
        by_branch = [(branches.get(code, code), items) for code, items in groups.items()]
        return [("", _("Choose your specialty")), *general, *sorted(by_branch, key=str)]

    def clean_years_of_service(self):
        years = self.cleaned_data.get("years_of_service")
        if years is not None and years > 45:
            raise forms.ValidationError(_("Please enter at most 45 years."), code="too_many_years")
        return years

    def clean_discharge_date(self):
        discharged = self.cleaned_data.get("discharge_date")
        if discharged and discharged > timezone.localdate():
            raise forms.ValidationError(
                _("The discharge date cannot be in the future."), code="future_discharge"
            )
        if discharged and discharged < datetime.date(1950, 1, 1):
            raise forms.ValidationError(_("Please check the discharge date."), code="too_old")
        return discharged


class EducationForm(ProfileStepForm):
    class Meta:
        model = VeteranProfile
        fields = ["education"]
        help_texts = {"education": _("Your highest completed education.")}


class SkillsForm(StyledFormMixin, forms.Form):
    """The skills the veteran declares; skills from the specialty or training stay fixed."""

    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, profile: VeteranProfile, suggested, **kwargs):
        super().__init__(*args, **kwargs)
        links = list(profile.skill_links.all())
        declared = VeteranSkill.Source.DECLARED
        self.locked = {link.skill_id: link for link in links if link.source != declared}
        self.initial.setdefault(
            "skills", [link.skill_id for link in links if link.source == declared]
        )
        self.suggested = [skill for skill in suggested if skill.pk not in self.locked]

    def _checked(self) -> set[int]:
        if self.is_bound:
            return {int(pk) for pk in self.data.getlist("skills") if str(pk).isdigit()}
        return set(self.initial["skills"])

    def _entry(self, skill: Skill, checked: set[int]) -> dict:
        return {"skill": skill, "checked": skill.pk in checked}

    def locked_links(self) -> list:
        """Skills from the military specialty or training: shown, not the veteran's to untick."""
        return sorted(self.locked.values(), key=lambda link: link.skill.name)

    def suggestion_entries(self) -> list[dict]:
        checked = self._checked()
        return [self._entry(skill, checked) for skill in self.suggested]

    def category_groups(self) -> list[dict]:
        """The rest of the taxonomy by category, without the skills shown above it."""
        checked = self._checked()
        shown = {skill.pk for skill in self.suggested} | set(self.locked)
        groups = defaultdict(list)
        for skill in Skill.objects.order_by("category", "name"):
            if skill.pk not in shown:
                groups[skill.category].append(self._entry(skill, checked))
        return [
            {
                "label": SKILL_CATEGORIES.get(category, category),
                "entries": entries,
                "selected": sum(entry["checked"] for entry in entries),
            }
            for category, entries in groups.items()
        ]


class PreferencesForm(ProfileStepForm):
    preferred_regions = forms.ModelMultipleChoiceField(
        label=_("Where would you like to work?"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_industries = LocalNameMultipleChoiceField(
        label=_("Industries you prefer"),
        queryset=Industry.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VeteranProfile
        fields = [
            "preferred_regions",
            "preferred_industries",
            "desired_salary",
            "willing_to_relocate",
            "seeking_status",
        ]
        help_texts = {"desired_salary": _("Before tax, in yuan per month.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desired_salary"].widget.attrs.update(min=0, step=100, inputmode="numeric")
        self.fields["willing_to_relocate"].help_text = _(
            "Posts in other cities are then recommended to you too."
        )

    def chosen_regions(self) -> set[str]:
        return {str(code) for code in self["preferred_regions"].value() or []}

    def region_groups(self) -> list[dict]:
        """Provinces with their cities, for checkboxes grouped by province; each city
        carries its chosen districts (``chosen_districts``), the others load when its
        list is opened (veterans:region_districts), so the page holds no 2,800 boxes."""
        chosen = self.chosen_regions()
        districts = defaultdict(list)
        for district in Region.objects.districts().filter(code__in=chosen).order_by("code"):
            districts[district.parent_id].append(district)
        with_districts = set(Region.objects.districts().values_list("parent_id", flat=True))
        provinces = {}
        for region in Region.objects.exclude(level="district").order_by("code"):
            if region.level == Region.Level.PROVINCE:
                provinces[region.code] = {"province": region, "cities": [], "selected": 0}
            else:
                region.chosen_districts = districts[region.code]
                region.has_districts = region.code in with_districts
                provinces[region.parent_id]["cities"].append(region)
            provinces[region.province_code]["selected"] += region.code in chosen
            provinces[region.province_code]["selected"] += len(districts[region.code])
        return list(provinces.values())


class ResumeUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Resume (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Consent.Purpose.choices, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


# --- veteran status confirmation (bureau officers) ------------------------------------------


class StatusConfirmForm(StyledFormMixin, forms.Form):
    """What the officer read on the discharge certificate."""

    certificate_number = forms.CharField(
        label=_("discharge certificate number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    certificate_date = forms.DateField(
        label=_("discharge certificate date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_certificate_number(self):
        return self.cleaned_data["certificate_number"].strip()

    def clean_certificate_date(self):
        date = self.cleaned_data["certificate_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The certificate date is in the future."))
        return date


class StatusRegisterForm(StyledFormMixin, forms.Form):
    register = forms.FileField(
        label=_("register (XLSX)"),
        help_text=_(
            "A header row with the columns 公民身份号码, 退役证件编号 and 发证日期 (or Resident ID "
            "number, Discharge certificate number and Certificate date); other columns are "
            "ignored. At most 5,000 rows and 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


# --- the service directory ------------------------------------------------------------------


class ServiceStationForm(StyledFormMixin, forms.ModelForm):
    """A station of the bureau's region subtree; the region is picked by typing its name
    (a province's bureau chooses among its cities and districts)."""

    class Meta:
        model = ServiceStation
        fields = ["region", "kind", "name", "address", "phone", "hours", "services"]
        widgets = {"services": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "hours": _("For example: Monday to Friday 9:00–12:00, 13:30–17:30"),
            "phone": _("The number veterans call, with the area code."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers the bureau's own subtree; any region is taken, and one outside it
        # is refused by the service (veterans.policies), in the API's very words.
        field = RegionChoiceField(
            label=_("Region"), queryset=Region.objects.all(), initial=user.region_id
        )
        own = Region.objects.within(user.region).select_related("parent").order_by("code")
        field.choices = [("", field.empty_label)] + [
            (region.code, field.label_from_instance(region)) for region in own
        ]
        self.fields["region"] = field
        self.fields["region"].widget.attrs.update(
            {"class": "form-select", "data-picker": "search", "data-no-results": _("No region")}
        )
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")


class RegionCascadeForm(forms.Form):
    """Province, then city, then district: each list holds the places of the one chosen
    before it (a few dozen options, never the 3,000 of the country). Its button sends it
    (a list never submits on a change: one arrow key would reload the page), and the next
    list then holds the places of the one chosen; the deepest choice is the region asked for."""

    province = forms.ChoiceField(label=_("Province"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    district = forms.ChoiceField(label=_("District or county"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province, city = self.data.get("province", ""), self.data.get("city", "")
        levels = (
            ("province", Region.objects.provinces(), True),
            ("city", Region.objects.cities().filter(parent_id=province), bool(province)),
            ("district", Region.objects.districts().filter(parent_id=city), bool(city)),
        )
        for name, regions, shown in levels:
            options = [(r.code, r.local_name) for r in regions.order_by("code")] if shown else []
            self.fields[name].choices = [("", _("Any"))] + options
            self.fields[name].widget.attrs.update({"class": "form-select", "disabled": not options})

    def region(self) -> Region | None:
        """The deepest valid choice (a city that is not of the chosen province is ignored)."""
        if not self.is_valid():
            return None
        for name in ("district", "city", "province"):
            code = self.cleaned_data.get(name)
            if code:
                return Region.objects.filter(code=code).select_related("parent").first()
        return None
