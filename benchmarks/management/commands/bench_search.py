"""manage.py bench_search [--posts N] [--searches 200] [--seed 1] [--deep-page 500]

Times the home page's search (jobs.search.search_posts, the query builder the view runs)
against this database and prints one JSON line. With `--posts N` an empty database is first
given a demo data set of N posts (untimed; `demo.scales.for_posts`: the demo's posts,
enterprises and pledges grown to N, with their search documents), or the data set of N posts
loaded by an earlier run is used again; run it in a database of its own.

  posts, published     how many posts the table holds, and how many are searchable
  p50_ms, p95_ms       over --searches varied searches: one-, two- and longer-character
                       words, words in half or more of all posts, several words, filters
                       alone and combined, both sorts; timed after one warm-up pass
  cold_p95_ms          the same on the warm-up pass
  page1_ms, deep_page_ms   page 1 and page --deep-page of a broad search (a word in every
                       post, best match first), following each page's cursor
  baseline_*           for comparison, in the same run: OFFSET paging to the deep page,
                       and ts_rank over every match of the broad word
  rebuild_s, rebuild_posts_per_s   `rebuild_search` afterwards (jobs.search.
                       rebuild_search_documents: every post's document made again, the GIN
                       indexes built afresh, VACUUM ANALYZE), last so that it cannot warm or
                       cool the searches; --no-rebuild leaves it out
"""

import json
import random
import statistics

from django.contrib.postgres.search import SearchRank
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone

from benchmarks.timing import ms, percentile, timed
from demo.generate import OtherDemoData, seed_demo
from demo.models import SeedRun
from demo.scales import for_posts
from enterprises.models import CooperationBatch
from jobs.models import JobPost
from jobs.search import (
    LexemeQuery,
    SearchCriteria,
    published_posts,
    rebuild_search_documents,
    search_posts,
)
from portal.progress import Progress

ONE_CHARACTER = ("车", "工", "员", "电", "厨", "安", "师")
TWO_CHARACTERS = (
    "保安", "司机", "电工", "焊工", "厨师", "文员", "会计", "快递", "仓库", "叉车",
    "客服", "消防", "网络", "维修", "巡检", "调度", "物业", "护理",
)  # fmt: skip
LONGER = (
    "货车司机", "网络安全", "软件开发", "仓库管理员", "消防设施", "养老护理员", "数控机床",
    "安全生产", "光伏电站", "变电站", "人力资源专员", "挖掘机",
)  # fmt: skip
COMMON = ("退役军人", "五险一金", "责任心", "岗位职责", "身体健康", "带薪年休假", "优先录用")
SEVERAL = ("货车 司机", "保安 北京", "电工 上海", "厨师 食堂", "客户经理 金融", "维修 设备")
BROAD = "退役军人"


