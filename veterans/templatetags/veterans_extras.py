"""Display helpers for the veterans' pages."""

from django import template
from django.utils import translation

from portal.accounts.privacy import mask_name, mask_phone

register = template.Library()


@register.filter
def local_name(obj) -> str:
    """A reference row's name in the page's language: skills, specialties, industries,
    regions and occupations carry an English name."""
    if obj is None:
        return ""
    english = getattr(obj, "name_en", "")
    if english and not (translation.get_language() or "").startswith("zh"):
        return english
    return getattr(obj, "name", str(obj))


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.filter
def masked_name(value: str) -> str:
    return mask_name(value)
