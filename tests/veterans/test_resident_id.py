import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from demo.identifiers import make_resident_id
from veterans.models import validate_resident_id

ALLOWED = "0123456789X"
VALID_IDS = [
    make_resident_id("110105", datetime.date(1990, 1, 1), 1),
    make_resident_id("310101", datetime.date(1975, 12, 31), 42),
    make_resident_id("440305", datetime.date(2000, 2, 29), 777),
    make_resident_id("110105", datetime.date(1985, 6, 15), 0),
]
# One whose check character is X, to cover the eleventh symbol too.
VALID_IDS.append(
    next(
        rid
        for n in range(1000)
        if (rid := make_resident_id("120101", datetime.date(1988, 8, 8), n)).endswith("X")
    )
)


def is_refused(value: str) -> bool:
    try:
        validate_resident_id(value)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_accepts_a_valid_resident_id(resident_id):
    validate_resident_id(resident_id)


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_refuses_every_single_character_change(resident_id):
    accepted = [
        changed
        for position in range(len(resident_id))
        for char in ALLOWED
        if char != resident_id[position]
        and not is_refused(changed := resident_id[:position] + char + resident_id[position + 1 :])
    ]
    assert accepted == []


@pytest.mark.parametrize("resident_id", VALID_IDS)
def test_it_refuses_every_swap_of_two_different_neighbours(resident_id):
    accepted = [
        swapped
        for i in range(len(resident_id) - 1)
        if resident_id[i] != resident_id[i + 1]
        and not is_refused(
            swapped := resident_id[:i] + resident_id[i + 1] + resident_id[i] + resident_id[i + 2 :]
        )
    ]
    assert accepted == []


@pytest.mark.parametrize(
    "born",
    [
        datetime.date(1930, 5, 1),
        datetime.date.today().replace(month=1, day=1) - datetime.timedelta(days=1),
    ],
    ids=["born_1930", "born_last_year"],
)
def test_it_refuses_an_implausible_birth_date(born):
    with pytest.raises(ValidationError) as refused:
        validate_resident_id(make_resident_id("110105", born, 5))
    assert refused.value.code == "implausible_birth_date"


def test_it_refuses_a_birth_date_that_does_not_exist():
    body = "110105" + "19990231" + "123"
    with pytest.raises(ValidationError) as refused:
        validate_resident_id(body + ric.calc_check_digit(body + "0"))
    assert refused.value.code == "invalid_resident_id"
