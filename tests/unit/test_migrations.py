"""The migrations build exactly the schema the models describe, and can be undone."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from models import db
from tests.conftest import ROOT, make_app

MIGRATIONS = str(ROOT / "migrations")


# migrations/env.py tries Flask-SQLAlchemy's old get_engine() first, then falls back.
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_upgrade_to_head_matches_the_models_and_downgrade_removes_everything(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn)
            assert compare_metadata(context, db.metadata) == []
        downgrade(directory=MIGRATIONS, revision="base")
        with db.engine.begin() as conn:
            assert set(inspect(conn).get_table_names()) == {"alembic_version"}
            conn.execute(text("DROP TABLE alembic_version"))
        db.engine.dispose()
