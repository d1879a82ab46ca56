"""The brief as a PowerPoint deck (python-pptx): a title slide, one slide per step (title,
chart picture, takeaway; its sources in the notes) and the sources.

Chart pictures come from kaleido driving the system's Chromium, with plotly.js from the
plotly package, no MathJax and the base maps from static/topojson/: nothing is downloaded.
"""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.brief import StepView, all_sources

TOPOJSON_DIR = Path(__file__).resolve().parents[3] / "static" / "topojson"
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
IMAGE_SIZE = (1600, 820)  # pixels at scale 1: the picture's shape on the slide
INK = RGBColor(0x11, 0x11, 0x11)
MUTED = RGBColor(0x4A, 0x4A, 0x4A)
SOURCES_ON_SLIDE = 30  # the rest are in the slide's notes (and all in the HTML brief)
TABS = 1
# XML 1.0 forbids these characters; lxml refuses them, so a stray one in the data would
# stop the whole deck.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ChartImageError(RuntimeError):
    """The chart pictures could not be drawn (no Chromium, or it failed)."""


def browser_path() -> str:
    """The Chromium or Chrome kaleido drives: BROWSER_PATH if set, else the system's."""
    chosen = os.environ.get("BROWSER_PATH") or next(
        (path for path in BROWSERS if Path(path).is_file()), None
    )
    if chosen is None or not (Path(chosen).is_file() or shutil.which(chosen)):
        raise ChartImageError(
            "The deck's charts are drawn by Chromium, and none was found. Install it "
            "(Debian: apt-get install chromium) or set BROWSER_PATH to a Chrome or Chromium."
        )
    return chosen


async def _render(figures: Sequence[go.Figure], size: tuple[int, int], progress) -> list[bytes]:
    import kaleido  # imported here: only the deck needs it, and it is slow to import

    topojson = TOPOJSON_DIR.as_uri() + "/"
    opts = {"format": "png", "width": size[0], "height": size[1], "scale": 1}
    done = 0

    async def draw(engine, figure: go.Figure) -> bytes:
        nonlocal done
        image = await engine.calc_fig(figure, opts=opts, topojson=topojson)
        done += 1
        progress(done, len(figures))
        return image

    # A few tabs of one browser draw side by side: startup is paid once.
    tabs = min(TABS, len(figures))
    async with kaleido.Kaleido(n=tabs, path=browser_path(), mathjax=False) as engine:
        return list(await asyncio.gather(*(draw(engine, f) for f in figures)))


def chart_images(
    figures: Sequence[go.Figure],
    *,
    size: tuple[int, int] = IMAGE_SIZE,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[bytes]:
    """PNG pictures of figures, drawn in one Chromium session (about 1-4 s each)."""
    if not figures:
        return []
    # In a thread of its own: the caller may already run an event loop (a web server).
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, _render(figures, size, progress)).result()
        except ChartImageError:
            raise
        except Exception as error:  # kaleido and choreographer raise many kinds
            raise ChartImageError(f"Chromium could not draw the charts: {error}") from error


def xml_safe(text: object) -> str:
    """text without the characters an XML document cannot hold."""
    return _NOT_XML.sub(" ", "" if text is None else str(text))


def _text_box(slide, left, top, width, height, text: str, *, size: int, bold=False, colour=INK):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = xml_safe(text)  # python-pptx writes text as text, never as markup
    paragraph.font.size = Pt(size)
    paragraph.font.bold = bold
    paragraph.font.color.rgb = colour
    return box


def _source_entries(sources) -> list[str]:
    """One line per source: title · publisher · published · address."""
    columns = [c for c in ("title", "publisher", "published", "url") if c in sources]
    return [
        " · ".join(str(value) for value in row if str(value))
        for row in sources[columns].fillna("").itertuples(index=False)
    ]


def _picture(slide, image: bytes, left, top, max_width, max_height) -> None:
    """The picture scaled to fit the box, centred across the slide."""
    width, height = IMAGE_SIZE
    scale = min(max_width / width, max_height / height)
    shown_w, shown_h = int(width * scale), int(height * scale)
    left = left + (max_width - shown_w) // 2
    slide.shapes.add_picture(io.BytesIO(image), left, top, Emu(shown_w), Emu(shown_h))


