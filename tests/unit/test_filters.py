"""The sidebar filters: period overlap, hindsight layer, actors, countries, sects."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.evidence import find_claims
from dashboard.analysis.filters import (
    Filters,
    country_names,
    filter_options,
    filtered_dataset,
    kept_columns,
    kept_rows,
    matching_actors,
    matching_events,
    matching_relations,
)
from dashboard.model.load import load_dataset
from tests.unit.conftest import VALID, set_cell, valid_tables, write_dataset


def event_ids(dataset, filters: Filters) -> list[str]:
    events = matching_events(dataset.events, filters, actors=dataset.actors, places=dataset.places)
    return list(events["event_id"])


def relation_ids(dataset, filters: Filters) -> list[str]:
    return list(matching_relations(dataset, filters)["relation_id"])


def test_hindsight_is_hidden_by_default(dataset):
    filters = Filters()
    assert event_ids(dataset, filters) == ["iran_iraq_war", "geneva_deal"]
    assert relation_ids(dataset, filters) == ["iran_iraq_fight", "iran_usa_talks"]
    cut = filtered_dataset(dataset, filters)
    assert list(cut.control_areas["area_id"]) == ["government_baghdad"]


def test_hindsight_can_be_switched_on(dataset):
    filters = Filters(include_after_publication=True)
    assert event_ids(dataset, filters) == ["iran_iraq_war", "geneva_deal", "fall_of_mosul"]
    assert relation_ids(dataset, filters) == ["iran_iraq_fight", "iran_usa_talks", "usa_isil_fight"]
    cut = filtered_dataset(dataset, filters)
    assert list(cut.control_areas["area_id"]) == ["isil_mosul", "government_baghdad"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(1985, 1, 1), date(1990, 12, 31), ["iran_iraq_war"]),  # war began before
        (date(1970, 1, 1), date(1981, 1, 1), ["iran_iraq_war"]),  # war ended after
        (date(1981, 1, 1), date(1982, 1, 1), ["iran_iraq_war"]),  # war spans the period
        (date(1988, 8, 20), date(1990, 1, 1), ["iran_iraq_war"]),  # its last day
        (date(1988, 8, 21), date(2013, 10, 31), []),  # between the two
        (date(1960, 1, 1), date(1980, 9, 21), []),  # the day before it began
        (None, None, ["iran_iraq_war", "geneva_deal"]),
    ],
)
def test_an_event_is_kept_when_it_overlaps_the_period(dataset, start, end, expected):
    assert event_ids(dataset, Filters(start=start, end=end)) == expected


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [
        (date(2013, 11, 20), date(2014, 1, 31), True),  # starts mid-November
        (date(2013, 1, 1), date(2013, 11, 5), True),  # ends early in November
        (date(2013, 12, 1), None, False),
        (None, date(2013, 10, 31), False),
    ],
)
def test_a_moment_known_to_the_month_counts_for_the_whole_month(dataset, start, end, kept):
    assert ("geneva_deal" in event_ids(dataset, Filters(start=start, end=end))) is kept


def test_an_open_tie_runs_on_past_any_period(dataset):
    later = Filters(start=date(2030, 1, 1), end=date(2031, 1, 1))
    assert relation_ids(dataset, later) == ["iran_usa_talks"]
    before = Filters(end=date(2013, 8, 31))
    assert relation_ids(dataset, before) == ["iran_iraq_fight"]


def test_an_ongoing_event_runs_on_past_any_period(dataset_dir):
    set_cell(dataset_dir, "events", "geneva_deal", "end", "ongoing")
    dataset, problems = load_dataset(dataset_dir)
    assert problems == []
    assert event_ids(dataset, Filters(start=date(2030, 1, 1))) == ["geneva_deal"]
    assert event_ids(dataset, Filters(end=date(2013, 10, 31))) == ["iran_iraq_war"]


def test_choosing_an_actor(dataset):
    filters = Filters(actors=("usa",))
    assert list(matching_actors(dataset.actors, filters)["actor_id"]) == ["usa"]
    assert event_ids(dataset, filters) == ["geneva_deal"]
    assert relation_ids(dataset, filters) == ["iran_usa_talks"]
    with_hindsight = Filters(actors=("usa",), include_after_publication=True)
    assert relation_ids(dataset, with_hindsight) == ["iran_usa_talks", "usa_isil_fight"]


def test_choosing_a_country_keeps_events_of_its_actors_and_at_its_places(dataset):
    filters = Filters(countries=("IRQ",), include_after_publication=True)
    assert list(matching_actors(dataset.actors, filters)["actor_id"]) == ["iraq"]
    # The war involves Iraq; Mosul is in Iraq even though its taker has no country.
    assert event_ids(dataset, filters) == ["iran_iraq_war", "fall_of_mosul"]
    assert relation_ids(dataset, filters) == ["iran_iraq_fight"]
    cut = filtered_dataset(dataset, filters)
    assert list(cut.places["place_id"]) == ["baghdad", "mosul"]
    assert list(cut.regions["iso3"]) == ["IRQ"]


@pytest.mark.parametrize(
    ("sects", "actors", "events"),
    [
        (("sunni",), ["isil"], ["fall_of_mosul"]),
        (("secular",), ["iraq", "usa"], ["iran_iraq_war", "geneva_deal"]),
        (("shia", "sunni"), ["iran", "isil"], ["iran_iraq_war", "geneva_deal", "fall_of_mosul"]),
        (("druze",), [], []),
    ],
)
def test_choosing_sects(dataset, sects, actors, events):
    filters = Filters(sects=sects, include_after_publication=True)
    assert list(matching_actors(dataset.actors, filters)["actor_id"]) == actors
    assert event_ids(dataset, filters) == events


def test_the_filtered_dataset_keeps_the_evidence_of_what_it_keeps(dataset):
    cut = filtered_dataset(dataset, Filters(countries=("IRQ",)))
    assert list(cut.events["event_id"]) == ["iran_iraq_war"]
    assert list(cut.figures["figure_id"]) == ["war_deaths_article", "war_deaths_reference"]
    assert list(cut.discrepancies["discrepancy_id"]) == ["war_deaths"]
    assert set(cut.claims["claim_id"]) == {
        "c_ref_iraq",  # the war, Iraq, Baghdad, the control area
        "c_article_war",  # the war and the article's figure
        "c_ref_war_deaths",  # the reference figure and the discrepancy
        "c_later_mosul",  # the place Mosul (places follow the country only)
        "c_census",  # the region of Baghdad
    }
    # Nothing about the US or the Geneva talks is cited any more.
    assert "thesis_alliance" not in set(cut.claims["claim_id"])
    assert "c_news_geneva" not in set(cut.claims["claim_id"])
    assert list(cut.sources["source_id"]) == ["src_article", "src_reference"]


def test_a_discrepancy_goes_with_its_record(dataset):
    cut = filtered_dataset(dataset, Filters(start=date(2000, 1, 1)))
    assert cut.figures.empty  # both figures are about the 1980s war
    assert cut.discrepancies.empty
    assert "c_ref_war_deaths" not in set(cut.claims["claim_id"])
    assert "c_article_war" not in set(cut.claims["claim_id"])


def test_no_filter_keeps_every_at_publication_row(dataset):
    cut = filtered_dataset(dataset, Filters(include_after_publication=True))
    for name in ("actors", "places", "events", "relations", "figures", "discrepancies"):
        assert len(cut.table(name)) == len(VALID[name]), name
    assert set(cut.sources["source_id"]) == {row["source_id"] for row in VALID["sources"]}


# Regression: filtered_dataset once built the cited claims from the kept records but not
# the regions, so a region's own claims vanished and the Evidence page showed none.
def test_a_regions_claims_stay_with_it(dataset):
    cut = filtered_dataset(dataset, Filters())
    assert "IRQ-3241" in set(cut.regions["adm1_code"])
    assert "c_census" in set(cut.claims["claim_id"])


# Regression: control areas once followed only the layer and the period.
def test_control_areas_follow_the_country_filter(dataset):
    cut = filtered_dataset(dataset, Filters(countries=("IRN",), include_after_publication=True))
    assert list(cut.places["place_id"]) == ["tehran"]
    assert list(cut.control_areas["area_id"]) == []  # both areas are in Iraq


def test_filter_options_offer_what_the_data_holds(dataset):
    options = filter_options(dataset)
    assert options.first_day == date(1980, 1, 1)
    assert options.last_day == date(2014, 12, 31)
    assert options.countries == {"IRN": "Iran", "IRQ": "Iraq", "USA": "United States"}
    assert list(options.actors) == ["iran", "iraq", "isil", "usa"]  # sorted by name
    assert options.actors["isil"] == "Islamic State"
    assert options.sects == ("sunni", "shia", "secular")  # in GROUPS order, no "none"


def test_country_names_fall_back_to_a_country_place_then_the_code(tmp_path):
    tables = valid_tables()
    base = tables["places"][0]
    tables["places"] += [
        dict(base, place_id="syria", name="Syria", kind="country", country="SYR", admin1=""),
        dict(base, place_id="beirut", name="Beirut", kind="city", country="LBN", admin1=""),
    ]
    tables["actors"][3]["affiliation"] = "none"
    dataset, problems = load_dataset(write_dataset(tmp_path / "data", tables))
    assert problems == []
    names = country_names(dataset)
    assert names["SYR"] == "Syria"
    assert names["LBN"] == "LBN"
    assert "" not in names  # the transnational actor has no country
    assert list(names.values()) == sorted(names.values())
    assert "none" not in filter_options(dataset).sects


def test_control_areas_follow_the_actor_filter_whatever_the_holders_country(dataset):
    everything = Filters(include_after_publication=True)
    isil = filtered_dataset(dataset, Filters(actors=("isil",), include_after_publication=True))
    assert set(filtered_dataset(dataset, everything).control_areas["area_id"]) == {
        "isil_mosul",
        "government_baghdad",
    }
    assert list(isil.control_areas["area_id"]) == ["isil_mosul"]
    # ISIL has no country of its own; choosing Iraq as well keeps its area in Iraq.
    both = Filters(actors=("isil",), countries=("IRQ",), include_after_publication=True)
    assert list(filtered_dataset(dataset, both).control_areas["area_id"]) == ["isil_mosul"]


def test_narrowed_to_an_actor_the_places_are_where_it_acted(dataset):
    isil = filtered_dataset(dataset, Filters(actors=("isil",), include_after_publication=True))
    assert set(isil.places["place_id"]) == {"mosul"}
    assert len(filtered_dataset(dataset, Filters()).places) == len(dataset.places)


def test_country_names_cover_the_regions_and_prefer_known_names(dataset):
    names = country_names(dataset, known_names={"IRQ": "Republic of Iraq"})
    assert names["IRQ"] == "Republic of Iraq"
    assert set(dataset.regions["iso3"]) <= set(names)


def _cited_by(cut) -> set[str]:
    """Every claim id the cut's records cite, read cell by cell (the slow, plain way)."""
    cited: set[str] = set()
    for name in ("actors", "places", "events", "relations", "figures", "control_areas", "regions"):
        for cell in cut.table(name)["claim_ids"]:
            cited |= {i for i in cell.split(";") if i}
    for cell in cut.discrepancies["reference_claim_ids"]:
        cited |= {i for i in cell.split(";") if i}
    return cited | set(cut.discrepancies["article_claim_id"])


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(include_after_publication=True),
        Filters(countries=("IRQ",)),
        Filters(actors=("isil",), include_after_publication=True),
        Filters(start=date(2013, 1, 1)),
    ],
)
def test_a_cut_keeps_exactly_the_claims_its_records_cite_in_order(dataset, filters):
    # The cut gathers claims by their row positions: the same claims a cell-by-cell reading
    # finds, none more, in the claims table's own order, and their sources with them.
    cut = filtered_dataset(dataset, filters)
    assert set(cut.claims["claim_id"]) == _cited_by(cut) & set(dataset.claims["claim_id"])
    order = list(dataset.claims["claim_id"])
    kept = list(cut.claims["claim_id"])
    assert kept == sorted(kept, key=order.index)
    assert set(cut.sources["source_id"]) >= set(cut.claims["source_id"])


