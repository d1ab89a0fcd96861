"""Full-text search of the published summaries: ranked, filtered, highlighted.

What is indexed, and when, is `services.search_index`. A search:

1. splits the reader's words (`services.synonyms.words`; quotes, operators and emoji are
   plain separators, so no input is a syntax error), drops stop words and expands each word
   or known phrase into its synonyms;
2. takes the newest CANDIDATES + 1 visible articles that match every group and pass the
   filters, by article id, which both databases answer without ranking every match
   (SQLite: FTS5 walks its index in rowid order and stops; PostgreSQL: the GIN index for a
   rare word, the primary key walked backwards for a common one), so the cost stays flat
   however large the library grows (bench/search.py);
3. ranks those by relevance (SQLite bm25, PostgreSQL ts_rank; articles using the reader's
   own words before those found through a synonym; ties newest first), counts them in the
   same statement (`count(*) OVER ()`), and returns one page;
4. highlights the matched words in an excerpt of the sections (escaped, then `<mark>`).

When nothing matches, `suggestion` offers a near spelling ("Did you mean …") from the
glossary, the topic names and the synonyms file.
"""

import difflib
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import reduce

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    String,
    case,
    cast,
    column,
    func,
    literal_column,
    not_,
    null,
    select,
    table,
)
from sqlalchemy.exc import OperationalError

from models import Article, GlossaryTerm, SearchDocument, Topic, db
from models.search import FTS_TABLE, VECTOR_COLUMN
from services import synonyms
from services.article_fields import FIRST_YEAR
from services.errors import DomainError
from services.feed import (
    LIST_COLUMNS,
    ListedArticle,
    in_topic,
    in_topics,
    listed,
    published_filter,
)
from services.search_index import MARK_END, MARK_START

PAGE_SIZE = 20
# Matches ranked per search: the newest this many; more are counted as "more than".
CANDIDATES = 1000
MAX_QUERY_LENGTH = 200
MAX_GROUPS = 8
# bm25 weights of the FTS5 columns: title, summary, body, terms (topic and glossary names).
BM25_WEIGHTS = (10.0, 4.0, 1.0, 4.0)
EXCERPT_WORDS = 24
_FTS = table(FTS_TABLE, column("rowid"))
_ENGLISH = literal_column("'english'::regconfig")
_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
YEAR_MESSAGE = f"Enter a year from {FIRST_YEAR} on."
YEAR_ORDER_MESSAGE = "The “to” year comes before the “from” year."


@dataclass(frozen=True)
class Filters:
    """What a search may be narrowed to; None means any. Years are the study's year."""

    topic_id: int | None = None
    condition: str | None = None
    study_type: str | None = None
    population: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def check(self) -> None:
        """Raise DomainError for a year range no study can be in."""
        errors = {}
        for name in ("year_from", "year_to"):
            if getattr(self, name) is not None and getattr(self, name) < FIRST_YEAR:
                errors[name] = YEAR_MESSAGE
        years = (self.year_from, self.year_to)
        if not errors and None not in years and years[0] > years[1]:
            errors["year_to"] = YEAR_ORDER_MESSAGE
        if errors:
            raise DomainError(errors)

    def conditions(self) -> list[ColumnElement[bool]]:
        where = []
        if self.topic_id is not None:
            where.append(in_topic(self.topic_id))
        if self.condition:
            # `conditions` is a JSON list of fixed keys; a quoted key is one whole element.
            text = cast(Article.conditions, String)
            where.append(text.contains(f'"{self.condition}"', autoescape=True))
        if self.study_type:
            where.append(Article.study_type == self.study_type)
        if self.population:
            where.append(Article.population == self.population)
        if self.year_from is not None:
            where.append(Article.source_year >= self.year_from)
        if self.year_to is not None:
            where.append(Article.source_year <= self.year_to)
        return where


@dataclass
class Hit:
    article: ListedArticle
    excerpt: Markup | None = None


@dataclass
class Results:
    """One page of results. `total` counts at most CANDIDATES (`more` says there are more)."""

    groups: list[tuple[str, ...]]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PAGE_SIZE
    suggestion: str | None = None

    @property
    def more(self) -> bool:
        return self.total > CANDIDATES

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, CANDIDATES) / self.per_page))

    @property
    def articles(self) -> list[ListedArticle]:
        return [hit.article for hit in self.hits]


def parse(query: str | None) -> list[tuple[str, ...]]:
    """The groups of alternative phrases a query stands for (at most MAX_GROUPS)."""
    query_words = synonyms.words((query or "")[:MAX_QUERY_LENGTH])
    return synonyms.expand(query_words, synonyms.current())[:MAX_GROUPS]


