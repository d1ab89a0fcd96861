"""Articles with exactly the words a search test wants, and nothing else that matches."""

from datetime import UTC, datetime, timedelta

from models import Topic
from tests.factories import make_article

NEUTRAL = "Plain words here."


def make_text_article(
    slug: str, *topics: Topic, title: str | None = None, days: float = 1, **fields
):
    """A published article whose every text field is NEUTRAL unless given."""
    values = dict.fromkeys(
        ("summary", "found", "for_patients", "for_caregivers", "for_clinicians", "limitations"),
        NEUTRAL,
    )
    values.update(fields)
    published = datetime.now(UTC) - timedelta(days=days)
    return make_article(
        *topics, slug=slug, title=title or NEUTRAL, published_at=published, **values
    )
