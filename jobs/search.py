"""Full-text search of published posts, for Chinese.

Segmentation: PostgreSQL's parsers do not split Chinese into words, so jieba does, in
Python, both when a post is indexed and when a query is read. A post's lexemes are jieba's
words (search mode, which adds the shorter words inside long ones) plus every Chinese
character alone, so one-character queries work too. They are stored in three tsvectors,
each with a partial GIN index over published posts (jobs.models.JobPost):

  search_head      the words of the title, occupation and enterprise name
  search_rest      the words only the body has (description, city, province)
  search_document  both, plus one facet lexeme per filter value the post answers
                   ("r:11" for Beijing, "e:3" for "asks no more than junior college", ...)

Filters are facets, so a search with any filters is one GIN intersection. A filter that
most posts answer (a salary from 3,000, education up to university, full-time) is checked on
the post's own column instead (facet_shares): its posting list is the longest in the index,
so it would cost the intersection most and narrow it least.

Relevance: a post whose head matches comes before one that matches only in its body, and
within each of the two tiers the newest comes first. Posts of an enterprise whose confirmed
commendation is current (enterprises.selectors.lifting_commendations) come first within
each tier: the tier splits in two, commended then the rest. Nothing is scored row by row: ts_rank
over the 130,000 posts a common word matches took 3 to 9 s here (`manage.py bench_search`
prints it as baseline_ts_rank_page1_ms), as every match's document must be read.

Reading a tier, newest first, has two good plans: walk the (published_at, id) index until
enough posts match (fast when matches are common), or collect every match from GIN and
sort (fast when they are rare). PostgreSQL guesses which from statistics that assume
filters are independent; a wrong guess walks every post. So a tier is read in two steps
whose cost does not depend on the guess: the next PROBE_ROWS posts in date order are
checked first, and only if they hold too few matches are the older matches collected,
which there are then few of. Both steps pay for the GIN intersection, so a search that the
documents' statistics guess to match few posts (guessed_matches) skips the probe and
collects its matches at once, up to COLLECT_CAP of them; more, and it probes after all.

Paging: keyset. A page ends with a cursor (tier, published_at, id) and the next page
starts after it, so page 500 costs what page 1 does; nothing is skipped. The count over the
results (count_posts) stops at COUNT_CAP ("more than 1,000 posts").
"""

import datetime
import io
import logging
import math
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache

import jieba
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F, Field, Func, Q, QuerySet, Value
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from enterprises.selectors import commended_enterprise_ids
from jobs.models import JobPost
from veterans.models import Education

PROBE_ROWS = 2000
MAX_QUERY_TERMS = 8
MAX_LEXEME_CHARS = 64
SALARY_STEPS = (3000, 5000, 8000, 10000, 15000)
WORD = re.compile(r"[^\W_]+")
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CODE = re.compile(r"[\w-]{1,16}")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
EDUCATION_LEVELS = tuple(Education.values)


# --- segmentation ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    """jieba with its dictionary loaded: about 1 s once per process (jieba keeps the parsed
    dictionary in the temp directory; without that file, 3 s)."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _words(pieces) -> list[str]:
    words = (piece.strip().lower() for piece in pieces)
    return [w for w in words if len(w) <= MAX_LEXEME_CHARS and WORD.fullmatch(w)]


@lru_cache(maxsize=16_384)
def index_terms(text: str) -> frozenset[str]:
    """The lexemes a text is found by. Cached: posts repeat enterprise names, occupations
    and often whole descriptions."""
    # HMM off on both sides: a word jieba would guess stays single characters, which a
    # query segmented the same way finds.
    words = set(_words(_tokenizer().cut_for_search(text or "", HMM=False)))
    return frozenset(words | {c for w in words for c in w if CHINESE.match(c)})


def query_terms(text: str) -> list[str]:
    """The lexemes of a query, in order, all of which a post must have."""
    words = _words(_tokenizer().cut(text or "", HMM=False))
    return list(dict.fromkeys(words))[:MAX_QUERY_TERMS]


# --- documents -----------------------------------------------------------------------------

