import pytest

from portal.rules import RULES, Rule, rule
from portal.workflow import Conflict, NotAllowed


@pytest.fixture
def declared():
    """Rules declared by a test leave the registry as they found it."""
    before = dict(RULES)
    yield
    RULES.clear()
    RULES.update(before)


def test_a_true_or_false_check_refuses_with_its_one_reason(declared):
    @rule("test.adult", minor="Only adults may do this.")
    def adult(age) -> bool:
        return age >= 18

    assert (adult.allows(30), adult.reason(30)) == (True, "")
    assert adult.reason(12) == "Only adults may do this."
    with pytest.raises(NotAllowed, match="Only adults"):
        adult.require(12)


def test_a_check_with_several_reasons_names_the_one_that_applies(declared):
    @rule("test.door", error=Conflict, locked="The door is locked.", gone="There is no door.")
    def door(state):
        return {"open": None, "locked": "locked", "gone": "gone"}[state]

    assert [door.refusal(state) for state in ("open", "locked", "gone")] == [None, "locked", "gone"]
    with pytest.raises(Conflict, match="no door"):
        door.require("gone")


def test_a_rule_is_registered_once_with_at_least_one_reason(declared):
    @rule("test.once", no="No.")
    def once() -> bool:
        return False

    assert isinstance(RULES["test.once"], Rule)
    with pytest.raises(ValueError):
        rule("test.once", no="No.")(lambda: False)
    with pytest.raises(TypeError):
        rule("test.reasonless")
