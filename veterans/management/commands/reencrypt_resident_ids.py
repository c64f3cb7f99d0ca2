"""After a key rotation (a new key first in PERSONAL_DATA_KEYS), re-encrypt every resident
ID still under an older key; then the old key can leave the list. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.accounts import crypto
from veterans.models import RESIDENT_ID_PURPOSE

BATCH = 5000


class Command(BaseCommand):
    help = "Re-encrypt resident ID numbers under the newest of PERSONAL_DATA_KEYS."

    def handle(self, *args, **options):
        done, last_id = 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, resident_id FROM veterans_veteranprofile WHERE id > %s "
                    "ORDER BY id LIMIT %s FOR UPDATE",
                    [last_id, BATCH],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                last_id = rows[-1][0]
                stale = [(pk, token) for pk, token in rows if not crypto.is_current(token)]
                plain = [crypto.decrypt(token, purpose=RESIDENT_ID_PURPOSE) for _, token in stale]
                tokens = crypto.encrypt_many(plain, purpose=RESIDENT_ID_PURPOSE)
                cursor.executemany(
                    "UPDATE veterans_veteranprofile SET resident_id = %s WHERE id = %s",
                    [(token, pk) for (pk, _), token in zip(stale, tokens)],
                )
                done += len(stale)
        self.stdout.write(f"{done} resident ID number(s) re-encrypted.")
