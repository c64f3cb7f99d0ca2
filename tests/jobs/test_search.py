"""Search of published posts (jobs/search.py): Chinese words of any length, filters, both
sorts, and keyset paging."""

import datetime
import io
import json
import random
import re
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enterprises.models import Commendation
from jobs import search
from jobs.models import JobPost
from jobs.search import (
    Cursor,
    Key,
    LexemeQuery,
    SearchCriteria,
    query_terms,
    rebuild_search_documents,
    search_posts,
)
from jobs.services import job_post_create, job_post_update
from portal.reference.models import Region
from tests import factories as f
from tests.jobs.conftest import post_fields

pytestmark = pytest.mark.django_db


def titles(criteria: SearchCriteria, **kwargs) -> list[str]:
    return [post.title for post in search_posts(criteria, **kwargs).posts]


def post(**fields) -> JobPost:
    """A searchable post whose occupation (行政办事员) and description stay out of the way."""
    fields.setdefault("occupation", f.occupation("3-01-01-01"))
    fields.setdefault("description", "负责日常工作。")
    return f.searchable_post(**fields)


def ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- words -------------------------------------------------------------------------------


def test_it_finds_a_two_character_word():
    post(title="保安")
    post(title="司机", description="负责公司班车驾驶。")

    assert titles(SearchCriteria(text="保安")) == ["保安"]


def test_it_finds_a_two_character_word_inside_a_longer_title():
    post(title="货车司机")

    assert titles(SearchCriteria(text="司机")) == ["货车司机"]


def test_it_finds_a_single_character():
    post(title="货车司机")
    post(title="保安")

    assert titles(SearchCriteria(text="车")) == ["货车司机"]


def test_it_finds_a_word_of_the_description():
    post(title="保安", description="负责园区夜间巡逻。")

    assert titles(SearchCriteria(text="巡逻")) == ["保安"]


def test_it_finds_the_enterprise_name(enterprise_a, branch_a):
    post(title="保安", branch=branch_a)

    assert titles(SearchCriteria(text="甲企业")) == ["保安"]


def test_it_finds_the_city_name(branch_a):
    # A transactional test may have flushed the reference rows, names and all.
    Region.objects.filter(code=branch_a.region_id).update(name="北京市")
    post(title="保安", branch=branch_a)

    assert titles(SearchCriteria(text="保安 北京")) == ["保安"]


def test_it_wants_every_word_of_the_query():
    post(title="保安", description="负责园区夜间巡逻。")
    post(title="保安", description="负责门岗值守。")

    assert len(titles(SearchCriteria(text="保安 巡逻"))) == 1


def test_it_finds_english_words_whatever_their_case():
    post(title="Python 开发工程师")

    assert titles(SearchCriteria(text="python")) == ["Python 开发工程师"]


def test_it_leaves_out_unpublished_posts():
    post(title="保安", status=JobPost.Status.CLOSED)

    assert titles(SearchCriteria(text="保安")) == []
    assert titles(SearchCriteria()) == []


def test_punctuation_alone_searches_everything():
    post(title="保安")

    assert query_terms("，。！ ") == []
    assert titles(SearchCriteria(text="，。！")) == ["保安"]


# --- the index is kept by the services and the bulk rebuild -------------------------------


def test_a_post_created_by_the_service_is_indexed(hr_a, branch_a):
    fields = post_fields(title="保安队长", description="负责安保团队管理。")
    post = job_post_create(author=hr_a, branch=branch_a, **fields)

    assert JobPost.objects.filter(pk=post.pk, search_head=LexemeQuery(["保安"])).exists()


def test_an_edited_title_is_indexed_again(hr_a, branch_a):
    edited = post(title="保安", branch=branch_a)

    job_post_update(post=edited, editor=hr_a, title="厨师")

    assert titles(SearchCriteria(text="厨师")) == []  # back to review, so not published
    assert JobPost.objects.filter(pk=edited.pk, search_head=LexemeQuery(["厨师"])).exists()
    assert not JobPost.objects.filter(pk=edited.pk, search_head=LexemeQuery(["保安"])).exists()


