"""Where demo people and organisations are: the mainland provinces and cities of the
reference table weighted by population, their pay levels, and the county codes that a
resident ID of someone born there in a given year may carry."""

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import stdnum

from portal.reference.models import Region

# Taiwan, Hong Kong and Macao have no mainland veterans-affairs bureau.
EXCLUDED_PROVINCES = ("71", "81", "82")
# Resident population in millions (2020 census, rounded), by the province code's first digits.
POPULATION = {
    "11": 22,
    "12": 14,
    "13": 75,
    "14": 35,
    "15": 24,
    "21": 43,
    "22": 24,
    "23": 32,
    "31": 25,
    "32": 85,
    "33": 65,
    "34": 61,
    "35": 42,
    "36": 45,
    "37": 102,
    "41": 99,
    "42": 58,
    "43": 66,
    "44": 126,
    "45": 50,
    "46": 10,
    "50": 32,
    "51": 84,
    "52": 39,
    "53": 47,
    "54": 4,
    "61": 40,
    "62": 25,
    "63": 6,
    "64": 7,
    "65": 26,
}
TIER_ONE = {"110100", "310100", "440100", "440300"}
TIER_TWO = {
    "120100",
    "500100",
    "320500",
    "330200",
    "350200",
    "370200",
    "210200",
    "440600",
    "441900",
}
# Chongqing was a city of Sichuan until 1997, Hainan part of Guangdong until 1988.
FORMERLY_PART_OF = {"50": "5102", "46": "44"}
LOC_FILE = Path(stdnum.__file__).parent / "cn" / "loc.dat"
# The cities of the demo's bureau logins (demo/logins.py: 北京市's provincial bureau, 深圳市's
# city bureau): each is given enterprises, branches, posts, training and events of its own,
# so that every demo login has work waiting, whatever the random draws elsewhere.
DEMO_BUREAU_CITIES = ("110100", "440300")
# The share of veterans and posts placed in a district or county rather than at city level.
DISTRICT_SHARE = 0.6
SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")


def _districts_of(city_codes: np.ndarray) -> list[np.ndarray]:
    by_city = {}
    for code, parent in Region.objects.districts().order_by("code").values_list("code", "parent"):
        by_city.setdefault(parent, []).append(code)
    return [np.array(by_city.get(code, []), dtype=str) for code in city_codes]


def short_name(name: str) -> str:
    """北京市 > 北京, 广西壮族自治区 > 广西, 深圳市 > 深圳."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass
class Places:
    province_codes: list[str]
    province_names: list[str]
    city_codes: np.ndarray
    city_names: list[str]
    city_province: np.ndarray  # index into province_codes
    city_weight: np.ndarray  # probability that a person or post is in the city
    pay_factor: np.ndarray  # salary multiplier of the city
    capital: np.ndarray  # per province: index of its capital city
    # Per city: the codes of its districts and counties (empty for a city without any).
    districts: list[np.ndarray] = None

    @classmethod
    def load(cls) -> "Places":
        provinces = list(
            Region.objects.provinces()
            .exclude(code__regex=f"^({'|'.join(EXCLUDED_PROVINCES)})")
            .order_by("code")
        )
        codes = [p.code for p in provinces]
        cities = list(Region.objects.cities().filter(parent__in=codes).order_by("code"))
        city_codes = np.array([c.code for c in cities])
        city_province = np.array([codes.index(c.parent_id) for c in cities])
        capital = np.array([int(np.flatnonzero(city_province == i)[0]) for i in range(len(codes))])
        return cls(
            province_codes=codes,
            province_names=[p.name for p in provinces],
            city_codes=city_codes,
            city_names=[c.name for c in cities],
            city_province=city_province,
            city_weight=city_weights(city_codes, city_province, capital),
            pay_factor=np.array([pay_factor(code) for code in city_codes]),
            capital=capital,
            districts=_districts_of(city_codes),
        )

    def places_in(self, rng: np.random.Generator, cities: np.ndarray) -> np.ndarray:
        """The region codes of people or posts in ``cities`` (indices): some at their city's
        own code (records kept at city level, as before districts were in the reference),
        the others in one of the city's districts or counties, so every level of the
        dashboards and the quarterly report has figures."""
        codes = self.city_codes[cities].astype(object)
        in_district = rng.random(len(cities)) < DISTRICT_SHARE
        picks = rng.random(len(cities))
        for row in np.flatnonzero(in_district):
            districts = self.districts[cities[row]]
            if len(districts):
                codes[row] = districts[int(picks[row] * len(districts))]
        return codes.astype(str)

    def cities_of(self, province: int) -> np.ndarray:
        return np.flatnonzero(self.city_province == province)

    def pick_cities(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.choice(len(self.city_codes), size=n, p=self.city_weight)

    @property
    def demo_cities(self) -> np.ndarray:
        """Indices of DEMO_BUREAU_CITIES."""
        return np.searchsorted(self.city_codes, DEMO_BUREAU_CITIES)

    def featuring_demo_cities(self, cities: np.ndarray, each: int) -> np.ndarray:
        """`cities` with its first draws replaced by `each` of every demo bureau's city."""
        featured = np.repeat(self.demo_cities, each)[: len(cities)]
        return np.concatenate([featured, cities[len(featured) :]])

    def last_in_demo_cities(self, cities: np.ndarray, among=True) -> np.ndarray:
        """For each demo bureau's city holding two or more of `cities` (where `among`), the
        index of the last one there."""
        last = []
        for city in self.demo_cities:
            there = np.flatnonzero((cities == city) & among)
            if len(there) > 1:
                last.append(there[-1])
        return np.array(last, np.int64)


