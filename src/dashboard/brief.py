"""A brief: an ordered list of steps, each one view with its options and filters.

A brief is plain text all the way down (a view's name and two query strings per step), so
it travels in a URL parameter or a small JSON file, and is computed again from the data
wherever it is opened: the Brief page, the HTML file, the deck. Streamlit-free.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.filters import Filters
from dashboard.views.base import ViewData, ViewResult, from_query, to_query
from dashboard.views.registry import VIEWS, view_spec

FILE_FORMAT = "fault-lines-brief"
FILE_VERSION = 1
DEFAULT_TITLE = "Iran and the United States against the Sunni militants?"
MAX_STEPS = 40
MAX_FILE_BYTES = 200_000  # a brief of MAX_STEPS steps is a few kB
MAX_PARAM_CHARS = 8_000  # well inside what browsers and proxies accept in a URL
MAX_TITLE_CHARS = 160
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class BriefError(ValueError):
    """A brief that cannot be read; the message says why, in words for the briefer."""


@dataclass(frozen=True)
class Step:
    """One screen of a brief: a view, its options and filters (as query strings)."""

    view: str
    options: str = ""  # the view's options as a query string ("" = its defaults)
    filters: str = ""  # the global filters as a query string ("" = none)
    title: str = ""  # the briefer's own title ("" = the view's)
    figure: str = ""  # which of the view's figures to show ("" = its main one)

    @classmethod
    def of(
        cls, view: str, options=None, filters: Filters | None = None, *, title: str = "",
        figure: str = "",
    ) -> Step:  # fmt: skip
        """A step from option and filter values (dataclasses), stored as query strings."""
        return cls(
            view,
            _query_text(to_query(options)) if options is not None else "",
            _query_text(to_query(filters)) if filters is not None else "",
            clean_title(title),
            figure,
        )

    def options_value(self):
        """The view's options (its defaults where the query says nothing or is malformed)."""
        spec = view_spec(self.view)
        if spec is None:
            raise BriefError(f"This dashboard has no view called {self.view!r}.")
        return from_query(spec.options, _parse_query(self.options))

    def filters_value(self) -> Filters:
        """The filters the step was added with."""
        return from_query(Filters, _parse_query(self.filters))


@dataclass(frozen=True)
class Brief:
    """An ordered list of steps and a title."""

    steps: tuple[Step, ...] = ()
    title: str = DEFAULT_TITLE

    def added(self, step: Step) -> Brief:
        """This brief with step at the end."""
        return dataclasses.replace(self, steps=(*self.steps, step))

    def removed(self, index: int) -> Brief:
        """This brief without step index."""
        return dataclasses.replace(self, steps=self.steps[:index] + self.steps[index + 1 :])

    def moved(self, index: int, offset: int) -> Brief:
        """This brief with step index moved offset places (kept inside the list)."""
        steps = list(self.steps)
        target = min(max(index + offset, 0), len(steps) - 1)
        steps.insert(target, steps.pop(index))
        return dataclasses.replace(self, steps=tuple(steps))

    def retitled(self, index: int, title: str) -> Brief:
        """This brief with step index given the briefer's title ("" = the view's own)."""
        steps = list(self.steps)
        steps[index] = dataclasses.replace(steps[index], title=clean_title(title))
        return dataclasses.replace(self, steps=tuple(steps))


def clean_title(text: object) -> str:
    """A title on one line, without control characters, of reasonable length."""
    flat = " ".join(_CONTROL.sub(" ", str(text or "")).split())
    return flat[:MAX_TITLE_CHARS]


def _query_text(query: Mapping[str, Sequence[str]]) -> str:
    return urlencode([(key, value) for key, values in query.items() for value in values])


def _parse_query(text: str) -> dict[str, list[str]]:
    return parse_qs(text or "", keep_blank_values=True)


# -- the default brief ---------------------------------------------------------------------


def default_brief(*, hindsight: bool = False) -> Brief:
    """The article's story told from the data: who stands with whom, the fault lines, how
    it came to this, the unbalanced triangle, the figures and their disputes, and (with
    hindsight) what came after."""
    from dashboard.views.fault_map import MapOptions
    from dashboard.views.network import NetworkOptions
    from dashboard.views.timeline import TimelineOptions

    steps = [
        Step.of("network", NetworkOptions(), title="Who stood with whom when the article appeared"),
        Step.of("fault_map", MapOptions(), title="The sectarian fault lines"),
        Step.of("timeline", TimelineOptions(), title="How it came to this"),
        Step.of(
            "network",
            NetworkOptions(mode="ego", ego="iran"),
            title="The unbalanced triangle: Iran, the United States and their common enemies",
        ),
    ]
    steps.append(Step.of("casualties", title="The figures, and where the sources disagree"))
    if hindsight:
        after = Filters(include_after_publication=True)
        steps += [
            Step.of("timeline", TimelineOptions(), after, title="What came after"),
            Step.of(
                "fault_map",
                MapOptions(held_at="2014-12"),
                after,
                title="ISIL's state at the end of 2014",
            ),
            Step.of(
                "network",
                NetworkOptions(as_of=date(2015, 7, 14)),
                after,
                title="The alignment a year and a half on: the nuclear deal",
            ),
        ]
    return Brief(tuple(steps))


