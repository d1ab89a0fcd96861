"""The editor's pages for browser tests: their data made with the services, and staff sign-in.

`make_editor_pages(app)` creates staff, articles in every state, revisions and feedback in the
live app's database, and returns the address of each editor page type by name.
"""

from sqlalchemy import select

from models import ArticleRevision, Topic, db
from services import authoring, contact, editorial, feedback, glossary
from tests.editorial_support import draft, published, values
from tests.factories import make_staff

ADMIN = "axe.admin@example.com"
WRITER = "axe.writer@example.com"
# Editor page types passing axe as they load, signed in as an admin (see make_editor_pages).
PAGE_NAMES = (
    "dashboard", "articles", "articles-filtered", "new-article", "edit",
    "overview-draft", "overview-in-review", "overview-published", "overview-unpublished",
    "history", "revision", "preview", "glossary", "glossary-new", "glossary-edit",
    "import", "pubmed", "import-format", "feedback", "feedback-article", "messages", "impact",
    "topics", "topic-new", "topic-edit", "staff", "process", "settings", "public-article",
)  # fmt: skip
HARD = (
    "Neuroinflammatory demyelination, characterised histopathologically by perivenular "
    "lymphocytic infiltration and oligodendrocyte degeneration, necessitates longitudinal "
    "immunomodulatory intervention notwithstanding considerable interindividual heterogeneity."
)


def make_editor_pages(app) -> dict[str, str]:
    """Staff, articles, revisions and feedback for every editor page; {name: path}."""
    with app.app_context():
        admin = make_staff(ADMIN, "admin", name="Sam Admin", credentials="consultant neurologist")
        writer = make_staff(WRITER, "editor", name="Alex Writer")
        topic = db.session.scalar(select(Topic).where(Topic.slug == "ebv"))
        hard = draft(writer, topic, title="A hard draft to read", for_patients=HARD)
        changed = values(topic, title=hard.title, for_patients=HARD, summary="A second try.")
        authoring.save_article(hard, changed, writer)
        in_review = draft(writer, topic, title="A summary waiting for review")
        editorial.submit(in_review, writer)
        live = published(writer, admin, topic, title="A published summary with feedback")
        feedback.submit(live.id, False, "The word cohort was new to me.")
        contact.submit("mistake", "The dose looks wrong.", email="sam@example.com", page="/")
        gone = published(writer, admin, topic, title="A summary taken down")
        editorial.unpublish(gone, admin, "The study was retracted.")
        revision = db.session.scalars(
            select(ArticleRevision)
            .where(ArticleRevision.article_id == hard.id)
            .order_by(ArticleRevision.id.desc())
        ).first()
        term = glossary.terms()[0]
        paths = {
            "dashboard": "/editor/",
            "articles": "/editor/articles",
            "articles-filtered": f"/editor/articles?status=draft&topic={topic.id}&q=hard",
            "new-article": "/editor/articles/new",
            "overview-draft": f"/editor/articles/{hard.id}",
            "overview-in-review": f"/editor/articles/{in_review.id}",
            "overview-published": f"/editor/articles/{live.id}",
            "overview-unpublished": f"/editor/articles/{gone.id}",
            "history": f"/editor/articles/{hard.id}/history",
            "revision": f"/editor/articles/{hard.id}/revisions/{revision.id}",
            "preview": f"/editor/articles/{hard.id}/preview",
            "glossary": "/editor/glossary",
            "glossary-new": "/editor/glossary/new",
            "glossary-edit": f"/editor/glossary/{term.id}",
            "import": "/editor/import/",
            "pubmed": "/editor/import/pubmed",
            "import-format": "/editor/import/format",
            "feedback": "/editor/feedback",
            "feedback-article": f"/editor/feedback/articles/{live.slug}",
            "messages": "/editor/messages",
            "impact": "/editor/impact",
            "topics": "/editor/topics",
            "topic-new": "/editor/topics/new",
            "topic-edit": "/editor/topics/ebv",
            "staff": "/editor/staff",
            "process": "/editor/process",
            "settings": "/settings",
            "edit": f"/editor/articles/{hard.id}/edit",
            "public-article": f"/articles/{live.slug}",
            "gone": f"/articles/{gone.slug}",
        }
        db.session.commit()
    assert set(PAGE_NAMES) == set(paths) - {"gone"}
    return paths
