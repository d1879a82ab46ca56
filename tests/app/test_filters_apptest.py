"""Every page obeys the sidebar's filters (and the map its own controls) given in a link.

One table: (page, query string, what to look at, what must appear, what must not). The
query is what a copied link holds: sidebar multiselects bind their *labels* to the URL
(``country=Iraq``, ``actor=John%20Kerry``), the period its two ISO dates.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from dashboard.analysis.evidence import search_evidence
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.boundaries import load_boundaries
from dashboard.model.load import load_dataset
from dashboard.navigation import PAGES
from dashboard.views.overview import record_counts
from tests.conftest import DATA_DIR, REPO_ROOT


def page_path(stem: str) -> str:
    """The registered path of the page file called stem (fails if it is not registered)."""
    [path] = [page.path for page in PAGES if page.path == f"pages/{stem}.py"]
    return path


OVERVIEW, MAP, EVIDENCE = page_path("overview"), page_path("fault_map"), page_path("evidence")
TIMELINE, RELATIONSHIPS = page_path("timeline"), page_path("relationships")
CASUALTIES = page_path("casualties")
FULL, _ = load_dataset(DATA_DIR)
ADMIN1, _ = load_boundaries(DATA_DIR / "geo")
COUNTRY_BOUNDS = {
    iso3: shapely.total_bounds(part.geometry.to_numpy()) for iso3, part in ADMIN1.groupby("iso3")
}


def counted(filters: Filters) -> set[str]:
    """'What=count' of every Overview card under filters, as the data says (not the app)."""
    table = record_counts(filtered_dataset(FULL, filters))
    return {f"{what}={count}" for what, count in zip(table["what"], table["count"], strict=True)}


def claim_count(filters: Filters) -> str:
    return f"claims={len(filtered_dataset(FULL, filters).claims)}"


EVERYTHING = counted(Filters())


# ---- what to look at ----------------------------------------------------------------------


def metrics(app: AppTest) -> set[str]:
    """The Overview's cards as 'What=count'."""
    return {f"{m.label}={m.value}" for m in app.metric}


def table_with(app: AppTest, *columns: str):
    return next(f.value for f in app.dataframe if set(columns) <= set(f.value.columns))


def claims(app: AppTest) -> set[str]:
    """The Evidence page's claims: the ids in its claims table (Tables tab, ``table=claims``)
    and how many claims its search finds ('claims=N', from the "N of M claims" line)."""
    found = {
        f"claims={match.replace(',', '')}"
        for c in app.caption
        for match in re.findall(r"^([\d,]+) of [\d,]+ claims$", c.value.replace("\\", ""))
    }
    tables = [f.value for f in app.dataframe if {"claim_id", "quote"} <= set(f.value.columns)]
    return found | {claim for table in tables for claim in table["claim_id"]}


def places(app: AppTest) -> set[str]:
    """The place ids of the map page's places table."""
    return set(table_with(app, "id", "place_kind")["id"])


def region_countries(app: AppTest) -> set[str]:
    """The countries of the map page's regions table."""
    return set(table_with(app, "region", "majority")["country"])


