"""The fault-lines map view: regions by majority, the lines between them, militant control
and the article's places, with the tables that repeat it for readers who cannot use a map."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.article import article_date_text, publication_date
from dashboard.analysis.control import control_area_shapes, control_areas_at, control_months
from dashboard.analysis.evidence import cited_sources, first_source_title
from dashboard.analysis.filters import kept_columns, kept_rows
from dashboard.analysis.geography import Bounds, MapGeography, focus_bounds
from dashboard.analysis.labels import NARROWEST_PLOT_PX
from dashboard.analysis.makeup import makeup_table, share_range_text, shia_branches
from dashboard.analysis.places import (
    MAP_EVENT_LIMIT,
    counted_places,
    dataset_links,
    events_without_place,
    is_approximate,
    place_counts,
    place_markers,
    place_precision,
    place_source_claims,
    region_counts,
    should_aggregate,
)
from dashboard.charts.fault_map import (
    BaseMap,
    MapLayers,
    base_map,
    fault_line_map,
    majority_words,
    shades_counts,
    world_layers,
)
from dashboard.model.columns import is_in, split_ids
from dashboard.model.load import Dataset
from dashboard.model.problems import Problem
from dashboard.views.base import ViewData, ViewResult, is_thumbnail

LAYERS = {
    "makeup": "Sect make-up",
    "fault_lines": "Fault lines",
    "control": "Militant control",
    "places": "Places",
}
MAP_FILES = ("regions.csv", "places.csv", "control_areas.csv")
MAKEUP_TITLES = {"religion": "Sectarian", "ethnicity": "Ethnic"}


@dataclass(frozen=True)
class MapOptions:
    """What the reader asked the map to show."""

    layers: tuple[str, ...] = tuple(LAYERS)
    focus: tuple[str, ...] = ()  # ISO3 codes to frame; empty: the chosen countries, or all
    held_at: str | None = None  # 'YYYY-MM' of militant control; None: the article's month
    labels: bool = True  # town names printed beside their markers
    selected: str | None = None  # 'table:key' of the clicked record (outlined if a region)
    makeup: str = "religion"  # colour regions by religious or by ethnic majority


def held_at_month(data: ViewData, options: MapOptions) -> str | None:
    """The month whose militant control the map draws: the chosen one, else the article's
    (None when the dataset has no control areas at all, as imported data has none)."""
    if data.full.control_areas.empty:
        return None
    months = control_months(data.dataset.control_areas, publication_date(data.full))
    if options.held_at in months:
        return options.held_at
    published = publication_date(data.full)
    if published is not None and published.strftime("%Y-%m") in months:
        return published.strftime("%Y-%m")
    return months[-1] if months else None


def framed_countries(data: ViewData, options: MapOptions) -> tuple[str, ...]:
    """The countries the map is framed on: the map's own focus, else the sidebar's countries."""
    drawn = set(data.geography.country_names) if data.geography else set()
    chosen = options.focus or data.filters.countries
    return tuple(code for code in chosen if code in drawn)


def _takeaway(
    geography: MapGeography,
    lines: pd.DataFrame,
    framed: tuple[str, ...],
    held: pd.DataFrame,
    month: str | None,
) -> str:
    """Fault lines in the frame and the militant control of the month, in one sentence."""
    if framed:
        lines = lines[lines["left_iso3"].isin(framed) | lines["right_iso3"].isin(framed)]
    where = f" in {', '.join(geography.country_names[c] for c in framed)}" if framed else ""
    text = (
        f"{len(lines)} fault-line segments ({lines['length_km'].sum():,.0f} km) divide regions "
        f"of different majority{where}"
    )
    if month is not None:
        holders = sorted(set(held["controller_name"]))
        as_of = pd.Period(month, freq="M").strftime("%b %Y")
        text += (
            f"; militants held {len(held)} sourced area(s) in {as_of}"
            + (f" ({', '.join(holders)})" if holders else "")
            if len(held)
            else f"; no militant control is sourced for {as_of}"
        )
    return text + "."


def _subtitle(
    lines: pd.DataFrame, framed: tuple[str, ...], held: pd.DataFrame, month: str | None
) -> str:
    """The takeaway short enough for one line over the map (and in an exported PNG)."""
    if framed:
        lines = lines[lines["left_iso3"].isin(framed) | lines["right_iso3"].isin(framed)]
    text = f"{len(lines)} fault-line segments, {lines['length_km'].sum():,.0f} km"
    if month is not None:
        as_of = pd.Period(month, freq="M").strftime("%b %Y")
        text += f" · {len(held)} area(s) under militant control, {as_of}"
    return text


def _cited(full: Dataset, places: pd.DataFrame, cells) -> pd.DataFrame:
    """cited_sources of the claim cells and of the places' claims: the places' sources
    come from a per-Dataset table (a million claims are not looked up on every redraw)."""
    per_place = place_source_claims(full)
    if per_place is not None:
        chosen = per_place[per_place["row"].isin(places.index.to_numpy())]
        firsts = chosen.drop_duplicates("source_id")["claim_id"]
    else:
        ids = split_ids(places["claim_ids"].astype(str)).unique()
        claims = full.claims.loc[is_in(full.claims["claim_id"], ids), ["claim_id", "source_id"]]
        firsts = claims.drop_duplicates("source_id")["claim_id"]
    # One claim per source says the same to cited_sources as all of them.
    return cited_sources(full, [*cells, *firsts])


@dataclass(frozen=True)
class _Counts:
    """The map's count layers when it aggregates, and the tables that repeat them."""

    regions: pd.DataFrame  # COUNT_COLUMNS + name, iso3, lon, lat, geometry; by adm1_code
    countries: pd.DataFrame  # COUNT_COLUMNS + name, iso3, lon, lat; by ISO3
    off_map: int  # events in regions the boundaries do not have
    # place_counts: every place's events, deaths and types; its table (counted_places) is
    # made only for the page, not for the Overview's thumbnail (nor is _count_table)
    per_place: pd.DataFrame

    @property
    def drawn_events(self) -> int:
        """The events the count layers draw, in regions and in countries alone."""
        return int(self.regions["events"].sum() + self.countries["events"].sum())


