"""Import a UCDP Georeferenced Event Dataset (GED) file (CSV or Excel) onto our tables.

One row of the GED is one event of organised, deadly violence. What each column becomes:

=============================  =============================================================
UCDP GED                       ours
=============================  =============================================================
id                             events.event_id: ``ucdp_<id>``
date_start, date_end,          events.start and end as days (an end equal to the start is
date_prec                      left empty); date_prec 4 (only the month known) writes both at
                               month precision, 5 (only the year) at year precision; 1-3
                               keep the days, whose span already says how wide it is
type_of_violence               events.event_type ``attack`` (every GED event is an act of
                               deadly violence); the title's first words; relations: 1
                               (state-based) and 2 (non-state) -> ``fights``, 3 (one-sided,
                               against civilians) -> ``hostile``
side_a, side_b                 actors (one per distinct name): "Government of X" ->
                               government (country X when it is in our table), "Civilians"
                               -> organisation, any other -> armed_group
where_coordinates,             places: one per distinct (name, latitude, longitude,
latitude, longitude,           country); name = where_coordinates (else where_description);
where_prec                     precision 1 exact, 2 near, 3 district, 4 province, 5 and 6
                               country; 7 (international waters or air space) -> no place,
                               the event kept; kind city (1, 2), site (3), province (4),
                               region (5), country (6); no admin1 for 5 and 6
country_id (Gleditsch-Ward),   places.country (alpha-3 from our table; an unknown one is
country                        counted, the event kept without a place)
source_headline                claims.quote verbatim (where_description when there is no
(where_description)            headline), cut only past 1,000 characters, said in the note
source_office,                 claims.note: ``<file>, row <line>; sources: <office>;
source_original                <original>``
low, best, high                figures: one ``deaths`` figure with the range kept as it is
                               (low/best/high), as_of the event's start, when any is > 0
conflict_name, dyad_name,      events.description
adm_1, deaths_a, deaths_b,
deaths_civilians,
deaths_unknown
=============================  =============================================================

Not used: relid, year, active_year, code_status, the *_dset_id and *_new_id numbers,
number_of_sources, source_article, source_date, adm_2, geom_wkt, priogrid_gid, region,
event_clarity, gwnoa, gwnob, and any other column.

Files shipped without a header row are recognised by their width and shape (a whole number
id first, a date where date_start belongs, numbers where latitude and longitude belong);
the documented column order is then assumed, and the report says so.

Every record is ``layer = at_publication`` (an imported data set has no article of its own
to be "after"), affiliation ``none`` (the GED codes no sect; we never guess one).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.model.formats.common import (
    GLEDITSCH_WARD,
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

FORMAT = "ucdp"
REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "latitude", "longitude")
# The GED CSV as UCDP ships it (49 columns, versions 20.1 to 25.1) ...
GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
# ... and its 42 core columns, without code_status, the dset ids and the gwno numbers.
GED_CORE_COLUMNS = tuple(
    name
    for name in GED_COLUMNS
    if name not in {"code_status", "gwnoa", "gwnob"} and not name.endswith("_dset_id")
)
HEADERLESS_ORDERS = {len(GED_COLUMNS): GED_COLUMNS, len(GED_CORE_COLUMNS): GED_CORE_COLUMNS}
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%d/%m/%Y")
VIOLENCE = {1: "State-based violence", 2: "Non-state violence", 3: "One-sided violence"}
WHERE_PRECISION = {
    1: ("exact", "city"),
    2: ("near", "city"),
    3: ("district", "site"),
    4: ("province", "province"),
    5: ("country", "region"),
    6: ("country", "country"),
    7: ("", ""),  # international waters or air space: no place
}
MAPPED = {
    "id": "events.event_id",
    "type_of_violence": "events.event_type, events.title, relations.kind",
    "conflict_name": "events.description",
    "dyad_name": "events.description",
    "side_a": "actors.name, events.actor_ids, relations",
    "side_b": "actors.name, events.actor_ids, relations",
    "source_office": "claims.note",
    "source_headline": "claims.quote",
    "source_original": "claims.note",
    "where_prec": "places.precision, places.kind",
    "where_coordinates": "places.name, events.title",
    "where_description": "claims.quote (no headline), places.name (no where_coordinates)",
    "adm_1": "events.description",
    "latitude": "places.lat",
    "longitude": "places.lon",
    "country": "places.country (no country_id), events.description",
    "country_id": "places.country",
    "date_prec": "events.start/end (their precision)",
    "date_start": "events.start",
    "date_end": "events.end",
    "deaths_a": "events.description",
    "deaths_b": "events.description",
    "deaths_civilians": "events.description",
    "deaths_unknown": "events.description",
    "best": "figures.best (deaths)",
    "high": "figures.high (deaths)",
    "low": "figures.low (deaths)",
}


def looks_like(header: list[str]) -> bool:
    """True when a normalised header row is the GED's."""
    columns = set(header)
    return {"type_of_violence", "date_start"} <= columns or (
        {"side_a", "side_b", "best"} <= columns and "where_prec" in columns
    )


