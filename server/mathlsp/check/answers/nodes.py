"""The shapes an answer is read into: leaves, collections, intervals, relations, readings.

Plain frozen dataclasses (hashable, comparable by value), shared by ``shapes`` (which builds
them from text) and ``compare`` (which compares them part by part).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mathlsp.check.answers.numbers import Number


@dataclass(frozen=True, slots=True)
class Num:
    number: Number


@dataclass(frozen=True, slots=True)
class Expr:
    latex: str


@dataclass(frozen=True, slots=True)
class Value:
    obj: Any  # a SymPy value computed elsewhere (``equivalent_to_sympy``), never re-parsed


@dataclass(frozen=True, slots=True)
class Text:
    words: str


@dataclass(frozen=True, slots=True)
class Seq:
    kind: str  # "set" (braces), "list" (bare commas), "tuple" (parentheses, in order)
    items: tuple[Node, ...]
    interval_ok: bool = False  # "(a, b)" may also be an open interval


@dataclass(frozen=True, slots=True)
class Ivl:
    lo: Node
    hi: Node
    lo_closed: bool
    hi_closed: bool


@dataclass(frozen=True, slots=True)
class Cup:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Rel:
    latex: str  # an equation or inequality for SymPy


@dataclass(frozen=True, slots=True)
class Alt:
    options: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Clock:
    readings: tuple[int, ...]  # the seconds of the day a clock time may name


@dataclass(frozen=True, slots=True)
class Named:
    """One solution given by name: `x = 3, y = 2` (compared name by name)."""

    bindings: tuple[tuple[str, Node], ...]


Node = Num | Expr | Value | Text | Seq | Ivl | Cup | Rel | Alt | Clock | Named
