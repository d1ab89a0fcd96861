"""Builders for import files (JSON, CSV, TOML), the members of staff who import them, and
the one way the tests log staff in (through /login, with the password)."""

import csv
import io
import json
from pathlib import Path

from models import Topic
from services.accounts import find_by_email
from tests.conftest import login_staff, post
from tests.content_files import to_toml
from tests.factories import PASSWORD, make_staff, make_topic

DATA = Path(__file__).parent / "data"

CSV_COLUMNS = (
    "slug", "title", "summary", "topics", "conditions", "found", "limitations", "questions",
    "matters.patients", "matters.caregivers", "matters.clinicians",
    "evidence.study_type", "evidence.phase", "evidence.participants", "evidence.population",
    "source.journal", "source.year", "source.url", "source.pmid", "source.doi",
    "source.title", "source.first_author",
)  # fmt: skip


def row(slug: str, **overrides) -> dict:
    """One valid article in the import's nested shape; `overrides` replace keys or tables."""
    data = {
        "slug": slug,
        "title": f"A plain title for {slug}",
        "summary": "One short plain summary.",
        "topics": ["ebv"],
        "conditions": ["ms"],
        "found": "What was **found**.\n\nA second paragraph.",
        "limitations": "What it cannot tell us.",
        "questions": ["First question?", "Second question?", "Third question?"],
        "matters": {
            "patients": "For patients.",
            "caregivers": "For caregivers.",
            "clinicians": "For clinicians.",
        },
        "evidence": {"study_type": "observational", "participants": 120, "population": "human"},
        "source": {
            "journal": "Test Journal",
            "year": 2024,
            "pmid": "12345678",
            "doi": "10.1000/test.1",
            "title": "A test study",
            "first_author": "Tester A",
        },
    }
    data.update(overrides)
    return data


def as_json(*rows: dict, wrapped: bool = False) -> bytes:
    return json.dumps({"articles": list(rows)} if wrapped else list(rows)).encode()


def _flat(data: dict) -> dict[str, str]:
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            flat[key] = value
    return {k: " | ".join(v) if isinstance(v, list) else str(v) for k, v in flat.items()}


def as_csv(*rows: dict) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_flat(r) for r in rows)
    return out.getvalue().encode()


def as_toml(data: dict) -> bytes:
    return to_toml(data).encode()


def topics() -> list[Topic]:
    """The topics the rows name."""
    return [make_topic("ebv", "Epstein-Barr virus"), make_topic("diet", "Diet and nutrition")]


def make_staff_user(email: str = "writer@example.com", staff_role: str | None = "editor"):
    """A confirmed account with a staff role and two-step sign-in (None: a plain reader)."""
    return make_staff(email, staff_role, two_step=staff_role is not None)


def log_in(client, email: str) -> None:
    """Log in through the forms: staff with their authenticator code, readers with only the
    password every test account has."""
    with client.application.app_context():
        two_step = find_by_email(email).has_two_step
    if two_step:
        login_staff(client, email)
        return
    response = post(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, "logging in did not work"
