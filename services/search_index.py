"""Keeping the search index in step with the articles: the one home of the indexed text.

`document` says what search reads of an article: title, summary, the sections as plain
text, the names of its topics and the glossary terms it links (term and aliases). Only
published articles are indexed; whether one is visible yet is checked when searching.

Every writer of articles (the editor's save, content loading, imports, PubMed drafts,
glossary re-renders, workflow steps) goes through the ORM session, so `init_app` hooks
the session's flush: articles whose indexed fields changed, and the articles of a renamed
topic, are re-indexed in the same transaction. Nothing is committed here. Bulk inserts
that bypass the session (benchmarks) call `reindex` themselves; `flask search reindex`
rebuilds everything.
"""

import re
from collections.abc import Iterable, Sequence
from itertools import chain, islice

from flask import Flask
from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.orm import Session

from models import Article, GlossaryTerm, SearchDocument, Topic, article_topics, db
from models.article import PUBLISHED
from services.markup import SECTIONS
from services.synonyms import fold

# Characters search uses to mark highlighted words in excerpts; never part of the text.
MARK_START, MARK_END = "\ue000", "\ue001"
_MARKS = str.maketrans("", "", MARK_START + MARK_END)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+|^[ \t]*[#>]+", re.MULTILINE)
_GLOSSARY_LINK = re.compile(r'href="/glossary#([\w-]+)"')
# Articles whose change of these fields changes what search reads (or whether it may).
INDEXED_FIELDS = ("title", "summary", *SECTIONS, "rendered", "status", "topics")
CHUNK = 500
_TABLE = SearchDocument.__table__


def plain(text: str | None) -> str:
    """Markdown as the words a reader sees: link text kept, emphasis marks and accents
    dropped (searches drop accents too)."""
    return fold(_MARKUP.sub("", _LINK.sub(r"\1", text or "")).translate(_MARKS))


def document(
    article: Article, topic_names: Iterable[str], glossary_words: Iterable[str]
) -> dict[str, object]:
    """The search row of `article`: its text, topic names and linked glossary terms."""
    return {
        "article_id": article.id,
        "title": plain(article.title),
        "summary": plain(article.summary),
        "body": "\n\n".join(plain(getattr(article, name)) for name in SECTIONS),
        "terms": plain(" · ".join((*topic_names, *glossary_words))),
    }


def _linked_slugs(rendered: dict[str, str] | None) -> set[str]:
    return {slug for html in (rendered or {}).values() for slug in _GLOSSARY_LINK.findall(html)}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _write(conn: Connection, ids: Sequence[int]) -> int:
    articles = conn.execute(
        select(Article.id, Article.title, Article.summary, Article.rendered, *(
            getattr(Article, name) for name in SECTIONS
        )).where(Article.id.in_(ids), Article.status == PUBLISHED)
    ).all()  # fmt: skip
    conn.execute(delete(_TABLE).where(_TABLE.c.article_id.in_(ids)))
    if not articles:
        return 0
    names: dict[int, list[str]] = {}
    topic_rows = conn.execute(
        select(article_topics.c.article_id, Topic.name)
        .join(Topic, Topic.id == article_topics.c.topic_id)
        .where(article_topics.c.article_id.in_([a.id for a in articles]))
        .order_by(Topic.name)
    )
    for article_id, name in topic_rows:
        names.setdefault(article_id, []).append(name)
    slugs = set().union(*(_linked_slugs(a.rendered) for a in articles))
    glossary = {}
    if slugs:
        glossary_rows = conn.execute(
            select(GlossaryTerm.slug, GlossaryTerm.term, GlossaryTerm.aliases).where(
                GlossaryTerm.slug.in_(slugs)
            )
        )
        glossary = {slug: [term, *(aliases or [])] for slug, term, aliases in glossary_rows}
    rows = [
        document(
            a,
            names.get(a.id, []),
            chain.from_iterable(glossary.get(s, []) for s in sorted(_linked_slugs(a.rendered))),
        )
        for a in articles
    ]
    conn.execute(insert(_TABLE), rows)
    return len(rows)


def reindex(article_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search rows of these articles (every article when None) from what they
    say now; returns how many are indexed. Not committed."""
    conn = db.session.connection()
    if article_ids is None:
        conn.execute(delete(_TABLE))
        article_ids = db.session.scalars(select(Article.id).where(Article.status == PUBLISHED))
    return sum(_write(conn, chunk) for chunk in _chunks(sorted(set(article_ids))))


def _changed(obj: object, names: Iterable[str]) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _needs_indexing(article: Article, is_new: bool) -> bool:
    """Whether the flush changed what search reads of `article`: a new published article,
    or a change to an indexed field of one that is (or was, before this flush) published.
    A new draft costs no statement (imports write hundreds)."""
    status = inspect(article).dict.get("status")  # never loaded here: no SQL in a flush
    if is_new:
        return status in (PUBLISHED, None)  # None: the column default (published)
    if not _changed(article, INDEXED_FIELDS):
        return False
    return status in (PUBLISHED, None) or _changed(article, ("status",))


def _after_flush(session: Session, _context) -> None:
    article_ids: set[int] = set()
    topic_ids: set[int] = set()
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Article) and _needs_indexing(obj, obj in session.new):
            article_ids.add(obj.id)
        elif isinstance(obj, Topic) and obj not in session.new and _changed(obj, ("name",)):
            topic_ids.add(obj.id)
    conn = session.connection()
    if topic_ids:
        tagged = select(article_topics.c.article_id).where(article_topics.c.topic_id.in_(topic_ids))
        article_ids.update(conn.scalars(tagged))
    for chunk in _chunks(sorted(article_ids)):
        _write(conn, chunk)


def init_app(_app: Flask) -> None:
    """Re-index changed articles whenever the app's session flushes (registered once)."""
    if not event.contains(db.session, "after_flush", _after_flush):
        event.listen(db.session, "after_flush", _after_flush)
