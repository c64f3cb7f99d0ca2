"""manage.py seed_demo --scale small|medium|large --seed N [--today YYYY-MM-DD]

Loads realistic, deterministic demo data (see demo/generate.py) and the demo logins.
Then what the scheduled jobs would have made of it (demo/nightly.py): a finished matching
run and the last four quarterly reports. Running it again with the same scale and seed does
nothing but make sure the logins, the run and the reports exist.
`--scale tiny` is for the test suite.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.cooperation import ensure_training_cooperation
from demo.generate import OtherDemoData, seed_demo
from demo.invitations import ensure_invitations_and_screening
from demo.logins import ensure_demo_logins
from demo.meetings import ensure_quarterly_meeting
from demo.nightly import run_nightly_jobs
from demo.scales import SCALES
from demo.startups import ensure_entrepreneurship


class Command(BaseCommand):
    help = "Load deterministic demo data (skipped when already loaded) and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="anchor date the data's dates are relative to (default: today)",
        )

    def handle(self, *args, scale, seed, today, verbosity, **options):
        today = today or timezone.localdate()
        log = self.stdout.write if verbosity > 0 else (lambda line: None)
        try:
            run = seed_demo(scale=SCALES[scale], seed=seed, today=today, log=log)
        except OtherDemoData as error:
            raise CommandError(
                f"This database already holds demo data ({error.args[0]}); "
                "seed a fresh database to load another scale or seed."
            ) from error
        ensure_demo_logins(today=today)
        ensure_entrepreneurship(today=today)
        ensure_invitations_and_screening(today=today)
        ensure_training_cooperation(today=today)
        if run is None:
            self.stdout.write(f"Demo data ({scale}, seed {seed}) is already loaded: nothing to do.")
            return
        run_nightly_jobs(today=today, log=log)
        ensure_quarterly_meeting(today=today)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {scale} demo data (seed {seed}) in {run.seconds} s:")
        )
        for label, rows in sorted(run.counts.items()):
            self.stdout.write(f"  {label:<40} {rows:>10,}")
