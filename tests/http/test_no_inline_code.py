"""Pages carry no inline scripts, styles or event handlers, ready for a strict CSP."""

import re

from tests.conftest import post
from tests.factories import confirm_signed_in

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=|javascript:", re.I)
SCRIPT = re.compile(r'<script src="/static/js/plainly\.js" defer></script>')


def assert_no_inline_code(client, urls) -> None:
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        assert INLINE.search(page) is None, (url, INLINE.search(page))
        assert len(SCRIPT.findall(page)) == 1, url


def test_visitor_pages_have_no_inline_code(client, items):
    pages = ["/", "/topics", "/topics/ebv", f"/articles/{items[0].slug}", "/search?q=study"]
    assert_no_inline_code(client, [*pages, "/login", "/signup", "/reset", "/no-such-page"])


def test_reader_pages_have_no_inline_code(client, reader, items):
    post(client, "/topics/ebv/follow")
    post(client, f"/articles/{items[0].slug}/save")
    confirm_signed_in(client)
    post(client, "/saved/share", {"expires": "7"})
    saved_page = client.get("/saved").get_data(as_text=True)
    share = re.search(r'value="http://127\.0\.0\.1:5000(/shared/[^"]+)"', saved_page)[1]
    saved_id = re.search(r'id="saved-(\d+)"', saved_page)[1]
    urls = [
        "/",
        "/topics",
        "/topics/ebv",
        f"/articles/{items[0].slug}",
        "/saved",
        "/saved/print",
        f"/saved/{saved_id}/note",
        "/settings",
        "/digest/preview",
        share,
    ]
    assert_no_inline_code(client, urls)
