"""The figures of one quarter for every scope (the nation, each province and city, and
each district with any figure), assembled from dashboards.queries.

A scope's figures are a JSON object:

- ``totals``: the scope's flows in the quarter (posts published and verified, applications,
  hires, medians, follow-ups at 3/6/12 months, post reports, training) and its stocks
  (veterans by job-seeking status, pledges with what was published, verified and filled
  under them by the quarter's end);
- ``feedback``: the veterans' answers of the quarter, counted and averaged per subject, per
  enterprise, training institution and event, and per region below (feedback_block);
- ``batches`` and ``enterprises``: the same flows and pledges per batch and per enterprise,
  keyed by id (as text, JSON's only key type), so one enterprise's row can be read alone.

Pledges count in the scope where the agreement was signed (ministry agreements in the
nation only; a province's in that province and the nation; a city's also in its city; a
district's also in its district); flows count where the post is (training where the
programme is, veterans where they live). A record placed at a city's own code counts in
the city and in no district.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from dashboards import blocks, columns, queries
from dashboards.blocks import COUNTED, MEDIANS, RETENTION_MONTHS
from dashboards.quarters import Quarter
from enterprises.models import Agreement, CooperationBatch, Enterprise
from jobs.models import RecruitmentEvent
from portal.reference.models import Industry, Region
from veterans.models import TrainingInstitution

NATION = None
# Bits of GROUPING(province, city, district, enterprise, batch): a set bit means "not
# grouped by".
PROVINCE_BIT, CITY_BIT, DISTRICT_BIT, ENTERPRISE_BIT, BATCH_BIT = 16, 8, 4, 2, 1


@dataclass
class Collected:
    """Measures by scope (a region code or NATION) and breakdown."""

    totals: dict = field(default_factory=lambda: defaultdict(dict))
    batches: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    enterprises: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    # The pledges by cooperation mode, and those of industry cooperation by industry.
    modes: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    industries: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    # Veterans' feedback: {scope: {(kind, key, subject): (answers, score_1, score_2)}},
    # kind "subject" (the scope's own answers), "enterprise", "institution" or "event".
    feedback: dict = field(default_factory=lambda: defaultdict(dict))


NOT_A_SCOPE = "not a scope"


def is_district_code(code: str) -> bool:
    """A district's or county's GB/T 2260 code: its last two digits are not 00 (those of a
    city's or a province's own code are)."""
    return code[4:] != "00"


def scope_of(province: str | None, city: str | None, district: str | None, mask: int):
    """The scope a grouped row belongs to. Facts placed at a province's own code (no city)
    count in the province and the nation but in no city; facts placed at a city's own code
    count in the city but in no district."""
    if not mask & PROVINCE_BIT:
        return f"{province}0000"
    if not mask & CITY_BIT:
        return f"{city}00" if city[2:] != "00" else NOT_A_SCOPE
    if not mask & DISTRICT_BIT:
        return district if is_district_code(district) else NOT_A_SCOPE
    return NATION


def add_fact_rows(collected: Collected, columns: list[str], rows: list[tuple]) -> None:
    names = columns[6:]
    for province, city, district, enterprise, batch, mask, *values in rows:
        measures = {name: _number(value) for name, value in zip(names, values)}
        scope = scope_of(province, city, district, mask)
        if scope == NOT_A_SCOPE:
            continue
        if not mask & ENTERPRISE_BIT:
            collected.enterprises[scope][enterprise].update(measures)
        elif not mask & BATCH_BIT:
            if batch is not None:  # posts under no agreement belong to no batch
                collected.batches[scope][batch].update(measures)
        else:
            collected.totals[scope].update(measures)


# Bits of the feedback query's GROUPING(province, city, district, enterprise, institution,
# event), and which of the last three a row is grouped by.
FEEDBACK_ABOUT = {4: "enterprise", 2: "institution", 1: "event"}


def add_feedback_rows(collected: Collected, rows: list[tuple]) -> None:
    for province, city, district, subject, *keys, mask, answers, score_1, score_2 in rows:
        scope = scope_of(province, city, district, mask >> 3 << 2 | 3)
        if scope == NOT_A_SCOPE:
            continue
        about = next((kind for bit, kind in FEEDBACK_ABOUT.items() if not mask & bit), None)
        key = None if about is None else keys[("enterprise", "institution", "event").index(about)]
        if about is not None and key is None:
            continue  # an answer about a training has no enterprise: no enterprise row
        collected.feedback[scope][(about or "subject", key, subject)] = (
            answers,
            _number(score_1),
            _number(score_2),
        )


def _number(value):
    if value is None or isinstance(value, int):
        return value
    return round(float(value), 2)


def elapsed_share(starts_on: datetime.date, ends_on: datetime.date, on: datetime.date) -> float:
    """How much of the agreement's term has passed by ``on``, from 0 to 1."""
    passed = (on - starts_on).days + 1
    return min(max(passed / (ends_on - starts_on).days, 0.0), 1.0)


