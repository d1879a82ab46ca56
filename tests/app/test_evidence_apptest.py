"""The Evidence page in AppTest: every record of the curated data can be traced, links hold
ids (and older label links still open), search finds synonyms, and the downloads hold what
they say."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard.analysis.evidence import TRACEABLE, record_keys, search_evidence
from dashboard.analysis.filters import Filters, filtered_dataset
from dashboard.model.load import load_dataset
from dashboard.model.schema import TABLES
from dashboard.ui.text import shown_text
from tests.conftest import DATA_DIR, REPO_ROOT

PAGE = "pages/evidence.py"
# Hindsight on: every record of the data is then in view.
EVERYTHING = {"after": "true"}


def evidence_page(**query) -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    app.query_params.update(query)
    app.run().switch_page(PAGE).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def record_picker(app: AppTest, table: str):
    [picker] = [box for box in app.selectbox if box.label == "Record"]
    return picker


def shown_record(app: AppTest) -> dict[str, str]:
    """The fields of the record the trace tab shows (field -> value)."""
    [fields] = [d.value for d in app.dataframe if list(d.value.columns) == ["field", "value"]]
    return dict(zip(fields["field"], fields["value"]))


def record_id_of(table: str, fields: dict[str, str]) -> str:
    id_column = TABLES[table].id_column
    if id_column:
        return fields[id_column]
    return fields["adm1_code"] or fields["iso3"]  # regions: admin-1 code, or country


def url_param(app: AppTest, name: str) -> str | None:
    value = app.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


@pytest.fixture(scope="module")
def curated():
    dataset, problems = load_dataset(DATA_DIR)
    assert problems == []
    return dataset


@pytest.mark.parametrize("table", list(TRACEABLE))
def test_every_record_can_be_traced_and_its_id_is_in_the_url(curated, table):
    keys = list(record_keys(table, curated.table(table)))
    app = evidence_page(**EVERYTHING, trace_table=table)
    picker = record_picker(app, table)
    assert len(picker.options) == len(set(picker.options)) == len(keys)  # all, all distinct
    first = keys[0]
    for key in [*keys[1:], first]:  # the first is already shown: end on it
        record_picker(app, table).set_value(key).run()
        assert not app.exception, (key, [e.message for e in app.exception])
        assert record_picker(app, table).value == key
        assert record_id_of(table, shown_record(app)) == key
        # The link holds the id (the first record is the default: no parameter).
        assert url_param(app, f"trace_{table}") == (None if key == first else key)
        assert url_param(app, "trace_table") == (None if table == "actors" else table)


@pytest.mark.parametrize(
    ("query", "table", "key"),
    [
        # Links made when the pickers wrote their labels into the URL.
        ({"trace_table": "Regions", "trace_regions": "(country level)"}, "regions", "PSE"),
        ({"trace_table": "Regions", "trace_regions": "Baghdad"}, "regions", "IRQ-BAGHDAD"),
        (
            {
                "trace_table": "Figures",
                "trace_figures": "Iran-Iraq war: deaths (src_kurzman_2013)",
            },
            "figures",
            "ref_iiw_iraq_official",
        ),
        ({"trace_table": "Control areas"}, "control_areas", None),
        # Links made now.
        ({"trace_table": "figures", "trace_figures": "ref_iiw_cow"}, "figures", "ref_iiw_cow"),
    ],
)
def test_a_link_opens_its_record_and_is_rewritten_to_ids(curated, query, table, key):
    app = evidence_page(**EVERYTHING, **query)
    assert url_param(app, "trace_table") == table
    expected = key or next(iter(record_keys(table, curated.table(table))))
    assert record_id_of(table, shown_record(app)) == expected
    assert url_param(app, f"trace_{table}") == key


def test_a_link_to_a_record_the_filters_leave_out_says_so():
    app = evidence_page(trace_table="events", trace_events="no_such_event")
    messages = [shown_text(info.value) for info in app.info]
    assert any("no_such_event" in m and "filters" in m for m in messages), messages
    assert url_param(app, "trace_events") == "no_such_event"  # kept for when filters change


def test_choosing_another_kind_of_record_drops_the_last_record_from_the_link():
    app = evidence_page(**EVERYTHING, trace_table="figures", trace_figures="ref_iiw_cow")
    [kind] = [box for box in app.selectbox if box.label == "Kind of record"]
    kind.set_value("places").run()
    assert url_param(app, "trace_table") == "places"
    assert url_param(app, "trace_figures") is None


def claims_found(app: AppTest) -> int:
    [count] = [c.value for c in app.caption if c.value.endswith(" claims")]
    return int(count.split()[0])


def test_search_finds_synonyms_and_highlights_them():
    counts = {q: claims_found(evidence_page(**EVERYTHING, q=q)) for q in ("ISIL", "Daesh", "isis")}
    assert len(set(counts.values())) == 1, counts  # one group, one answer
    app = evidence_page(**EVERYTHING, q="Daesh")
    assert any("also finds" in c.value and "ISIL" in c.value for c in app.caption)
    quotes = [m.value for m in app.markdown if m.value.startswith("> ")]
    assert quotes and any(":orange-background[" in q for q in quotes)
    assert any(":orange-background[ISIL]" in q or "[Islamic State]" in q for q in quotes)
    assert claims_found(evidence_page(**EVERYTHING, q="al-Qaida")) == claims_found(
        evidence_page(**EVERYTHING, q="al Qaeda")
    )


def shown_claim_ids(app: AppTest) -> list[str]:
    """The ids of the search tab's claim cards, top to bottom."""
    return [
        re.search(r"claim `([^`]+)`", m.value).group(1)
        for m in app.tabs[0].markdown
        if "claim `" in m.value
    ]


