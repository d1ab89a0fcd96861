"""Where topics appear on the topics page: grouped by condition, with a short set to start with.

Staff place each topic in a condition group (models.topic.TOPIC_GROUPS) and choose the few
topics of "New to this? Start here". A starter is listed once, in that set; its group says
where to find it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from models import Topic, db
from models.topic import SHARED, TOPIC_GROUPS
from services import security_log, topic_counts
from services.errors import DomainError

GROUP_MESSAGE = "Choose where the topic is listed."


@dataclass(frozen=True)
class TopicSummary:
    """A topic with how many visible articles it has and when the newest went up."""

    topic: Topic
    articles: int
    newest: datetime | None


@dataclass
class Group:
    """One condition's section: its topics, and its starters (listed in the start-here set)."""

    key: str
    label: str
    topics: list[TopicSummary] = field(default_factory=list)
    starters: list[TopicSummary] = field(default_factory=list)


@dataclass(frozen=True)
class StartPage:
    starters: list[TopicSummary]
    groups: list[Group]


def summaries() -> list[TopicSummary]:
    """Every topic by name, with its visible article count and newest date.

    Topics are read fresh; the counts come from services.topic_counts, counted once per
    change of what they count, so the page costs the same however large the library grows.
    """
    counts = topic_counts.current()
    topics = db.session.scalars(select(Topic).order_by(Topic.name, Topic.id))
    return [TopicSummary(t, *counts.get(t.id, (0, None))) for t in topics]


def start_page() -> StartPage:
    """The topics page: the start-here set, then each condition's group in TOPIC_GROUPS order.

    A group with no topics is left out; one whose only topics are starters stays, so readers
    scanning for their condition still find it.
    """
    groups = {key: Group(key, label) for key, label in TOPIC_GROUPS.items()}
    starters = []
    for row in summaries():
        group = groups.get(row.topic.condition_group) or groups[SHARED]
        (group.starters if row.topic.is_starter else group.topics).append(row)
        if row.topic.is_starter:
            starters.append(row)
    shown = [g for g in groups.values() if g.topics or g.starters]
    return StartPage(starters, shown)


def place(topic: Topic, group: str | None, starter: bool, by_user_id: int | None) -> bool:
    """Put a topic in a condition group and in or out of the start-here set.

    Returns False when nothing changed. Logs `topic.placed` with who changed it.
    """
    if group not in TOPIC_GROUPS:
        raise DomainError({"group": GROUP_MESSAGE})
    if (topic.condition_group, topic.is_starter) == (group, starter):
        return False
    topic.condition_group, topic.is_starter = group, starter
    db.session.flush()
    security_log.record(
        "topic.placed", user_id=by_user_id, topic=topic.slug, group=group, starter=starter
    )
    return True