# -- in a URL -------------------------------------------------------------------------------


def _step_fields(step: Step) -> list[str]:
    fields = [step.view, step.options, step.filters, step.title, step.figure]
    while len(fields) > 1 and fields[-1] == "":
        fields.pop()  # short links: trailing defaults are left out
    return fields


def to_param(brief: Brief) -> str:
    """The brief as one compact URL-safe parameter value (compressed JSON)."""
    payload = json.dumps(
        [FILE_VERSION, brief.title, [_step_fields(s) for s in brief.steps]],
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    return base64.urlsafe_b64encode(zlib.compress(payload, 9)).decode().rstrip("=")


def from_param(text: str) -> tuple[Brief, list[str]]:
    """The brief in a URL parameter, and notes on any step left out; BriefError when the
    parameter cannot be read at all."""
    broken = BriefError(
        "The brief in this link cannot be read (it may have been cut short when it was "
        "copied). The default brief is shown instead."
    )
    if not text or len(text) > MAX_PARAM_CHARS:
        raise broken
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_FILE_BYTES)
        if inflater.unconsumed_tail:
            raise broken  # a parameter that inflates past a file's size is not ours
        version, title, steps = json.loads(raw)
    except (binascii.Error, zlib.error, ValueError, TypeError, UnicodeDecodeError) as error:
        raise broken from error
    if version != FILE_VERSION or not isinstance(steps, list):
        raise broken
    items = []
    for fields in steps:
        if not isinstance(fields, list) or not fields:
            items.append(None)
            continue
        names = ("view", "options", "filters", "title", "figure")
        items.append(dict(zip(names, fields)))
    return _brief_from_items(title, items, where="link")


# -- in a file ------------------------------------------------------------------------------


def to_json(brief: Brief) -> str:
    """The brief as a small, readable JSON file (options and filters as lists of values)."""
    steps = []
    for step in brief.steps:
        item: dict[str, object] = {"view": step.view}
        if step.title:
            item["title"] = step.title
        if step.figure:
            item["figure"] = step.figure
        item["options"] = _parse_query(step.options)
        item["filters"] = _parse_query(step.filters)
        steps.append(item)
    document = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "title": brief.title,
        "steps": steps,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def from_json(data: bytes | str) -> tuple[Brief, list[str]]:
    """The brief in a JSON file, and notes on any step left out; BriefError with a clear
    message when the file is not a brief at all, or has no step this dashboard can show."""
    if len(data) > MAX_FILE_BYTES:
        raise BriefError(
            f"This file is {len(data):,} bytes: a brief is a few kB. Is it the right file?"
        )
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        document = json.loads(text)
    except UnicodeDecodeError as error:
        raise BriefError("This file is not text (UTF-8): it is not a brief file.") from error
    except ValueError as error:
        raise BriefError(f"This file is not valid JSON ({error}): it is not a brief file.") from (
            error
        )
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise BriefError(
            f'This JSON file is not a brief: a brief file has "format": "{FILE_FORMAT}".'
        )
    if document.get("version") != FILE_VERSION:
        raise BriefError(
            f"This brief file is of version {document.get('version')!r}; this dashboard "
            f"reads version {FILE_VERSION}."
        )
    steps = document.get("steps")
    if not isinstance(steps, list):
        raise BriefError('This brief file has no list of "steps".')
    return _brief_from_items(document.get("title"), steps, where="file")


