"""`flask search reindex` and `flask search synonyms`."""

from models import SearchDocument, db
from tests.factories import make_article, make_topic


def test_reindex_rebuilds_the_index_of_published_articles(app, runner, seed, count_rows):
    with seed():
        topic = make_topic("ebv")
        make_article(topic, title="Virus study")
        make_article(topic, title="Draft study", status="draft")
    with app.app_context():
        db.session.execute(db.delete(SearchDocument))
        db.session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt: 1 published articles." in result.output
    assert count_rows(SearchDocument) == 1


def test_synonyms_prints_the_groups_of_the_shipped_file(runner):
    result = runner.invoke(args=["search", "synonyms"])
    assert result.exit_code == 0, result.output
    assert "ocrevus: ocrelizumab" in result.output


def test_synonyms_reports_a_malformed_group_and_fails(app, runner, tmp_path):
    (tmp_path / "synonyms.toml").write_text('drugs = [["Ocrevus"], ["a", "b"]]', "utf-8")
    app.config["CONTENT_DIR"] = str(tmp_path)
    result = runner.invoke(args=["search", "synonyms"])
    assert result.exit_code == 1
    assert "drugs, group 1: give two or more words" in result.output
    assert "a: b" in result.output
