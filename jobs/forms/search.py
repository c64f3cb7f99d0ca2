"""The post search form of the home page; a saved search stores what this form read."""

from django import forms
from django.core.cache import caches
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from enterprises.models import CooperationBatch, batch_name
from jobs.models import JobPost
from jobs.search import SALARY_STEPS, SearchCriteria
from portal.reference.models import Industry, Occupation, Region
from veterans.models import Education

ANY = [("", _("Any"))]
SALARY_CHOICES = [(n, f"{n:,}+") for n in SALARY_STEPS]
OPTIONS_SECONDS = 300
SORT_CHOICES = [("relevance", _("Best match")), ("date", _("Newest first"))]
# What the URL and a saved search carry; the cursor of a page is not part of a search.
PARAMS = (
    "q", "province", "city", "district", "industry", "occupation", "salary", "education",
    "employment_type", "batch", "agreement", "aimed_at", "sort",
)  # fmt: skip


def _choice(label, *, required=False, coerce=None, **kwargs):
    kwargs["widget"] = forms.Select
    if coerce:
        return forms.TypedChoiceField(
            label=label, required=required, coerce=coerce, empty_value=None, **kwargs
        )
    return forms.ChoiceField(label=label, required=required, **kwargs)


def _filter_options(province: str) -> dict:
    """The options of the filters, from reference data and the batches; each process keeps
    them five minutes per language and province (the local cache), as the search page is
    the most visited page and they change with a data load or a new batch."""
    key = f"search-options:{get_language()}:{province}"
    return caches["local"].get_or_set(
        key,
        lambda: {
            "province": list(Region.objects.provinces().values_list("code", _region_name())),
            "city": _cities(province),
            "industry": _industries(),
            "occupation": _occupation_groups(),
            "batch": [
                (number, batch_name(number, name))
                for number, name in CooperationBatch.objects.order_by("number").values_list(
                    "number", "name"
                )
            ],
        },
        OPTIONS_SECONDS,
    )


def _region_name() -> str:
    """The column of a region's name in the active language (regions.csv has both)."""
    return "name" if (get_language() or "zh").startswith("zh") else "name_en"


def _cities(province: str) -> list:
    """The cities of the chosen province (the form submits when the province changes)."""
    if not province:
        return []
    cities = Region.objects.cities().filter(code__startswith=province)
    return list(cities.values_list("code", _region_name()))


def _local_column() -> str:
    """The column of a reference row's name in the active language."""
    return "name" if (get_language() or "").startswith("zh") else "name_en"


def _districts(city: str) -> list:
    """The districts and counties of the chosen city (the form submits when the city
    changes), kept like the other options."""
    key = f"search-districts:{get_language()}:{city}"
    return caches["local"].get_or_set(
        key,
        lambda: list(
            Region.objects.districts().filter(parent_id=city).values_list("code", _region_name())
        ),
        OPTIONS_SECONDS,
    )


def _industries() -> list:
    return list(Industry.objects.values_list("code", _local_column()))


def _occupation_groups() -> list:
    """CSCO middle groups under their major group's name."""
    groups = Occupation.objects.filter(level__in=["major", "middle"]).order_by("code")
    tree = {}
    for code, name, level in groups.values_list("code", _local_column(), "level"):
        if level == "major":
            tree[code] = (name, [])
        elif code[:1] in tree:
            tree[code[:1]][1].append((code, name))
    return [(name, members) for name, members in tree.values() if members]


class PostSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Keywords"), max_length=64, required=False, widget=forms.SearchInput
    )
    province = _choice(_("Province"))
    city = _choice(_("City"))
    district = _choice(_("District or county"))
    industry = _choice(_("Industry"))
    occupation = _choice(_("Occupation"))
    salary = _choice(_("Monthly pay from"), coerce=int, choices=ANY + SALARY_CHOICES)
    education = _choice(_("My education"), coerce=int, choices=ANY + Education.choices)
    employment_type = _choice(_("Employment type"), choices=ANY + JobPost.EmploymentType.choices)
    batch = _choice(_("Cooperation batch"), coerce=int)
    agreement = forms.BooleanField(label=_("Only posts under an agreement"), required=False)
    # Regional cooperation: posts aimed at veterans whose home is in the province.
    aimed_at = _choice(_("Aimed at veterans from"))
    sort = _choice(_("Sort by"), choices=SORT_CHOICES)

    # Filters sit in a side panel apart from the search box, joined by the form attribute.
    html_id = "post-search"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["form"] = self.html_id
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["agreement"].widget.attrs["class"] = "form-check-input"
        self.fields["q"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "off",
             "placeholder": _("Post, enterprise or place")}
        )  # fmt: skip
        province = (self.data.get("province") or "")[:2]
        options = _filter_options(province if province.isdigit() else "")
        for name in ("province", "city", "industry", "occupation", "batch"):
            self.fields[name].choices = ANY + options[name]
        self.fields["aimed_at"].choices = ANY + options["province"]
        city = str(self.data.get("city") or "")
        in_province = city[:2] == province and city in dict(options["city"])
        self.fields["district"].choices = ANY + (_districts(city) if in_province else [])

    def criteria(self) -> SearchCriteria:
        """What was asked, leaving out any field that did not validate."""
        return SearchCriteria.from_params(self.params())

    def params(self) -> dict:
        """The search as the URL carries it: the non-empty values of the valid fields."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            name: self.data.get(name)
            for name in PARAMS
            if data.get(name) not in (None, "", False) and self.data.get(name)
        }

    def has_filters(self) -> bool:
        return any(name not in ("q", "sort") for name in self.params())


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of this search"), max_length=64)


def _names(model, key: str, codes, name: str = "name") -> dict:
    return dict(model.objects.filter(**{f"{key}__in": codes}).values_list(key, name))


def describe_searches(searches) -> dict[int, list[str]]:
    """What each saved search asks, as short labels; a fixed number of queries for a list."""
    params = [s.params for s in searches]

    def values(name):
        return {p[name] for p in params if p.get(name)}

    zh = (get_language() or "").startswith("zh")
    batches = {int(b) for b in values("batch") if str(b).isdigit()}
    names = {
        "province": _names(
            Region,
            "code",
            values("province") | values("city") | values("district") | values("aimed_at"),
            "name" if zh else "name_en",
        ),
        "industry": _names(Industry, "code", values("industry"), "name" if zh else "name_en"),
        "occupation": _names(Occupation, "code", values("occupation"), _local_column()),
        "batch": {str(k): v for k, v in _names(CooperationBatch, "number", batches).items()},
    }
    names["city"] = names["district"] = names["province"]
    return {s.pk: _labels(s.params, names) for s in searches}


def _labels(params: dict, names: dict) -> list[str]:
    labels = [f"“{params['q']}”"] if params.get("q") else []
    for name in ("province", "city", "district", "industry", "occupation", "batch"):
        if params.get(name):
            labels.append(names[name].get(str(params[name]), str(params[name])))
    if str(params.get("salary", "")).isdigit():
        labels.append(_("Monthly pay from %(amount)s") % {"amount": f"{int(params['salary']):,}"})
    level = str(params.get("education", ""))
    education = dict(Education.choices).get(int(level)) if level.isdigit() else None
    if education:
        labels.append(_("Education: %(level)s") % {"level": education})
    employment = dict(JobPost.EmploymentType.choices).get(params.get("employment_type"))
    if employment:
        labels.append(str(employment))
    if params.get("agreement"):
        labels.append(str(_("Under an agreement")))
    if params.get("aimed_at"):
        labels.append(
            _("Aimed at veterans from %(province)s")
            % {"province": names["province"].get(str(params["aimed_at"]), params["aimed_at"])}
        )
    return labels
