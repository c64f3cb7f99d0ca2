"""The data the engine reads, as arrays: reference vocabularies, posts and veterans.

Every code list becomes a dense index (skills, occupations, CSCO minor and major groups,
specialties, industries, cities, provinces). Lists per row (a post's required skills, a
veteran's skills or wanted regions) are CSR pairs: `ptr` of length n + 1 and the values.
"""

import dataclasses
import io
from dataclasses import dataclass

import numpy as np

from enterprises.models import Agreement, Branch
from enterprises.selectors import commended_enterprise_ids
from jobs.matching import factors, pgcopy
from jobs.matching.factors import CROSSWALK_WEIGHTS
from jobs.models import JobPost
from portal.reference.models import (
    Industry,
    MilitarySpecialty,
    Occupation,
    Region,
    Skill,
    SpecialtyOccupation,
)
from veterans.models import Consent, Enrolment, TrainingProgramme, VeteranProfile, VeteranSkill
from veterans.selectors import matched_q

CODES = 1_000_000  # region codes are six digits: lookups are arrays indexed by code


def unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values, as np.unique gives them. numpy 2's np.unique hashes
    integers, which is many times slower than sorting for the millions of keys the matching
    handles (5.7 s against 0.06 s for 4 million int64 here)."""
    ordered = np.sort(values, axis=None)
    if len(ordered) < 2:
        return ordered
    distinct = np.empty(len(ordered), dtype=bool)
    distinct[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=distinct[1:])
    return ordered[distinct]


def csr(owner: np.ndarray, value: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Group `value` by `owner` (0..n-1), duplicates dropped: (ptr, values sorted per row)."""
    key = unique(owner.astype(np.int64) * (1 << 32) + value.astype(np.int64))
    owner, value = key >> 32, key & 0xFFFFFFFF
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=ptr[1:])
    return ptr, value.astype(np.int32)


def id_array(ids: np.ndarray) -> str:
    """A PostgreSQL array literal, for `= ANY(%s::bigint[])`: much faster than letting the
    driver quote tens of thousands of numbers one by one."""
    return "{" + ",".join(ids.astype(str).tolist()) + "}"


def csr_rows(ptr: np.ndarray, values: np.ndarray) -> list[list[int]]:
    return [values[ptr[i] : ptr[i + 1]].tolist() for i in range(len(ptr) - 1)]


