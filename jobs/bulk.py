"""Bulk posting's file formats: the template enterprise staff fill (XLSX with drop-down
lists, or CSV), reading an uploaded file, and checking each of its rows.

A row is checked by the rules the post form and jobs.services.job_post_create obey: its
choices are looked up among the choices the post form offers (jobs.selectors, named as the
form names them, jobs.labels), its cells are read by the form's own fields, and the post it
describes is validated by the model (JobPost.full_clean: field limits, the pay range,
openings) and the service's deadline check (jobs.services.common._validate). Reference
lists are read once per file into dicts, so checking a row costs no query.

Headers are accepted in Chinese or English, whichever the template was downloaded in.
"""

import csv
import datetime
import functools
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.models import Agreement
from enterprises.policies import pledge_counted_posts
from jobs.labels import agreement_label, branch_label, occupation_label
from jobs.models import JobPost
from jobs.selectors import post_agreement_choices, post_branch_choices, post_occupation_choices
from portal.reference.models import Skill

LANGUAGES = ("zh-hans", "en")
SKILL_SEPARATORS = re.compile(r"([,，、;；])")
TRUE_WORDS = {"是", "yes", "y", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "no", "n", "false", "0", ""}
# Reading a post's reference fields is the references' job: the model need not query them.
REFERENCE_FIELDS = ["branch", "agreement", "occupation", "region", "industry", "created_by"]
SPACES = re.compile(r"\s+")
LISTS_SHEET = "lists"
ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of the template: a field of the post form, how its cell is read and
    what to write in it (the hint repeated in the error report)."""

    field: str
    kind: str  # text, number, date, choice, reference, yes_no, skills
    required: bool
    hint: str

    def header(self) -> str:
        """The column's header in the active language: the post form's label."""
        return capfirst(str(JobPost._meta.get_field(self.field).verbose_name))


COLUMNS = [
    Column(
        "branch",
        "reference",
        True,
        gettext_lazy("Choose one of your approved branches from the list."),
    ),
    Column(
        "agreement",
        "reference",
        False,
        gettext_lazy(
            "Choose one of your active agreements from the list, or leave the cell empty."
        ),
    ),
    Column("title", "text", True, gettext_lazy("Write the post's title, at most 128 characters.")),
    Column(
        "description", "text", True, gettext_lazy("Describe the work, at most 5,000 characters.")
    ),
    Column(
        "occupation",
        "reference",
        True,
        gettext_lazy(
            "Choose an occupation from the list, or write its code (for example 4-01-02-01)."
        ),
    ),
    Column("employment_type", "choice", True, gettext_lazy("Choose one of the list's values.")),
    Column("min_education", "choice", True, gettext_lazy("Choose one of the list's values.")),
    Column("salary_min", "number", True, gettext_lazy("Write a whole number of yuan a month.")),
    Column(
        "salary_max",
        "number",
        True,
        gettext_lazy("Write a whole number of yuan a month, not below the bottom of the range."),
    ),
    Column("openings", "number", True, gettext_lazy("Write a whole number from 1 to 1,000.")),
    Column("deadline", "date", True, gettext_lazy("Write a date as 2026-12-31, today or later.")),
    Column(
        "is_national", "yes_no", False, gettext_lazy("Write yes or no; an empty cell means no.")
    ),
    Column(
        "required_skills",
        "skills",
        False,
        gettext_lazy(
            "Choose skills from the list, separated by 、 or commas; or leave the cell empty."
        ),
    ),
]
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
ORDER = {column.field: index for index, column in enumerate(COLUMNS)}


class FileUnreadable(Exception):
    """The upload is not an XLSX or CSV file with the template's header row."""


def headers(language: str) -> list[str]:
    with translation.override(language):
        return [column.header() for column in COLUMNS]


@functools.lru_cache(maxsize=65_536)
def _normal_text(text: str) -> str:
    return SPACES.sub("", text).rstrip("*＊").lower()


def _normal(text) -> str:
    """A name as compared: no spaces, no trailing asterisk, lower case."""
    return _normal_text(str(text or ""))


def _header_map() -> dict[str, Column]:
    known = {}
    for language in LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                known[_normal(column.header())] = column
                known[_normal(column.field)] = column
    return known


# --- reading an upload -------------------------------------------------------------------


