"""Import an ACLED export (CSV or Excel) onto our tables.

One row of ACLED is one event. What each column becomes:

============================  ==============================================================
ACLED                         ours
============================  ==============================================================
event_id_cnty (data_id,       events.event_id: ``acled_`` + the id made lower-case [a-z0-9_]
event_id_no_cnty in old       (repeats get _2, _3); the row's line when there is no id
files)
event_date + time_precision   events.start at its precision: 1 -> the day ``2016-05-03``;
                              2 (within a week) and 3 (within a month) -> the month
                              ``2016-05`` (our precisions are day, month and year, and
                              widening is honest, narrowing would not be); end is empty
event_type, sub_event_type    events.event_type (table below) and the title
                              ``<sub_event_type>: <actor1> vs <actor2> in <location>``
actor1, actor2                actors (one per distinct name), events.actor_ids, relations
assoc_actor_1, assoc_actor_2  actors (split on ';'), events.actor_ids, ``ally`` relations
inter1, inter2                actors.kind: 1 state forces -> government; 2 rebels,
                              3 political militias, 4 identity militias -> armed_group;
                              5 rioters, 6 protesters, 7 civilians, 8 external/other forces
                              -> organisation. Associated actors have no code of their own:
                              organisation. Both the numbers and ACLED's newer words
                              ("State forces", ...) are read
iso (numeric ISO 3166),       places.country (alpha-3, from our table of the region's
iso3 (old files), country     countries; a code not in it is counted, never guessed) and,
                              for state forces (inter 1) only, actors.country
location, latitude,           places: one per distinct (location, latitude, longitude,
longitude, geo_precision      country); precision 1 -> exact, 2 -> near, 3 -> province;
                              kind city (1, 2) or site (3); admin1 = the region of
                              geo/admin1.geojson holding the point
notes                         claims.quote, verbatim (cut only past 1,000 characters, said)
source                        claims.note: ``<file>, row <line>; sources: <source>``
fatalities                    figures: one ``deaths`` figure (best only; ACLED gives no
                              range) per event with fatalities > 0, as_of the event's date
disorder_type,                events.description
civilian_targeting, admin1,
country
============================  ==============================================================

Not used: year (read from the date), interaction, region, admin2, admin3, source_scale,
tags, timestamp, and any other column.

event_type -> ours: Battles, Explosions/Remote violence and Violence against civilians ->
``attack``, except the sub-events "Government regains territory" and "Non-state actor
overtakes territory" -> ``takeover``; Protests and Riots -> ``uprising``; Strategic
developments by sub-event: Agreement -> ``diplomacy``; Non-violent transfer of territory
and Headquarters or base established -> ``takeover``; Looting/property destruction ->
``attack``; Arrests, Change to group/activity, Disrupted weapons use and Other ->
``statement`` (nothing violent happened that we could call an attack). Another
event_type leaves its row out, reported.

Every record is ``layer = at_publication``: an imported data set is not an article, so
it has no "after publication" of its own; all of it is the core layer the dashboard shows.
Affiliation is ``none``: ACLED does not code a sect, and we never guess one.

Relations: per pair of actors and year, actor1 against actor2 ``fights`` (sign -1) after
Battles and Explosions/Remote violence (unless one side is civilians, inter 7, who do not
fight back) and is ``hostile`` (sign -1) after anything else; an
actor and its associated actor are ``ally`` (sign 1). start/end are the first and last day
of the pair's events that year; claim_ids the first three rows, the description the count.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.model.columns import per_distinct
from dashboard.model.formats.common import (
    ALPHA3,
    ISO_NUMERIC,
    ImportFormatError,
    assemble,
    cells,
    clean_text,
    coordinates,
    countries_from_codes,
    countries_from_names,
    named_problem,
    normalised_header,
    numbers,
    parse_dates,
    read_rows,
    report_of,
    row_problems,
    shown,
)

FORMAT = "acled"
REQUIRED = ("event_date", "event_type", "actor1", "location", "latitude", "longitude")
# The columns that tell an ACLED file from any other (any two of them, with REQUIRED).
MARKERS = ("event_id_cnty", "sub_event_type", "inter1", "geo_precision", "fatalities", "data_id")
# ACLED's date formats, newest first: 2014-01-03, 03 January 2014, 03-January-2014; the
# older day/month/year forms (03/01/2014, 03-01-2014) are decided per file (slashed_format).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d-%m-%Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%Y-%m-%d %H:%M:%S",  # a date cell of an Excel sheet read as text
    "%Y/%m/%d",
)
SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/\d{4}")


def slashed_format(dates: pd.Series) -> tuple[str, str]:
    """How this file writes dates like 01/03/2014, and a note for the report if it has any.

    ACLED's codebook records event_date day/month/year, so 01/03/2014 is 1 March. A file
    re-saved by a US-locale spreadsheet writes month/day instead: one cell with a second
    number above 12 (01/25/2014) shows it, and then the whole column is read that way.
    """
    slashed = dates[dates.str.contains("/", regex=False).fillna(False).astype(bool)]
    parts = slashed.str.extract(SLASHED_DATE).dropna().astype(int)
    if parts.empty:
        return "%d/%m/%Y", ""
    day_first, month_first = bool((parts[0] > 12).any()), bool((parts[1] > 12).any())
    if month_first and not day_first:
        return "%m/%d/%Y", (
            f"{len(parts):,} dates written like 01/25/2014 were read month/day/year (a US "
            "spreadsheet's form; ACLED writes day/month/year)"
        )
    return "%d/%m/%Y", (
        f"{len(parts):,} dates written like 01/03/2014 were read day/month/year, ACLED's form "
        "(01/03/2014 is 1 March 2014)"
    )


ACTOR_KINDS = {
    1: "government",
    2: "armed_group",
    3: "armed_group",
    4: "armed_group",
    5: "organisation",
    6: "organisation",
    7: "organisation",
    8: "organisation",
}
INTER_WORDS = {
    "state forces": 1,
    "rebel group": 2,
    "rebel groups": 2,
    "political militia": 3,
    "political militias": 3,
    "identity militia": 4,
    "identity militias": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
    "other forces": 8,
}
ATTACKS = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
EVENT_TYPES = {
    "battles": "attack",
    "explosions/remote violence": "attack",
    "violence against civilians": "attack",
    "protests": "uprising",
    "riots": "uprising",
    "strategic developments": "statement",
}
SUB_EVENT_TYPES = {
    "government regains territory": "takeover",
    "non-state actor overtakes territory": "takeover",
    "non-violent transfer of territory": "takeover",
    "headquarters or base established": "takeover",
    "agreement": "diplomacy",
    "looting/property destruction": "attack",
}
FIGHTS = {"battles", "explosions/remote violence"}
GEO_PRECISION = {1: ("exact", "city"), 2: ("near", "city"), 3: ("province", "site")}
MAPPED = {
    "event_id_cnty": "events.event_id",
    "data_id": "events.event_id (no event_id_cnty)",
    "event_id_no_cnty": "events.event_id (no event_id_cnty or data_id)",
    "event_date": "events.start",
    "time_precision": "events.start (its precision)",
    "disorder_type": "events.description",
    "event_type": "events.event_type",
    "sub_event_type": "events.event_type, events.title",
    "actor1": "actors.name, events.actor_ids, relations",
    "assoc_actor_1": "actors.name, relations (ally)",
    "inter1": "actors.kind",
    "actor2": "actors.name, events.actor_ids, relations",
    "assoc_actor_2": "actors.name, relations (ally)",
    "inter2": "actors.kind",
    "civilian_targeting": "events.description",
    "iso": "places.country, actors.country (state forces)",
    "iso3": "places.country (no iso)",
    "country": "places.country (no code), events.description",
    "admin1": "events.description",
    "location": "places.name, events.title",
    "latitude": "places.lat",
    "longitude": "places.lon",
    "geo_precision": "places.precision, places.kind",
    "source": "claims.note",
    "notes": "claims.quote",
    "fatalities": "figures.best (deaths)",
}


def looks_like(header: list[str]) -> bool:
    """True when a normalised header row is ACLED's."""
    columns = set(header)
    return (set(REQUIRED) <= columns and len(columns & set(MARKERS)) >= 2) or (
        "event_id_cnty" in columns and "event_date" in columns
    )


