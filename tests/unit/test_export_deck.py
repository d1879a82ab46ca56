"""The brief as a PowerPoint deck (export.deck) and its tables as CSV and Excel
(export.brief_tables). One test draws real pictures with kaleido and Chromium (slow)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.brief import Step, StepView, default_brief, step_view
from dashboard.export.brief_tables import tables_workbook, tables_zip
from dashboard.export.deck import ChartImageError, brief_deck, chart_images
from tests.unit.map_data import real_view_data

PNG = b"\x89PNG\r\n\x1a\n"


def png(width: int = 160, height: int = 82) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def view(title: str, *, figure: bool = True, tables=None) -> StepView:
    sources = pd.DataFrame(
        {
            "source_id": [f"{title}-1", "shared"],
            "title": [f"Source of {title}", "A shared reference"],
            "publisher": ["Publisher A", "Publisher B"],
            "published": ["2014-01", "2010"],
            "url": [f"https://example.org/{title}", ""],
        }
    )
    return StepView(
        step=Step("overview"),
        title=title,
        takeaway=f"What {title} shows.",
        subtitle="",
        figure=go.Figure(go.Bar(x=[1], y=[1])) if figure else None,
        sources=sources,
        tables=tables or {},
    )


def slides_of(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_deck_has_a_title_slide_a_slide_per_step_and_a_sources_slide():
    views = [view("First"), view("Second", figure=False), view("Third")]
    deck = brief_deck(
        "The brief's title", views, byline="An article", link="http://127.0.0.1/brief?x",
        images=[png(), None, png()],
    )  # fmt: skip
    slides = slides_of(deck)
    assert len(slides) == 1 + len(views) + 1
    cover, *steps, sources = slides
    assert texts(cover)[0] == "The brief's title"
    assert "127.0.0.1/brief" in cover.notes_slide.notes_text_frame.text
    for slide, step in zip(steps, views, strict=True):
        assert texts(slide)[0] == step.title
        assert step.takeaway in texts(slide)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if step.figure is not None else 0)
        notes = slide.notes_slide.notes_text_frame.text
        assert f"Source of {step.title}" in notes and f"https://example.org/{step.title}" in notes
    assert texts(sources)[0] == "Sources"
    listed = " ".join(texts(sources))
    assert listed.count("A shared reference") == 1  # each source once
    assert "https://example.org/Third" in sources.notes_slide.notes_text_frame.text


def test_text_from_the_data_stays_text_in_the_deck():
    hostile = view('<b>bold</b> & "quotes" \x0b\x00 =SUM(A1)')
    slides = slides_of(brief_deck("t", [hostile], images=[png()]))
    title = texts(slides[1])[0]
    assert title.startswith('<b>bold</b> & "quotes"') and "\x00" not in title


def test_many_sources_fit_one_slide_and_all_are_in_its_notes():
    many = view("Many")
    many = StepView(**{**many.__dict__, "sources": pd.concat(
        [many.sources.assign(source_id=f"s{i}", title=f"Title {i}") for i in range(60)]
    )})  # fmt: skip
    slides = slides_of(brief_deck("t", [many], images=[png()]))
    assert len(slides) == 3
    notes = slides[-1].notes_slide.notes_text_frame.text
    assert notes.startswith("60 sources") and "Title 59" in notes
    assert "… and 31 more" in " ".join(texts(slides[-1]))


def test_without_chromium_the_deck_says_what_to_install(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/no/such/chromium")
    with pytest.raises(ChartImageError, match="Chromium"):
        chart_images([go.Figure()])


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_kaleido_draws_a_map_with_the_local_base_map_and_a_real_deck_opens():
    # One real picture (about 4-10 s): the map, whose base layer must come from
    # static/topojson/ (kaleido would otherwise fetch it from a CDN, and fail offline).
    data = real_view_data()
    fault_map = step_view(Step("fault_map"), data)
    [image] = chart_images([fault_map.figure], size=(800, 420))
    assert image.startswith(PNG)
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    assert picture.size == (800, 420)
    # The sea and land of the base map are drawn: many colours, not a blank frame.
    assert len(picture.getcolors(maxcolors=100_000) or []) > 50
    slides = slides_of(brief_deck("t", [fault_map], images=[image]))
    assert len(slides) == 3


# -- the tables -------------------------------------------------------------------------------


FORMULAS = pd.DataFrame(
    {
        "name": ['=HYPERLINK("http://evil.example","x")', "+1", "plain", "@SUM(A1)"],
        "sign": [-1, 1, 0, -1],
        "when": pd.to_datetime(["2014-01-01", "2014-02-01", None, "2013-01-01"], utc=True),
        "ids": [["a", "b"], [], ["c"], ["d"]],
    }
)


def test_the_tables_zip_holds_every_steps_tables_with_formulas_defused():
    views = [view("First step", tables={"hostile": FORMULAS}), view("Second", tables={})]
    archive = zipfile.ZipFile(io.BytesIO(tables_zip(views)))
    names = archive.namelist()
    assert {"contents.csv", "sources.csv", "step-01-first-step/hostile.csv"} <= set(names)
    text = archive.read("step-01-first-step/hostile.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\r\n'+1," in text and "'@SUM" in text
    assert "\r\n=" not in text and ",-1," in text  # numbers stay numbers
    contents = pd.read_csv(io.BytesIO(archive.read("contents.csv")), encoding="utf-8-sig")
    assert list(contents["title"]) == ["First step", "Second"]


def test_the_workbook_has_contents_sources_and_a_sheet_per_table_with_no_live_formula():
    views = [view("First", tables={"hostile": FORMULAS, "empty": FORMULAS.head(0)})]
    book = openpyxl.load_workbook(io.BytesIO(tables_workbook(views)))
    assert book.sheetnames == ["Contents", "Sources", "1 hostile"]
    sheet = book["1 hostile"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]  # nothing runs as a formula
    assert sheet["A2"].value.startswith("'=HYPERLINK")
    assert sheet["B2"].value == -1 and sheet["D2"].value == "a; b"


def test_the_default_story_exports_its_tables():
    data = real_view_data()
    views = [step_view(step, data) for step in default_brief().steps[:2]]
    book = openpyxl.load_workbook(io.BytesIO(tables_workbook(views)))
    assert "1 ties" in book.sheetnames and "2 regions" in book.sheetnames
