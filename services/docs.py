"""Project documents in docs/ (the editorial process, the import format) as pages for staff."""

from functools import cache
from pathlib import Path

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

DOCS = Path(__file__).resolve().parent.parent / "docs"
EDITORIAL_PROCESS = DOCS / "editorial-process.md"
IMPORT_FORMAT = DOCS / "import-format.md"

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")


@cache
def html(path: Path) -> Markup:
    """A document rendered once per process; raw HTML in it is escaped, then nh3 cleans."""
    # Safe: the parser escapes raw HTML and nh3 keeps only harmless tags and attributes.
    return Markup(nh3.clean(_parser.render(path.read_text(encoding="utf-8"))))  # noqa: S704  # nosec B704
