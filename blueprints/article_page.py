"""The public article page, rendered for readers and, as a preview, for staff."""

from flask import get_flashed_messages, render_template
from flask_login import current_user
from markupsafe import Markup

from blueprints import banners, cards
from blueprints.feedback import FLASH_CATEGORY
from blueprints.forms import FeedbackForm
from blueprints.offline_pages import keep_saved_article
from blueprints.saved_list import note_form
from models import Article, SavedArticle, User
from services import articles, evidence, mail
from services.digests import clicks

# Article columns the page never shows: left out of its key (a view changes view_count).
_UNSHOWN_COLUMNS = frozenset({"view_count"})
_SHOWN_COLUMNS = tuple(
    column.key for column in Article.__mapper__.column_attrs if column.key not in _UNSHOWN_COLUMNS
)


def _frozen(value):
    """A column's value as part of a key: lists and dicts as tuples."""
    if isinstance(value, dict):
        return tuple(sorted((name, _frozen(v)) for name, v in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _content(
    article: Article,
    topics,
    reader: User | None,
    saved: SavedArticle | None,
    related: list,
    short: bool,
    keep: bool,
) -> Markup:
    """The page from the title to the related articles (articles/_content.html). Kept
    rendered like the cards (blueprints/cards.py) when `keep`: its key is every article
    column it can show, the article's topics and reviewer, the related articles and the
    reader's part (role, saved note, whether signed in, a hidden sample note)."""
    page, role = cards.page_marks(), reader and reader.role
    signed_in = current_user.is_authenticated  # staff previewing are, with no reader
    sample_note = article.is_sample and not banners.is_dismissed("sample")
    thanks = get_flashed_messages(category_filter=[FLASH_CATEGORY])
    keep = keep and not thanks
    store = cards.cache()

    def render() -> str:
        content = store.macro("articles/_content.html", "article_content")
        return str(
            content(
                article,
                topics=topics,
                audiences=articles.audiences(article, role),
                questions_heading=articles.questions_heading(role),
                saved=saved,
                note_form=saved and note_form(saved, anchor="note", here=store.next_mark),
                feedback_form=FeedbackForm(),
                related=related,
                short=short,
                signed_in=signed_in,
                sample_note=sample_note,
                thanks=thanks,
            )
        )

    if not keep:
        return cards.for_page(render(), page)
    reviewer = article.reviewed_by
    key = (
        "article",
        page.script_root,
        evidence.is_older_study(article.source_year, page.today),
        role,
        short,
        signed_in,
        sample_note,
        saved and (saved.id, saved.note),
        *(_frozen(getattr(article, name)) for name in _SHOWN_COLUMNS),
        tuple((t.id, t.slug, t.name) for t in topics),
        reviewer and reviewer.byline,
        tuple(tuple(row) for row in related),
    )
    return cards.for_page(store.card(key, render), page)


def render_article_page(
    article: Article,
    reader: User | None = None,
    digest: str | None = None,
    preview=False,
    short=False,
    topics=None,
    saved: SavedArticle | None = None,
) -> str:
    """The page as `reader` sees it (None: a visitor); `digest` is a digest link's token.
    `short`: only the summary and the first paragraph of each section. `topics` and
    `saved`: the article's topic tags and the reader's saved row, read with the article
    (services.articles.get_shown); without them, its Topics, and nothing saved."""
    topics = article.topics if topics is None else topics
    if saved and not preview:
        keep_saved_article()
    related = articles.related(article, topics, reader and reader.id)
    return render_template(
        "articles/show.html",
        article=article,
        article_content=_content(article, topics, reader, saved, related, short, keep=not preview),
        digest_bar=clicks.digest_bar(digest, article.id, reader and reader.id) if digest else None,
        preview=preview,
        short=short,
        canonical_url=mail.external_url("articles.show", slug=article.slug),
    )
