"""After a key rotation, bring every resident ID to the current keys; safe to run again.

- A new key first in PERSONAL_DATA_KEYS: re-encrypt the rows still under an older key,
  then the old key can leave the list.
- A new PERSONAL_DATA_HASH_KEY (``--rehash``): recompute every digest from the decrypted
  number. Until it has finished, finding a veteran by ID number (the uniqueness check of
  sign-up) misses the rows not yet done: run it in a maintenance window.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.accounts import crypto
from portal.progress import Progress
from veterans.models import RESIDENT_ID_PURPOSE, VeteranProfile

BATCH = 5000


class Command(BaseCommand):
    help = "Re-encrypt resident ID numbers under the newest key; --rehash: new digests too."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="Recompute every digest with the current PERSONAL_DATA_HASH_KEY.",
        )

    def handle(self, *args, rehash=False, **options):
        encrypted = rehashed = last_id = 0
        progress = Progress(VeteranProfile.objects.count(), "Veterans checked", self.stderr)
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, resident_id, resident_id_hash FROM veterans_veteranprofile "
                    "WHERE id > %s ORDER BY id LIMIT %s FOR UPDATE",
                    [last_id, BATCH],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                last_id = rows[-1][0]
                todo = [row for row in rows if rehash or not crypto.is_current(row[1])]
                plain = [crypto.decrypt(row[1], purpose=RESIDENT_ID_PURPOSE) for row in todo]
                stale = [i for i, row in enumerate(todo) if not crypto.is_current(row[1])]
                tokens = [row[1] for row in todo]
                fresh = crypto.encrypt_many([plain[i] for i in stale], purpose=RESIDENT_ID_PURPOSE)
                for i, token in zip(stale, fresh):
                    tokens[i] = token
                digests = crypto.digest_many(plain) if rehash else [row[2] for row in todo]
                changed = [
                    (token, digest, row[0])
                    for row, token, digest in zip(todo, tokens, digests)
                    if (token, digest) != (row[1], row[2])
                ]
                cursor.executemany(
                    "UPDATE veterans_veteranprofile SET resident_id = %s, resident_id_hash = %s "
                    "WHERE id = %s",
                    changed,
                )
                encrypted += len(stale)
                rehashed += sum(digest != row[2] for row, digest in zip(todo, digests))
            progress.advance(len(rows))
        progress.finish()
        self.stdout.write(
            f"{encrypted} resident ID number(s) re-encrypted, {rehashed} digest(s) recomputed."
        )
