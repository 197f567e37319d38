"""Pure edit planning: where a solution comment goes, `mathlsp: ignore` lines, answer fixes.

The language server remembers an ``Anchor`` when a solve starts and, once the model has
answered, plans the insertion against the *current* document: the problem is found again
by its statement (the user may have typed elsewhere meanwhile), an earlier
``mathlsp:solution`` block of that problem is replaced instead of stacking a second one,
and user text is never overwritten. Plain ``TextEdit``s out; no pygls here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mathlsp.document.model import Document, Language, Problem, SolutionBlock
from mathlsp.document.text import LineIndex, Position, Range


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``range`` (UTF-16 LSP range) with ``new_text``; an empty range inserts."""

    range: Range
    new_text: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """What identifies the text being solved, remembered when the solve starts.

    For a problem: its label and statement. For a selection: ``label`` is None and
    ``statement`` is the selected text. ``line`` is where it was, to pick the nearest
    match when the same text occurs twice."""

    label: str | None
    statement: str
    line: int


SOLUTION_MARK = "mathlsp:solution"


def problem_index_at(document: Document, position: Position) -> int | None:
    """Index of the innermost problem whose range contains ``position``."""
    found: int | None = None
    for index, problem in enumerate(document.problems):
        if problem.range.contains(position):
            found = index  # later problems start later: the last match is innermost
    return found


def anchor_for_problem(problem: Problem) -> Anchor:
    return Anchor(problem.label, problem.statement, problem.range.start.line)


def anchor_for_selection(text: str, selection: Range) -> Anchor:
    index = LineIndex(text)
    selected = text[index.offset(selection.start) : index.offset(selection.end)]
    return Anchor(None, selected.strip(), selection.start.line)


def find_problem(document: Document, anchor: Anchor) -> Problem | None:
    """The problem ``anchor`` names in ``document``: one whose statement is the anchor's
    (spacing aside), preferring the same label, then the one nearest the remembered line.

    Nothing looser: a problem renumbered keeps its statement and is found, but a deleted
    problem must not be found again in a neighbour with a similar statement ("Solve
    $3x + 5 = 17$" is not "Solve $3x + 5 = 20$"), nor in the problem that took its number."""
    if anchor.label is None:
        return None
    wanted = _flat(anchor.statement)
    same = [p for p in document.problems if _flat(p.statement) == wanted]
    if not same:
        return None
    labelled = [p for p in same if p.label == anchor.label] or same
    return min(labelled, key=lambda p: abs(p.range.start.line - anchor.line))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _is_solution_text(document: Document, block: SolutionBlock) -> bool:
    """Whether ``block.range`` still holds a `mathlsp:solution` comment (safe to replace)."""
    index = LineIndex(document.text)
    text = document.text[index.offset(block.range.start) : index.offset(block.range.end)]
    head = text.lstrip()
    if not head:
        return False
    opener = "<!--" if document.language == "markdown" else "%"
    return head.startswith(opener) and SOLUTION_MARK in head.splitlines()[0]


def _insert_before_line(document: Document, line: int, comment: str) -> TextEdit:
    """Insert ``comment`` as whole lines before ``line`` (or at the end of the text)."""
    lines = document.text.split("\n")
    if line < len(lines) - 1 or (line == len(lines) - 1 and lines[-1] != ""):
        position = Position(line, 0)
        return TextEdit(Range(position, position), comment + "\n")
    # At the end: after the last line, adding the newline it may lack.
    end = LineIndex(document.text).position(len(document.text))
    prefix = "" if document.text.endswith("\n") or not document.text else "\n"
    return TextEdit(Range(end, end), prefix + comment + "\n")


def _block_after(document: Document, line: int) -> SolutionBlock | None:
    """A solution block starting at ``line`` or after only blank lines from there."""
    lines = document.text.split("\n")
    first = line
    while first < len(lines) and not lines[first].strip():
        first += 1
    for block in document.solutions:
        if block.range.start.line == first:
            return block
    return None


def _paragraph_end(lines: list[str], line: int) -> int:
    """The first blank line at or after ``line`` (or the line count)."""
    while line < len(lines) and lines[line].strip():
        line += 1
    return line


