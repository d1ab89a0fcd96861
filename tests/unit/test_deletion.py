"""Delete my account: nothing that points at the person survives, editorial text does, and
the rules (password, last admin) delete nothing when they refuse."""

import pytest
from sqlalchemy import func, select

from models import Article, ArticleEvent, ContactMessage, Feedback, SavedArticle, User, db
from services import deletion
from services.errors import DomainError
from tests.account_data import NOTE, filled_account
from tests.factories import PASSWORD, make_staff


def columns_pointing_at_users() -> list:
    users = db.Model.metadata.tables["users"]
    return [
        fk.parent
        for table in db.Model.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table is users
    ]


def rows_naming(user_id: int) -> dict[str, int]:
    """How many rows of each column that points at users.id still name `user_id`."""
    found = {}
    for column in columns_pointing_at_users():
        stmt = select(func.count()).select_from(column.table).where(column == user_id)
        found[f"{column.table.name}.{column.name}"] = db.session.scalar(stmt)
    return found


def test_every_column_pointing_at_users_has_a_deletion_rule():
    columns = {f"{c.table.name}.{c.name}" for c in columns_pointing_at_users()}
    assert len(columns) >= 13
    missing = columns - set(deletion.POLICY)
    assert not missing, f"no deletion rule in services/deletion.py POLICY for: {sorted(missing)}"
    assert set(deletion.POLICY) <= columns, "a rule names a column that does not exist"


@pytest.mark.parametrize("staff_role", [None, "editor", "reviewer"])
def test_deleting_leaves_no_row_that_names_the_person(ctx, staff_role):
    gone = filled_account("gone@example.com", staff_role)
    kept = filled_account("kept@example.com", staff_role)
    db.session.commit()
    before = rows_naming(kept.id)
    user = db.session.get(User, gone.id)
    assert deletion.delete_account(user, PASSWORD) == "gone@example.com"
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, gone.id) is None
    left = {name: n for name, n in rows_naming(gone.id).items() if n}
    assert left == {}, f"rows still name the deleted account: {left}"
    assert rows_naming(kept.id) == before
    assert all(before.values()), "the other account should have a row in every table"


def test_editorial_records_keep_their_text_without_the_person(ctx):
    gone = filled_account("reviewer@example.com", "reviewer")
    db.session.commit()
    deletion.delete_account(db.session.get(User, gone.id), PASSWORD)
    db.session.commit()
    article = db.session.scalar(select(Article))
    assert article.author_id is None and article.reviewed_by_id is None
    assert article.reviewed_at is None or article.title
    event = db.session.scalar(select(ArticleEvent))
    assert event.comment == "Checked the doses." and event.actor_id is None
    assert db.session.scalar(select(Feedback.handled_at)) is not None
    assert db.session.scalar(select(ContactMessage.message)) == "Hello"
    assert db.session.scalar(select(func.count()).select_from(SavedArticle)) == 0


def test_a_wrong_password_deletes_nothing(ctx):
    account = filled_account()
    db.session.commit()
    with pytest.raises(DomainError) as raised:
        deletion.delete_account(db.session.get(User, account.id), "not my password")
    assert raised.value.errors == {"password": deletion.WRONG_ANSWER}
    db.session.rollback()
    assert db.session.get(User, account.id) is not None
    assert db.session.scalar(select(SavedArticle.note)) == NOTE


def test_the_last_admin_cannot_delete_their_account(ctx):
    admin = make_staff("admin@example.com", "admin")
    db.session.commit()
    assert deletion.is_last_admin(admin)
    with pytest.raises(DomainError) as raised:
        deletion.delete_account(admin, PASSWORD)
    assert raised.value.errors == {"account": deletion.LAST_ADMIN}
    assert db.session.get(User, admin.id) is not None


def test_an_admin_may_go_when_another_admin_stays(ctx):
    admin = make_staff("admin@example.com", "admin")
    make_staff("second@example.com", "admin")
    db.session.commit()
    assert not deletion.is_last_admin(admin)
    deletion.delete_account(admin, PASSWORD)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_reader_is_never_the_last_admin(ctx):
    reader = make_staff("editor@example.com", "editor")
    assert not deletion.is_last_admin(reader)
