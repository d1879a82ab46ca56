"""The one list of the app's pages, used by app.py, the tests and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page file under pages/ and how the navigation shows it."""

    path: str  # relative to the repository root, e.g. "pages/overview.py"
    title: str
    icon: str  # a Material icon name; Streamlit bundles the font, nothing is fetched


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:"),
    PageSpec("pages/fault_map.py", "Fault-lines map", ":material/map:"),
    PageSpec("pages/relationships.py", "Relationships", ":material/hub:"),
    PageSpec("pages/timeline.py", "Timeline", ":material/timeline:"),
    PageSpec("pages/casualties.py", "Casualties and costs", ":material/bar_chart:"),
    PageSpec("pages/evidence.py", "Evidence", ":material/fact_check:"),
    PageSpec("pages/brief.py", "Brief", ":material/slideshow:"),
    PageSpec("pages/your_data.py", "Your data", ":material/upload_file:"),
)
DEFAULT_PAGE = PAGES[0]
