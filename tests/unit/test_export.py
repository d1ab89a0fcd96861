"""Download my data: every table that points at a person is in the file, and no secret is."""

import csv
import io
import json

import pytest

from models import User, db
from services import export
from tests.account_data import NOTE, WHEN, filled_account
from tests.conftest import count_queries
from tests.factories import make_article, make_reader, read, save


def tables_pointing_at_users() -> set[str]:
    users = db.Model.metadata.tables["users"]
    return {
        table.name
        for table in db.Model.metadata.sorted_tables
        if any(fk.column.table is users for fk in table.foreign_keys)
    }


def test_every_table_that_points_at_users_is_exported():
    pointing = tables_pointing_at_users()
    assert {"saved_articles", "follows", "digests", "recovery_codes"} <= pointing
    covered = export.covered_tables()
    for table in sorted(pointing | {"users"}):
        assert table in covered, (
            f"table {table!r} references users.id but no exporter in services/export.py "
            "reads it: add it to the export"
        )


def test_the_export_holds_every_section_with_the_note(ctx):
    account = filled_account()
    data = json.loads(export.to_json(db.session.get(User, account.id)))
    assert data["format"] == "plainly-data-export" and data["version"] == 1
    assert data["profile"]["email"] == "reader@example.com"
    assert data["profile"]["describes_you"] == "patient"
    [saved] = data["saved_articles"]
    assert saved["note"] == NOTE and saved["link"].endswith(f"/articles/{saved['slug']}")
    assert [f["topic"] for f in data["follows"]] == [data["follows"][0]["topic"]]
    assert data["share_links"] == [
        {
            "created_at": data["share_links"][0]["created_at"],
            "label": "",
            "include_notes": True,
            "expires_at": None,
            "revoked_at": None,
            "last_opened_at": None,
        }
    ]
    assert data["digest_settings"]["frequency"] == "weekly"
    [digest] = data["digests"]
    assert digest["period"] == "2026-W45" and digest["status"] == "sent"
    assert digest["articles"][0]["clicked_at"] == WHEN.isoformat()
    assert [r["slug"] for r in data["articles_read"]] == [saved["slug"]]
    assert data["two_step_sign_in"] == {
        "on": True,
        "turned_on_at": WHEN.isoformat(),
        "recovery_codes_unused": 1,
        "recovery_codes_used_at": [WHEN.isoformat()],
    }


def test_the_export_holds_no_secret(ctx):
    account = filled_account()
    user = db.session.get(User, account.id)
    text = export.to_json(user)
    for secret in (user.password_hash, user.totp_secret, account.share_token, "0" * 64):
        assert secret not in text
    names = set(keys(json.loads(text)))
    assert not {n for n in names if {"token", "hash", "secret"} & set(n.split("_"))}


def keys(value) -> list[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in keys(v)]
    return []


def test_staff_see_their_editorial_work_and_readers_see_none(ctx):
    staff = filled_account("editor@example.com", staff_role="editor")
    data = export.build(db.session.get(User, staff.id))
    work = data["editorial_work"]
    assert len(work["articles_written"]) == len(work["articles_reviewed"]) == 1
    assert work["revisions_saved"] == 1
    assert work["workflow_steps"][0]["comment"] == "Checked the doses."
    assert work["feedback_marked_handled"] == work["contact_messages_marked_handled"] == 1
    assert data["profile"]["staff_role"] == "editor"
    reader = make_reader("other@example.com")
    other = export.build(reader)["editorial_work"]
    assert other["articles_written"] == other["workflow_steps"] == []
    assert "staff_role" not in export.build(reader)["profile"]


def test_the_export_holds_only_the_readers_own_rows(ctx):
    filled_account("someone@example.com")
    reader = make_reader("reader@example.com")
    data = export.build(reader)
    assert data["saved_articles"] == data["follows"] == data["digests"] == []
    assert data["share_links"] == data["articles_read"] == []
    assert NOTE not in export.to_json(reader)


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Mum gets tired by 3pm", "Mum gets tired by 3pm"),
        ("", ""),
        (None, ""),
        (WHEN, WHEN.isoformat()),
    ],
)
def test_csv_cells_never_start_a_formula(cell, safe):
    assert export.safe_cell(cell) == safe


def test_the_csv_lists_saved_articles_with_notes_and_neutralised_formulas(ctx):
    reader = make_reader()
    save(reader, make_article(title="=cmd|' /C calc'!A0"), note="-careful\nsecond line")
    save(reader, make_article(), note=NOTE)
    text = export.saved_csv(reader.id)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == list(export.CSV_HEADER)
    notes = {row[3] for row in rows[1:]}
    assert notes == {"'-careful\nsecond line", NOTE}
    titles = {row[0] for row in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in titles
    assert all(not cell.startswith(export.FORMULA_STARTS) for row in rows for cell in row)


def test_download_names_carry_the_date():
    assert export.filename("data", "json", WHEN.date()) == "plainly-data-2026-11-02.json"


def test_the_export_costs_the_same_queries_however_much_the_reader_has(ctx):
    few = make_reader("few@example.com")
    many = make_reader("many@example.com")
    for reader, n in ((few, 1), (many, 30)):
        for _ in range(n):
            article = make_article()
            save(reader, article, note=NOTE)
            read(reader, article)
    db.session.commit()
    counts = []
    for reader in (few, many):
        with count_queries() as statements:
            export.to_json(reader)
            export.saved_csv(reader.id)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 17  # one per section, flat in how much the reader has
