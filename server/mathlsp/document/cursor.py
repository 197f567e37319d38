"""The forward-moving search state both scanners share: line ends, paragraph ends, and
searches that remember what is absent, so that hostile text stays linear."""

from __future__ import annotations

import re

from mathlsp.document.environments import SINGLE_ROW, environment_rows
from mathlsp.document.model import SpanKind
from mathlsp.document.scan import LineKind, RawSpan, Scan, close_off_regions, line_of, line_starts

_BLANK_AFTER = re.compile(r"\n[ \t\r]*(?:\n|$)")
_SPACES = re.compile(r"[ \t]*")
_REST_BLANK = re.compile(r"[ \t\r]*(?:\n|$)")


class Cursor:
    def __init__(
        self, text: str, kinds: list[LineKind] | None = None, *, first_block: int = 0
    ) -> None:
        self.text = text
        self.n = len(text)
        self.starts = line_starts(text)
        self.scan = Scan(text, line_kinds=kinds or [LineKind.TEXT] * len(self.starts))
        self.scan._block = first_block
        self.switches: list[tuple[int, str]] = []  # (offset, 'off' | 'on')
        self.absent: dict[str, int] = {}  # token -> offset from which it is known absent
        self.para_from = -1
        self.para_to = -1

    def eol(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return self.n if end < 0 else end

    def para_end(self, offset: int) -> int:
        """End of the paragraph holding ``offset``: the newline before the next blank line
        (cached: scanning only moves forward)."""
        if not self.para_from <= offset <= self.para_to:
            match = _BLANK_AFTER.search(self.text, offset)
            self.para_from = offset
            self.para_to = match.start() if match else self.n
        return self.para_to

    def at_line_start(self, offset: int) -> bool:
        """Only spaces before ``offset`` on its line (cost: the spaces, not the line)."""
        line_start = self.starts[line_of(self.starts, offset)]
        spaces = _SPACES.match(self.text, line_start, offset)
        return spaces is not None and spaces.end() == offset

    def alone_on_line(self, start: int, end: int) -> bool:
        """Only spaces around ``[start, end)`` on its line."""
        return self.at_line_start(start) and _REST_BLANK.match(self.text, end) is not None

    def mark(self, start: int, end: int, kind: LineKind) -> None:
        """Give ``kind`` to the lines that start inside ``(start, end)``."""
        line = line_of(self.starts, start) + 1
        while line < len(self.starts) and self.starts[line] < end:
            self.scan.line_kinds[line] = kind
            line += 1

    def first(self, pattern: re.Pattern[str], start: int, end: int, token: str) -> int:
        """Offset of the first ``token`` among ``pattern``'s matches in ``[start, end)``."""
        if end == self.n and self.absent.get(token, self.n + 1) <= start:
            return -1  # an earlier search to the end already failed
        for match in pattern.finditer(self.text, start, end):
            if match.group() == token:
                return match.start()
        if end == self.n:
            self.absent[token] = start
            self.scan.reaches_end = True
        return -1

    def find(self, token: str, start: int, end: int) -> int:
        """``str.find`` that remembers a failed search to the end of the text."""
        if end == self.n and self.absent.get(token, self.n + 1) <= start:
            return -1
        found = self.text.find(token, start, end)
        if found < 0 and end == self.n:
            self.absent[token] = start
            self.scan.reaches_end = True
        return found

    def rows(
        self, name: str, start: int, end: int, outer: tuple[int, int], *, comments: bool
    ) -> None:
        """One ENVIRONMENT_LINE span per row of an environment body, sharing a block."""
        block = self.scan.next_block()
        single = name in SINGLE_ROW
        for row in environment_rows(self.text, start, end, comments=comments, single_row=single):
            self.scan.spans.append(RawSpan(row, SpanKind.ENVIRONMENT_LINE, name, block, outer))
        self.mark(outer[0], outer[1], LineKind.MATH)

    def finish(self) -> Scan:
        self.scan.excluded.sort()
        self.scan.off = close_off_regions(self.switches, self.n)
        if self.scan.off and self.scan.off[-1][1] == self.n:
            self.scan.reaches_end = True  # an open (or end-closed) `mathlsp: off`
        return self.scan
