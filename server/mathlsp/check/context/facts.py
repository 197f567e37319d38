"""What a document has established at some point: the plain data judgements receive.

A ``Fact`` is one binding (``a = 3``, ``r = \\frac ab``, ``f(x) = x^2``), given (an equation
that relates symbols, ``2b = a + c``, a recurrence), condition (``x > 0``) or domain hint
(arithmetic mod p), as LaTeX text with the line it comes from. Text only, no SymPy: the
planner builds these in the editor's process, they travel to workers as arguments and are
part of the cache key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["binding", "given", "condition", "domain"]
Scope = Literal["span", "row", "paragraph", "problem", "section", "document"]


@dataclass(frozen=True, slots=True)
class Fact:
    """``name`` is the bound name's LaTeX for a binding (``a``, ``a_{k+1}``, ``f(x)``) and
    the domain's name for a domain hint (``mod``); ``latex`` the value of a binding or the
    whole relation of a given or condition. ``line`` is 0-based."""

    kind: Kind
    name: str
    latex: str
    line: int
    scope: Scope

    def shown(self) -> str:
        """``a = 3`` for a binding, the relation for anything else (hover text)."""
        if self.kind == "binding":
            return f"{self.name} = {self.latex}"
        return self.latex

    def where(self) -> str:
        """ "a = 3 from line 12" (1-based, as editors number lines)."""
        return f"{self.shown()} from line {self.line + 1}"


@dataclass(frozen=True, slots=True)
class Context:
    """The facts in scope at one place, most recent first (a later binding of a name hides
    nothing: judgements try each)."""

    facts: tuple[Fact, ...] = ()

    def of_kind(self, kind: Kind) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if fact.kind == kind)

    def __bool__(self) -> bool:
        return bool(self.facts)


EMPTY = Context()
