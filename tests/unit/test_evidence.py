"""The evidence ladder, the older-study rule, the citation and the disclaimer's team."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from models.article import STUDY_TYPES
from services import evidence

TODAY = datetime(2026, 12, 1, tzinfo=UTC)


def test_every_study_type_has_a_rung_and_every_rung_a_plain_line():
    rungs = {t: evidence.level_of(t).number for t in STUDY_TYPES}
    assert rungs == {
        "review": 6, "meta-analysis": 6, "guideline": 6, "randomized-trial": 5,
        "non-randomized-trial": 4, "observational": 3, "case-series": 2, "case-report": 2,
        "lab-animal": 1, "lab-cells": 1,
    }  # fmt: skip
    assert [lv.number for lv in evidence.LADDER] == [1, 2, 3, 4, 5, 6]
    assert all("cannot" in lv.can_show or "only as good" in lv.can_show for lv in evidence.LADDER)
    assert evidence.level_of("unknown") is None
    assert evidence.level_of("randomized-trial").spoken == (
        "Strength of evidence: 5 of 6, randomized trial"
    )


@pytest.mark.parametrize(
    ("year", "older"), [(2020, True), (2021, False), (2026, False), (None, False)]
)
def test_older_study_means_more_than_five_years(year, older):
    assert evidence.is_older_study(year, TODAY) is older


def study(**kw):
    values = {"source_pmid": None, "source_doi": None, "source_first_author": None,
              "source_title": None, "source_journal": "Neurology", "source_year": 2021,
              "source_url": "", "title": "Plain title"}  # fmt: skip
    return SimpleNamespace(**{**values, **kw})


def test_citation_builds_links_only_from_valid_identifiers():
    good = evidence.citation(study(source_pmid="123", source_doi="10.1212/WNL.1",
                                   source_first_author="Lee"))  # fmt: skip
    assert (good.pubmed_url, good.doi_url, good.search_url) == (
        "https://pubmed.ncbi.nlm.nih.gov/123/", "https://doi.org/10.1212/WNL.1", None
    )  # fmt: skip
    assert good.short == "Lee et al. Neurology, 2021"
    bad = evidence.citation(study(source_pmid="12 3", source_doi="doi:10.1/x"))
    assert (bad.pmid, bad.pubmed_url, bad.doi_url) == (None, None, None)
    assert bad.search_url == "https://pubmed.ncbi.nlm.nih.gov/?term=Plain+title"
    assert bad.short == "Neurology, 2021"


@pytest.mark.parametrize(
    ("conditions", "team"),
    [(None, "MS, NMOSD or MOGAD"), (["other"], "MS, NMOSD or MOGAD"), (["mogad"], "MOGAD"),
     (["ms", "nmosd"], "MS or NMOSD")],
)  # fmt: skip
def test_condition_team(conditions, team):
    assert evidence.condition_team(conditions) == team
