"""The digest email itself: subject, tracked article links and one-click unsubscribe."""

from datetime import datetime
from email.message import EmailMessage

from models import DigestPreference, User, db
from services import mail, tokens
from services.digests.clicks import DigestLink, click_token
from services.digests.plan import Planned
from services.feed import ListedArticle

OUTDATED, INVALID = "outdated", "invalid"


def unsubscribe_url(user_id: int, version: int, now: datetime | None = None) -> str:
    """The one-click unsubscribe link; `version` is the reader's current token version."""
    token = tokens.make(tokens.UNSUBSCRIBE, {"u": user_id, "l": "digest", "v": version}, now)
    return mail.external_url("digests.unsubscribe", token=token)


def subject(planned: Planned) -> str:
    n = len(planned.articles)
    summaries = "summary" if n == 1 else "summaries"
    if planned.catch_up:
        return f"Your Plainly digest: {n} {summaries} you haven't read yet"
    return f"Your Plainly digest: {n} new {summaries} in your topics"


def compose(planned: Planned, digest_id: int | None, now: datetime) -> EmailMessage:
    """The digest email. Without a digest id (a preview) links go straight to articles."""
    cand = planned.candidate

    def link(a: ListedArticle) -> str:
        if digest_id is None:
            return mail.external_url("articles.show", slug=a.slug)
        token = click_token(DigestLink(cand.user_id, a.id, digest_id))
        return mail.external_url("digests.click", token=token)

    unsubscribe = unsubscribe_url(cand.user_id, cand.token_version, now)
    return mail.build(
        cand.email,
        subject(planned),
        "digest",
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        now=now,
        items=[(a, link(a)) for a in planned.articles],
        catch_up=planned.catch_up,
        frequency=cand.frequency,
        feed_url=mail.external_url("feed.index"),
        settings_url=mail.external_url("settings.index"),
        unsubscribe_url=unsubscribe,
        preview=digest_id is None,
    )


def unsubscribe_user(token: str) -> User | None:
    """The reader an unsubscribe link was made for, or None for a bad link or one whose
    version has moved on (the reader turned digests back on in settings since)."""
    payload = tokens.load(tokens.UNSUBSCRIBE, token)
    user_id, version = tokens.int_field(payload, "u"), tokens.int_field(payload, "v")
    if user_id is None or version is None or payload.get("l") != "digest":
        return None
    pref = db.session.get(DigestPreference, user_id)
    if pref is None or pref.token_version != version:
        return None
    return db.session.get(User, user_id)


def unsubscribe_link_state(token: str) -> str:
    """Why an unsubscribe link does not work: OUTDATED for a genuine link of an older
    version, INVALID for anything else."""
    payload = tokens.load(tokens.UNSUBSCRIBE, token)
    genuine = tokens.int_field(payload, "u") is not None and (payload or {}).get("l") == "digest"
    return OUTDATED if genuine else INVALID