@dataclass
class Reference:
    skill_ids: np.ndarray  # index -> Skill pk
    skill_of: dict  # Skill pk -> index
    occupation_codes: list[str]
    occupation_of: dict  # code -> index
    occupation_minor: np.ndarray  # index -> minor group index, -1 above the minor level
    occupation_middle: np.ndarray  # index -> middle group index, -1 for a major group
    occupation_major: np.ndarray
    n_minor: int
    n_middle: int
    n_major: int
    specialty_of: dict  # MilitarySpecialty pk -> index
    crosswalk: list[list[tuple[str, float]]]  # per specialty: (occupation code, weight)
    specialty_skills: tuple[np.ndarray, np.ndarray]  # CSR of skill indices
    industry_codes: list[str]
    city_of: np.ndarray  # region code -> city index (-1 for a province)
    province_of: np.ndarray  # region code -> province index
    city_province: np.ndarray  # city index -> province index
    province_prefixes: list[str]  # province index -> two-digit prefix

    @property
    def n_skills(self) -> int:
        return len(self.skill_ids)

    @property
    def n_specialties(self) -> int:
        return len(self.crosswalk)

    @property
    def n_cities(self) -> int:
        return len(self.city_province)

    @property
    def n_provinces(self) -> int:
        return len(self.province_prefixes)

    def crosswalk_parts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per specialty (plus a last row for none): the best crosswalk weight per detailed
        occupation, per minor group, per middle group and per major group."""
        shape = self.n_specialties + 1
        detailed = np.zeros((shape, len(self.occupation_codes)))
        minor = np.zeros((shape, self.n_minor))
        middle = np.zeros((shape, self.n_middle))
        major = np.zeros((shape, self.n_major))
        for s, links in enumerate(self.crosswalk):
            for code, weight in links:
                o = self.occupation_of[code]
                detailed[s, o] = max(detailed[s, o], weight)
                m, d, g = (
                    self.occupation_minor[o],
                    self.occupation_middle[o],
                    self.occupation_major[o],
                )
                if m >= 0:
                    minor[s, m] = max(minor[s, m], weight)
                if d >= 0:
                    middle[s, d] = max(middle[s, d], weight)
                major[s, g] = max(major[s, g], weight)
        return detailed, minor, middle, major


def load_reference() -> Reference:
    skill_ids = np.array(Skill.objects.order_by("pk").values_list("pk", flat=True), np.int64)
    codes = list(Occupation.objects.order_by("code").values_list("code", flat=True))
    minors = sorted({c[:7] for c in codes if len(c) >= 7})
    middles = sorted({c[:4] for c in codes if len(c) >= 4})
    majors = sorted({c[:1] for c in codes})
    minor_of, major_of = {c: i for i, c in enumerate(minors)}, {c: i for i, c in enumerate(majors)}
    middle_of = {c: i for i, c in enumerate(middles)}
    specialties = list(MilitarySpecialty.objects.order_by("pk").values_list("pk", flat=True))
    specialty_of = {pk: i for i, pk in enumerate(specialties)}
    crosswalk = [[] for _ in specialties]
    for spec, code, fit in SpecialtyOccupation.objects.values_list(
        "specialty_id", "occupation_id", "fit"
    ):
        crosswalk[specialty_of[spec]].append((code, CROSSWALK_WEIGHTS[fit]))
    skill_of = {int(pk): i for i, pk in enumerate(skill_ids)}
    links = np.array(
        [
            (specialty_of[s], skill_of[k])
            for s, k in MilitarySpecialty.skills.through.objects.values_list(
                "militaryspecialty_id", "skill_id"
            )
        ],
        dtype=np.int64,
    ).reshape(-1, 2)
    return Reference(
        skill_ids=skill_ids,
        skill_of=skill_of,
        occupation_codes=codes,
        occupation_of={c: i for i, c in enumerate(codes)},
        occupation_minor=np.array([minor_of.get(c[:7], -1) if len(c) >= 7 else -1 for c in codes]),
        occupation_middle=np.array([middle_of[c[:4]] if len(c) >= 4 else -1 for c in codes]),
        occupation_major=np.array([major_of[c[:1]] for c in codes]),
        n_minor=len(minors),
        n_middle=len(middles),
        n_major=len(majors),
        specialty_of=specialty_of,
        crosswalk=crosswalk,
        specialty_skills=csr(links[:, 0], links[:, 1], len(specialties)),
        industry_codes=list(Industry.objects.order_by("code").values_list("code", flat=True)),
        **_regions(),
    )


def _regions() -> dict:
    regions = list(Region.objects.order_by("code").values_list("code", "level", "parent_id"))
    provinces = [code[:2] for code, level, _ in regions if level == Region.Level.PROVINCE]
    province_index = {prefix: i for i, prefix in enumerate(provinces)}
    cities = [code for code, level, _ in regions if level == Region.Level.CITY]
    city_index = {code: i for i, code in enumerate(cities)}
    city_of = np.full(CODES, -1, dtype=np.int32)
    province_of = np.full(CODES, -1, dtype=np.int32)
    for code, level, parent in regions:
        # A district counts as its city.
        city = code if level == Region.Level.CITY else parent
        city_of[int(code)] = city_index.get(city, -1) if level != Region.Level.PROVINCE else -1
        province_of[int(code)] = province_index.get(code[:2], -1)
    return {
        "city_of": city_of,
        "province_of": province_of,
        "city_province": np.array([province_index[c[:2]] for c in cities], dtype=np.int32),
        "province_prefixes": provinces,
    }


@dataclass
class PostTable:
    """The candidate posts: published, with openings left, deadline not passed."""

    ids: np.ndarray
    city: np.ndarray  # city index, -1 for a post placed at province level
    province: np.ndarray
    national: np.ndarray
    occupation: np.ndarray
    industry: np.ndarray
    salary_max: np.ndarray
    min_education: np.ndarray
    openings_left: np.ndarray
    # The agreement bonus (factors.agreement_bonus): under an active cooperation agreement,
    # of an enterprise whose commendation is current, or both.
    agreement: np.ndarray
    # A regional agreement's target provinces, bit p for province index p (0: none), and
    # the bonus for veterans from elsewhere (equal to `agreement` for a post with none).
    targets: np.ndarray
    agreement_elsewhere: np.ndarray
    skill_ptr: np.ndarray
    skills: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, **dataclasses.asdict(self))
        return buffer.getvalue()

    def take(self, index: np.ndarray) -> "PostTable":
        """The posts at `index`, in that order, their skill lists included."""
        counts = np.diff(self.skill_ptr)[index]
        starts = self.skill_ptr[index]
        firsts = np.repeat(np.cumsum(counts) - counts, counts)
        positions = np.repeat(starts, counts) + np.arange(counts.sum()) - firsts
        values = {
            f.name: getattr(self, f.name)[index]
            for f in dataclasses.fields(self)
            if f.name not in ("skill_ptr", "skills")
        }
        ptr = np.concatenate([[0], np.cumsum(counts)])
        return PostTable(**values, skill_ptr=ptr, skills=self.skills[positions])

    @classmethod
    def from_npz(cls, arrays) -> "PostTable":
        return cls(**{f.name: arrays[f.name] for f in dataclasses.fields(cls)})


def subquery(queryset) -> tuple[str, tuple]:
    """The SQL of a queryset of ids, to select rows `IN` it: the ORM keeps the definition
    (who is matched, which posts are open) in one place for the run and the pages."""
    return queryset.values("id").query.sql_with_params()


def load_posts(cursor, ref: Reference, *, today) -> PostTable:
    """The posts open to applications today (JobPostQuerySet.open_to_applications), each
    with whether it is under an active agreement and whether its enterprise's confirmed
    commendation lifts it (enterprises.selectors.lifting_commendations)."""
    open_sql, open_params = subquery(JobPost.objects.open_to_applications(today))
    commended = sorted(commended_enterprise_ids(today))
    cursor.execute(
        f"""
        SELECT p.id, p.region_id::int, p.is_national, p.occupation_id, p.industry_id,
               p.salary_max, p.min_education, p.openings - p.filled_count,
               COALESCE(a.status = %s, false), b.enterprise_id = ANY(%s),
               CASE WHEN a.cooperation_mode = %s THEN a.target_provinces END
        FROM {JobPost._meta.db_table} p
        JOIN {Branch._meta.db_table} b ON b.id = p.branch_id
        LEFT JOIN {Agreement._meta.db_table} a ON a.id = p.agreement_id
        WHERE p.id IN ({open_sql})
        ORDER BY p.id
        """,
        [Agreement.Status.ACTIVE, commended, Agreement.CooperationMode.REGIONAL, *open_params],
    )
    columns = list(zip(*cursor.fetchall())) or [()] * 11
    ids, region, national, occ, industry, salary, edu, left, agreement, lifted, aimed = columns
    agreement, lifted = np.array(agreement, dtype=bool), np.array(lifted, dtype=bool)
    targets = _target_masks(ref, aimed)
    region = np.array(region, dtype=np.int64)
    ids = np.array(ids, dtype=np.int64)
    skill_ptr, skills = _post_skills(cursor, ref, ids)
    industry_of = {code: i for i, code in enumerate(ref.industry_codes)}
    return PostTable(
        ids=ids,
        city=ref.city_of[region].astype(np.int32),
        province=ref.province_of[region].astype(np.int32),
        national=np.array(national, dtype=bool),
        occupation=np.array([ref.occupation_of[c] for c in occ], dtype=np.int32),
        industry=np.array([industry_of[c] for c in industry], dtype=np.int32),
        salary_max=np.array(salary, dtype=np.int64),
        min_education=np.array(edu, dtype=np.int32),
        openings_left=np.array(left, dtype=np.int64),
        agreement=factors.agreement_bonuses(agreement, lifted),
        targets=targets,
        agreement_elsewhere=np.where(
            targets != 0,
            factors.agreement_bonuses(agreement, lifted, elsewhere=True),
            factors.agreement_bonuses(agreement, lifted),
        ),
        skill_ptr=skill_ptr,
        skills=skills,
    )


def _target_masks(ref: Reference, aimed) -> np.ndarray:
    """Each post's target provinces (codes, or None) as a bitset of province indices."""
    assert ref.n_provinces < 63, "the target provinces are an int64 bitset"
    index = {prefix: i for i, prefix in enumerate(ref.province_prefixes)}
    masks = np.zeros(len(aimed), dtype=np.int64)
    for row in np.flatnonzero([bool(codes) for codes in aimed]):
        for code in aimed[row]:
            if code[:2] in index:
                masks[row] |= 1 << index[code[:2]]
    return masks