def test_the_sidebar_options_are_worked_out_once_per_dataset(dataset):
    # Every rerun of every page draws the sidebar: the options are kept with the Dataset.
    assert filter_options(dataset) is filter_options(dataset)
    names = {"IRQ": "Iraq (boundaries)"}
    assert filter_options(dataset, known_names=names).countries["IRQ"] == "Iraq (boundaries)"
    assert filter_options(dataset).countries["IRQ"] == "Iraq"


def test_a_discrepancys_article_claim_stays_when_nothing_else_cites_it(tmp_path):
    # The article's words behind a discrepancy are evidence of it even when no record
    # cites them: the Evidence page shows both sides.
    tables = valid_tables()
    only = {**tables["claims"][0], "claim_id": "c_article_only", "quote": "Only here."}
    tables["claims"].append(only)
    tables["discrepancies"][0]["article_claim_id"] = "c_article_only"
    dataset, problems = load_dataset(write_dataset(tmp_path, tables))
    assert not problems
    cut = filtered_dataset(dataset, Filters(include_after_publication=True))
    assert list(cut.discrepancies["discrepancy_id"]) == ["war_deaths"]
    assert "c_article_only" in set(cut.claims["claim_id"])


def test_cutting_a_cut_again_keeps_the_same_records_as_one_cut(dataset):
    # A cut's rows keep the whole table's labels, so they are not positions in the cut:
    # figures, claims and sources must still be found by the records kept.
    later = Filters(include_after_publication=True, start=date(2000, 1, 1))
    wide = filtered_dataset(dataset, later)
    assert not wide.events.index.equals(pd.RangeIndex(len(wide.events)))
    in_iraq = dataclasses.replace(later, countries=("IRQ",))
    wide = filtered_dataset(wide, in_iraq)
    once = filtered_dataset(dataset, in_iraq)
    assert len(once.events) and len(once.claims)
    for name in ("events", "figures", "claims", "sources", "discrepancies"):
        key = once.table(name).columns[0]
        assert list(wide.table(name)[key]) == list(once.table(name)[key]), name