def import_acled(path: Path, *, boundaries: Path | None = None):
    """Our raw text tables from an ACLED export, and the report of what was done."""
    raw = read_rows(path)
    file = raw.name
    if raw.rows.empty:
        raise ImportFormatError(f"{file}: the file is empty (no header, no rows)")
    header = normalised_header(list(raw.rows.iloc[0]))
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFormatError(
            f"{file}: not an ACLED export with the columns we need: missing "
            f"{', '.join(missing)} (the header has: {', '.join(h for h in header if h)[:300]})"
        )
    keep = [i for i, name in enumerate(header) if name and name not in header[:i]]
    data = raw.rows.iloc[1:, keep].reset_index(drop=True)
    data.columns = [header[i] for i in keep]
    lines = raw.lines[1:]
    problems = [named_problem(p, header) for p in raw.problems]
    left_out = raw.left_out
    rows_read = len(data) + sum(left_out.values())
    if data.empty:
        raise ImportFormatError(f"{file}: has a header but no rows")

    stripped: dict[str, pd.Series] = {}

    def column(name: str) -> pd.Series:
        return cells(data, name, stripped)

    notes: list[str] = []
    bad = np.zeros(len(data), dtype=bool)

    def leave_out(mask: pd.Series, column_name: str, messages, reason: str) -> None:
        nonlocal bad
        mask = mask.to_numpy(bool) & ~bad
        if not mask.any():
            return
        picked = messages(mask) if callable(messages) else messages
        row_problems(file, lines[mask], column_name, picked, problems)
        left_out[reason] += int(mask.sum())
        bad |= mask

    cleaned = 0
    text = {}
    for name in (
        "notes",
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "location",
        "source",
        "sub_event_type",
        "admin1",
        "country",
        "disorder_type",
    ):
        text[name], count = clean_text(column(name))
        cleaned += count
    if cleaned:
        notes.append(f"{cleaned:,} cells held control characters, replaced by spaces")
    formula = sum(int(text[n].str.match(r"[=+@]").sum()) for n in text)
    if formula:
        notes.append(f"{formula:,} cells begin like a spreadsheet formula: kept as text")

    # Dates
    dates = column("event_date")
    slashed, slashed_note = slashed_format(dates)
    days = parse_dates(dates, (*DATE_FORMATS, slashed))
    if slashed_note:
        notes.append(slashed_note)
    leave_out(
        dates == "",
        "event_date",
        "is empty: an event needs a date — the row was left out",
        "event_date is empty",
    )
    leave_out(
        days.isna(),
        "event_date",
        lambda m: (
            dates[m].map(shown) + " is not a date (ACLED writes 2014-01-03 or 03 January 2014): "
            "the row was left out"
        ),
        "event_date is not a date",
    )
    precision_code = per_distinct(column("time_precision"), _codes)
    precision = pd.Series("day", index=data.index, dtype=object)
    precision[precision_code.isin([2, 3])] = "month"
    odd = precision_code.notna() & ~precision_code.isin([1, 2, 3])
    odd |= (column("time_precision") != "") & precision_code.isna()
    if odd.any():
        precision[odd] = "month"
        row_problems(
            file,
            lines[odd.to_numpy(bool) & ~bad],
            "time_precision",
            "is not 1, 2 or 3: the date was kept at month precision",
            problems,
        )

    # Coordinates
    lat, lon = coordinates(column("latitude"), column("longitude"), leave_out)

    # Event types
    their_type = column("event_type")
    sub = text["sub_event_type"]
    ours = per_distinct(their_type, lambda d: d.str.lower().map(EVENT_TYPES))
    by_sub = per_distinct(sub, lambda d: d.str.lower().map(SUB_EVENT_TYPES))
    ours = by_sub.where(by_sub.notna() & ours.notna(), ours)
    leave_out(
        ours.isna(),
        "event_type",
        lambda m: (
            their_type[m].map(shown)
            + " is not an ACLED event type ("
            + ", ".join(
                sorted({"Battles", "Protests", "Riots", "Strategic developments", *ATTACKS})
            )
            + "): the row was left out"
        ),
        "event_type unknown",
    )
    leave_out(
        text["actor1"] == "",
        "actor1",
        "is empty: an ACLED event has at least one actor — the row was left out",
        "actor1 is empty",
    )

    # Fatalities (a bad count costs the figure, not the event)
    fatal_text = column("fatalities")
    fatal = numbers(fatal_text)
    wrong = ((fatal_text != "") & fatal.isna()) | (fatal < 0)
    if wrong.any():
        row_problems(
            file,
            lines[wrong.to_numpy(bool) & ~bad],
            "fatalities",
            fatal_text[wrong & ~bad].map(shown)
            + " is not a count of people: no deaths figure for this event",
            problems,
        )
    fatal_text = fatal_text.where(~wrong, "")

    # Countries
    country = pd.Series("", index=data.index, dtype=object)
    if "iso" in data:
        country = countries_from_codes(column("iso"), ISO_NUMERIC)
    if "iso3" in data:
        iso3 = column("iso3").str.upper()
        country = country.where(country != "", iso3.where(iso3.isin(ALPHA3), ""))
    country = country.where(country != "", countries_from_names(text["country"]))
    unknown = (country == "") & ~bad
    if unknown.any():
        codes = column("iso")[unknown].replace("", None).dropna().unique()[:8]
        names = text["country"][unknown].replace("", None).dropna().unique()[:8]
        notes.append(
            f"{int(unknown.sum()):,} rows in a country not in our code table "
            f"(iso {', '.join(codes) or '-'}; {', '.join(names) or '-'}): no place and no "
            "actor country for them"
        )

    keep_rows = ~bad
    everything = bool(keep_rows.all())  # no row left out: no need to take every column
    data_ok = pd.DataFrame(index=data.index[keep_rows])

    def ok(series: pd.Series) -> pd.Series:
        return series if everything else series[keep_rows]

    inter1, inter2 = _inter_codes(column("inter1")), _inter_codes(column("inter2"))
    kind1, kind2 = _actor_kinds(inter1), _actor_kinds(inter2)
    geo_code = per_distinct(column("geo_precision"), _codes)
    place_precision = geo_code.map({k: v[0] for k, v in GEO_PRECISION.items()}).fillna("near")
    place_kind = geo_code.map({k: v[1] for k, v in GEO_PRECISION.items()}).fillna("city")
    subtype = sub.where(sub != "", their_type)
    vs = text["actor2"].where(text["actor2"] == "", " vs " + text["actor2"])
    title = subtype + ": " + text["actor1"] + vs + " in " + text["location"]
    description = _description(their_type, sub, text, column("civilian_targeting"), fatal_text)
    # Civilians (inter 7) do not fight: one-sided violence against them is hostility.
    civilians = (inter1 == 7) | (inter2 == 7)
    fights = per_distinct(their_type, lambda d: d.str.lower().isin(FIGHTS)).astype(bool)
    fights &= ~civilians
    key = column("event_id_cnty")
    for fallback in ("data_id", "event_id_no_cnty"):
        key = key.where(key != "", column(fallback))
    records = pd.DataFrame(
        {
            "line": ok(pd.Series(lines, index=data.index)),
            "key": ok(key),
            "start_day": ok(days),
            "end_day": ok(pd.Series(pd.NaT, index=data.index, dtype="datetime64[ns]")),
            "precision": ok(precision),
            "event_type": ok(ours),
            "title": ok(title),
            "description": ok(description),
            "quote": ok(text["notes"]),
            "sources": ok(text["source"]),
            "place_name": ok(text["location"]),
            "lat": ok(lat),
            "lon": ok(lon),
            "lat_text": ok(lat.astype(str)),
            "lon_text": ok(lon.astype(str)),
            "country": ok(country),
            "place_precision": ok(place_precision),
            "place_kind": ok(place_kind),
            "actor1": ok(text["actor1"]),
            "actor1_kind": ok(kind1),
            "actor1_country": ok(country.where(kind1 == "government", "")),
            "actor2": ok(text["actor2"]),
            "actor2_kind": ok(kind2),
            "actor2_country": ok(country.where(kind2 == "government", "")),
            "assoc1": ok(text["assoc_actor_1"]),
            "assoc2": ok(text["assoc_actor_2"]),
            "tie": ok(np.where(fights, "fights", "hostile")),
            "low": "",
            "best": ok(fatal_text),
            "high": "",
        },
        index=data_ok.index,
    )
    records["low"] = ""
    records["high"] = ""
    built = assemble(
        records,
        fmt=FORMAT,
        file=file,
        publisher="ACLED",
        rows_read=rows_read,
        boundaries=boundaries,
        basis="fatalities reported by ACLED (its conservative count; no range given)",
    )
    report = report_of(
        FORMAT,
        file,
        data.columns,
        MAPPED,
        rows_read=rows_read,
        records=records,
        problems=problems,
        left_out=left_out,
        notes=notes + built.notes,
    )
    return built.tables, report