def _post_skills(cursor, ref: Reference, ids: np.ndarray):
    through = JobPost.required_skills.through._meta.db_table
    rows = pgcopy.read(
        cursor,
        f"SELECT jobpost_id, skill_id FROM {through} WHERE jobpost_id = ANY(%s::bigint[])",
        [id_array(ids)],
        [("jobpost_id", "i8"), ("skill_id", "i8")],
    )
    owner = np.searchsorted(ids, rows["jobpost_id"])
    return csr(owner, _skill_index(ref, rows["skill_id"]), len(ids))


def _skill_index(ref: Reference, pks: np.ndarray) -> np.ndarray:
    return np.searchsorted(ref.skill_ids, pks).astype(np.int32)


@dataclass
class VeteranTable:
    """The veterans of one shard who are looking for work."""

    ids: np.ndarray
    home_city: np.ndarray
    home_province: np.ndarray
    education: np.ndarray
    specialty: np.ndarray  # specialty index; n_specialties for none
    desired_salary: np.ndarray  # 0 for no wish
    relocate: np.ndarray
    discoverable: np.ndarray  # a live consent to be found by enterprises
    industry_mask: np.ndarray  # bit i: industry i preferred; 0 for no preference
    skill_ptr: np.ndarray
    skills: np.ndarray
    # The scope of the hard filter: wanted cities and whole wanted provinces (the preferred
    # regions, or the home region when none are given).
    want_city_ptr: np.ndarray
    want_city: np.ndarray
    want_province_ptr: np.ndarray
    want_province: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray) -> "VeteranTable":
        """The veterans at `index`, lists included (for refills, samples and tests)."""
        index = np.asarray(index, dtype=np.int64)
        values = {}
        for field in dataclasses.fields(self):
            if field.name.endswith("_ptr"):
                continue
            array = getattr(self, field.name)
            ptr_name = f"{'skill' if field.name == 'skills' else field.name}_ptr"
            if hasattr(self, ptr_name):
                ptr = getattr(self, ptr_name)
                starts, counts = ptr[index], ptr[index + 1] - ptr[index]
                firsts = np.repeat(np.cumsum(counts) - counts, counts)
                positions = np.repeat(starts, counts) + np.arange(counts.sum()) - firsts
                values[ptr_name] = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
                values[field.name] = array[positions]
            else:
                values[field.name] = array[index]
        return VeteranTable(**values)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez(buffer, **dataclasses.asdict(self))
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "VeteranTable":
        arrays = np.load(io.BytesIO(data))
        return cls(**{f.name: arrays[f.name] for f in dataclasses.fields(cls)})

    @classmethod
    def concat(cls, tables: list["VeteranTable"]) -> "VeteranTable":
        """The tables one after the other, lists included (at least one table)."""
        values = {}
        for f in dataclasses.fields(cls):
            arrays = [getattr(table, f.name) for table in tables]
            if f.name.endswith("_ptr"):
                offsets = np.cumsum([0] + [int(a[-1]) for a in arrays[:-1]])
                arrays = [arrays[0][:1]] + [a[1:] + o for a, o in zip(arrays, offsets)]
            values[f.name] = np.concatenate(arrays)
        return cls(**values)

    def location_sets(self, ref: Reference, i: int) -> tuple[set, set]:
        """The cities and provinces that count as near for veteran i: wanted or home."""
        cities = set(self.want_city[self.want_city_ptr[i] : self.want_city_ptr[i + 1]].tolist())
        provinces = set(
            self.want_province[self.want_province_ptr[i] : self.want_province_ptr[i + 1]].tolist()
        )
        provinces |= {int(ref.city_province[c]) for c in cities}
        provinces.add(int(self.home_province[i]))
        if self.home_city[i] >= 0:
            cities.add(int(self.home_city[i]))
        return cities, provinces