DOCUMENT_FIELDS = (
    "pk",
    "title",
    "occupation__name",
    "branch__enterprise__name",
    "description",
    "region__name",
    "region__parent__name",
    "region_id",
    "occupation_id",
    "industry_id",
    "employment_type",
    "min_education",
    "salary_max",
    "agreement_id",
    "agreement__batch__number",
)


def _facets(post: dict) -> set[str]:
    """The filter values a post answers, as lexemes (SearchCriteria.facets asks for them)."""
    region, occupation = post["region_id"], post["occupation_id"]
    facets = {f"r:{region[:2]}", f"r:{region[:4]}", f"r:{region}", f"i:{post['industry_id']}"}
    facets |= {f"o:{occupation[:n]}" for n in (1, 4, 7, len(occupation))}
    facets |= {f"e:{level}" for level in EDUCATION_LEVELS if level >= post["min_education"]}
    facets |= {f"s:{step}" for step in SALARY_STEPS if post["salary_max"] >= step}
    facets.add(f"t:{post['employment_type']}")
    if post["agreement_id"]:
        facets |= {"a:1", f"b:{post['agreement__batch__number']}"}
    return facets


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@lru_cache(maxsize=16_384)
def _vector(text: str) -> str:
    """A text's lexemes as tsvector input (PostgreSQL sorts them and drops repeats)."""
    return " ".join(_quoted(lexeme) for lexeme in index_terms(text))


DOCUMENT_HEAD = ("title", "occupation__name", "branch__enterprise__name")
DOCUMENT_BODY = ("description", "region__name", "region__parent__name")


def _vectors(post: dict) -> tuple[str, str, str]:
    """A post's head, body and facets as tsvector input; DOCUMENT_SQL makes the columns."""
    head = tuple(post[name] for name in DOCUMENT_HEAD)
    body = tuple(post[name] for name in DOCUMENT_BODY)
    facets = " ".join(_quoted(facet) for facet in _facets(post))
    return " ".join(map(_vector, head)), " ".join(map(_vector, body)), facets


# The columns from a post's head, body and facets: the rest is what the head lacks.
DOCUMENT_COLUMNS = {
    "search_head": "{head}",
    "search_rest": "ts_delete({body}, tsvector_to_array({head}))",
    "search_document": "{head} || {body} || {facets}",
}
DOCUMENT_SQL = ", ".join(f"{column} = {value}" for column, value in DOCUMENT_COLUMNS.items())


@lru_cache(maxsize=16_384)
def _quoted_terms(text: str) -> frozenset[str]:
    return frozenset(map(_quoted, index_terms(text)))


def quoted_terms(text: str) -> frozenset[str]:
    """A text's lexemes (index_terms) as tsvector input, for document_columns."""
    return _quoted_terms(text or "")


def document_columns(post: dict, terms: dict | None = None) -> tuple[str, str, str]:
    """The three columns themselves (search_head, search_rest, search_document) as tsvector
    input, from the values DOCUMENT_FIELDS name: what DOCUMENT_COLUMNS makes in SQL, made
    here, for a bulk insert that writes the posts and their documents in one COPY
    (jobs.services.bulk). Lexemes carry no positions, so || is a union and ts_delete a
    difference (PostgreSQL sorts them). ``terms``: some of the texts' lexemes found earlier,
    as quoted_terms gives them (a bulk upload's check finds those of each title,
    description and occupation)."""
    terms = terms or {}

    def quoted(name: str) -> frozenset[str]:
        if name in terms:
            return frozenset(terms[name])
        return _quoted_terms(post[name] or "")

    head = frozenset().union(*map(quoted, DOCUMENT_HEAD))
    body = frozenset().union(*map(quoted, DOCUMENT_BODY))
    facets = map(_quoted, _facets(post))
    return " ".join(head), " ".join(body - head), " ".join(head.union(body, facets))


def index_post(post: JobPost) -> None:
    """Refresh one post's search document after it changed (the services call this)."""
    sql = "UPDATE jobs_jobpost SET {} WHERE id = %(id)s".format(
        DOCUMENT_SQL.format(
            head="%(head)s::tsvector", body="%(body)s::tsvector", facets="%(facets)s::tsvector"
        )
    )
    with connection.cursor() as cursor:
        for values in JobPost.objects.filter(pk=post.pk).values(*DOCUMENT_FIELDS):
            head, body, facets = _vectors(values)
            cursor.execute(sql, {"id": post.pk, "head": head, "body": body, "facets": facets})


