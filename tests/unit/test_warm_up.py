"""The background warm-up after a large load: it prepares what views keep with the dataset
and changes nothing a reader sees."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData
from dashboard.views.registry import VIEWS, warm_up
from tests.conftest import DATA_DIR


def test_warm_up_leaves_every_view_as_it_was():
    cold, _ = load_dataset(DATA_DIR)
    warm = dataclasses.replace(cold)  # the same tables, a memo of its own
    warm_up(warm)
    for spec in VIEWS.values():
        before = spec.function(ViewData(cold), spec.options(), theme="light")
        after = spec.function(ViewData(warm), spec.options(), theme="light")
        assert (after.title, after.takeaway, after.caveats) == (
            before.title,
            before.takeaway,
            before.caveats,
        ), spec.name
        assert [f.to_json() for f in after.figures.values()] == [
            f.to_json() for f in before.figures.values()
        ], spec.name


def test_warm_up_builds_the_lookups_before_a_reader_asks():
    dataset, _ = load_dataset(DATA_DIR)
    warm_up(dataset)

    def built_again():
        pytest.fail("the warm-up did not build it")

    # Kept with the dataset: the next view takes them instead of building them again.
    assert dataset.derived(("map", "links"), built_again) is not None
    assert len(dataset.derived(("exploded", "events", "actor_ids"), built_again))
