"""Migration veterans.0003 rewrites the resident IDs stored as typed before #13."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.accounts import crypto
from tests import factories as f
from tests.resident_ids import FULL_WIDTH, with_check_x

pytestmark = pytest.mark.slow
BEFORE = [("veterans", "0002_encrypt_resident_id")]
PURPOSE = "veterans.resident_id"
X_ID = with_check_x("440306", datetime.date(1972, 6, 1))
SameNumberTwice = importlib.import_module(
    "veterans.migrations.0003_normalise_resident_ids"
).SameNumberTwice


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def store_as_typed(typed: str) -> int:
    """A profile row as the code before #13 wrote it: the typed text, its digest."""
    user = f.UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO veterans_veteranprofile (user_id, full_name, resident_id, "
            "resident_id_hash, phone, home_region_id, service_branch, rank_category, education, "
            "willing_to_relocate, seeking_status, created_at, updated_at) VALUES "
            "(%s, '王强', %s, %s, '', %s, '', '', 2, false, 'seeking', now(), now()) RETURNING id",
            [user.pk, crypto.encrypt(typed, purpose=PURPOSE), crypto.digest(typed), f.CITY_X],
        )
        return cursor.fetchone()[0]


def stored(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT resident_id, resident_id_hash FROM veterans_veteranprofile WHERE id = %s",
            [pk],
        )
        token, digest = cursor.fetchone()
    return crypto.decrypt(token, purpose=PURPOSE), digest


@pytest.fixture
def before_0003(transactional_db):
    f.region(f.CITY_X)  # an earlier transactional test may have flushed the reference data
    graph = MigrationExecutor(connection).loader.graph
    migrate(BEFORE)
    yield graph.leaf_nodes("veterans")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM veterans_veteranprofile")
    # Every app's last migration: going back to veterans.0002 unapplied the other apps'
    # migrations that depend on it, and the tests after this one need them all again.
    migrate(graph.leaf_nodes())


def test_numbers_stored_as_typed_are_rewritten_in_the_standard_form(before_0003):
    lower = store_as_typed(X_ID.lower())
    full_width = store_as_typed(
        with_check_x("110105", datetime.date(1980, 1, 1)).translate(FULL_WIDTH)
    )
    standard = store_as_typed(with_check_x("310115", datetime.date(1963, 10, 1)))
    untouched = stored(standard)
    migrate(before_0003)
    assert stored(lower) == (X_ID, crypto.digest(X_ID))
    number = with_check_x("110105", datetime.date(1980, 1, 1))
    assert stored(full_width) == (number, crypto.digest(number))
    assert stored(standard) == untouched


def test_two_profiles_with_the_same_number_stop_the_migration_and_change_nothing(before_0003):
    first = store_as_typed(X_ID)
    second = store_as_typed(X_ID.lower())
    with pytest.raises(SameNumberTwice, match=f"{second} and {first}"):
        migrate(before_0003)
    assert stored(second) == (X_ID.lower(), crypto.digest(X_ID.lower()))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM veterans_veteranprofile WHERE id = %s", [second])
    migrate(before_0003)
    assert stored(first) == (X_ID, crypto.digest(X_ID))