def test_the_bulk_rebuild_indexes_every_post():
    f.JobPostFactory.create_batch(3, title="电工")

    assert rebuild_search_documents(batch=2) == 3
    assert len(titles(SearchCriteria(text="电工"))) == 3


# --- filters -------------------------------------------------------------------------------


def _agreement_post(**fields):
    agreement = f.AgreementFactory(batch=f.BatchFactory(number=3))
    branch = f.BranchFactory(enterprise=agreement.enterprise)
    return post(branch=branch, agreement=agreement, **fields)


FILTERS = {
    "province": (
        lambda: post(title="甲", branch=f.BranchFactory(region=f.region("310100"))),
        {"region": "310000"},
    ),
    "city": (
        lambda: post(title="甲", branch=f.BranchFactory(region=f.region("110100"))),
        {"region": "110100"},
    ),
    "industry": (
        lambda: post(
            title="甲",
            branch=f.BranchFactory(enterprise=f.EnterpriseFactory(industry=f.industry("G"))),
        ),
        {"industry": "G"},
    ),
    "occupation": (
        lambda: post(title="甲", occupation=f.occupation("4-02-02-01")),
        {"occupation": "4-02"},
    ),
    "salary": (lambda: post(title="甲", salary_max=12000), {"salary": 10000}),
    "education": (lambda: post(title="甲", min_education=1), {"education": 2}),
    "employment type": (
        lambda: post(title="甲", employment_type="contract"),
        {"employment_type": "contract"},
    ),
    "batch": (lambda: _agreement_post(title="甲"), {"batch": 3}),
    "agreement": (lambda: _agreement_post(title="甲"), {"under_agreement": True}),
}


def _filter_case(name: str) -> tuple[JobPost, dict]:
    """The post the filter describes, beside two that answer none of the filters."""
    make, criteria = FILTERS[name]
    wanted = make()
    elsewhere = {
        "branch": f.BranchFactory(region=f.region("440100")),
        "occupation": f.occupation("6-30-05-01"),
    }
    post(title="乙", salary_max=6000, min_education=4, **elsewhere)
    post(
        title="丙",
        salary_min=1500,
        salary_max=2000,
        min_education=6,
        employment_type="part_time",
        **elsewhere,
    )
    JobPost.objects.update(description="保安")
    rebuild_search_documents()
    return wanted, criteria


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("text", ["", "保安"])
def test_each_filter_keeps_only_the_posts_it_describes(name, text):
    wanted, criteria = _filter_case(name)

    assert [p.pk for p in search_posts(SearchCriteria(text=text, **criteria)).posts] == [wanted.pk]


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("text", ["", "保安"])
def test_each_filter_keeps_the_same_posts_when_checked_on_its_column(monkeypatch, name, text):
    """Every facet counted as common: those with a column are checked there, not in GIN."""
    monkeypatch.setattr(search, "COMMON_FACET_SHARE", 0.0)
    wanted, criteria = _filter_case(name)
    criteria = SearchCriteria(text=text, **criteria)

    for sort in ("relevance", "date"):
        found = search_posts(replace(criteria, sort=sort)).posts
        assert [p.pk for p in found] == [wanted.pk]
    assert search.count_posts(criteria) == (1, False)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("text", ["", "保安"])
def test_each_filter_keeps_the_same_posts_when_its_matches_are_collected_at_once(
    monkeypatch, name, text
):
    """Every search guessed to match few posts: each tier's matches collected at once."""
    monkeypatch.setattr(search, "_few", lambda criteria, stats: True)
    wanted, criteria = _filter_case(name)
    criteria = SearchCriteria(text=text, **criteria)

    for sort in ("relevance", "date"):
        assert [p.pk for p in search_posts(replace(criteria, sort=sort)).posts] == [wanted.pk]


def _facets_asked(queries) -> set[str]:
    asked = " ".join(q["sql"] for q in queries if "search_document" in q["sql"])
    return set(re.findall(r"''([a-z]:[\w-]+)''", asked))


