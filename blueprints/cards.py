"""Article cards in lists and saved-list entries, rendered once per process for each
thing they can show.

A list page (feed, topic, search) shows up to 20 cards, and rendering them was most of the
page's time (bench/RESULTS.md). A card shows only the article's list columns
(`services.feed.LIST_COLUMNS`), its topics and the reader's marks on it (read, new, saved,
which of its topics they follow): the key of a rendered card is all of these values, so a
changed title, a new topic or a save makes a new key and the card is rendered again. Nothing
needs invalidating, and a process never shows an old card. A saved-list entry is kept the
same way: its key is the saved row (when, the note) and what the entry shows of the article;
and so is the article page from its title down (blueprints/article_page.py).

Two things differ per request and are never kept: the page's CSRF token and the page a
button returns to. The card is rendered with a marker in their place (random per process,
so no content can contain it), and the markers are replaced for each page.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, current_app, g, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from blueprints.navigation import here
from blueprints.saved_list import note_form
from models import SavedArticle
from services import evidence
from services.feed import ListedArticle

KEY = "plainly.cards"
# A list card is about 2 KB, a saved-list entry 5 KB and an article page's part
# (blueprints/article_page.py) 12 KB: at most about 25 MB per process, mostly far less.
MAX_CARDS = 2000


class CardCache:
    """Rendered cards by key, the least recently used dropped first."""

    def __init__(self, app: Flask, size: int = MAX_CARDS) -> None:
        self.size = size
        self.csrf_mark = f"csrf-mark-{secrets.token_hex(8)}"
        self.next_mark = f"next-mark-{secrets.token_hex(8)}"
        self._app = app
        self._modules: dict[str, tuple] = {}
        self._cards: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    def macro(self, template_name: str, name: str):
        """A macro of `template_name` in a module whose `here` and csrf_token() are the
        markers. While templates reload (development), an edited template starts afresh."""
        env = self._app.jinja_env
        if env.auto_reload and any(not t.is_up_to_date for t, _ in self._modules.values()):
            self._modules.clear()
            with self._lock:
                self._cards.clear()
        if template_name not in self._modules:
            template = env.get_template(template_name)
            marks = {"here": self.next_mark, "csrf_token": lambda: self.csrf_mark}
            self._modules[template_name] = (template, template.make_module(marks))
        return getattr(self._modules[template_name][1], name)

    def rendered(self, key: tuple, template_name: str, name: str, *args) -> str:
        """`card(key, …)` for the macro `name` of `template_name` called with `args`. The
        macro is looked up first, so an edited template is noticed while templates reload."""
        macro = self.macro(template_name, name)
        return self.card(key, lambda: str(macro(*args)))

    def card(self, key: tuple, render: Callable[[], str]) -> str:
        """The card kept under `key`, or `render()`'s, kept from now on."""
        with self._lock:
            found = self._cards.get(key)
            if found is not None:
                self._cards.move_to_end(key)
                return found
        html = render()
        with self._lock:
            self.misses += 1
            self._cards[key] = html
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)
        return html


def cache() -> CardCache:
    return current_app.extensions[KEY]


@dataclass(frozen=True)
class Page:
    """What every card of one page shares: worked out once per request."""

    request: object
    script_root: str  # the links' prefix behind a proxy
    here: str  # escaped, as a form's value
    token: str
    today: datetime  # an older study is one more than so many years before this year


def page_marks() -> Page:
    """What this page puts in place of a kept card's markers, worked out once per request."""
    page = g.get("card_page")
    # Requests inside one test's app context share `g`: the request tells them apart.
    if page is None or page.request is not request._get_current_object():
        page = g.card_page = Page(
            request._get_current_object(),
            request.script_root,
            str(escape(here())),
            str(escape(generate_csrf())),
            datetime.now(UTC),
        )
    return page


def _own(article_id: int, ids: Collection[int]) -> tuple[int, ...]:
    """The article's own id if `ids` holds it: all the card needs to know of a page's set."""
    return (article_id,) if article_id in ids else ()