def test_a_cut_copies_its_claims_only_when_read_and_once_for_every_reader(dataset):
    # Most pages never read a cut's claims: a million events' quotes are not copied for
    # them. Sessions share a cached cut: those reading it at once get the same table.
    cut = filtered_dataset(dataset, Filters(countries=("IRQ",)))
    assert "claims" not in vars(cut)
    with ThreadPoolExecutor(max_workers=8) as pool:
        read = list(pool.map(lambda _: cut.claims, range(16)))
    assert all(claims is read[0] for claims in read)
    assert set(read[0]["claim_id"]) == _cited_by(cut) & set(dataset.claims["claim_id"])
    # Narrowing a cut again (as the casualties view does) leaves its claims untaken.
    fresh = filtered_dataset(dataset, Filters(countries=("IRQ",)))
    narrowed = fresh.with_tables(figures=fresh.figures.iloc[:0])
    assert "claims" not in vars(fresh) and "claims" not in vars(narrowed)
    assert narrowed.claims.equals(read[0]) and narrowed.figures.empty
    with pytest.raises(TypeError, match="no table nothing"):
        fresh.with_tables(nothing=fresh.events)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        cut.nothing  # noqa: B018


def test_a_cut_cuts_each_table_only_when_read(dataset):
    # The network reads a cut's ties and actors, the timeline its events: a page pays for
    # the tables it reads, each what it always was, and reading one cuts no other.
    tables = set(dataset.table_names)
    for filters in (Filters(countries=("IRQ",)), Filters(actors=("isil",)), Filters()):
        cut = filtered_dataset(dataset, filters)
        assert not tables & set(vars(cut))
        assert cut.relations.equals(matching_relations(dataset, filters))
        assert tables & set(vars(cut)) == {"relations"}
        about = set(cut.events["event_id"]) | set(cut.actors["actor_id"])
        assert set(cut.figures["subject_id"]) <= about
        assert tables & set(vars(cut)) == {"relations", "events", "actors", "figures"}
        events = matching_events(
            dataset.events, filters, actors=dataset.actors, places=dataset.places
        )
        assert list(cut.events["event_id"]) == list(events["event_id"])
    everything = filtered_dataset(dataset, Filters(include_after_publication=True))
    for name in ("events", "relations", "figures", "claims", "sources", "discrepancies"):
        assert everything.table(name) is dataset.table(name), name  # all kept: no copy


