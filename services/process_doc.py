"""The documented editorial process (docs/editorial-process.md), as a page for staff."""

from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

PROCESS_FILE = Path(__file__).resolve().parent.parent / "docs" / "editorial-process.md"


@cache
def html() -> Markup:
    """The process document rendered once per process; raw HTML in it is not passed on."""
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Safe: the file is part of the code, and raw HTML in it is escaped by the parser.
    return Markup(parser.render(PROCESS_FILE.read_text(encoding="utf-8")))  # noqa: S704  # nosec B704