def test_a_filter_most_posts_answer_is_checked_on_its_column_after_analyze():
    for n in range(12):
        post(title=f"保安{n}", salary_max=6000 if n else 12000)
    rebuild_search_documents()  # ends with ANALYZE
    criteria = SearchCriteria(text="保安", salary=5000)

    with CaptureQueriesContext(connection) as common:
        found = search_posts(criteria).posts
    with CaptureQueriesContext(connection) as rare:
        rarely = search_posts(replace(criteria, salary=10000)).posts

    assert search.facet_shares()["s:5000"] == 1.0
    assert "s:10000" not in search.facet_shares() or search.facet_shares()["s:10000"] < 0.5
    assert not any(":" in lexeme and lexeme[0] not in "seita" for lexeme in search.facet_shares())
    assert len(found) == 12 and _facets_asked(common) == set()
    assert any('"salary_max" >= 5000' in q["sql"] for q in common)
    assert len(rarely) == 1 and _facets_asked(rare) == {"s:10000"}


def test_before_any_analyze_every_filter_is_asked_of_the_index(monkeypatch):
    monkeypatch.setattr(search, "_read_statistics", search.Statistics)
    post(title="保安", salary_max=6000)

    with CaptureQueriesContext(connection) as queries:
        assert len(search_posts(SearchCriteria(text="保安", salary=5000)).posts) == 1

    assert _facets_asked(queries) == {"s:5000"}


def test_the_facet_shares_are_read_once_for_many_searches():
    post(title="保安")
    search_posts(SearchCriteria(text="保安", salary=3000))

    with CaptureQueriesContext(connection) as queries:
        search_posts(SearchCriteria(text="保安", salary=3000))

    assert not any("pg_stats" in q["sql"] for q in queries)


def test_a_search_gets_the_statistics_once(monkeypatch):
    """The filters and the guess both use them; each get from the cache unpickles them."""
    post(title="保安", salary_max=6000)
    rebuild_search_documents()
    gets = []
    monkeypatch.setattr(
        search, "statistics", lambda read=search.statistics: gets.append(1) or read()
    )

    assert titles(SearchCriteria(text="保安", salary=5000)) == ["保安"]
    assert len(gets) == 1


# --- how many posts a search matches, guessed ---------------------------------------------


def _analysed_posts() -> None:
    """12 posts: every one 保安, half 夜班, a third under an agreement of batch 3."""
    for n in range(12):
        fields = {"title": "保安" + ("夜班" if n % 2 else "")}
        (_agreement_post if n % 3 == 0 else post)(**fields)
    rebuild_search_documents()  # ends with ANALYZE


def test_the_guess_takes_the_rarest_word_and_multiplies_the_filters():
    _analysed_posts()
    shares = search.statistics().shares

    def guess(**criteria):
        return pytest.approx(search.guessed_matches(SearchCriteria(**criteria)))

    assert search.statistics().rows == 12
    assert shares["保安"] == 1.0 and shares["夜班"] == 0.5
    assert guess(text="保安 夜班") == 6  # the rarest word's share, not 1.0 * 0.5 * 0.5
    assert guess(text="夜班", under_agreement=True) == 2
    # A batch's posts are all under an agreement: the agreement narrows nothing more.
    assert guess(text="夜班", batch=3, under_agreement=True) == 2
    assert search.guessed_matches(SearchCriteria()) is None  # nothing asked of GIN


def test_a_search_with_neither_words_nor_filters_reads_no_statistics():
    post(title="保安")

    with CaptureQueriesContext(connection) as queries:
        assert titles(SearchCriteria()) == ["保安"]

    assert not any("pg_stats" in q["sql"] for q in queries)


def test_a_word_the_statistics_do_not_list_counts_as_rare_as_the_rarest_listed():
    _analysed_posts()
    stats = search.statistics()

    assert "厨师" not in stats.shares
    assert search.guessed_matches(SearchCriteria(text="厨师")) == stats.rows * stats.floor


def test_there_is_no_guess_before_any_analyze(monkeypatch):
    monkeypatch.setattr(search, "_read_statistics", search.Statistics)
    post(title="保安")

    assert search.guessed_matches(SearchCriteria(text="保安")) is None
    assert titles(SearchCriteria(text="保安")) == ["保安"]


