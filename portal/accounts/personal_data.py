"""What the portal holds about a person, declared model by model (PIPL: access and erasure).

Every model with a foreign key to the user or to the user's veteran profile holds personal
data. Each app says, in its own ``personal_data.py`` (loaded by the accounts app), what
each such model is to the person:

- ``declare(Model, owners=..., erase=...)``: the person's own rows, found through the
  ``owners`` lookups (``"user"``, ``"veteran__user"``): exported on request, and on
  erasure deleted (DELETE), blanked in the named fields (``blank={...}``) or kept as they
  are (KEEP, with the reason: a record that holds nothing of the person once the profile
  and the account are anonymised, and that other people's records or the figures need);
- ``out_of_scope(Model, fields=..., reason=...)``: foreign keys that name a staff member
  acting in their work (who reviewed, who recorded), not the person the row is about;
- ``free_text(Model, fields)``: text written for other people (inbox entries, e-mails)
  that may quote the person's name or number; erasure replaces those words.

``undeclared()`` lists every such foreign key that nothing declares, found through the app
registry, so a model added later fails tests/accounts/test_data_export.py until its app
says what it holds.
"""

import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

DELETE, BLANK, KEEP = "delete", "blank", "keep"
# The model that stands for a person besides the account (its rows name the person).
PROFILE_MODEL = "veterans.VeteranProfile"


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    owners: tuple[str, ...]
    erase: str
    blank: dict = field(default_factory=dict)
    reason: str = ""
    # Called with the rows before they are deleted or blanked (files on disk, counters).
    before_erase: Callable | None = None
    # What the my-data page calls the rows, when the model's verbose name will not do.
    label: str = ""

    @property
    def name(self) -> str:
        return str(self.label or self.model._meta.verbose_name_plural)


HOLDINGS: dict[str, Holding] = {}
OUT_OF_SCOPE: dict[tuple[str, str], str] = {}
FREE_TEXT: dict[str, tuple[str, ...]] = {}
# Called with (user, words) at erasure: data found by what the person typed, not by a key.
ERASE_HOOKS: list[Callable] = []


def declare(
    model, *, owners, erase: str, blank=None, reason: str = "", before_erase=None, label=""
):
    if erase not in (DELETE, BLANK, KEEP):
        raise ValueError(f"{model._meta.label}: erase must be delete, blank or keep")
    if erase == BLANK and not blank:
        raise ValueError(f"{model._meta.label}: name the fields to blank")
    if erase == KEEP and not reason:
        raise ValueError(f"{model._meta.label}: say why the rows are kept")
    owners = (owners,) if isinstance(owners, str) else tuple(owners)
    HOLDINGS[model._meta.label] = Holding(
        model, owners, erase, blank or {}, reason, before_erase, label
    )


def out_of_scope(model, *, fields, reason: str):
    fields = (fields,) if isinstance(fields, str) else fields
    for name in fields:
        OUT_OF_SCOPE[(model._meta.label, name)] = reason


def free_text(model, fields):
    FREE_TEXT[model._meta.label] = tuple(fields)


def erase_hook(function: Callable) -> Callable:
    ERASE_HOOKS.append(function)
    return function


def load_declarations() -> None:
    """Each app's personal_data module, and this app's own (and the libraries') below."""
    if "accounts.Notification" not in HOLDINGS:
        _declare_accounts()
    autodiscover_modules("personal_data")


STAFF_ACTING = "names the staff member who did the work, not the person the row is about"


def _declare_accounts() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    from portal.accounts.models import (
        AuditEvent,
        Notification,
        NotificationPreference,
        OutgoingEmail,
        OutgoingSms,
        PhoneVerification,
    )

    for model in (Notification, NotificationPreference, PhoneVerification, Token):
        declare(model, owners="user", erase=DELETE)
    for model in (TOTPDevice, StaticDevice):
        declare(model, owners="user", erase=DELETE)
    declare(
        AuditEvent,
        owners="actor",
        erase=KEEP,
        reason="the trail of who did what and when; it names the anonymised account only, "
        "and the person's words in its notes are replaced",
    )
    out_of_scope(LogEntry, fields="user", reason="the Django admin's log of staff members' work")
    free_text(AuditEvent, ("note", "data"))
    free_text(Notification, ("title", "body"))
    free_text(OutgoingEmail, ("subject", "body", "recipients"))
    free_text(OutgoingSms, ("phone", "text", "params"))

    @erase_hook
    def sign_in_records(user, words):
        """django-axes keeps the name typed at each sign-in, with the address it came from."""
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__in=[user.username, *words]).delete()

    @erase_hook
    def unsent_messages(user, words):
        """An e-mail or text message still owed to the person is not sent any more."""
        pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
        for address in {user.email} - {""}:
            pending.filter(recipients__contains=[address]).delete()
        OutgoingSms.objects.filter(sent_at__isnull=True, phone__in=words).delete()


# --- discovery -----------------------------------------------------------------------------


def _person_models() -> tuple:
    return (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model(PROFILE_MODEL))


