import re

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.forms import StyledFormMixin, add_service_error
from portal.pagination import CursorPagination, paginate
from portal.refusals import refusal_message
from portal.workflow import Conflict, InvalidTransition
from tests import factories as f


class ExampleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="name", help_text="As on the card.")
    kind = forms.ChoiceField(
        label="kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="One."
    )
    agree = forms.BooleanField(label="agree", required=False)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _described_by(html: str) -> set[str]:
    return {i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()}


def test_every_id_a_field_is_described_by_is_on_the_page():
    form = ExampleForm(data={"name": ""})
    html = render_to_string("includes/form_fields.html", {"form": form})
    described = _described_by(html)
    assert {"id_name_helptext", "id_name_error", "id_kind_helptext", "id_kind_error"} <= described
    assert described <= _ids(html)


def test_a_field_with_an_error_is_marked_invalid_and_a_checkbox_styled_as_one():
    form = ExampleForm(data={"name": ""})
    form.is_valid()
    assert "is-invalid" in form.fields["name"].widget.attrs["class"]
    assert form.fields["agree"].widget.attrs["class"] == "form-check-input"
    assert form.fields["kind"].widget.attrs["class"] == "form-check-input is-invalid"


def test_a_services_field_errors_land_beside_their_fields_and_others_above_the_form():
    form = ExampleForm(data={"name": "x", "kind": "a"})
    form.is_valid()
    add_service_error(form, ValidationError({"name": "Taken.", "elsewhere": "Odd."}))
    add_service_error(form, Conflict("Full."))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Odd.", "Full."]


def test_a_refused_transition_is_told_as_the_objects_current_status(db):
    post = f.JobPostFactory(status="closed")
    message = refusal_message(InvalidTransition(post, "published"))
    assert message == "This is not possible any more: it is now “Closed”."


def test_pages_and_the_api_share_one_page_size(settings):
    settings.PAGE_SIZE = 3
    page = paginate(RequestFactory().get("/", {"page": "2"}), list(range(4)))
    assert (len(page), page.paginator.per_page) == (1, 3)
    assert CursorPagination().page_size == 3
