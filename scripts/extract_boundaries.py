"""Extract the Middle East admin-1 regions and country outlines from Natural Earth.

Reads the Natural Earth 10m v4.1.0 GeoPackage shipped in Debian's ``qgis-common`` and
writes small, simplified, clockwise-wound GeoJSON files that the dashboard commits, so the
app needs no download at install or run time.

    python scripts/extract_boundaries.py --gpkg /path/to/world_map.gpkg --out data/geo

Without ``--gpkg`` the script fetches the package with ``apt-get download`` into a
temporary directory (needs a Debian/Ubuntu apt source, not root).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

GPKG_IN_DEB = "./usr/share/qgis/resources/data/world_map.gpkg"
NE_VERSION = "4.1.0"

# Countries whose admin-1 regions are drawn and coloured. Natural Earth files the
# Palestinian territories under adm0_a3 "PSX"; we write ISO 3166 "PSE" so they join the
# country layer and the rest of the dataset.
ADMIN1_COUNTRIES = [
    "IRQ",
    "SYR",
    "LBN",
    "JOR",
    "YEM",
    "SAU",
    "IRN",
    "AFG",
    "TUR",
    "KWT",
    "BHR",
    "QAT",
    "ARE",
    "OMN",
    "ISR",
    "PSX",
    "EGY",
]
ADM0_TO_ISO3 = {"PSX": "PSE"}

# The quiet base layer: the core countries plus the neighbours inside the usual view.
# Far-away giants (RUS, CHN, IND, KAZ) are left to plotly's own base map.
NEIGHBOURS = [
    "PAK",
    "TKM",
    "ARM",
    "AZE",
    "GEO",
    "CYP",
    "SDN",
    "LBY",
    "ERI",
    "DJI",
    "ETH",
    "SOM",
    "UZB",
    "TJK",
    "KGZ",
    "GRC",
    "BGR",
    "SSD",
    "TCD",
]

# The admin-1 unit of each country, as its government calls it. The QGIS copy of Natural
# Earth dropped NE's `type_en` column, so the script carries this short table instead.
ADMIN1_TYPE = {
    "IRQ": "Governorate",
    "SYR": "Governorate",
    "LBN": "Governorate",
    "JOR": "Governorate",
    "YEM": "Governorate",
    "SAU": "Region",
    "IRN": "Province",
    "AFG": "Province",
    "TUR": "Province",
    "KWT": "Governorate",
    "BHR": "Governorate",
    "QAT": "Municipality",
    "ARE": "Emirate",
    "OMN": "Governorate",
    "ISR": "District",
    "PSE": "Territory",
    "EGY": "Governorate",
}

# Degrees. 0.01 deg (about 1 km) keeps Beirut, Bahrain's governorates and the Gaza Strip
# recognisable while the whole region stays well under 1 MB.
ADMIN1_TOLERANCE = 0.01
COUNTRY_TOLERANCE = 0.03
# Drop island specks smaller than this (deg^2, about 1 km^2): invisible at the map's
# scale, yet hundreds of them (Aegean, Red Sea, Gulf) would double the file size.
MIN_PART_AREA = 1e-4
DECIMALS = 3  # about 100 m: far finer than the simplification, so no visible change


def fetch_gpkg(workdir: Path) -> Path:
    """Download qgis-common with apt-get and unpack world_map.gpkg into workdir."""
    subprocess.run(["apt-get", "download", "qgis-common"], cwd=workdir, check=True)
    deb = next(workdir.glob("qgis-common_*.deb"))
    tar = subprocess.Popen(
        ["dpkg-deb", "--fsys-tarfile", deb.name], cwd=workdir, stdout=subprocess.PIPE
    )
    subprocess.run(["tar", "-x", GPKG_IN_DEB], cwd=workdir, stdin=tar.stdout, check=True)
    tar.wait()
    return workdir / GPKG_IN_DEB


def code_slug(text: str) -> str:
    """ASCII upper-case slug of a region name ("Al-Qādisiyyah" -> "AL_QADISIYYAH")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "_", ascii_text.upper()).strip("_")