def personal_foreign_keys() -> list[tuple[str, str]]:
    """(model label, field name) of every foreign key, one-to-one or many-to-many field of
    an installed model that points at a user or a veteran profile."""
    people = _person_models()
    found = []
    for model in apps.get_models():
        if model._meta.proxy:  # its concrete model is declared
            continue
        for fk in model._meta.get_fields():
            own = fk.concrete or (fk.many_to_many and not fk.auto_created)
            if fk.is_relation and own and fk.related_model in people:
                found.append((model._meta.label, fk.name))
    return found


def _declared_fields(holding: Holding) -> set[str]:
    return {owner.split("__")[0] for owner in holding.owners}


def undeclared() -> list[tuple[str, str]]:
    """Foreign keys to a person that neither an owner lookup nor out_of_scope names."""
    missing = []
    for label, name in personal_foreign_keys():
        holding = HOLDINGS.get(label)
        if holding is not None and name in _declared_fields(holding):
            continue
        if (label, name) not in OUT_OF_SCOPE:
            missing.append((label, name))
    return missing


def rows_of(holding: Holding, user) -> models.QuerySet:
    match = Q()
    for owner in holding.owners:
        match |= Q(**{owner: user})
    return holding.model._default_manager.filter(match).distinct()


def holdings() -> list[Holding]:
    return sorted(HOLDINGS.values(), key=lambda h: h.model._meta.label)


# --- access: everything about one person ---------------------------------------------------

# The account's own fields that a download shows (never the password hash).
ACCOUNT_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "phone",
    "phone_verified_at",
    "role",
    "language",
    "date_joined",
    "last_login",
)


def _value(obj, model_field):
    if model_field.many_to_many:
        return [str(item) for item in getattr(obj, model_field.name).all()]
    if model_field.is_relation:
        if model_field.related_model in _person_models():
            # Another person's account (a message's other side): its number, not its name.
            return getattr(obj, model_field.attname)
        related = getattr(obj, model_field.name)
        return None if related is None else str(related)
    value = getattr(obj, model_field.attname)
    if isinstance(model_field, models.FileField):
        return value.name if value else ""
    return value


def _row(obj) -> dict:
    fields = obj._meta.concrete_fields + obj._meta.many_to_many
    return {f.name: _value(obj, f) for f in fields if f.name != "password"}


def collect(user) -> dict:
    """The person's account and every declared holding's rows, as plain values: what
    the download (JSON or XLSX) carries."""
    account = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    sections = []
    for holding in holdings():
        rows = [_row(obj) for obj in rows_of(holding, user).order_by("pk")]
        if rows:
            meta = holding.model._meta
            sections.append({"model": meta.label, "name": holding.name, "rows": rows})
    return {"account": account, "holdings": sections}


# --- erasure -------------------------------------------------------------------------------

ERASED = "（已删除）"


def _erase_holding(holding: Holding, user) -> int:
    rows = holding.model._default_manager.filter(pk__in=rows_of(holding, user).values("pk"))
    if holding.erase == KEEP:
        return 0
    if holding.before_erase is not None:
        holding.before_erase(rows)
    if holding.erase == DELETE:
        return rows.delete()[0]
    count = 0
    for obj in rows:
        for name, value in holding.blank.items():
            setattr(obj, name, value() if callable(value) else value)
        obj.save(update_fields=list(holding.blank))
        count += 1
    return count


def erase_holdings(user, words) -> dict[str, int]:
    """Delete or blank every declared holding of ``user`` (the caller's transaction), then
    what the hooks find by the person's ``words``."""
    erased = {h.model._meta.label: _erase_holding(h, user) for h in holdings()}
    for hook in ERASE_HOOKS:
        hook(user, words)
    return erased


def scrub_free_text(words) -> int:
    """Replace each of ``words`` wherever free text declared by ``free_text`` quotes it:
    text columns in place, JSON columns through their text form."""
    from django.db import connection

    words = sorted({w for w in words if w and len(w) >= 2}, key=len, reverse=True)
    changed = 0
    with connection.cursor() as cursor:
        for label, names in FREE_TEXT.items():
            model = apps.get_model(label)
            table = connection.ops.quote_name(model._meta.db_table)
            for name in names:
                model_field = model._meta.get_field(name)
                column = connection.ops.quote_name(model_field.column)
                is_json = isinstance(model_field, models.JSONField)
                text = f"{column}::text" if is_json else column
                for word in words:
                    new = f"replace({text}, %s, %s)" + ("::jsonb" if is_json else "")
                    cursor.execute(
                        f"UPDATE {table} SET {column} = {new} WHERE strpos({text}, %s) > 0",
                        [word, ERASED, word],
                    )
                    changed += cursor.rowcount
    return changed


# --- the download's two forms --------------------------------------------------------------


def _plain(value):
    """A cell's value: dates and times in the portal's time zone, everything else as text."""
    from django.utils import timezone

    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def to_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


def to_xlsx(data: dict) -> bytes:
    """One sheet for the account and one per holding, a row per record; text that a
    spreadsheet would run as a formula is kept as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    account = workbook.active
    account.title = "account"
    for name, value in data["account"].items():
        account.append([name, _plain(value)])
    for section in data["holdings"]:
        sheet = workbook.create_sheet(section["model"][:31])
        columns = list(section["rows"][0])
        sheet.append(columns)
        for row in section["rows"]:
            sheet.append([_plain(row[column]) for column in columns])
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    cell.data_type, cell.quotePrefix = "s", True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
