"""escape_markdown against a corpus of Markdown constructs: data text is never live.

Two ways text turns live in Streamlit's Markdown: the parser (CommonMark + GFM: emphasis,
links, headings, code, HTML, entities...), which backslash escapes stop, and rewrites of
the parsed text (autolinks, emoji, icons, arrows), which run after escapes are read and
which only a broken pattern stops. The second set is copied below from the installed
frontend bundle, and a test checks the bundle still has them. tests/security runs the
same corpus through the real frontend in Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit
from hypothesis import given
from hypothesis import strategies as st

from dashboard.ui.text import WORD_JOINER, escape_markdown, shown_text

CORPUS = {
    "emphasis": "**bold** *it* _it_ __b__ ~~del~~ ~sub~",
    "link": "[click](http://evil.example/)",
    "image": "![x](http://evil.example/x.png)",
    "reference link": "[x][1]\n\n[1]: http://evil.example/",
    "angle autolink": "<http://evil.example/>",
    "autolink http": "see http://evil.example/path?q=1",
    "autolink https": "HTTPS://EVIL.EXAMPLE",
    "autolink www": "go to www.evil.example now",
    "autolink WWW": "WWW.EVIL.EXAMPLE",
    "autolink email": "write to spy@evil.example",
    "autolink mailto": "mailto:spy@evil.example",
    "autolink xmpp": "xmpp:spy@evil.example",
    "html tag": "<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)>",
    "html entity": "&lt;i&gt; &amp; &#60;b&#62; &copy; &#x3C;",
    "atx heading": "# Heading",
    "setext heading =": "Title\n=====",
    "setext heading -": "Title\n-----",
    "thematic break": "***",
    "bullet list": "- item\n+ item\n* item",
    "ordered list": "1. one\n2) two",
    "blockquote": "> quoted",
    "indented code": "    code block",
    "tab code": "\tcode block",
    "fenced code": "```\ncode\n```",
    "tilde fence": "~~~\ncode\n~~~",
    "code span": "`code`",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "task list": "- [x] done",
    "footnote": "text[^1]\n\n[^1]: note",
    "hard break": "line  \nbreak",
    "backslash": "C:\\path\\to\\file \\*",
    "latex inline": "$x^2$",
    "latex block": "$$\nx\n$$",
    "streamlit colour": ":red[danger] :blue-background[x] :rainbow[y]",
    "streamlit badge": ":green-badge[ok] :small[s]",
    "emoji shortcode": ":smile: :+1: :-1:",
    "material icon": ":material/home: :material_home:",
    "streamlit logo": ":streamlit:",
    "arrows": "a -> b <- c <-> d -- e >= f <= g ~= h",
    "html comment": "<!-- hidden -->",
    "data path": "/srv/data_2014/[draft]_*final*/",
}

# The rewrites the frontend applies to parsed text (StreamlitMarkdown bundle), as Python.
LIVE_AFTER_PARSING = {
    "autolink": re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE),
    "email": re.compile(r"(?:^|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII),
    "emoji": re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", re.ASCII),
    "icon": re.compile(r":material_(\w+):|:material/(\w+):", re.ASCII),
    "logo": re.compile(r":streamlit:"),
    "arrow": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
    "directive": re.compile(r":[a-z][a-z0-9-]*\["),
}
BUNDLE_PATTERNS = [  # as they stand in the installed JavaScript
    r"/(https?:\/\/|www(?=\.))([-.\w]+)([^ \t\r\n]*)/gi",
    r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)/gu",
    r"[/(^|\s)->(\s|$)/g",
    r"/:material_(\w+):/g",
    r"/:streamlit:/g",
    r":(?!material\/|streamlit:)[\w+-][\w_+-]*:/",
    r"/:[a-z][a-z0-9-]*\[/",
]
PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


def unescaped_punctuation(markdown: str) -> list[str]:
    """The ASCII punctuation characters of markdown that no backslash escapes."""
    found, position = [], 0
    while position < len(markdown):
        char = markdown[position]
        if char == "\\" and PUNCTUATION.fullmatch(markdown[position + 1 : position + 2]):
            position += 2
            continue
        if PUNCTUATION.fullmatch(char):
            found.append(char)
        position += 1
    return found


def parsed_text(markdown: str) -> str:
    """The text node the parser hands to the rewrites: escapes read, word joiners kept."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def assert_inert(original: str) -> None:
    escaped = escape_markdown(original)
    # Nothing for the parser: one line, no indent, every punctuation character escaped.
    assert "\n" not in escaped and "\r" not in escaped
    assert escaped == escaped.strip()
    assert not unescaped_punctuation(escaped), escaped
    # Nothing for the rewrites after parsing.
    text = parsed_text(escaped)
    for name, pattern in LIVE_AFTER_PARSING.items():
        assert not pattern.search(text), (name, text)
    # And the reader sees the text itself, whitespace runs aside.
    assert shown_text(escaped) == " ".join(original.split())


@pytest.mark.parametrize("text", list(CORPUS.values()), ids=list(CORPUS))
def test_a_markdown_construct_in_data_stays_text(text):
    assert_inert(text)


def test_the_guard_knows_every_construct_it_must_break():
    # Without the word joiners these would be live: the corpus really exercises them.
    for name in ("autolink http", "autolink www", "autolink email", "emoji shortcode", "arrows"):
        plain = parsed_text(re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", CORPUS[name]))
        assert any(p.search(plain) for p in LIVE_AFTER_PARSING.values()), name


def test_the_frontend_still_rewrites_what_the_guard_expects():
    static = Path(streamlit.__file__).parent / "static"
    bundle = "".join(p.read_text(errors="replace") for p in static.rglob("StreamlitMarkdown*.js"))
    assert bundle, "Streamlit's Markdown bundle moved: re-check the rewrites it applies"
    for pattern in BUNDLE_PATTERNS:
        assert pattern in bundle, pattern


def test_none_is_empty_and_numbers_are_text():
    assert escape_markdown(None) == ""
    assert shown_text(escape_markdown(-1.5)) == "-1.5"


def test_the_word_joiner_is_only_where_a_pattern_was():
    assert WORD_JOINER not in escape_markdown("Plain words, with commas. And dots!")


@given(st.text())
def test_any_text_stays_text(text):
    assert_inert(text)


PIECES = ["http", "://", "www", ".", "@", ":", "mailto", "-", ">", "<", "=", "~", " ", "\n"]
PIECES += ["smile", "material/home", "red[", "]", "*", "_", "`", "#", "&lt;", "a", "1"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_mix_of_markdown_pieces_stays_text(pieces):
    assert_inert("".join(pieces))
