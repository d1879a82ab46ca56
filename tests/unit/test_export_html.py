"""The brief as one HTML file (export.html): plotly.js once, the base maps inside, nothing
fetched from outside, and every text from the data or the briefer escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from dashboard.brief import Step, StepView, default_brief, step_view
from dashboard.export.html import brief_html, topojson_names
from tests.unit.map_data import real_view_data

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


class Markup(HTMLParser):
    """The tags of a document and their src/href attributes (script bodies are text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def parsed(document: str) -> Markup:
    markup = Markup()
    markup.feed(document)
    return markup


def hostile_view(figure: go.Figure | None = None) -> StepView:
    sources = pd.DataFrame(
        {
            "source_id": ["s1"],
            "title": [HOSTILE],
            "publisher": ['=HYPERLINK("http://evil.example")'],
            "published": ["2014-01"],
            "url": ["javascript:alert(1)"],
        }
    )
    return StepView(
        step=Step("overview", title=HOSTILE),
        title=HOSTILE,
        takeaway=HOSTILE,
        subtitle=HOSTILE,
        figure=figure,
        sources=sources,
        caveats=(HOSTILE,),
    )


def a_map(name: str = HOSTILE) -> go.Figure:
    figure = go.Figure(go.Scattergeo(lon=[44.4], lat=[33.3], text=[name], name="places"))
    figure.update_geos(resolution=50)
    return figure


@pytest.fixture(scope="module")
def story_html() -> tuple[str, int]:
    data = real_view_data()
    brief = default_brief(hindsight=True)
    views = [step_view(step, data) for step in brief.steps]
    return brief_html(brief.title, views), len(views)


def test_plotly_js_is_embedded_once(story_html):
    document, _ = story_html
    assert document.count(get_plotlyjs()[:300]) == 1
    assert document.count("<script>window.PlotlyGeoAssets") == 1


def test_nothing_is_fetched_from_another_host(story_html):
    document, _ = story_html
    links = parsed(document).links
    outside = [url for url in links if url.startswith(("http:", "https:", "//", "ftp:"))]
    assert outside == []
    assert "<link" not in document  # no stylesheet, font or icon to fetch
    assert "@import" not in document and "url(http" not in document


def test_every_step_has_its_section_chart_and_source_line(story_html):
    document, steps = story_html
    assert document.count("<section class='step'") == steps
    assert document.count("<div class='chart'") == steps
    assert document.count("class='figure'") == steps
    assert document.count("<p class='source'>Sources: ") == steps
    assert "<h2>Sources</h2>" in document


def test_the_base_map_travels_inside_the_file_only_when_a_map_needs_it(story_html):
    document, _ = story_html
    assert '"world_50m":{"type":"Topology"' in document.replace(" ", "")
    plain = brief_html("No maps", [hostile_view(go.Figure(go.Bar(x=[1], y=[2])))])
    assert "world_50m" not in plain and "world_110m" not in plain
    assert topojson_names([a_map(), go.Figure()]) == ["world_50m"]
    assert topojson_names([go.Figure(go.Scattergeo(lon=[1], lat=[2]))]) == ["world_110m"]


def test_text_from_the_data_and_the_briefer_is_escaped_everywhere():
    document = brief_html(HOSTILE, [hostile_view(a_map())], byline=HOSTILE, link=HOSTILE)
    assert HOSTILE not in document
    assert "<img" not in document
    assert document.count(ESCAPED) >= 7  # title, cover, step title, takeaway, ...
    # Only our own elements: no tag came from the text, and no script besides ours.
    markup = parsed(document)
    assert set(markup.tags) <= {
        "html", "head", "meta", "title", "style", "script", "body", "main", "section", "p",
        "h1", "h2", "ol", "li", "div", "table", "thead", "tbody", "tr", "th", "td",
    }  # fmt: skip
    assert markup.tags.count("script") == 4  # base maps, plotly.js, the figure, drawing
    assert "javascript:" not in " ".join(markup.links)


def test_a_figure_cannot_close_its_script_element():
    figure = go.Figure(go.Bar(x=["</script><script>alert(1)</script>"], y=[1]))
    document = brief_html("t", [hostile_view(figure)])
    assert "<script>alert(1)" not in document
    assert document.count("</script>") == parsed(document).tags.count("script") == 4
