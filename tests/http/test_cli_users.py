"""`flask users promote|demote|list`: staff roles from the command line."""

import pytest
from sqlalchemy import select

from models import User, db
from tests.factories import make_staff, make_user


@pytest.fixture
def accounts(seed):
    with seed():
        make_user("doc@example.com", role="clinician")
        make_staff("ed@example.com", "editor", two_step=False)


def staff_fields(app, email: str) -> tuple:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user.staff_role, user.display_name, user.credentials


def test_promote_makes_a_reviewer_with_a_byline(app, runner, accounts):
    args = ["users", "promote", "doc@example.com", "--role", "reviewer"]
    args += ["--name", "Dr A. Example", "--credentials", "consultant neurologist"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "doc@example.com is now reviewer (Dr A. Example, consultant neurologist).\n"
    )
    assert staff_fields(app, "doc@example.com") == (
        "reviewer",
        "Dr A. Example",
        "consultant neurologist",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody@example.com", "--role", "editor"], "No account uses the email address"),
        (["doc@example.com", "--role", "boss"], "Choose a staff role: editor, reviewer, admin."),
    ],
)
def test_promote_refuses_an_unknown_email_or_role(app, runner, accounts, args, message):
    result = runner.invoke(args=["users", "promote", *args])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), "no traceback"
    assert message in result.stderr and result.stdout == ""
    assert staff_fields(app, "doc@example.com") == (None, None, None)


def test_promote_needs_a_role(runner, accounts):
    result = runner.invoke(args=["users", "promote", "doc@example.com"])
    assert result.exit_code != 0 and "--role" in result.output


def test_demote_takes_the_role_away(app, runner, accounts):
    result = runner.invoke(args=["users", "demote", "ed@example.com", "--role", "editor"])
    assert result.exit_code == 0 and result.output == "ed@example.com is no longer editor.\n"
    assert staff_fields(app, "ed@example.com")[0] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ed@example.com", "--role", "admin"], "ed@example.com is editor, not admin."),
        (["ed@example.com", "--role", "king"], "Choose a staff role"),
        (["x@example.com", "--role", "editor"], "No account uses the email address x@example.com."),
    ],
)
def test_demote_refuses_what_does_not_fit(app, runner, accounts, args, message):
    result = runner.invoke(args=["users", "demote", *args])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), "no traceback"
    assert message in result.stderr
    assert staff_fields(app, "ed@example.com")[0] == "editor"


def test_list_staff_shows_a_table(runner, seed, accounts):
    with seed():
        make_staff("admin@example.com", "admin", "Sam Admin", "managing editor")
    result = runner.invoke(args=["users", "list", "--staff"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["Email", "Role", "Name", "Credentials", "Two-step"]
    assert lines[2].split() == [
        "admin@example.com",
        "admin",
        "Sam",
        "Admin",
        "managing",
        "editor",
        "on",
    ]
    assert lines[3].split() == ["ed@example.com", "editor", "-", "-", "off"]
    assert len(lines) == 4  # the reader is not staff
    # Columns line up: each column starts at the same place on every line.
    assert lines[2].rindex(" on") + 1 == lines[0].index("Two-step")
    assert lines[3].rindex(" off") + 1 == lines[0].index("Two-step")


def test_list_without_staff_shows_every_account(runner, accounts):
    result = runner.invoke(args=["users", "list"])
    assert [line.split()[:2] for line in result.output.splitlines()[2:]] == [
        ["doc@example.com", "reader"],
        ["ed@example.com", "editor"],
    ]


def test_list_staff_when_there_is_none(runner):
    result = runner.invoke(args=["users", "list", "--staff"])
    assert result.exit_code == 0 and result.output == "No staff yet.\n"


def test_the_commands_explain_themselves(runner):
    result = runner.invoke(args=["users", "promote", "--help"])
    assert "Give the account with EMAIL a staff role." in result.output
    assert "editor, reviewer, admin" in result.output