def file_format(filename: str) -> str:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    raise FileUnreadable(_("Upload the template as an XLSX or CSV file."))


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    """(row number, cell values) of the first sheet, streamed. openpyxl in read-only mode
    reads the workbook's parts (shared strings, styles); the sheet is never held whole.
    (load_workbook is not used: for a sheet without <dimension>, as programs write them,
    it reads the whole sheet once more just to find its size.)"""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [rel.target for _sheet, rel in reader.parser.find_sheets()]
        path = next(target for target in sheets if target in reader.valid_files)
    except Exception as error:  # zipfile, XML and openpyxl's own errors alike
        raise FileUnreadable(_("The file could not be read as an XLSX workbook.")) from error
    return _sheet_rows(reader, path)


def _sheet_rows(reader, path: str) -> Iterator[tuple[int, tuple]]:
    """The sheet's rows, read from its XML as it streams by: the values of shared and
    inline strings, numbers, booleans and dates (numbers in a date format, per openpyxl's
    reading of the styles). openpyxl's own cell parser made most of the reading time."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    ns = f"{{{SHEET_MAIN_NS}}}"
    row_tag, cell_tag, value_tag, inline_tag = (ns + t for t in ("row", "c", "v", "is"))
    text_tag, run_tag = ns + "t", ns + "r"
    shared, dates, epoch = reader.shared_strings, reader.wb._date_formats, reader.wb.epoch
    columns = functools.lru_cache(maxsize=None)(
        lambda ref: column_index_from_string(ref.rstrip("0123456789"))
    )

    def value_of(cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            child = cell.find(inline_tag)
            if child is None:
                return None
            parts = [child.findtext(text_tag) or ""]
            parts += [run.findtext(text_tag) or "" for run in child.iterfind(run_tag)]
            return "".join(parts)
        raw = cell.findtext(value_tag)
        if raw is None or raw == "":
            return None
        if kind == "s":
            return shared[int(raw)]
        if kind == "n":
            number = float(raw) if any(c in raw for c in ".eE") else int(raw)
            style = cell.get("s")
            if style and int(style) in dates:
                return from_excel(number, epoch)
            return number
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text), "e" (an error such as #N/A)

    try:
        with reader.archive.open(path) as source:
            number = 0
            for _event, element in iterparse(source):
                if element.tag != row_tag:
                    continue
                number = int(element.get("r") or number + 1)
                values, position = {}, 0
                for cell in element.iterfind(cell_tag):
                    ref = cell.get("r")
                    position = columns(ref) if ref else position + 1
                    values[position] = value_of(cell)
                element.clear()
                yield number, tuple(values.get(i) for i in range(1, max(values, default=0) + 1))
    except (SyntaxError, KeyError, ValueError, IndexError, OverflowError) as error:
        raise FileUnreadable(_("The file could not be read as an XLSX workbook.")) from error


def _csv_rows(content: bytes) -> Iterator[tuple[int, tuple]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileUnreadable(_("The CSV file must be saved as UTF-8."))
    return enumerate((tuple(row) for row in csv.reader(io.StringIO(text))), start=1)


def count_rows(content: bytes, filename: str) -> int:
    """About how many data rows the file holds, without reading its cells: for the choice
    between checking it now and in the background, and for the progress bar."""
    if file_format(filename) == "csv":
        return max(content.count(b"\n") - 1, 0)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            if not sheets:
                return 0
            rows, tail = 0, b""
            with archive.open(sheets[0]) as sheet:
                while chunk := sheet.read(1 << 20):
                    block = tail + chunk
                    rows += len(ROW_TAG.findall(block))
                    tail = block[-8:]
                    rows -= len(ROW_TAG.findall(tail))
            return max(rows - 1, 0)
    except (zipfile.BadZipFile, OSError, KeyError):
        return 0


@dataclass
class Table:
    columns: list[Column | None]
    rows: Iterator[tuple[int, dict]]  # (row number in the file, {field: cell})


def read_table(content: bytes, filename: str) -> Table:
    """The file's header row, matched to the template's columns (either language), and
    its data rows; blank rows are skipped. FileUnreadable if it is not the template."""
    fmt = file_format(filename)
    raw = _xlsx_rows(content) if fmt == "xlsx" else _csv_rows(content)
    try:
        _number, header = next(raw)
    except (StopIteration, csv.Error) as error:
        raise FileUnreadable(_("The file is empty.")) from error
    known = _header_map()
    columns = [known.get(_normal(cell)) for cell in header]
    missing = [c for c in COLUMNS if c.required and c not in columns]
    if missing:
        raise FileUnreadable(
            _("The header row lacks these columns: %(columns)s. Start from the template.")
            % {"columns": "、".join(column.header() for column in missing)}
        )

    def rows():
        try:
            for number, values in raw:
                cells = {
                    column.field: value
                    for column, value in zip(columns, values)
                    if column is not None
                }
                if all(value is None or str(value).strip() == "" for value in cells.values()):
                    continue
                yield number, cells
        except csv.Error as error:
            message = _("The CSV file could not be read: %(error)s") % {"error": error}
            raise FileUnreadable(message) from error

    return Table(columns, rows())


# --- the reference lists -----------------------------------------------------------------


def _choice_labels(choices) -> dict[str, object]:
    """Each choice by its value and its label in either language."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                found[_normal(label)] = value
    for value, _label in choices:
        found[_normal(value)] = value
    return found


