"""Normalised LaTeX to SymPy: the fast reader, else latex2sympy2_extended, with case kept.

The only way document text becomes a SymPy object. Never ``eval``/``sympify``/``parse_expr``
on document text: latex2sympy2_extended builds expressions from an ANTLR parse tree.
Runs inside sandbox workers (see ``engine/sandbox.py``); callers get a ``Parsed`` value, never an
exception. Capitals are kept apart from lower case (``N = n + 1`` is no ``n = n + 1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from latex2sympy2_extended import latex2sympy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig

from mathlsp.check.read.congruence import rewrite_congruence
from mathlsp.check.read.evaluation import rewrite_evaluations
from mathlsp.check.read.fastparse import read
from mathlsp.check.read.normalise import normalise
from mathlsp.check.read.parse_errors import in_words
from mathlsp.check.read.piecewise import read_cases

_CONVERSION = ConversionConfig(lowercase_symbols=False)


@dataclass(frozen=True, slots=True)
class Parsed:
    expr: Any  # a SymPy object, or None when the text could not be read
    error: str | None = None
    # symbols whose values the math does not state, with why (``readings.opaque``)
    opaque: tuple[tuple[str, str], ...] = ()
    note: str = ""  # what this reading assumes ("with log as the natural log"); "" for the first


def parse_normalised(text: str) -> Parsed:
    """Read normalised LaTeX into SymPy; failures become ``Parsed(None, message)``.
    Plain math goes through ``fastparse`` (identical results); the rest through latex2sympy."""
    if not text:
        return Parsed(None, "empty math")
    shown = text
    text = rewrite_congruence(rewrite_evaluations(text, _variables))
    if "\\begin{cases}" in text:
        cases = read_cases(text, lambda piece: parse_normalised(normalise(piece)).expr)
        if cases is not None:
            return Parsed(cases)
    fast = read(text)  # plain math without the ANTLR parser: the same object, ~35x faster
    if fast is not None:
        return Parsed(fast)
    try:
        return Parsed(latex2sympy(text, conversion_config=_CONVERSION))
    except Exception as error:  # the parser raises bare Exception with a caret diagram
        if type(error) is not Exception:  # SymPy failed while building (``\\det`` of a symbol)
            return Parsed(None, f"could not read `{shown.strip()}`: SymPy cannot build it")
        return Parsed(None, f"could not read `{shown.strip()}`: {in_words(str(error))}")


def _variables(latex: str) -> list[str] | None:
    """The free variables of ``latex`` as LaTeX names (for ``[F]_a^b``), None if unreadable."""
    parsed = parse_normalised(normalise(latex))
    if not isinstance(parsed.expr, sympy.Basic):
        return None
    return sorted(str(sympy.latex(symbol)) for symbol in parsed.expr.free_symbols)