def brief_deck(
    title: str,
    views: Sequence[StepView],
    *,
    byline: str = "",
    link: str = "",
    made: datetime | None = None,
    images: Sequence[bytes | None] | None = None,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> bytes:
    """The deck as .pptx bytes. images: one PNG per view (None: no chart), drawn with
    chart_images when not given."""
    made = made or datetime.now()
    if images is None:
        drawn = iter(
            chart_images([v.figure for v in views if v.figure is not None], progress=progress)
        )
        images = [next(drawn) if v.figure is not None else None for v in views]
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    margin, width = Inches(0.6), SLIDE_WIDTH - Inches(1.2)

    cover = deck.slides.add_slide(blank)
    _text_box(cover, margin, Inches(2.2), width, Inches(1.8), title, size=40, bold=True)
    lines = [byline, f"{len(views)} steps · made {made:%d %B %Y} from the Fault Lines dashboard"]
    _text_box(cover, margin, Inches(4.2), width, Inches(1.2), " · ".join(filter(None, lines)),
              size=18, colour=MUTED)  # fmt: skip
    if link:
        cover.notes_slide.notes_text_frame.text = xml_safe(
            f"Reopen this brief in the dashboard: {link}"
        )

    for number, (view, image) in enumerate(zip(views, images, strict=True), start=1):
        slide = deck.slides.add_slide(blank)
        _text_box(slide, margin, Inches(0.3), width, Inches(0.8), view.title, size=28, bold=True)
        _text_box(slide, margin, Inches(1.05), width, Inches(0.9), view.takeaway, size=16)
        if image is not None:
            _picture(slide, image, margin, Inches(1.95), width, Inches(4.95))
        else:
            _text_box(slide, margin, Inches(3), width, Inches(1), "(no chart for this view)",
                      size=16, colour=MUTED)  # fmt: skip
        _text_box(slide, margin, Inches(6.95), width, Inches(0.4),
                  f"{number}/{len(views)} · {view.source_line}", size=10, colour=MUTED)  # fmt: skip
        notes = [view.takeaway, view.subtitle, *view.caveats, "", "Sources:"]
        notes += [f"- {entry}" for entry in _source_entries(view.sources)]
        slide.notes_slide.notes_text_frame.text = xml_safe("\n".join(notes))

    sources = all_sources(views).fillna("")
    slide = deck.slides.add_slide(blank)
    _text_box(slide, margin, Inches(0.3), width, Inches(0.8), "Sources", size=28, bold=True)
    shown = [
        " · ".join(str(getattr(row, c, "")) for c in ("publisher", "title") if getattr(row, c, ""))
        for row in sources.itertuples(index=False)
    ]
    if len(shown) > SOURCES_ON_SLIDE:
        shown = [*shown[: SOURCES_ON_SLIDE - 1], f"… and {len(shown) - SOURCES_ON_SLIDE + 1} more"]
    column_width = (width - Inches(0.4)) // 2
    half = -(-len(shown) // 2)
    for column, entries in enumerate((shown[:half], shown[half:])):
        left = margin + column * (column_width + Inches(0.4))
        box = slide.shapes.add_textbox(left, Inches(1.2), column_width, Inches(6))
        box.text_frame.word_wrap = True
        for index, entry in enumerate(entries):
            paragraph = (
                box.text_frame.paragraphs[0] if index == 0 else box.text_frame.add_paragraph()
            )
            paragraph.text = xml_safe(entry[:110])
            paragraph.font.size = Pt(10)
            paragraph.font.color.rgb = INK
    if sources.empty:
        _text_box(slide, margin, Inches(1.2), width, Inches(1), "No sources are cited.", size=16)
    slide.notes_slide.notes_text_frame.text = xml_safe(
        "\n".join([f"{len(sources)} sources cited by the steps:", *_source_entries(sources)])
    )
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
