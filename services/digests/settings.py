"""A reader's digest preferences: how often, when, how many articles, pauses, unsubscribe.

The ranges and their messages live here once; the settings forms build their choices from
them, and every change is checked here, whoever makes it.
"""

from datetime import datetime, timedelta

from models import DigestPreference, db
from models.base import utcnow
from models.digest import DAILY, FREQUENCIES, OFF, WEEKLY
from services.errors import DomainError
from services.timezones import valid_timezone, zone

WEEKDAYS = range(7)
SEND_HOURS = range(24)
MAX_ARTICLES_RANGE = range(1, 21)
PAUSE_WEEKS = range(1, 9)

MESSAGES = {
    "frequency": "Choose how often you would like a digest.",
    "weekday": "Choose a day for the weekly digest.",
    "send_hour": (
        f"Choose a time to send the digest, from {SEND_HOURS[0]:02d}:00 to {SEND_HOURS[-1]}:00."
    ),
    "timezone": "Choose your time zone from the list, for example Europe/London.",
    "max_articles": (
        "Enter the most articles in one digest: a number from "
        f"{MAX_ARTICLES_RANGE[0]} to {MAX_ARTICLES_RANGE[-1]}."
    ),
    "weeks": f"Choose a pause from {PAUSE_WEEKS[0]} to {PAUSE_WEEKS[-1]} weeks.",
}


def get(user_id: int) -> DigestPreference:
    """The reader's preferences, created with the defaults when missing (not committed)."""
    pref = db.session.get(DigestPreference, user_id)
    if pref is None:
        pref = DigestPreference(user_id=user_id)
        db.session.add(pref)
        db.session.flush()
    return pref


def update(
    user_id: int,
    *,
    frequency: str | None,
    weekday: int | None,
    send_hour: int | None,
    timezone: str | None,
    max_articles: int | None,
) -> DigestPreference:
    """Save new preferences, or change nothing and raise DomainError.

    None stands for a value that could not be read (a word where a number belongs).
    """
    timezone = (timezone or "").strip()
    broken = {
        "frequency": frequency not in FREQUENCIES,
        # Only a weekly digest has a day; for the others the field is ignored, whatever it says.
        "weekday": frequency == WEEKLY and weekday not in WEEKDAYS,
        "send_hour": send_hour not in SEND_HOURS,
        "timezone": bool(timezone) and not valid_timezone(timezone),
        "max_articles": max_articles not in MAX_ARTICLES_RANGE,
    }
    if errors := {name: MESSAGES[name] for name, bad in broken.items() if bad}:
        raise DomainError(errors)
    pref = get(user_id)
    if pref.frequency == OFF and frequency != OFF:
        rotate_token_version(pref)
    pref.frequency, pref.send_hour = frequency, send_hour
    if frequency == WEEKLY:
        pref.weekday = weekday
    pref.timezone = timezone or None
    pref.max_articles = max_articles
    return pref


def rotate_token_version(pref: DigestPreference) -> None:
    """Retire every unsubscribe link sent so far (digests were turned back on in settings)."""
    pref.token_version += 1


def is_paused(pref: DigestPreference, now: datetime | None = None) -> bool:
    return pref.paused_until is not None and pref.paused_until > (now or utcnow())


def local_pause_end(pref: DigestPreference) -> datetime | None:
    """When the pause ends, in the reader's own time zone."""
    if pref.paused_until is None:
        return None
    return pref.paused_until.astimezone(zone(pref.timezone))


def pause(user_id: int, weeks: int | None, now: datetime | None = None) -> DigestPreference:
    """Stop digests for 1–8 weeks; the next one covers what the reader has not opened yet."""
    if weeks not in PAUSE_WEEKS:
        raise DomainError({"weeks": MESSAGES["weeks"]})
    pref = get(user_id)
    pref.paused_until = (now or utcnow()) + timedelta(weeks=weeks)
    return pref


def resume(user_id: int, now: datetime | None = None) -> bool:
    """End a pause now. False when digests were not paused."""
    pref = get(user_id)
    now = now or utcnow()
    if not is_paused(pref, now):
        return False
    # Kept (not cleared) so the next digest knows it follows a pause.
    pref.paused_until = now
    return True


def unsubscribe(user_id: int) -> bool:
    """Turn digests off. False when they were already off."""
    pref = get(user_id)
    if pref.frequency == OFF:
        return False
    pref.frequency = OFF
    return True


def resubscribe(user_id: int) -> bool:
    """Turn digests back on (weekly unless the reader had chosen daily) and end any pause.

    False when digests were already on and not paused.
    """
    pref = get(user_id)
    changed = pref.frequency not in (DAILY, WEEKLY)
    if changed:
        pref.frequency = WEEKLY
    return resume(user_id) or changed