def _document_lines(posts: list[dict]) -> io.StringIO:
    # COPY text: lexemes hold no tabs or line ends (WORD, codes); backslashes are doubled.
    lines = ("\t".join(_vectors(post)).replace("\\", "\\\\") for post in posts)
    return io.StringIO("".join(f"{post['pk']}\t{line}\n" for post, line in zip(posts, lines)))


def _write_documents(cursor, posts: list[dict]) -> None:
    # The scratch table lives for one transaction (ON COMMIT DROP): behind PgBouncer in
    # transaction mode the next transaction may run on another server connection.
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS search_documents"
        " (id bigint PRIMARY KEY, head tsvector, body tsvector, facets tsvector) ON COMMIT DROP"
    )
    cursor.execute("TRUNCATE search_documents")
    cursor.copy_expert("COPY search_documents FROM STDIN", _document_lines(posts))
    cursor.execute("ANALYZE search_documents")  # so the update joins by the primary key
    columns = DOCUMENT_SQL.format(head="d.head", body="d.body", facets="d.facets")
    cursor.execute(f"UPDATE jobs_jobpost p SET {columns} FROM search_documents d WHERE p.id = d.id")


@contextmanager
def _gin_indexes_rebuilt():
    """Drop the search indexes, and build them afresh at the end: rewriting every document
    under live GIN indexes takes several times longer. Searches are slow meanwhile."""
    indexes = [index for index in JobPost._meta.indexes if isinstance(index, GinIndex)]
    with connection.schema_editor() as editor:
        if connection.in_atomic_block:
            # Inside a bulk load's transaction: the deferred foreign-key checks run now,
            # as PostgreSQL refuses to change the indexes of a table with checks pending.
            editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for index in indexes:
            editor.remove_index(JobPost, index)
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for index in indexes:
                editor.add_index(JobPost, index)
            if connection.in_atomic_block:
                editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _rebuild(posts: QuerySet, batch: int, progress) -> int:
    rows = posts.order_by("pk").values(*DOCUMENT_FIELDS)
    done, last = 0, 0
    while chunk := list(rows.filter(pk__gt=last)[:batch]):
        with transaction.atomic(), connection.cursor() as cursor:
            _write_documents(cursor, chunk)
        done, last = done + len(chunk), chunk[-1]["pk"]
        if progress is not None:
            progress.advance(len(chunk))
    return done


def _rebuild_on_connections(posts: QuerySet, batch: int, progress, connections: int) -> int:
    """As _rebuild, `connections` batches at a time, each thread on its own database
    connection: while one thread makes its batch's documents in Python, PostgreSQL writes
    another's (about half of a batch's time is the UPDATE's, in the server). Outside a
    transaction only: the other connections would not see what it has not committed."""
    ids = list(posts.order_by("pk").values_list("pk", flat=True))
    bounds = [(ids[i], ids[min(i + batch, len(ids)) - 1]) for i in range(0, len(ids), batch)]

    def one(first_last) -> int:
        try:
            return _rebuild(posts.filter(pk__range=first_last), batch, None)
        finally:
            connection.close()  # this thread's own connection

    done = 0
    with ThreadPoolExecutor(max_workers=connections) as pool:
        for count in pool.map(one, bounds):
            done += count
            if progress is not None:
                progress.advance(count)
    return done


def rebuild_search_documents(
    posts=None, batch: int = 5000, progress=None, connections: int = 2
) -> int:
    """(Re)compute the search documents of these posts (a queryset or ids), in batches of
    `batch` posts, each its own transaction; returns how many. `progress`: a
    portal.progress.Progress to advance.

    With no posts given, every post, `connections` batches at a time outside a transaction:
    the GIN indexes are built afresh and the planner's statistics refreshed. Bulk loads
    (seed_demo) call this once at the end, inside their transaction, one batch at a time.
    """
    if posts is not None:
        if not isinstance(posts, QuerySet):
            posts = JobPost.objects.filter(pk__in=list(posts))
        return _rebuild(posts, batch, progress)
    with _gin_indexes_rebuilt():
        if connection.in_atomic_block or connections <= 1:
            done = _rebuild(JobPost.objects.all(), batch, progress)
        else:
            done = _rebuild_on_connections(JobPost.objects.all(), batch, progress, connections)
    with connection.cursor() as cursor:
        # Every row was rewritten: VACUUM (impossible inside a transaction) lets the date
        # index be read without visiting the table; ANALYZE counts the new lexemes.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(f"{vacuum} jobs_jobpost")
    return done


