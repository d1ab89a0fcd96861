"""The embedded SQLite database's connection settings (app._sqlite_pragmas)."""

from sqlalchemy import create_engine, text

import app  # noqa: F401  (registers the connect listener)


def test_every_sqlite_connection_gets_the_settings(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'plainly.sqlite3'}")
    with engine.connect() as conn:
        pragmas = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("foreign_keys", "busy_timeout", "journal_mode", "synchronous")
        }
    engine.dispose()
    # synchronous 1 is NORMAL: safe in WAL mode, without waiting for the disk per commit.
    assert pragmas == {
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "journal_mode": "wal",
        "synchronous": 1,
    }