def test_a_cuts_claims_are_found_in_the_whole_table_without_copying_them(dataset):
    # The Evidence page counts and searches a cut's claims, and shows twenty at a time,
    # from where they sit in the whole table: the cut's own claims are never copied.
    for filters in (Filters(countries=("IRQ",)), Filters(actors=("isil",)), Filters()):
        cut = filtered_dataset(dataset, filters)
        table, rows = kept_rows(cut, "claims")
        assert table is dataset.claims
        assert list(find_claims(cut, "").between(3, 9)["claim_id"]) == list(
            table["claim_id"].iloc[rows[3:9]]
        )
        assert "claims" not in vars(cut)
        assert list(table["claim_id"].iloc[rows]) == list(cut.claims["claim_id"])
        found = find_claims(cut, "iran")
        assert len(found) and found.searched == len(cut.claims)
        assert list(found.between()["claim_id"]) == list(
            search_evidence_in(cut.claims, cut.sources, "iran")
        )
    # A copy with its claims replaced answers with those, and so does a whole dataset.
    few = filtered_dataset(dataset, Filters()).with_tables(claims=dataset.claims.iloc[:5])
    assert list(kept_rows(few, "claims")[1]) == [0, 1, 2, 3, 4]
    assert kept_rows(dataset, "claims")[0] is dataset.claims


