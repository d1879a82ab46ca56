"""Putting dataset text on the page as text: never as HTML, never as live Markdown."""

from __future__ import annotations

import re

# Markdown would turn a name like "[x](http://…)" into a link or "![x](…)" into an image
# fetched from the internet; HTML is already off (no unsafe_allow_html anywhere).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """text with every Markdown special character backslash-escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", "" if text is None else str(text))
