"""The curated dataset in data/ passes every check and holds what the article is about."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.model.load import load_dataset
from tests.conftest import DATA_DIR


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
    "actor_id", ["iran", "usa", "iraq", "syria", "iraq_government", "isil", "john_kerry"]
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