def _count_table(counts: _Counts) -> pd.DataFrame:
    """One row per region or country counted, busiest first: the page's table of counts."""
    table = pd.concat(
        [
            counts.regions.drop(columns="geometry").assign(level="region"),
            counts.countries.assign(level="country only"),
        ]
    )
    table = table.rename_axis("code").reset_index()
    table = table[
        ["name", "iso3", "level", "events", "deaths", "approximate_events", "top_types", "code"]
    ].rename(
        columns={
            "name": "region",
            "iso3": "country",
            "approximate_events": "located only to the province or country",
            "top_types": "most frequent event types",
        }
    )
    return table.sort_values("events", ascending=False, kind="stable")


def _counts(
    full: Dataset, dataset: Dataset, events: pd.DataFrame, geography: MapGeography, regions
) -> _Counts:
    """Events, deaths and top types per admin-1 region (and per country for events known
    only to their country), placed on the map's regions. events: the cut's events, their
    place_id at least."""
    # The figures' labels, their rows in full, without copying the figures (see kept_rows).
    figures, kept = kept_rows(dataset, "figures")
    per_place = place_counts(
        dataset.places, events, figures.index.to_numpy()[kept], links=dataset_links(full)
    )
    by_region, by_country = region_counts(dataset.places, per_place)
    shapes = _anchored(geography, regions, "adm1_code", ["name", "iso3", "geometry"])
    # By position (get_indexer): Index.isin on Arrow text matched value by value in Python.
    at = shapes.index.get_indexer(by_region.index)
    known = at >= 0
    drawn = shapes.iloc[at[known]].join(by_region[known])
    countries = _anchored(geography, geography.countries, "iso3", [])
    at = countries.index.get_indexer(by_country.index)
    placed = by_country[at >= 0]
    country_anchor = countries.iloc[at[at >= 0]]
    drawn_countries = placed.assign(
        name=[geography.country_names.get(c, c) for c in placed.index],
        iso3=placed.index,
        lon=country_anchor["lon"].to_numpy(),
        lat=country_anchor["lat"].to_numpy(),
    )
    return _Counts(
        regions=drawn,
        countries=drawn_countries,
        off_map=int(by_region.loc[~known, "events"].sum())
        + int(by_country.loc[at < 0, "events"].sum()),
        per_place=per_place,
    )


