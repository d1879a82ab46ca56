"""Print JSON: the time to export the default brief as one HTML file and as a deck.

The issue's targets on this machine: the HTML export under 5 s, a deck of 8 slides under
20 s (most of it is kaleido drawing each chart in the system Chromium). The steps' views
are computed first and timed apart, as the Brief page has them cached already.

Run: .venv/bin/python benchmarks/brief_exports.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from dashboard.analysis.geography import map_geography
from dashboard.brief import default_brief, step_view
from dashboard.export.deck import brief_deck
from dashboard.export.html import brief_html
from dashboard.model.boundaries import load_boundaries
from dashboard.model.load import load_dataset
from dashboard.views.base import ViewData

DATA = Path(__file__).resolve().parents[1] / "data"


def main() -> None:
    dataset, _ = load_dataset(DATA)
    admin1, countries = load_boundaries(DATA / "geo")
    data = ViewData(dataset, geography=map_geography(admin1, countries, dataset.regions))
    brief = default_brief(hindsight=True)  # eight steps: the deck size
    started = time.perf_counter()
    views = [step_view(step, data) for step in brief.steps]
    views_s = time.perf_counter() - started
    started = time.perf_counter()
    html = brief_html(brief.title, views)
    html_s = time.perf_counter() - started
    started = time.perf_counter()
    deck = brief_deck(brief.title, views)
    deck_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "benchmark": "brief_exports",
                "steps": len(views),
                "views_s": round(views_s, 2),
                "html_s": round(html_s, 2),
                "html_bytes": len(html.encode("utf-8")),
                "deck_s": round(deck_s, 2),
                "deck_bytes": len(deck),
                "targets": {"html_s": 5, "deck_s": 20},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