def headerless_order(first_row: list[str]) -> tuple[str, ...] | None:
    """The column order to assume for a GED file whose first row is already data."""
    order = HEADERLESS_ORDERS.get(len(first_row))
    if order is None:
        return None
    first = dict(zip(order, (str(cell).strip() for cell in first_row)))
    start = parse_dates(pd.Series([first["date_start"]]), DATE_FORMATS)
    coordinates = numbers(pd.Series([first["latitude"], first["longitude"]]))
    if first["id"].isdigit() and start.notna().all() and coordinates.notna().all():
        return order
    return None


def import_ucdp(path: Path, *, boundaries: Path | None = None):
    """Our raw text tables from a UCDP GED file, and the report of what was done."""
    raw = read_rows(path)
    file = raw.name
    if raw.rows.empty:
        raise ImportFormatError(f"{file}: the file is empty (no header, no rows)")
    notes: list[str] = []
    first = list(raw.rows.iloc[0])
    header = normalised_header(first)
    if looks_like(header):
        body, lines = raw.rows.iloc[1:], raw.lines[1:]
    elif order := headerless_order(first):
        header, body, lines = list(order), raw.rows, raw.lines
        notes.append(
            f"the file has no header row: UCDP's documented order of {len(order)} GED "
            "columns was assumed (id, relid, year, ...; see data/README.md)"
        )
    else:
        raise ImportFormatError(
            f"{file}: not a UCDP GED file: no header with type_of_violence and date_start, "
            f"and its {len(first)} columns match neither GED order without a header "
            f"({len(GED_COLUMNS)} or {len(GED_CORE_COLUMNS)} columns)"
        )
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFormatError(
            f"{file}: a UCDP GED file without the columns we need: missing {', '.join(missing)}"
        )
    keep = [i for i, name in enumerate(header) if name and name not in header[:i]]
    data = body.iloc[:, keep].reset_index(drop=True)
    data.columns = [header[i] for i in keep]
    problems = [named_problem(p, header) for p in raw.problems]
    left_out = raw.left_out
    rows_read = len(data) + sum(left_out.values())
    if data.empty:
        raise ImportFormatError(f"{file}: has a header but no rows")

    stripped: dict[str, pd.Series] = {}

    def column(name: str) -> pd.Series:
        return cells(data, name, stripped)

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

    text = {}
    cleaned = 0
    for name in (
        "side_a",
        "side_b",
        "source_headline",
        "where_description",
        "where_coordinates",
        "source_office",
        "source_original",
        "conflict_name",
        "dyad_name",
        "adm_1",
        "country",
    ):
        text[name], count = clean_text(column(name))
        cleaned += count
    if cleaned:
        notes.append(f"{cleaned:,} cells held control characters, replaced by spaces")
    formula = sum(int(text[n].str.match(r"[=+@]").sum()) for n in text)
    if formula:
        notes.append(f"{formula:,} cells begin like a spreadsheet formula: kept as text")

    # Dates
    start_text, end_text = column("date_start"), column("date_end")
    start = parse_dates(start_text, DATE_FORMATS)
    end = parse_dates(end_text, DATE_FORMATS)
    leave_out(
        start_text == "",
        "date_start",
        "is empty: an event needs a date — the row was left out",
        "date_start is empty",
    )
    leave_out(
        start.isna(),
        "date_start",
        lambda m: (
            start_text[m].map(shown)
            + " is not a date (UCDP writes 2014-01-03): the row was left out"
        ),
        "date_start is not a date",
    )
    leave_out(
        (end_text != "") & end.isna(),
        "date_end",
        lambda m: (
            end_text[m].map(shown) + " is not a date (UCDP writes 2014-01-03): the row was left out"
        ),
        "date_end is not a date",
    )
    leave_out(
        end < start,
        "date_end",
        lambda m: (
            end_text[m].map(shown)
            + " is before date_start "
            + start_text[m].map(shown)
            + ": the row was left out"
        ),
        "date_end before date_start",
    )
    code = pd.to_numeric(column("date_prec").replace("", None), errors="coerce")
    precision = pd.Series("day", index=data.index, dtype=object)
    precision[code == 4] = "month"
    precision[code == 5] = "year"

    # Coordinates
    lat, lon = coordinates(column("latitude"), column("longitude"), leave_out)

    violence = pd.to_numeric(column("type_of_violence").replace("", None), errors="coerce")
    leave_out(
        ~violence.isin(list(VIOLENCE)),
        "type_of_violence",
        lambda m: (
            column("type_of_violence")[m].map(shown)
            + " is not 1, 2 or 3 (state-based, non-state, one-sided): the row was left out"
        ),
        "type_of_violence unknown",
    )
    leave_out(
        text["side_a"] == "",
        "side_a",
        "is empty: a GED event has two sides — the row was left out",
        "side_a is empty",
    )

    # Deaths: a range kept as given; a bad or unordered one costs the figure, not the event
    figure = {name: column(name) for name in ("low", "best", "high")}
    values = {name: numbers(texts) for name, texts in figure.items()}
    wrong = pd.Series(False, index=data.index)
    for name, texts in figure.items():
        broken = ((texts != "") & values[name].isna()) | (values[name] < 0)
        if broken.any():
            row_problems(
                file,
                lines[broken.to_numpy(bool) & ~bad],
                name,
                texts[broken & ~bad].map(shown)
                + " is not a count of people: no deaths figure for this event",
                problems,
            )
        wrong |= broken
    unordered = ~wrong & (
        (values["low"] > values["best"])
        | (values["best"] > values["high"])
        | (values["low"] > values["high"])
    )
    if unordered.any():
        row_problems(
            file,
            lines[unordered.to_numpy(bool) & ~bad],
            "best",
            "low/best/high are not in order ("
            + figure["low"][unordered & ~bad]
            + "/"
            + figure["best"][unordered & ~bad]
            + "/"
            + figure["high"][unordered & ~bad]
            + "): no deaths figure for this event",
            problems,
        )
    for name in figure:
        figure[name] = figure[name].where(~(wrong | unordered), "")

    # Countries and places
    country = countries_from_codes(column("country_id"), GLEDITSCH_WARD)
    country = country.where(country != "", countries_from_names(text["country"]))
    where = pd.to_numeric(column("where_prec").replace("", None), errors="coerce")
    place = where.map(lambda value: WHERE_PRECISION.get(value, ("near", "city")))
    no_place = (where == 7) & ~bad
    if no_place.any():
        notes.append(
            f"{int(no_place.sum()):,} events in international waters or air space "
            "(where_prec 7): kept without a place"
        )
    place_name = text["where_coordinates"]
    for fallback in ("where_description", "adm_1", "country"):
        place_name = place_name.where(place_name != "", text[fallback])
    place_name = place_name.where(place_name != "", "unnamed place")

    kind_a, country_a = _side_kinds(text["side_a"])
    kind_b, country_b = _side_kinds(text["side_b"])
    label = violence.map(VIOLENCE).fillna("Violence")
    side_b = text["side_b"]
    title = label + ": " + text["side_a"] + side_b.where(side_b == "", " vs " + side_b)
    title = title + " in " + place_name
    quote = text["source_headline"]
    quote = quote.where(quote != "", text["where_description"])
    sources = text["source_office"] + text["source_original"].where(
        text["source_original"] == "", "; original: " + text["source_original"]
    )
    keep_rows = ~bad
    everything = bool(keep_rows.all())  # no row left out: no need to take every column

    def ok(series) -> pd.Series:
        if not isinstance(series, pd.Series):
            series = pd.Series(series, index=data.index)
        return series if everything else series[keep_rows]

    records = pd.DataFrame(
        {
            "line": ok(lines),
            "key": ok(column("id")),
            "start_day": ok(start),
            "end_day": ok(end),
            "precision": ok(precision),
            "event_type": "attack",
            "title": ok(title),
            "description": ok(_description(text, column)),
            "quote": ok(quote),
            "sources": ok(sources),
            "place_name": ok(place_name),
            "lat": ok(lat),
            "lon": ok(lon),
            "lat_text": ok(lat.astype(str)),
            "lon_text": ok(lon.astype(str)),
            "country": ok(country),
            "place_precision": ok(place.str[0]),
            "place_kind": ok(place.str[1]),
            "actor1": ok(text["side_a"]),
            "actor1_kind": ok(kind_a),
            "actor1_country": ok(country_a),
            "actor2": ok(side_b),
            "actor2_kind": ok(kind_b),
            "actor2_country": ok(country_b),
            "assoc1": "",
            "assoc2": "",
            "tie": ok(np.where(violence == 3, "hostile", "fights")),
            "low": ok(figure["low"]),
            "best": ok(figure["best"]),
            "high": ok(figure["high"]),
        },
    )
    records["event_type"] = "attack"
    records["assoc1"] = ""
    records["assoc2"] = ""
    unknown = (records["country"] == "") & (records["place_precision"] != "")
    if unknown.any():
        codes = column("country_id")[records.index[unknown]].replace("", None).dropna()
        notes.append(
            f"{int(unknown.sum()):,} rows' country_id is not in our table "
            f"({', '.join(codes.unique()[:8]) or '-'}): no place for them"
        )
    built = assemble(
        records,
        fmt=FORMAT,
        file=file,
        publisher="UCDP",
        rows_read=rows_read,
        boundaries=boundaries,
        basis="deaths counted by UCDP GED: low, best and high estimates",
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


def _side_kinds(names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each side's kind and, for a government we can name, its country."""
    government = names.str.match(r"(?i)government of ")
    country = countries_from_names(names.str.replace(r"(?i)^government of ", "", regex=True))
    kind = pd.Series("armed_group", index=names.index, dtype=object)
    kind[government] = "government"
    kind[names.str.lower() == "civilians"] = "organisation"
    return kind, country.where(government, "")


def _description(text: dict[str, pd.Series], column) -> pd.Series:
    out = "UCDP GED: " + text["conflict_name"]
    dyad = text["dyad_name"]
    out += dyad.where(dyad == "", "; " + dyad)
    where = text["adm_1"].str.cat(text["country"], sep=", ").str.strip(", ")
    out += where.where(where == "", "; " + where)
    deaths = (
        "; deaths side A "
        + column("deaths_a")
        + ", side B "
        + column("deaths_b")
        + ", civilians "
        + column("deaths_civilians")
        + ", unknown "
        + column("deaths_unknown")
    )
    given = (column("deaths_a") != "") | (column("best") != "")
    return out + deaths.where(given, "")