def _anchored(
    geography: MapGeography, shapes: pd.DataFrame, code: str, columns: list[str]
) -> pd.DataFrame:
    """shapes' columns by code, with a point inside each shape (lon, lat) where its count
    is drawn: worked out once per geography and table of shapes (the regions of a make-up,
    the countries), not on every filter change. shapes is one of the geography's own
    tables, which live as long as it does: its id names it."""

    def anchored() -> pd.DataFrame:
        by_code = shapes.set_index(code)
        points = by_code.geometry.representative_point()
        return by_code[columns].assign(lon=points.x, lat=points.y)

    return geography.derived(("count anchors", id(shapes), code), anchored)


def _unplaced(dataset: Dataset) -> pd.DataFrame:
    """events_without_place of the cut: the columns it lists are taken (see kept_columns)
    only when some event has no place."""
    columns = ["event_id", "title", "start", "end", "place_id"]
    if (kept_columns(dataset, "events", ["place_id"])["place_id"] != "").all():
        return events_without_place(kept_rows(dataset, "events")[0][columns].iloc[:0])
    return events_without_place(kept_columns(dataset, "events", columns))


def _control_text(data: ViewData, month: str | None) -> str:
    """The map's words on militant control: its month, or that the data has none."""
    if month is not None:
        return f"militant control as of {pd.Period(month, freq='M').strftime('%b %Y')}"
    if data.full.control_areas.empty:
        return "no control data in this dataset"
    return "no militant control sourced for this selection"


def _source_line(data: ViewData, month: str | None, has_makeup: bool) -> str:
    """The figure's source line: only what this dataset has (no article, no control...)."""
    parts = []
    if month is not None:
        parts.append(f"Militant control as of {pd.Period(month, freq='M').strftime('%b %Y')}")
    if publication_date(data.full) is not None:
        parts.append(f"article of {article_date_text(data.full)}")
    parts.append("boundaries: Natural Earth")
    if has_makeup or not data.full.control_areas.empty:
        parts.append("make-up and control: see the Evidence page")
    else:
        parts.append("events: see the Evidence page")
    return " · ".join(parts)


def _framed_rows(table: pd.DataFrame, framed: tuple[str, ...]) -> pd.DataFrame:
    """The rows of a count table in the framed countries (all of them when none is)."""
    return table[table["country"].isin(framed)] if framed else table


def _no_makeup_takeaway(
    events: int, region_rows: pd.DataFrame | None, markers: pd.DataFrame | None, where: str
) -> str:
    """The takeaway of a map without sect make-up: where the events are."""
    text = f"No sect make-up in this dataset, so no fault lines: {events:,} event(s)"
    if region_rows is not None and len(region_rows):
        top = region_rows[region_rows["level"] == "region"].head(3)
        busiest = ", ".join(
            f"{r} ({n:,})" for r, n in zip(top["region"], top["events"], strict=True)
        )
        return text + f"; the busiest regions{where} are {busiest}."
    if markers is not None and len(markers) and markers["event_count"].max() > 0:
        top = markers.sort_values("event_count", ascending=False, kind="stable").head(3)
        busiest = ", ".join(
            f"{n} ({c:,})" for n, c in zip(top["name"], top["event_count"], strict=True) if c
        )
        return text + f"{where}; the busiest places are {busiest}."
    return text + f"{where}."


