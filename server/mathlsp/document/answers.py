"""Written answers: ``Answer:``/``Ans:``/``答:``/``答案：`` lines, ``\\boxed{..}``, ``\\answer{..}``.

An answer line's LaTeX is its math when the rest of the line is one math span, else the plain
text after the colon. Ranges cover the answer content only, so a fix can replace it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mathlsp.document.model import SpanKind, WrittenAnswer
from mathlsp.document.scan import (
    LineKind,
    RawSpan,
    Scan,
    brace_pairs,
    in_intervals,
    matching_brace,
)
from mathlsp.document.text import LineIndex

_EMPHASIS = r"(?:\\(?:textbf|emph|textit|underline)\{|\*\*|__|\*|_)"
ANSWER_LINE = re.compile(
    r"[ \t]*(?:>[ \t]*)?(?:[-+][ \t]+|\*[ \t]+|\d{1,3}[.)][ \t]+)?"
    rf"{_EMPHASIS}?[ \t]*(?:final[ \t]+)?(?:answer|ans|答案|答)"
    r"[ \t]*(?:\}|\*\*|__|\*|_)?[ \t]*[:：][ \t]*(?:\}|\*\*|__|\*|_)?[ \t]*",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\\(boxed|answer)[ \t]*\{")
_TAIL = " \t\r\n.,;。，；*_"
_BOXED_ONLY = re.compile(r"\s*\\boxed\s*\{")


@dataclass(slots=True)
class FoundAnswer:
    answer: WrittenAnswer
    start: int  # string offset of the content
    span: int | None  # index of the math span it is, for keeping it out of the working


def find_answers(
    scan: Scan,
    index: LineIndex,
    ignored: list[bool],
    silenced: Callable[[int], bool],
) -> list[FoundAnswer]:
    """Every written answer outside code, comments and off regions, in document order."""
    text = scan.text
    spans = scan.spans
    outer_starts = [span.outer[0] for span in spans]
    found: list[FoundAnswer] = []
    answer_lines: set[int] = set()
    for line, kind in enumerate(scan.line_kinds):
        if kind is not LineKind.TEXT:
            continue
        start = index.line_starts[line]
        end = _eol(text, start)
        match = ANSWER_LINE.match(text, start, end)
        if match is None:
            continue
        answer_lines.add(line)
        if silenced(match.end()) or in_intervals(scan.excluded, start):
            continue
        answer = _line_answer(scan, index, outer_starts, ignored, match.end(), end)
        if answer is not None:
            found.append(answer)
    pairs: dict[int, int] | None = None  # built on the first \\boxed or \\answer
    for match in _MARKUP.finditer(text):
        p = match.start()
        if _line(index, p) in answer_lines or in_intervals(scan.excluded, p) or silenced(p):
            continue
        owner = bisect_right(outer_starts, p) - 1
        if owner >= 0 and spans[owner].outer[1] > p and ignored[owner]:
            continue
        if pairs is None:
            pairs = brace_pairs(text, 0, len(text))
        close = pairs.get(match.end() - 1, -1)
        content = text[match.end() : close] if close >= 0 else ""
        if not content.strip() or "#" in content:
            continue
        a, b = _strip(text, match.end(), close)
        form: Literal["boxed", "macro"] = "boxed" if match.group(1) == "boxed" else "macro"
        found.append(FoundAnswer(WrittenAnswer(text[a:b], index.range(a, b), form), a, None))
    found.sort(key=lambda item: item.start)
    return found


def _line_answer(
    scan: Scan,
    index: LineIndex,
    outer_starts: list[int],
    ignored: list[bool],
    content_start: int,
    line_end: int,
) -> FoundAnswer | None:
    text = scan.text
    content_end = line_end
    while content_end > content_start and text[content_end - 1] in " \t\r*_":
        content_end -= 1
    first = bisect_left(outer_starts, content_start)
    last = bisect_left(outer_starts, max(content_end, content_start + 1))
    inside = list(range(first, last))
    if content_end == content_start:  # "Answer:" with the math on the next line
        next_line_end = _eol(text, line_end + 1)
        if first >= len(outer_starts) or outer_starts[first] > next_line_end:
            return None
        if scan.spans[first].kind is not SpanKind.DISPLAY:
            return None
        inside = [first]
    if len(inside) == 1:
        span = scan.spans[inside[0]]
        after = text[span.outer[1] : max(span.outer[1], _eol(text, span.outer[1]))]
        before = text[content_start : span.outer[0]]
        if (
            span.kind is not SpanKind.ENVIRONMENT_LINE
            and not before.strip(_TAIL)
            and not after.strip(_TAIL)
        ):
            if ignored[inside[0]]:
                return None
            return _span_answer(span, inside[0], text, index)
    a, b = content_start, content_end
    while b > a and text[b - 1] in " \t\r.。":
        b -= 1
    if a == b:
        return None
    return FoundAnswer(WrittenAnswer(text[a:b], index.range(a, b), "line"), a, None)


def _span_answer(span: RawSpan, number: int, text: str, index: LineIndex) -> FoundAnswer:
    """The span's LaTeX; a lone ``\\boxed{..}`` around it is unwrapped."""
    source = span.source(text)
    lo, hi = 0, len(source)
    boxed = _BOXED_ONLY.match(source)
    if boxed:
        close = matching_brace(source, boxed.end() - 1, len(source))
        if close >= 0 and not source[close + 1 :].strip(" .,"):
            lo, hi = boxed.end(), close
            while lo < hi and source[lo].isspace():
                lo += 1
            while hi > lo and source[hi - 1].isspace():
                hi -= 1
    while hi > lo and source[hi - 1] in " .,":
        hi -= 1
    start = span.doc_offset(lo)
    end = span.doc_offset(hi, end=True)
    answer = WrittenAnswer(source[lo:hi], index.range(start, end), "line")
    return FoundAnswer(answer, start, number)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line(index: LineIndex, offset: int) -> int:
    return bisect_right(index.line_starts, offset) - 1


def _eol(text: str, offset: int) -> int:
    end = text.find("\n", min(offset, len(text)))
    return len(text) if end < 0 else end
