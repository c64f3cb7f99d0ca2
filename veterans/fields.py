"""A text column stored encrypted, with a keyed digest kept beside it (#8).

``resident_id`` reads and writes as plain text in Python; the column holds an AES-GCM
token and ``resident_id_hash`` its HMAC digest, set whenever the value is assigned, so
``full_clean`` checks uniqueness on the digest, and ``filter(resident_id=value)`` compares
the digest column with the value's digest. No other lookup is possible on the encrypted
column (every save draws a new nonce), so any other one raises FieldError.

``normalise`` (optional) turns a value into its one stored form before it is kept, digested
or looked up, so two spellings of the same number cannot hold two rows (#13).
"""

from django import forms
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Lookup
from django.db.models.expressions import Col
from django.db.models.query_utils import DeferredAttribute

from portal.accounts import crypto


class _DigestingAttribute(DeferredAttribute):
    def __set__(self, instance, value):
        value = self.field.normalised(value)
        instance.__dict__[self.field.attname] = value
        if value:
            instance.__dict__[self.field.digest_field] = crypto.digest(value)


class _DigestExact(Lookup):
    lookup_name = "exact"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        field = self.lhs.target
        digest_column = Col(self.lhs.alias, field.model._meta.get_field(field.digest_field))
        sql, params = compiler.compile(digest_column)
        return f"{sql} = %s", (*params, crypto.digest(field.normalised(self.rhs)))


class EncryptedTextField(models.TextField):
    descriptor_class = _DigestingAttribute

    def __init__(
        self, *args, digest_field: str, purpose: str, form_max_length=None, normalise=None, **kwargs
    ):
        self.digest_field, self.purpose = digest_field, purpose
        self.form_max_length, self.normalise = form_max_length, normalise
        super().__init__(*args, **kwargs)

    def normalised(self, value):
        return self.normalise(value) if self.normalise and isinstance(value, str) else value

    def formfield(self, **kwargs):
        """A one-line input as long as a typed value may be, not a TextField's textarea."""
        defaults = {"form_class": forms.CharField, "max_length": self.form_max_length}
        return models.Field.formfield(self, **{**defaults, **kwargs})

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        extra = {"digest_field": self.digest_field, "purpose": self.purpose}
        if self.form_max_length:
            extra["form_max_length"] = self.form_max_length
        if self.normalise:
            extra["normalise"] = self.normalise
        return name, path, args, {**kwargs, **extra}

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value, purpose=self.purpose) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value, purpose=self.purpose) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _DigestExact
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted: only exact lookups (by digest) work.")
        return super().get_lookup(lookup_name)
