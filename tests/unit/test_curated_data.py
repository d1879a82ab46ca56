"""The curated dataset in data/ passes every check and holds what the article is about."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.model.load import load_dataset
from dashboard.model.schema import ETHNIC_GROUPS, GROUPS
from tests.conftest import DATA_DIR, REPO_ROOT

ARTICLE = REPO_ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATA_DIR)


def test_validate_command_finds_no_problem(capsys):
    assert main(["validate", str(DATA_DIR)]) == 0, capsys.readouterr().out


def test_every_table_has_rows(curated):
    dataset, problems = curated
    assert problems == []
    empty = [name for name in dataset.table_names if dataset.table(name).empty]
    assert empty == []


def test_the_article_is_a_source_with_a_publication_date(curated):
    dataset, _ = curated
    articles = dataset.sources[dataset.sources["kind"] == "article"]
    assert len(articles) == 1
    assert articles.iloc[0]["published"].startswith("2014")


@pytest.mark.parametrize(
    "actor_id",
    [
        "iran",
        "usa",
        "iraq",
        "syria",
        "iraq_government",
        "isil",
        "john_kerry",
        # the article's whole story: Lebanon, Syria's rebels, the backers, Iraq, Yemen, Afghanistan
        "hezbollah",
        "free_syrian_army",
        "syrian_national_coalition",
        "jabhat_al_nusra",
        "russia",
        "saudi_arabia",
        "kurdistan_regional_government",
        "peshmerga",
        "sahwa",
        "anbar_tribal_fighters",
        "aqap",
        "houthis",
        "taliban",
    ],
)
def test_core_actors_are_present(curated, actor_id):
    dataset, _ = curated
    assert actor_id in set(dataset.actors["actor_id"])


def test_hindsight_is_a_separate_layer(curated):
    dataset, _ = curated
    after = dataset.events[dataset.events["layer"] == "after_publication"]
    published = dataset.sources.loc[dataset.sources["kind"] == "article", "published"].iloc[0]
    assert len(after) > 0
    assert (after["start"] >= published[:7]).all()


def test_the_article_figures_have_reference_figures_beside_them(curated):
    dataset, _ = curated
    figures = dataset.figures.merge(dataset.sources[["source_id", "kind"]], on="source_id")
    article = figures[figures["kind"] == "article"]
    references = figures[figures["kind"] != "article"]
    paired = article.merge(references, on=["subject_id", "metric"])
    assert paired["figure_id_x"].nunique() >= 3


def test_discrepancies_are_recorded(curated):
    dataset, _ = curated
    assert len(dataset.discrepancies) >= 4
    assert set(dataset.discrepancies["table"]) >= {"figures", "events"}


def test_every_actor_is_cited_and_in_a_tie_or_event(curated):
    dataset, _ = curated
    actors = dataset.actors
    assert (actors["claim_ids"].str.len() > 0).all()
    tied = set(dataset.relations["source_actor"]) | set(dataset.relations["target_actor"])
    in_events = {a for cell in dataset.events["actor_ids"] for a in cell.split(";") if a}
    # people and bodies named only for context may stand alone; armed groups and states may not
    loners = actors[
        actors["kind"].isin(["state", "armed_group"]) & ~actors["actor_id"].isin(tied | in_events)
    ]
    assert loners.empty, list(loners["actor_id"])


@pytest.mark.parametrize(
    ("source", "target", "kind", "sign", "start"),
    [
        ("iran", "hezbollah", "supports", 1, "1982"),
        ("hezbollah", "syria_government", "supports", 1, "2013"),
        ("russia", "syria_government", "supports", 1, "2011"),
        ("saudi_arabia", "iran", "hostile", -1, "2011"),
        ("jabhat_al_nusra", "isil", "fights", -1, "2014-01"),
        ("free_syrian_army", "isil", "fights", -1, "2014-01-03"),
        ("usa", "isil", "fights", -1, "2004-04"),
    ],
)
def test_the_story_s_ties_are_recorded(curated, source, target, kind, sign, start):
    dataset, _ = curated
    ties = dataset.relations
    hit = ties[
        (ties["source_actor"] == source)
        & (ties["target_actor"] == target)
        & (ties["kind"] == kind)
        & (ties["start"] == start)
    ]
    assert len(hit) == 1
    assert hit.iloc[0]["sign"] == sign


def test_al_qaeda_and_isil_are_not_allies_after_the_2013_split(curated):
    dataset, _ = curated
    ties = dataset.relations
    pair = ties[
        ties[["source_actor", "target_actor"]].apply(frozenset, axis=1)
        == frozenset({"al_qaeda", "isil"})
    ]
    friendly = pair[pair["sign"] == 1]
    assert (friendly["end"] != "").all()
    assert (friendly["end"] <= "2013-12").all()
    hostile = pair[(pair["sign"] == -1) & (pair["layer"] == "at_publication")]
    assert len(hostile) >= 1


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the seed article is not beside the repository")
def test_article_quotes_are_verbatim(curated):
    dataset, _ = curated
    text = ARTICLE.read_text(encoding="utf-8")
    article_ids = set(dataset.sources.loc[dataset.sources["kind"] == "article", "source_id"])
    quotes = dataset.claims.loc[dataset.claims["source_id"].isin(article_ids), "quote"]
    assert len(quotes) > 10
    missing = [quote for quote in quotes if quote not in text]
    assert missing == []


def test_regions_keep_religion_and_ethnicity_apart(curated):
    dataset, _ = curated
    regions = dataset.regions
    # majority and second_group are religious; Kurds are an ethnicity, recorded apart
    assert not regions[["majority", "second_group"]].isin(["kurdish"]).any().any()
    assert set(regions["majority"]) <= set(GROUPS) | {""}
    assert set(regions["ethnic_majority"]) <= set(ETHNIC_GROUPS) | {""}
    kurdish = regions[regions["ethnic_majority"] == "kurd"]
    assert {"IRQ", "IRN", "TUR"} <= set(kurdish["iso3"])


def test_every_ethnic_make_up_is_cited_and_ordered(curated):
    dataset, _ = curated
    regions = dataset.regions
    known = set(dataset.claims["claim_id"])
    given = regions[regions["ethnic_majority"] != ""]
    assert len(given) >= 10
    for cell in given["ethnic_claim_ids"]:
        assert cell, "an ethnic majority needs its own claims"
        assert set(cell.split(";")) <= known
    low = regions["ethnic_share_low"].replace("", None).astype(float)
    high = regions["ethnic_share_high"].replace("", None).astype(float)
    both = low.notna() & high.notna()
    assert (low[both] <= high[both]).all()