def highlight(text: str) -> Markup:
    """Escaped text with the index's match marks turned into `<mark>` elements."""
    escaped = str(escape(text))
    # Safe: the text is escaped first, and the marks never occur in indexed text.
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S704  # nosec B704


def _fts_query(groups: Sequence[tuple[str, ...]]) -> str:
    """An FTS5 query: every group, each an OR of quoted phrases (words are letters and
    digits only, so quoting them leaves no operator or syntax to misread)."""
    return " AND ".join(
        "(" + " OR ".join(f'"{alternative}"' for alternative in group) + ")" for group in groups
    )


def _tsquery(groups: Sequence[tuple[str, ...]]) -> ColumnElement:
    def any_of(group: tuple[str, ...]) -> ColumnElement:
        phrases = [func.phraseto_tsquery(_ENGLISH, alternative) for alternative in group]
        return reduce(lambda a, b: a.op("||")(b), phrases)

    return reduce(lambda a, b: a.op("&&")(b), map(any_of, groups))


# For the rest of this transaction, PostgreSQL plans each statement for its own words. Once
# a statement has run a few times, PostgreSQL may plan it once for any values; for a search
# that plan, made for common words, made a rare word's search 3 times slower.
_CUSTOM_PLANS = select(func.set_config("plan_cache_mode", "force_custom_plan", True))


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _literal(groups: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The reader's own words: the first phrase of each group."""
    return [group[:1] for group in groups]


def _candidates(
    groups, where: list[ColumnElement[bool]], name: str = "candidates", *, listing=True
):
    """The newest CANDIDATES + 1 matches as (id, score, own, *LIST_COLUMNS when `listing`):
    a lower score ranks higher; `own` is the score for the reader's own words alone, None
    when only a synonym matched (PostgreSQL, when the query has a synonym; SQLite scores
    them in `_page`). The article's columns come from the join that checks it may be
    shown, so the page needs no second look-up of the candidates."""
    if _is_sqlite():
        fts = literal_column(FTS_TABLE)
        stmt = (
            select(
                _FTS.c.rowid.label("id"),
                func.bm25(fts, *BM25_WEIGHTS).label("score"),
                null().label("own"),
            )
            .select_from(_FTS)
            .join(Article, Article.id == _FTS.c.rowid)
            .where(fts.op("MATCH")(_fts_query(groups)))
            .order_by(_FTS.c.rowid.desc())
        )
    else:
        vector, query = literal_column(f"search_documents.{VECTOR_COLUMN}"), _tsquery(groups)
        # Without a synonym the reader's own words are the whole query: `own` would be
        # `score` again, at the cost of a second match and rank of every candidate.
        own_score = null()
        if _has_synonym(groups):
            own = _tsquery(_literal(groups))
            own_score = case((vector.op("@@")(own), -func.ts_rank(vector, own, 1)))
        stmt = (
            select(
                SearchDocument.article_id.label("id"),
                (-func.ts_rank(vector, query, 1)).label("score"),
                own_score.label("own"),
            )
            .join(Article, Article.id == SearchDocument.article_id)
            .where(vector.op("@@")(query))
            .order_by(SearchDocument.article_id.desc())
        )
    if listing:
        stmt = stmt.add_columns(*LIST_COLUMNS)
    return stmt.where(*where).limit(CANDIDATES + 1).cte(name)


def _has_synonym(groups: Sequence[tuple[str, ...]]) -> bool:
    return _literal(groups) != list(groups)


def _page(groups, where, page: int, per_page: int) -> tuple[list[ListedArticle], int]:
    """Articles using the reader's own words rank first, then those found by a synonym
    only: a rare synonym would otherwise outrank the word itself (bm25 favors rare words)."""
    found = _candidates(groups, where)
    stmt = select(found.c.id, *(found.c[column.key] for column in LIST_COLUMNS))
    stmt = stmt.add_columns(func.count().over())
    rank = [found.c.score]  # no synonym in the query: its score is the reader's words'
    synonym = _has_synonym(groups)
    if _is_sqlite() and synonym:
        # bm25 of the reader's own words, by the same bounded scan: a candidate that uses
        # them is also among the newest CANDIDATES + 1 that do (they are a subset). A
        # `rowid IN (candidates)` lookup instead costs a doclist read per candidate.
        own = _candidates(_literal(groups), where, "own_words", listing=False)
        stmt = stmt.outerjoin(own, own.c.id == found.c.id)
        rank = [own.c.score.is_(None), own.c.score, found.c.score]
    elif synonym:
        rank = [found.c.own.is_(None), found.c.own, found.c.score]
    stmt = (
        stmt.order_by(*rank, found.c.published_at.desc(), found.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = db.session.execute(stmt).all()
    return listed(row[:-1] for row in rows), (rows[0][-1] if rows else 0)


def _excerpts(groups, ids: list[int]) -> dict[int, Markup]:
    """Highlighted excerpts of the sections of these articles, where a match is in them."""
    if not ids:
        return {}
    if _is_sqlite():
        fts = literal_column(FTS_TABLE)
        snippet = func.snippet(fts, 2, MARK_START, MARK_END, "…", EXCERPT_WORDS)
        # A rowid range the index reads in one pass; `rowid + 0 IN` keeps FTS5 from
        # looking up each id, which reads a common word's whole doclist per id.
        stmt = select(_FTS.c.rowid, snippet).where(
            fts.op("MATCH")(_fts_query(groups)),
            _FTS.c.rowid.between(min(ids), max(ids)),
            (_FTS.c.rowid + 0).in_(ids),
        )
    else:
        headline = func.ts_headline(_ENGLISH, SearchDocument.body, _tsquery(groups), _HEADLINE)
        stmt = select(SearchDocument.article_id, headline).where(SearchDocument.article_id.in_(ids))
    return {
        article_id: highlight(text)
        for article_id, text in db.session.execute(stmt)
        if text and MARK_START in text
    }


def search(
    query: str | None,
    filters: Filters | None = None,
    page: int = 1,
    *,
    exclude_topic_ids: Collection[int] = (),
    per_page: int = PAGE_SIZE,
) -> Results:
    """One page of the published articles matching `query` (and `filters`), best first.

    exclude_topic_ids: leave out articles in any of these topics (muted topics), except
    the topic the search is filtered to. A query of only stop words or signs finds
    nothing. Raises DomainError for an impossible year range (`Filters.check`).
    """
    filters = filters or Filters()
    filters.check()
    groups = parse(query)
    results = Results(groups, per_page=per_page)
    if not groups:
        return results
    where = [published_filter(), *filters.conditions()]
    excluded = set(exclude_topic_ids) - {filters.topic_id}
    if excluded:
        where.append(not_(in_topics(sorted(excluded))))
    results.page = max(1, min(page, math.ceil(CANDIDATES / per_page)))
    if not _is_sqlite():
        db.session.execute(_CUSTOM_PLANS)
    try:
        articles, results.total = _page(groups, where, results.page, per_page)
    except OperationalError:
        # Defensive, SQLite only: the FTS5 query is built from quoted plain words, but should
        # FTS5 refuse it, search again for the words alone (a failed SELECT leaves SQLite's
        # transaction usable). PostgreSQL's phraseto_tsquery reads any text as plain words.
        groups = results.groups = [(w,) for w in synonyms.words(" ".join(map(" ".join, groups)))]
        articles, results.total = _page(groups, where, results.page, per_page)
    if not articles and results.page > 1:
        results.page = 1
        articles, results.total = _page(groups, where, 1, per_page)
    excerpts = _excerpts(groups, [a.id for a in articles])
    results.hits = [Hit(a, excerpts.get(a.id)) for a in articles]
    if not articles:
        results.suggestion = suggest(query)
    return results


def vocabulary() -> set[str]:
    """Words worth suggesting: glossary terms and aliases, topic names, synonyms. A few
    hundred at most, whatever the size of the library."""
    texts = list(synonyms.current().by_phrase)
    texts += db.session.scalars(select(Topic.name))
    for term, aliases in db.session.execute(select(GlossaryTerm.term, GlossaryTerm.aliases)):
        texts += [term, *(aliases or [])]
    return {w for text in texts for w in synonyms.words(text) if len(w) > 2}


def suggest(query: str | None) -> str | None:
    """The query with each unknown word replaced by the nearest known one, or None."""
    query_words = synonyms.words((query or "")[:MAX_QUERY_LENGTH])[: MAX_GROUPS * 2]
    known = vocabulary()
    changed, suggested = False, []
    for word in query_words:
        close = [] if word in known else difflib.get_close_matches(word, known, 1, 0.75)
        suggested.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(suggested) if changed else None


def filter_topics() -> list[Topic]:
    """Every topic by name, archived ones too: what a search may be filtered to."""
    return list(db.session.scalars(select(Topic).order_by(Topic.name)))
