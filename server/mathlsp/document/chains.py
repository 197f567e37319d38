"""Derivation chains: ``A = B = C`` in one span, and ``&=`` continuation rows.

Splits at top-level relations only (not inside braces, brackets, parentheses or inner
environments). Every pair of consecutive terms of a chain is a link that must hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mathlsp.document.environments import environment_rows
from mathlsp.document.model import Chain, Fragment, SpanKind
from mathlsp.document.scan import Interval, RawSpan, map_index
from mathlsp.document.text import LineIndex

_OTHER_RELATIONS = frozenset(
    "le leq lt leqslant ge geq gt geqslant ne neq approx sim simeq equiv cong propto "
    "to rightarrow Rightarrow longrightarrow Longrightarrow implies impliedby iff "
    "Leftrightarrow Longleftrightarrow leftrightarrow leftarrow Leftarrow mapsto in notin "
    "ni subset subseteq supset supseteq ll gg prec succ preceq succeq parallel perp mid "
    "nmid coloneqq eqqcolon doteq triangleq stackrel overset neq lessgtr".split()
)
_BREAKERS = frozenset({"quad", "qquad"})
_CONNECTIVES = frozenset(
    "and or if iff where when for since so thus hence then because therefore ie i.e. "
    "且 或 即 所以 因为 其中 当 得 故".split()
)
_TOKEN = re.compile(r"\\([a-zA-Z]+|[\s\S])|[{}()\[\]]|[=<>,;&]")
_ENDING = re.compile(r"(?:\s|[.,;&]|\\[,;:! ]|\\q?quad(?![a-zA-Z]))+$")


_Term = tuple[str, int, int]  # source and document offsets; ranges only for real chains


@dataclass(slots=True)
class _Row:
    """Terms of one row: ``relations[i]`` joins ``terms[i]`` and ``terms[i+1]``."""

    terms: list[_Term]
    relations: list[str]  # "=" or "other"
    continuation: bool  # the row starts with a relation: it continues the row before


def _split(source: str) -> tuple[list[Interval], list[str]] | None:
    """Top-level pieces of ``source`` between relations, or None when the row is not a
    chain candidate (commas, ``\\quad``, words like ``\\text{and}`` at top level)."""
    ending = _ENDING.search(source)
    stop = ending.start() if ending else len(source)
    depth = 0
    cuts: list[Interval] = []
    relations: list[str] = []
    start = 0
    for match in _TOKEN.finditer(source, 0, stop):
        token = match.group()
        name = match.group(1)
        if name is not None:
            if name in ("begin", "{"):
                depth += 1
            elif name in ("end", "}"):
                depth = max(0, depth - 1)
            elif depth == 0 and name in _BREAKERS:
                return None
            elif depth == 0 and name in _OTHER_RELATIONS:
                cuts.append((start, match.start()))
                relations.append("other")
                start = match.end()
            elif depth == 0 and name in ("text", "mbox", "textrm", "mathrm"):
                word = source[match.end() :].lstrip("{ ").split("}", 1)[0].strip().lower()
                if word.split(" ", 1)[0] in _CONNECTIVES:
                    return None
            continue
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth = max(0, depth - 1)
        elif depth > 0:
            continue
        elif token in ",;":
            return None
        elif token in "<>":
            cuts.append((start, match.start()))
            relations.append("other")
            start = match.end()
        elif token == "=":
            s = match.start()
            before = source[s - 1] if s > 0 else ""
            after = source[s + 1 : s + 2]
            if before in (":", "<", ">", "!", "=") or after in ("=", ":"):
                if before in ("<", ">", "!") and relations and cuts[-1][1] == s - 1:
                    continue  # `<=` already cut at `<`
                cuts.append((start, s))
                relations.append("other")
                start = s + 1
                continue
            cuts.append((start, s))
            relations.append("=")
            start = s + 1
    cuts.append((start, stop))
    return cuts, relations


def _trimmed(source: str, interval: Interval) -> Interval:
    a, b = interval
    while a < b and (source[a].isspace() or source[a] == "&"):
        a += 1
    while b > a and (source[b - 1].isspace() or source[b - 1] == "&"):
        b -= 1
    return a, b


def _row(span: RawSpan, source: str, pieces: tuple[Interval, ...]) -> _Row | None:
    """Terms of one row (``pieces`` in source coordinates) with exact document ranges."""
    row = "".join(source[a:b] for a, b in pieces)
    split = _split(row)
    if split is None:
        return None
    cuts, relations = split
    terms: list[_Term] = []
    for number, cut in enumerate(cuts):
        a, b = _trimmed(row, cut)
        if a == b:
            if number == 0 and relations:
                continue  # `&= x`: the row continues the one before
            return None
        if "&" in row[a:b]:
            return None
        start = span.doc_offset(map_index(pieces, a))
        end = span.doc_offset(map_index(pieces, b, end=True), end=True)
        terms.append((row[a:b], start, end))
    continuation = len(terms) == len(relations)
    return _Row(terms, relations, continuation)


def _rows_of(span: RawSpan, text: str) -> list[_Row | None]:
    source = span.source(text)
    row_pieces: list[tuple[Interval, ...]] = [((0, len(source)),)]
    if span.kind is not SpanKind.ENVIRONMENT_LINE and "\\" in source:
        row_pieces = environment_rows(source, 0, len(source), comments=False)
    return [_row(span, source, pieces) for pieces in row_pieces]


def _chains_of_group(rows: list[_Row | None], index: LineIndex) -> list[Chain]:
    chains: list[Chain] = []
    run: list[_Term] = []
    run_rows = 0
    pure = True  # the run lies in one row whose relations are all `=`

    def flush() -> None:
        if len(run) >= 3 and (run_rows > 1 or pure) or len(run) >= 2 and run_rows > 1:
            chains.append(Chain(tuple(Fragment(t, index.range(a, b)) for t, a, b in run)))

    for row in rows:
        if row is None:
            flush()
            run, run_rows, pure = [], 0, True
            continue
        links = row.relations
        terms = list(row.terms)
        if row.continuation and run:
            run_rows += 1
        else:
            flush()
            if row.continuation:
                links = links[1:]  # nothing before it to continue
            run = [terms.pop(0)] if terms else []
            run_rows, pure = 1, all(link == "=" for link in links)
        for link, term in zip(links, terms, strict=False):
            if link == "=":
                run.append(term)
            else:
                flush()
                run, run_rows, pure = [term], 1, False
    flush()
    return chains


def find_chains(
    spans: list[RawSpan], ignored: list[bool], text: str, index: LineIndex
) -> list[Chain]:
    """Chains of the non-ignored spans, in document order."""
    chains: list[Chain] = []
    group: list[_Row | None] = []
    group_block: int | None = None
    for span, skip in zip(spans, ignored, strict=True):
        if span.kind is SpanKind.ENVIRONMENT_LINE and span.block == group_block and not skip:
            group.extend(_rows_of(span, text))
            continue
        chains.extend(_chains_of_group(group, index))
        group, group_block = [], None
        if skip or (span.kind is not SpanKind.ENVIRONMENT_LINE and "=" not in span.source(text)):
            continue
        if span.kind is SpanKind.ENVIRONMENT_LINE:
            group, group_block = _rows_of(span, text), span.block
        else:
            chains.extend(_chains_of_group(_rows_of(span, text), index))
    chains.extend(_chains_of_group(group, index))
    return chains
