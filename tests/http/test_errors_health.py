"""The friendly error pages (the health checks: test_health.py)."""

import pytest

from models import db
from tests.conftest import make_app, post
from tests.pages import main


@pytest.mark.parametrize("url", ["/no-such-page", "/articles/", "/topics/a/b/c"])
def test_unknown_pages_get_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    body = main(response)
    assert "We can't find that page" in body.text
    assert ("Browse topics", "/topics") in body.links()


@pytest.mark.parametrize(
    ("method", "url"), [("get", "/logout"), ("put", "/signup"), ("delete", "/topics")]
)
def test_wrong_method_gets_a_friendly_405(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "That didn't work" in main(response).text


def test_server_errors_get_a_friendly_page(tmp_path):
    app = make_app(tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    with app.app_context():
        db.create_all()
    try:
        response = app.test_client().get("/boom")
    finally:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
    assert response.status_code == 500
    assert "Something went wrong on our side" in main(response).text
    assert "broken on purpose" not in response.get_data(as_text=True)


@pytest.mark.parametrize("number", ["0", "2147483648", "99999999999999999999"])
def test_ids_no_row_can_have_are_simply_not_found(client, login_as, number):
    login_as()
    assert client.get(f"/saved/{number}/note").status_code == 404
    assert post(client, f"/settings/shares/{number}/revoke").status_code == 404
