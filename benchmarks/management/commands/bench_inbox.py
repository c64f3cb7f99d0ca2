"""manage.py bench_inbox [--users 100000] [--per-user 50] [--samples 200] [--seed 1]

Fills the inboxes of --users bench users (usernames bench-inbox-N) with --per-user
notifications each (5,000,000 by default; about one in ten unread, rows of all users
interleaved in time as real ones are), once: a second run reuses them. Then, for --samples
random bench users, times the header bell's count (portal.accounts.selectors.unread_count,
through the ORM as a caller pays it) and a page of their inbox (the page the portal serves,
in-process through the whole middleware stack, session and bell included; a random one of
its first three pages, reached by the keyset link ``?before=``) and prints one JSON line:

  users, notifications          what the table holds
  unread_count_p50_ms, _p95_ms  the bell's count (the ORM call, round trip included)
  inbox_page_p50_ms, _p95_ms    server time of the inbox page
  inbox_queries_p95_ms          the page's own query (its rows, by keyset), through the ORM
  *_db_p95_ms                   the database's own time of each (EXPLAIN ANALYZE)
  load_average_1m               the machine's load while it ran
  plans                         EXPLAIN ANALYZE of the count and of the page's rows
  baseline_*                    what the bell and the page's rows cost before: counting the
                                unread rows (over notification_unread_idx) and an OFFSET
                                page with its COUNT(*) (Django's Paginator), and both again
                                with index scans off (a sequential scan of the table)

The table is vacuumed and analysed after the fill (the visibility map lets a count over an
index skip the heap, as autovacuum leaves a table in use).
"""

import json
import logging
import os
import random
import statistics

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from benchmarks.timing import in_process, ms, percentile, timed
from portal.accounts.models import Notification, User
from portal.accounts.selectors import inbox_page, notifications_of, unread_count
from portal.pagination import paginate
from portal.progress import Progress

PREFIX = "bench-inbox-"
KINDS = ["application_status_changed", "job_alert", "application_submitted", "enrolment_created"]
BASELINE_RUNS = 3


class Command(BaseCommand):
    help = "Fill 100,000 inboxes with 5,000,000 notifications and time the bell and the inbox."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100_000)
        parser.add_argument("--per-user", type=int, default=50)
        parser.add_argument("--samples", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--clear", action="store_true", help="delete the bench users and their inboxes first"
        )

    def handle(self, *args, users, per_user, samples, seed, clear, **options):
        logging.getLogger("axes").setLevel(logging.WARNING)  # a line per bench log-in
        if clear:
            User.objects.filter(username__startswith=PREFIX).delete()
        self._fill(users, per_user)
        rng = random.Random(seed)
        ids = list(User.objects.filter(username__startswith=PREFIX).values_list("pk", flat=True))
        sample = [User.objects.get(pk=pk) for pk in rng.sample(ids, min(samples, len(ids)))]
        pages_of = {user.pk: rng.randint(1, 3) for user in sample}
        with Progress(3 * len(sample), "Bell, page queries, pages", self.stderr) as progress:
            counts = self._time_each(sample, unread_count, progress)
            queries = self._time_each(
                sample, lambda u: inbox_page(u, before=_before(u, pages_of[u.pk])), progress
            )
            pages = self._time_pages(sample, pages_of, progress)
        in_database = {
            "unread_count_db_p95_ms": _executed_p95(sample, _count_query),
            "inbox_page_db_p95_ms": _executed_p95(
                sample, lambda u: _page_query(u, _before(u, pages_of[u.pk]))
            ),
        }
        someone = sample[0]
        result = {
            "users": len(ids),
            "notifications": _estimated_rows(),
            "samples": len(sample),
            "unread_count_p50_ms": ms(statistics.median(counts)),
            "unread_count_p95_ms": ms(percentile(counts, 95)),
            "inbox_page_p50_ms": ms(statistics.median(pages)),
            "inbox_page_p95_ms": ms(percentile(pages, 95)),
            "inbox_queries_p95_ms": ms(percentile(queries, 95)),
            **in_database,
            # Other work on the machine stretches every figure; the plans show the database's.
            "load_average_1m": round(os.getloadavg()[0], 2),
            **self._baselines(someone),
            "plans": {
                "unread_count": _plan(_count_query(someone)),
                "inbox_page": _plan(_page_query(someone, _before(someone, 2))),
            },
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    # --- the data -----------------------------------------------------------------------------

    def _fill(self, users: int, per_user: int) -> None:
        """One INSERT ... SELECT each for the users and their notifications: ids and times
        from generate_series, every user's n-th notification written in the same round, so a
        user's rows lie scattered over the table as they do after months of use."""
        have = User.objects.filter(username__startswith=PREFIX).count()
        if have == users:
            return
        if have:
            raise CommandError(f"{have:,} bench users exist, not {users:,}: run with --clear.")
        self.stderr.write(f"Creating {users:,} users and {users * per_user:,} notifications…")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(FILL_USERS, {"prefix": PREFIX, "users": users})
            cursor.execute(
                FILL_NOTIFICATIONS, {"prefix": PREFIX, "per_user": per_user, "kinds": KINDS}
            )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Notification._meta.db_table}")

    # --- timing -------------------------------------------------------------------------------

    def _time_each(self, sample: list[User], call, progress: Progress) -> list[float]:
        call(sample[0])  # a warm-up: the first query of a connection pays for its setup
        seconds = []
        for user in sample:
            seconds.append(timed(lambda u=user: call(u))[0])
            progress.advance()
        return seconds

    def _time_pages(self, sample: list[User], pages_of: dict, progress: Progress) -> list:
        """Server time of GET /accounts/inbox/[?before=<id>], in-process (no network)."""
        url = reverse("accounts:inbox")
        with in_process():
            client = Client()
            seconds = []
            for number, user in enumerate([sample[0], *sample]):
                client.force_login(user)
                before = _before(user, pages_of[user.pk])
                query = {"before": before} if before else {}
                took, response = timed(lambda q=query: client.get(url, q))
                assert response.status_code == 200, response.status_code
                if number:  # the first is a warm-up (templates, translations)
                    seconds.append(took)
                    progress.advance()
        return seconds

    def _baselines(self, user: User) -> dict:
        """What the bell and the page cost before the counter and the keyset: a COUNT of the
        unread rows, and an OFFSET page of the third page with the Paginator's COUNT(*);
        then both with index scans off, a sequential scan of the whole table."""

        def runs(call) -> float:
            return ms(statistics.median(timed(call)[0] for _run in range(BASELINE_RUNS)))

        figures = {
            "baseline_unread_count_ms": runs(lambda: _unread_rows(user).count()),
            "baseline_inbox_page_rows_ms": runs(lambda: _offset_page(user)),
        }
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            figures["baseline_unread_count_seqscan_ms"] = runs(lambda: _unread_rows(user).count())
            figures["baseline_inbox_page_rows_seqscan_ms"] = runs(lambda: _offset_page(user))
        return figures