def city_weights(city_codes, city_province, capital) -> np.ndarray:
    """A province's population shared by its cities; a capital weighs as much as three."""
    weight = np.ones(len(city_codes))
    weight[capital] = 3.0
    for province in np.unique(city_province):
        members = city_province == province
        people = POPULATION.get(city_codes[members][0][:2], 5)
        weight[members] *= people / weight[members].sum()
    return weight / weight.sum()


def pay_factor(code: str) -> float:
    if code in TIER_ONE:
        return 1.45
    if code in TIER_TWO or code[2:4] == "01":
        return 1.2
    return 1.0


def _period(entry: str) -> tuple[int, int]:
    """'[1986-]房山区' > (1986, 9999); '[-2010]崇文区' > (0, 2010); '东城区' > (0, 9999)."""
    if not entry.startswith("["):
        return 0, 9999
    start, _, end = entry[1:].partition("]")[0].partition("-")
    return int(start or 0), int(end or 9999)


@functools.cache
def county_periods() -> dict[str, list[tuple[int, int]]]:
    """The years each six-digit code of python-stdnum's list was in use. The resident-ID
    validator accepts any code that ever existed (a number keeps the code of the place that
    first assigned it, often years after birth); the demo draws codes in use in the birth
    year, which holds for people registered where and when they were born."""
    periods, prefix = {}, ""
    for line in LOC_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, props = line.strip().partition(" ")
        if not line.startswith(" "):
            prefix = code
            continue
        value = props.partition("=")[2].strip('"')
        periods[prefix + code] = [_period(entry) for entry in value.split(",")]
    return periods


@functools.cache
def codes_under(prefix: str) -> tuple[str, ...]:
    """The county codes (not the prefecture's or province's own) starting with `prefix`."""
    return tuple(c for c in county_periods() if c.startswith(prefix) and c[4:] != "00")


@functools.cache
def birthplace_codes(city_code: str, year: int) -> tuple[str, ...]:
    """County codes of the city in use in `year`; for a city made later, the counties of its
    province (or of the province it was part of) then in use; at worst a code that is."""
    periods = county_periods()

    def in_use(code: str) -> bool:
        return any(start <= year <= end for start, end in periods.get(code, ()))

    # A county-level city listed directly under its province stands for itself.
    counties = codes_under(city_code[:4]) if city_code.endswith("00") else (city_code,)
    former = codes_under(FORMERLY_PART_OF.get(city_code[:2], city_code[:2]))
    fallbacks = (city_code, city_code[:2] + "0000", "110105")
    for candidates in (counties, codes_under(city_code[:2]), former, fallbacks):
        found = tuple(c for c in candidates if in_use(c))
        if found:
            return found
    raise ValueError(f"no resident-ID area code for {city_code} in {year}")


def pick_birthplaces(rng, city_codes: np.ndarray, cities: np.ndarray, years: np.ndarray):
    """One county code per person, drawn among the valid ones of (home city, birth year)."""
    keys, inverse = np.unique(cities * 10_000 + years, return_inverse=True)
    groups = np.split(np.argsort(inverse, kind="stable"), np.cumsum(np.bincount(inverse))[:-1])
    out = np.empty(len(cities), dtype="<U6")
    for key, members in zip(keys, groups):
        choices = np.array(birthplace_codes(str(city_codes[key // 10_000]), int(key % 10_000)))
        out[members] = choices[rng.integers(0, len(choices), size=len(members))]
    return out
