"""The small forms on article cards and topic rows work as the page renders them: their
own hidden CSRF token and `next`, and their action, built once per page for every card."""

from models import SavedArticle
from tests.factories import make_article, make_topic
from tests.pages import cards, main


def submit(client, form):
    """Post a rendered form with exactly its hidden fields, as a browser without JS does."""
    data = {i.attrs["name"]: i.attrs["value"] for i in form.find_all("input", type="hidden")}
    return client.post(form.attrs["action"], data=data)


def test_a_card_save_form_saves_with_its_own_token_and_comes_back(
    client, seed, login_as, count_rows
):
    with seed():
        topic = make_topic("fatigue")
        article = make_article(topic, slug="rest-study")
    user = login_as(follows=[topic])
    card = cards(main(client.get("/?topic=fatigue")))["rest-study"]
    form = card.find("form", cls="save-form")
    assert form.attrs["action"] == "/articles/rest-study/save"
    assert form.attrs["data-unsave-url"] == "/articles/rest-study/unsave"
    response = submit(client, form)
    assert response.status_code == 302
    assert response.headers["Location"] == "/?topic=fatigue"
    assert count_rows(SavedArticle, SavedArticle.user_id == user.id) == 1
    assert article.id


def test_a_topic_row_follow_form_follows_with_its_own_token(client, seed, login_as):
    with seed():
        make_topic("sleep")
    login_as()
    row = main(client.get("/topics")).find("li", id="topic-sleep")
    response = submit(client, row.find("form"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/topics#topic-sleep"
    assert "You follow this" in main(client.get("/topics")).find("li", id="topic-sleep").text


def test_card_links_keep_the_script_root_of_a_site_under_a_path(client, seed):
    with seed():
        make_article(make_topic("fatigue"), slug="rest-study")
    page = main(client.get("/", base_url="http://localhost/plainly"))
    card = cards(page)["rest-study"]
    assert card.find("h2").find("a").attrs["href"] == "/plainly/articles/rest-study"
    assert card.find("a", cls="tag").attrs["href"] == "/plainly/topics/fatigue"


def test_page_links_follow_the_script_root_of_each_request(client, seed):
    """Navigation links and stylesheets are built once per script root, not once for all."""
    for root in ("", "/plainly", ""):
        html = client.get("/", base_url=f"http://localhost{root}").get_data(as_text=True)
        assert f'<link rel="stylesheet" href="{root}/static/css/plainly.css">' in html
        assert f'<a class="brand" href="{root}/">' in html
        assert f'href="{root}/topics"' in html
