"""The section sanitizer: hostile Markdown never yields script, handlers, styles or bad links."""

import re
from html.parser import HTMLParser

import pytest

from services.markup import first_block, render

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<body onload="alert(1)">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](  javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    '<https://example.org/" onmouseover="alert(1)>',
    "https://example.org/<script>alert(1)</script>",
    '[x](https://example.org "title" onmouseover=alert(1))',
    '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "[x](https://example.org 'x' style='color:red')",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[x][r]\n\n[r]: https://example.org "onmouseover=alert(1)"',
    "***[x](javascript:alert(1))***",
    "*[x](javascript:alert(1)*)*",
    "[[x](javascript:alert(1))](https://example.org)",
    "[x](https://example.org)[y](javascript:alert(1))",
    "![x](javascript:alert(1))",
    '![x](https://example.org/x.png" onerror="alert(1))',
    "<div>\n<script>alert(1)</script>\n</div>",
    "<!-- <script>alert(1)</script> -->",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<a href="java\u0000script:alert(1)">x</a>',
    "[x](java\u0000script:alert(1))",
    "[x](\u202ejavascript:alert(1))",
    "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "[x](\ufeffjavascript:alert(1))",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<img src=`x` onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "    <script>alert(1)</script>",
    "```\n<script>alert(1)</script>\n```",
    "- <script>alert(1)</script>\n- [x](javascript:alert(1))",
    "1. <img src=x onerror=alert(1)>",
    "**<svg/onload=alert(1)>**",
    "[x](/relative/path)",
    "[x](//evil.example/)",
]

ALLOWED = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
SAFE_HREF = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)


class Tags(HTMLParser):
    """The real elements of some HTML, with their attributes as a browser reads them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("text", VECTORS)
def test_no_vector_gets_through(text):
    html = render(text)
    assert "<script" not in html.lower()
    for tag, attributes in Tags(html).tags:
        assert tag in ALLOWED, html
        assert not [name for name in attributes if name.startswith("on")], html
        assert set(attributes) <= {"href", "rel"}, html  # so no style= either
        if "href" in attributes:
            assert SAFE_HREF.match(attributes["href"]), html
            assert not re.search(r"javascript:|data:|vbscript:", attributes["href"], re.I)


def test_paragraphs_and_line_breaks():
    assert render("One.\n\nTwo  \nlines.") == "<p>One.</p>\n<p>Two<br>\nlines.</p>\n"


def test_bold_and_italic():
    assert render("**bold** and *italic* and _also_") == (
        "<p><strong>bold</strong> and <em>italic</em> and <em>also</em></p>\n"
    )


def test_lists():
    assert render("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    assert render("1. one\n2. two") == "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1", "http://example.org/", "mailto:team@example.org"]
)
def test_allowed_links(url):
    assert render(f"[a link]({url})") == (
        f'<p><a href="{url.replace("&", "&amp;")}" rel="noopener noreferrer">a link</a></p>\n'
    )


def test_link_titles_are_dropped():
    assert render('[x](https://example.org "A title")') == (
        '<p><a href="https://example.org" rel="noopener noreferrer">x</a></p>\n'
    )


def test_raw_html_shows_as_text():
    assert render("<b>hi</b> & <i>there</i>") == (
        "<p>&lt;b&gt;hi&lt;/b&gt; &amp; &lt;i&gt;there&lt;/i&gt;</p>\n"
    )


def test_headings_images_and_code_are_not_part_of_the_subset():
    html = render("# Heading\n\n![alt](https://example.org/x.png)\n\n`code`")
    assert "<h1" not in html and "<img" not in html and "<code" not in html


def test_relative_links_lose_their_target():
    assert render("[x](/articles/a)") == '<p><a rel="noopener noreferrer">x</a></p>\n'


@pytest.mark.parametrize(
    ("markdown", "first"),
    [
        ("One.\n\nTwo.", "<p>One.</p>"),
        ("- a\n- b\n\nThen.", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("Line one\nline **two** [x](https://a.example)\n\nNext.", None),
        ("Only one.", "<p>Only one.</p>"),
        ("", ""),
    ],
)
def test_first_block_is_the_first_paragraph_or_list(markdown, first):
    html = render(markdown)
    block = first_block(html)
    if first is None:
        assert block == html.split("\n<p>Next.")[0]
        assert block.startswith("<p>Line one") and block.endswith("</a></p>")
    else:
        assert block == first