# --- what is asked -------------------------------------------------------------------------


class LexemeQuery(SearchQuery):
    """A tsquery of lexemes as they are (the ::tsquery cast), with no text-search parser
    to split or change them: they must equal what the documents hold."""

    template = "%(expressions)s::tsquery"

    def __init__(self, lexemes, *, operator: str = "&"):
        super().__init__(f" {operator} ".join(_quoted(lexeme) for lexeme in lexemes))


def _region_prefix(code: str) -> str:
    """GB/T 2260: a province is XX0000 and a city XXXX00; the regions below share XX, XXXX;
    a district is itself."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


@dataclass(frozen=True)
class SearchCriteria:
    """What a visitor asked for (jobs.forms.search.PostSearchForm.criteria())."""

    text: str = ""
    region: str = ""  # a province, city or district code; posts in it and below it
    industry: str = ""
    occupation: str = ""  # a CSCO code of any level; posts under it
    salary: int | None = None  # one of SALARY_STEPS: the top of the post's range reaches it
    education: int | None = None  # the visitor's education: posts asking no more
    employment_type: str = ""
    batch: int | None = None
    under_agreement: bool = False
    aimed_at: str = ""  # a province code: posts a regional agreement aims at its veterans
    sort: str = "relevance"  # or "date"
    terms: list[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "terms", query_terms(self.text))

    @classmethod
    def from_params(cls, params) -> "SearchCriteria":
        """From the search form's fields (a URL's query or a saved search's params); values
        that cannot be what the form offers are left out."""

        def code(name):
            value = str(params.get(name) or "").strip()
            return value if CODE.fullmatch(value) else ""

        def number(name):
            return int(code(name)) if code(name).isdigit() else None

        return cls(
            text=str(params.get("q") or "").strip()[:64],
            region=code("district") or code("city") or code("province"),
            industry=code("industry"),
            occupation=code("occupation"),
            salary=number("salary") if number("salary") in SALARY_STEPS else None,
            education=number("education"),
            employment_type=code("employment_type"),
            batch=number("batch"),
            under_agreement=bool(params.get("agreement")),
            aimed_at=code("aimed_at") if code("aimed_at").endswith("0000") else "",
            sort="date" if params.get("sort") == "date" else "relevance",
        )

    def facets(self) -> list[str]:
        """The facet lexemes of the filters (see _facets)."""
        asked = {
            "r": self.region and _region_prefix(self.region),
            "i": self.industry,
            "o": self.occupation,
            "s": self.salary,
            "e": self.education,
            "t": self.employment_type,
            "b": self.batch,
            "a": self.under_agreement and 1,
        }
        return [f"{key}:{value}" for key, value in asked.items() if value]


# --- filters most posts answer ----------------------------------------------------------

# A facet that at least this share of posts holds is checked on its column, not in GIN.
COMMON_FACET_SHARE = 0.5
STATISTICS_SECONDS = 600

# The column condition of a facet, for the facets with one: each holds for exactly the
# posts whose document _facets gives that lexeme (for the values the form offers; another
# value is in no document, so never common, and stays in GIN).
FACET_COLUMNS = {
    "s": lambda value: Q(salary_max__gte=int(value)),
    "e": lambda value: Q(min_education__lte=int(value)),
    "t": lambda value: Q(employment_type=value),
    "i": lambda value: Q(industry_id=value),
    "a": lambda value: Q(agreement__isnull=False),
}

# ANALYZE's most common elements of search_document, their shares of the rows, and the
# rows the table held then (reltuples is -1 before the first VACUUM or ANALYZE).
_STATISTICS_SQL = """
    SELECT greatest(c.reltuples, 0), s.most_common_elems::text::text[], s.most_common_elem_freqs
    FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()
        AND s.tablename = c.relname AND s.attname = 'search_document'
    WHERE c.oid = %s::regclass
