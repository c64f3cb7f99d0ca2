"""Reading a bureau's register of veterans (XLSX) for the bulk confirmation of veteran status.

The register has a header row naming three columns, in Chinese or English, in any order
(other columns are ignored): the resident ID number, the discharge certificate number and the
certificate's date. Each data row is checked on its own; every problem is reported with its
row number, and nothing is written unless every row is valid (veterans.services).
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.privacy import mask_resident_id
from veterans.resident_id import normalise_resident_id, validate_resident_id

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
CERTIFICATE_NUMBER_MAX_LENGTH = 32
# The column each header names (compared without spaces, case-insensitively).
HEADERS = {
    "公民身份号码": "resident_id",
    "身份证号码": "resident_id",
    "residentidnumber": "resident_id",
    "退役证件编号": "certificate_number",
    "dischargecertificatenumber": "certificate_number",
    "发证日期": "certificate_date",
    "certificatedate": "certificate_date",
}
COLUMN_NAMES = {
    "resident_id": _("Resident ID number"),
    "certificate_number": _("Discharge certificate number"),
    "certificate_date": _("Certificate date"),
}


class RegisterUnreadable(ValidationError):
    """The file as a whole cannot be read as a register (no row is checked)."""


@dataclass
class RegisterRow:
    number: int  # the row's number in the sheet
    resident_id: str = ""
    certificate_number: str = ""
    certificate_date: datetime.date | None = None
    errors: list[str] = field(default_factory=list)
    outcome: str = ""  # set by the import: see veterans.services.REGISTER_OUTCOMES

    @property
    def masked_resident_id(self) -> str:
        return mask_resident_id(self.resident_id)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _sheet_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError, TypeError) as error:
        raise RegisterUnreadable(_("The file could not be read as an XLSX workbook.")) from error


def _columns(header) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(header):
        name = HEADERS.get(_text(cell).replace(" ", "").lower())
        if name and name not in found:
            found[name] = index
    missing = [str(COLUMN_NAMES[name]) for name in COLUMN_NAMES if name not in found]
    if missing:
        raise RegisterUnreadable(
            _("The header row lacks these columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    return found


def _check(row: RegisterRow, seen: set[str]) -> None:
    try:
        validate_resident_id(row.resident_id)
    except ValidationError:
        row.errors.append(str(_("This is not a valid resident ID number.")))
    else:
        row.resident_id = normalise_resident_id(row.resident_id)
        if row.resident_id in seen:
            row.errors.append(str(_("This resident ID number is listed twice.")))
        seen.add(row.resident_id)
    if not row.certificate_number:
        row.errors.append(str(_("The discharge certificate number is missing.")))
    elif len(row.certificate_number) > CERTIFICATE_NUMBER_MAX_LENGTH:
        row.errors.append(str(_("The discharge certificate number is too long.")))
    if row.certificate_date is None:
        row.errors.append(str(_("The certificate date is missing or not a date (2024-06-30).")))
    elif row.certificate_date > timezone.localdate():
        row.errors.append(str(_("The certificate date is in the future.")))


def read_register(upload) -> list[RegisterRow]:
    """The register's data rows, each checked (``errors``); blank rows are skipped.
    RegisterUnreadable when the file is not an XLSX register at all."""
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise RegisterUnreadable(_("Upload the register as an XLSX file."))
    if upload.size > MAX_BYTES:
        raise RegisterUnreadable(_("The register is larger than 5 MB."))
    sheet = _sheet_rows(upload.read())
    if not sheet:
        raise RegisterUnreadable(_("The file is empty."))
    columns = _columns(sheet[0])
    if len(sheet) > MAX_ROWS + 1:
        raise RegisterUnreadable(
            _("The register has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
        )
    rows, seen = [], set()
    for number, values in enumerate(sheet[1:], start=2):
        cells = {
            name: values[index] if index < len(values) else None for name, index in columns.items()
        }
        if all(_text(value) == "" for value in cells.values()):
            continue
        row = RegisterRow(
            number=number,
            resident_id=_text(cells["resident_id"]),
            certificate_number=_text(cells["certificate_number"]),
            certificate_date=_date(cells["certificate_date"]),
        )
        _check(row, seen)
        rows.append(row)
    if not rows:
        raise RegisterUnreadable(_("The register has no rows below its header."))
    return rows
