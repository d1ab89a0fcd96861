"""Pages are valid for assistive technology: element ids are unique, so labels and error
links point at exactly one field."""

import re
from collections import Counter

import pytest

from tests.conftest import post
from tests.factories import make_article, make_topic

ID = re.compile(r'\sid="([^"]+)"')
PAGES = ["/", "/topics", "/topics/ebv", "/saved", "/saved/print", "/settings", "/search?q=study"]


@pytest.fixture
def busy_reader(seed, login_as, client):
    with seed():
        topic = make_topic("ebv")
        slugs = [make_article(topic).slug for _ in range(4)]
    login_as(follows=[topic])
    for slug in slugs[:3]:
        assert post(client, f"/articles/{slug}/save").status_code == 302
    return slugs


@pytest.mark.parametrize("path", PAGES)
def test_no_page_repeats_an_element_id(client, busy_reader, path):
    html = client.get(path).get_data(as_text=True)
    repeated = {k: n for k, n in Counter(ID.findall(html)).items() if n > 1}
    assert repeated == {}


def test_article_page_ids_are_unique(client, busy_reader):
    html = client.get(f"/articles/{busy_reader[0]}").get_data(as_text=True)
    assert [k for k, n in Counter(ID.findall(html)).items() if n > 1] == []
