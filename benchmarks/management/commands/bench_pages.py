"""Time each page of the load test's mix in-process, one role at a time, with the trivial
view (/health/live/) measured in the same run as the baseline.

The load test (`make loadtest`) says how the whole server behaves with locust sharing the
cores; this says what each page costs on its own: server time through the whole middleware
stack (no network, no locust), its database queries, and its cost in trivial views. Run on
a loaded demo (`seed_demo --scale medium`); prints one JSON line.
"""

import json
import random
import re
import statistics
import time

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.timing import in_process, percentile
from enterprises.models import CooperationBatch
from enterprises.selectors import cooperative_enterprises
from jobs.models import JobPost
from portal.accounts.mfa import session_mark_verified
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import User
from portal.reference.models import Region
from veterans.models import Consent

WARM_UP = 3
WORDS = ["司机", "保安", "叉车", "销售", "工程师", "电工", "仓库", "客服", "物流", "厨师"]


class Command(BaseCommand):
    help = "Server time and queries of each page of the load test's mix, against a trivial view."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30, help="per page")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, requests, seed, **options):
        self.random = random.Random(seed)
        self.requests = requests
        users = self._users()
        with in_process():
            pages = {"/health/live/ (trivial)": self._time(None, lambda: "/health/live/")}
            for role, user in users.items():
                for name, path in self._paths(role, user).items():
                    pages[name] = self._time(user, path)
        trivial_ms = pages["/health/live/ (trivial)"]["p50_ms"]
        for figures in pages.values():
            figures["trivial_views"] = round(figures["p50_ms"] / trivial_ms, 1)
        self.stdout.write(
            json.dumps(
                {
                    "requests_per_page": requests,
                    "posts": JobPost.objects.count(),
                    "trivial_p50_ms": trivial_ms,
                    "pages": pages,
                },
                ensure_ascii=False,
            )
        )

    def _users(self) -> dict:
        """The first user of each role the load test signs in (veterans with the consent)."""
        consenting = Consent.objects.filter(
            purpose=Consent.Purpose.SENSITIVE_DATA, withdrawn_at__isnull=True
        ).values("user")
        users = {
            "visitor": None,
            "veteran": User.objects.filter(role="veteran", pk__in=consenting)
            .order_by("pk")
            .first(),
            "enterprise": User.objects.filter(role="enterprise", is_active=True)
            .order_by("pk")
            .first(),
            "bureau": User.objects.filter(role="bureau", is_active=True).order_by("pk").first(),
        }
        if None in list(users.values())[1:]:
            raise CommandError("No demo users: load the demo data first (seed_demo).")
        return users

    def _paths(self, role: str, user) -> dict:
        """Each page of the role's tasks in loadtest/locustfile.py: a callable giving the
        next request's path (searches and posts vary as in the load test)."""
        posts = list(JobPost.objects.published().order_by("?").values_list("pk", flat=True)[:500])
        provinces = list(Region.objects.filter(parent__isnull=True).values_list("code", flat=True))
        enterprises = list(cooperative_enterprises().values_list("pk", flat=True)[:200])
        batch = CooperationBatch.objects.released().values_list("number", flat=True).first() or 1

        def search():
            query = f"/?q={self.random.choice(WORDS)}"
            if self.random.random() < 0.3:
                query += f"&province={self.random.choice(provinces[:10])}"
            return query

        def one(items, pattern):
            return lambda: pattern.format(self.random.choice(items))

        prefix = f"{role}: "
        paths = {"search": search, "post": one(posts, "/jobs/posts/{}/")}
        if role == "visitor":
            paths |= {
                "home": lambda: "/",
                "directory": lambda: "/cooperation/",
                "enterprise page": one(enterprises, "/cooperation/enterprises/{}/"),
                "batch": lambda: f"/cooperation/batches/{batch}/",
                "notices": lambda: "/jobs/notices/",
                "service stations": lambda: "/veterans/service-stations/",
            }
        elif role == "veteran":
            paths |= {
                "applications": lambda: "/jobs/applications/",
                "invitations": lambda: "/jobs/invitations/",
                "feedback": lambda: "/jobs/feedback/",
            }
        elif role == "enterprise":
            applicants = self._linked(user, "/jobs/enterprise/applications/")
            paths = {
                "applicants": lambda: "/jobs/enterprise/applications/",
                "own posts": lambda: "/jobs/enterprise/posts/",
                "quarterly notices": lambda: "/dashboards/notices/",
                "feedback": lambda: "/jobs/feedback/enterprise/",
            }
            if applicants:
                paths["one applicant"] = one(applicants, "/jobs/enterprise/applications/{}/")
        else:
            waiting = self._linked(user, "/jobs/review/")
            paths = {
                "review queue": lambda: "/jobs/review/",
                "follow-ups": lambda: "/jobs/follow-ups/",
                "quarterly notices": lambda: "/dashboards/notices/",
                "feedback summary": lambda: "/jobs/feedback/summary/",
                "invited enterprises": lambda: "/enterprises/invitations/",
            }
            if waiting:
                paths["one waiting post"] = one(waiting, "/jobs/review/{}/")
        return {prefix + name: path for name, path in paths.items()}

    def _client(self, user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
            if is_staff_user(user):  # as after the one-time password step
                session_mark_verified(client.session, user)
        return client

    def _linked(self, user, path: str) -> list[str]:
        """The ids a list page links to (as a person clicks a row)."""
        response = self._client(user).get(path)
        return re.findall(re.escape(path) + r"(\d+)/", response.content.decode())

    def _time(self, user, path) -> dict:
        """Server time of `requests` GETs after a few untimed ones; the caches start empty
        (a visitor's page is then rendered once and served from the page cache)."""
        for cache in caches.all():
            cache.clear()
        client = self._client(user)
        timings, queries = [], []
        for number in range(WARM_UP + self.requests):
            url = path()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
            if number >= WARM_UP:
                timings.append(elapsed)
                queries.append(len(captured))
        return {
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "queries": max(queries),
        }
