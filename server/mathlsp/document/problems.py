"""Where problems are: markers, Markdown extents, and the statement paragraph of each.

A marker is Problem/Exercise/Question/Example or 题/习题/例/问题 (numbered or punctuated)
starting a heading or paragraph; ``latex_problems.py`` adds LaTeX's items and environments.
``build.py`` fills in spans and answers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from mathlsp.document.answers import ANSWER_LINE
from mathlsp.document.scan import LineKind, Scan, line_of

_OPEN = r"\*\*|__|\*|_|\\(?:textbf|emph|textit|underline)[ \t]*\{|\{\\(?:bf|em|it)[ \t]+"
_CLOSE = r"\*\*|__|\*|_|\}"
_NUM = r"\d+(?:\.\d+)*[a-z]?|[A-Z](?![A-Za-z])|[一二三四五六七八九十百零〇]+"
_MARKER = re.compile(
    rf"[ \t]*(?:\\noindent(?![a-zA-Z])[ \t]*)?(?P<open>{_OPEN})?[ \t]*"
    r"(?:(?P<en>problem|exercise|question|example)(?![A-Za-z])|(?P<zh>习题|例题|问题|题目|练习|例|题)"
    rf"|第[ \t]*(?P<nth>{_NUM})[ \t]*题)"
    rf"[ \t]*(?P<num>{_NUM})?"
    rf"[ \t]*(?P<close>{_CLOSE})?[ \t]*(?P<punct>[.:)：．、）])?[ \t]*(?:{_CLOSE})?[ \t]*",
    re.IGNORECASE,
)
_HEADING_MARKS = re.compile(r"[ \t]*#{1,6}[ \t]*")
_LIST_BULLET = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_SENTENCE_END = ".?!。？！"
_DISPLAY_START = re.compile(
    r"[ \t]*(?:\$\$|\\\[|```+math|~~~+math|\\begin\{[^{}\n]{1,40}\})", re.IGNORECASE
)
_LATEX_STOP = re.compile(r"[ \t]*\\(?:item(?![a-zA-Z])|end\{|begin\{(?:solution|proof|answer))")
_ANSWER_MACRO = re.compile(r"[ \t]*\\answer[ \t]*\{")
_TRAILING_DELIMITERS = re.compile(r"(?:\s|\$|\\\]|\\end\{[^{}]*\}|\*|_)+$")


@dataclass(slots=True)
class Skeleton:
    """A problem's place before its contents are gathered (string offsets)."""

    label: str
    start: int  # the marker
    body: int  # right after the marker
    end: int  # end of the problem (trailing blank lines trimmed)
    level: int
    stop: int  # the statement cannot run past this (``\\end{problem}``, the problem's end)
    skip_blank: bool  # the statement may start after blank lines (marker alone on a line)


def marker(text: str, start: int, end: int, heading: bool) -> tuple[str, int] | None:
    match = _MARKER.match(text, start, end)
    if match is None:
        return None
    num, punct, nth = match.group("num"), match.group("punct"), match.group("nth")
    rest = text[match.end() : end].strip()
    if nth:
        return f"第{nth}题", match.end()
    if not (num or punct or match.group("close") or (heading and not rest)):
        return None
    word = match.group("en") or match.group("zh") or ""
    return (f"{word} {num}" if num else word), match.end()


