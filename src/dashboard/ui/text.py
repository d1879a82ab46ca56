"""Putting dataset text on the page as text: never as HTML, never as live Markdown."""

from __future__ import annotations

import re

# Every ASCII punctuation character can be backslash-escaped in CommonMark, and escaping
# them all is simpler to trust than a list: emphasis, links, images, headings (ATX and
# setext '==='), lists, quotes, tables, code, HTML and entities ('&lt;' stays '&lt;'),
# Streamlit's ':red[...]' directives and LaTeX '$'.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Some rewrites run on the text *after* escapes are read, so no backslash can stop them:
# GFM autolinks ('http://', 'www.', 'x@y.org', 'mailto:'), emoji and icon shortcodes
# (':smile:', ':material/home:') and Streamlit's arrows ('->' becomes '→'). A WORD JOINER
# (U+2060, invisible, zero-width) inside each pattern breaks it and changes nothing seen.
WORD_JOINER = "\u2060"
_REWRITTEN_AFTER_ESCAPES = re.compile(
    r"(?<=:)"  # after every colon: 'http:', 'mailto:', ':smile:', ':material/home:'
    r"|(?=@)"  # before every at sign: e-mail autolinks
    r"|(?<=www)(?=\.)",  # between 'www' and its dot
    re.IGNORECASE,
)
_ARROW = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_WHITESPACE = re.compile(r"\s+")


def escape_markdown(text: object) -> str:
    """text as Markdown that shows exactly that text, on one line, with nothing live in it.

    Whitespace runs (newlines, tabs, indents) become one space: a line break in data could
    otherwise start a heading, a list, an indented code block or a quote, or end the
    caller's own line ("### {name}"). Safe inside a caller's Markdown, a label or a help.
    """
    flat = _WHITESPACE.sub(" ", "" if text is None else str(text)).strip()
    broken = _REWRITTEN_AFTER_ESCAPES.sub(WORD_JOINER, flat)
    broken = _ARROW.sub(lambda arrow: WORD_JOINER.join(arrow.group()), broken)
    return _ASCII_PUNCTUATION.sub(r"\\\1", broken)


def shown_text(markdown: str) -> str:
    """What the reader sees of escape_markdown's output: escapes read, word joiners dropped.

    For tests and for copying text back out of the page.
    """
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")