def _card(
    page: Page,
    macro,
    article: ListedArticle,
    followed_ids: Collection[int],
    read_ids: Collection[int] | None,
    saved_ids: Collection[int],
    new_ids: Collection[int],
    excerpt: Markup | None,
) -> str:
    """One card, kept, with its markers still in place."""
    topics, article_id = article.topics, article.id
    marks = {
        "followed_ids": tuple(t.id for t in topics if t.id in followed_ids),
        "read_ids": None if read_ids is None else _own(article_id, read_ids),
        "saved_ids": _own(article_id, saved_ids),
        "new_ids": _own(article_id, new_ids),
        "excerpt": excerpt,
    }
    # A ListedArticle is a frozen dataclass: it hashes and compares by every field it has,
    # its topics included.
    key = (
        page.script_root,
        evidence.is_older_study(article.source_year, page.today),
        article,
        *marks.values(),
    )
    return cache().card(key, lambda: str(macro(article, **marks)))


def article_card(
    article: ListedArticle,
    followed_ids: Collection[int] = (),
    read_ids: Collection[int] | None = None,
    saved_ids: Collection[int] = (),
    new_ids: Collection[int] = (),
    excerpt: Markup | None = None,
) -> Markup:
    """The `article_card` macro of _macros.html for this article and reader, from the cache."""
    page, macro = page_marks(), cache().macro("_macros.html", "article_card")
    html = _card(page, macro, article, followed_ids, read_ids, saved_ids, new_ids, excerpt)
    return for_page(html, page)


def card_items(
    articles: Iterable[ListedArticle],
    followed_ids: Collection[int] = (),
    read_ids: Collection[int] | None = None,
    saved_ids: Collection[int] = (),
    new_ids: Collection[int] = (),
) -> Markup:
    """A list's cards, each in its `<li>`: `article_card` for every article, with the page's
    markers put in once for the whole list."""
    page, macro = page_marks(), cache().macro("_macros.html", "article_card")
    html = "".join(
        f"<li>{_card(page, macro, a, followed_ids, read_ids, saved_ids, new_ids, None)}</li>"
        for a in articles
    )
    return for_page(html, page)


# What a saved-list entry shows of its article, besides two sections of its text.
_SAVED_ARTICLE_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "is_sample",
    "source_year",
    "published_at",
    "study_type",
    "for_patients",
    "for_caregivers",
    "for_clinicians",
)


def saved_entry(saved: SavedArticle) -> Markup:
    """The `saved_entry` macro of saved/_macros.html with its note editor, from the cache:
    the key is the saved row (when, the note) and all the entry shows of the article."""
    page, article = page_marks(), saved.article
    key = (
        "saved entry",
        page.script_root,
        evidence.is_older_study(article.source_year, page.today),
        saved.id,
        saved.saved_at,
        saved.note,
        *(getattr(article, name) for name in _SAVED_ARTICLE_FIELDS),
        article.section_html("found"),
        article.section_html("limitations"),
    )
    cards = cache()

    def render() -> str:
        form = note_form(saved, anchor=f"saved-{saved.id}", here=cards.next_mark)
        return str(cards.macro("saved/_macros.html", "saved_entry")(saved, form))

    return for_page(cards.card(key, render), page)


def for_page(html: str, page: Page) -> Markup:
    """A kept card with this page's token and return address in place of the markers."""
    # Safe: the card was rendered by autoescaping Jinja, and the markers are replaced by
    # escaped values.
    cards = cache()
    html = html.replace(cards.csrf_mark, page.token).replace(cards.next_mark, page.here)
    return Markup(html)  # noqa: S704  # nosec B704


def register(app: Flask) -> None:
    app.extensions[KEY] = CardCache(app)
    app.add_template_global(article_card, "cached_article_card")
    app.add_template_global(card_items, "cached_card_items")
    app.add_template_global(saved_entry, "cached_saved_entry")
