"""Migration veterans.0002 converts the resident IDs already stored in clear (#8)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.accounts import crypto
from tests import factories as f

pytestmark = pytest.mark.slow
BEFORE = [("veterans", "0001_initial")]
RESIDENT_ID = "110105199001011237"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_rows_stored_in_clear_are_encrypted_by_the_migration_and_back_by_its_reverse():
    user = f.UserFactory()
    f.region(f.CITY_X)  # an earlier transactional test may have flushed the reference data
    # Every app's last migration: going back to veterans.0001 unapplies the other apps'
    # migrations that depend on it, and the tests after this one need them all again.
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO veterans_veteranprofile (user_id, full_name, resident_id, phone, "
                "home_region_id, service_branch, rank_category, education, willing_to_relocate, "
                "seeking_status, created_at, updated_at) VALUES "
                "(%s, '王强', %s, '', %s, '', '', 2, false, 'seeking', now(), now())",
                [user.pk, RESIDENT_ID, f.CITY_X],
            )
        migrate(latest)
        with connection.cursor() as cursor:
            cursor.execute("SELECT resident_id, resident_id_hash FROM veterans_veteranprofile")
            token, digest = cursor.fetchone()
        assert token.startswith("v1$") and RESIDENT_ID not in token
        assert crypto.decrypt(token, purpose="veterans.resident_id") == RESIDENT_ID
        assert digest == crypto.digest(RESIDENT_ID)
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT resident_id FROM veterans_veteranprofile")
            assert cursor.fetchone()[0] == RESIDENT_ID
    finally:
        migrate(latest)