def fault_map_view(
    data: ViewData,
    options: MapOptions = MapOptions(),
    *,
    theme: str = "light",
    height: int = 500,
    plot_width_px: float = NARROWEST_PLOT_PX,
) -> ViewResult:
    """The map and its tables for the reader's filters and the map's options, in the detail
    a map plot_width_px wide shows.

    Past MAP_EVENT_LIMIT placed events (or MAP_PLACE_LIMIT places) it draws counts per
    admin-1 region instead of one marker per place, and says so.
    """
    dataset, geography = data.dataset, data.geography
    if geography is None:
        return ViewResult(
            title="Fault lines",
            takeaway="No map: this dataset has no usable boundaries.",
            tables={"unplaced": _unplaced(dataset)},
            caveats=(data.geography_note,),
        )
    # Where the events are is all the counts read of them: a million events' cut is not
    # copied whole for it (see kept_columns).
    events = kept_columns(dataset, "events", ["place_id"])
    published = publication_date(data.full)
    month = held_at_month(data, options)
    held = pd.DataFrame(columns=dataset.control_areas.columns)
    if month is not None:
        as_of = pd.Period(month, freq="M").end_time.normalize()
        held = control_areas_at(dataset.control_areas, as_of, published=published)
    held = held.assign(
        # data.names reads every event: only asked for when something is held.
        controller_name=held["controller"].map(lambda actor: data.names.get(actor, actor))
        if len(held)
        else held["controller"],
        source_title=[first_source_title(data.full, cell) for cell in held["claim_ids"]],
    )
    framed = framed_countries(data, options)
    regions, fault_lines = geography.makeup(options.makeup)
    has_makeup = bool(regions["majority"].notna().any())
    shown = set(options.layers)
    aggregate = should_aggregate(dataset.places, events)
    counts = _counts(data.full, dataset, events, geography, regions) if aggregate else None
    markers = None
    if counts is None:  # a few hundred events at most: their titles and dates are listed
        markers = place_markers(dataset.places, dataset.events)
        if "precision" in dataset.places and dataset.places["precision"].fillna("").ne("").any():
            # Only imported data says how precise a place is: curated places are exact.
            precision = dict(
                zip(dataset.places["place_id"], place_precision(dataset.places), strict=True)
            )
            approximate = dict(
                zip(dataset.places["place_id"], is_approximate(dataset.places), strict=True)
            )
            markers = markers.assign(
                precision=markers["id"].map(precision), approximate=markers["id"].map(approximate)
            )
    counted = counts is not None and "places" in shown
    layers = MapLayers(
        regions=regions if "makeup" in shown else None,
        countries=geography.countries,
        fault_lines=fault_lines if "fault_lines" in shown else None,
        control_areas=(
            control_area_shapes(held, regions[["adm1_code", "iso3", "geometry"]], dataset.places)
            if "control" in shown and len(held)
            else None  # nothing held, nothing drawn (imported data has no control areas)
        ),
        markers=markers if "places" in shown else None,
        # The sidebar's sects are religious: they highlight the religious layer only.
        highlight_groups=data.filters.sects if options.makeup == "religion" else (),
        labels=options.labels,
        outlined=_selected_region(regions, options.selected),
        region_counts=counts.regions if counted else None,
        country_counts=counts.countries if counted else None,
        # Over make-up colours a region's count is a bubble; without them, its shade.
        count_style="bubbles" if has_makeup and "makeup" in shown else "shade",
    )
    framed_names = ", ".join(geography.country_names[c] for c in framed) or "the whole region"
    placed_events = int((events["place_id"] != "").sum())
    if counts is not None:
        # What the count layers hold: events whose place is in the cut (a country filter
        # keeps its actors' events abroad, whose places it leaves out).
        placed_events = counts.drawn_events + counts.off_map
    aggregated_note = (
        f"{placed_events:,} events shown as counts per admin-1 region (more than "
        f"{MAP_EVENT_LIMIT:,} to draw one by one); filter to fewer to see single places."
        if counts is not None
        else ""
    )
    # A thumbnail is its figure alone (the Overview prints the takeaway only of a view with
    # no figure): its takeaway and the table of counts behind it are the page's.
    small = is_thumbnail(height)
    count_table = _count_table(counts) if counts is not None and not small else None
    if has_makeup:
        title = f"{MAKEUP_TITLES.get(options.makeup, 'Sectarian')} fault lines: {framed_names}"
        subtitle = _subtitle(fault_lines, framed, held, month)
        if counts is not None:
            subtitle += f" · {placed_events:,} events as counts per region"
        takeaway = "" if small else _takeaway(geography, fault_lines, framed, held, month)
    else:
        where = f" in {framed_names}" if framed else ""
        title = (
            f"Events per admin-1 region: {framed_names}"
            if counts is not None
            else f"Where the events happened: {framed_names}"
        )
        subtitle = (
            f"{placed_events:,} events as counts per admin-1 region; no sect make-up in this "
            "dataset"
            if counts is not None
            else f"{placed_events:,} events at their places; no sect make-up in this dataset"
        )
        if month is not None:
            subtitle += f" · {len(held)} area(s) under militant control, " + pd.Period(
                month, freq="M"
            ).strftime("%b %Y")
        takeaway = (
            ""
            if small
            else _no_makeup_takeaway(
                placed_events,
                _framed_rows(count_table, framed) if count_table is not None else None,
                markers,
                where,
            )
        )
    bounds = focus_bounds(geography, framed)
    figure = fault_line_map(
        layers,
        bounds=bounds,
        base=_base_map(geography, layers, options, bounds, theme, plot_width_px),
        theme=theme,
        title=title,
        subtitle=subtitle,
        source_line=_source_line(data, month, has_makeup),
        height=height,
        plot_width_px=plot_width_px,
    )
    result = ViewResult(
        title="Fault lines",
        subtitle=f"Framed on {framed_names}; {_control_text(data, month)}.",
        takeaway=takeaway,
        figures={"map": figure},
    )
    if small:  # the map alone: its tables and sources are the page's
        return result
    in_frame = regions[regions["iso3"].isin(framed)] if framed else regions
    region_table = makeup_table(in_frame)
    if counts is None:
        places_table = markers[markers["country"].isin(framed)] if framed else markers
        places_table = places_table.drop(columns=["lat", "lon", "approximate"], errors="ignore")
    else:
        places_table = counted_places(dataset.places, counts.per_place)
        places_table = (
            places_table[places_table["country"].isin(framed)] if framed else places_table
        )
    claim_cells = [*in_frame["claim_ids"].dropna(), *held.get("claim_ids", [])]
    tables = {
        "regions": region_table,
        "places": places_table,
        "held": held.drop(columns=["_line"], errors="ignore"),
        "unplaced": _unplaced(dataset),
        "unmatched": geography.unmatched,
    }
    caveats = []
    if counts is not None:
        region_rows = _framed_rows(count_table, framed)
        tables["region_counts"] = region_rows.reset_index(drop=True)
        caveats.append(aggregated_note)
        if counts.off_map:
            caveats.append(
                f"{counts.off_map:,} events are in regions or countries the boundaries do "
                "not have: they are counted here, not drawn."
            )
    return dataclasses.replace(
        result,
        tables=tables,
        sources=_cited(data.full, dataset.places, claim_cells),
        caveats=tuple(caveats),
    )


