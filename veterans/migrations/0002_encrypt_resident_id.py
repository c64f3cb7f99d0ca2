"""Resident ID numbers move from clear text to AES-GCM tokens with an HMAC digest (#8).

Existing rows are converted in batches with the keys of the running settings; the reverse
decrypts them again.
"""

from django.db import migrations, models
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith

import veterans.fields
import veterans.models
from portal.accounts import crypto

PURPOSE = "veterans.resident_id"
BATCH = 5000


def _convert(apps, schema_editor, forward: bool):
    # The historical model has a plain TextField for resident_id: values pass untouched.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, resident_id FROM veterans_veteranprofile ORDER BY id")
        rows = cursor.fetchall()
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        ids = [row[0] for row in batch]
        if forward:
            plain = [row[1] for row in batch]
            values = list(zip(ids, crypto.encrypt_many(plain, purpose=PURPOSE), crypto.digest_many(plain)))
        else:
            values = [(pk, crypto.decrypt(token, purpose=PURPOSE), None) for pk, token in batch]
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE veterans_veteranprofile SET resident_id = %s, resident_id_hash = %s WHERE id = %s",
                [(value, digest, pk) for pk, value, digest in values],
            )


def encrypt_rows(apps, schema_editor):
    _convert(apps, schema_editor, forward=True)


def decrypt_rows(apps, schema_editor):
    _convert(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("veterans", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="veteranprofile", name="resident_id_format"),
        migrations.AlterField(
            model_name="veteranprofile",
            name="resident_id",
            field=models.TextField(verbose_name="resident ID number"),
        ),
        migrations.AddField(
            model_name="veteranprofile",
            name="resident_id_hash",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AlterField(
            model_name="veteranprofile",
            name="resident_id_hash",
            field=models.CharField(
                editable=False,
                error_messages={"unique": "A profile with this resident ID number already exists."},
                max_length=64,
                unique=True,
            ),
        ),
        migrations.AlterField(
            model_name="veteranprofile",
            name="resident_id",
            field=veterans.fields.EncryptedTextField(
                digest_field="resident_id_hash",
                form_max_length=18,
                purpose="veterans.resident_id",
                validators=[veterans.models.validate_resident_id],
                verbose_name="resident ID number",
            ),
        ),
        migrations.AddConstraint(
            model_name="veteranprofile",
            constraint=models.CheckConstraint(
                condition=StartsWith(Cast("resident_id", models.TextField()), "v1$"),
                name="resident_id_encrypted",
            ),
        ),
        migrations.AddConstraint(
            model_name="veteranprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("resident_id_hash__regex", "^[A-Za-z0-9_-]{43}$")),
                name="resident_id_hash_format",
            ),
        ),
    ]