"""


@dataclass(frozen=True)
class Statistics:
    """PostgreSQL's statistics of the search documents: the rows, and the share of them
    holding each common lexeme, words and facets (a lexeme not listed is rarer than every
    one listed, so `floor` is an upper bound of its share). Empty before the first
    ANALYZE."""

    rows: float = 0.0
    shares: dict = field(default_factory=dict)
    floor: float = 1.0


def _read_statistics() -> Statistics:
    with connection.cursor() as cursor:
        cursor.execute(_STATISTICS_SQL, [JobPost._meta.db_table])
        rows, elements, shares = cursor.fetchone()
    if not elements:
        return Statistics()
    # The shares end with three summary figures (the lowest, the highest, nulls).
    listed = dict(zip(elements, shares))
    return Statistics(rows, listed, min(listed.values()))


def statistics() -> Statistics:
    """The documents' statistics (see Statistics). Each process reads them again after
    STATISTICS_SECONDS; each get from the local cache unpickles them (about 0.15 ms at a
    thousand lexemes), so a search gets them once and passes them on."""
    return caches["local"].get_or_set("search-statistics", _read_statistics, STATISTICS_SECONDS)


def facet_shares() -> dict[str, float]:
    """The share of posts holding each common facet lexeme (none before the first ANALYZE)."""
    shares = statistics().shares
    return {
        lexeme: share for lexeme, share in shares.items() if lexeme.split(":")[0] in FACET_COLUMNS
    }


def _facet_conditions(criteria: SearchCriteria, stats: Statistics | None = None):
    """The filters' facets to ask GIN for, and the column conditions of the common ones."""
    facets = criteria.facets()
    if not facets:
        return [], Q()
    shares = (stats or statistics()).shares
    in_gin, on_row = [], Q()
    for facet in facets:
        key, value = facet.split(":", 1)
        if key in FACET_COLUMNS and shares.get(facet, 0) >= COMMON_FACET_SHARE:
            on_row &= FACET_COLUMNS[key](value)
        else:
            in_gin.append(facet)
    return in_gin, on_row


def _holding(lexemes: list[str]) -> Q:
    return Q(search_document=LexemeQuery(lexemes)) if lexemes else Q()


def _aimed(criteria: SearchCriteria) -> Q:
    """Posts whose regional agreement aims them at veterans from the asked province. A
    join rather than a facet of the search document: the agreement's provinces may change
    after the post was indexed."""
    if not criteria.aimed_at:
        return Q()
    return Q(agreement__target_provinces__contains=[criteria.aimed_at])


def _tiers(
    criteria: SearchCriteria, lifted: frozenset = frozenset(), stats: Statistics | None = None
) -> list[tuple[int, Q]]:
    """The conditions of the result tiers, best first (see the module's docstring). Sorted
    by relevance, each tier is split in two when some enterprises' commendations are
    current (``lifted``): their posts first, then the others."""
    aimed = _aimed(criteria)
    tiers = [(tier, condition & aimed) for tier, condition in _match_tiers(criteria, stats)]
    if not lifted or criteria.sort == "date":
        return tiers
    commended = Q(branch__enterprise_id__in=sorted(lifted))
    return [
        (2 * tier + part, condition & (commended if part == 0 else ~commended))
        for tier, condition in tiers
        for part in (0, 1)
    ]


def _match_tiers(criteria: SearchCriteria, stats: Statistics | None) -> list[tuple[int, Q]]:
    terms, (facets, on_row) = criteria.terms, _facet_conditions(criteria, stats)
    if not terms:
        return [(0, _holding(facets) & on_row)]
    everything = _holding(terms + facets) & on_row
    if criteria.sort == "date":
        return [(0, everything)]
    # With filters, words and filters meet in one GIN intersection; the tiers sort it out.
    narrowed = everything if criteria.facets() else Q()
    head = Q(search_head=LexemeQuery(terms))
    if len(terms) == 1:  # the rest never holds a head lexeme
        return [(1, narrowed & head), (2, narrowed & Q(search_rest=LexemeQuery(terms)))]
    in_rest = Q(search_rest=LexemeQuery(terms, operator="|"))
    return [(1, narrowed & head), (2, everything & in_rest & ~head)]