def markdown_problems(scan: Scan, starts: list[int]) -> list[Skeleton]:
    text = scan.text
    found: list[Skeleton] = []
    boundaries: list[tuple[int, int]] = []  # (offset, heading level) of every heading
    for line, kind in enumerate(scan.line_kinds):
        start = starts[line]
        end = _eol(text, start)
        level = 0
        head = start
        if kind is LineKind.HEADING:
            level = scan.heading_levels.get(line, 1)
            boundaries.append((start, level))
            marks = _HEADING_MARKS.match(text, start, end)
            head = marks.end() if marks else start
        elif kind is not LineKind.TEXT:
            continue
        else:
            bullet = _LIST_BULLET.match(text, start, end)  # "1. **Problem 1.** ..."
            head = bullet.end() if bullet else start
        found_marker = marker(text, head, end, heading=level > 0)
        if found_marker is not None:
            label, body = found_marker
            found.append(Skeleton(label, start, body, len(text), level, len(text), level > 0))
    offsets = [offset for offset, _ in boundaries]
    for number, problem in enumerate(found):
        limit = found[number + 1].start if number + 1 < len(found) else len(text)
        for offset, level in boundaries[bisect_right(offsets, problem.start) :]:
            if offset >= limit:
                break
            if problem.level == 0 or level <= problem.level:
                limit = offset
                break
        problem.end = problem.stop = rstrip_end(text, problem.start, limit)
    return found


def statement_extent(
    scan: Scan, starts: list[int], problem: Skeleton, *, latex: bool
) -> tuple[int, int]:
    """The statement paragraph ``[start, end)``: from the marker to a blank line, comment,
    answer line, heading, or a display that follows a finished sentence."""
    text, kinds = scan.text, scan.line_kinds
    start = problem.body
    while start < problem.stop and text[start] in " \t":
        start += 1
    line = line_of(starts, start)
    if not text[start : _eol(text, start)].strip():
        line += 1
        while problem.skip_blank and line < len(kinds) and kinds[line] is LineKind.BLANK:
            line += 1
        if (
            line >= len(starts)
            or starts[line] >= problem.stop
            or not _opens(scan, starts, line, latex)
        ):
            return start, start
        start = starts[line]
    end = _eol(text, start)
    line += 1
    if kinds[line - 1] is LineKind.HEADING and _continues(scan, starts, line, start, end, problem):
        while kinds[line] is LineKind.BLANK:
            line += 1
        end = _eol(text, starts[line])
        line += 1
    while line < len(starts) and starts[line] < problem.stop:
        kind = kinds[line]
        if kind is LineKind.MATH:
            end = _eol(text, starts[line])
            line += 1
            continue
        if kind is not LineKind.TEXT or not _opens(scan, starts, line, latex):
            break
        display = _DISPLAY_START.match(text, starts[line], _eol(text, starts[line]))
        if display:  # a display, or any environment, after a finished sentence ends it
            tail = _TRAILING_DELIMITERS.sub("", text[max(start, end - 200) : end])
            if tail and tail[-1] in _SENTENCE_END:
                break
        end = _eol(text, starts[line])
        line += 1
    end = min(end, problem.stop)
    return start, max(start, rstrip_end(text, start, end))


def _continues(
    scan: Scan, starts: list[int], line: int, start: int, end: int, problem: Skeleton
) -> bool:
    """Whether the paragraph under a heading problem continues its statement: the heading
    ("## 例 1：求极限") is not a finished sentence, and the paragraph is text, or a display
    announced by a colon ("## Problem 2: Solve:")."""
    text, kinds = scan.text, scan.line_kinds
    while line < len(kinds) and kinds[line] is LineKind.BLANK:
        line += 1
    if line >= len(starts) or starts[line] >= problem.stop or not _opens(scan, starts, line, False):
        return False
    heading = _TRAILING_DELIMITERS.sub("", text[start:end])
    if heading and heading[-1] in _SENTENCE_END:
        return False
    if _DISPLAY_START.match(text, starts[line], _eol(text, starts[line])):
        return heading.endswith((":", "："))
    return True


def _opens(scan: Scan, starts: list[int], line: int, latex: bool) -> bool:
    """Whether a TEXT line may belong to a statement (not an answer, not a new part)."""
    if scan.line_kinds[line] not in (LineKind.TEXT, LineKind.MATH):
        return False
    start = starts[line]
    end = _eol(scan.text, start)
    if ANSWER_LINE.match(scan.text, start, end):
        return False
    if _ANSWER_MACRO.match(scan.text, start, end):
        return False
    return not (latex and _LATEX_STOP.match(scan.text, start, end))


def _eol(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
