"""The signed-in reader's next digest, exactly as `flask digests send` would build it now."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models import User, db
from models.digest import OFF, WEEKLY
from services.digests import settings
from services.digests.message import compose
from services.digests.plan import build
from services.digests.schedule import Candidate

PREVIEW_PERIOD = "preview"


@dataclass
class Preview:
    subject: str
    text: str
    html: str
    count: int
    catch_up: bool


def preview(user_id: int, now: datetime) -> Preview | None:
    """The reader's next digest as it would be sent now, or None when it would be empty."""
    pref = settings.get(user_id)
    email = db.session.scalar(select(User.email).where(User.id == user_id))
    frequency = pref.frequency if pref.frequency != OFF else WEEKLY
    cand = Candidate(
        user_id,
        email,
        frequency,
        PREVIEW_PERIOD,
        pref.max_articles,
        pref.paused_until,
        pref.token_version,
    )
    plan = build([cand], now)
    if not plan.digests:
        return None
    planned = plan.digests[0]
    msg = compose(planned, None, now)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    return Preview(msg["Subject"], text, html, len(planned.articles), planned.catch_up)
