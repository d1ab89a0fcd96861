"""/editor/import/: upload a file of summaries, or start a draft from a PubMed record."""

import io
import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from blueprints.body_limits import upload_limit
from models import Article
from models.article import DRAFT, PUBLISHED
from services import imports
from tests.conftest import csrf_token
from tests.import_files import (
    DATA,
    as_csv,
    as_json,
    log_in,
    make_staff_user,
    row,
    topics,
)

UPLOAD, PUBMED, GUIDE = "/editor/import/", "/editor/import/pubmed", "/editor/import/format"
EDIT_PATH = re.compile(r"^/editor/articles/(\d+)/edit$")


@pytest.fixture
def writer(client, seed):
    """A logged-in member of staff who writes; the user's id."""
    with seed():
        topics()
        user = make_staff_user()
    log_in(client, "writer@example.com")
    return user.id


def attached(content: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name)


def send(client, url: str, data: dict, token: bool = True):
    """POST a multipart form the way a browser does (the body built in memory: the test
    client would spool a large one to a temporary file that it never closes)."""
    if token:
        data = {"csrf_token": csrf_token(client, url), **data}
    boundary, body = encode_multipart(MultiDict(data))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, name: str, content: bytes, **kw):
    return send(client, UPLOAD, {"file": attached(content, name)}, **kw)


def text(response) -> str:
    return response.get_data(as_text=True)


def slugs(seed) -> dict[str, str]:
    with seed() as session:
        return {a.slug: a.status for a in session.scalars(select(Article))}


def test_the_upload_form_is_a_multipart_form_with_a_schema_link(client, writer):
    page = text(client.get(UPLOAD))
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrf_token"' in page and 'type="file"' in page
    assert f'href="{GUIDE}"' in page


def test_the_format_guide_shows_the_fields(client, writer):
    page = text(client.get(GUIDE))
    assert "<h1>Importing summaries</h1>" in page
    assert "<code>source.pmid</code>" in page


def test_a_good_file_becomes_drafts_with_links_to_them(client, writer, seed):
    response = upload(client, "articles.csv", as_csv(row("one"), row("two")))
    assert response.status_code == 200
    assert "2 created, 0 updated, 0 unchanged, 0 skipped." in text(response)
    with seed() as session:
        ids = {a.slug: a.id for a in session.scalars(select(Article))}
        assert {a.status for a in session.scalars(select(Article))} == {DRAFT}
    for article_id in ids.values():
        assert f'href="/editor/articles/{article_id}/edit"' in text(response)


def test_reimporting_lists_published_articles_as_skipped(client, writer, seed):
    upload(client, "a.json", as_json(row("one")))
    with seed() as session:
        session.scalar(select(Article)).status = PUBLISHED
    response = upload(client, "a.json", as_json(row("one", title="Changed")))
    assert "0 created, 0 updated, 0 unchanged, 1 skipped." in text(response)
    assert "already published, not changed" in text(response)


def test_a_bad_file_lists_every_problem_and_writes_nothing(client, writer, seed):
    bad = {**row("x")["source"], "pmid": "PMID1"}
    data = as_json(row("one"), row("two", source=bad), row("three", topics=["nope"]))
    response = upload(client, "a.json", data)
    assert response.status_code == 422
    assert "Nothing was imported" in text(response)
    assert "row 2: source.pmid: digits only" in text(response)
    assert "row 3: topics: unknown topic &#39;nope&#39;" in text(response)
    assert slugs(seed) == {}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xlsx", b"PK\x03\x04", ".xlsx files can&#39;t be imported"),
        ("a.csv", b"\x89PNG\r\n\x1a\n\xff", "not UTF-8 text"),
        ("a.json", b"not json", "not valid JSON"),
    ],
)
def test_a_file_of_the_wrong_type_is_explained(client, writer, seed, name, content, message):
    response = upload(client, name, content)
    assert response.status_code == 422
    assert message in text(response)
    assert slugs(seed) == {}


def test_a_file_over_five_megabytes_gets_a_clear_message(client, writer, seed):
    response = upload(client, "a.json", b" " * (imports.MAX_BYTES + 1))
    assert response.status_code == 422
    assert "The file is larger than 5 MB" in text(response)


def test_a_body_over_the_upload_limit_gets_the_friendly_413_page(client, writer):
    huge = b" " * upload_limit(imports.MAX_BYTES)
    response = upload(client, "a.json", huge)
    assert response.status_code == 413
    assert "That file is too large" in text(response)


def test_only_staff_may_send_a_large_file_even_to_be_refused(client, login_as):
    login_as()
    response = upload(client, "a.json", b" " * (1024 * 1024))
    assert response.status_code == 413, "the body is refused unread, before the staff check"


