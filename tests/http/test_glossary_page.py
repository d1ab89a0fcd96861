"""The public glossary: every term A to Z with an anchor, and a term's own address."""

import re

from models import GlossaryTerm, db
from tests.conftest import count_queries


def add_terms(seed, *rows):
    with seed():
        for slug, term, definition, sample in rows:
            db.session.add(
                GlossaryTerm(slug=slug, term=term, definition=definition, is_sample=sample)
            )


def test_terms_are_listed_alphabetically_with_anchors_and_a_letter_index(client, seed):
    add_terms(
        seed,
        ("relapse", "relapse", "A new or worse episode of symptoms.", True),
        ("b-cell", "B cell", "A white blood cell that makes antibodies.", True),
        ("aqp4", "AQP4", "A water channel protein.", True),
    )
    response = client.get("/glossary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    entries = re.findall(r'class="glossary-entry" id="([^"]+)"', html)
    assert entries == ["aqp4", "b-cell", "relapse"]
    assert "A white blood cell that makes antibodies." in html
    assert re.findall(r'<a href="#letter-(\w)">', html) == ["a", "b", "r"]
    assert '<span class="letter-empty" aria-hidden="true">C</span>' in html
    assert 'id="letter-b"' in html
    assert "These definitions are sample content" in html


def test_a_staff_written_term_is_not_labelled_sample(client, seed):
    add_terms(
        seed,
        ("lesion", "lesion", "An area of damage.", True),
        ("myelin", "myelin", "The coating of nerve fibres.", False),
    )
    html = client.get("/glossary").get_data(as_text=True)
    lesion, myelin = html.split('id="lesion"')[1], html.split('id="myelin"')[1]
    assert "Sample content" in lesion.split("</dt>")[0]
    assert "Sample content" not in myelin.split("</dt>")[0]


def test_definitions_are_shown_as_text(client, seed):
    add_terms(seed, ("x", "x", '<script>alert("x")</script>', False))
    html = client.get("/glossary").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_an_empty_glossary_says_so(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert "There are no words in the glossary yet." in html


def test_a_term_address_redirects_to_its_entry(client, seed):
    add_terms(seed, ("b-cell", "B cell", "A white blood cell.", True))
    response = client.get("/glossary/b-cell")
    assert response.status_code == 301
    assert response.headers["Location"] == "/glossary#b-cell"


def test_an_unknown_term_is_not_found(client):
    response = client.get("/glossary/no-such-word")
    assert response.status_code == 404
    assert "We can&#39;t find that page" in response.get_data(as_text=True)


def test_every_page_links_to_the_glossary(client):
    assert 'href="/glossary"' in client.get("/topics").get_data(as_text=True)


def test_the_page_runs_one_statement_for_5_or_50_terms(app, client, seed):
    with app.app_context():
        engine = db.engine
    counts = []
    for n in (5, 50):
        add_terms(seed, *((f"w{n}-{i}", f"word {n} {i}", "A meaning.", True) for i in range(n)))
        with count_queries(engine) as statements:
            assert client.get("/glossary").status_code == 200
        counts.append(len(statements))
    assert counts == [1, 1]


def test_the_real_glossary_page_repeats_no_element_id(runner, client):
    assert runner.invoke(args=["content", "load"]).exit_code == 0
    html = client.get("/glossary").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) > 40
    assert len(ids) == len(set(ids))
