"""The public article page, rendered for readers and, as a preview, for staff."""

from flask import render_template

from blueprints.forms import FeedbackForm
from blueprints.offline_pages import keep_saved_article
from blueprints.saved_list import note_form
from models import Article, User
from services import articles, mail, saves
from services.digests import clicks


def render_article_page(
    article: Article,
    reader: User | None = None,
    digest: str | None = None,
    preview=False,
    short=False,
) -> str:
    """The page as `reader` sees it (None: a visitor); `digest` is a digest link's token.
    `short`: only the summary and the first paragraph of each section."""
    saved = reader and saves.get_saved(reader.id, article.id)
    if saved and not preview:
        keep_saved_article()
    return render_template(
        "articles/show.html",
        article=article,
        audiences=articles.audiences(article, reader and reader.role),
        related=articles.related(article, reader and reader.id),
        questions_heading=articles.questions_heading(reader and reader.role),
        saved=saved,
        note_form=saved and note_form(saved, anchor="note"),
        feedback_form=FeedbackForm(),
        digest_bar=clicks.digest_bar(digest, article.id, reader and reader.id) if digest else None,
        preview=preview,
        short=short,
        canonical_url=mail.external_url("articles.show", slug=article.slug),
    )
