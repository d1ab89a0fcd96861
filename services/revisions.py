"""Revisions: what an article said after each save, so every change can be looked back on."""

from models import Article, db
from models.editorial import ArticleRevision

# Everything a writer edits; status and dates change through the workflow, not by editing.
EDITABLE_FIELDS = (
    "slug", "title", "summary", "found", "for_patients", "for_caregivers", "for_clinicians",
    "limitations", "questions", "conditions", "study_type", "phase", "participants",
    "population", "source_journal", "source_year", "source_url", "source_title",
    "source_first_author", "source_pmid", "source_doi", "source_abstract",
)  # fmt: skip


def snapshot(article: Article) -> dict:
    """Every editable field of `article` as JSON-ready values; `topics` is a sorted slug list.

    The article's topics must be loaded (or just assigned).
    """
    data = {name: getattr(article, name) for name in EDITABLE_FIELDS}
    data["questions"] = list(data["questions"] or [])
    data["conditions"] = list(data["conditions"] or [])
    data["topics"] = sorted(t.slug for t in article.topics)
    return data


def record(article: Article, author_id: int | None) -> ArticleRevision:
    """Add a revision holding `snapshot(article)`, by `author_id` (not committed)."""
    if article.id is None:
        db.session.flush()
    revision = ArticleRevision(article_id=article.id, author_id=author_id, data=snapshot(article))
    db.session.add(revision)
    return revision
