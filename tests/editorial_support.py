"""Builders and a log-in helper for the editorial workflow's tests.

Staff are made directly (role, confirmed email and two-step sign-in set); `log_in_staff`
signs one in through the real forms, password then authenticator code.
"""

from models import Article, Topic, User
from services import authoring, editorial
from tests.conftest import csrf_token, login_staff
from tests.factories import make_staff

COMPLETE = {
    "title": "Clemastine may help repair myelin",
    "summary": "A small trial found a hint of repair.",
    "found": "Signals along the optic nerve got faster.",
    "for_patients": "This is an early study. It does not change treatment today.",
    "for_caregivers": "Nothing changes in care yet.",
    "for_clinicians": "Visual evoked potential latency improved modestly.",
    "limitations": "Only fifty people took part.",
    "questions": ["Is it safe?", "Is it available?", "Should I join a trial?"],
    "study_type": "randomized-trial",
    "phase": "2",
    "participants": 50,
    "population": "human",
    "conditions": ["ms"],
    "source_title": "A test study of a remyelinating drug",
    "source_first_author": "Example A",
    "source_journal": "Test Journal",
    "source_year": 2017,
    "source_url": "https://pubmed.ncbi.nlm.nih.gov/12345678/",
    "source_pmid": "12345678",
    "source_doi": "10.1000/xyz123",
}


def make_staff_member(email: str, role: str, name: str | None = None) -> User:
    """A member of staff with a confirmed address and two-step sign-in (flushed)."""
    return make_staff(email, role, name=name or email.partition("@")[0].title())


def values(topic: Topic | None = None, **changes) -> dict:
    """Complete article values as services.authoring takes them."""
    data = {**COMPLETE, "topic_ids": [topic.id] if topic else [], **changes}
    return data


def draft(author: User, topic: Topic | None = None, **changes) -> Article:
    return authoring.save_article(None, values(topic, **changes), author)


def approved(author: User, reviewer: User, topic: Topic, **changes) -> Article:
    article = draft(author, topic, **changes)
    editorial.submit(article, author)
    editorial.approve(article, reviewer)
    return article


def published(author: User, reviewer: User, topic: Topic, at=None, **changes) -> Article:
    article = approved(author, reviewer, topic, **changes)
    editorial.publish(article, reviewer, at)
    return article


def log_in_staff(client, email: str) -> None:
    """Sign a member of staff in: password, then a code from their authenticator."""
    login_staff(client, email)


def step(client, url: str, prefix: str, data: dict | None = None, **kwargs):
    """POST a workflow step's form, whose fields carry the step's prefix."""
    token = csrf_token(client, "/editor/")
    fields = {f"{prefix}-{name}": value for name, value in (data or {}).items()}
    return client.post(url, data={f"{prefix}-csrf_token": token, **fields}, **kwargs)
