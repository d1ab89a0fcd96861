"""The appointment sheet: chosen saved articles with finding, limits, note, source, questions."""

import re

from tests.conftest import post
from tests.pages import parse


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


def test_nothing_ticked_is_explained_instead_of_an_empty_sheet(client, reader, items):
    post(client, f"/articles/{items[0].slug}/save")
    response = client.get("/saved/print?chosen=1")
    page = parse(response.get_data(as_text=True))
    assert response.status_code == 422
    assert page.find("title").text.startswith("Error: ")
    summary = page.find(id="error-summary")
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "Nothing is ticked, so the sheet is empty" in summary.text
    assert "printed with no articles ticked" in summary.find("p", cls="print-only").text
    assert page.find_all("article", cls="sheet-item") == []
    assert page.find_all("button", **{"data-print": ""}) == []
    assert page.find_all(id="sheet-name") == []


def test_sheet_has_a_place_for_name_date_and_answers(client, reader, items):
    post(client, f"/articles/{items[0].slug}/save")
    response = client.get("/saved/print")
    page = parse(response.get_data(as_text=True))
    assert response.status_code == 200
    assert not page.find("title").text.startswith("Error")
    fields = page.find("div", cls="sheet-fields")
    labels = {label.attrs["for"]: label.text for label in fields.find_all("label")}
    assert labels == {
        "sheet-name": "Name",
        "sheet-date": "Appointment date",
        "sheet-with": "Seeing (optional)",
    }
    # Nothing typed there is sent anywhere: the boxes belong to no form and have no name.
    assert all("name" not in i.attrs for i in fields.find_all("input"))
    questions = page.find("div", cls="sheet-questions").find_all("li")
    assert len(questions) == 3
    for question in questions:
        lines = question.find("span", cls="answer-lines")
        assert lines.attrs["aria-hidden"] == "true" and len(lines.find_all("span")) == 2


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
