import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum.cn import ric

from demo.identifiers import make_resident_id
from demo.places import county_periods
from tests.resident_ids import (
    LATER_DISTRICT_IDS,
    LATER_DISTRICTS,
    near_misses,
    typed_variants,
    with_check_x,
)
from veterans.resident_id import normalise_resident_id, validate_resident_id

ALLOWED = "0123456789X"
VALID_IDS = [
    make_resident_id("110105", datetime.date(1990, 1, 1), 1),
    make_resident_id("310101", datetime.date(1975, 12, 31), 42),
    make_resident_id("440305", datetime.date(2000, 2, 29), 777),
    make_resident_id("110105", datetime.date(1985, 6, 15), 0),
    # One whose check character is X, to cover the eleventh symbol too.
    with_check_x("120101", datetime.date(1988, 8, 8)),
    *LATER_DISTRICT_IDS.values(),
]
X_ID = with_check_x("440306", datetime.date(1972, 6, 1))


def refusal(value: str) -> ValidationError | None:
    try:
        validate_resident_id(value)
    except ValidationError as error:
        return error
    return None


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_accepts_a_valid_resident_id(resident_id):
    validate_resident_id(resident_id)


# --- area codes created after the holder's birth ------------------------------------------


@pytest.mark.parametrize("district", LATER_DISTRICT_IDS)
def test_it_accepts_a_district_created_after_its_holder_was_born(district):
    assert refusal(LATER_DISTRICT_IDS[district]) is None


@pytest.mark.parametrize(("code", "district", "created", "born"), LATER_DISTRICTS)
def test_stdnum_dates_each_of_these_districts_after_its_holders_birth(
    code, district, created, born
):
    """The cases are the ones the issue is about: stdnum's own rule refuses them."""
    assert min(start for start, _end in county_periods()[code]) == created > born.year
    assert not ric.is_valid(LATER_DISTRICT_IDS[district])


def test_it_accepts_every_county_code_created_since_1980_for_a_holder_born_in_1975():
    later = [
        code
        for code, periods in county_periods().items()
        if min(start for start, _end in periods) >= 1980
    ]
    refused = [
        code for code in later if refusal(make_resident_id(code, datetime.date(1975, 5, 5), 11))
    ]
    assert len(later) > 4000 and refused == []


def test_it_accepts_a_code_since_abolished():
    """北京市崇文区 (110103) merged into 东城区 in 2010; its people kept their numbers."""
    assert refusal(make_resident_id("110103", datetime.date(1975, 4, 4), 3)) is None


# --- near misses ----------------------------------------------------------------------------


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_refuses_every_single_character_change(resident_id):
    accepted = [
        changed
        for position in range(len(resident_id))
        for char in ALLOWED
        if char != resident_id[position]
        and not refusal(changed := resident_id[:position] + char + resident_id[position + 1 :])
    ]
    assert accepted == []


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_refuses_every_swap_of_two_different_neighbours(resident_id):
    accepted = [
        swapped
        for i in range(len(resident_id) - 1)
        if resident_id[i] != resident_id[i + 1]
        and not refusal(
            swapped := resident_id[:i] + resident_id[i + 1] + resident_id[i] + resident_id[i + 2 :]
        )
    ]
    assert accepted == []


@pytest.mark.parametrize("mistake", near_misses(LATER_DISTRICT_IDS["深圳市龙岗区"]))
def test_it_refuses_a_near_miss_with_the_reason(mistake):
    typed, reason = near_misses(LATER_DISTRICT_IDS["深圳市龙岗区"])[mistake]
    with translation.override("en"):
        assert refusal(typed).messages == [reason]


@pytest.mark.parametrize(
    "born",
    [
        datetime.date(1930, 5, 1),
        datetime.date.today().replace(month=1, day=1) - datetime.timedelta(days=1),
        datetime.date.today() + datetime.timedelta(days=1),
    ],
    ids=["born_1930", "born_last_year", "born_tomorrow"],
)
def test_it_refuses_an_implausible_birth_date(born):
    assert refusal(make_resident_id("110105", born, 5)).code == "implausible_birth_date"


@pytest.mark.parametrize("date", ["19990231", "19900230", "19881301", "19880000"])
def test_it_refuses_a_birth_date_that_does_not_exist(date):
    body = "110105" + date + "123"
    assert refusal(body + ric.calc_check_digit(body + "0")).code == "no_such_birth_date"


def test_it_refuses_a_code_that_never_existed():
    body = "449999" + "19800101" + "123"
    assert refusal(body + ric.calc_check_digit(body + "0")).code == "unknown_area_code"


@pytest.mark.parametrize(
    ("mistake", "reason"),
    [
        ("one_digit_changed", "公民身份号码无效，请逐位核对。"),
        ("february_30th", "公民身份号码中的出生日期（第7至14位）不存在。"),
        ("born_next_year", "公民身份号码中的出生日期不合理。"),
        ("unknown_area_code", "公民身份号码的前六位不是已知的行政区划代码。"),
        ("one_digit_short", "公民身份号码应为18位：前17位为数字，最后一位为数字或X。"),
    ],
)
def test_the_reasons_read_in_chinese(mistake, reason):
    typed, _english = near_misses(VALID_IDS[0])[mistake]
    with translation.override("zh-hans"):
        assert refusal(typed).messages == [reason]


# --- what a person may type -----------------------------------------------------------------


@pytest.mark.parametrize("variant", typed_variants(X_ID))
def test_what_a_person_types_is_normalised_to_the_standard_form(variant):
    typed = typed_variants(X_ID)[variant]
    assert normalise_resident_id(typed) == X_ID
    assert refusal(typed) is None


def test_a_standard_number_is_left_as_it_is():
    assert normalise_resident_id(X_ID) is X_ID


@pytest.mark.parametrize("typed", ["11010519900101001Z", "١١٠١٠٥١٩٩٠٠١٠١٠٠١٢", ""])
def test_other_characters_stay_for_the_validator_to_refuse(typed):
    assert refusal(typed).code == "resident_id_shape"
