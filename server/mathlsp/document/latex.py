"""LaTeX scanner: math spans, environments row by row, comments, verbatim and structure.

Regex-driven over ``% \\ $``; ``%`` comments (not ``\\%``), verbatim-like environments and
``\\verb|..|`` are never math. ``\\item``/``\\section``/``\\begin{problem}`` are recorded as
events for the problem finder.
"""

from __future__ import annotations

import re

from mathlsp.document.cursor import Cursor
from mathlsp.document.environments import (
    MATH_ENVIRONMENTS,
    VERBATIM,
    without_comments,
    wrapped_environment,
)
from mathlsp.document.model import SpanKind
from mathlsp.document.scan import (
    Event,
    LineKind,
    RawSpan,
    Scan,
    line_of,
    matching_brace,
    silence_word,
)

_SPECIAL = re.compile(r"[%\\$]")
_NAME = re.compile(r"[a-zA-Z@]+\*?")
_ENV_ARG = re.compile(r"[ \t]*\{([^{}\n]{1,40})\}")
_ITEM_LABEL = re.compile(r"[ \t]*\[([^\]\n]{0,40})\]")
_DOLLAR = re.compile(r"\\[\s\S]|%[^\n]*|\$\$?")
_PAIRS = re.compile(r"\\[\s\S]|%[^\n]*")
_COMMENT_LINE = re.compile(r"[ \t]*%")
# What TeX counts while it skips ``\iffalse`` text: the primitive conditionals nest, ``\fi``
# closes, an outer ``\else`` resumes; comments are dropped (``% \fi`` counts for nothing).
_SKIPPED_TOKENS = re.compile(
    r"%[^\n]*|\\(?:(if(?:x|num|dim|odd|case|true|false|defined|csname|mmode|vmode|hmode|cat)?)"
    r"|(fi)|(else))(?![a-zA-Z@])|\\[\s\S]"
)
_SOLUTION_LINE = re.compile(r"[ \t]*%+[ \t]*mathlsp:solution", re.IGNORECASE)
_ANSWER_COMMENT = re.compile(r"[ \t]*%+[ \t]*answer\s*[:：]", re.IGNORECASE)
STRUCTURE = frozenset({"enumerate", "problem", "exercise", "question", "document"})
# Sectioning commands and the problem level a "Problem 3" title gives (1 = outermost).
SECTIONS = {
    "part": 1,
    "chapter": 1,
    "section": 1,
    "subsection": 2,
    "subsubsection": 3,
    "paragraph": 4,
    "subparagraph": 5,
}


def scan_latex(text: str, *, first_block: int = 0) -> Scan:
    """``first_block``: the block number to count on from (a chunk read on its own)."""
    scanner = _Latex(text, first_block=first_block)
    scanner.run()
    return scanner.finish()


