"""Hover text into Markdown that no document text can turn into markup.

The judgements write hover lines as plain text with `code spans` around what they quote, and
what they quote is the user's text (``\\text{<img src=…>}``, a backtick in ``\\text{`}``).
``safe_markdown`` is the one place hover Markdown is built from such lines: it splits them
at backtick runs as CommonMark does, re-fences each code span with a fence longer than any
backtick run inside it (so a quoted backtick cannot close it), and backslash-escapes every
ASCII punctuation character elsewhere, so no tag, link, emphasis, heading or autolink can
come out of them. What the renderer shows is the same characters.
"""

from __future__ import annotations

import re

_TICKS = re.compile(r"`+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def escape_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly these characters."""
    return _PUNCTUATION.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """``text`` as one inline code span: on one line, fenced by more backticks than any run
    inside, padded with a space each side (CommonMark strips one)."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    longest = max((len(run) for run in _TICKS.findall(flat)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {flat} {fence}"


def safe_markdown(text: str) -> str:
    """A hover line (plain text with backtick code spans) as inert Markdown."""
    out: list[str] = []
    position = 0
    runs = list(_TICKS.finditer(text))
    index = 0
    while index < len(runs):
        opener = runs[index]
        closer = next(
            (k for k in range(index + 1, len(runs)) if len(runs[k].group()) == len(opener.group())),
            None,
        )
        if closer is None:  # a lone backtick run is text
            index += 1
            continue
        out.append(escape_text(text[position : opener.start()]))
        out.append(code_span(text[opener.end() : runs[closer].start()]))
        position = runs[closer].end()
        index = closer + 1
    out.append(escape_text(text[position:]))
    # Indentation would make an indented code block, which shows the escapes themselves.
    return _INDENT.sub("", "".join(out))