def _offset_page(user: User) -> list:
    """The inbox's third page as it was paged before the keyset: COUNT(*) and OFFSET."""
    request = RequestFactory().get(reverse("accounts:inbox"), {"page": 3})
    page = paginate(request, notifications_of(user))
    return [list(page), page.paginator.count]


def _before(user: User, page: int) -> int | None:
    """The ``before`` of the inbox's ``page``-th page (what its "Older" link carries); not
    timed, as a reader has it from the page before."""
    if page <= 1:
        return None
    ids = notifications_of(user).values_list("pk", flat=True)
    return ids[(page - 1) * settings.PAGE_SIZE - 1 : (page - 1) * settings.PAGE_SIZE].first()


def _unread_rows(user: User):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def _count_query(user: User):
    """What unread_count asks: the counter on the user row, by primary key."""
    return User.objects.filter(pk=user.pk).values_list("unread_notifications", flat=True)


def _page_query(user: User, before: int | None):
    entries = notifications_of(user)
    if before is not None:
        entries = entries.filter(pk__lt=before)
    return entries[: settings.PAGE_SIZE + 1]


def _explain(queryset, options: str) -> list:
    """EXPLAIN of a queryset (a count is explained as the count it runs): its rows."""
    if queryset.query.is_sliced or queryset.query.values_select:
        sql, params = queryset.query.sql_with_params()
    else:
        sql, params = queryset.values("pk").query.sql_with_params()
        sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _plan(queryset) -> str:
    return "\n".join(_explain(queryset, "ANALYZE, BUFFERS"))


def _executed_p95(sample: list[User], query) -> float:
    """The database's own time (EXPLAIN ANALYZE's "Execution Time") of ``query(user)`` over
    the sample: what the figures above are without the Python side and its waits for a CPU."""
    times = []
    for user in sample:
        (plan,) = _explain(query(user), "ANALYZE, TIMING OFF, FORMAT JSON")
        times.append(plan[0]["Execution Time"])
    return round(percentile(times, 95), 3)


def _estimated_rows() -> int:
    """The planner's row count of the table (an exact COUNT(*) of millions takes seconds)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
            [Notification._meta.db_table],
        )
        return cursor.fetchone()[0]


FILL_USERS = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
                           is_staff, is_active, date_joined, role, phone, language)
SELECT '!', false, %(prefix)s || n, '', '', %(prefix)s || n || '@example.invalid',
       false, true, now(), 'veteran', '', 'zh-hans'
FROM generate_series(1, %(users)s) AS n
"""

FILL_COUNTERS = """
UPDATE accounts_user AS u SET unread_notifications = c.unread
FROM (SELECT user_id, COUNT(*) AS unread FROM accounts_notification
      WHERE read_at IS NULL GROUP BY user_id) AS c
WHERE u.id = c.user_id AND u.username LIKE %(prefix)s || '%%'
"""

FILL_NOTIFICATIONS = """
INSERT INTO accounts_notification (user_id, kind, title, body, link, created_at, read_at)
SELECT u.id,
       (%(kinds)s::text[])[1 + (u.id + round) %% 4],
       '您申请的岗位状态已更新（' || round || '）',
       '尊敬的用户：您申请的岗位状态已更新，请登录平台查看详情。',
       '/jobs/applications/',
       now() - make_interval(hours => (%(per_user)s - round) * 12, secs => u.id %% 3600),
       CASE WHEN random() < 0.1 THEN NULL ELSE now() END
FROM generate_series(1, %(per_user)s) AS round
CROSS JOIN (SELECT id FROM accounts_user WHERE username LIKE %(prefix)s || '%%') AS u
"""