# --- keyset paging ---------------------------------------------------------------------------


def _row(first, second) -> Func:
    return Func(first, second, function="ROW", output_field=Field())


# A post's place in the newest-first order, compared as a row: one condition that the
# (published_at, id) index answers and the planner estimates from published_at alone.
# Written as "published_at < x OR (published_at = x AND id < y)" it is guessed so rare
# that PostgreSQL prefers to sort instead of walking the index.
POSITION = _row(F("published_at"), F("id"))


@dataclass(frozen=True)
class Key:
    """A post's place in the newest-first order."""

    published_at: datetime.datetime
    pk: int

    def _position(self) -> Func:
        return _row(Value(self.published_at), Value(self.pk))

    def after(self) -> LessThan:
        """Posts that come after this one."""
        return LessThan(POSITION, self._position())

    def up_to(self) -> GreaterThanOrEqual:
        """Posts that come before this one, and this one."""
        return GreaterThanOrEqual(POSITION, self._position())


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the tier and key of its last post."""

    tier: int
    key: Key

    def __str__(self):
        micros = (self.key.published_at - EPOCH) // datetime.timedelta(microseconds=1)
        return f"{self.tier}.{micros}.{self.key.pk}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """A cursor from a URL, or None for the first page (also when it is garbled)."""
        match = re.fullmatch(r"(\d)\.(\d{1,17})\.(\d{1,18})", text or "")
        if not match:
            return None
        tier, micros, pk = (int(group) for group in match.groups())
        return cls(tier, Key(EPOCH + datetime.timedelta(microseconds=micros), pk))


@dataclass
class Page:
    posts: list[JobPost]
    next_cursor: Cursor | None


def published_posts() -> QuerySet:
    """Published posts with what a result card shows, newest first (the search documents,
    kilobytes each, stay in the database)."""
    return (
        JobPost.objects.published()
        .select_related("branch__enterprise", "region")
        .defer("search_head", "search_rest", "search_document")
        .order_by("-published_at", "-id")
    )


def _probe_boundary(posts: QuerySet) -> Key | None:
    """The PROBE_ROWS-th of these posts (read from the date index alone), or None."""
    keys = posts.values_list("published_at", "pk")[PROBE_ROWS - 1 : PROBE_ROWS]
    return next((Key(*key) for key in keys), None)


# The matches' keys collected first (MATERIALIZED: PostgreSQL may not fold the ORDER BY
# into them and walk the dates instead of reading the GIN index), then the newest kept,
# each row with how many were collected.
_NEWEST_OF = (
    "WITH found AS MATERIALIZED ({}) "
    "SELECT *, (SELECT count(*) FROM found) FROM found ORDER BY 1 DESC, 2 DESC LIMIT %s"
)


def _newest_matches(matches: QuerySet, need: int, *, cap: int | None = None):
    """The newest `need` of few matches: all their keys, collected from the GIN index,
    sorted in the server, which sends back only the `need` newest (a few thousand keys
    made into Python datetimes cost 10-15 ms at a million posts). With `cap`, None when
    there are more than `cap` matches (only cap + 1 keys are read)."""
    keys = matches.order_by().values_list("published_at", "pk")
    if cap is not None:
        keys = keys[: cap + 1]
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_NEWEST_OF.format(sql), [*params, need])
        rows = cursor.fetchall()
    if cap is not None and rows and rows[0][2] > cap:
        return None
    posts = published_posts().in_bulk([pk for _published, pk, _count in rows])
    return [posts[pk] for _published, pk, _count in rows]


# A search whose matches the statistics guess at most FEW_MATCHES reads each tier by
# collecting its matches at once, skipping the probe: one GIN intersection instead of two
# (the probe's and the collection's, each over four lists of 100,000 posts for a search
# like "保安 北京" with two filters). It reads at most COLLECT_CAP keys; more means the
# guess was wrong, and that tier and the next are read with the probe.
FEW_MATCHES = 5000
COLLECT_CAP = 5000


def guessed_matches(criteria: SearchCriteria, stats: Statistics | None = None) -> float | None:
    """How many posts hold every word and every filter GIN is asked for, by the documents'
    statistics (an unlisted lexeme at the rarest listed share); None before the first
    ANALYZE. Only a guess: it picks how a search is read, never what it finds. The words
    count as one, at the rarest word's share: the words of one query go together (jieba's
    pieces of "货车司机", "维修" and "设备"), so multiplying their shares guesses far too
    few. The filters are taken as independent, except that a batch's posts are all under
    an agreement. None as well when nothing is asked of GIN (the statistics are not read)."""
    if not criteria.terms and not criteria.facets():
        return None
    stats = stats or statistics()
    if not stats.rows:
        return None
    facets = _facet_conditions(criteria, stats)[0]
    if any(facet.startswith("b:") for facet in facets):
        facets = [facet for facet in facets if facet != "a:1"]
    shares = [stats.shares.get(lexeme, stats.floor) for lexeme in facets]
    if criteria.terms:
        shares.append(min(stats.shares.get(term, stats.floor) for term in criteria.terms))
    return stats.rows * math.prod(shares)


def _few(criteria: SearchCriteria, stats: Statistics | None) -> bool:
    guess = guessed_matches(criteria, stats)
    return guess is not None and guess <= FEW_MATCHES


class _TierReader:
    """Reads tiers after a start key; tiers starting at the same key share one probe
    boundary. With `few`, each tier's matches are collected at once first."""

    def __init__(self, few: bool = False):
        self.boundaries, self.few = {}, few

    def page(self, condition: Q, after: Key | None, need: int) -> list[JobPost]:
        """The first `need` posts of one tier after a key: at most five queries, none
        reading more than PROBE_ROWS posts in date order or COLLECT_CAP keys."""
        posts = published_posts().filter(after.after()) if after else published_posts()
        if not condition:
            return list(posts[:need])
        if self.few:
            found = _newest_matches(posts.filter(condition), need, cap=COLLECT_CAP)
            if found is not None:
                return found
            self.few = False
        if after not in self.boundaries:
            self.boundaries[after] = _probe_boundary(posts)
        boundary = self.boundaries[after]
        if boundary is None:
            return list(posts.filter(condition)[:need])
        found = list(posts.filter(condition, boundary.up_to())[:need])
        if len(found) == need:
            return found
        older = posts.filter(condition, boundary.after())
        return found + _newest_matches(older, need - len(found))


