"""Start a matching run now (Celery beat starts one every night at 02:00) and follow it.

The shards run on the Celery workers; this command shows how many are done until the run
is current (or failed). --no-wait only starts it. While a run is running, it refuses
to start another and says so.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from jobs import services
from jobs.models import MatchingRun
from portal.workflow import Conflict


class Command(BaseCommand):
    help = "Run the nightly matching now and show its progress."

    def add_arguments(self, parser):
        parser.add_argument("--no-wait", action="store_true", help="Start the run and return.")
        parser.add_argument("--timeout", type=float, default=4 * 3600)

    def handle(self, *args, no_wait=False, timeout=4 * 3600, **options):
        try:
            run = services.matching_run_start()
        except Conflict as refusal:  # another run is still running
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Matching run {run.pk}: {run.shards_total} shards")
        if no_wait:
            return
        deadline = time.monotonic() + timeout
        run.refresh_from_db()
        while run.status == MatchingRun.Status.RUNNING:
            self.stdout.write(f"\rshards done {run.shards_done}/{run.shards_total}", ending="")
            self.stdout.flush()
            if time.monotonic() > deadline:
                raise CommandError(f"Run {run.pk} is still running after {timeout:.0f} s.")
            time.sleep(1)
            run.refresh_from_db()
        self.stdout.write(f"\rshards done {run.shards_done}/{run.shards_total}")
        if run.status == MatchingRun.Status.FAILED:
            raise CommandError(f"Run {run.pk} failed: {run.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk} is current: {run.veterans} veterans, {run.posts} posts, "
                f"{run.pairs_scored} pairs scored, {run.recommendations} recommendations "
                f"in {run.duration.total_seconds():.1f} s"
            )
        )
