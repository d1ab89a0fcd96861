"""A reader's digest preferences: how often, when, how many articles, pauses, unsubscribe."""

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from models import DigestPreference, db
from models.base import utcnow
from models.digest import DAILY, FREQUENCIES, OFF, WEEKLY

MAX_ARTICLES_RANGE = range(1, 21)
PAUSE_WEEKS = range(1, 9)


class PreferenceError(Exception):
    """A preference was not acceptable; `errors` maps a form field name to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific")  # fmt: skip


@cache
def timezone_names() -> list[str]:
    """City-based IANA names, sorted, for suggestions in the form (any valid name is taken)."""
    return ["UTC", *sorted(n for n in _zone_names() if n.split("/")[0] in _REGIONS)]


def valid_timezone(name: str) -> bool:
    """True for an IANA time zone name such as "Europe/Berlin" that zoneinfo knows."""
    return name in _zone_names()


def zone(name: str | None) -> ZoneInfo:
    """The reader's time zone; UTC until they have named one."""
    return ZoneInfo(name) if name and valid_timezone(name) else ZoneInfo("UTC")


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
    frequency: str,
    weekday: int,
    send_hour: int,
    timezone: str,
    max_articles: int,
) -> DigestPreference:
    """Save new preferences, or change nothing and raise PreferenceError."""
    errors = {}
    if frequency not in FREQUENCIES:
        errors["frequency"] = "Choose how often you would like a digest."
    if weekday not in range(7):
        errors["weekday"] = "Choose a day of the week."
    if send_hour not in range(24):
        errors["send_hour"] = "Choose an hour from 0 to 23."
    timezone = timezone.strip()
    if timezone and not valid_timezone(timezone):
        errors["timezone"] = "We don't know this time zone. Use a name like Europe/London."
    if max_articles not in MAX_ARTICLES_RANGE:
        errors["max_articles"] = "Choose a number from 1 to 20."
    if errors:
        raise PreferenceError(errors)
    pref = get(user_id)
    pref.frequency, pref.weekday, pref.send_hour = frequency, weekday, send_hour
    pref.timezone = timezone or None
    pref.max_articles = max_articles
    return pref


def is_paused(pref: DigestPreference, now: datetime | None = None) -> bool:
    return pref.paused_until is not None and pref.paused_until > (now or utcnow())


def local_pause_end(pref: DigestPreference) -> datetime | None:
    """When the pause ends, in the reader's own time zone."""
    if pref.paused_until is None:
        return None
    return pref.paused_until.astimezone(zone(pref.timezone))


def pause(user_id: int, weeks: int, now: datetime | None = None) -> DigestPreference:
    """Stop digests for 1–8 weeks; the next one covers what the reader has not opened yet."""
    if weeks not in PAUSE_WEEKS:
        raise PreferenceError({"weeks": "Choose a pause from 1 to 8 weeks."})
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


def resubscribe(user_id: int) -> DigestPreference:
    """Turn digests back on (weekly unless the reader had chosen daily) and end any pause."""
    pref = get(user_id)
    if pref.frequency not in (DAILY, WEEKLY):
        pref.frequency = WEEKLY
    resume(user_id)
    return pref
