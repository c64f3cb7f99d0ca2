"""Resident ID numbers are stored normalised (#13).

The field now normalises every value (veterans/resident_id.py). Numbers saved as typed
before (a lower-case x through the API, full-width digits through the web form) are
rewritten in their standard form with a fresh token and digest, so their digest is the one
every lookup and uniqueness check now computes.

If two profiles hold the same number once normalised (one person registered twice), the
migration stops, names the profiles and changes nothing: an administrator decides which
profile to keep, deletes the other in the admin, and runs migrate again.
"""

from django.db import migrations

import veterans.fields
import veterans.resident_id
from portal.accounts import crypto
from veterans.resident_id import normalise_resident_id

PURPOSE = "veterans.resident_id"
BATCH = 5000


class SameNumberTwice(Exception):
    pass


def _rewrite(cursor, changed: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Stores each (id, normalised number) unless another profile already holds that
    number; answers those (id, holder id) pairs."""
    digests = crypto.digest_many(value for _pk, value in changed)
    cursor.execute(
        "SELECT resident_id_hash, id FROM veterans_veteranprofile "
        "WHERE resident_id_hash = ANY(%s)",
        [digests],
    )
    holders = dict(cursor.fetchall())
    updates, conflicts = [], []
    for (pk, value), digest in zip(changed, digests):
        if holders.get(digest, pk) != pk:
            conflicts.append((pk, holders[digest]))
            continue
        holders[digest] = pk
        updates.append((crypto.encrypt(value, purpose=PURPOSE), digest, pk))
    cursor.executemany(
        "UPDATE veterans_veteranprofile SET resident_id = %s, resident_id_hash = %s "
        "WHERE id = %s",
        updates,
    )
    return conflicts


def normalise_rows(apps, schema_editor):
    conflicts, last_id = [], 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, resident_id FROM veterans_veteranprofile "
                "WHERE id > %s ORDER BY id LIMIT %s",
                [last_id, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            plain = [(pk, crypto.decrypt(token, purpose=PURPOSE)) for pk, token in rows]
            changed = [
                (pk, normal) for pk, value in plain if (normal := normalise_resident_id(value)) != value
            ]
            if changed:
                conflicts += _rewrite(cursor, changed)
    if conflicts:
        # The migration's transaction rolls back: nothing is half done.
        pairs = ", ".join(f"{pk} and {holder}" for pk, holder in conflicts)
        raise SameNumberTwice(
            f"Veteran profiles hold the same resident ID number once normalised: {pairs}. "
            "Keep one profile of each pair (delete the other in the admin) and migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("veterans", "0002_encrypt_resident_id")]

    operations = [
        migrations.AlterField(
            model_name="veteranprofile",
            name="resident_id",
            field=veterans.fields.EncryptedTextField(
                digest_field="resident_id_hash",
                form_max_length=24,
                normalise=veterans.resident_id.normalise_resident_id,
                purpose="veterans.resident_id",
                validators=[veterans.resident_id.validate_resident_id],
                verbose_name="resident ID number",
            ),
        ),
        # Already normalised rows stay as they are: the reverse has nothing to undo.
        migrations.RunPython(normalise_rows, migrations.RunPython.noop, elidable=False),
    ]