def test_no_file_chosen_is_a_field_message(client, writer):
    response = send(client, UPLOAD, {})
    assert response.status_code == 422
    assert "Choose a file to import." in text(response)


def pubmed_xml(name: str = "pubmed_trial.xml") -> str:
    return (DATA / name).read_text(encoding="utf-8")


def created_draft(response, seed) -> Article:
    assert response.status_code == 302
    match = EDIT_PATH.match(response.headers["Location"])
    assert match, response.headers["Location"]
    with seed() as session:
        return session.get(Article, int(match[1]))


def test_a_pasted_pubmed_record_becomes_a_draft_and_opens_the_editor(client, writer, seed):
    draft = created_draft(send(client, PUBMED, {"xml": pubmed_xml()}), seed)
    assert (draft.status, draft.source_pmid, draft.source_year) == (DRAFT, "12345678", 2024)
    assert draft.source_abstract.startswith("Background: Test background sentence.")
    assert (draft.study_type, draft.author_id) == ("randomized-trial", writer)


def test_an_uploaded_pubmed_file_becomes_a_draft(client, writer, seed):
    data = {"file": attached(pubmed_xml("pubmed_review_no_doi.xml").encode(), "r.xml")}
    draft = created_draft(send(client, PUBMED, data), seed)
    assert (draft.source_pmid, draft.source_doi, draft.study_type) == ("87654321", None, "review")


def test_a_record_already_imported_links_to_the_article_instead(client, writer, seed):
    first = created_draft(send(client, PUBMED, {"xml": pubmed_xml()}), seed)
    response = send(client, PUBMED, {"xml": pubmed_xml()})
    assert response.status_code == 200
    assert "already exists" in text(response)
    assert f'href="/editor/articles/{first.id}/edit"' in text(response)
    assert len(slugs(seed)) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hostile_billion_laughs.xml", "declares entities"),
        ("hostile_external_entity.xml", "refers to an outside file or address"),
        ("hostile_foreign_dtd.xml", "document type declaration (DTD) of its own"),
        ("wrong_root.xml", "not a PubMed record"),
        ("malformed.xml", "not well-formed XML"),
    ],
)
def test_hostile_xml_is_refused_with_its_message_and_nothing_is_written(
    client, writer, seed, name, message
):
    for data in (
        {"xml": pubmed_xml(name)},
        {"file": attached(pubmed_xml(name).encode(), name)},
    ):
        response = send(client, PUBMED, data)
        assert response.status_code == 422
        assert message in text(response)
    assert slugs(seed) == {}


def test_a_pubmed_file_over_two_megabytes_is_refused(client, writer, seed):
    data = {"file": attached(b" " * (2 * 1024 * 1024 + 1), "big.xml")}
    response = send(client, PUBMED, data)
    assert response.status_code == 422
    assert "larger than 2 MB" in text(response)


def test_a_pasted_record_larger_than_an_ordinary_form_field_is_read(client, writer):
    padded = pubmed_xml().replace("Test background", "Test background " + "x" * 1024 * 1024)
    response = send(client, PUBMED, {"xml": padded})
    assert response.status_code == 302, "read whole (over MAX_FORM_MEMORY_SIZE), not a 413"


def test_an_empty_pubmed_form_asks_for_a_record(client, writer):
    response = send(client, PUBMED, {"xml": "  "})
    assert response.status_code == 422
    assert "Paste a PubMed record" in text(response)


ROUTES = [("GET", UPLOAD), ("POST", UPLOAD), ("GET", PUBMED), ("POST", PUBMED), ("GET", GUIDE)]


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_visitors_are_sent_to_log_in(client, method, url):
    token = {"csrf_token": csrf_token(client)} if method == "POST" else None
    response = client.open(url, method=method, data=token)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "url"), ROUTES)
@pytest.mark.parametrize("staff_role", [None, "reviewer"])
def test_readers_and_staff_who_do_not_write_get_403(client, seed, method, url, staff_role):
    with seed():
        make_staff_user("other@example.com", staff_role)
    log_in(client, "other@example.com")
    token = {"csrf_token": csrf_token(client, "/")} if method == "POST" else None
    assert client.open(url, method=method, data=token).status_code == 403


@pytest.mark.parametrize("url", [UPLOAD, PUBMED])
def test_a_post_without_csrf_token_is_refused(client, writer, seed, url):
    data = {"file": attached(as_json(row("one")), "a.json"), "xml": pubmed_xml()}
    response = send(client, url, data, token=False)
    assert response.status_code == 400
    assert slugs(seed) == {}


def test_the_pubmed_page_is_a_multipart_form_with_a_labelled_text_area(client, writer):
    page = text(client.get(PUBMED))
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert '<label class="label" for="xml">PubMed record (XML)</label>' in page
    assert '<textarea aria-describedby="xml-hint"' in page
