"""Reads a recorded ``mathlsp:solution`` comment back: header fields, body, boxed answer.

The comment markers are already gone (the scanners pass the inner text); this module only
knows the block's own layout: ``mathlsp:solution key=value ...`` / body / ``answer: ...``.
"""

from __future__ import annotations

import re

from mathlsp.document.model import SolutionBlock
from mathlsp.document.scan import brace_pairs
from mathlsp.document.text import Range

_FIELD = re.compile(r"([A-Za-z_][\w.-]*)=(\"[^\"]*\"|'[^']*'|\S+)")
_ANSWER = re.compile(r"\s*answer\s*[:：]\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
_BOXED = re.compile(r"\\boxed\s*\{")


def last_boxed(text: str) -> str | None:
    """Content of the last complete ``\\boxed{..}`` in ``text`` (nested braces kept)."""
    pairs = brace_pairs(text, 0, len(text))
    found: str | None = None
    for match in _BOXED.finditer(text):
        close = pairs.get(match.end() - 1, -1)
        if close >= 0:
            found = text[match.end() : close]
    return found


def parse_fields(header: str) -> dict[str, str]:
    """``key=value`` pairs of a header line; quoted values lose their quotes."""
    fields: dict[str, str] = {}
    for key, value in _FIELD.findall(header):
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        fields[key] = value
    return fields


def parse_solution(inner: str, block_range: Range, *, markdown: bool) -> SolutionBlock:
    """A ``SolutionBlock`` from the comment's inner text (first line ``mathlsp:solution``)."""
    if markdown:
        inner = inner.replace("--&gt;", "-->")
    lines = inner.strip("\r\n").splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    header = lines[0].strip() if lines else ""
    header = (
        header[len("mathlsp:solution") :]
        if header.lower().startswith("mathlsp:solution")
        else header
    )
    body_lines = [line.rstrip() for line in lines[1:]]
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    answer: str | None = None
    if body_lines:
        match = _ANSWER.match(body_lines[-1])
        if match:
            body_lines.pop()
            written = match.group(1)
            boxed = last_boxed(written)
            answer = boxed if boxed is not None else (written.strip() or None)
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    return SolutionBlock(
        range=block_range,
        fields=parse_fields(header),
        body="\n".join(body_lines),
        answer=answer,
    )
