"""SymPy back to LaTeX, for hover readings and quick-fix replacements.

``sympy.latex`` prints ``log(8, 2)`` as ``\\log{\\left(8 \\right)}``: the base is lost, so a
hover on ``\\log_2 8 = 3`` would show a different claim and a quick fix would insert one. This
printer keeps the base (``\\log_{2}``, ``\\ln`` for base e, as the reader reads them back).
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.latex import LatexPrinter


class _Printer(LatexPrinter):  # type: ignore[misc]
    """SymPy's LaTeX printer with logarithms that keep their base."""

    def _print_log(self, expr: Any, exp: str | None = None) -> str:
        argument = self._print(expr.args[0])
        base = expr.args[1] if len(expr.args) > 1 else sympy.E
        head = "\\ln" if base == sympy.E else f"\\log_{{{self._print(base)}}}"
        tex = f"{head}{{\\left({argument} \\right)}}"
        # a power in parentheses: `\ln{\left(x \right)}^{2}` reads back as ln(x²)
        return f"\\left({tex}\\right)^{{{exp}}}" if exp is not None else tex


def latex(expr: Any) -> str:
    """LaTeX for ``expr``; never raises (falls back to ``str``, as a hover must not be lost)."""
    try:
        return str(_Printer().doprint(expr))
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception:  # a printer bug must not lose the hover
        return str(expr)
