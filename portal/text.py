"""Text people type (README "Files and faults").

- Names and titles that other people read (an enterprise, a post, a veteran, a place) keep
  no invisible characters: a direction override (U+202E) makes "职位fdp.exe" read as
  "职位exe.pdf", a zero-width space makes two names look alike. NameField takes them out
  however the value arrives (form, API, admin, a bulk load, QuerySet.update).
- Free text has a length that fits its use: BoundedTextField checks it in forms (maxlength),
  the API (DRF reads max_length; plain serializer fields take limit_of()) and the model
  (full_clean).
"""

import re

from django.core.validators import MaxLengthValidator
from django.db import models

# Control characters (C0, DEL, C1) and the invisible formatting ones: soft hyphen, Arabic
# letter mark, Mongolian vowel separator, zero-width space/joiners, left-to-right and
# right-to-left marks, embeddings and overrides, word joiner and invisible operators,
# isolates, deprecated format characters, byte order mark, interlinear annotation.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


# A decision's note or reason, a finding, a message to an applicant: what the review forms
# have always allowed.
NOTE_MAX = 2000


def visible(value):
    """The text without invisible characters; anything else as it is."""
    return INVISIBLE.sub("", value) if isinstance(value, str) else value


class NameField(models.CharField):
    """A name or title: invisible and direction-changing characters are taken out."""

    def to_python(self, value):
        return visible(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = visible(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)  # what the answer shows is what is kept
        return value

    def get_prep_value(self, value):
        return visible(super().get_prep_value(value))


class BoundedTextField(models.TextField):
    """Free text of at most max_length characters."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def limit_of(model, field: str) -> int:
    """The length limit of a model's field, for an API input field that carries it."""
    return model._meta.get_field(field).max_length