def corrected_name(row) -> str:
    """The region's name, taking GeoNames' name where Natural Earth repeats a name."""
    # NE 4.1.0 labels Panjshir "Parwan" and Daykundi "Uruzgan" (the provinces they were
    # split from in 2004); GeoNames' name (gn_name) is right for those duplicates.
    if row["duplicate_name"] and isinstance(row["gn_name"], str):
        return re.sub(r"^Wilayat-e ", "", row["gn_name"])
    return row["name"]


def admin1_regions(gpkg: Path) -> gpd.GeoDataFrame:
    """The admin-1 regions of ADMIN1_COUNTRIES with stable codes, unsimplified."""
    raw = pyogrio.read_dataframe(gpkg, layer="states_provinces", fid_as_index=True)
    raw = raw[raw["adm0_a3"].isin(ADMIN1_COUNTRIES)].sort_index()
    raw["duplicate_name"] = raw.duplicated(["adm0_a3", "name"], keep=False)
    names = raw.apply(corrected_name, axis=1)
    iso3 = raw["adm0_a3"].replace(ADM0_TO_ISO3)
    # The QGIS copy lacks NE's adm1_code, and FIPS codes repeat (Tehran/Alborz share
    # IR26), so the code is ISO3 + the slugged name: readable in a CSV and stable.
    codes = iso3 + "-" + names.map(code_slug)
    dup_rank = codes.groupby(codes).cumcount()
    codes = codes.where(dup_rank == 0, codes + "_" + (dup_rank + 1).astype(str))
    return gpd.GeoDataFrame(
        {
            "adm1_code": codes.to_numpy(),
            "iso3": iso3.to_numpy(),
            "name": names.to_numpy(),
            "type": iso3.map(ADMIN1_TYPE).to_numpy(),
            "gn_name": raw["gn_name"].to_numpy(),
            "fips": raw["fips"].to_numpy(),
            "ne_fid": raw.index.to_numpy(),
        },
        geometry=raw.geometry.to_numpy(),
        crs=raw.crs,
    )


def country_outlines(gpkg: Path) -> gpd.GeoDataFrame:
    """The outlines of the core countries and their neighbours, unsimplified."""
    raw = pyogrio.read_dataframe(gpkg, layer="countries", fid_as_index=True)
    wanted = {ADM0_TO_ISO3.get(c, c) for c in ADMIN1_COUNTRIES} | set(NEIGHBOURS)
    raw = raw[raw["ISO_A3"].isin(wanted)].sort_values("ISO_A3")
    return gpd.GeoDataFrame(
        {"iso3": raw["ISO_A3"].to_numpy(), "name": raw["NAME"].to_numpy()},
        geometry=raw.geometry.to_numpy(),
        crs=raw.crs,
    )


def without_specks(geom: shapely.Geometry) -> shapely.Geometry:
    """The geometry without polygon parts below MIN_PART_AREA (keeps the largest part)."""
    parts = list(shapely.get_parts(geom))
    kept = [p for p in parts if p.area >= MIN_PART_AREA] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def plotly_ready(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Coverage-simplified, rounded, clockwise geometries."""
    # Simplifying the whole set as one coverage moves each shared edge once, so
    # neighbouring regions keep identical borders: no slivers, no gaps, and the fault
    # lines (shared edges) can be found by exact intersection.
    simple = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    simple = np.array([without_specks(g) for g in simple], dtype=object)
    # Rounding is a pure function of each coordinate, so shared vertices stay shared.
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    rounded = np.array(
        [g if g.is_valid else shapely.make_valid(g, method="structure") for g in rounded],
        dtype=object,
    )
    # plotly's geo subplot fills the outside of a counter-clockwise exterior ring.
    return shapely.orient_polygons(rounded, exterior_cw=True)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write a compact GeoJSON without reorienting rings (RFC 7946 mode would)."""
    collection = json.loads(gdf.to_json(drop_id=True, na="null"))
    path.write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )


