"""Builders for temporary content folders (topics.toml + articles/*.toml) in tmp_path."""

import json
import shutil
import tomllib
from datetime import date, datetime
from pathlib import Path

from tests.conftest import ROOT

REAL_CONTENT = ROOT / "content"
# What readers read of an article, as the loader returns it.
TEXT_FIELDS = ("title", "summary", "found", "limitations", "for_patients", "for_caregivers",
               "for_clinicians", "questions")  # fmt: skip

TOPICS = [
    {"slug": "ebv", "name": "Epstein-Barr virus", "description": "The virus linked to MS."},
    {"slug": "diet", "name": "Diet and nutrition", "description": "Food and vitamins in MS."},
]


def article_data(slug: str, **overrides) -> dict:
    """A valid article file as a dict; `overrides` replace top-level keys or whole tables."""
    data = {
        "slug": slug,
        "title": f"A plain title for {slug}",
        "published": date(2025, 3, 4),
        "topics": ["ebv"],
        "summary": "One short plain summary.",
        "found": "What was found.\n\nA second paragraph.",
        "limitations": "What it cannot tell us.",
        "questions": ["First question?", "Second question?", "Third question?"],
        "matters": {
            "patients": "For patients.",
            "caregivers": "For caregivers.",
            "clinicians": "For clinicians.",
        },
        "evidence": {"study_type": "observational", "participants": 120, "population": "human"},
        "source": {"journal": "Brain", "year": 2024, "url": "https://pubmed.ncbi.nlm.nih.gov/"},
    }
    data.update(overrides)
    return data


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(data: dict) -> str:
    """Write a dict as TOML: plain keys first, then one [table] per nested dict."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, table in data.items():
        if isinstance(table, dict):
            lines.append(f"\n[{name}]")
            lines.extend(f"{k} = {_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def write_topics(root: Path, topics: list[dict] = TOPICS) -> None:
    root.mkdir(parents=True, exist_ok=True)
    blocks = ["[[topic]]\n" + "\n".join(f"{k} = {_value(v)}" for k, v in t.items()) for t in topics]
    (root / "topics.toml").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def write_article(root: Path, data: dict, file_name: str | None = None) -> Path:
    folder = root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (file_name or f"{data['slug']}.toml")
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def make_content(root: Path, *articles: dict) -> Path:
    """A content folder with the two test topics and the given articles."""
    write_topics(root)
    for data in articles:
        write_article(root, data)
    return root


def copy_real_content(tmp_path: Path) -> Path:
    """A private copy of the project's content/ folder that a test may edit."""
    return Path(shutil.copytree(REAL_CONTENT, tmp_path / "content"))


def real_article_slugs() -> list[str]:
    return sorted(p.stem for p in (REAL_CONTENT / "articles").glob("*.toml"))


def real_topic_slugs() -> list[str]:
    data = tomllib.loads((REAL_CONTENT / "topics.toml").read_text(encoding="utf-8"))
    return sorted(t["slug"] for t in data["topic"])