def test_a_search_guessed_to_match_few_posts_collects_them_without_the_probe(monkeypatch):
    monkeypatch.setattr(search, "PROBE_ROWS", 2)
    _analysed_posts()
    criteria = SearchCriteria(text="保安 夜班", batch=3)  # guessed 12 * 0.5 * 4/12 = 2
    monkeypatch.setattr(search, "FEW_MATCHES", 3)

    with CaptureQueriesContext(connection) as queries:
        found = titles(criteria)

    assert found == ["保安夜班", "保安夜班"]
    assert not any("OFFSET" in q["sql"] for q in queries)  # no probe boundary
    assert sum("MATERIALIZED" in q["sql"] for q in queries) == 2  # one for each tier
    monkeypatch.setattr(search, "FEW_MATCHES", 1)
    with CaptureQueriesContext(connection) as probed:
        assert titles(criteria) == found
    assert any("OFFSET" in q["sql"] for q in probed)


def test_more_matches_than_guessed_are_read_with_the_probe(monkeypatch):
    monkeypatch.setattr(search, "PROBE_ROWS", 2)
    monkeypatch.setattr(search, "COLLECT_CAP", 3)
    monkeypatch.setattr(search, "_few", lambda criteria, stats: True)
    newest = [post(title="保安", published_at=ago(n)).pk for n in range(6)]

    with CaptureQueriesContext(connection) as queries:
        page = search_posts(SearchCriteria(text="保安", sort="date"), size=5)

    assert [p.pk for p in page.posts] == newest[:5] and page.next_cursor is not None
    assert any("LIMIT 4" in q["sql"] for q in queries)  # read COLLECT_CAP + 1 keys, no more
    assert any("OFFSET" in q["sql"] for q in queries)  # then probed


# --- sorting -------------------------------------------------------------------------------


def test_best_match_puts_title_matches_before_newer_description_matches():
    post(title="保安", published_at=ago(9))
    post(title="门卫", description="协助保安巡逻。", published_at=ago(1))

    assert titles(SearchCriteria(text="保安")) == ["保安", "门卫"]


def test_newest_first_ignores_where_the_word_is():
    post(title="保安", published_at=ago(9))
    post(title="门卫", description="协助保安巡逻。", published_at=ago(1))

    assert titles(SearchCriteria(text="保安", sort="date")) == ["门卫", "保安"]


def test_best_match_with_several_words_ranks_the_title_first():
    post(title="保安", description="夜班。", published_at=ago(3))
    post(title="保安夜班", published_at=ago(9))

    assert titles(SearchCriteria(text="保安 夜班")) == ["保安夜班", "保安"]


# --- keyset paging ---------------------------------------------------------------------------


def _mixed_posts(count: int) -> set[int]:
    """Title and description matches, some published at the very same instant."""
    same = ago(2)
    ids = set()
    for n in range(count):
        title, description = ("保安", "值守。") if n % 2 else ("门卫", "协助保安。")
        published = same if n % 3 == 0 else ago(n)
        ids.add(post(title=title, description=description, published_at=published).pk)
    return ids


READINGS = ["one-probe", "probe-and-collect", "collect-first", "collect-overflows"]


def _read_by(monkeypatch, reading: str) -> None:
    """Make every tier be read one way: the probe alone, the probe then the older matches,
    the matches collected at once, or collected up to the cap and then probed."""
    monkeypatch.setattr(search, "PROBE_ROWS", 2000 if reading == "one-probe" else 4)
    monkeypatch.setattr(search, "_few", lambda criteria, stats: reading.startswith("collect"))
    if reading == "collect-overflows":
        monkeypatch.setattr(search, "COLLECT_CAP", 2)


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("text", ["保安", ""])
def test_keyset_paging_returns_every_post_exactly_once(monkeypatch, sort, text, reading):
    _read_by(monkeypatch, reading)
    expected = _mixed_posts(11)
    criteria, seen, cursor = SearchCriteria(text=text, sort=sort), [], None
    for _page in range(10):
        page = search_posts(criteria, after=cursor, size=3)
        seen += [post.pk for post in page.posts]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert sorted(seen) == sorted(expected)