def _codes(distinct: pd.Series) -> pd.Series:
    return pd.to_numeric(distinct.replace("", None), errors="coerce").astype(float)


def _inter_codes(cells: pd.Series) -> pd.Series:
    """ACLED's actor type codes, from the numbers or from the newer words."""

    def codes(distinct: pd.Series) -> pd.Series:
        numbers = pd.to_numeric(distinct.replace("", None), errors="coerce")
        return numbers.fillna(distinct.str.lower().map(INTER_WORDS)).astype(float)

    return per_distinct(cells, codes).astype(float)


def _actor_kinds(codes: pd.Series) -> pd.Series:
    return per_distinct(codes, lambda d: d.map(ACTOR_KINDS).fillna("organisation").astype(str))


def _description(
    event_type: pd.Series,
    sub: pd.Series,
    text: dict[str, pd.Series],
    civilians: pd.Series,
    fatalities: pd.Series,
) -> pd.Series:
    parts = "ACLED: " + event_type + sub.where(sub == "", " / " + sub)
    disorder = text["disorder_type"]
    parts += disorder.where(disorder == "", "; " + disorder)
    parts += civilians.where(civilians == "", "; civilians targeted")
    where = text["admin1"].str.cat(text["country"], sep=", ").str.strip(", ")
    parts += where.where(where == "", "; " + where)
    parts += fatalities.where(fatalities == "", "; fatalities " + fatalities)
    return parts