def test_the_claims_come_a_page_at_a_time_in_their_order(curated):
    everything = filtered_dataset(curated, Filters(include_after_publication=True))
    claims = list(search_evidence(everything, "")["claim_id"])
    assert len(claims) > 40  # three pages at least
    app = evidence_page(**EVERYTHING)
    assert shown_claim_ids(app) == claims[:20]
    [page] = [n for n in app.number_input if n.label.startswith("Page of results")]
    assert page.label == f"Page of results (of {-(-len(claims) // 20)})"
    page.set_value(2).run()
    assert shown_claim_ids(app) == claims[20:40]
    assert f"Results 21–40 of {len(claims)}" in [c.value for c in app.caption]
    # A search is a new list: it opens at its first page.
    app.text_input(key="q").set_value("Fallujah").run()
    found = list(search_evidence(everything, "Fallujah")["claim_id"])
    assert found and shown_claim_ids(app) == found[:20]


def test_each_quote_has_its_sources_reliability_and_link():
    app = evidence_page(**EVERYTHING, q="Daesh")
    lines = [m.value for m in app.markdown if "claim `" in m.value]
    assert lines and all("reliability: " in line for line in lines)
    links = app.get("link_button")
    assert links and all(b.proto.url.startswith(("https://", "http://")) for b in links)


@pytest.fixture
def deferred_downloads(monkeypatch) -> dict[str, object]:
    """file name -> the callable a download button runs when clicked."""
    seen: dict[str, object] = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        seen[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return seen


def test_the_zip_holds_every_table_in_view_named_for_the_filters(deferred_downloads):
    evidence_page(**EVERYTHING, table="events")
    zip_name = "fault-lines_tables_with-hindsight.zip"
    assert set(deferred_downloads) == {"fault-lines_events_with-hindsight.csv", zip_name}
    with zipfile.ZipFile(io.BytesIO(deferred_downloads[zip_name]())) as archive:
        names = set(archive.namelist())
    assert names == {"README.txt"} | {f"fault-lines_{t}_with-hindsight.csv" for t in TABLES}


def test_the_tables_own_csv_export_is_off():
    # The grid's "Download as CSV" does not defuse formulas; only the app's buttons do.
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True
