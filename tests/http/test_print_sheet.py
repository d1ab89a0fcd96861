"""The appointment sheet: chosen saved articles with finding, limits, note, source, questions."""

import re

from tests.conftest import post


def saved_ids(client) -> list[str]:
    return re.findall(r'id="saved-(\d+)"', client.get("/saved").get_data(as_text=True))


def test_sheet_has_everything_for_each_article_and_no_navigation(client, reader, items):
    for item in items:
        post(client, f"/articles/{item.slug}/save")
    first = saved_ids(client)[-1]  # the oldest saved: items[0]
    post(client, f"/saved/{first}/note", {f"note-{first}-note": "Ask about side effects <now>."})
    response = client.get("/saved/print")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all(item.title in page for item in items)
    for text in (
        "Key finding",
        "Limitations",
        "Questions to ask",
        "Question one?",
        "Question three?",
    ):
        assert text in page
    assert "Ask about side effects &lt;now&gt;." in page
    assert "Test Journal</cite>, 2024." in page  # the short citation, never a long URL
    assert "https://pubmed.ncbi.nlm.nih.gov/" not in page
    assert 'aria-label="Main"' not in page  # no site navigation
    assert "css/sheet.css" in page
    assert "<script>" not in page and "style=" not in page


def test_only_ticked_articles_go_on_the_sheet(client, reader, items):
    for item in items:
        post(client, f"/articles/{item.slug}/save")
    ids = saved_ids(client)
    page = client.get(f"/saved/print?chosen=1&id={ids[0]}&id=999999&id=junk").get_data(as_text=True)
    sheet = page.split("</section>", 1)[1]
    assert items[2].title in sheet
    assert items[0].title not in sheet and items[1].title not in sheet
    assert f'value="{ids[0]}" id="pick-{ids[0]}" checked' in page
    assert f'value="{ids[1]}" id="pick-{ids[1]}">' in page


def test_nothing_ticked_says_so(client, reader, items):
    post(client, f"/articles/{items[0].slug}/save")
    page = client.get("/saved/print?chosen=1").get_data(as_text=True)
    assert "No articles are ticked" in page


def test_another_readers_ids_print_nothing(client, auth, items):
    auth.signup(email="owner@example.com")
    post(client, f"/articles/{items[0].slug}/save")
    owner_ids = saved_ids(client)
    auth.logout()
    auth.signup(email="other@example.com")
    page = client.get(f"/saved/print?chosen=1&id={owner_ids[0]}").get_data(as_text=True)
    assert items[0].title not in page
    assert "Nothing to print yet" in page


def test_sheet_needs_an_account(client):
    assert client.get("/saved/print").headers["Location"] == "/login?next=/saved/print"
