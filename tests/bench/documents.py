"""The documents of the data benches, built exactly as ``/work/shared/notes/benches.md`` says,
each item with the line ranges the counting needs. Pure: rows in, text and ranges out.

A range is ``(first, last)``, 1-based lines of the built document, as `mathlsp check
--format json` reports them.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from tests.bench.corpus import Builder

Lines = tuple[int, int]
PER_DOCUMENT = 20
_BLANK = re.compile(r"\n[ \t]*(?=\n)")
_HEADING = re.compile(r"^#{1,2}(?=\s|$)", re.M)


def one_paragraph(text: str) -> str:
    """``text`` with its blank lines removed, so it stays one Markdown paragraph."""
    return _BLANK.sub("", text.strip("\n")).strip("\n")


def lower_headings(text: str) -> str:
    """A ``#`` or ``##`` heading inside a step becomes ``###`` (it must not open a problem)."""
    return _HEADING.sub("###", text)


def batches(items: Sequence[Any], size: int = PER_DOCUMENT) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- MATH train ----------------------------------------------------------------------------------


def largest_remainder(counts: dict[str, int], total: int) -> dict[str, int]:
    """``total`` seats shared in proportion to ``counts``; leftover seats to the largest
    remainders (ties: name order)."""
    whole = sum(counts.values())
    shares = {name: Fraction(total * count, whole) for name, count in counts.items()}
    seats = {name: int(share) for name, share in shares.items()}
    left = total - sum(seats.values())
    for name in sorted(shares, key=lambda n: (-(shares[n] - seats[n]), n))[:left]:
        seats[name] += 1
    return seats


def math_sample(rows: Sequence[dict[str, Any]], size: int = 1000,
                seed: int = 20240601) -> list[dict[str, Any]]:  # fmt: skip
    """Proportional to subject: for each subject in sorted order ``rng.sample`` of its rows
    sorted by ``id``, then one ``rng.shuffle`` of the whole sample."""
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_subject[row["subject"]].append(row)
    seats = largest_remainder({s: len(r) for s, r in by_subject.items()}, size)
    rng = random.Random(seed)
    sample: list[dict[str, Any]] = []
    for subject in sorted(by_subject):
        sample += rng.sample(sorted(by_subject[subject], key=lambda r: r["id"]), seats[subject])
    rng.shuffle(sample)
    return sample


