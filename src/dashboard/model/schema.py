"""The tables of a dataset directory and the pandera schema of each, on the raw text.

Schemas check the cells as written (strings), before any parsing, so every failure can be
reported against the exact file, line and column a person would open in a spreadsheet.
The data dictionary in data/README.md documents the same rules for people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from dashboard.model.dates import DATE_PATTERN, ONGOING, earliest_days

GROUPS = (
    "sunni",
    "shia",
    "alawite",
    "druze",
    "christian",
    "ibadi",
    "jewish",
    "kurdish",
    "mixed",
    "secular",
    "none",
)
# The ethnic make-up of a region (regions.csv, ethnic_* columns), apart from its religion.
ETHNIC_GROUPS = (
    "arab",
    "kurd",
    "persian",
    "azeri",
    "turkmen",
    "turk",
    "baloch",
    "pashtun",
    "tajik",
    "hazara",
    "lur",
    "jewish",
    "mixed",
    "none",
)
# The branch of a region's Shia group (regions.csv, shia_branch), where a source names it.
# Alawites are a group of their own (GROUPS), not a branch here.
SHIA_BRANCHES = ("twelver", "zaydi", "ismaili")
LAYERS = ("at_publication", "after_publication")
ACTOR_KINDS = ("state", "government", "armed_group", "person", "organisation")
PLACE_KINDS = ("city", "province", "country", "region", "site")
# How closely a place's coordinates locate what happened there (imported data carries it:
# ACLED geo_precision, UCDP where_prec). Empty: as precise as its kind says.
PLACE_PRECISIONS = ("exact", "near", "district", "province", "country")
EVENT_TYPES = (
    "war",
    "uprising",
    "revolution",
    "crisis",
    "attack",
    "takeover",
    "regime_change",
    "diplomacy",
    "offer",
    "statement",
    "publication",
)
RELATION_KINDS = (
    "ally",
    "supports",
    "offers_aid",
    "hostile",
    "fights",
    "negotiates",
    "mediates",
    "invites",
    "governs",
    "opposes",
)
METRICS = (
    "deaths",
    "military_deaths",
    "civilian_deaths",
    "cost_usd",
    "duration_days",
    "duration_years",
    "displaced",
    "hostages",
    "count",
    "population",  # people living in the subject's country or area: deaths per 100,000
)
SOURCE_KINDS = ("article", "reference", "news")
RELIABILITY = ("high", "medium", "low")
EXTENTS = ("full", "partial", "contested")
DISCREPANCY_TABLES = ("actors", "events", "relations", "figures", "places")

# How the loader types a column after its text passed the checks (pa.Column metadata): the
# one place that says which columns hold numbers, dates, flags and id lists.
PARSED_AS = "parsed_as"
NUMBER, INTEGER, FLAG, DATE, ID_LIST = "number", "integer", "flag", "date", "id_list"

ID_PATTERN = r"[a-z0-9_]+"
ID_LIST_PATTERN = rf"{ID_PATTERN}(;{ID_PATTERN})*"
ISO3_PATTERN = r"[A-Z]{3}"
NUMBER_PATTERN = r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"


def _matches(pattern: str, error: str, *, optional: bool) -> pa.Check:
    """A check that every cell matches pattern (empty cells allowed when optional)."""
    full = f"({pattern})?" if optional else pattern
    return pa.Check.str_matches(f"(?:{full})$", error=error)


def _text(*, required: bool = False) -> pa.Column:
    checks = (
        [pa.Check(lambda s: s.str.strip() != "", error="must not be empty")] if required else []
    )
    return pa.Column(str, checks=checks)


def _id(*, optional: bool = False) -> pa.Column:
    return pa.Column(
        str,
        _matches(ID_PATTERN, "must be an id: lower-case letters, digits and _", optional=optional),
    )


def _id_list(*, optional: bool = False) -> pa.Column:
    error = "must be ids separated by ';' (no spaces)" + ("" if optional else ", at least one")
    return pa.Column(
        str, _matches(ID_LIST_PATTERN, error, optional=optional), metadata={PARSED_AS: ID_LIST}
    )


def _date(*, optional: bool = False, ongoing: bool = False) -> pa.Column:
    pattern, error = DATE_PATTERN, "must be a date: YYYY, YYYY-MM or YYYY-MM-DD"
    if ongoing:
        pattern, error = f"{DATE_PATTERN}|{ONGOING}", f"{error}, or '{ONGOING}'"
    return pa.Column(
        str,
        [
            _matches(pattern, error, optional=optional),
            pa.Check(_is_real_date, error="is not a real calendar date"),
        ],
        metadata={PARSED_AS: DATE},
    )


def _number(*, optional: bool = True, minimum: float | None = None, maximum=None) -> pa.Column:
    checks = [
        _matches(NUMBER_PATTERN, "must be a number (use . for decimals)", optional=optional),
        # 1e400 or a 5,000-digit integer reads as infinity: "at least $inf trillion".
        pa.Check(_is_finite, error="is too large to be a number (it reads as infinity)"),
    ]
    if minimum is not None or maximum is not None:
        checks.append(
            pa.Check(
                lambda s: _in_range(s, minimum, maximum),
                error=(
                    f"must be between {minimum} and {maximum}"
                    if minimum is not None and maximum is not None
                    else f"must be at least {minimum}"
                    if minimum is not None
                    else f"must be at most {maximum}"
                ),
            )
        )
    return pa.Column(str, checks, metadata={PARSED_AS: NUMBER})


def _enum(
    values: tuple[str, ...], *, optional: bool = False, parsed_as: str | None = None
) -> pa.Column:
    allowed = (*values, "") if optional else values
    check = pa.Check.isin(allowed, error=f"must be one of: {', '.join(values)}")
    return pa.Column(str, check, metadata={PARSED_AS: parsed_as} if parsed_as else None)


def _iso3(*, optional: bool = False) -> pa.Column:
    return pa.Column(
        str, _matches(ISO3_PATTERN, "must be an ISO 3166 alpha-3 code", optional=optional)
    )


def _is_real_date(cells: pd.Series) -> pd.Series:
    # Only cells that already look like dates are judged here; the pattern check reports
    # the rest, so one bad cell gets one message.
    looks_like = cells.str.fullmatch(DATE_PATTERN).fillna(False).astype(bool)
    return ~looks_like | earliest_days(cells).notna()


def _as_numbers(cells: pd.Series) -> pd.Series:
    """The cells as floats; NaN where a cell is not a number (the pattern check says so)."""
    # astype, not pd.to_numeric: a 5,000-digit integer must read as infinity, not NaN.
    numbers = cells.str.fullmatch(NUMBER_PATTERN).fillna(False).astype(bool)
    return cells.where(numbers, "nan").astype("float64")


def _in_range(cells: pd.Series, minimum: float | None, maximum: float | None) -> pd.Series:
    values = _as_numbers(cells)
    # Not a number, or infinite: the pattern check or _is_finite says so, once.
    judged = values.notna() & np.isfinite(values)
    inside = pd.Series(True, index=cells.index)
    if minimum is not None:
        inside &= values >= minimum
    if maximum is not None:
        inside &= values <= maximum
    return ~judged | inside


def _is_finite(cells: pd.Series) -> pd.Series:
    # A 5,000-digit integer or 1e400 reads as infinity, not NaN.
    values = _as_numbers(cells)
    return values.isna() | np.isfinite(values)


@dataclass(frozen=True)
class Table:
    """A table of the dataset: its file, its id column and the schema of its raw text."""

    name: str
    id_column: str | None
    schema: pa.DataFrameSchema
    # Text columns whose values repeat down a large table (a few event types and layers,
    # some thousands of places, ACLED's stock descriptions and actor lists): loaded as
    # pandas categoricals, each distinct text stored once. A million imported events take
    # 213 MB instead of 518, and every filtered cut copies as much less. An import's event
    # titles (type, actors, place) half repeat: as text, a cut spent half its copying
    # of the events on them.
    repeating: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        """The columns every file of this table must have."""
        return [name for name, column in self.schema.columns.items() if column.required]

    def columns_parsed_as(self, kind: str) -> list[str]:
        """The columns typed as kind (NUMBER, INTEGER, FLAG, DATE or ID_LIST) after loading."""
        return [
            name
            for name, column in self.schema.columns.items()
            if (column.metadata or {}).get(PARSED_AS) == kind
        ]

    @property
    def optional_columns(self) -> list[str]:
        """Columns a file may leave out; when present they are checked like the rest."""
        return [name for name, column in self.schema.columns.items() if not column.required]


def _optional(column: pa.Column) -> pa.Column:
    """column, allowed to be absent from the file (added later; older datasets lack it)."""
    return pa.Column(column.dtype, column.checks, required=False, metadata=column.metadata)


def _table(
    name: str,
    id_column: str | None,
    columns: dict[str, pa.Column],
    repeating: tuple[str, ...] = (),
) -> Table:
    unique = [id_column] if id_column else None
    schema = pa.DataFrameSchema(columns, unique=unique, strict=False, name=name)
    return Table(name, id_column, schema, repeating)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _table(
            "sources",
            "source_id",
            {
                "source_id": _id(),
                "title": _text(required=True),
                "author": _text(),
                "publisher": _text(required=True),
                "published": _date(optional=True),
                "url": _text(),
                "kind": _enum(SOURCE_KINDS),
                "reliability": _enum(RELIABILITY),
                "note": _text(),
            },
        ),
        _table(
            "claims",
            "claim_id",
            {
                "claim_id": _id(),
                "source_id": _id(),
                "quote": _text(required=True),
                "note": _text(),
            },
        ),
        _table(
            "actors",
            "actor_id",
            {
                "actor_id": _id(),
                "name": _text(required=True),
                "kind": _enum(ACTOR_KINDS),
                "country": _iso3(optional=True),
                "affiliation": _enum(GROUPS),
                "description": _text(),
                "claim_ids": _id_list(),
            },
        ),
        _table(
            "places",
            "place_id",
            {
                "place_id": _id(),
                "name": _text(required=True),
                "kind": _enum(PLACE_KINDS),
                "country": _iso3(),
                "admin1": _text(),
                "lat": _number(optional=False, minimum=-90, maximum=90),
                "lon": _number(optional=False, minimum=-180, maximum=180),
                "claim_ids": _id_list(),
                "precision": _optional(_enum(PLACE_PRECISIONS, optional=True)),
            },
        ),
        _table(
            "events",
            "event_id",
            {
                "event_id": _id(),
                "title": _text(required=True),
                "start": _date(),
                "end": _date(optional=True, ongoing=True),
                "event_type": _enum(EVENT_TYPES),
                "place_id": _id(optional=True),
                "actor_ids": _id_list(optional=True),
                "description": _text(),
                "layer": _enum(LAYERS),
                "claim_ids": _id_list(),
            },
            repeating=("event_type", "place_id", "actor_ids", "title", "description", "layer"),
        ),
        _table(
            "relations",
            "relation_id",
            {
                "relation_id": _id(),
                "source_actor": _id(),
                "target_actor": _id(),
                "kind": _enum(RELATION_KINDS),
                "sign": _enum(("1", "0", "-1"), parsed_as=INTEGER),
                "directed": _enum(("true", "false"), parsed_as=FLAG),
                "start": _date(),
                "end": _date(optional=True),
                "layer": _enum(LAYERS),
                "description": _text(),
                "claim_ids": _id_list(),
            },
        ),
        _table(
            "figures",
            "figure_id",
            {
                "figure_id": _id(),
                "subject_id": _id(),
                "metric": _enum(METRICS),
                # counts of people, money and time: never below zero
                "low": _number(minimum=0),
                "best": _number(minimum=0),
                "high": _number(minimum=0),
                "unit": _text(required=True),
                "as_of": _date(optional=True),
                "basis": _text(),
                "layer": _enum(LAYERS),
                "source_id": _id(),
                "claim_ids": _id_list(),
                "note": _text(),
            },
        ),
        _table(
            "discrepancies",
            "discrepancy_id",
            {
                "discrepancy_id": _id(),
                "table": _enum(DISCREPANCY_TABLES),
                "record_id": _id(),
                "field": _text(required=True),
                "article_claim_id": _id(),
                "article_value": _text(required=True),
                "reference_value": _text(required=True),
                "reference_claim_ids": _id_list(),
                "explanation": _text(required=True),
            },
        ),
        _table(
            "regions",
            None,  # keyed by adm1_code, which is empty for country-level rows
            {
                "adm1_code": _text(),
                "iso3": _iso3(),
                "admin1_name": _text(),
                "majority": _enum(GROUPS, optional=True),  # empty: not sourced, never guessed
                "second_group": _enum(GROUPS, optional=True),
                "majority_share_low": _number(minimum=0, maximum=1),
                "majority_share_high": _number(minimum=0, maximum=1),
                "as_of": _date(optional=True),
                "claim_ids": _id_list(),
                "note": _text(),
                # The ethnic make-up, apart from the religious one above (optional columns).
                "ethnic_majority": _optional(_enum(ETHNIC_GROUPS, optional=True)),
                "ethnic_share_low": _optional(_number(minimum=0, maximum=1)),
                "ethnic_share_high": _optional(_number(minimum=0, maximum=1)),
                "ethnic_as_of": _optional(_date(optional=True)),
                "ethnic_claim_ids": _optional(_id_list(optional=True)),
                # The branch of the row's Shia group (majority or second_group), and the
                # claims that name it (optional columns; empty = not sourced).
                "shia_branch": _optional(_enum(SHIA_BRANCHES, optional=True)),
                "shia_branch_claim_ids": _optional(_id_list(optional=True)),
            },
        ),
        _table(
            "control_areas",
            "area_id",
            {
                "area_id": _id(),
                "name": _text(required=True),
                "controller": _id(),
                "place_id": _id(optional=True),
                "adm1_code": _text(),
                "extent": _enum(EXTENTS),
                "start": _date(),
                "end": _date(optional=True),
                "layer": _enum(LAYERS),
                "claim_ids": _id_list(),
                "note": _text(),
            },
        ),
    )
}
