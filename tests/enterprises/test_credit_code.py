"""The unified social credit code check (GB 32100-2015) catches every single-character
error and every swap of two neighbouring characters, as a mod-31 check should."""

import string

import pytest
from django.core.exceptions import ValidationError

from demo.identifiers import make_credit_code
from enterprises.models import validate_credit_code

VALID = [
    make_credit_code(region, serial)
    for region in ("110000", "110105", "310000", "440300", "650100")
    for serial in (1, 7, 424242, 100000003, 987654321)
]
CHARACTERS = string.digits + string.ascii_uppercase + string.ascii_lowercase + " -."


def refused(code: str) -> bool:
    try:
        validate_credit_code(code)
    except ValidationError:
        return True
    return False


def test_the_sample_covers_letter_check_characters():
    assert any(code[-1].isalpha() for code in VALID)


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_a_valid_code(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", VALID)
def test_it_refuses_every_single_character_change(code):
    changed = [
        code[:i] + c + code[i + 1 :] for i in range(len(code)) for c in CHARACTERS if c != code[i]
    ]
    assert [wrong for wrong in changed if not refused(wrong)] == []


@pytest.mark.parametrize("code", VALID)
def test_it_refuses_every_swap_of_two_different_neighbours(code):
    swapped = [
        code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        for i in range(len(code) - 1)
        if code[i] != code[i + 1]
    ]
    assert swapped and [wrong for wrong in swapped if not refused(wrong)] == []


@pytest.mark.parametrize("code", ["", VALID[0][:-1], VALID[0] + "0", " " + VALID[0]])
def test_it_refuses_a_code_of_the_wrong_length_or_form(code):
    assert refused(code)
