"""The global filters (period, countries, actors, sects, hindsight) and their application.

Every page obeys the same ``Filters`` value, built once per rerun from the URL and the
sidebar, so a copied link reproduces exactly what the reader saw.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd

from dashboard.model import dates
from dashboard.model.columns import distinct_texts, is_in, is_numbered, split_ids
from dashboard.model.load import Dataset, derived_memo
from dashboard.model.schema import GROUPS, TABLES

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    """What the reader chose to see. Empty selections mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sects: tuple[str, ...] = ()
    include_after_publication: bool = False


def _in_layer(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    if filters.include_after_publication or "layer" not in frame:
        return pd.Series(True, index=frame.index)
    return frame["layer"] == "at_publication"


def _overlaps_period(frame: pd.DataFrame, filters: Filters) -> pd.Series:
    """Rows whose [start_date, end_date] meets the chosen period; open ends run on."""
    keep = pd.Series(True, index=frame.index)
    if filters.end is not None:
        keep &= frame["start_date"] <= pd.Timestamp(filters.end)
    if filters.start is not None:
        keep &= frame["end_date"].isna() | (frame["end_date"] >= pd.Timestamp(filters.start))
    return keep


def matching_actors(actors: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Actors that satisfy the country, actor and sect selections."""
    keep = pd.Series(True, index=actors.index)
    if filters.countries:
        keep &= actors["country"].isin(filters.countries)
    if filters.actors:
        keep &= actors["actor_id"].isin(filters.actors)
    if filters.sects:
        keep &= actors["affiliation"].isin(filters.sects)
    return actors[keep]


ActorLinks = tuple[pd.Index, np.ndarray, np.ndarray]


def links_by_actor(event_actors: pd.Series) -> ActorLinks | None:
    """The events' links to their actors (the exploded actor_ids, categorical) grouped by
    actor: the actor ids (its categories), where each one's links start in the order
    (bounds: one more than the ids), and the links' event labels in that order. None for
    a column that is not categorical.

    Made once per dataset (8 MB for two million links): an actor or a country then reads
    only its own links, where matching every one of two million took 5 ms of every
    filter change.
    """
    if not isinstance(event_actors.dtype, pd.CategoricalDtype):
        return None
    codes = event_actors.cat.codes.to_numpy()
    order = np.argsort(codes, kind="stable")
    ids = event_actors.cat.categories
    # Missing ids (code -1) sort first, before the first actor's bound.
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    labels = event_actors.index.to_numpy()[order]
    if len(labels) and labels.max() < np.iinfo(np.int32).max:
        labels = labels.astype(np.int32)
    return ids, bounds, labels


def dataset_links_by_actor(dataset: Dataset) -> ActorLinks | None:
    """links_by_actor of the dataset's events, made once per dataset (the warm-up makes it
    before the first reader picks an actor or a country)."""
    return dataset.derived(
        ("links by actor",), lambda: links_by_actor(dataset.exploded("events", "actor_ids"))
    )


def _involving(
    events: pd.DataFrame,
    event_actors: pd.Series,
    wanted: pd.Series | tuple[str, ...],
    by_actor: ActorLinks | None = None,
) -> pd.Series:
    """Events with at least one of the wanted actors (event_actors: the exploded actor_ids;
    by_actor: links_by_actor of them, when at hand)."""
    if by_actor is not None:
        ids, bounds, labels = by_actor
        found = np.unique(ids.get_indexer(pd.Index(list(wanted), dtype=object)))
        rows = np.concatenate(
            [np.empty(0, dtype=labels.dtype)]
            + [labels[bounds[at] : bounds[at + 1]] for at in found[found >= 0]]
        )
    else:
        # As arrays: an Index picked by a mask of two million links took 3 ms.
        rows = event_actors.index.to_numpy()[is_in(event_actors, wanted).to_numpy()]
    return pd.Series(_labelled(events, rows), index=events.index)


def _labelled(frame: pd.DataFrame, labels: pd.Index | np.ndarray) -> np.ndarray:
    """A mask of frame's rows, True where the row's label is one of labels.

    A loaded table's labels are its positions: marking them in an array takes a
    millisecond where Index.isin hashed a million labels (20 ms, several times a cut).
    """
    if is_numbered(frame):
        labels = np.asarray(labels, dtype=np.int64)
        return _marked(labels[labels < len(frame)], len(frame))  # others are not frame's
    return frame.index.isin(labels)


def matching_events(
    events: pd.DataFrame,
    filters: Filters,
    *,
    actors: pd.DataFrame,
    places: pd.DataFrame,
    event_actors: pd.Series | None = None,
) -> pd.DataFrame:
    """Events in the period and layer that involve a chosen actor, country or sect.

    event_actors is events' actor_ids exploded (Dataset.exploded), when already at hand.
    """
    keep = matching_event_rows(
        events, filters, actors=actors, places=places, event_actors=event_actors
    )
    return _kept(events, keep)


def matching_event_rows(
    events: pd.DataFrame,
    filters: Filters,
    *,
    actors: pd.DataFrame,
    places: pd.DataFrame,
    event_actors: pd.Series | None = None,
    by_actor: ActorLinks | None = None,
) -> np.ndarray:
    """matching_events as a mask of the events' rows (by_actor: links_by_actor of
    event_actors, when at hand)."""
    keep = _in_layer(events, filters) & _overlaps_period(events, filters)
    if filters.actors or filters.sects or filters.countries:
        if event_actors is None:
            event_actors = split_ids(events["actor_ids"])
        if filters.actors:
            keep &= _involving(events, event_actors, filters.actors, by_actor)
        if filters.sects:
            of_sects = actors.loc[actors["affiliation"].isin(filters.sects), "actor_id"]
            keep &= _involving(events, event_actors, of_sects, by_actor)
        if filters.countries:
            of_countries = actors.loc[actors["country"].isin(filters.countries), "actor_id"]
            in_countries = places.loc[places["country"].isin(filters.countries), "place_id"]
            keep &= _involving(events, event_actors, of_countries, by_actor) | is_in(
                events["place_id"], in_countries
            )
    return keep.to_numpy(dtype=bool)


def _kept(frame: pd.DataFrame, keep: pd.Series | np.ndarray) -> pd.DataFrame:
    """frame[keep], or frame itself when every row is kept (no copy of a million rows)."""
    return frame if keep.all() else frame[keep]


def matching_relations(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The dataset's ties in the period and layer with at least one end among the matching
    actors."""
    return _kept(dataset.relations, _matching_relation_rows(dataset, filters))


