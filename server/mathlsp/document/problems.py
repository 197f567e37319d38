"""Where problems are: markers, extents, and the statement paragraph of each.

Markdown: a heading or paragraph starting Problem/Exercise/Question/Example or
题/习题/例/问题 (numbered or punctuated). LaTeX: each top-level ``\\item`` of an enumerate and
the problem/exercise/question environments. ``build.py`` fills in spans and answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mathlsp.document.answers import ANSWER_LINE
from mathlsp.document.environments import MATH_ENVIRONMENTS
from mathlsp.document.scan import LineKind, Scan, line_of

_MARKER = re.compile(
    r"[ \t]*(?P<open>\*\*|__|\*|_)?[ \t]*"
    r"(?:(?P<en>problem|exercise|question|example)(?![A-Za-z])|(?P<zh>习题|例题|问题|题目|例|题))"
    r"[ \t]*(?P<num>\d+(?:\.\d+)*[a-z]?|[A-Z](?![A-Za-z])|[一二三四五六七八九十百零〇]+)?"
    r"[ \t]*(?P<close>\*\*|__|\*|_)?[ \t]*(?P<punct>[.:)：．、）])?[ \t]*(?:\*\*|__|\*|_)?[ \t]*",
    re.IGNORECASE,
)
_HEADING_MARKS = re.compile(r"[ \t]*#{1,6}[ \t]*")
_SENTENCE_END = ".?!。？！"
_DISPLAY_START = re.compile(
    r"[ \t]*(?:\$\$|\\\[|```+math|~~~+math|\\begin\{(?P<env>[^{}\n]{1,40})\})", re.IGNORECASE
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


def _marker(text: str, start: int, end: int, heading: bool) -> tuple[str, int] | None:
    match = _MARKER.match(text, start, end)
    if match is None:
        return None
    num, punct = match.group("num"), match.group("punct")
    rest = text[match.end() : end].strip()
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
        marker = _marker(text, head, end, heading=level > 0)
        if marker is not None:
            label, body = marker
            found.append(Skeleton(label, start, body, len(text), level, len(text), level > 0))
    for number, problem in enumerate(found):
        limit = found[number + 1].start if number + 1 < len(found) else len(text)
        for offset, level in boundaries:
            if offset > problem.start and (problem.level == 0 or level <= problem.level):
                limit = min(limit, offset)
                break
        problem.end = problem.stop = _rstrip(text, problem.start, limit)
    return found


def latex_problems(scan: Scan) -> list[Skeleton]:
    text = scan.text
    found: list[Skeleton] = []
    open_item: Skeleton | None = None
    open_env: Skeleton | None = None
    depth = 0  # enumerate nesting
    env_depth = 0
    items = 0
    counters: dict[str, int] = {}

    def close(skeleton: Skeleton | None, at: int) -> None:
        if skeleton is not None:
            skeleton.end = _rstrip(text, skeleton.start, at)
            skeleton.stop = min(skeleton.stop, skeleton.end)

    for event in scan.events:
        if event.kind == "item" and depth == 1 and env_depth == 0:
            close(open_item, event.start)
            items += 1
            label = f"\\item {event.label or items}"
            open_item = Skeleton(label, event.start, event.end, len(text), 0, len(text), False)
            found.append(open_item)
        elif event.kind == "begin" and event.name == "enumerate":
            depth += 1
            items = 0 if depth == 1 else items
        elif event.kind == "end" and event.name == "enumerate":
            depth = max(0, depth - 1)
            if depth == 0:
                close(open_item, event.start)
                open_item = None
        elif event.kind == "begin" and event.name in ("problem", "exercise", "question"):
            close(open_item, event.start)
            close(open_env, event.start)
            open_item = None
            env_depth += 1
            counters[event.name] = counters.get(event.name, 0) + 1
            label = f"{event.name.capitalize()} {counters[event.name]}"
            label += f" ({event.label})" if event.label else ""
            open_env = Skeleton(label, event.start, event.end, len(text), 0, len(text), True)
            found.append(open_env)
        elif event.kind == "end" and event.name in ("problem", "exercise", "question"):
            env_depth = max(0, env_depth - 1)
            if open_env is not None:
                open_env.stop = event.start
        elif event.kind == "section" or (event.kind == "end" and event.name == "document"):
            close(open_item, event.start)
            close(open_env, event.start)
            open_item = open_env = None
    close(open_item, len(text))
    close(open_env, len(text))
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
        if display and (display.group("env") is None or display.group("env") in MATH_ENVIRONMENTS):
            tail = _TRAILING_DELIMITERS.sub("", text[max(start, end - 200) : end])
            if tail and tail[-1] in _SENTENCE_END:
                break
        end = _eol(text, starts[line])
        line += 1
    end = min(end, problem.stop)
    return start, max(start, _rstrip(text, start, end))


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


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