def attribution_text(
    gpkg_arg: str | None, admin1: gpd.GeoDataFrame, countries: gpd.GeoDataFrame
) -> str:
    """The ATTRIBUTION.md text: source, licence, and how the files were produced."""
    per_country = admin1.groupby("iso3").size()
    counts = ", ".join(f"{iso} {n}" for iso, n in per_country.items())
    command = (
        "python scripts/extract_boundaries.py"
        + (" --gpkg /path/to/world_map.gpkg" if gpkg_arg else "")
        + " --out data/geo"
    )
    return f"""# Boundaries: attribution and provenance

**Source:** Natural Earth, 1:10m Cultural Vectors, *Admin 1 – States, Provinces* and
*Admin 0 – Countries*, version {NE_VERSION} (https://www.naturalearthdata.com/).
Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.
**Licence:** public domain (https://www.naturalearthdata.com/about/terms-of-use/).

**Where the file came from:** the GeoPackage `world_map.gpkg` (layers `states_provinces`,
`countries`) inside Debian's package `qgis-common`:

```
apt-get download qgis-common
dpkg-deb --fsys-tarfile qgis-common_*.deb | tar -x {GPKG_IN_DEB}
```

**How these files were produced:** `scripts/extract_boundaries.py`, run as

```
{command}
```

1. `admin1.geojson`: the admin-1 regions of {len(per_country)} countries ({counts};
   {len(admin1)} in all). Natural Earth's adm0 code `PSX` is written as ISO `PSE`.
   `adm1_code` = ISO3 + `-` + the upper-case ASCII slug of the name (this QGIS copy
   lacks Natural Earth's own `adm1_code` column, and FIPS codes repeat). Two names are
   corrected from GeoNames (`gn_name`): NE labels Panjshir "Parwan" and Daykundi
   "Uruzgan". `type` is the country's admin-1 unit (a table in the script); `ne_fid`
   is the feature id in the GeoPackage.
2. `countries.geojson`: {len(countries)} country outlines (core and neighbours).
3. Both layers were simplified as a coverage (`shapely.coverage_simplify`, tolerance
   {ADMIN1_TOLERANCE}° for regions, {COUNTRY_TOLERANCE}° for countries), so neighbours
   keep identical shared borders; island parts under {MIN_PART_AREA} deg² were
   dropped; coordinates rounded to {DECIMALS} decimals; polygon exteriors oriented
   clockwise (`shapely.orient_polygons(..., exterior_cw=True)`), which plotly's geo
   subplot needs (it fills the outside of a counter-clockwise ring). This is therefore
   not RFC 7946 ring order, on purpose.

Boundaries are Natural Earth's de facto lines and imply no position on disputed borders.
"""


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpkg", help="world_map.gpkg; default: fetch qgis-common via apt")
    parser.add_argument("--out", default="data/geo", help="output directory (data/geo)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        gpkg = Path(args.gpkg) if args.gpkg else fetch_gpkg(Path(tmp))
        admin1 = admin1_regions(gpkg)
        countries = country_outlines(gpkg)
    admin1["geometry"] = plotly_ready(admin1.geometry.to_numpy(), ADMIN1_TOLERANCE)
    countries["geometry"] = plotly_ready(countries.geometry.to_numpy(), COUNTRY_TOLERANCE)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_geojson(admin1, out / "admin1.geojson")
    write_geojson(countries, out / "countries.geojson")
    (out / "ATTRIBUTION.md").write_text(
        attribution_text(args.gpkg, admin1, countries), encoding="utf-8"
    )
    for name in ("admin1.geojson", "countries.geojson"):
        print(f"{out / name}: {(out / name).stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