class Command(BaseCommand):
    help = "Time the post search on this database and print one JSON line."

    def add_arguments(self, parser):
        parser.add_argument(
            "--posts",
            type=int,
            help="load a demo data set of this many posts into an empty database first",
        )
        parser.add_argument("--searches", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--deep-page", type=int, default=500)
        parser.add_argument(
            "--no-rebuild",
            dest="rebuild",
            action="store_false",
            help="leave out timing rebuild_search over every post",
        )

    def handle(self, *args, posts, searches, seed, deep_page, rebuild, **options):
        seed_s = self._load(posts, seed) if posts else None
        criteria = self._searches(random.Random(seed), searches)
        with Progress(2 * len(criteria), "Searches (cold, then warm)", self.stderr) as progress:
            cold = [self._timed_search(c, progress) for c in criteria]
            warm = [self._timed_search(c, progress) for c in criteria]
        result = {
            "posts": JobPost.objects.count(),
            "published": JobPost.objects.published().count(),
            "searches": len(criteria),
            "p50_ms": ms(statistics.median(warm)),
            "p95_ms": ms(percentile(warm, 95)),
            "max_ms": ms(max(warm)),
            "cold_p95_ms": ms(percentile(cold, 95)),
            **self._paging(deep_page),
            **self._baselines(deep_page),
        }
        if seed_s is not None:
            result["seed_s"] = seed_s
        if rebuild:
            result.update(self._rebuild())
        self.stdout.write(json.dumps(result))

    def _rebuild(self) -> dict:
        """What `manage.py rebuild_search` does, timed: its rate in posts a second."""
        with Progress(JobPost.objects.count(), "Rebuilding the search index", self.stderr) as p:
            seconds, count = timed(lambda: rebuild_search_documents(progress=p))
        return {"rebuild_s": round(seconds, 2), "rebuild_posts_per_s": round(count / seconds)}

    def _load(self, posts: int, seed: int) -> float:
        """Seconds spent loading a data set of `posts` posts (0 when it was there)."""
        scale = for_posts(posts)
        if SeedRun.objects.filter(scale=scale.name, seed=seed).exists():
            return 0.0
        if JobPost.objects.exists():
            raise CommandError(
                f"This database holds other posts: use an empty one for --posts {posts}."
            )
        self.stderr.write(f"Loading {posts:,} posts (not timed)...")
        try:
            seconds, _run = timed(
                lambda: seed_demo(
                    scale=scale, seed=seed, today=timezone.localdate(), log=self.stderr.write
                )
            )
        except OtherDemoData as error:
            raise CommandError(f"This database holds other demo data ({error.args[0]}).") from error
        return round(seconds, 1)

    def _timed_search(self, criteria: SearchCriteria, progress: Progress) -> float:
        seconds = timed(lambda: search_posts(criteria).posts)[0]
        progress.advance()
        return seconds

    # --- the varied searches --------------------------------------------------------------

    def _searches(self, rng: random.Random, count: int) -> list[SearchCriteria]:
        values = self._filter_values(rng)
        words = [ONE_CHARACTER, TWO_CHARACTERS, LONGER, COMMON, SEVERAL, ("",)]
        criteria = []
        for n in range(count):
            text = rng.choice(words[n % len(words)])
            filters = self._filters(rng, values) if n % 3 else {}
            sort = "date" if n % 2 else "relevance"
            criteria.append(SearchCriteria(text=text, sort=sort, **filters))
        return criteria

    def _filter_values(self, rng: random.Random) -> dict:
        """Filter values of 200 published posts drawn by the seed: the same searches on
        every run over the same data."""
        posts = JobPost.objects.published()
        pks = list(posts.order_by("pk").values_list("pk", flat=True))
        drawn = rng.sample(pks, min(200, len(pks)))
        sample = posts.filter(pk__in=drawn).order_by("pk")
        sample = list(sample.values("region_id", "industry_id", "occupation_id"))
        return {
            "region": [r["region_id"][:2] + "0000" for r in sample]
            + [r["region_id"] for r in sample],
            "industry": [r["industry_id"] for r in sample],
            "occupation": [r["occupation_id"][:4] for r in sample],
            "batch": list(CooperationBatch.objects.values_list("number", flat=True)) or [1],
        }

    def _filters(self, rng: random.Random, values: dict) -> dict:
        choices = {
            "region": lambda: rng.choice(values["region"]),
            "industry": lambda: rng.choice(values["industry"]),
            "occupation": lambda: rng.choice(values["occupation"]),
            "salary": lambda: rng.choice((3000, 5000, 8000, 10000)),
            "education": lambda: rng.randint(1, 5),
            "employment_type": lambda: rng.choice(JobPost.EmploymentType.values),
            "batch": lambda: rng.choice(values["batch"]),
            "under_agreement": lambda: True,
        }
        names = rng.sample(sorted(choices), rng.randint(1, 3))
        return {name: choices[name]() for name in names}

    # --- deep paging ------------------------------------------------------------------------

    def _paging(self, deep_page: int) -> dict:
        broad = SearchCriteria(text=BROAD)
        first = _best_of(lambda: search_posts(broad))
        cursor, walked = None, []
        for _page in range(deep_page - 1):
            seconds, page = timed(lambda after=cursor: search_posts(broad, after=after))
            walked.append(seconds)
            cursor = page.next_cursor
        deep = _best_of(lambda: search_posts(broad, after=cursor))
        return {
            "page1_ms": ms(first),
            "deep_page_ms": ms(deep),
            "deep_page": deep_page,
            "deep_page_found": cursor is not None,
            "walk_p95_ms": ms(percentile(walked, 95)),
        }

    def _baselines(self, deep_page: int) -> dict:
        every = LexemeQuery([BROAD])
        matching = published_posts().filter(search_document=every)
        offset = (deep_page - 1) * 20
        ranked = matching.annotate(rank=SearchRank(F("search_document"), every))
        return {
            "baseline_offset_deep_page_ms": ms(
                _best_of(lambda: list(matching[offset : offset + 20]))
            ),
            "baseline_ts_rank_page1_ms": ms(
                _best_of(lambda: list(ranked.order_by("-rank", "-id")[:20]))
            ),
            "broad_matches": matching.count(),
        }


def _best_of(call, runs: int = 5) -> float:
    """The median of a few runs: one query's time, without a stray pause's."""
    return statistics.median(timed(call)[0] for _run in range(runs))