def shard_condition(prefixes: list[str]) -> tuple[str, list]:
    """SQL on `v` (the profile) selecting the veterans whose home is in these provinces."""
    parts = " OR ".join("(v.home_region_id >= %s AND v.home_region_id < %s)" for _ in prefixes)
    params = []
    for prefix in prefixes:
        params += [f"{prefix}0000", f"{int(prefix) + 1:02d}0000"]
    return f"({parts})" if prefixes else "false", params


def seekers_sql() -> tuple[str, tuple]:
    """SQL of the ids of the veterans the matching is for (veterans.selectors.matched_q)."""
    return subquery(VeteranProfile.objects.filter(matched_q()))


def load_veterans(
    cursor, ref: Reference, *, provinces: list[str], before, ids: list[int] | None = None
) -> VeteranTable:
    """The shard's seekers. A profile changed after `before` (the run's start) waits for the
    next run: its home region could have moved it into a shard that has already read. With
    `ids`, those veterans wherever they live (a run for one veteran)."""
    if ids is None:
        where, params = shard_condition(provinces)
    else:
        where, params = "v.id = ANY(%s::bigint[])", [list(ids)]
    seekers, seeker_params = seekers_sql()
    rows = pgcopy.read(
        cursor,
        f"""
        SELECT v.id, v.home_region_id::int AS region, v.education::int AS education,
               COALESCE(v.military_specialty_id, 0) AS specialty,
               COALESCE(v.desired_salary, 0)::int8 AS salary,
               v.willing_to_relocate::int AS relocate,
               EXISTS (SELECT 1 FROM {Consent._meta.db_table} c WHERE c.user_id = v.user_id
                       AND c.purpose = %s AND c.withdrawn_at IS NULL)::int AS discoverable
        FROM {VeteranProfile._meta.db_table} v
        WHERE v.id IN ({seekers}) AND v.updated_at < %s AND {where}
        ORDER BY v.id
        """,
        [Consent.Purpose.DISCOVERABLE, *seeker_params, before, *params],
        [
            ("id", "i8"),
            ("region", "i4"),
            ("education", "i4"),
            ("specialty", "i8"),
            ("salary", "i8"),
            ("relocate", "i4"),
            ("discoverable", "i4"),
        ],
    )
    ids = rows["id"]
    specialty = _specialty_index(ref, rows["specialty"])
    skill_ptr, skills = _veteran_skills(cursor, ref, ids, specialty)
    wants = _wanted(cursor, ref, ids, rows["region"])
    return VeteranTable(
        ids=ids,
        home_city=ref.city_of[rows["region"]].astype(np.int32),
        home_province=ref.province_of[rows["region"]].astype(np.int32),
        education=rows["education"],
        specialty=specialty,
        desired_salary=rows["salary"],
        relocate=rows["relocate"].astype(bool),
        discoverable=rows["discoverable"].astype(bool),
        industry_mask=_industry_masks(cursor, ref, ids),
        skill_ptr=skill_ptr,
        skills=skills,
        **wants,
    )


