"""The synonyms file (content/synonyms.toml) and how a query is split and widened."""

import os

import pytest

from services import synonyms
from tests.conftest import ROOT

SHIPPED = (ROOT / "content" / "synonyms.toml").read_text("utf-8")


def test_the_shipped_file_reads_without_problems():
    found = synonyms.parse(SHIPPED)
    assert found.problems == []
    pairs = {
        "ocrevus": "ocrelizumab", "tysabri": "natalizumab", "kesimpta": "ofatumumab",
        "soliris": "eculizumab", "ultomiris": "ravulizumab", "uplizna": "inebilizumab",
        "enspryng": "satralizumab", "brain fog": "cognition", "pregnant": "pregnancy",
        "tiredness": "fatigue", "eye test": "oct", "ms": "multiple sclerosis",
    }  # fmt: skip
    for word, other in pairs.items():
        assert other in found.by_phrase[word] and word in found.by_phrase[other]


def test_malformed_groups_are_skipped_and_reported():
    found = synonyms.parse(
        'ok = [["Ocrevus", "ocrelizumab"], ["alone"], ["same", "Same"], [1, "x", "y"], "z"]\n'
        'bad = "x"'
    )
    assert set(found.by_phrase) == {"ocrevus", "ocrelizumab"}
    assert len(found.problems) == 5
    assert synonyms.parse("not toml [").problems


def test_a_word_in_two_groups_stands_for_both():
    found = synonyms.parse('a = [["OCT", "eye scan"], ["OCT", "optical coherence tomography"]]')
    assert found.by_phrase["oct"] == ("oct", "eye scan", "optical coherence tomography")
    assert found.by_phrase["eye scan"] == ("eye scan", "oct")


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"Vitamin D" AND (NOT x*)', ["vitamin", "d", "and", "not", "x"]),
        ("Guillain-Barré 😀 naïve", ["guillain", "barre", "naive"]),
        ("snake_case 100%", ["snake", "case", "100"]),
        ("a" * 41 + " ok", ["ok"]),
    ],
)
def test_words_are_letters_and_digits_without_accents(query, words):
    assert synonyms.words(query) == words


def test_expand_prefers_the_longest_phrase_and_drops_stop_words():
    table = synonyms.parse(
        'a = [["eye test", "OCT"], ["eye", "vision"], ["pins and needles", "tingling"]]'
    )
    groups = synonyms.expand(synonyms.words("the eye test for pins and needles"), table)
    assert groups == [("eye test", "oct"), ("pins and needles", "tingling")]
    assert synonyms.expand(synonyms.words("my eye and the eye"), table) == [("eye", "vision")]


def test_the_file_is_read_again_when_it_changes(app, tmp_path):
    (tmp_path / "synonyms.toml").write_text('a = [["one", "uno"]]', "utf-8")
    app.config["CONTENT_DIR"] = str(tmp_path)
    with app.app_context():
        assert synonyms.current().by_phrase["one"] == ("one", "uno")
        path = tmp_path / "synonyms.toml"
        path.write_text('a = [["one", "eins"]]', "utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        assert synonyms.current().by_phrase["one"] == ("one", "eins")
        path.unlink()
        assert synonyms.current().by_phrase == {}