def test_collecting_older_matches_keeps_the_order(monkeypatch):
    monkeypatch.setattr(search, "PROBE_ROWS", 2)
    for n in range(6):
        post(title="保安" if n % 3 == 0 else "门卫", published_at=ago(n))

    assert titles(SearchCriteria(text="保安", sort="date")) == ["保安", "保安"]
    assert len(search_posts(SearchCriteria(), size=6).posts) == 6


@pytest.mark.parametrize("text", ["保安", "保安 值守", ""])
def test_a_page_costs_at_most_eight_queries_however_many_posts_match(monkeypatch, text):
    """The enterprises whose commendation is current, the facets' shares (once in ten
    minutes), one probe boundary, then per tier a probe and, if it fell short, one to
    collect the keys and one to read their posts."""
    monkeypatch.setattr(search, "PROBE_ROWS", 2)
    _mixed_posts(30)

    with CaptureQueriesContext(connection) as queries:
        search_posts(SearchCriteria(text=text, region="110000"), size=3)

    assert len(queries) <= 8


# --- commended enterprises first ---------------------------------------------------------------


def _commend(enterprise) -> None:
    Commendation.objects.create(
        enterprise=enterprise,
        kind=Commendation.Kind.COMMENDATION,
        year=2025,
        quarter=4,
        period_ends_on=timezone.localdate() - datetime.timedelta(days=20),
        status=Commendation.Status.CONFIRMED,
        note="成效突出",
    )


def test_best_match_puts_posts_of_an_enterprise_with_a_commendation_first_in_each_tier():
    commended = f.BranchFactory(enterprise=f.EnterpriseFactory(name="受表扬企业"))
    post(title="保安", published_at=ago(1))
    post(title="保安队长", branch=commended, published_at=ago(9))
    post(title="门卫", description="协助保安巡逻。", published_at=ago(1))
    post(title="门岗", description="协助保安。", branch=commended, published_at=ago(9))
    _commend(commended.enterprise)

    assert titles(SearchCriteria(text="保安")) == ["保安队长", "保安", "门岗", "门卫"]
    # Newest first is by date alone.
    assert titles(SearchCriteria(text="保安", sort="date")) == ["门卫", "保安", "门岗", "保安队长"]
    assert titles(SearchCriteria())[:2] == ["门岗", "保安队长"]  # no words: one tier, newest first


def test_a_warning_or_a_proposal_lifts_nothing_in_search():
    branch = f.BranchFactory(enterprise=f.EnterpriseFactory())
    post(title="保安", published_at=ago(1))
    post(title="保安队长", branch=branch, published_at=ago(9))
    for kind, status in (("warning", "confirmed"), ("commendation", "proposed")):
        Commendation.objects.create(
            enterprise=branch.enterprise, kind=kind, status=status, year=2025, quarter=4,
            period_ends_on=timezone.localdate(), note="" if status == "proposed" else "说明",
        )  # fmt: skip

    assert titles(SearchCriteria(text="保安")) == ["保安", "保安队长"]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("text", ["保安", ""])
def test_keyset_paging_with_a_commendation_returns_every_post_exactly_once(
    monkeypatch, text, reading
):
    _read_by(monkeypatch, reading)
    expected = _mixed_posts(11)
    commended = JobPost.objects.filter(pk__in=expected).order_by("pk")[::3]
    for row in commended:
        row.branch = f.BranchFactory(enterprise=f.EnterpriseFactory())
        row.save(update_fields=["branch"])
        _commend(row.branch.enterprise)
    criteria, seen, cursor = SearchCriteria(text=text), [], None
    for _page in range(10):
        page = search_posts(criteria, after=cursor, size=3)
        seen += [post.pk for post in page.posts]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert sorted(seen) == sorted(expected)
    if not text:  # one tier: every commended enterprise's post comes first
        assert set(seen[: len(commended)]) == {row.pk for row in commended}


def test_a_cursor_survives_the_url():
    cursor = Cursor(2, Key(timezone.now(), 123))

    assert Cursor.parse(str(cursor)) == cursor


@pytest.mark.parametrize("text", ["", "x", "1.2", "9.99999999999999999999.1", "1.2.3.4"])
def test_a_garbled_cursor_starts_from_the_first_page(text):
    assert Cursor.parse(text) is None


