"""Staff roles and permissions in services/staff.py."""

import pytest

from models import StaffRole
from services import staff
from services.errors import DomainError
from tests.factories import make_staff, make_user

pytestmark = pytest.mark.usefixtures("ctx")

# Written out here, not read from services.staff, so a change to the table shows up.
GRANTS = {
    "editor": {staff.STAFF, staff.WRITE},
    "reviewer": {staff.STAFF, staff.REVIEW},
    "admin": {staff.STAFF, staff.WRITE, staff.REVIEW, staff.ADMIN},
}


@pytest.mark.parametrize("role", list(GRANTS))
def test_each_role_grants_exactly_its_permissions(role):
    user = make_staff(role=role)
    granted = {
        p for p in (staff.STAFF, staff.WRITE, staff.REVIEW, staff.ADMIN) if staff.can(user, p)
    }
    assert granted == GRANTS[role]


def test_a_reader_and_nobody_have_no_staff_permission():
    reader = make_user()
    for permission in staff.PERMISSIONS:
        assert not staff.can(reader, permission) and not staff.can(None, permission)


def test_promote_sets_role_name_and_credentials():
    make_user("doc@example.com", role="clinician")
    user = staff.promote(
        " Doc@Example.com ", "reviewer", " Dr  A. Example ", "consultant neurologist"
    )
    assert user.staff_role == StaffRole.REVIEWER and user.role == "clinician"
    assert user.byline == "Dr A. Example, consultant neurologist"
    # A new role replaces the old one; a name not given is kept.
    assert staff.promote("doc@example.com", "admin").byline == user.byline
    assert user.staff_role == "admin"


def test_promote_refuses_unknown_email_and_role_at_once():
    with pytest.raises(DomainError) as caught:
        staff.promote("nobody@example.com", "boss")
    assert caught.value.errors == {
        "email": "No account uses the email address nobody@example.com.",
        "role": "Choose a staff role: editor, reviewer, admin.",
    }


def test_promote_refuses_a_name_that_is_too_long():
    make_user("doc@example.com")
    with pytest.raises(DomainError) as caught:
        staff.promote("doc@example.com", "editor", "x" * 121)
    assert caught.value.errors == {"display_name": "Use at most 120 characters."}
    assert staff.list_staff() == []


def test_demote_takes_that_role_away():
    make_staff("ed@example.com", "editor")
    user = staff.demote("ed@example.com", "editor")
    assert user.staff_role is None and not user.is_staff
    assert staff.list_staff() == []


@pytest.mark.parametrize(
    ("email", "role", "errors"),
    [
        ("ed@example.com", "reviewer", {"role": "ed@example.com is editor, not reviewer."}),
        ("ed@example.com", "chief", {"role": "Choose a staff role: editor, reviewer, admin."}),
        (
            "reader@example.com",
            "editor",
            {"role": "reader@example.com has no staff role, not editor."},
        ),
        ("x@example.com", "editor", {"email": "No account uses the email address x@example.com."}),
    ],
)
def test_demote_refuses_what_does_not_fit(email, role, errors):
    make_staff("ed@example.com", "editor")
    make_user("reader@example.com")
    with pytest.raises(DomainError) as caught:
        staff.demote(email, role)
    assert caught.value.errors == errors


def test_list_staff_puts_admins_first_and_leaves_readers_out():
    make_user("reader@example.com")
    make_staff("b-editor@example.com", "editor")
    make_staff("a-editor@example.com", "editor")
    make_staff("z-admin@example.com", "admin")
    make_staff("m-reviewer@example.com", "reviewer")
    assert [u.email for u in staff.list_staff()] == [
        "z-admin@example.com",
        "m-reviewer@example.com",
        "a-editor@example.com",
        "b-editor@example.com",
    ]
    assert len(staff.list_accounts()) == 5


def test_update_byline_clears_with_empty_values_and_is_for_staff_only():
    user = make_staff(name="Dr A. Example", credentials="neurologist")
    staff.update_byline(user, "  ", "")
    assert (user.display_name, user.credentials, user.byline) == (None, None, "editor")
    with pytest.raises(DomainError) as caught:
        staff.update_byline(user, "n" * 121, "c" * 201)
    assert set(caught.value.errors) == {"display_name", "credentials"}
    with pytest.raises(DomainError):
        staff.update_byline(make_user("reader@example.com"), "Me", None)
