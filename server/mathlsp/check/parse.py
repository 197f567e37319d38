"""LaTeX to SymPy: normalise what people type, then latex2sympy2_extended.

The only way document text becomes a SymPy object. Never ``eval``/``sympify``/``parse_expr``
on document text: latex2sympy2_extended builds expressions from an ANTLR parse tree.
Runs inside sandbox workers (see ``sandbox.py``); callers get a ``Parsed`` value, never an
exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_FRAC_STYLE = re.compile(r"\\[dtc]frac(?![a-zA-Z])")
_BINOM_STYLE = re.compile(r"\\[dt]binom(?![a-zA-Z])")
_DISPLAY_STYLE = re.compile(r"\\(?:displaystyle|textstyle|scriptstyle)(?![a-zA-Z])\s*")
_SHORT_FRAC = re.compile(r"\\[dt]?frac\s*(\d)\s*(\d)")
_SHORT_FRAC_MIXED = re.compile(r"\\[dt]?frac\s*(\d)\s*(\{)")
_SHORT_SQRT = re.compile(r"\\sqrt\s*(\d+|[a-zA-Z])(?![a-zA-Z{])")
_SPACING = re.compile(r"\\[,;:!]|\\quad|\\qquad|~|(?<!\\)\\ ")
# `2(3)`, `(2)(3)`: latex2sympy reads an integer before a number as a mixed number (5);
# people mean a product. Not after `_`/`^` (`\log_2(8)`, `x^2(x+1)` keep their reading).
_NUMBER_TIMES_PAREN = re.compile(r"(?:(?<![_^\d.])(\d+(?:\.\d+)?)|(\)))\s*\(")
# ``\int_1^e``: the parser reads a bare ``e`` after ``^`` as the start of ``1e5`` and fails.
_E_SCRIPT = re.compile(r"([_^])\s*e(?![a-zA-Z])")
# `\therefore x = 2`, `\Rightarrow x = 2`, `∴ x = 2`: the words of the working, not math.
_LEADING_CONNECTIVE = re.compile(
    r"^(?:\s|\\(?:therefore|because|Rightarrow|Longrightarrow|implies|iff|Leftrightarrow"
    r"|Longleftrightarrow)(?![a-zA-Z])|[∴∵⇒⟹⇔])+"
)
_SIZING = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?:l|r)?\s*(?=[()\[\]|.]|\\[{}|])")


def normalise(latex: str) -> str:
    """Rewrite typing shorthands into forms the parser reads; same input, same output."""
    text = latex.strip()
    text = _FRAC_STYLE.sub(r"\\frac", text)
    text = _BINOM_STYLE.sub(r"\\binom", text)
    text = _DISPLAY_STYLE.sub("", text)
    text = _SHORT_FRAC.sub(r"\\frac{\1}{\2}", text)
    text = _SHORT_FRAC_MIXED.sub(r"\\frac{\1}\2", text)
    text = _SHORT_SQRT.sub(r"\\sqrt{\1}", text)
    text = text.replace("\\left.", "").replace("\\right.", "")  # before _SIZING eats \\left
    text = _SIZING.sub("", text)
    text = _E_SCRIPT.sub(r"\1{e}", text)
    text = _SPACING.sub(" ", text)
    text = _NUMBER_TIMES_PAREN.sub(lambda m: f"{m.group(1) or m.group(2)} \\cdot (", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_CONNECTIVE.sub("", text)


@dataclass(frozen=True, slots=True)
class Parsed:
    expr: Any  # a SymPy object, or None when the text could not be read
    error: str | None = None


def to_sympy(latex: str) -> Parsed:
    """Read normalised LaTeX into SymPy; failures become ``Parsed(None, message)``.
    Plain math goes through ``fastparse`` (identical results); the rest through latex2sympy."""
    from latex2sympy2_extended import latex2sympy

    from mathlsp.check.congruence import rewrite_congruence
    from mathlsp.check.evaluation import rewrite_evaluations
    from mathlsp.check.fastparse import read
    from mathlsp.check.piecewise import read_cases

    text = normalise(latex)
    if not text:
        return Parsed(None, "empty math")
    text = rewrite_congruence(rewrite_evaluations(text, _variables))
    if "\\begin{cases}" in text:
        cases = read_cases(text, lambda piece: to_sympy(piece).expr)
        if cases is not None:
            return Parsed(cases)
    fast = read(text)  # plain math without the ANTLR parser: the same object, ~35x faster
    if fast is not None:
        return Parsed(fast)
    try:
        return Parsed(latex2sympy(text))
    except Exception as error:  # the parser raises bare Exception with a caret diagram
        if type(error) is not Exception:  # SymPy failed while building (``\\det`` of a symbol)
            return Parsed(None, f"could not read `{latex.strip()}`: SymPy cannot build it")
        first_line = str(error).splitlines()[0] if str(error) else "not LaTeX math it knows"
        return Parsed(None, f"could not read `{latex.strip()}`: {first_line}")


def _variables(latex: str) -> list[str] | None:
    """The free variables of ``latex`` as LaTeX names (for ``[F]_a^b``), None if unreadable."""
    import sympy

    parsed = to_sympy(latex)
    if not isinstance(parsed.expr, sympy.Basic):
        return None
    return sorted(str(sympy.latex(symbol)) for symbol in parsed.expr.free_symbols)
