"""The staff list at /editor/staff, for admins."""

from tests.factories import make_staff, make_user
from tests.http.test_no_inline_code import INLINE
from tests.pages import page


def test_admins_see_every_member_of_staff_and_no_readers(client, seed, staff_login):
    with seed():
        make_user("reader@example.com")
        make_staff("doc@example.com", "reviewer", "Dr A. Example", "consultant neurologist")
        make_staff("new@example.com", "editor", two_step=False)
    staff_login("admin", name="Sam Admin")
    response = client.get("/editor/staff")
    assert response.status_code == 200
    assert INLINE.search(response.get_data(as_text=True)) is None
    table = page(response).find("table", cls="data-table")
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == [
        "Email address",
        "Role",
        "Name on reviewed pages",
        "Credentials",
        "Two-step sign-in",
    ]
    rows = [
        [cell.text for cell in tr.find_all() if cell.tag in ("th", "td")]
        for tr in table.find("tbody").find_all("tr")
    ]
    assert rows == [
        ["admin@example.com", "Admin", "Sam Admin", "Not set", "On"],
        ["doc@example.com", "Reviewer", "Dr A. Example", "consultant neurologist", "On"],
        ["new@example.com", "Editor", "Not set", "Not set", "Off"],
    ]
