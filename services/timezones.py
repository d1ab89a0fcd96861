"""IANA time zone names: which ones are real, and a reader's zone."""

from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

UTC_ZONE = ZoneInfo("UTC")
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific")  # fmt: skip


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def timezone_names() -> list[str]:
    """City-based IANA names, sorted, for suggestions in the form (any valid name is taken)."""
    return ["UTC", *sorted(n for n in _zone_names() if n.split("/")[0] in _REGIONS)]


@dataclass(frozen=True)
class Zone:
    """One choice in the time zone list: the IANA name and the place it is named after."""

    name: str
    place: str


@cache
def timezone_groups() -> tuple[tuple[str, tuple[Zone, ...]], ...]:
    """The city-based zones grouped by region ("Europe": Berlin, London, …), for a select.

    A place keeps its sub-region ("Argentina / Buenos Aires"); the regions and places are
    sorted, so typing a city's first letters in the select finds it.
    """
    groups: dict[str, list[Zone]] = {}
    for name in timezone_names()[1:]:
        region, _, rest = name.partition("/")
        groups.setdefault(region, []).append(Zone(name, rest.replace("_", " ").replace("/", " / ")))
    return tuple(
        (region, tuple(sorted(zones, key=lambda z: z.place))) for region, zones in groups.items()
    )


def valid_timezone(name: str) -> bool:
    """True for an IANA time zone name such as "Europe/Berlin" that zoneinfo knows."""
    return name in _zone_names()


def zone(name: str | None) -> ZoneInfo:
    """The reader's time zone; UTC until they have named one."""
    return ZoneInfo(name) if name and valid_timezone(name) else UTC_ZONE