def _base_map(
    geography: MapGeography,
    layers: MapLayers,
    options: MapOptions,
    bounds: Bounds,
    theme: str,
    plot_width_px: float,
) -> BaseMap:
    """The map's base layers (base_map), kept with the geography: they depend on the
    frame, never on the filters, and drawing them again took 60-90 ms of every filter
    change at a million events (simplifying the regions to the frame, their GeoJSON). The
    key holds everything base_map reads: the layers come from the geography by make-up."""
    key = (
        "base_map",
        options.makeup,
        layers.regions is not None,
        layers.fault_lines is not None,
        tuple(layers.highlight_groups),
        shades_counts(layers),
        bounds,
        theme,
        plot_width_px,
    )
    # Of these, the world's outlines and the fault lines do not depend on the frame: drawn
    # once per make-up, layers shown and theme.
    world = geography.derived(
        (
            "world_layers",
            options.makeup,
            layers.regions is not None,
            layers.fault_lines is not None,
            theme,
        ),
        lambda: world_layers(layers.regions, layers.countries, layers.fault_lines, theme=theme),
    )
    return geography.kept(
        key,
        lambda: base_map(
            layers.regions,
            layers.countries,
            layers.fault_lines,
            bounds=bounds,
            theme=theme,
            highlight=layers.highlight_groups,
            unknown_in_legend=not shades_counts(layers),
            plot_width_px=plot_width_px,
            world=world,
        ),
    )