def pledge_scopes(region_code: str | None) -> list[str | None]:
    """The scopes an agreement signed in ``region_code`` counts in: the nation, the
    province, the city and the district it was signed in, as far down as it goes."""
    if region_code is None:
        return [NATION]
    province, city = region_code[:2] + "0000", region_code[:4] + "00"
    scopes = [NATION, province]
    if city != province:
        scopes.append(city)
    if is_district_code(region_code):
        scopes.append(region_code)
    return scopes


def add_agreements(collected: Collected, rows: list[tuple], quarter: Quarter) -> None:
    for row in rows:
        _id, batch, enterprise, region, pledged, starts, ends, published, verified, filled = row[
            :10
        ]
        mode, industry, guaranteed, owed = row[10:]
        pledge = {
            "pledged": pledged,
            "pledge_expected": pledged * elapsed_share(starts, ends, quarter.last_day),
            "pledge_published": int(published),
            "pledge_verified": int(verified),
            "pledge_filled": int(filled),
        }
        for scope in pledge_scopes(region):
            targets = [
                collected.totals[scope],
                collected.batches[scope][batch],
                collected.enterprises[scope][enterprise],
                collected.modes[scope][mode],
            ]
            if mode == Agreement.CooperationMode.INDUSTRY:
                targets.append(collected.industries[scope][industry])
            for target in targets:
                for name, value in pledge.items():
                    target[name] = target.get(name, 0) + value
            if mode == Agreement.CooperationMode.TRAINING:
                by_mode = collected.modes[scope][mode]
                for name, value in (
                    ("interviews_guaranteed", guaranteed),
                    ("interviews_owed", owed),
                ):
                    by_mode[name] = by_mode.get(name, 0) + value


def collect(quarter: Quarter) -> Collected:
    params = {
        "start": quarter.starts_at,
        "end": quarter.ends_at,
        "first_day": quarter.first_day,
        "last_day": quarter.last_day,
        "zone": settings.TIME_ZONE,
    }
    collected = Collected()
    results = queries.run_every(params, settings.QUARTERLY_REPORT_CONNECTIONS)
    for sql in queries.FACT_QUERIES:
        add_fact_rows(collected, *results[sql])
    add_agreements(collected, results[queries.AGREEMENTS][1], quarter)
    add_feedback_rows(collected, results[queries.FEEDBACK][1])
    return collected


# --- derived figures and the final JSON ------------------------------------------------


