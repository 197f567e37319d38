"""Markdown scanner: math spans, code, HTML comments and headings, as string offsets.

Hand-written and regex-driven (it jumps between ``$ ` \\ <`` characters), following
Pandoc's rules for dollars: an opening ``$`` needs a non-space right after it, a closing one
a non-space right before it and no digit after it, so ``$5 and $6`` is not math.
"""

from __future__ import annotations

import re

from mathlsp.document.answers import ANSWER_LINE
from mathlsp.document.cursor import Cursor
from mathlsp.document.environments import (
    MATH_ENVIRONMENTS,
    trim,
    wrapped_environment,
)
from mathlsp.document.model import SpanKind
from mathlsp.document.scan import (
    LineKind,
    RawSpan,
    Scan,
    line_of,
    silence_word,
)

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*([^\s`]*)[^\n]*")
_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t\r]|$)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t\r]*$")
_SPECIAL = re.compile(r"[`$\\<]")
_DOLLAR = re.compile(r"\\[\s\S]|\$")
_DOUBLE_DOLLAR = re.compile(r"\\[\s\S]|\$\$")
_BACKSLASH_PAIR = re.compile(r"\\[\s\S]")
_BEGIN = re.compile(r"\\begin\{([^{}\n]{1,40})\}")


def scan_markdown(text: str, *, first_block: int = 0) -> Scan:
    """``first_block``: the block number to count on from (a chunk read on its own)."""
    scanner = _Markdown(text, first_block=first_block)
    scanner.run()
    return scanner.finish()


def _indent(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Markdown(Cursor):
    def add_span(
        self,
        pieces: tuple[tuple[int, int], ...],
        kind: SpanKind,
        env: str | None,
        outer: tuple[int, int],
    ) -> None:
        wrapped = wrapped_environment(self.text, pieces[0][0], pieces[-1][1]) if pieces else None
        if wrapped is not None and kind is SpanKind.DISPLAY:
            self.rows(wrapped[0], wrapped[1], wrapped[2], outer, comments=False)
            return
        if pieces:
            block = self.scan.next_block()
            self.scan.spans.append(RawSpan(pieces, kind, env, block, outer))
        self.mark(outer[0], outer[1], LineKind.MATH)

    # -- block level -----------------------------------------------------------------
    def run(self) -> None:
        text, kinds = self.text, self.scan.line_kinds
        line, prev_text, in_list = self.front_matter(), False, False
        while line < len(self.starts):
            start = self.starts[line]
            end = self.eol(start)
            content = text[start:end]
            if not content.strip():
                kinds[line] = LineKind.BLANK
                prev_text = False
                line += 1
                continue
            indent = _indent(content)
            if indent >= 4 and not prev_text and not in_list:
                line = self.indented_code(line)
                continue
            fence = _FENCE.match(text, start, end)
            if fence and (fence.group(1)[0] == "~" or "`" not in content[fence.end(1) - start :]):
                line = self.fence(line, fence.group(1), fence.group(2).lower())
                prev_text = False
                continue
            heading = _HEADING.match(text, start, end)
            if heading:
                kinds[line] = LineKind.HEADING
                self.scan.heading_levels[line] = len(heading.group(1))
                self.inline(heading.end(), single_line=True)
                prev_text, in_list = False, False
                line += 1
                continue
            if not prev_text and indent < 4 and self.setext(line, start, end):
                prev_text, in_list = False, False
                line += 2
                continue
            if _LIST_ITEM.match(text, start, end):
                in_list = True
            elif indent < 2 and not prev_text:
                in_list = False
            stop = self.inline(start, single_line=False)
            line = line_of(self.starts, stop) + 1
            prev_text = True

    def setext(self, line: int, start: int, end: int) -> bool:
        """A one-line paragraph underlined with ``===`` (level 1) or ``---`` (level 2) is a
        heading; the underline reads as a blank line so the heading's text comes after it."""
        if line + 1 >= len(self.starts) or _LIST_ITEM.match(self.text, start, end):
            return False
        if ANSWER_LINE.match(self.text, start, end):
            return False  # "Answer: ..." over a rule stays an answer
        under_start = self.starts[line + 1]
        underline = _SETEXT_UNDERLINE.match(self.text, under_start, self.eol(under_start))
        if underline is None:
            return False
        kinds = self.scan.line_kinds
        kinds[line], kinds[line + 1] = LineKind.HEADING, LineKind.BLANK
        self.scan.heading_levels[line] = 1 if underline.group(1)[0] == "=" else 2
        self.inline(start, single_line=True)
        return True

    def front_matter(self) -> int:
        """Skip a YAML front matter block (``---`` .. ``---``); returns the first line after."""
        if self.text[: self.eol(0)].rstrip() != "---":
            return 0
        for line in range(1, len(self.starts)):
            start = self.starts[line]
            if self.text[start : self.eol(start)].rstrip() in ("---", "..."):
                for inside in range(line + 1):
                    self.scan.line_kinds[inside] = LineKind.CODE
                self.scan.excluded.append((0, self.eol(start)))
                return line + 1
        self.scan.reaches_end = True  # a closing `---` further on would make it front matter
        return 0

    def indented_code(self, line: int) -> int:
        last = line
        probe = line
        while probe < len(self.starts):
            start = self.starts[probe]
            content = self.text[start : self.eol(start)]
            if content.strip() and _indent(content) < 4:
                break
            if content.strip():
                last = probe
            probe += 1
        for code_line in range(line, last + 1):
            self.scan.line_kinds[code_line] = LineKind.CODE
        self.scan.excluded.append((self.starts[line], self.eol(self.starts[last])))
        return last + 1

    def fence(self, line: int, marker: str, info: str) -> int:
        closing = re.compile(rf"[ \t]*{re.escape(marker[0])}{{{len(marker)},}}[ \t\r]*$")
        close = line + 1
        while close < len(self.starts):
            start = self.starts[close]
            if closing.match(self.text, start, self.eol(start)):
                break
            close += 1
        closed = close < len(self.starts)
        self.scan.reaches_end |= not closed
        body_start = min(self.eol(self.starts[line]) + 1, self.n)
        body_end = max(body_start, self.starts[close] - 1 if closed else self.n)
        outer = (self.starts[line], self.eol(self.starts[close]) if closed else self.n)
        if info == "math":  # the opening line stays TEXT: a statement may end before it
            pieces = trim(self.text, [(body_start, body_end)])
            self.add_span(pieces, SpanKind.DISPLAY, "math", outer)
        else:
            self.scan.excluded.append(outer)
            for code_line in range(line, min(close + 1, len(self.starts))):
                self.scan.line_kinds[code_line] = LineKind.CODE
        return close + 1

    # -- inline level ----------------------------------------------------------------
    def inline(self, pos: int, *, single_line: bool) -> int:
        """Scan inline constructs from ``pos``; returns the end of the line where it stops."""
        text = self.text
        line_end = self.eol(pos)
        while True:
            match = _SPECIAL.search(text, pos, line_end)
            if match is None:
                return line_end
            p = match.start()
            ch = text[p]
            if ch == "`":
                pos = self.code_span(p, line_end if single_line else self.para_end(p))
            elif ch == "$":
                pos = self.dollar(p, line_end if single_line else None)
            elif ch == "\\":
                pos = self.backslash(p, line_end if single_line else None)
            else:
                pos = self.comment(p)
            if pos > line_end:
                line_end = self.eol(pos)

    def code_span(self, p: int, limit: int) -> int:
        text = self.text
        k = p
        while k < self.n and text[k] == "`":
            k += 1
        run = k - p
        closer = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
        match = closer.search(text, k, limit)
        if match is None:
            return k
        self.scan.excluded.append((p, match.end()))
        self.mark(p, match.end(), LineKind.CODE)
        return match.end()

    def dollar(self, p: int, limit: int | None) -> int:
        text = self.text
        if text.startswith("$$", p):
            if limit is None:
                limit = self.n if self.alone_on_line(p, p + 2) else self.para_end(p)
            close = self.first(_DOUBLE_DOLLAR, p + 2, limit, "$$")
            if close < 0:
                return p + 2
            self.add_span(trim(text, [(p + 2, close)]), SpanKind.DISPLAY, None, (p, close + 2))
            return close + 2
        if p + 1 >= self.n or text[p + 1].isspace():
            return p + 1
        close = self.first(_DOLLAR, p + 1, limit or self.para_end(p), "$")
        if close < 0 or text[close - 1].isspace() or text[close + 1 : close + 2].isdigit():
            return p + 1
        if "`" in text[p + 1 : close]:
            return p + 1  # `$` in prose, with the next `$` past a code span: not math
        self.add_span(((p + 1, close),), SpanKind.INLINE, None, (p, close + 1))
        return close + 1

    def backslash(self, p: int, limit: int | None) -> int:
        text = self.text
        nxt = text[p + 1 : p + 2]
        if nxt in ("(", "["):
            closer = "\\)" if nxt == "(" else "\\]"
            if limit is None:
                block = nxt == "[" and self.alone_on_line(p, p + 2)
                limit = self.n if block else self.para_end(p)
            close = self.first(_BACKSLASH_PAIR, p + 2, limit, closer)
            if close < 0:
                return p + 2
            kind = SpanKind.INLINE if nxt == "(" else SpanKind.DISPLAY
            self.add_span(trim(text, [(p + 2, close)]), kind, None, (p, close + 2))
            return close + 2
        begin = _BEGIN.match(text, p)
        if begin and begin.group(1) in MATH_ENVIRONMENTS:
            name = begin.group(1)
            end_tag = f"\\end{{{name}}}"
            close = self.find(end_tag, begin.end(), limit if limit is not None else self.n)
            if close >= 0:
                self.rows(name, begin.end(), close, (p, close + len(end_tag)), comments=False)
                return close + len(end_tag)
        return p + 2

    def comment(self, p: int) -> int:
        text = self.text
        if not text.startswith("<!--", p):
            return p + 1
        if text.startswith("<!-->", p) or text.startswith("<!--->", p):
            return p + 5
        close = self.find("-->", p + 4, self.n)
        at_line_start = self.at_line_start(p)
        if close < 0 and not at_line_start:
            return p + 4
        end = self.n if close < 0 else close + 3
        inner = text[p + 4 : close if close >= 0 else self.n]
        self.scan.excluded.append((p, end))
        self.mark(p, end, LineKind.COMMENT)
        if at_line_start:
            self.scan.line_kinds[line_of(self.starts, p)] = LineKind.COMMENT
        if inner.lstrip().lower().startswith("mathlsp:solution"):
            self.scan.solutions.append(((p, end), inner))
            return end
        word = silence_word(inner)
        if word == "ignore":
            self.scan.ignore_marks.append(end)
        elif word == "off":
            self.switches.append((p, "off"))
        elif word == "on":
            self.switches.append((end, "on"))
        return end