def _matching_relation_rows(dataset: Dataset, filters: Filters) -> np.ndarray:
    """matching_relations as a mask of the relations' rows."""
    relations = dataset.relations
    keep = (_in_layer(relations, filters) & _overlaps_period(relations, filters)).to_numpy()
    if filters.countries or filters.actors or filters.sects:
        # Each end as a row of the actors table (worked out once per Dataset): a mask of
        # the matching actors then answers for every tie, with no text matched.
        ends = _labelled(dataset.actors, matching_actors(dataset.actors, filters).index)
        source, target = (
            dataset.linked_rows("relations", end, "actors").to_numpy()
            for end in ("source_actor", "target_actor")
        )
        keep = keep & (_looked_up(ends, source) | _looked_up(ends, target))
    return keep


def _matching_control_areas(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """Control areas in the layer and period, in a chosen country, held by a chosen actor."""
    areas = dataset.control_areas
    areas = areas[_in_layer(areas, filters) & _overlaps_period(areas, filters)]
    if filters.countries and len(areas):
        # An area lies in its region's country (adm1_code starts with ISO3) or its place's.
        place_country = dataset.places.set_index("place_id")["country"]
        area_country = (
            areas["adm1_code"]
            .str[:3]
            .where(areas["adm1_code"] != "", areas["place_id"].map(place_country))
        )
        areas = areas[area_country.isin(filters.countries)]
    if filters.actors or filters.sects:
        # The holder need only be a chosen actor or sect: its own country does not matter
        # (ISIL has none); the area's country was judged above.
        holders = matching_actors(dataset.actors, dataclasses.replace(filters, countries=()))
        areas = areas[areas["controller"].isin(holders["actor_id"])]
    return areas


def cited_claim_rows(
    dataset: Dataset, table: str, column: str, kept: pd.DataFrame | np.ndarray
) -> np.ndarray:
    """The claim rows a column of the kept rows (of the dataset's table, labelled as it
    labels them, or a mask of its rows) cites, -1 for an id no claim has (see
    Dataset.linked_rows)."""
    rows = dataset.linked_rows(table, column, "claims")
    full = dataset.table(table)
    if isinstance(kept, np.ndarray):  # a mask of full's rows
        if is_numbered(full):  # rows.index are positions in full
            return rows.to_numpy()[kept[rows.index.to_numpy()]]
        kept = full[kept]
    if is_numbered(full):  # kept's labels and rows.index are positions in full
        return rows.to_numpy()[_marked(_rows_of(full, kept), len(full))[rows.index.to_numpy()]]
    return rows.to_numpy()[rows.index.isin(kept.index)]


def _rows_of(full: pd.DataFrame, kept: pd.DataFrame) -> np.ndarray:
    """Where kept's rows sit in full, the table they were taken from."""
    if is_numbered(full):  # a loaded table: labels are positions
        return kept.index.to_numpy()
    return full.index.get_indexer(kept.index)


def _marked(rows: np.ndarray, size: int) -> np.ndarray:
    """A mask of size rows, True at each of rows (-1, no such record, marks none)."""
    mask = np.zeros(size, dtype=bool)
    mask[rows[rows >= 0]] = True
    return mask


def _looked_up(mask: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """mask at each of rows; False where a row is -1 (no such record)."""
    found = rows >= 0
    out = np.zeros(len(rows), dtype=bool)
    out[found] = np.take(mask, rows[found])  # take: rows are int32, which [] casts first
    return out


def _about_kept(dataset: Dataset, events: np.ndarray, actors: pd.DataFrame) -> np.ndarray:
    """Which figures are about a kept event (events: a mask of the events' rows) or a kept
    actor."""
    about = np.zeros(len(dataset.figures), dtype=bool)
    actor_rows = _marked(_rows_of(dataset.actors, actors), len(dataset.actors))
    for table, kept in (("events", events), ("actors", actor_rows)):
        subject = dataset.linked_rows("figures", "subject_id", table).to_numpy()
        about |= _looked_up(kept, subject)
    return about


def filtered_dataset(dataset: Dataset, filters: Filters) -> Dataset:
    """The dataset cut down to what the filters let through, evidence included.

    Each table is cut when first read, then kept (see _CutSteps): the network reads only
    the ties, the timeline the events, and a whole cut of a million events took 40-60 ms,
    much of it on tables such a page never reads.
    """
    steps = _CutSteps(dataset, filters)
    cut = dataset.with_tables({name: getattr(steps, name) for name in dataset.table_names})
    cut.derived(_CUT_STEPS, lambda: steps)  # for kept_rows
    return cut


_CUT_STEPS = "how this cut was made"
# The tables whose kept rows a cut's steps mark without copying them, and those steps.
_ROW_STEPS = {
    "events": "event_rows",
    "claims": "claim_rows",
    "figures": "figure_rows",
    "relations": "relation_rows",
}


def kept_rows(dataset: Dataset, table: str) -> tuple[pd.DataFrame, np.ndarray]:
    """The table (events, claims, figures or relations) that dataset's was cut from, and
    where the kept rows sit in it (ascending positions), found without copying them.

    A cut of a million events keeps hundreds of thousands of claims: copying their quotes
    and notes took 0.1-0.2 s of every filter change, yet the Evidence page shows twenty at
    a time; the Overview sums a few columns of the figures, and copying all of them took
    a tenth of its filter change. A dataset that is not a cut (or a copy of one with tables
    replaced) answers with its own table, every row. Worked out once per cut.
    """
    steps = dataset.derived(_CUT_STEPS, lambda: None)
    if steps is None:
        whole = dataset.table(table)
        return whole, np.arange(len(whole))
    rows = dataset.derived(
        ("kept rows", table), lambda: np.flatnonzero(getattr(steps, _ROW_STEPS[table])())
    )
    return steps.full.table(table), rows


def kept_count(dataset: Dataset, table: str) -> int:
    """How many rows of dataset's table (events, claims, figures or relations) are in view,
    counted without copying them (see kept_rows)."""
    return len(kept_rows(dataset, table)[1])


def kept_columns(dataset: Dataset, table: str, columns: list[str]) -> pd.DataFrame:
    """Some columns of dataset's table (events, claims, figures or relations), labelled as
    its rows are: each column taken alone from the table it was cut from, once per cut.

    The Overview, the map and the binned timeline read five or six of the events' fifteen
    columns: copying all of a million events' cut took a seventh of a filter change. A
    table the cut has already taken (or a dataset that is not a cut) gives its own columns.
    """
    taken = dataset.taken(table)
    if taken is not None:
        return taken[columns]
    whole, rows = kept_rows(dataset, table)
    if len(rows) == len(whole):  # every row kept: no copy, as the cut itself does
        return whole[columns]

    # Taken as arrays, labelled once: Series taken with their own labels were aligned to
    # the frame's again, 7 ms for the binned timeline's five columns against 2.4.
    def column(name: str):
        return dataset.derived(("kept column", table, name), lambda: whole[name].array.take(rows))

    labels = dataset.derived(("kept labels", table), lambda: whole.index[rows])
    return pd.DataFrame({name: column(name) for name in columns}, index=labels, copy=False)


def _step(make: Callable[[_CutSteps], T]) -> Callable[[_CutSteps], T]:
    """A step of a cut, made the first time it is asked for and then kept."""
    name = make.__name__

    @functools.wraps(make)
    def once(steps: _CutSteps) -> T:
        # Sessions share a cut: two that ask at once may both make a step (the same
        # result); one is kept.
        return derived_memo(steps, name, lambda: make(steps))

    return once


class _CutSteps:
    """How each table of a cut is made from the whole dataset and the filters, a step at a
    time: a table's step asks for the steps it needs (the places of a period's cut need its
    events), each made once.

    It holds the whole dataset and the filters, never the cut: a cut's copies go with it
    when the cache of cuts lets it go. A copy of the cut with a table replaced
    (Dataset.with_tables) shares these steps, so what it takes later is what the filters
    cut, as if taken at first.
    """

    def __init__(self, full: Dataset, filters: Filters) -> None:
        self.full, self.filters = full, filters

    @_step
    def event_rows(self) -> np.ndarray:
        full = self.full
        return matching_event_rows(
            full.events,
            self.filters,
            actors=full.actors,
            places=full.places,
            event_actors=full.exploded("events", "actor_ids"),
            by_actor=dataset_links_by_actor(full),
        )

    @_step
    def events(self) -> pd.DataFrame:
        return _kept(self.full.events, self.event_rows())

    @_step
    def actors(self) -> pd.DataFrame:
        return matching_actors(self.full.actors, self.filters)

    @_step
    def control_areas(self) -> pd.DataFrame:
        return _matching_control_areas(self.full, self.filters)

    @_step
    def regions(self) -> pd.DataFrame:
        regions = self.full.regions
        if self.filters.countries:
            regions = regions[regions["iso3"].isin(self.filters.countries)]
        return regions

    @_step
    def places(self) -> pd.DataFrame:
        places, filters = self.full.places, self.filters
        if filters.countries:
            places = places[places["country"].isin(filters.countries)]
        if filters.actors or filters.sects or filters.start or filters.end:
            # Narrowed to some actors or a period, a place stays only if something kept
            # happened or was held there: the map shows where the selection acted.
            # Their distinct places only: the events' column is categorical, and joining it
            # to the areas' text turned every kept event's place back into text (20 ms).
            used = pd.concat(
                [
                    distinct_texts(self.full.events["place_id"][self.event_rows()]),
                    distinct_texts(self.control_areas()["place_id"]),
                ]
            )
            places = places[is_in(places["place_id"], used)]
        return places

    @_step
    def relation_rows(self) -> np.ndarray:
        return _matching_relation_rows(self.full, self.filters)

    @_step
    def relations(self) -> pd.DataFrame:
        return _kept(self.full.relations, self.relation_rows())

    @_step
    def figure_rows(self) -> np.ndarray:
        in_layer = _in_layer(self.full.figures, self.filters).to_numpy()
        return in_layer & _about_kept(self.full, self.event_rows(), self.actors())

    @_step
    def figures(self) -> pd.DataFrame:
        return _kept(self.full.figures, self.figure_rows())

    def _kept_rows(self) -> dict[str, pd.DataFrame | np.ndarray]:
        """Each kept table that discrepancies and claims may be about: as a table, or (the
        events, ties and figures, which not every page copies) as a mask of the full
        table's rows."""
        return {
            "actors": self.actors(),
            "places": self.places(),
            "events": self.event_rows(),
            "control_areas": self.control_areas(),
            "relations": self.relation_rows(),
            "figures": self.figure_rows(),
        }

    @_step
    def discrepancies(self) -> pd.DataFrame:
        notes = self.full.discrepancies
        of_kept = pd.Series(False, index=notes.index)
        for name, kept in self._kept_rows().items() if len(notes) else ():
            column = TABLES[name].id_column
            table = self.full.table(name)
            ids = table[column][kept] if isinstance(kept, np.ndarray) else kept[column]
            of_kept |= (notes["table"] == name) & is_in(notes["record_id"], ids)
        return _kept(notes, of_kept)

    @_step
    def cited_claims(self) -> np.ndarray:
        """The claim rows every kept record cites (-1: an id no claim has), repeated."""
        full, discrepancies = self.full, self.discrepancies()
        return np.concatenate(
            [
                *(
                    cited_claim_rows(full, name, "claim_ids", kept)
                    for name, kept in self._kept_rows().items()
                ),
                cited_claim_rows(full, "regions", "claim_ids", self.regions()),
                cited_claim_rows(full, "discrepancies", "reference_claim_ids", discrepancies),
                cited_claim_rows(full, "discrepancies", "article_claim_id", discrepancies),
            ]
        )

    @_step
    def claim_rows(self) -> np.ndarray:
        """A mask of the claims every kept record cites, in the claims' own order."""
        return _marked(self.cited_claims(), len(self.full.claims))

    @_step
    def claims(self) -> pd.DataFrame:
        return _kept(self.full.claims, self.claim_rows())

    @_step
    def sources(self) -> pd.DataFrame:
        """The sources of the kept figures and of the claims the kept records cite."""
        full = self.full
        kept = _marked(
            full.linked_rows("figures", "source_id", "sources").to_numpy()[self.figure_rows()],
            len(full.sources),
        )
        # The claims only when the figures leave a source out: an import's one file is
        # found from its figures, without gathering the claims of a million events (6 ms
        # of every Overview filter change). From the cited claims themselves: a mask of a
        # million claims is not needed here.
        if not kept.all():
            cited = self.cited_claims()
            source_of = full.linked_rows("claims", "source_id", "sources").to_numpy()
            kept |= _marked(source_of[cited[cited >= 0]], len(full.sources))
        return _kept(full.sources, kept)


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar offers: the values present in the data, with readable names."""

    first_day: date
    last_day: date
    countries: dict[str, str]  # ISO3 -> name
    actors: dict[str, str]  # actor_id -> name
    sects: tuple[str, ...]


def filter_options(dataset: Dataset, *, known_names: dict[str, str] | None = None) -> FilterOptions:
    """The choices the data supports: its whole period, countries, actors and sects.

    Worked out once per Dataset (and names): every page draws the sidebar on every rerun,
    and a million events' period alone takes tens of milliseconds to find.
    """
    key = ("filter_options", tuple(sorted((known_names or {}).items())))
    return dataset.derived(key, lambda: _filter_options(dataset, known_names))


def _filter_options(dataset: Dataset, known_names: dict[str, str] | None) -> FilterOptions:
    starts = pd.concat([dataset.events["start_date"], dataset.relations["start_date"]]).dropna()
    ends = pd.concat([dataset.events["end_date"], dataset.relations["end_date"]]).dropna()
    first = starts.min() if len(starts) else pd.Timestamp("1970-01-01")
    last = max(ends.max(), starts.max()) if len(ends) else pd.Timestamp.today()
    return FilterOptions(
        first_day=date(first.year, 1, 1),
        last_day=date(last.year, 12, 31),
        countries=country_names(dataset, known_names=known_names),
        actors=dict(
            sorted(zip(dataset.actors["actor_id"], dataset.actors["name"]), key=lambda kv: kv[1])
        ),
        sects=_groups_in_data(dataset),
    )


def _groups_in_data(dataset: Dataset) -> tuple[str, ...]:
    """Every group the data names: actors' affiliations and regions' majorities.

    A region's group shows on the map, so the filter must offer it even when no actor of
    that group is in the data (Druze, Christian, Jewish regions).
    """
    named = set(dataset.actors["affiliation"])
    for column in ("majority", "second_group"):
        if column in dataset.regions:
            named |= set(dataset.regions[column])
    return tuple(g for g in GROUPS if g in named and g not in ("none", "mixed"))


def country_names(dataset: Dataset, *, known_names: dict[str, str] | None = None) -> dict[str, str]:
    """ISO3 -> name of every country the data mentions (actors, places, regions), by name.

    Names come from known_names (e.g. the boundary files), else the country's state actor,
    else its country-level place, else the code itself. Worked out once per Dataset and
    names: the timeline's lanes and the Overview ask on every filter change.
    """
    key = ("country_names", tuple(sorted((known_names or {}).items())))
    return dataset.derived(key, lambda: _country_names(dataset, known_names))


def _country_names(dataset: Dataset, known_names: dict[str, str] | None) -> dict[str, str]:
    codes = (
        set(dataset.actors["country"])
        | set(dataset.places["country"])
        | set(dataset.regions["iso3"])
    ) - {""}
    places = dataset.places[dataset.places["kind"] == "country"]
    states = dataset.actors[dataset.actors["kind"] == "state"]
    names = {
        **dict(zip(places["country"], places["name"])),
        **dict(zip(states["country"], states["name"])),
        **(known_names or {}),
    }
    return dict(sorted(((code, names.get(code, code)) for code in codes), key=lambda kv: kv[1]))


def hidden_hindsight_events(dataset: Dataset, filters: Filters) -> int:
    """How many after-publication events the other filters would show with hindsight on.

    Counted once per Dataset and filters: the caption above every page asks on every rerun.
    """
    if filters.include_after_publication:
        return 0
    return dataset.derived(("hidden_hindsight", filters), lambda: _hidden(dataset, filters))


def _hidden(dataset: Dataset, filters: Filters) -> int:
    later = dataset.derived(  # their rows: a few of the curated events, none of an import's
        ("after_publication",),
        lambda: np.flatnonzero((dataset.events["layer"] == "after_publication").to_numpy()),
    )
    if not len(later):  # matching would search every event for none
        return 0
    shown = dataclasses.replace(filters, include_after_publication=True)
    return len(
        matching_events(
            dataset.events.iloc[later],
            shown,
            actors=dataset.actors,
            places=dataset.places,
            event_actors=dataset.exploded("events", "actor_ids"),
        )
    )


def describe_filters(filters: Filters, names: dict[str, str]) -> str:
    """The active filters in one line, so a screenshot explains itself.

    names maps country codes, actor ids and sect ids to what a reader calls them.
    """

    def listed(values: tuple[str, ...], everything: str) -> str:
        return ", ".join(names.get(v, v) for v in values) if values else everything

    start = filters.start.strftime("%b %Y") if filters.start else "the start"
    end = filters.end.strftime("%b %Y") if filters.end else "the end"
    period = "all dates" if not (filters.start or filters.end) else f"{start} – {end}"
    parts = [
        listed(filters.countries, "all countries"),
        listed(filters.actors, "all actors"),
        listed(filters.sects, "all sects"),
        period,
        "with hindsight" if filters.include_after_publication else "as at publication",
    ]
    return "Showing " + " · ".join(parts)


def period_presets(dataset: Dataset, first: date, last: date) -> dict[str, tuple[date, date]]:
    """Named periods a reader asks for often: the article's story, the war it was written
    in (2011 to the article), and everything."""
    presets: dict[str, tuple[date, date]] = {}
    published = dataset.sources.loc[dataset.sources["kind"] == "article", "published"]
    if len(published) and published.iloc[0]:
        end = dates.latest(published.iloc[0]).date()
        story = dataset.events.loc[dataset.events["layer"] == "at_publication", "start_date"]
        if len(story.dropna()):
            presets["The article's story"] = (max(story.min().date(), first), min(end, last))
        presets["2011 to the article"] = (max(date(2011, 1, 1), first), min(end, last))
    presets["Everything"] = (first, last)
    return presets
