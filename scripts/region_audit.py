"""Audit which admin-1 regions of the map are coloured by their own row, by a country default,
or not at all.

For every country drawn by region (every iso3 in ``geo/admin1.geojson``) and for both make-up
layers (religious ``majority``, ethnic ``ethnic_majority``), count the regions that

- **own**: carry their own regions.csv row with a majority;
- **country**: fall back to the country-level row (its majority colours them);
- **not sourced**: have no majority at all (no own row and no country row, or an own or
  country row whose majority is empty: grey on the map).

The fallback rule is not re-implemented here: the regions are read through the project's own
``map_geography`` (``regions_with_makeup`` on ``makeup_rows``), and ``makeup_level`` says which
row a region took its values from.

    .venv/bin/python scripts/region_audit.py [--data data] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from dashboard.analysis.geography import map_geography
from dashboard.model.boundaries import load_boundaries
from dashboard.model.load import load_dataset

LAYERS = {"religion": "religious", "ethnicity": "ethnic"}
STATUSES = ("own", "country", "not_sourced")


def region_status(regions: pd.DataFrame) -> pd.Series:
    """Each region's status: 'own', 'country' or 'not_sourced' (from makeup_level, majority)."""
    sourced = regions["majority"].notna()
    level = regions["makeup_level"]
    status = pd.Series("not_sourced", index=regions.index, dtype=object)
    status[sourced & (level == "admin1")] = "own"
    status[sourced & (level == "country")] = "country"
    return status


def audit(data_dir: str | Path) -> dict:
    """Counts per country and layer, the totals, and the regions each count is made of."""
    data_dir = Path(data_dir)
    dataset, _problems = load_dataset(data_dir)
    admin1, countries = load_boundaries(data_dir / "geo")
    geography = map_geography(admin1, countries, dataset.regions)
    names = dict(zip(countries["iso3"], countries["name"]))
    own_codes = set(dataset.regions["adm1_code"].dropna())

    result: dict = {"countries": {}, "totals": {}}
    for kind in LAYERS:
        regions, _lines = geography.makeup(kind)
        frame = pd.DataFrame(
            {
                "iso3": regions["iso3"],
                "adm1_code": regions["adm1_code"],
                "status": region_status(regions),
                "own_row_empty": (regions["makeup_level"] == "admin1") & regions["majority"].isna(),
            }
        )
        for iso3, group in frame.groupby("iso3", sort=True):
            entry = result["countries"].setdefault(
                iso3, {"name": names.get(iso3, iso3), "regions": len(group)}
            )
            counts = {s: int((group["status"] == s).sum()) for s in STATUSES}
            counts["own_row_empty"] = int(group["own_row_empty"].sum())
            counts["not_sourced_regions"] = sorted(
                group.loc[group["status"] == "not_sourced", "adm1_code"]
            )
            # A region with an own row (for the other layer) that this layer still colours
            # by the country default: the first place to look for a guess.
            fallback = (group["status"] == "country") & group["adm1_code"].isin(own_codes)
            counts["country_despite_own_row"] = sorted(group.loc[fallback, "adm1_code"])
            entry[kind] = counts
        totals = {s: int((frame["status"] == s).sum()) for s in STATUSES}
        totals["own_row_empty"] = int(frame["own_row_empty"].sum())
        totals["regions"] = len(frame)
        result["totals"][kind] = totals
    return result


def table_text(result: dict) -> str:
    """The audit as a plain-text table: one line per country, then the totals."""
    head = (
        f"{'iso3':<5}{'country':<22}{'regions':>8}  "
        f"{'rel own':>8}{'country':>8}{'n/s':>6}  {'eth own':>8}{'country':>8}{'n/s':>6}"
    )
    lines = [head, "-" * len(head)]

    def row(iso3: str, name: str, n: int, rel: dict, eth: dict) -> str:
        return (
            f"{iso3:<5}{name[:21]:<22}{n:>8}  "
            f"{rel['own']:>8}{rel['country']:>8}{rel['not_sourced']:>6}  "
            f"{eth['own']:>8}{eth['country']:>8}{eth['not_sourced']:>6}"
        )

    for iso3, entry in result["countries"].items():
        rel, eth = entry["religion"], entry["ethnicity"]
        lines.append(row(iso3, entry["name"], entry["regions"], rel, eth))
    totals = result["totals"]
    lines.append("-" * len(head))
    lines.append(
        row("", "total", totals["religion"]["regions"], totals["religion"], totals["ethnicity"])
    )
    lines.append("")
    lines.append(
        "own = own regions.csv row with a majority; country = coloured by the country-level row; "
        "n/s = not sourced (grey)."
    )
    for kind, label in LAYERS.items():
        despite = [
            code
            for entry in result["countries"].values()
            for code in entry[kind]["country_despite_own_row"]
        ]
        if despite:
            lines.append(
                f"{label}: coloured by the country default although the region has an own row "
                f"(for the other layer): {', '.join(despite)}."
            )
        empty = totals[kind]["own_row_empty"]
        if empty:
            lines.append(
                f"{label}: {empty} of the not-sourced regions have an own row with an empty "
                "majority (kept grey on purpose)."
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data", help="the dataset folder (default: data)")
    parser.add_argument("--json", action="store_true", help="print the audit as JSON")
    args = parser.parse_args(argv)
    result = audit(args.data)
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(table_text(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
