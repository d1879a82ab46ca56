"""Every figure the views make is one plotly accepts with its property checks on.

The busiest charts are built from plain dicts without the checks (charts.palette's
themed_figure: they took a third of a chart's time); a misspelt key would then reach the
browser, which ignores it, and the chart would silently lose what the key set. Here every
view is drawn on the curated data and on an import past the map's and the timeline's
thresholds (regions counted, time binned), in both themes, and each figure is built again
with the checks on, and sent as the app gives it to Streamlit (ui.charts.SentFigure) and
as Streamlit sends it: by orjson's fast path.
"""

from __future__ import annotations

import dataclasses
import functools
import json

import orjson
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboard.analysis.filters import Filters
from dashboard.analysis.geography import map_geography
from dashboard.model.formats import import_file, write_dataset
from dashboard.model.load import load_dataset
from dashboard.model.synthetic import generate_acled
from dashboard.ui.charts import SentFigure
from dashboard.views.base import ViewData
from dashboard.views.fault_map import MapOptions
from dashboard.views.network import NetworkOptions
from dashboard.views.overview import SMALL_VIEWS
from dashboard.views.registry import VIEWS
from dashboard.views.timeline import TimelineOptions
from tests.conftest import DATA_DIR
from tests.unit.map_data import real_boundaries

IMPORTED_EVENTS = 4_000  # past the timeline's 1,500 drawn one by one and the map's 1,000
# Options that draw other traces than the defaults do (by view name).
OTHER_OPTIONS = {
    "network": (NetworkOptions(mode="matrix"),),
    "fault_map": (MapOptions(makeup="ethnic", labels=False),),
    "timeline": (TimelineOptions(lanes="country"),),
}


@functools.cache
def imported(directory):
    export = directory / "acled.csv"
    generate_acled(IMPORTED_EVENTS, seed=11).to_csv(export, index=False)
    tables, _report = import_file(export, format="acled")
    write_dataset(tables, directory / "data")
    dataset, _problems = load_dataset(directory / "data")
    return dataset


@pytest.fixture(scope="module", params=["curated", "imported"])
def dataset(request, tmp_path_factory):
    if request.param == "curated":
        return load_dataset(DATA_DIR)[0]
    return imported(tmp_path_factory.mktemp("import"))


def _checked(figure: go.Figure, where: str) -> None:
    """Fails unless plotly, with its checks on, accepts the figure and would send the browser
    the same: no unknown key, and no value the checks would have changed (a colour scale
    by name, which plotly.js reads otherwise)."""
    try:
        checked = go.Figure(figure.to_plotly_json())  # raises on an unknown key or value
    except ValueError as error:
        pytest.fail(f"{where}: {str(error)[:600]}")
    sent, meant = (_filled(json.loads(f.to_json())) for f in (figure, checked))
    assert sent == meant, where
    # Streamlit is given SentFigure(figure), whose to_dict skips plotly's deep copy: the
    # same JSON as plotly's own to_dict, and the figure (cached, shared) left as it was.
    plotlys = pio.to_json(figure.to_dict(), validate=False)
    sent_dict = SentFigure(figure).to_dict()
    assert pio.to_json(sent_dict, validate=False) == plotlys, where
    assert pio.to_json(figure.to_dict(), validate=False) == plotlys, where
    # Streamlit sends plotly.io.to_json(that dict). orjson writes numbers, text and numeric
    # arrays at once; anything else (a numpy array of text) sends plotly down its slow
    # path, which walks every value in Python (18 of the 22 ms of a map's thumbnail).
    try:
        orjson.dumps(sent_dict, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    except TypeError as error:
        pytest.fail(f"{where}: not sent by orjson's fast path: {error}")


def _filled(value):
    """value without empty dicts and lists (the checks drop them; the browser reads an empty
    one as none)."""
    if isinstance(value, dict):
        value = {k: _filled(v) for k, v in value.items()}
        return {k: v for k, v in value.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [_filled(v) for v in value]
    return value


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_figure_of_every_view_passes_plotlys_checks(dataset, theme):
    geography = map_geography(*real_boundaries(), dataset.regions)
    drawn = 0
    for filters in (Filters(), Filters(countries=("SYR",))):
        data = ViewData(dataset, filters, geography)
        for spec in VIEWS.values():
            for options in (spec.options(), *OTHER_OPTIONS.get(spec.name, ())):
                result = spec.function(data, options, theme=theme)
                for name, figure in result.figures.items():
                    _checked(figure, f"{spec.name} {name} {options} {filters}")
                    drawn += 1
        for name, (view, options, _page, _label) in SMALL_VIEWS.items():
            small = view(dataclasses.replace(data), options, theme=theme).figure
            if small is not None:
                _checked(small, f"small {name} {filters}")
                drawn += 1
    assert drawn >= 30


def test_a_misspelt_key_is_caught():
    # What the test above relies on: a key plotly does not know fails its checks.
    from dashboard.charts.palette import themed_figure

    figure = themed_figure([{"type": "scatter", "x": [1], "y": [2], "colour": "red"}], {}, "light")
    with pytest.raises(pytest.fail.Exception, match="colour"):
        _checked(figure, "a scatter with a misspelt key")
    # And a value the checks would have changed: plotly.js has a "YlOrRd" of its own.
    named = {"type": "choropleth", "locations": ["IRQ"], "z": [1], "colorscale": "YlOrRd"}
    with pytest.raises(AssertionError, match="a scale by name"):
        _checked(themed_figure([named], {}, "light"), "a scale by name")