class _Latex(Cursor):
    def __init__(self, text: str, *, first_block: int = 0) -> None:
        kinds = [LineKind.BLANK if not line.strip() else LineKind.TEXT for line in text.split("\n")]
        super().__init__(text, kinds, first_block=first_block)

    def run(self) -> None:
        pos = 0
        text = self.text
        while True:
            match = _SPECIAL.search(text, pos)
            if match is None:
                break
            p = match.start()
            ch = text[p]
            if ch == "%":
                pos = self.comment(p)
            elif ch == "$":
                pos = self.dollar(p)
            else:
                pos = self.command(p)

    # -- comments --------------------------------------------------------------------
    def comment(self, p: int) -> int:
        text = self.text
        end = self.eol(p)
        line = line_of(self.starts, p)
        at_line_start = self.at_line_start(p)
        if at_line_start:
            self.scan.line_kinds[line] = LineKind.COMMENT
        body = text[p + 1 : end].lstrip("% \t")
        if at_line_start and body.lower().startswith("mathlsp:solution"):
            return self.solution(line)
        self.scan.excluded.append((p, end))
        word = silence_word(body)
        if word == "ignore":
            self.scan.ignore_marks.append(end)
        elif word == "off":
            self.switches.append((p, "off"))
        elif word == "on":
            self.switches.append((end, "on"))
        return end

    def solution(self, first: int) -> int:
        """A block of ``%`` lines from ``% mathlsp:solution`` to ``% answer: ..``."""
        last = answer = first
        probe = first + 1
        while probe < len(self.starts):
            start, end = self.starts[probe], self.eol(self.starts[probe])
            if not _COMMENT_LINE.match(self.text, start, end) or _SOLUTION_LINE.match(
                self.text, start, end
            ):
                break
            last = probe
            if _ANSWER_COMMENT.match(self.text, start, end):
                answer = probe  # the last one: a solution may say "answer:" on the way
            probe += 1
        last = answer if answer > first else last
        lines = []
        for line in range(first, last + 1):
            start = self.starts[line]
            content = self.text[start : self.eol(start)].lstrip(" \t")[1:]
            lines.append(content[1:] if content.startswith(" ") else content)
            self.scan.line_kinds[line] = LineKind.COMMENT
        block = (self.starts[first], self.eol(self.starts[last]))
        self.scan.excluded.append(block)
        self.scan.solutions.append((block, "\n".join(lines)))
        return block[1]

    # -- math ------------------------------------------------------------------------
    def add(self, start: int, end: int, kind: SpanKind, outer: tuple[int, int]) -> None:
        pieces = without_comments(self.text, start, end)
        wrapped = wrapped_environment(self.text, pieces[0][0], pieces[-1][1]) if pieces else None
        if wrapped is not None and kind is SpanKind.DISPLAY:
            self.rows(wrapped[0], wrapped[1], wrapped[2], outer, comments=True)
            return
        if pieces:
            self.scan.spans.append(RawSpan(pieces, kind, None, self.scan.next_block(), outer))
        self.mark(outer[0], outer[1], LineKind.MATH)

    def dollar(self, p: int) -> int:
        double = self.text.startswith("$$", p)
        token = "$$" if double else "$"
        close = self.first(_DOLLAR, p + len(token), self.para_end(p), token)
        if close < 0:
            return p + len(token)
        kind = SpanKind.DISPLAY if double else SpanKind.INLINE
        self.add(p + len(token), close, kind, (p, close + len(token)))
        return close + len(token)

    def command(self, p: int) -> int:
        text = self.text
        nxt = text[p + 1 : p + 2]
        if nxt in ("(", "["):
            closer = "\\)" if nxt == "(" else "\\]"
            close = self.first(_PAIRS, p + 2, self.para_end(p), closer)
            if close < 0:
                return p + 2
            kind = SpanKind.INLINE if nxt == "(" else SpanKind.DISPLAY
            self.add(p + 2, close, kind, (p, close + 2))
            return close + 2
        name_match = _NAME.match(text, p + 1)
        if name_match is None:
            return p + 2
        name = name_match.group()
        after = name_match.end()
        if name.rstrip("*") == "verb":
            close = (
                text.find(text[after : after + 1], after + 1, self.eol(p)) if after < self.n else -1
            )
            if close < 0:
                return after
            self.scan.excluded.append((p, close + 1))
            return close + 1
        if name == "iffalse":
            return self.skipped(p, after)
        if name in ("begin", "end"):
            arg = _ENV_ARG.match(text, after)
            if arg is None:
                return after
            return self.environment(name, arg.group(1), p, arg.end())
        if name == "item":
            label = _ITEM_LABEL.match(text, after)
            end = label.end() if label else after
            self.scan.events.append(Event("item", "", p, end, label.group(1) if label else ""))
            return end
        if name.rstrip("*") in SECTIONS:
            self.section(name.rstrip("*"), p, after)
        return after

    def skipped(self, p: int, after: int) -> int:
        """``\\iffalse ... \\fi`` (or up to an ``\\else``): text TeX never reads, like a
        comment; an unclosed one runs to the end, as in TeX."""
        depth = 0
        end = self.n
        for token in _SKIPPED_TOKENS.finditer(self.text, after):
            if token.group(1):
                depth += 1
            elif token.group(2) or (token.group(3) and depth == 0):
                if depth == 0:
                    end = token.end()
                    break
                depth -= 1
        self.scan.reaches_end |= end == self.n
        self.scan.excluded.append((p, end))
        self.mark(p, end, LineKind.CODE)
        return end

    def section(self, name: str, p: int, after: int) -> None:
        """A sectioning command with its title (``\\section*[short]{title}``) as label."""
        option = _ITEM_LABEL.match(self.text, after)
        brace = option.end() if option else after
        while brace < self.n and self.text[brace] in " \t":
            brace += 1
        close = -1
        if self.text.startswith("{", brace):
            close = matching_brace(self.text, brace, self.eol(brace))
        if close < 0:
            self.scan.events.append(Event("section", name, p, after))
            return
        title = self.text[brace + 1 : close]
        self.scan.events.append(Event("section", name, p, close + 1, title, brace + 1))

    def environment(self, which: str, name: str, p: int, after: int) -> int:
        if which == "end":
            if name in STRUCTURE:
                self.scan.events.append(Event("end", name, p, after))
            return after
        if name in VERBATIM or name in MATH_ENVIRONMENTS:
            end_tag = f"\\end{{{name}}}"
            close = self.find(end_tag, after, self.n)
            if close < 0:
                return after
            outer = (p, close + len(end_tag))
            if name in VERBATIM:
                self.scan.excluded.append(outer)
                self.mark(p, outer[1], LineKind.CODE)
                self.scan.line_kinds[line_of(self.starts, p)] = LineKind.CODE
            else:
                self.rows(name, after, close, outer, comments=True)
            return outer[1]
        if name in STRUCTURE:
            option = _ITEM_LABEL.match(self.text, after)
            end = option.end() if option else after
            self.scan.events.append(Event("begin", name, p, end, option.group(1) if option else ""))
            return end
        return after