def search_posts(
    criteria: SearchCriteria, *, after: Cursor | None = None, size: int | None = None
) -> Page:
    """One page of results (settings.PAGE_SIZE unless ``size``), and the cursor of the next
    one if there is more."""
    size = size or settings.PAGE_SIZE
    # Read once here: the tiers' filters and the guess both use them.
    stats = statistics() if criteria.terms or criteria.facets() else None
    found, tiers = [], _TierReader(few=_few(criteria, stats))
    lifted = frozenset(commended_enterprise_ids()) if criteria.sort != "date" else frozenset()
    for tier, condition in _tiers(criteria, lifted, stats):
        if after and tier < after.tier:
            continue
        key = after.key if after and tier == after.tier else None
        found += [(tier, post) for post in tiers.page(condition, key, size + 1 - len(found))]
        if len(found) > size:
            break
    last = found[size - 1] if len(found) > size else None
    cursor = last and Cursor(last[0], Key(last[1].published_at, last[1].pk))
    return Page([post for _tier, post in found[:size]], cursor)


COUNT_CAP = 1000


def count_posts(criteria: SearchCriteria, *, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many published posts match, counted up to ``cap``: (count, whether there are
    more). The tiers together are exactly the posts whose search document holds every word
    and facet, so one GIN condition counts them all; the LIMIT inside the count keeps a
    common word from counting 130,000 rows on every page view."""
    terms, (facets, on_row) = criteria.terms, _facet_conditions(criteria)
    posts = JobPost.objects.published().filter(_aimed(criteria), _holding(terms + facets), on_row)
    found = posts.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


def posts_published_between(
    criteria: SearchCriteria, *, since: datetime.datetime, until: datetime.datetime, limit: int
) -> list[JobPost]:
    """The newest `limit` posts matching the criteria published in (since, until]: what a
    job alert lists."""
    [(_tier, matching)] = _tiers(replace(criteria, sort="date"))
    posts = published_posts().filter(matching)
    return list(posts.filter(published_at__gt=since, published_at__lte=until)[:limit])
