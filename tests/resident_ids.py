"""Resident ID numbers for the tests of the validator, the web form and the API (#13).

``LATER_DISTRICTS``: real districts whose area code python-stdnum's list dates after the
birth of the holders chosen here. A number keeps the code of the place that first assigned
it, so people born in the 1960s to 80s hold such numbers; stdnum's ``cn.ric`` refuses them,
the portal must not. ``near_misses`` are the mistakes a person makes typing a number, each
with the message that must explain its refusal.
"""

import datetime

from stdnum.cn import ric

from demo.identifiers import make_resident_id

# (area code, the district, the year stdnum's list says its code was created, birth date)
LATER_DISTRICTS = [
    ("440305", "深圳市南山区", 1983, datetime.date(1965, 7, 21)),
    ("440306", "深圳市宝安区", 1992, datetime.date(1968, 4, 12)),
    ("440307", "深圳市龙岗区", 1992, datetime.date(1975, 11, 3)),
    ("440308", "深圳市盐田区", 1997, datetime.date(1981, 6, 30)),
    ("440309", "深圳市龙华区", 2016, datetime.date(1986, 2, 14)),
    ("440310", "深圳市坪山区", 2016, datetime.date(1979, 9, 9)),
    ("440311", "深圳市光明区", 2018, datetime.date(1990, 1, 20)),
    ("310115", "上海市浦东新区", 1992, datetime.date(1963, 10, 1)),
    ("110112", "北京市通州区", 1997, datetime.date(1972, 5, 8)),
    ("110115", "北京市大兴区", 2001, datetime.date(1983, 12, 25)),
    ("440115", "广州市南沙区", 2005, datetime.date(1970, 3, 17)),
    ("500108", "重庆市南岸区", 1997, datetime.date(1977, 8, 2)),
]
LATER_DISTRICT_IDS = {
    district: make_resident_id(code, born, 100 + i)
    for i, (code, district, _created, born) in enumerate(LATER_DISTRICTS)
}

CHECKSUM = "The resident ID number is not valid; please check every digit."
NO_SUCH_DATE = "The birth date in the resident ID number (digits 7 to 14) does not exist."
IMPLAUSIBLE = "The birth date in the resident ID number is not plausible."
SHAPE = "A resident ID number has 18 characters: 17 digits, then a digit or X."
UNKNOWN_AREA = "The first six digits of the resident ID number are not a known area code."
TAKEN = "A profile with this resident ID number already exists."


def with_check_x(code: str, born: datetime.date) -> str:
    """A number of that place and birth date whose check character is X."""
    return next(
        number
        for serial in range(1000)
        if (number := make_resident_id(code, born, serial)).endswith("X")
    )


def _checked(body: str) -> str:
    """The 17 characters given and the check character that makes them pass the checksum."""
    return body + ric.calc_check_digit(body + "0")


def near_misses(number: str) -> dict[str, tuple[str, str]]:
    """name -> (what was typed, the message that must refuse it)."""
    swap = next(i for i in range(6, 16) if number[i] != number[i + 1])
    changed_digit = "1" if number[15] != "1" else "2"
    next_year = datetime.date.today().year + 1
    return {
        "one_digit_changed": (number[:15] + changed_digit + number[16:], CHECKSUM),
        "neighbours_swapped": (
            number[:swap] + number[swap + 1] + number[swap] + number[swap + 2 :],
            CHECKSUM,
        ),
        "check_character_changed": (number[:17] + ("0" if number[17] != "0" else "1"), CHECKSUM),
        "february_30th": (_checked(number[:6] + "19900230" + number[14:17]), NO_SUCH_DATE),
        "thirteenth_month": (_checked(number[:6] + "19881301" + number[14:17]), NO_SUCH_DATE),
        "born_next_year": (_checked(number[:6] + f"{next_year}0101" + number[14:17]), IMPLAUSIBLE),
        "unknown_area_code": (_checked("449999" + number[6:17]), UNKNOWN_AREA),
        "one_digit_short": (number[:17], SHAPE),
        "a_letter_inside": (number[:8] + "O" + number[9:], SHAPE),
    }


FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")


def typed_variants(number: str) -> dict[str, str]:
    """name -> the number as a person may type it (the check character X is best)."""
    return {
        "lower_case_x": number.lower(),
        "one_full_width_digit": number[:5] + number[5].translate(FULL_WIDTH) + number[6:],
        "full_width_digits_and_x": number.translate(FULL_WIDTH),
        "full_width_lower_case_x": number.lower().translate(FULL_WIDTH),
        "surrounding_spaces": f"  {number}  ",
        "spaces_between_groups": f"{number[:6]} {number[6:14]} {number[14:]}",
        "hyphens_between_groups": f"{number[:6]}-{number[6:14]}-{number[14:]}",
        "ideographic_space": f"{number[:6]}\u3000{number[6:]}",
        "zero_width_space": f"{number[:6]}\u200b{number[6:]}",
        "full_width_hyphen_and_em_dash": f"{number[:6]}－{number[6:14]}—{number[14:]}",
    }
