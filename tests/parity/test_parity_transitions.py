"""Every refused status transition of every workflow, through the page and the API: both
refuse with the same sentence in the user's language, and nothing is written.

The cases are generated from the transition maps and the moves (tests/parity/moves.py): a
new status, a new move or a new review decision brings its refused cases along, and a
status a map can reach that no move reaches fails test_parity_every_reachable_status_....
"""

from types import SimpleNamespace

import pytest

from tests.parity.conftest import assert_same_refusal
from tests.parity.moves import MOVES, SYSTEM_MOVES, WEB_ONLY_WORKFLOWS, WORKFLOWS

pytestmark = pytest.mark.django_db

CASES = [
    pytest.param(move, status, id=f"{move.name}-from-{status}")
    for move in MOVES
    for status in move.refused_from()
]


WORLD = ("enterprise_a", "branch_a", "hr_a", "bureau_x", "ministry", "veteran", "other_veteran")


@pytest.fixture
def world(request):
    """The fixtures the moves act on and with, by name."""
    return SimpleNamespace(**{name: request.getfixturevalue(name) for name in WORLD})


def _user(world, persona: str):
    actor = getattr(world, persona)
    return getattr(actor, "user", actor) if persona in ("veteran", "other_veteran") else actor


@pytest.mark.parametrize(("move", "status"), CASES)
def test_parity_a_refused_transition_is_refused_alike(both, world, move, status):
    obj = move.make(world, status)
    from_page, from_api = both(_user(world, move.actor), move.page(obj), move.api(obj))
    assert_same_refusal(from_page, from_api)
    obj.refresh_from_db()
    assert obj.status == status


def test_parity_every_reachable_status_is_reached_by_a_move_or_the_system():
    reached = {(move.model, move.target) for move in MOVES} | set(SYSTEM_MOVES)
    reachable = {
        (model, target)
        for model in WORKFLOWS
        for targets in model.TRANSITIONS.values()
        for target in targets
    }
    assert sorted((m.__name__, t) for m, t in reachable - reached) == []


def test_parity_every_workflow_model_is_listed():
    from django.apps import apps

    from portal.workflow import Workflow

    workflows = {model for model in apps.get_models() if issubclass(model, Workflow)}
    assert workflows == set(WORKFLOWS) | set(WEB_ONLY_WORKFLOWS)
