import json

from django.core.management.base import BaseCommand, CommandError

from dashboards import services
from dashboards.quarters import Quarter


class Command(BaseCommand):
    help = (
        "Compute the quarterly report for the nation and every province and city; a rerun "
        "replaces the quarter's rows. Without --quarter: the quarter that ended last."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quarter", action="append", default=[], help="e.g. 2026Q3")
        parser.add_argument(
            "--last",
            type=int,
            default=0,
            help="also the N quarters up to and including the current one (for trends)",
        )

    def handle(self, *args, quarter, last, **options):
        try:
            chosen = [Quarter.parse(text) for text in quarter]
        except ValueError as exc:
            raise CommandError(f"Not a quarter: {exc} (write it like 2026Q3)") from exc
        if last:
            chosen += Quarter.current().back(last)
        if not chosen:
            chosen = [Quarter.current().previous]
        for one in sorted(set(chosen)):
            try:
                result = services.quarterly_report_compute(quarter=one)
            except services.FutureQuarter as exc:
                raise CommandError(f"{exc} has not begun yet") from exc
            self.stdout.write(json.dumps(result))
