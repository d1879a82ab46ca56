"""The fault-lines map view: regions by majority, the lines between them, militant control
and the article's places, with the tables that repeat it for readers who cannot use a map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.analysis.article import article_date_text, publication_date
from dashboard.analysis.control import control_area_shapes, control_areas_at, control_months
from dashboard.analysis.evidence import cited_sources, first_source_title
from dashboard.analysis.geography import MapGeography, focus_bounds
from dashboard.analysis.makeup import makeup_table, share_range_text
from dashboard.analysis.places import events_without_place, place_markers
from dashboard.charts.fault_map import MapLayers, fault_line_map
from dashboard.charts.palette import group_label
from dashboard.model.problems import Problem
from dashboard.views.base import ViewData, ViewResult

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
    """The month whose militant control the map draws: the chosen one, else the article's."""
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


def fault_map_view(
    data: ViewData, options: MapOptions = MapOptions(), *, theme: str = "light", height: int = 500
) -> ViewResult:
    """The map and its tables for the reader's filters and the map's options."""
    dataset, geography = data.dataset, data.geography
    unplaced = events_without_place(dataset.events)
    if geography is None:
        return ViewResult(
            title="Fault lines",
            takeaway="No map: this dataset has no usable boundaries.",
            tables={"unplaced": unplaced},
            caveats=(data.geography_note,),
        )
    published = publication_date(data.full)
    month = held_at_month(data, options)
    held = pd.DataFrame(columns=dataset.control_areas.columns)
    if month is not None:
        as_of = pd.Period(month, freq="M").end_time.normalize()
        held = control_areas_at(dataset.control_areas, as_of, published=published)
    held = held.assign(
        controller_name=held["controller"].map(data.names).fillna(held["controller"]),
        source_title=[first_source_title(data.full, cell) for cell in held["claim_ids"]],
    )
    markers = place_markers(dataset.places, dataset.events)
    framed = framed_countries(data, options)
    regions, fault_lines = geography.makeup(options.makeup)
    shown = set(options.layers)
    layers = MapLayers(
        regions=regions if "makeup" in shown else None,
        countries=geography.countries,
        fault_lines=fault_lines if "fault_lines" in shown else None,
        control_areas=(
            control_area_shapes(held, regions[["adm1_code", "iso3", "geometry"]], dataset.places)
            if "control" in shown
            else None
        ),
        markers=markers if "places" in shown else None,
        # The sidebar's sects are religious: they highlight the religious layer only.
        highlight_groups=data.filters.sects if options.makeup == "religion" else (),
        labels=options.labels,
        outlined=_selected_region(regions, options.selected),
    )
    framed_names = ", ".join(geography.country_names[c] for c in framed) or "the whole region"
    as_of_text = pd.Period(month, freq="M").strftime("%b %Y") if month else "no date"
    figure = fault_line_map(
        layers,
        bounds=focus_bounds(geography, framed),
        theme=theme,
        title=f"{MAKEUP_TITLES.get(options.makeup, 'Sectarian')} fault lines: {framed_names}",
        subtitle=_subtitle(fault_lines, framed, held, month),
        source_line=(
            f"Militant control as of {as_of_text} · article of {article_date_text(data.full)} · "
            "boundaries: Natural Earth · make-up and control: see the Evidence page"
        ),
        height=height,
    )
    in_frame = regions[regions["iso3"].isin(framed)] if framed else regions
    region_table = makeup_table(in_frame)
    places_table = markers[markers["country"].isin(framed)] if framed else markers
    claim_cells = [*in_frame["claim_ids"].dropna(), *held.get("claim_ids", [])]
    claim_cells += list(dataset.places["claim_ids"])
    return ViewResult(
        title="Fault lines",
        subtitle=f"Framed on {framed_names}; militant control as of {as_of_text}.",
        takeaway=_takeaway(geography, fault_lines, framed, held, month),
        figures={"map": figure},
        tables={
            "regions": region_table,
            "places": places_table.drop(columns=["lat", "lon"]),
            "held": held.drop(columns=["_line"], errors="ignore"),
            "unplaced": unplaced,
            "unmatched": geography.unmatched,
        },
        sources=cited_sources(data.full, claim_cells),
    )


def _selected_region(regions: pd.DataFrame, selected: str | None) -> pd.DataFrame | None:
    """The clicked region's row (to outline), if the selection is a region."""
    table, _, key = (selected or "").partition(":")
    if table != "regions":
        return None
    chosen = regions[regions["adm1_code"] == key]
    return chosen if len(chosen) else None


def majority_label(group) -> str:
    """A region's majority in words ('not sourced' when the data has none)."""
    return "not sourced" if pd.isna(group) else group_label(group)


@dataclass(frozen=True)
class RegionSummary:
    """A clicked region in words: what a reader asks first."""

    name: str
    country: str
    makeup: str  # "Sunni majority (60–80%); second group Shia; as of 2014."
    basis: str  # which make-up row speaks for it, and why
    evidence_key: str | None  # the regions-table key of that row (adm1 code or ISO3)


def region_summary(geography: MapGeography, adm1_code: str) -> RegionSummary | None:
    """The name, country and make-up in words of one admin-1 region (None if unknown)."""
    rows = geography.regions[geography.regions["adm1_code"] == adm1_code]
    if rows.empty:
        return None
    region = rows.iloc[0]
    country = geography.country_names.get(region["iso3"], region["iso3"])
    if pd.isna(region["majority"]):
        makeup = "Majority not sourced: the dataset does not say who lives here."
    else:
        share = share_range_text(region["majority_share_low"], region["majority_share_high"])
        makeup = f"{majority_label(region['majority'])} majority"
        makeup += f" ({share})" if share else " (share not sourced)"
        if not pd.isna(region["second_group"]):
            makeup += f"; second group {majority_label(region['second_group'])}"
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