def _query_field(value: object) -> str | None:
    """A query string from a file's {name: [values]} or a link's query text."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        pairs = []
        for key, values in value.items():
            items = values if isinstance(values, list) else [values]
            if not all(isinstance(v, str | int | float | bool) for v in items):
                return None
            pairs += [(key, str(v).lower() if isinstance(v, bool) else str(v)) for v in items]
        return urlencode(pairs)
    return None


def _brief_from_items(title: object, items: list, *, where: str) -> tuple[Brief, list[str]]:
    """Steps checked one by one: a step this dashboard cannot show is left out with a note;
    options and filters are normalised (unknown or malformed values drop to defaults)."""
    if not items:
        raise BriefError(f"This brief {where} has no steps: there is nothing to present.")
    if len(items) > MAX_STEPS:
        raise BriefError(
            f"This brief {where} has {len(items)} steps; a brief holds at most {MAX_STEPS}."
        )
    steps: list[Step] = []
    notes: list[str] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("view"), str):
            notes.append(f"Step {number} was left out: it does not name a view.")
            continue
        spec = view_spec(item["view"])
        if spec is None:
            known = ", ".join(sorted(VIEWS))
            notes.append(
                f"Step {number} was left out: it shows a view called {item['view'][:40]!r}, "
                f"which this dashboard does not have (it has: {known})."
            )
            continue
        options, filters = _query_field(item.get("options")), _query_field(item.get("filters"))
        if options is None or filters is None:
            notes.append(f"Step {number} was left out: its options or filters are malformed.")
            continue
        figure = item.get("figure") or ""
        step = Step.of(
            spec.name,
            from_query(spec.options, _parse_query(options)),
            from_query(Filters, _parse_query(filters)),
            title=item.get("title") if isinstance(item.get("title"), str) else "",
            figure=figure if isinstance(figure, str) else "",
        )
        steps.append(step)
    if not steps:
        raise BriefError(
            f"None of the {len(items)} step(s) of this brief {where} can be shown here: "
            + " ".join(notes)
        )
    return Brief(tuple(steps), clean_title(title) or DEFAULT_TITLE), notes


# -- a step, computed ------------------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    """What one step shows: its title, takeaway, chart and sources, ready to present."""

    step: Step
    title: str
    takeaway: str
    subtitle: str
    figure: go.Figure | None
    sources: pd.DataFrame
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()

    @property
    def source_line(self) -> str:
        """One line naming the sources behind the step."""
        return source_line(self.sources)


def view_data_for(step: Step, base: ViewData) -> ViewData:
    """The step's own data: base's dataset and geography, cut by the step's filters (base
    itself when they are base's: its cut serves)."""
    filters = step.filters_value()
    if filters == base.filters:
        return base
    # base's cut is for base's filters: a step added with hindsight on was drawn from the
    # page's cut without the events after publication.
    return dataclasses.replace(base, filters=filters, cut=None)


def step_view(
    step: Step, base: ViewData, *, theme: str = "light", height: int | None = None,
    result: ViewResult | None = None,
) -> StepView:  # fmt: skip
    """The step computed on base's dataset (result: the view already computed, if cached)."""
    spec = view_spec(step.view)
    if spec is None:
        raise BriefError(f"This dashboard has no view called {step.view!r}.")
    if result is None:
        kwargs = {"theme": theme}
        if height is not None and spec.takes_height:
            kwargs["height"] = height
        result = spec.function(view_data_for(step, base), step.options_value(), **kwargs)
    figure = result.figures.get(step.figure) if step.figure else None
    return StepView(
        step=step,
        title=step.title or result.title,
        takeaway=result.takeaway,
        subtitle=result.subtitle,
        figure=figure if figure is not None else result.figure,
        sources=result.sources,
        tables=result.tables,
        caveats=result.caveats,
    )


def source_line(sources: pd.DataFrame, *, shown: int = 3) -> str:
    """'Sources: A (2014-01); B; C and 12 more' from a view's sources table."""
    if sources is None or sources.empty:
        return "Sources: none cited for what is shown."
    names = []
    for row in sources.itertuples(index=False):
        publisher = str(getattr(row, "publisher", "") or getattr(row, "title", "") or "")
        published = str(getattr(row, "published", "") or "")
        name = f"{publisher} ({published})" if published else publisher
        if name and name not in names:
            names.append(name)
    text = "; ".join(names[:shown])
    more = len(sources) - min(shown, len(names))
    return f"Sources: {text}" + (f" and {more} more (see the list of sources)" if more > 0 else "")


def all_sources(views: Sequence[StepView]) -> pd.DataFrame:
    """Every source cited by the steps, once, in order of first citation."""
    frames = [v.sources for v in views if v.sources is not None and not v.sources.empty]
    if not frames:
        return pd.DataFrame(columns=["source_id", "title", "publisher", "published", "url"])
    sources = pd.concat(frames, ignore_index=True)
    key = "source_id" if "source_id" in sources else sources.columns[0]
    return sources.drop_duplicates(subset=key).reset_index(drop=True)