# --- the home page -------------------------------------------------------------------------


def test_the_home_page_searches(client):
    post(title="保安")
    post(title="厨师", description="负责食堂。")

    page = client.get("/", {"q": "保安"}).content.decode()

    assert "保安" in page
    assert "厨师" not in page


def test_the_home_page_shows_the_next_page_only_when_asked_by_htmx(client):
    for n in range(25):
        post(title=f"保安{n}", published_at=ago(n))
    first = search_posts(SearchCriteria(text="保安"))

    response = client.get(
        "/", {"q": "保安", "after": str(first.next_cursor)}, HTTP_HX_REQUEST="true"
    )

    assert "<html" not in response.content.decode()
    assert response.content.decode().count('class="job-card"') == 5


def test_the_home_page_says_when_nothing_matches(client):
    post(title="保安")

    response = client.get("/", {"q": "飞行员"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "No posts match your search" in response.content.decode()


def test_the_home_page_ignores_filters_that_do_not_validate(client):
    post(title="保安")

    response = client.get("/", {"q": "保安", "salary": "lots", "province": "999999"})

    assert response.status_code == 200
    assert "保安" in response.content.decode()


def test_the_result_count_counts_every_match_of_every_tier():
    post(title="保安")
    post(title="厨师", description="兼做保安。")
    post(title="厨师")

    assert search.count_posts(SearchCriteria(text="保安")) == (2, False)
    assert search.count_posts(SearchCriteria()) == (3, False)


def test_the_result_count_stops_at_its_cap_and_says_there_are_more():
    for n in range(3):
        post(title=f"保安{n}")

    assert search.count_posts(SearchCriteria(text="保安"), cap=2) == (2, True)


def test_the_home_page_shows_a_result_count(client):
    post(title="保安")
    post(title="保安队长")
    post(title="厨师")

    page = client.get("/", {"q": "保安"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "共2个岗位" in page


@pytest.mark.parametrize(
    ("params", "heading"),
    [
        ({}, "Newest posts"),
        ({"sort": "relevance"}, "Newest posts"),
        ({"q": "保安"}, "Best matches for “保安”"),
        ({"q": "保安", "sort": "date"}, "Newest posts matching “保安”"),
        ({"education": "3"}, "Newest posts matching your filters"),
    ],
)
def test_the_results_heading_follows_the_sort(client, params, heading):
    post(title="保安")

    page = client.get("/", params, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'id="results-title">{heading}</h2>' in page


def test_the_sort_menu_is_offered_only_when_there_are_words_to_match(client):
    post(title="保安")

    assert 'name="sort"' not in client.get("/").content.decode()
    assert 'name="sort"' in client.get("/", {"q": "保安"}).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "veteran"])
def test_the_home_page_costs_the_same_queries_for_20_or_40_posts(
    client, persona, veteran, django_assert_max_num_queries
):
    if persona == "veteran":
        client.force_login(veteran.user)
    f.JobPostFactory.create_batch(20)
    client.get("/", {"q": "保安"})  # session and cache warm
    with CaptureQueriesContext(connection) as first:
        client.get("/", {"q": "保安", "province": "110000"})
    f.JobPostFactory.create_batch(20)
    rebuild_search_documents()

    with django_assert_max_num_queries(len(first)):
        client.get("/", {"q": "保安", "province": "110000"})


# --- the commands ----------------------------------------------------------------------------


def test_rebuild_search_indexes_every_post():
    f.JobPostFactory.create_batch(2, title="电工")
    out = io.StringIO()

    call_command("rebuild_search", stdout=out)

    assert "Indexed 2 posts" in out.getvalue()
    assert len(titles(SearchCriteria(text="电工"))) == 2


def test_bench_search_prints_one_json_line():
    for n in range(5):
        post(title="保安", description="退役军人优先。", published_at=ago(n))
    out = io.StringIO()

    call_command("bench_search", searches=12, deep_page=2, stdout=out)

    [line] = out.getvalue().splitlines()
    result = json.loads(line)
    assert result["posts"] == 5 and result["searches"] == 12
    assert {"p50_ms", "p95_ms", "page1_ms", "deep_page_ms"} <= set(result)
    # rebuild_search timed last, over every post, leaving the index as it found it.
    assert result["rebuild_s"] > 0
    assert (
        5 / (result["rebuild_s"] + 0.01)
        <= result["rebuild_posts_per_s"]
        <= 5 / max(result["rebuild_s"] - 0.01, 1e-3)
    )
    assert len(titles(SearchCriteria(text="保安"))) == 5


@pytest.mark.slow
def test_bench_search_loads_a_data_set_of_the_posts_asked_for_once():
    out = io.StringIO()

    call_command(
        "bench_search", posts=150, searches=6, deep_page=2, stdout=out, stderr=io.StringIO()
    )
    call_command("bench_search", posts=150, searches=6, deep_page=2, rebuild=False, stdout=out)

    first, again = (json.loads(line) for line in out.getvalue().splitlines())
    assert (first["posts"], again["posts"], JobPost.objects.count()) == (150, 150, 150)
    assert first["seed_s"] > 0 and again["seed_s"] == 0
    assert first["published"] > 0 and first["broad_matches"] > 0
    assert "rebuild_posts_per_s" in first and "rebuild_s" not in again  # --no-rebuild


def test_bench_search_asks_the_same_searches_on_every_run():
    from benchmarks.management.commands.bench_search import Command

    for n in range(30):
        f.JobPostFactory(region=f.region("110100" if n % 2 else "310100"))

    def asked():
        return Command()._searches(random.Random(1), 60)

    assert asked() == asked()
    assert len({c.region for c in asked()}) > 1


def test_bench_search_refuses_to_load_posts_beside_others():
    post(title="保安", description="退役军人优先。")

    with pytest.raises(CommandError, match="other posts"):
        call_command("bench_search", posts=150, searches=6, stdout=io.StringIO())


class _NewServerSessionAfterEachBatch:
    """What PgBouncer in transaction mode does: the next transaction may run on another
    server connection, so nothing made in one survives to the next."""

    def advance(self, count):
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_search_rebuild_needs_nothing_to_outlive_a_transaction_behind_a_pooler():
    posts = [
        f.JobPostFactory(title=title, description="负责日常工作。")
        for title in ("叉车司机", "保安", "电工")
    ]

    count = rebuild_search_documents(
        [post.pk for post in posts], batch=1, progress=_NewServerSessionAfterEachBatch()
    )

    assert count == 3
    assert titles(SearchCriteria(text="电工")) == ["电工"]


class _Counted:
    def __init__(self):
        self.count = 0

    def advance(self, count):
        self.count += count


@pytest.mark.django_db(transaction=True)
def test_the_full_rebuild_outside_a_transaction_writes_its_batches_on_two_connections():
    f.JobPostFactory.create_batch(5, title="电工")
    JobPost.objects.update(search_head=None, search_rest=None, search_document=None)
    progress = _Counted()

    assert rebuild_search_documents(batch=2, progress=progress, connections=2) == 5

    assert progress.count == 5
    assert not JobPost.objects.filter(search_document=None).exists()
    assert titles(SearchCriteria(text="电工")) == ["电工"] * 5
    with connection.cursor() as cursor:  # the indexes built again after the batches
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'post_search_%'")
        assert cursor.fetchone()[0] == 3


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_rebuild_search_shows_its_progress_on_a_terminal_and_nothing_elsewhere():
    f.JobPostFactory.create_batch(3, title="电工")
    terminal, log = _Terminal(), io.StringIO()

    call_command("rebuild_search", batch=2, stderr=terminal, stdout=io.StringIO())
    call_command("rebuild_search", batch=2, stderr=log, stdout=io.StringIO())

    assert "Indexing posts: 3/3 (100%)" in terminal.getvalue()
    assert "elapsed · ETA" in terminal.getvalue()
    assert log.getvalue() == ""


def test_a_result_names_its_city_in_english_on_english_pages(client):
    post(title="保安", branch=f.BranchFactory(region=Region.objects.get(code="440300")))

    page = client.get("/", {"q": "保安"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Shenzhen" in page
