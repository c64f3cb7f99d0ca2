"""Form rendering shared by every app: Bootstrap classes on the widgets, a service's refusal
shown on its form, and the region field. Templates write each field through
templates/includes/field.html."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from portal.reference.models import Region, name_in_language
from portal.refusals import REFUSALS, refusal_message
from portal.workflow import DomainError

CHECK = (forms.CheckboxInput, forms.RadioSelect)  # CheckboxSelectMultiple is a RadioSelect


def _add_class(widget: forms.Widget, css: str) -> None:
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


class StyledFormMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on each field with an error
    (whether the field, the form or a service found it: every error comes through add_error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, CHECK):
                _add_class(widget, "form-check-input")
            elif isinstance(widget, forms.Select):
                _add_class(widget, "form-select")
                _name_the_blank_choice(field)
            else:
                _add_class(widget, "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                _add_class(self.fields[name].widget, "is-invalid")


def text_box(label, *, rows: int, max_length: int, required: bool = True, **options):
    """A field of free text, written in a box ``rows`` lines high."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **options,
    )


def _name_the_blank_choice(field: forms.Field) -> None:
    """Django's blank choice reads "---------"; ours says what it means."""
    if getattr(field, "empty_label", None) == BLANK_CHOICE_DASH[0][1]:
        field.empty_label = _("Choose…")
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        field.choices = [
            (value, _("Choose…") if label == BLANK_CHOICE_DASH[0][1] else label)
            for value, label in field.choices
        ]


def add_service_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names, the rest above the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if isinstance(error, ValidationError):
        form.add_error(None, error)
        return
    form.add_error(None, refusal_message(error))


def save_form(request, form: forms.Form, save):
    """On a POST with valid input, ``save(cleaned_data)`` (one service call) and return what
    it returned; a refusal of the service lands on the form. None when there was nothing to
    save or the service refused: the caller shows the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data))
    except REFUSALS as error:
        add_service_error(form, error)
        return None


class _RegionOptions(ModelChoiceIterator):
    """The options from the regions' names alone, without a model per option: a field of
    every province and city has some 370, and making each one a Region was most of the
    time of the pages with such a filter."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        names = self.queryset.values_list(
            "pk", "name", "name_en", "parent__name", "parent__name_en"
        )
        for pk, name, name_en, parent, parent_en in names:
            yield (pk, _region_label(name, name_en, parent, parent_en))


def _region_label(name: str, name_en: str, parent: str | None, parent_en: str | None) -> str:
    if parent is None or parent == name:
        return name_in_language(name, name_en)
    return f"{name_in_language(parent, parent_en)} · {name_in_language(name, name_en)}"


class RegionChoiceField(forms.ModelChoiceField):
    """Provinces and cities, a city labelled with its province (北京市 · 北京市 reads odd)."""

    iterator = _RegionOptions

    def label_from_instance(self, region: Region) -> str:
        parent = region.parent if region.parent_id else None
        return _region_label(
            region.name,
            region.name_en,
            parent and parent.name,
            parent and parent.name_en,
        )
