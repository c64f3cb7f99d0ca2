"""Time the quarterly report over the whole database and the dashboards that read it.

Run on the large demo data (`seed_demo --scale large --seed 1`) or any other loaded demo
(`--scale xlarge`: twice large); prints one JSON line, with the loaded demo's scale and its
row counts as the size.
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from benchmarks.timing import in_process, percentile
from dashboards import services
from dashboards.models import QuarterlyNotice, QuarterlyReport
from dashboards.quarters import Quarter
from dashboards.selectors import live_counts_forget
from demo.models import SeedRun
from jobs.models import Application, JobPost
from portal.accounts.mfa import session_mark_verified
from portal.accounts.models import Notification, User
from portal.progress import Progress
from veterans.models import VeteranProfile


class Command(BaseCommand):
    help = "Time one full quarterly report run and the ministry, province and city dashboards."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help="the quarter to time (default: the last one ended)")
        parser.add_argument("--requests", type=int, default=50, help="per dashboard")
        parser.add_argument(
            "--trend", type=int, default=4, help="earlier quarters computed first if missing"
        )

    def handle(self, *args, quarter, requests, trend, **options):
        chosen = Quarter.parse(quarter) if quarter else Quarter.current().previous
        self._fill_trend(chosen, trend)
        self._forget_notices(chosen)
        started = time.perf_counter()
        run = services.quarterly_report_compute(quarter=chosen)
        quarterly_run_s = time.perf_counter() - started
        again = services.quarterly_report_compute(quarter=chosen)
        pages = self._pages(chosen)
        with Progress(len(pages) * requests, "Dashboard requests", self.stderr) as progress:
            timings = {
                name: self._time(url, code, requests, progress)
                for name, (url, code) in pages.items()
            }
        every = [ms for values in timings.values() for ms in values]
        seeded = SeedRun.objects.first()
        result = {
            "scale": seeded.scale if seeded else None,
            "veterans": VeteranProfile.objects.count(),
            "posts": JobPost.objects.count(),
            "applications": Application.objects.count(),
            "quarter": str(chosen),
            "scopes": run["scopes"],
            "quarterly_run_s": round(quarterly_run_s, 2),
            "compute_s": run["compute_s"],
            "write_s": run["write_s"],
            # Part of quarterly_run_s: the notices written and sent, and a second run's count
            # (0: one notice per recipient and quarter).
            "notices_s": run["notices_s"],
            "notices_sent": run["notices_sent"],
            "notices_sent_again": again["notices_sent"],
            # Every request counts, the first, cold one of each page included.
            "dashboard_p95_ms": round(percentile(every, 95), 1),
            "dashboard_p50_ms": round(statistics.median(every), 1),
            "pages": {
                name: {
                    "url": pages[name][0],
                    "cold_ms": round(values[0], 1),
                    "p50_ms": round(statistics.median(values), 1),
                    "p95_ms": round(percentile(values, 95), 1),
                }
                for name, values in timings.items()
            },
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _forget_notices(self, chosen: Quarter) -> None:
        """The quarter's notices of an earlier bench run, with their inbox entries, so this
        run times sending all of them again."""
        notices = QuarterlyNotice.objects.filter(year=chosen.year, quarter=chosen.number)
        links = [
            reverse("dashboards:notice_detail", args=[pk])
            for pk in notices.values_list("pk", flat=True)
        ]
        Notification.objects.filter(kind="quarterly_notice", link__in=links).delete()
        notices.delete()

    def _fill_trend(self, chosen: Quarter, count: int) -> None:
        """The trend chart reads earlier quarters: compute those not stored yet (untimed)."""
        stored = set(QuarterlyReport.objects.filter(region=None).values_list("year", "quarter"))
        for earlier in chosen.back(count + 1)[:-1]:
            if (earlier.year, earlier.number) not in stored:
                services.quarterly_report_compute(quarter=earlier)

    def _pages(self, chosen: Quarter) -> dict:
        """The nation, and the province and the city with the most veterans: each page's
        URL and scope code."""
        busiest = (
            VeteranProfile.objects.values("home_region")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("home_region", flat=True)
        )
        city = busiest.first()
        if city is None:
            raise CommandError("No veterans: load the demo data first (seed_demo).")
        query = f"?quarter={chosen}"
        province = city[:2] + "0000"
        return {
            "nation": (reverse("dashboards:nation") + query, "nation"),
            "province": (reverse("dashboards:region", kwargs={"code": province}) + query, province),
            "city": (reverse("dashboards:region", kwargs={"code": city}) + query, city),
        }

    def _time(self, url: str, code: str, requests: int, progress: Progress) -> list[float]:
        """Server time in milliseconds of `requests` GETs by a ministry admin, in-process
        through the whole middleware stack (no network). The first is cold: the scope's
        live figures, kept a minute, are forgotten before it, as a minute after the last
        visit."""
        ministry = User.objects.filter(role=User.Role.MINISTRY).order_by("pk").first()
        if ministry is None:
            raise CommandError("No ministry user: load the demo data first (seed_demo).")
        live_counts_forget(code)
        with in_process():
            client = Client()
            client.force_login(ministry)
            # As after the one-time password step: the bench times the page, not the MFA redirect.
            session_mark_verified(client.session, ministry)
            timings = []
            for _number in range(requests):
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}")
                timings.append(elapsed)
                progress.advance()
        return timings
