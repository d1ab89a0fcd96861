"""Reading comfort: text size, line spacing, theme, reduced motion and font.

A signed-in reader's choices are kept on the account (columns of `users`); a visitor's in a
cookie, whose value `to_cookie` writes and `from_cookie` reads back. The cookie comes from
the browser, so every value in it is checked against the choices in models/comfort.py, and
anything unknown falls back to the default: a tampered cookie can only pick a valid choice.
"""

import functools
from dataclasses import asdict, dataclass, replace

from models import User
from models.comfort import CHOICES, DEFAULTS
from services.errors import DomainError

MESSAGES = {
    "text_size": "Choose a text size.",
    "line_spacing": "Choose the space between lines.",
    "theme": "Choose a color theme.",
    "motion": "Choose whether to reduce movement.",
    "font": "Choose a font.",
}
# A longer cookie than any valid one is not read at all.
COOKIE_MAX_LENGTH = 200
_PAIRS, _KEY_VALUE = ".", "="


@dataclass(frozen=True)
class Comfort:
    """One reader's reading-comfort choices, each a key of its dict in models.comfort.CHOICES."""

    text_size: str = DEFAULTS["text_size"]
    line_spacing: str = DEFAULTS["line_spacing"]
    theme: str = DEFAULTS["theme"]
    motion: str = DEFAULTS["motion"]
    font: str = DEFAULTS["font"]

    def values(self) -> dict[str, str]:
        return asdict(self)

    @property
    def is_default(self) -> bool:
        return self == DEFAULT

    @property
    def html_class(self) -> str:
        """The classes on <html> that static/css/plainly.css styles: "text-large theme-dark"."""
        return _html_class(self)


DEFAULT = Comfort()


@functools.cache
def _html_class(comfort: Comfort) -> str:
    """Worked out once per set of choices (every page asks; there are a few hundred sets)."""
    return " ".join(f"{name.replace('_', '-')}-{v}" for name, v in asdict(comfort).items())


def check(**values: str | None) -> Comfort:
    """The choices when every one is known, or DomainError naming each unknown one.

    A setting left out keeps its default; one given as None or "" is missing.
    """
    unknown = set(values) - set(CHOICES)
    if unknown:
        raise TypeError(f"no such reading setting: {', '.join(sorted(unknown))}")
    errors = {name: MESSAGES[name] for name, value in values.items() if value not in CHOICES[name]}
    if errors:
        raise DomainError(errors)
    return Comfort(**values)


def changed(comfort: Comfort, **values: str | None) -> Comfort:
    """`comfort` with some settings changed, checked like `check` (e.g. only the text size)."""
    check(**values)
    return replace(comfort, **values)


def from_cookie(value: str | None) -> Comfort:
    """The choices a visitor's cookie holds: known values kept, anything else the default."""
    if not value or len(value) > COOKIE_MAX_LENGTH:
        return DEFAULT
    found = {}
    for pair in value.split(_PAIRS):
        name, _, choice = pair.partition(_KEY_VALUE)
        if name in CHOICES and choice in CHOICES[name]:
            found[name] = choice
    return Comfort(**found)


def to_cookie(comfort: Comfort) -> str:
    """The cookie value for `comfort`: "text_size=large.line_spacing=normal..." (no quoting
    needed: names and choices are plain words)."""
    return _PAIRS.join(f"{name}{_KEY_VALUE}{value}" for name, value in comfort.values().items())


def of_user(user: User) -> Comfort:
    """The account's choices; a value that is no longer a choice reads as its default."""
    stored = {name: getattr(user, name) for name in CHOICES}
    return Comfort(**{name: v for name, v in stored.items() if v in CHOICES[name]})


def save(user: User, comfort: Comfort) -> list[str]:
    """Keep `comfort` on the account; returns the names of the settings that changed.

    The caller commits.
    """
    before = of_user(user).values()
    for name, value in comfort.values().items():
        setattr(user, name, value)
    return [name for name, value in comfort.values().items() if before[name] != value]
