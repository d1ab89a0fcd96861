"""Request bodies: small for every ordinary form, larger only for staff on the editor's pages;
a body over the limit gets the friendly 413 page, never a 500."""

import io

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.test import encode_multipart

from config import FORM_MAX_BYTES, MAX_FORM_PARTS
from tests.conftest import csrf_token

FORM = "application/x-www-form-urlencoded"


def too_large(response) -> bool:
    page = response.get_data(as_text=True)
    return response.status_code == 413 and "That file is too large" in page


def form_body(size: int, token: str = "") -> bytes:
    """A well-formed form post of exactly `size` bytes."""
    head = f"csrf_token={token}&email=reader%40example.com&padding=".encode()
    return head + b"x" * (size - len(head))


@pytest.mark.parametrize("path", ["/reset", "/login", "/signup", "/contact"])
def test_an_ordinary_form_over_64_kb_gets_the_friendly_413_page(client, path):
    token = csrf_token(client)
    response = client.post(path, data=form_body(FORM_MAX_BYTES + 1, token), content_type=FORM)
    assert too_large(response)


def test_a_form_just_under_the_limit_is_read_as_usual(client):
    token = csrf_token(client)
    response = client.post("/reset", data=form_body(FORM_MAX_BYTES, token), content_type=FORM)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)


class Watched(io.BytesIO):
    """A request body that remembers whether the server read any of it."""

    was_read = False

    def read(self, *args):
        self.was_read = True
        return super().read(*args)


def test_a_huge_declared_body_is_refused_before_it_is_read(client):
    body = Watched(b"x" * 1024)  # announced as 100 MB
    response = client.post(
        "/reset",
        input_stream=body,
        content_type=FORM,
        environ_overrides={"CONTENT_LENGTH": str(100 * 1024 * 1024)},
    )
    assert too_large(response)
    assert not body.was_read


def test_a_multipart_form_with_too_many_parts_gets_413(client):
    data = MultiDict([("csrf_token", csrf_token(client))])
    for n in range(MAX_FORM_PARTS + 1):
        data.add(f"f{n}", "x")
    boundary, body = encode_multipart(data)
    response = client.post(
        "/reset", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert too_large(response)


def test_a_signed_in_reader_gets_the_ordinary_limit_everywhere(client, login_as):
    login_as()
    token = csrf_token(client, "/topics")
    for path in ("/saved/share", "/editor/import/", "/editor/articles/new"):
        body = form_body(FORM_MAX_BYTES + 1, token)
        assert too_large(client.post(path, data=body, content_type=FORM)), path


def test_staff_may_send_a_long_article_to_the_editor(client, staff_login):
    staff_login("editor")
    token = csrf_token(client, "/editor/articles/new")
    body = form_body(FORM_MAX_BYTES * 4, token)
    response = client.post("/editor/articles/new", data=body, content_type=FORM)
    assert response.status_code == 422, "read and answered with the form's own messages"