def test_a_cuts_columns_are_taken_alone_and_read_as_its_table_would(dataset):
    # The Overview, the map and the binned timeline read a few columns of a cut's events:
    # each is taken alone from the whole table, and reads as the cut's own table would.
    columns = ["place_id", "start", "start_date", "layer"]
    for filters in (Filters(countries=("IRQ",)), Filters(actors=("isil",)), Filters()):
        cut = filtered_dataset(dataset, filters)
        narrow = kept_columns(cut, "events", columns)
        assert cut.taken("events") is None  # the cut's events were never copied
        table, rows = kept_rows(cut, "events")
        assert table is dataset.events and len(rows) == len(narrow)
        pd.testing.assert_frame_equal(narrow, cut.events[columns])
        # Once the cut's table is taken, its own columns answer, the same.
        assert cut.taken("events") is not None
        pd.testing.assert_frame_equal(kept_columns(cut, "events", columns), narrow)
        figures, figure_rows = kept_rows(cut, "figures")
        assert list(figures["figure_id"].iloc[figure_rows]) == list(cut.figures["figure_id"])


def search_evidence_in(claims, sources, term: str) -> list[str]:
    """The claim ids whose quote, note or source's title or publisher mentions term, by hand."""
    titles = sources.set_index("source_id")[["title", "publisher"]]
    found = []
    for claim in claims.itertuples():
        source = titles.loc[claim.source_id] if claim.source_id in titles.index else ("", "")
        texts = [claim.quote, claim.note, *source, claim.claim_id, claim.source_id]
        if any(term.lower() in str(text).lower() for text in texts if isinstance(text, str)):
            found.append(claim.claim_id)
    return found


def test_the_first_rows_of_a_table_are_matched_against_the_whole_tables_actor_links(dataset):
    # The sidebar counts hidden after-publication events by matching some rows of the
    # events with the whole table's exploded actors. The first rows (or none) are numbered
    # 0..n-1 like a whole table: a link to a row beyond them must not mark one of them.
    links = dataset.exploded("events", "actor_ids")
    for rows in (0, 1, 2):
        first = dataset.events.iloc[:rows]
        for filters in (Filters(actors=("isil", "usa")), Filters(countries=("IRQ",))):
            shown = dataclasses.replace(filters, include_after_publication=True)
            kept = matching_events(
                first, shown, actors=dataset.actors, places=dataset.places, event_actors=links
            )
            alone = matching_events(first, shown, actors=dataset.actors, places=dataset.places)
            assert list(kept["event_id"]) == list(alone["event_id"]), (rows, filters)


def test_a_cut_keeps_the_events_of_its_actors_as_each_events_own_list_says(dataset):
    # A cut finds an actor's events through the links grouped by actor (links_by_actor),
    # reading only that actor's links: the same events as each row's own actor list.
    actors, places = dataset.actors, dataset.places
    shown = {"include_after_publication": True}
    for filters, wanted, where in (
        (Filters(actors=("isil", "usa"), **shown), {"isil", "usa"}, set()),
        (Filters(actors=("iran", "iran"), **shown), {"iran"}, set()),
        (Filters(actors=("nobody",), **shown), set(), set()),
        (
            Filters(countries=("IRQ", "SYR"), **shown),
            set(actors.loc[actors["country"].isin(["IRQ", "SYR"]), "actor_id"]),
            set(places.loc[places["country"].isin(["IRQ", "SYR"]), "place_id"]),
        ),
    ):
        expected = [
            event.event_id
            for event in dataset.events.itertuples()
            if wanted & set(str(event.actor_ids).split(";")) or event.place_id in where
        ]
        kept = filtered_dataset(dataset, filters).events
        assert list(kept["event_id"]) == expected, filters
        assert expected or filters.actors == ("nobody",)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(countries=("IRQ",)),
        Filters(countries=("SYR",), include_after_publication=True),
        Filters(actors=("usa",)),
        Filters(start=date(2014, 1, 1), end=date(2014, 12, 31)),
        Filters(actors=("nobody",)),
    ],
)
def test_a_cuts_sources_are_those_of_its_figures_and_of_the_claims_it_keeps(dataset, filters):
    cut = filtered_dataset(dataset, filters)
    expected = set(cut.figures["source_id"]) | set(cut.claims["source_id"])
    assert set(cut.sources["source_id"]) == expected
    assert list(cut.sources["source_id"]) == [
        s for s in dataset.sources["source_id"] if s in expected
    ]
