"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from models import db
from tests.conftest import ROOT, make_app


def test_upgrade_to_head_matches_the_models_and_downgrades(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        directory = str(ROOT / "migrations")
        try:
            upgrade(directory=directory)
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection)
                assert compare_metadata(context, db.metadata) == []
            downgrade(directory=directory, revision="base")
            with db.engine.connect() as connection:
                tables = db.inspect(connection).get_table_names()
            assert set(tables) <= {"alembic_version"}
        finally:
            db.session.remove()
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.engine.dispose()