def _veteran_skills(cursor, ref: Reference, ids: np.ndarray, specialty: np.ndarray):
    """Skills the veteran has: declared, from finished training (also straight from the
    completed enrolments, in case a link is missing) and from the specialty."""
    programme_skills = TrainingProgramme.skills.through._meta.db_table
    rows = pgcopy.read(
        cursor,
        f"""
        SELECT veteran_id, skill_id FROM {VeteranSkill._meta.db_table}
        WHERE veteran_id = ANY(%s::bigint[])
        UNION ALL
        SELECT e.veteran_id, ps.skill_id FROM {Enrolment._meta.db_table} e
        JOIN {programme_skills} ps ON ps.trainingprogramme_id = e.programme_id
        WHERE e.status = %s AND e.veteran_id = ANY(%s::bigint[])
        """,
        [id_array(ids), Enrolment.Status.COMPLETED, id_array(ids)],
        [("veteran_id", "i8"), ("skill_id", "i8")],
    )
    spec_ptr, spec_skills = ref.specialty_skills
    spec_ptr = np.append(spec_ptr, spec_ptr[-1])  # the last index, no specialty, has none
    starts = spec_ptr[specialty]
    counts = spec_ptr[specialty + 1] - starts
    firsts = np.repeat(np.cumsum(counts) - counts, counts)
    positions = np.repeat(starts, counts) + np.arange(counts.sum()) - firsts
    owner = np.concatenate(
        [np.searchsorted(ids, rows["veteran_id"]), np.repeat(np.arange(len(ids)), counts)]
    )
    value = np.concatenate([_skill_index(ref, rows["skill_id"]), spec_skills[positions]])
    return csr(owner, value, len(ids))