def _find_selection(document: Document, anchor: Anchor) -> tuple[int, int] | None:
    """(start line, end line) of the occurrence of the selected text nearest ``anchor.line``."""
    if not anchor.statement:
        return None
    text = document.text
    index = LineIndex(text)
    best: tuple[int, int] | None = None
    start = text.find(anchor.statement)
    while start >= 0:
        first = index.position(start).line
        last = index.position(start + len(anchor.statement)).line
        if best is None or abs(first - anchor.line) < abs(best[0] - anchor.line):
            best = (first, last)
        start = text.find(anchor.statement, start + 1)
    return best


def plan_solution_edit(document: Document, anchor: Anchor, comment: str) -> TextEdit | None:
    """The edit that puts ``comment`` (a rendered `mathlsp:solution` block) under the problem
    or selection ``anchor`` names, replacing that problem's earlier block. None when the
    problem or selected text is no longer in the document."""
    comment = comment.rstrip("\n")
    if anchor.label is not None:
        problem = find_problem(document, anchor)
        if problem is None:
            return None
        block = problem.solution
        if block is not None and _is_solution_text(document, block):
            return TextEdit(block.range, comment)
        return _insert_before_line(document, problem.insert_at_line, comment)
    found = _find_selection(document, anchor)
    if found is None:
        return None
    line = _paragraph_end(document.text.split("\n"), found[1])
    block = _block_after(document, line)
    if block is not None and _is_solution_text(document, block):
        return TextEdit(block.range, comment)
    return _insert_before_line(document, line, comment)


def ignore_comment(language: Language) -> str:
    return "<!-- mathlsp: ignore -->" if language == "markdown" else "% mathlsp: ignore"


def plan_ignore_edit(text: str, language: Language, line: int) -> TextEdit:
    """Insert a `mathlsp: ignore` line, indented like ``line``, before ``line``."""
    lines = text.split("\n")
    current = lines[line] if line < len(lines) else ""
    indent = current[: len(current) - len(current.lstrip())]
    position = Position(line, 0)
    return TextEdit(Range(position, position), f"{indent}{ignore_comment(language)}\n")


# Delimiters whose content is the replaceable answer: `$..$`, `\(..\)`, `\boxed{..}`, ...
_DELIMITED = re.compile(
    r"^(?P<open>\$\$|\$|\\\(|\\\[|\\boxed\{|\\answer\{)(?P<body>.*)(?P<close>\$\$|\$|\\\)|\\\]|\})$",
    re.DOTALL,
)
_ANSWER_LINE = re.compile(r"^(?P<head>[*_]*(?:Answer|Ans|答案|答)[*_]*\s*[:：][*_]*\s*)", re.I)


def plan_replacement(text: str, target: Range, replacement: str) -> TextEdit:
    """Replace a written answer at ``target`` with ``replacement`` (LaTeX), keeping its math
    delimiters or `Answer:` prefix so only the answer itself changes."""
    index = LineIndex(text)
    start, end = index.offset(target.start), index.offset(target.end)
    written = text[start:end]
    head = _ANSWER_LINE.match(written)
    if head is not None:  # "Answer: $1/2$" -> keep the prefix, then treat the rest
        start += len(head.group("head"))
        written = text[start:end]
    stripped = written.strip()
    start += len(written) - len(written.lstrip())
    end = start + len(stripped)
    match = _DELIMITED.match(stripped)
    if match is not None and _closes(match.group("open"), match.group("close")):
        start += len(match.group("open"))
        end -= len(match.group("close"))
    elif head is not None and stripped and "\\" in replacement:
        replacement = f"${replacement}$"  # plain-text answer line: write the LaTeX as math
    return TextEdit(index.range(start, end), replacement)


def _closes(opener: str, closer: str) -> bool:
    pairs = {"$$": "$$", "$": "$", "\\(": "\\)", "\\[": "\\]", "\\boxed{": "}", "\\answer{": "}"}
    return pairs[opener] == closer


_FRAC = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")


def readable(latex: str) -> str:
    """A short plain rendering for titles: `\\frac{1}{3}` -> `1/3`, `\\sqrt{2}` -> `√2`."""
    text = _FRAC.sub(lambda m: f"{_group(m.group(1))}/{_group(m.group(2))}", latex)
    text = re.sub(r"\\sqrt\{([^{}]*)\}", lambda m: "√" + _group(m.group(1)), text)
    for macro, plain in (("\\pi", "π"), ("\\cdot", "·"), ("\\infty", "∞"), ("\\left", "")):
        text = text.replace(macro, plain)
    text = text.replace("\\right", "").replace("\\,", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def _group(part: str) -> str:
    part = part.strip()
    return part if re.fullmatch(r"[\w.\\]+", part) else f"({part})"
