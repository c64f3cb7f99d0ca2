"""The resident identity number (GB 11643-1999): the one place that turns what a person
typed into the form the portal checks, stores and digests, and decides whether it is valid.

The model field normalises every value assigned to it or looked up by it
(``EncryptedTextField(normalise=...)``), so the web form, the API, the admin and the
commands all store, compare and digest the same text for the same number.

Area code: a number keeps the code of the place where it was first assigned, often years
after its holder's birth (the 15-digit numbers of the 1980s, the 18-digit ones of 1999), so
people born in the 1960s to 80s hold codes of districts created later (Shenzhen's 宝安区 and
龙岗区, 1992). python-stdnum's ``cn.ric`` refuses a code created after the birth year; here a
code is accepted if it existed at any time, in stdnum's list of historical codes.
"""

import datetime
import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

OLDEST_PLAUSIBLE_BIRTH_YEAR = 1940
YOUNGEST_PLAUSIBLE_AGE = 16
# Seventeen digits, then a digit or X (the check character 10).
SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def normalise_resident_id(value: str) -> str:
    """What a person may type, as stored: full-width digits and Ｘ become ASCII (NFKC),
    spaces and dashes between groups go, a lower-case x becomes X. Anything else stays, for
    the validator to refuse."""
    if SHAPE.fullmatch(value):
        return value  # the common case, and every loader's generated number
    text = unicodedata.normalize("NFKC", value)
    return "".join(c for c in text if not _is_separator(c)).upper()


def _is_separator(char: str) -> bool:
    # Whitespace (the ideographic space too), dashes, and invisible format characters
    # (a zero-width space pasted from a document).
    return char.isspace() or unicodedata.category(char) in ("Pd", "Cf")


def validate_resident_id(value: str) -> None:
    """Refuses, with the reason, a number that is not 18 characters of the right shape,
    fails the ISO 7064 MOD 11-2 check, holds no real birth date, an area code that never
    existed, or a birth date implausible for a veteran (before 1940, or under 16 today)."""
    number = normalise_resident_id(value or "")
    if not SHAPE.fullmatch(number):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits, then a digit or X."),
            code="resident_id_shape",
        )
    if ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(
            _("The resident ID number is not valid; please check every digit."),
            code="invalid_resident_id",
        )
    born = birth_date(number)
    if born is None:
        raise ValidationError(
            _("The birth date in the resident ID number (digits 7 to 14) does not exist."),
            code="no_such_birth_date",
        )
    if not is_known_area_code(number[:6]):
        raise ValidationError(
            _("The first six digits of the resident ID number are not a known area code."),
            code="unknown_area_code",
        )
    if not is_plausible_birth_date(born):
        raise ValidationError(
            _("The birth date in the resident ID number is not plausible."),
            code="implausible_birth_date",
        )


def birth_date(number: str) -> datetime.date | None:
    """The date in digits 7 to 14 of a normalised number; None if there is no such day."""
    try:
        return ric.get_birth_date(number)
    except StdnumError:
        return None


def is_plausible_birth_date(born: datetime.date) -> bool:
    latest = timezone.localdate() - datetime.timedelta(days=365 * YOUNGEST_PLAUSIBLE_AGE)
    return OLDEST_PLAUSIBLE_BIRTH_YEAR <= born.year and born <= latest


@functools.lru_cache(maxsize=8192)
def is_known_area_code(code: str) -> bool:
    """Whether stdnum's list of area codes (GB/T 2260, with the years each was in use)
    has this six-digit code at any time: a province, a prefecture or a county."""
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))
