"""The editor's navigation: every area, shown only to the staff roles that may open it."""

from flask import current_app

from models import User
from services import staff

# (endpoint, label) in menu order. Each link's permission is the one its view requires.
LINKS: tuple[tuple[str, str], ...] = (
    ("editor.dashboard.index", "Dashboard"),
    ("editor.articles.index", "Articles"),
    ("editor.articles.new", "New article"),
    ("editor.imports.upload", "Import"),
    ("editor.imports.from_pubmed", "PubMed record"),
    ("editor.glossary.index", "Glossary"),
    ("editor.feedback.index", "Reader feedback"),
    ("editor.contact.index", "Messages"),
    ("editor.impact.index", "Impact"),
    ("editor.topics.index", "Topics"),
    ("editor.staff.index", "Staff"),
    ("editor.dashboard.process", "How we work"),
)


def editor_links(user: User | None) -> list[tuple[str, str]]:
    """The (endpoint, label) pairs of the editor areas `user` may open, in menu order."""
    views = current_app.view_functions
    return [(endpoint, label) for endpoint, label in LINKS if may_open(user, views[endpoint])]


def may_open(user: User | None, view) -> bool:
    """True when `user` has the permission `view` was guarded with (blueprints.staff.requires)."""
    return staff.can(user, view.permission)