@dataclass
class References:
    """What a row may name, read once for the whole file (no query per row)."""

    enterprise_id: int
    branches: dict = field(default_factory=dict)
    agreements: dict = field(default_factory=dict)
    occupations: dict = field(default_factory=dict)
    skills: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    # Openings already counted against each agreement (enterprises.policies).
    committed: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)  # field -> labels, for the template

    @classmethod
    def load(cls, enterprise_id: int, *, today=None) -> "References":
        today = today or timezone.localdate()
        refs = cls(enterprise_id)
        branches = list(post_branch_choices(enterprise_id))
        refs.branches = refs._add("branch", branches, branch_label, lambda b: [b.name])
        agreements = [
            a
            for a in post_agreement_choices(enterprise_id)
            if a.status == Agreement.Status.ACTIVE and a.ends_on >= today
        ]
        refs.agreements = refs._add("agreement", agreements, agreement_label, lambda a: [])
        occupations = list(post_occupation_choices().only("code", "name", "name_en"))
        refs.occupations = refs._add(
            "occupation", occupations, occupation_label, lambda o: [o.code, o.name, o.name_en]
        )
        skills = list(Skill.objects.order_by("category", "name").only("name", "name_en"))
        for skill in skills:
            refs.skills[_normal(skill.name)] = skill
            refs.skills.setdefault(_normal(skill.name_en), skill)
        refs.lists["required_skills"] = [skill.name for skill in skills]
        counted = pledge_counted_posts(JobPost.objects.filter(agreement__in=agreements))
        refs.committed = dict(
            counted.values("agreement")
            .annotate(total=Sum("openings"))
            .values_list("agreement", "total")
        )
        for name in ("employment_type", "min_education"):
            choices = JobPost._meta.get_field(name).choices
            refs.choices[name] = _choice_labels(choices)
            refs.lists[name] = [str(label) for _value, label in choices]
        refs.lists["is_national"] = [_("yes"), _("no")]
        return refs

    def _add(self, name, objects, label, aliases) -> dict:
        """The objects by their label, and by each alias that names one object only."""
        found, ambiguous = {}, set()
        for obj in objects:
            for alias in aliases(obj):
                key = _normal(alias)
                if key in found and found[key] is not obj:
                    ambiguous.add(key)
                found[key] = obj
        for key in ambiguous:  # a short name two objects share names neither
            del found[key]
        for language in LANGUAGES:  # a file written in either language is read
            with translation.override(language):
                for obj in objects:
                    found[_normal(label(obj))] = obj
        self.lists[name] = [label(obj) for obj in objects]
        return found

    def fingerprint(self) -> str:
        """A digest of everything a row's check reads here: what each name finds (branches,
        agreements, occupations, skills, choices) and each branch's region, which the post
        takes. Not the openings already counted against the agreements: the pledge is
        checked again under lock whenever posts are written. Rows checked against the same
        fingerprint on the same day check the same (jobs.services.bulk keeps them)."""
        parts = {
            "branches": sorted((k, b.pk, b.region_id) for k, b in self.branches.items()),
            "agreements": sorted((k, a.pk) for k, a in self.agreements.items()),
            "occupations": sorted((k, o.pk) for k, o in self.occupations.items()),
            "skills": sorted((k, s.pk) for k, s in self.skills.items()),
            "choices": {name: sorted(found.items()) for name, found in self.choices.items()},
        }
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def lookup(self, name: str) -> dict:
        return {
            "branch": self.branches,
            "agreement": self.agreements,
            "occupation": self.occupations,
        }[name]