def _specialty_index(ref: Reference, pks: np.ndarray) -> np.ndarray:
    """Specialty pk (0 for none) -> index; n_specialties for none or unknown."""
    known = np.array(sorted(ref.specialty_of), dtype=np.int64)
    if not len(known):
        return np.zeros(len(pks), dtype=np.int32)
    position = np.searchsorted(known, pks).clip(0, len(known) - 1)
    return np.where(known[position] == pks, position, len(known)).astype(np.int32)


def _wanted(cursor, ref: Reference, ids: np.ndarray, home: np.ndarray) -> dict:
    through = VeteranProfile.preferred_regions.through._meta.db_table
    rows = pgcopy.read(
        cursor,
        f"SELECT veteranprofile_id, region_id::int FROM {through} "
        "WHERE veteranprofile_id = ANY(%s::bigint[])",
        [id_array(ids)],
        [("veteranprofile_id", "i8"), ("region_id", "i4")],
    )
    owner = np.searchsorted(ids, rows["veteranprofile_id"])
    region = rows["region_id"]
    # No preferred region: the home region is the scope.
    has_wish = np.zeros(len(ids), dtype=bool)
    has_wish[owner] = True
    none = np.flatnonzero(~has_wish)
    owner, region = np.concatenate([owner, none]), np.concatenate([region, home[none]])
    city = ref.city_of[region]
    is_city = city >= 0
    city_ptr, cities = csr(owner[is_city], city[is_city], len(ids))
    prov_ptr, provinces = csr(owner[~is_city], ref.province_of[region[~is_city]], len(ids))
    return {
        "want_city_ptr": city_ptr,
        "want_city": cities,
        "want_province_ptr": prov_ptr,
        "want_province": provinces,
    }


def _industry_masks(cursor, ref: Reference, ids: np.ndarray) -> np.ndarray:
    through = VeteranProfile.preferred_industries.through._meta.db_table
    rows = pgcopy.read(
        cursor,
        f"SELECT veteranprofile_id, ascii(industry_id) AS letter FROM {through} "
        "WHERE veteranprofile_id = ANY(%s::bigint[])",
        [id_array(ids)],
        [("veteranprofile_id", "i8"), ("letter", "i4")],
    )
    letters = np.array([ord(c) for c in ref.industry_codes] or [0])
    index = np.searchsorted(letters, rows["letter"])
    mask = np.zeros(len(ids), dtype=np.int64)
    np.bitwise_or.at(mask, np.searchsorted(ids, rows["veteranprofile_id"]), 1 << index)
    return mask
