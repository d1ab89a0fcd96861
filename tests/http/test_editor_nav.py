"""The editor's navigation: each staff role sees the areas it may open, and each one opens."""

import pytest

from tests.pages import page

EVERYONE = [
    ("Dashboard", "/editor/"),
    ("Articles", "/editor/articles"),
    ("Reader feedback", "/editor/feedback"),
    ("Messages", "/editor/messages"),
    ("Impact", "/editor/impact"),
    ("How we work", "/editor/process"),
]
WRITING = [
    ("New article", "/editor/articles/new"),
    ("Import", "/editor/import/"),
    ("PubMed record", "/editor/import/pubmed"),
    ("Glossary", "/editor/glossary"),
]
ADMIN = [("Topics", "/editor/topics"), ("Staff", "/editor/staff")]
ORDER = [link for link, _ in EVERYONE[:2] + WRITING + EVERYONE[2:5] + ADMIN + EVERYONE[5:]]
EXPECTED = {
    "editor": EVERYONE + WRITING,
    "reviewer": EVERYONE,
    "admin": EVERYONE + WRITING + ADMIN,
}


def editor_nav(response):
    return page(response).find("nav", **{"aria-label": "Editor"})


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_only_the_areas_it_may_open_and_each_opens(client, staff_login, role):
    staff_login(role)
    links = editor_nav(client.get("/editor/")).links()
    assert sorted(links) == sorted(EXPECTED[role])
    assert [text for text, _ in links] == [t for t in ORDER if t in dict(EXPECTED[role])]
    for text, href in links:
        response = client.get(href)
        assert response.status_code == 200, f"{text} ({href}) answered {response.status_code}"
        current = editor_nav(response).find("a", **{"aria-current": "page"})
        assert (current.text, current.attrs["href"]) == (text, href)


def test_the_nav_is_on_every_editor_page_type(client, staff_login):
    staff_login("admin")
    for path in ["/editor/topics/new", "/editor/import/format", "/editor/glossary/new"]:
        response = client.get(path)
        assert response.status_code == 200
        nav = editor_nav(response)
        assert nav.find_all("a", **{"aria-current": "page"}) == []
        assert ("Dashboard", "/editor/") in nav.links()


def test_staff_see_an_editor_link_in_the_site_header_and_readers_do_not(
    client, staff_login, login_as, auth
):
    staff_login("reviewer")
    header = page(client.get("/")).find("nav", **{"aria-label": "Main"})
    assert ("Editor", "/editor/") in header.links()
    editor_page = page(client.get("/editor/impact")).find("nav", **{"aria-label": "Main"})
    assert editor_page.find("a", **{"aria-current": "true"}).text == "Editor"
    auth.logout()
    login_as("plain.reader@example.com")
    header = page(client.get("/")).find("nav", **{"aria-label": "Main"})
    assert "Editor" not in [text for text, _ in header.links()]
