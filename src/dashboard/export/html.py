"""The brief as one self-contained HTML file: plotly.js embedded once, the base maps
embedded, every text from the data escaped; it opens with the network cable pulled."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.brief import StepView, all_sources

TOPOJSON_DIR = Path(__file__).resolve().parents[3] / "static" / "topojson"
SOURCE_COLUMNS = ("title", "publisher", "published", "url")

_STYLE = """
:root { color-scheme: light; --ink: #111; --muted: #4a4a4a; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: #fff; }
main { max-width: 1280px; margin: 0 auto; padding: 0 24px 48px; }
section { min-height: 96vh; padding: 32px 0; border-bottom: 1px solid var(--rule);
          page-break-after: always; }
section.cover { display: flex; flex-direction: column; justify-content: center; }
h1 { font-size: 2.6rem; line-height: 1.15; margin: 0 0 16px; }
h2 { font-size: 2rem; line-height: 1.2; margin: 0 0 12px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted);
          font-size: .9rem; margin: 0 0 8px; }
.takeaway { font-size: 1.3rem; font-weight: 600; margin: 0 0 8px; }
.subtitle, .source, .note, .meta { color: var(--muted); }
.source { font-size: .95rem; margin: 8px 0 0; }
.chart { width: 100%; min-height: 420px; }
ol.steps li { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px;
         border-bottom: 1px solid var(--rule); }
td.url { word-break: break-all; color: var(--muted); }
nav.steps-nav { position: fixed; right: 12px; bottom: 12px; font-size: .85rem;
                background: #fff; border: 1px solid var(--rule); padding: 4px 8px; }
@media print { nav.steps-nav { display: none; } section { min-height: auto; } }
"""

# Draws every chart from its JSON; keys step between sections like slides.
_DRAW = """
(function () {
  var config = {displaylogo: false, responsive: true, topojsonURL: "./"};
  document.querySelectorAll("script.figure").forEach(function (node) {
    var figure = JSON.parse(node.textContent);
    var target = document.getElementById(node.dataset.target);
    Plotly.newPlot(target, figure.data, figure.layout, config);
  });
  var sections = Array.prototype.slice.call(document.querySelectorAll("section"));
  function current() {
    var y = window.scrollY + 10;
    var index = 0;
    sections.forEach(function (s, i) { if (s.offsetTop <= y) { index = i; } });
    return index;
  }
  document.addEventListener("keydown", function (event) {
    var step = {ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1}[event.key];
    if (!step) { return; }
    var next = Math.min(Math.max(current() + step, 0), sections.length - 1);
    sections[next].scrollIntoView();
    event.preventDefault();
  });
})();
"""


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _script_json(value: object) -> str:
    """JSON that cannot end its <script> element: every '<' written as its escape."""
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def topojson_names(figures: Sequence[go.Figure]) -> list[str]:
    """The base maps ('world_50m'...) plotly.js would fetch to draw these figures' maps."""
    names = []
    for figure in figures:
        if not any(trace.type in ("scattergeo", "choropleth") for trace in figure.data):
            continue
        for geo in figure.select_geos():
            # plotly.js: topojsonName = scope with '-' for ' ', '_', resolution, 'm'.
            name = f"{(geo.scope or 'world').replace(' ', '-')}_{geo.resolution or 110}m"
            if name not in names:
                names.append(name)
    return names


def _geo_assets(names: Sequence[str]) -> str:
    """window.PlotlyGeoAssets filled with the base maps, so plotly.js fetches none."""
    embedded = {}
    for name in names:
        path = TOPOJSON_DIR / f"{name}.json"
        if path.is_file():
            embedded[name] = path.read_text(encoding="utf-8")
    body = ",".join(f"{json.dumps(name)}:{_script_json(text)}" for name, text in embedded.items())
    return f"window.PlotlyGeoAssets = {{topojson: {{{body}}}}};"


def _sources_table(views: Sequence[StepView]) -> str:
    sources = all_sources(views)
    if sources.empty:
        return "<p class='note'>No sources are cited by these steps.</p>"
    columns = [c for c in SOURCE_COLUMNS if c in sources]
    head = "".join(f"<th>{_esc(c.capitalize())}</th>" for c in columns)
    rows = []
    for row in sources[columns].fillna("").itertuples(index=False):
        cells = "".join(
            f"<td class='{_esc(c)}'>{_esc(v)}</td>" for c, v in zip(columns, row, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f"<p class='note'>{len(sources)} sources, listed once each. Addresses are given as text: "
        "this file makes no request.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def brief_html(
    title: str,
    views: Sequence[StepView],
    *,
    byline: str = "",
    link: str = "",
    made: datetime | None = None,
) -> str:
    """The whole brief as one HTML document (title, steps, sources), ready to save."""
    made = made or datetime.now()
    figures = [v.figure for v in views if v.figure is not None]
    contents = "".join(f"<li>{_esc(v.title)}</li>" for v in views)
    parts = [
        "<section class='cover' id='step-0'>",
        "<p class='kicker'>Fault Lines · brief</p>",
        f"<h1>{_esc(title)}</h1>",
        f"<p class='subtitle'>{_esc(byline)}</p>" if byline else "",
        f"<ol class='steps'>{contents}</ol>",
        f"<p class='meta'>Made {_esc(made.strftime('%d %B %Y, %H:%M'))} from the dashboard's "
        "data. Use the arrow keys to step through.</p>",
        f"<p class='meta'>Reopen in the dashboard: {_esc(link)}</p>" if link else "",
        "</section>",
    ]
    figure_scripts = []
    for number, view in enumerate(views, start=1):
        parts += [
            f"<section class='step' id='step-{number}'>",
            f"<p class='kicker'>Step {number} of {len(views)}</p>",
            f"<h2>{_esc(view.title)}</h2>",
            f"<p class='takeaway'>{_esc(view.takeaway)}</p>",
        ]
        if view.subtitle:
            parts.append(f"<p class='subtitle'>{_esc(view.subtitle)}</p>")
        if view.figure is not None:
            target = f"chart-{number}"
            parts.append(f"<div class='chart' id='{target}'></div>")
            # plotly's own JSON: it encodes numpy arrays and dates, and the light template.
            figure_json = pio.to_json(view.figure, validate=False)
            figure_scripts.append(
                f"<script type='application/json' class='figure' data-target='{target}'>"
                f"{_script_json(figure_json)}</script>"
            )
        for caveat in view.caveats:
            parts.append(f"<p class='note'>{_esc(caveat)}</p>")
        parts += [f"<p class='source'>{_esc(view.source_line)}</p>", "</section>"]
    parts += [
        f"<section class='sources' id='step-{len(views) + 1}'>",
        "<h2>Sources</h2>",
        _sources_table(views),
        "</section>",
    ]
    return "".join(
        [
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{_esc(title)}</title><style>{_STYLE}</style>",
            # Before plotly.js: the maps find their base layer here instead of fetching it.
            f"<script>{_geo_assets(topojson_names(figures))}</script>",
            f"<script>{get_plotlyjs()}</script>",
            "</head><body><main>",
            *parts,
            "</main>",
            *figure_scripts,
            f"<script>{_DRAW}</script>",
            "</body></html>",
        ]
    )