def ratio(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def finish_block(measures: dict) -> dict:
    """Zeros for what did not happen, and the ratios and the pledge flag."""
    # A copy of the zeros, then the few measures the block has (most scopes have a handful
    # of the ~80): the same dict, in the same order, as a lookup of every name.
    block = dict(_ZEROS)
    for name, value in measures.items():
        if value and name in _ZEROS:
            block[name] = value
    for name in MEDIANS:
        block[name] = measures.get(name)
    block["pledge_expected"] = round(measures.get("pledge_expected", 0.0), 1)
    # Hires made at an event or directly had no application to convert.
    block["conversion"] = ratio(block["hires_online"], block["applications"])
    for month in RETENTION_MONTHS:
        block[f"retention_{month}"] = ratio(block[f"employed_{month}"], block[f"recorded_{month}"])
    block["pledge_published_share"] = ratio(block["pledge_published"], block["pledged"])
    block["pledge_filled_share"] = ratio(block["pledge_filled"], block["pledged"])
    block["behind"] = is_behind(block)
    return block


def is_behind(block: dict) -> bool:
    """Behind the pledge: fewer posts published under it than the share of the pledge the
    elapsed part of the term calls for (half the term gone: half the pledged posts)."""
    return block["pledged"] > 0 and block["pledge_published"] < block["pledge_expected"]


_ZEROS = dict.fromkeys(COUNTED, 0)


FEEDBACK_SUBJECTS = ("placement", "training", "event")
# The subject each breakdown's answers are about (an event's answers may name no enterprise).
FEEDBACK_TABLES = {"enterprise": "placement", "institution": "training", "event": "event"}


def _scores(found: tuple | None) -> dict:
    answers, score_1, score_2 = found or (0, None, None)
    return {"answers": answers, "score_1": score_1, "score_2": score_2}


def feedback_block(collected: Collected, scope, names: dict, children: list[str]) -> dict:
    """The quarter's answered feedback of a scope: answers and mean scores per subject; the
    same per enterprise (about jobs), training institution (about training) and event
    (about events), most answers first; and per region below (the bureaus of the provinces
    for the nation, of the cities for a province, of the districts for a city). Counts and
    means only: who answered and what they wrote never reach the report."""
    rows = collected.feedback.get(scope, {})
    subjects = {
        subject: _scores(rows.get(("subject", None, subject))) for subject in FEEDBACK_SUBJECTS
    }
    block = {"answers": sum(row["answers"] for row in subjects.values()), "subjects": subjects}
    for kind, subject in FEEDBACK_TABLES.items():
        table = [
            {"id": key, "name": names[f"{kind}s"].get(key, ""), **_scores(found)}
            for (about, key, answered), found in rows.items()
            if about == kind and answered == subject
        ]
        block[f"{kind}s"] = sorted(table, key=lambda row: (-row["answers"], row["name"]))
    regions = []
    for code in children:
        below = collected.feedback.get(code, {})
        found = {
            subject: _scores(below.get(("subject", None, subject))) for subject in FEEDBACK_SUBJECTS
        }
        answers = sum(row["answers"] for row in found.values())
        if answers:
            regions.append({"code": code, "answers": answers, "subjects": found})
    block["regions"] = regions
    return block


def scope_figures(collected: Collected, scope, names: dict) -> dict:
    enterprises = {}
    for pk, measures in collected.enterprises.get(scope, {}).items():
        enterprises[str(pk)] = {"name": names["enterprises"].get(pk, ""), **finish_block(measures)}
    batches = {}
    for pk, measures in collected.batches.get(scope, {}).items():
        number, name = names["batches"].get(pk, (0, ""))
        batches[str(pk)] = {"number": number, "name": name, **finish_block(measures)}
    modes = {
        mode: {"mode": mode, **finish_block(collected.modes[scope][mode])}
        for mode in Agreement.CooperationMode.values
        if mode in collected.modes.get(scope, {})
    }
    if training := modes.get(Agreement.CooperationMode.TRAINING):
        # Training cooperation's own figure: the interviews its linked training guaranteed.
        measures = collected.modes[scope][Agreement.CooperationMode.TRAINING]
        training["interviews_guaranteed"] = measures.get("interviews_guaranteed", 0)
        training["interviews_owed"] = measures.get("interviews_owed", 0)
    industries = {
        code: {"code": code, "name": names["industries"].get(code, code), **finish_block(measures)}
        for code, measures in sorted(collected.industries.get(scope, {}).items())
    }
    totals = finish_block(collected.totals.get(scope, {}))
    totals["enterprises_behind"] = sum(row["behind"] for row in enterprises.values())
    totals["enterprises_with_pledges"] = sum(row["pledged"] > 0 for row in enterprises.values())
    return {
        "totals": totals,
        "batches": batches,
        "enterprises": enterprises,
        "modes": modes,
        "industries": industries,
        "feedback": feedback_block(collected, scope, names, names["children"].get(scope, [])),
    }


# The rows of each feedback breakdown a dashboard shows (the printable report and the
# exports read all of them).
FEEDBACK_OVERVIEW_ROWS = 10


def overview(scope_figures: dict) -> dict:
    """What a dashboard reads besides the totals: the batches, and the enterprise table's
    columns only, as lists under one header (the nation has a thousand enterprises; their
    full figures are ten times as large, and only the printable page and exports read them)."""
    return {
        "batches": scope_figures["batches"],
        "modes": scope_figures.get("modes", {}),
        "industries": scope_figures.get("industries", {}),
        "enterprise_table": compact_table(scope_figures["enterprises"]),
        "feedback": feedback_overview(scope_figures.get("feedback")),
    }


# Compact (no spaces) and in UTF-8 rather than \u escapes: fewer bytes for PostgreSQL to
# receive and parse into jsonb, which stores the same value either way.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def stored_json(scope_figures: dict) -> dict[str, str]:
    """The report row's figures, totals and overview columns as JSON text, each block
    without its defaults (dashboards.blocks). The parts the columns share (the totals,
    the batches, the modes, the industries) are encoded once and spliced into each, so the
    text is that of the three values as figures, overview() and the totals give them."""
    parts = {key: _encode(value) for key, value in blocks.stored(scope_figures, "figures").items()}
    shown = {
        "batches": parts["batches"],
        "modes": parts["modes"],
        "industries": parts["industries"],
        "enterprise_table": _encode(compact_table(scope_figures["enterprises"])),
        "feedback": _encode(feedback_overview(scope_figures["feedback"])),
    }
    return {"figures": _object(parts), "totals": parts["totals"], "overview": _object(shown)}


def _object(encoded: dict[str, str]) -> str:
    """A JSON object from its keys and its values' JSON text."""
    return "{" + ",".join(f"{_encode(key)}:{value}" for key, value in encoded.items()) + "}"


def feedback_overview(block: dict | None) -> dict | None:
    if block is None:
        return None
    short = {f"{kind}s": block[f"{kind}s"][:FEEDBACK_OVERVIEW_ROWS] for kind in FEEDBACK_TABLES}
    return {**block, **short}


def compact_table(rows: dict) -> dict:
    """The rows by enterprise id: pages sort them by a column and keep this order among
    equal values, so it must not depend on the order the queries returned them in."""
    keys = ["id", *(column.key for column in columns.ENTERPRISE_COLUMNS)]
    ordered = sorted(((int(pk), row) for pk, row in rows.items()), key=lambda item: item[0])
    return {
        "columns": keys,
        "rows": [[pk, *(row.get(key) for key in keys[1:])] for pk, row in ordered],
    }


def table_rows(table: dict | None) -> list[dict]:
    """compact_table's rows as dicts again."""
    if not table:
        return []
    keys = table["columns"]
    return [dict(zip(keys, row)) for row in table["rows"]]


def every_scope(quarter: Quarter) -> dict:
    """{scope: figures} for the nation, every province and city, and every district that
    has any figure in the quarter (a district with none gets no row: its pages say so),
    computed at once."""
    return dict(each_scope(collect(quarter)))


def each_scope(collected: Collected) -> Iterator[tuple]:
    """(scope, figures) for every_scope's scopes, the nation first, each made as it is
    asked for (the report's writer encodes and sends one while the next is made). The
    names are read first: no query runs while the scopes are made (a COPY may be under
    way on the connection)."""
    codes = list(
        Region.objects.filter(level__in=("province", "city")).values_list("code", flat=True)
    )
    districts = sorted(
        code
        for code in set().union(
            collected.totals, collected.enterprises, collected.batches, collected.modes,
            collected.feedback,
        )
        if code is not NATION and is_district_code(code)
    )  # fmt: skip
    # A county-level city directly under its province (429004, Xiantao) is on the city
    # level with a district's code: one scope, once.
    listed = set(codes)
    scopes = [NATION, *codes, *(code for code in districts if code not in listed)]
    names = _names(collected)
    names["children"] = _children(scopes)
    return ((scope, scope_figures(collected, scope, names)) for scope in scopes)


def _children(scopes: list) -> dict:
    """{scope: the scopes right below it}: provinces below the nation, cities below a
    province, districts below a city."""
    children = defaultdict(list)
    for code in scopes:
        if code is NATION:
            continue
        if code.endswith("0000"):
            children[NATION].append(code)
        elif code.endswith("00"):
            children[code[:2] + "0000"].append(code)
        else:
            children[code[:4] + "00"].append(code)
    return children


def _names(collected: Collected) -> dict:
    """The names the stored figures carry: every enterprise's, batch's and industry's, and
    those of the institutions and events that were rated."""
    rated = defaultdict(set)
    for rows in collected.feedback.values():
        for about, key, _subject in rows:
            rated[about].add(key)
    return {
        "enterprises": dict(Enterprise.objects.values_list("id", "name")),
        "industries": dict(Industry.objects.values_list("code", "name")),
        "batches": {
            pk: (n, name)
            for pk, n, name in CooperationBatch.objects.values_list("id", "number", "name")
        },
        "institutions": dict(
            TrainingInstitution.objects.filter(pk__in=rated["institution"]).values_list(
                "id", "name"
            )
        ),
        "events": dict(
            RecruitmentEvent.objects.filter(pk__in=rated["event"]).values_list("id", "title")
        ),
    }