# --- checking a row ----------------------------------------------------------------------


@dataclass
class RowError:
    row: int | None
    column: str  # the column's header in the active language ("" for the whole file)
    message: str
    hint: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "hint": self.hint}


_NUMBER = forms.IntegerField()
_DATE = forms.DateField(input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"])
_REQUIRED = forms.Field.default_error_messages["required"]


def _cell(column: Column, value, refs: References):
    """The cell's value for the post, or ValidationError saying what is wrong with it."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if column.required:
            raise ValidationError(_REQUIRED)
        if column.kind == "yes_no":
            return False
        return [] if column.kind == "skills" else (None if column.kind == "reference" else "")
    kind = column.kind
    if kind == "text":
        return str(value)
    if kind == "number":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if type(value) is int:  # what the form's field would make of it
            return value
        return _NUMBER.clean(str(value).replace(",", ""))
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return _DATE.clean(str(value))
    if kind == "yes_no":
        word = _normal(value)
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("“%(value)s” is neither yes nor no.") % {"value": value})
    if kind == "choice":
        found = refs.choices[column.field].get(_normal(value))
        if found is None:
            raise ValidationError(
                _("“%(value)s” is not one of the list's values.") % {"value": value}
            )
        return found
    if kind == "skills":
        found, unknown = _skills(str(value), refs.skills)
        if unknown:
            raise ValidationError(
                _("No skill is called %(names)s.") % {"names": "、".join(f"“{n}”" for n in unknown)}
            )
        return list({skill.pk: skill for skill in found}.values())
    found = refs.lookup(column.field).get(_normal(value))
    if found is None:
        messages = {
            "branch": _("“%(value)s” is not an approved branch of your enterprise."),
            "agreement": _("“%(value)s” is not an active agreement of your enterprise."),
            "occupation": _("No occupation is called “%(value)s”."),
        }
        raise ValidationError(messages[column.field] % {"value": value})
    return found


def _skills(text: str, known: dict) -> tuple[list, list[str]]:
    """The skills a cell names, separated by 、 or commas; a name that holds a separator
    itself (少数民族语言（藏语、维吾尔语等）) is found as the longest known run of pieces."""
    parts = SKILL_SEPARATORS.split(text)
    pieces, separators = parts[0::2], parts[1::2]
    found, unknown, start = [], [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            name = "".join(
                p + s for p, s in zip(pieces[start:end], [*separators[start : end - 1], ""])
            )
            if _normal(name) in known:
                found.append(known[_normal(name)])
                start = end
                break
        else:
            if _normal(pieces[start]):
                unknown.append(pieces[start].strip())
            start += 1
    return found, unknown


@dataclass
class CheckedRow:
    number: int
    post: JobPost
    skills: list


class RowChecker:
    """Checks rows one by one against the references and the pledges of the whole file."""

    def __init__(self, refs: References, *, author, industry_id: str, today=None):
        self.refs, self.author, self.industry_id = refs, author, industry_id
        self.today = today or timezone.localdate()
        self.adding: dict[int, int] = {}  # openings the file adds to each agreement so far
        self.over: set[int] = set()  # agreements whose pledge the file already exceeded

    def check(self, number: int, cells: dict) -> tuple[CheckedRow | None, list[RowError]]:
        from jobs.services.common import _validate  # the service's own check of a post

        values, errors = {}, []
        for column in COLUMNS:
            try:
                values[column.field] = _cell(column, cells.get(column.field), self.refs)
            except ValidationError as error:
                errors.extend(self._errors(number, column.field, error.messages))
        if errors:
            return None, errors
        skills = values.pop("required_skills")
        branch = values["branch"]
        post = JobPost(
            **values,
            region_id=branch.region_id,
            industry_id=self.industry_id,
            created_by=self.author,
        )
        try:
            _validate(post, exclude=REFERENCE_FIELDS, today=self.today)
        except ValidationError as error:
            # In the columns' order, whichever check found them.
            found = error.message_dict
            for name in sorted(found, key=lambda n: ORDER.get(n, len(ORDER))):
                errors.extend(self._errors(number, name, found[name]))
            return None, errors
        pledge = self._pledge(number, post)
        if pledge:
            return None, [pledge]
        return CheckedRow(number, post, skills), []

    def _pledge(self, number: int, post: JobPost) -> RowError | None:
        """The pledge over the whole file: the row whose openings first take an agreement
        past its pledged posts is reported (once per agreement)."""
        agreement = post.agreement
        if agreement is None:
            return None
        adding = self.adding.get(agreement.pk, 0) + post.openings
        self.adding[agreement.pk] = adding
        committed = self.refs.committed.get(agreement.pk, 0)
        if committed + adding <= agreement.pledged_posts or agreement.pk in self.over:
            return None
        self.over.add(agreement.pk)
        column = COLUMN_BY_FIELD["agreement"]
        return RowError(
            number,
            column.header(),
            _(
                "Up to this row the file adds %(adding)d openings to this agreement: it "
                "pledges %(pledged)d posts and %(left)d are still free."
            )
            % {
                "adding": adding,
                "pledged": agreement.pledged_posts,
                "left": max(agreement.pledged_posts - committed, 0),
            },
            _("Lower the openings, count some posts against another agreement, or leave it empty."),
        )

    def _errors(self, number: int, name: str, messages) -> list[RowError]:
        column = COLUMN_BY_FIELD.get(name)
        header = column.header() if column else ""
        hint = str(column.hint) if column else ""
        return [RowError(number, header, str(message), hint) for message in messages]


# --- the template ------------------------------------------------------------------------


def example_row(refs: References) -> list:
    """A filled-in row, so the template shows what a good row looks like."""
    first = {name: (values[0] if values else "") for name, values in refs.lists.items()}
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return [
        first.get("branch", ""),
        "",
        _("Warehouse team leader"),
        _("Leads a team of six in the regional warehouse; day shifts."),
        first.get("occupation", ""),
        first.get("employment_type", ""),
        first.get("min_education", ""),
        5000,
        7000,
        2,
        deadline,
        _("no"),
        "",
    ]


def template_csv(refs: References, language: str) -> bytes:
    """The CSV template: the header row and an example row, UTF-8 with a BOM so that
    spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    with translation.override(language):
        writer.writerow(headers(language))
        row = example_row(refs)
    writer.writerow([value.isoformat() if hasattr(value, "isoformat") else value for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(refs: References, language: str) -> bytes:
    """The XLSX template: the posts sheet with its header row, an example row and a
    drop-down list on each column with choices; the lists on a hidden sheet; a sheet that
    says how to fill it in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    with translation.override(language):
        book = Workbook()
        posts = book.active
        posts.title = _("posts")
        posts.append(headers(language))
        posts.append(example_row(refs))
        posts.freeze_panes = "A2"
        for cell in posts[1]:
            cell.font = Font(bold=True)
        lists = book.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        last_row = 2000
        for index, column in enumerate(COLUMNS, start=1):
            letter = get_column_letter(index)
            posts.column_dimensions[letter].width = (
                40 if column.kind in ("reference", "text") else 16
            )
            if column.kind == "date":
                posts.cell(row=2, column=index).number_format = "yyyy-mm-dd"
            values = refs.lists.get(column.field)
            if not values:
                continue
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=index, value=value)
            source = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=not column.required,
                # Skills are several per cell: the list helps, the importer decides.
                showErrorMessage=column.kind != "skills",
                errorTitle=column.header(),
                error=str(column.hint),
                promptTitle=column.header(),
                prompt=str(column.hint)[:255],
                showInputMessage=True,
            )
            posts.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
        notes = book.create_sheet(_("how to fill in"))
        notes.append([_("column"), _("required"), _("what to write")])
        for cell in notes[1]:
            cell.font = Font(bold=True)
        for column in COLUMNS:
            notes.append(
                [column.header(), _("yes") if column.required else _("no"), str(column.hint)]
            )
        notes.append([])
        notes.append(
            [
                _(
                    "One post a row, from the second row on (the example row may be "
                    "overwritten or deleted). The header row may be in Chinese or English."
                )
            ]
        )
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["C"].width = 80
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def template_response(enterprise_id: int, fmt: str, language: str) -> HttpResponse:
    """The template file with the enterprise's own lists (the page's and the API's)."""
    refs = References.load(enterprise_id)
    if fmt == "csv":
        body, content_type = template_csv(refs, language), "text/csv; charset=utf-8"
    else:
        fmt, body, content_type = "xlsx", template_xlsx(refs, language), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="posts-template-{language}.{fmt}"'
    return response