def _selected_region(regions: pd.DataFrame, selected: str | None) -> pd.DataFrame | None:
    """The clicked region's row (to outline), if the selection is a region."""
    table, _, key = (selected or "").partition(":")
    if table != "regions":
        return None
    chosen = regions[regions["adm1_code"] == key]
    return chosen if len(chosen) else None


def majority_label(group, branch=None) -> str:
    """A region's majority in words ('not sourced' when the data has none); a Shia group
    with its branch where one is recorded: 'Shia (Zaydi)'."""
    return "not sourced" if pd.isna(group) else majority_words(group, branch)


@dataclass(frozen=True)
class RegionSummary:
    """A clicked region in words: what a reader asks first."""

    name: str
    country: str
    makeup: str  # "Sunni majority (60–80%); second group Shia; as of 2014."
    basis: str  # which make-up row speaks for it, and why
    evidence_key: str | None  # the regions-table key of that row (adm1 code or ISO3)


def region_summary(
    geography: MapGeography, adm1_code: str, regions_table: pd.DataFrame | None = None
) -> RegionSummary | None:
    """The name, country and make-up in words of one admin-1 region (None if unknown).

    With the dataset's regions table, a Shia group is named with its branch where the row
    speaking for the region records one ('Shia (Zaydi) majority').
    """
    rows = geography.regions[geography.regions["adm1_code"] == adm1_code]
    if rows.empty:
        return None
    branch = None
    if regions_table is not None:
        branch = shia_branches(rows, regions_table).iloc[0]
    region = rows.iloc[0]
    country = geography.country_names.get(region["iso3"], region["iso3"])
    if pd.isna(region["majority"]):
        makeup = "Majority not sourced: the dataset does not say who lives here."
    else:
        share = share_range_text(region["majority_share_low"], region["majority_share_high"])
        makeup = f"{majority_label(region['majority'], branch)} majority"
        makeup += f" ({share})" if share else " (share not sourced)"
        if not pd.isna(region["second_group"]):
            makeup += f"; second group {majority_label(region['second_group'], branch)}"
        if not pd.isna(region["as_of"]):
            makeup += f"; as of {region['as_of']}"
        makeup += "."
    level = region["makeup_level"]
    if level == "admin1":
        basis, key = "Sourced for this region itself.", adm1_code
    elif level == "country":
        basis = f"No row of its own: {country}'s country-level make-up stands for it."
        key = region["iso3"]
    else:
        basis, key = "No make-up row covers this region or its country.", None
    return RegionSummary(str(region["name"]), country, makeup, basis, key)


def clicked_record(points: list[dict], data: ViewData) -> str | None:
    """'table:key' of the first clicked map item: a place, a control area or a region
    (by its admin-1 code, whichever make-up row speaks for it)."""
    dataset = data.dataset
    places, areas = set(dataset.places["place_id"]), set(dataset.control_areas["area_id"])
    region_codes = set(data.geography.regions["adm1_code"]) if data.geography else set()
    for point in points:
        custom = point.get("customdata")
        key = str(custom[0] if isinstance(custom, list | tuple) else custom or "")
        key = key or str(point.get("location", ""))
        if not key:
            continue  # a line or the base layer: nothing to trace
        for table, keys in (("places", places), ("control_areas", areas)):
            if key in keys:
                return f"{table}:{key}"
        if key in region_codes:
            return f"regions:{key}"
    return None


def problems_off_the_map(problems: tuple[Problem, ...] | list[Problem]) -> list[Problem]:
    """The data problems that cost the map a region, place, area or event position."""
    return [
        p
        for p in problems
        if p.file in MAP_FILES or (p.file == "events.csv" and p.column == "place_id")
    ]
