"""The seven factors of a (veteran, post) pair, each in [0, 1], and the score they make.

One definition, written twice: per pair for the naive scorer (`*_fit`) and per array for
the engine (`*_fits`). jobs/reasons.py reads the stored values with the levels below.
"""

import numpy as np
from django.conf import settings

FACTORS = (
    "skill_fit",
    "occupation_fit",
    "location_fit",
    "industry_fit",
    "salary_fit",
    "education_fit",
    "agreement_bonus",
)

# Location: same city as one the veteran wants or lives in, else same province, else a
# move (a nationwide post, or a veteran willing to relocate).
SAME_CITY, SAME_PROVINCE, RELOCATION = 1.0, 0.5, 0.2
# Occupation along the four levels of the CSCO tree: the parts add up, so a detailed match
# scores 1, a minor group match 0.6, a middle group match 0.4 and a major group match 0.2,
# each times the crosswalk's weight.
DETAILED_PART, MINOR_PART, MIDDLE_PART, MAJOR_PART = 0.4, 0.2, 0.2, 0.2
CROSSWALK_WEIGHTS = {"primary": 1.0, "secondary": 0.6}
# Education: met, or one level above, fits fully; each further level costs a quarter.
OVERQUALIFIED_STEP, EDUCATION_FLOOR = 0.25, 0.5
# The agreement bonus: its parts add up, a post under an active cooperation agreement
# 0.6, a post of an enterprise the ministry commended (its commendation current) 0.4.
# A regional cooperation agreement that names target provinces aims its posts at veterans
# from there: they get the agreement part, veterans from elsewhere 0.3.
AGREEMENT_PART, COMMENDED_PART, ELSEWHERE_PART = 0.6, 0.4, 0.3


def weights() -> np.ndarray:
    """The factor weights from settings, in FACTORS order."""
    return np.array([settings.MATCHING_WEIGHTS[name] for name in FACTORS], dtype=np.float64)


def location_fit(post_city, post_province, cities: set, provinces: set) -> float:
    if post_city is not None and post_city in cities:
        return SAME_CITY
    if post_province in provinces:
        return SAME_PROVINCE
    return RELOCATION


def agreement_bonus(agreement: bool, commended: bool, elsewhere: bool = False) -> float:
    """A post's bonus for a veteran; `elsewhere`: its regional agreement aims it at
    veterans from other provinces than the veteran's home."""
    return (ELSEWHERE_PART if elsewhere else AGREEMENT_PART) * agreement + (
        COMMENDED_PART * commended
    )


def agreement_bonuses(
    agreement: np.ndarray, commended: np.ndarray, elsewhere: bool = False
) -> np.ndarray:
    part = ELSEWHERE_PART if elsewhere else AGREEMENT_PART
    return part * agreement + COMMENDED_PART * commended


def aims_at(targets: int, home_province: int) -> bool:
    """Whether a post aims at a veteran: it names no target province (bit p of `targets`
    for province index p), or the veteran's home province is one of them."""
    return not targets or (home_province >= 0 and bool(targets >> home_province & 1))


def aims_at_all(targets: np.ndarray, home_province: np.ndarray) -> np.ndarray:
    home = np.asarray(home_province, dtype=np.int64)
    hit = (np.asarray(targets, dtype=np.int64) >> home.clip(0)) & 1 == 1
    return (targets == 0) | (hit & (home >= 0))


# The stored bonus's possible values: (agreement part, commended) -> value.
_BONUS_LEVELS = {
    (part, commended): AGREEMENT_PART * (part == "aimed")
    + ELSEWHERE_PART * (part == "elsewhere")
    + COMMENDED_PART * commended
    for part in ("", "aimed", "elsewhere")
    for commended in (False, True)
}


def agreement_parts(bonus: float) -> tuple[str, bool]:
    """(the agreement part: "" none, "aimed" the full part, "elsewhere" the part of a post
    aimed at veterans from other provinces; commended) read back from a stored bonus, the
    level nearest to it (a float of the engine's)."""
    return min(_BONUS_LEVELS, key=lambda level: abs(_BONUS_LEVELS[level] - bonus))


def salary_fit(desired: int, salary_max: int) -> float:
    """1 when the top of the range reaches the wish, falling to 0 at half of it."""
    if not desired:
        return 1.0
    return min(1.0, max(0.0, 2.0 * salary_max / desired - 1.0))


def salary_fits(desired: np.ndarray, salary_max: np.ndarray) -> np.ndarray:
    safe = np.where(desired > 0, desired, 1).astype(np.float64)
    fit = np.clip(2.0 * salary_max / safe - 1.0, 0.0, 1.0)
    return np.where(desired > 0, fit, 1.0)


def education_fit(education: int, minimum: int) -> float:
    gap = education - minimum
    if gap <= 1:
        return 1.0
    return max(EDUCATION_FLOOR, 1.0 - OVERQUALIFIED_STEP * (gap - 1))


def education_fits(education: np.ndarray, minimum: np.ndarray) -> np.ndarray:
    gap = np.asarray(education, dtype=np.float64) - minimum
    return np.clip(1.0 - OVERQUALIFIED_STEP * (gap - 1), EDUCATION_FLOOR, 1.0)


def in_line_of_work(occupation: np.ndarray) -> np.ndarray:
    """Whether the occupation fits reach the middle group: above a major group match alone,
    the middle part (and with it any minor or detailed part) is in."""
    return occupation > MAJOR_PART + 1e-9


def occupation_fit(crosswalk: list[tuple[str, float]], code: str) -> float:
    """crosswalk: the (occupation code, weight) pairs of the veteran's military specialty."""
    detailed = max((w for c, w in crosswalk if c == code), default=0.0)
    minor = max((w for c, w in crosswalk if len(c) >= 7 and c[:7] == code[:7]), default=0.0)
    middle = max((w for c, w in crosswalk if len(c) >= 4 and c[:4] == code[:4]), default=0.0)
    major = max((w for c, w in crosswalk if c[:1] == code[:1]), default=0.0)
    return DETAILED_PART * detailed + MINOR_PART * minor + MIDDLE_PART * middle + MAJOR_PART * major