_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d*\.\d+")
_FRACTION = re.compile(r"(-?\\[dt]?frac\s*)(\{\s*\d+\s*\}|\d)(\s*(?:\{[^{}]*\}|\d))")
_SLASH = re.compile(r"(-?)(\d+)(\s*/\s*\d+)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_TEXT = re.compile(r"\\(?:text|textbf|textrm|mbox|mathrm)\s*\{[^{}]*\}")
_PUNCTUATION = re.compile(r"[\s,.;:()\[\]]*")


def _plus(number: str, unit: Decimal) -> str:
    """``number`` plus ``unit``, written with as many decimals as ``number`` has."""
    value = Decimal(number)
    places = max(0, -int(value.as_tuple().exponent))
    written = f"{value + unit:.{places}f}"
    return written.replace("0.", ".", 1) if number.lstrip("-").startswith(".") else written


def plant(answer: str) -> str | None:
    """A wrong value for a correct answer: an integer +1; a decimal's last digit +1; a
    fraction's numerator +1; otherwise the first number +1; a sign flipped for a bare
    expression (no digit). None for a text-only answer (``\\text{(C)}``): no twin."""
    text = answer.strip()
    if _INTEGER.fullmatch(text):
        return str(int(text) + 1)
    if _DECIMAL.fullmatch(text):
        places = len(text.partition(".")[2])
        return _plus(text, Decimal(1).scaleb(-places))
    fraction = _FRACTION.fullmatch(text) or _SLASH.fullmatch(text)
    if fraction is not None:
        numerator = int(fraction.group(2).strip("{} "))
        brace = fraction.re is _FRACTION
        bumped = f"{{{numerator + 1}}}" if brace else str(numerator + 1)
        return f"{fraction.group(1)}{bumped}{fraction.group(3)}"
    number = _NUMBER.search(text)
    if number is not None:
        return text[: number.start()] + _plus(number.group(), Decimal(1)) + text[number.end() :]
    if _TEXT.search(text) and _PUNCTUATION.fullmatch(_TEXT.sub("", text)):
        return None
    return text[1:].lstrip() if text.startswith("-") else f"-{text}"


def last_boxed(text: str) -> tuple[int, int] | None:
    """Start and end offsets of the content of the last ``\\boxed{...}`` (braces balanced)."""
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return i + 1, j
    return None


def replace_last_boxed(text: str, content: str) -> str:
    where = last_boxed(text)
    return text if where is None else text[: where[0]] + content + text[where[1] :]


Position = tuple[int, int]  # 1-based line, 1-based UTF-16 column


@dataclass
class MathItem:
    row_id: str
    number: int  # `## Problem N` in its document
    heading: int  # line of the heading
    answer_line: int  # line of `Answer: $...$`
    asy: list[tuple[Position, Position]] = field(default_factory=list)  # `[asy]`..`[/asy]`


def _column(line: str, index: int) -> int:
    return len(line[:index].encode("utf-16-le")) // 2 + 1


def asy_regions(lines: Sequence[str], first_line: int) -> list[tuple[Position, Position]]:
    """From each ``[asy]`` to the end of its ``[/asy]``, as positions in the document
    (``lines[0]`` is line ``first_line``)."""
    regions, opened = [], None
    for offset, line in enumerate(lines):
        at = 0
        while True:
            if opened is None:
                at = line.find("[asy]", at)
                if at < 0:
                    break
                opened = (first_line + offset, _column(line, at))
            else:
                end = line.find("[/asy]", at)
                if end < 0:
                    break
                at = end + len("[/asy]")
                regions.append((opened, (first_line + offset, _column(line, at))))
                opened = None
    return regions


def math_document(rows: Sequence[dict[str, Any]], answers: Sequence[str]) -> tuple[str, list[MathItem]]:  # fmt: skip
    """One homework file: ``## Problem N``, the statement as one paragraph, the solution as
    written, ``Answer: $<answer>$``; ``answers`` (the correct ones or the planted ones) go in
    the answer line and, when they differ from the row's, in the solution's last box."""
    builder, items = Builder(), []
    for number, (row, answer) in enumerate(zip(rows, answers, strict=True), 1):
        heading, _ = builder.add(f"## Problem {number}")
        builder.add(one_paragraph(row["problem"]))
        solution = row["solution"].strip("\n")
        if answer != row["answer"]:
            solution = replace_last_boxed(solution, answer)
        builder.add(solution)
        answer_line, _ = builder.add(f"Answer: ${answer}$")
        asy = asy_regions(builder.lines[heading - 1 : answer_line], heading)
        items.append(MathItem(row["id"], number, heading, answer_line, asy))
    return builder.text(), items


# -- ProcessBench and PRM800K --------------------------------------------------------------------


@dataclass
class StepsItem:
    row_id: str
    heading: int
    steps: list[Lines]  # one range per step, in order
    answer_line: int | None  # `Answer: $...$`, when some step holds a box
    box_step: int | None  # the step whose box the answer line repeats


def steps_document(rows: Sequence[dict[str, Any]]) -> tuple[str, list[StepsItem]]:
    """ProcessBench: ``## Problem N``, the problem as one paragraph, each step its own
    paragraph (blank lines removed, ``#``/``##`` headings lowered), then ``Answer: $<box>$``
    from the last step that holds a ``\\boxed{}``."""
    builder, items = Builder(), []
    for number, row in enumerate(rows, 1):
        heading, _ = builder.add(f"## Problem {number}")
        builder.add(one_paragraph(row["problem"]))
        steps = [builder.add(lower_headings(one_paragraph(step)) or ".") for step in row["steps"]]
        boxed = [k for k, step in enumerate(row["steps"]) if last_boxed(step) is not None]
        answer_line = box_step = None
        if boxed:
            box_step = boxed[-1]
            start, end = last_boxed(row["steps"][box_step]) or (0, 0)
            content = " ".join(row["steps"][box_step][start:end].split())
            answer_line, _ = builder.add(f"Answer: ${content}$")
        items.append(StepsItem(str(row["id"]), heading, steps, answer_line, box_step))
    return builder.text(), items


def prm_document(row: dict[str, Any]) -> tuple[str, Lines]:
    """PRM800K: ``## Problem``, the instruction, each earlier response as a paragraph, then the
    rated ``next_response`` as the last paragraph (whose range is returned)."""
    builder = Builder()
    builder.add("## Problem")
    builder.add(one_paragraph(row["instruction"]))
    for response in row["responses"]:
        builder.add(one_paragraph(response) or ".")
    last = builder.add(one_paragraph(row["next_response"]) or ".")
    return builder.text(), last