def map_spec(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def traces(app: AppTest) -> set[str]:
    """The names of the (first) map's traces ('Places and events' read as 'Places')."""
    return {re.sub(r" and events$", "", trace.get("name") or "") for trace in map_spec(app)["data"]}


def faded(app: AppTest) -> set[str]:
    """The groups the map draws faded."""
    return {
        t["name"]
        for t in map_spec(app)["data"]
        if t["type"] == "choropleth" and t.get("marker", {}).get("opacity", 1) < 1
    }


def framed(app: AppTest) -> set[str]:
    """The countries (drawn by region) that lie wholly inside the (first) map's frame."""
    geo = map_spec(app)["layout"]["geo"]
    west, east = geo["lonaxis"]["range"]
    south, north = geo["lataxis"]["range"]
    return {
        iso3
        for iso3, (minx, miny, maxx, maxy) in COUNTRY_BOUNDS.items()
        if west <= minx and maxx <= east and south <= miny and maxy <= north
    }


def months(app: AppTest) -> set[str]:
    """The month(s) of militant control the map's takeaway speaks of, wherever it is shown
    (in the page's text or in the figure itself)."""
    shown = [m.value for m in app.markdown] + [c.value for c in app.caption]
    shown.append(app.get("plotly_chart")[0].proto.spec)
    text = " ".join(shown).replace("\\", "")
    return set(
        re.findall(r"militants held \d+ sourced area\(s\) in (\w{3} \d{4})", text)
        + re.findall(r"no militant control is sourced for (\w{3} \d{4})", text)
        + re.findall(r"area\(s\) under militant control, (\w{3} \d{4})", text)
    )


def events(app: AppTest) -> set[str]:
    """The titles in the Timeline's table of events in view."""
    return set(table_with(app, "Event", "Precision")["Event"])


def ties(app: AppTest) -> set[str]:
    """The Relationships page's ties in view, as 'A – B', and how many there are."""
    table = table_with(app, "actor_a", "actor_b", "tie")
    pairs = {f"{a} – {b}" for a, b in zip(table["actor_a"], table["actor_b"], strict=True)}
    return {*pairs, f"ties={len(table)}"}


def figure_subjects(app: AppTest) -> set[str]:
    """The subjects in the Casualties page's table of every figure, and how many rows."""
    table = table_with(app, "subject", "measure", "range")
    return {*table["subject"], f"figures={len(table)}"}


KERRY_EVENT = "Kerry suggests Iran could help 'from the sidelines' of Geneva II"
SYRIAN_WAR = "Syrian uprising and civil war"
HINDSIGHT_EVENT = "Geneva II conference on Syria opens at Montreux (without Iran)"

CASES: list = [
    # page, query, what to look at, must appear, must not appear
    (OVERVIEW, {"actor": "John Kerry"}, metrics, {"Actors=1"}, EVERYTHING),
    (
        OVERVIEW,
        {"country": "Iraq"},
        metrics,
        counted(Filters(countries=("IRQ",))),
        EVERYTHING - counted(Filters(countries=("IRQ",))),
    ),
    (OVERVIEW, {"country": "Iraq"}, framed, {"IRQ"}, {"SYR", "IRN", "SAU", "TUR"}),
    (
        OVERVIEW,
        {"sect": "Shia"},
        metrics,
        counted(Filters(sects=("shia",))),
        EVERYTHING - counted(Filters(sects=("shia",))),
    ),
    (
        OVERVIEW,
        {"period": ["2013-01-01", "2013-12-31"]},
        metrics,
        counted(Filters(start=date(2013, 1, 1), end=date(2013, 12, 31))),
        EVERYTHING - counted(Filters(start=date(2013, 1, 1), end=date(2013, 12, 31))),
    ),
    (
        OVERVIEW,
        {"after": "true"},
        metrics,
        counted(Filters(include_after_publication=True)),
        EVERYTHING - counted(Filters(include_after_publication=True)),
    ),
    (MAP, {"country": "Iraq"}, framed, {"IRQ"}, {"SYR", "IRN", "SAU", "TUR"}),
    (
        MAP,
        {"country": "Iraq"},
        places,
        {"fallujah", "ramadi", "baghdad", "mosul"},
        {"tehran", "damascus", "geneva", "raqqa"},
    ),
    (MAP, {"country": "Iraq"}, region_countries, {"IRQ"}, {"SYR", "IRN"}),
    (MAP, {"focus": "Syria"}, framed, {"SYR"}, {"IRQ", "IRN", "SAU"}),
    (MAP, {"focus": "Syria"}, places, {"damascus", "raqqa"}, {"fallujah", "tehran"}),
    (MAP, {"focus": "Syria"}, region_countries, {"SYR"}, {"IRQ"}),
    (MAP, {}, traces, {"Sunni", "Fault line", "Places"}, set()),
    (
        MAP,
        {"layers": "Sect make-up"},
        traces,
        {"Sunni", "Shia"},
        {"Fault line", "Places", "Held places"},
    ),
    (
        MAP,
        {"layers": ["Fault lines", "Places"]},
        traces,
        {"Fault line", "Places"},
        {"Sunni", "Shia", "Held places"},
    ),
    (MAP, {"sect": "Shia"}, faded, {"Sunni"}, {"Shia"}),
    (MAP, {}, months, {"Jan 2014"}, {"Jun 2015"}),
    (MAP, {"after": "true", "held_at": "Jun 2015"}, months, {"Jun 2015"}, {"Jan 2014"}),
    (
        EVIDENCE,
        {"country": "Iraq", "table": "claims"},
        claims,
        {"a_fallujah", "c_factbox_iraq", claim_count(Filters(countries=("IRQ",)))},
        {"c_ap_oman", "c_guardian_damascus", "c_ctc_qusayr", claim_count(Filters())},
    ),
    (
        EVIDENCE,
        {"actor": "John Kerry", "table": "claims"},
        claims,
        {"a_kerry", "c_jpost_kerry", claim_count(Filters(actors=("john_kerry",)))},
        {"a_fallujah", "c_guardian_damascus", claim_count(Filters())},
    ),
    (TIMELINE, {"actor": "John Kerry"}, events, {KERRY_EVENT}, {SYRIAN_WAR, "Iran-Iraq war"}),
    (TIMELINE, {"country": "Syria"}, events, {SYRIAN_WAR}, {KERRY_EVENT, "Iran-Iraq war"}),
    (TIMELINE, {"after": "true"}, events, {HINDSIGHT_EVENT}, set()),
    (TIMELINE, {}, events, {SYRIAN_WAR, "Iran-Iraq war"}, {HINDSIGHT_EVENT}),
    (
        RELATIONSHIPS,
        {"country": "Syria"},
        ties,
        {"Free Syrian Army – Hezbollah"},
        # Ties among the Syrian actors' partners stay (a triangle needs them); others go.
        {"Houthis – Saudi Arabia", "Taliban – United States", "AQAP – Yemen"},
    ),
    # Kerry has a key date but no tie: the page shows an empty table (it crashed before
    # 7390c48, in views/network.py _tie_table).
    (RELATIONSHIPS, {"actor": "John Kerry"}, ties, {"ties=0"}, {"Iran – United States"}),
    (RELATIONSHIPS, {}, ties, {"Houthis – Saudi Arabia", "Free Syrian Army – Hezbollah"}, set()),
    (CASUALTIES, {"country": "Syria"}, figure_subjects, {SYRIAN_WAR}, {"Iran-Iraq war"}),
    (CASUALTIES, {"actor": "John Kerry"}, figure_subjects, {"figures=0"}, {"Iran-Iraq war"}),
    (CASUALTIES, {}, figure_subjects, {SYRIAN_WAR, "Iran-Iraq war"}, {"figures=0"}),
    (
        EVIDENCE,
        {"q": "Fallujah"},
        claims,
        {f"claims={len(search_evidence(filtered_dataset(FULL, Filters()), 'Fallujah'))}"},
        {claim_count(Filters())},
    ),
]


# The brief's steps carry their own filters (only the hindsight switch follows the
# sidebar): its cases are owed by the brief's tests. "Your data" shows an upload, not the
# data, so no filter applies to it. Every other page must have some here.
OWED = {page_path("brief"), page_path("your_data")}


def case_id(case) -> str:
    page, query, look_at, *_ = case.values if hasattr(case, "values") else case
    return f"{page.split('/')[-1][:-3]}-{query or 'no filter'}-{look_at.__name__}"


def run_page(page: str, query: dict) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.query_params.update(query)
    app.run().switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.parametrize(
    ("page", "query", "look_at", "must", "must_not"),
    CASES,
    ids=[case_id(case) for case in CASES],
)
def test_a_page_obeys_the_filters_in_its_link(page, query, look_at, must, must_not):
    assert must, "a case must name something that must appear"
    seen = look_at(run_page(page, query))
    assert must <= seen, f"missing: {must - seen}"
    assert not (must_not & seen), f"should not be shown: {must_not & seen}"


def test_every_page_has_filter_cases():
    pages = {(case.values if hasattr(case, "values") else case)[0] for case in CASES}
    assert pages | OWED == {page.path for page in PAGES}
    assert not pages & OWED, "a page with cases is no longer owed any"


def test_the_cases_expect_a_change():
    # A filter that changed nothing would make its row pass for the wrong reason.
    assert counted(Filters(actors=("john_kerry",))) != EVERYTHING
    assert claim_count(Filters(countries=("IRQ",))) != claim_count(Filters())
    assert claim_count(Filters(actors=("john_kerry",))) != claim_count(Filters())


def test_exact_dates_are_drawn_once_opened_and_set_the_period():
    # Closed, the two date pickers are not sent at all (they cost every first page load
    # about a second in the browser); opening the expander reruns and draws them.
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120).run()
    assert [e.label for e in app.sidebar.expander] == ["Exact dates"]
    assert len(app.date_input) == 0
    app.session_state["exact_dates"] = True  # what opening it does
    app.run()
    assert [d.label for d in app.date_input] == ["From", "To"]
    app.date_input(key="period_from").set_value(date(2013, 1, 1)).run()
    assert app.slider(key="period").value[0] == date(2013, 1, 1)
    assert not app.exception
