"""The saved-list page and the note form, shown by the saved, shares and articles views."""

from flask import render_template, request, session
from flask_login import current_user

from blueprints.forms import NoteForm, ShareForm
from blueprints.navigation import here as current_page
from blueprints.navigation import safe_next, topic_filter
from models import SavedArticle
from services import saves

# A new share link is shown once, on the saved list the share form leads back to.
NEW_SHARE_URL = "new_share_url"


def note_form(
    saved: SavedArticle, *, anchor: str | None = None, here: str | None = None
) -> NoteForm:
    """The note form of one saved article; the prefix keeps field ids unique on the list.

    With `anchor`, the form is shown on a page (`here`, by default the current one) and
    leads back to that spot on it. Without, it is the form being posted (or the note page),
    and reads the request.
    """
    prefix, data = f"note-{saved.id}", {"note": saved.note}
    if anchor is None:
        form = NoteForm(prefix=prefix, data=data)
        if not form.is_submitted():
            form.next.data = safe_next(request.args.get("next")) or ""
        return form
    form = NoteForm(formdata=None, prefix=prefix, data=data)
    form.next.data = f"{here or current_page()}#{anchor}"
    return form


def render_saved_list(share_form: ShareForm | None = None):
    """The saved list page; also re-rendered by the share form when its input is wrong."""
    topic = topic_filter()
    items = saves.saved_list(current_user.id, topic_id=topic and topic.id)
    share_form = share_form or ShareForm(formdata=None)
    page = render_template(
        "saved/index.html",
        items=items,
        topic=topic,
        saved_topics=saves.saved_topics(current_user.id),
        share_form=share_form,
        new_share_url=session.pop(NEW_SHARE_URL, None),
    )
    return page, 422 if share_form.errors else 200
