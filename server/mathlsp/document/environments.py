"""Math environments: which names are math, and how their bodies split into rows.

Shared by both scanners (Markdown may hold bare ``\\begin{align}`` too, as MathJax reads it)
and by the chain finder, which splits ``$$\\begin{aligned}..\\end{aligned}$$`` the same way.
"""

from __future__ import annotations

import re

from mathlsp.document.scan import Interval, brace_pairs

_BASE = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "displaymath")
MATH_ENVIRONMENTS = frozenset(_BASE + tuple(f"{name}*" for name in _BASE))
SINGLE_ROW = frozenset({"multline", "multline*"})  # one equation broken over lines
# Inner environments that only arrange rows: `\begin{split}` inside equation, `aligned` in $$.
TRANSPARENT = frozenset({"split", "aligned", "gathered", "alignedat", "align", "align*"})
VERBATIM = frozenset(
    {"verbatim", "verbatim*", "Verbatim", "lstlisting", "minted", "comment", "BVerbatim"}
)

# A display that is only one of these is read row by row, like an align environment.
DISPLAY_WRAPPERS = frozenset(
    {"aligned", "align", "align*", "gathered", "gather", "gather*", "split", "eqnarray*"}
)
_WRAPPER = re.compile(r"\s*\\begin\{([a-z]+\*?)\}")

_TOKENS = re.compile(
    r"(?P<row>\\\\\*?(?:[ \t]*\[[^\]\n]{0,40}\])?)"
    r"|(?P<labelled>\\(?:label|tag\*?)[ \t]*\{)"
    r"|(?P<drop>\\(?:nonumber|notag)(?![a-zA-Z]))"
    r"|\\begin\{(?P<begin>[^{}\n]{1,40})\}"
    r"|\\end\{(?P<end>[^{}\n]{1,40})\}"
    r"|\\[\s\S]"
    r"|(?P<brace>[{}])"
    r"|(?P<comment>%[^\n]*)"
)
_COMMENT_TOKENS = re.compile(r"\\[\s\S]|(?P<comment>%[^\n]*)")


def trim(text: str, pieces: list[Interval]) -> tuple[Interval, ...]:
    """Drop empty pieces and the whitespace at both ends of the concatenation."""
    kept = [(a, b) for a, b in pieces if a < b]
    while kept:
        a, b = kept[0]
        stripped = len(text[a:b]) - len(text[a:b].lstrip())
        if a + stripped < b:
            kept[0] = (a + stripped, b)
            break
        kept.pop(0)
    while kept:
        a, b = kept[-1]
        stripped = len(text[a:b]) - len(text[a:b].rstrip())
        if a < b - stripped:
            kept[-1] = (a, b - stripped)
            break
        kept.pop()
    return tuple(kept)


def without_comments(text: str, start: int, end: int) -> tuple[Interval, ...]:
    """``text[start:end]`` minus LaTeX ``%`` comments, trimmed, as pieces."""
    pieces: list[Interval] = []
    cursor = start
    for match in _COMMENT_TOKENS.finditer(text, start, end):
        if match.group("comment") is not None:
            pieces.append((cursor, match.start()))
            cursor = match.end()
    pieces.append((cursor, end))
    return trim(text, pieces)


def environment_rows(
    text: str, start: int, end: int, *, comments: bool, single_row: bool = False
) -> list[tuple[Interval, ...]]:
    """Rows of an environment body: split at top-level ``\\\\``; ``\\label{..}``,
    ``\\tag{..}``, ``\\nonumber``, ``\\notag``, comments and transparent inner
    ``\\begin{split}``/``\\end{split}`` removed; alignment ``&`` kept."""
    rows: list[tuple[Interval, ...]] = []
    pieces: list[Interval] = []
    cursor = start
    depth = 0
    pos = start
    pairs: dict[int, int] | None = None  # built on the first \\label{ or alignedat
    while True:
        match = _TOKENS.search(text, pos, end)
        if match is None:
            break
        s, e = match.span()
        pos = e
        kind = match.lastgroup
        if kind == "row" and depth == 0:
            pieces.append((cursor, s))
            cursor = e
            if not single_row:
                rows.append(trim(text, pieces))
                pieces = []
        elif kind == "labelled":
            pairs = brace_pairs(text, start, end) if pairs is None else pairs
            close = pairs.get(e - 1, -1)
            if close < 0:
                continue
            pieces.append((cursor, s))
            cursor = pos = close + 1
        elif kind == "drop" or (kind == "comment" and comments):
            pieces.append((cursor, s))
            cursor = e
        elif kind in ("begin", "end"):
            name = match.group(kind)
            if depth == 0 and name in TRANSPARENT:
                pieces.append((cursor, s))
                cursor = e
                if name == "alignedat" and kind == "begin" and text.startswith("{", e):
                    pairs = brace_pairs(text, start, end) if pairs is None else pairs
                    close = pairs.get(e, -1)
                    cursor = pos = close + 1 if close >= 0 else e
            elif kind == "begin":
                depth += 1
            else:
                depth = max(0, depth - 1)
        elif kind == "brace":
            depth = depth + 1 if match.group() == "{" else max(0, depth - 1)
    pieces.append((cursor, end))
    rows.append(trim(text, pieces))
    return [row for row in rows if row]


def wrapped_environment(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """``(name, body_start, body_end)`` when ``text[start:end]`` is exactly one
    ``\\begin{aligned}..\\end{aligned}`` (or another row-arranging environment)."""
    begin = _WRAPPER.match(text, start, end)
    if begin is None or begin.group(1) not in DISPLAY_WRAPPERS:
        return None
    end_tag = f"\\end{{{begin.group(1)}}}"
    close = text.find(end_tag, begin.end(), end)
    if close < 0 or text[close + len(end_tag) : end].strip():
        return None
    return begin.group(1), begin.end(), close
