"""LaTeX to SymPy, the entry point: normalise what people type, read notation as meant
(``notation``), then the fast reader or latex2sympy2_extended (``reader``).

``to_sympy`` gives the first reading, the one hover shows; ``readings.readings`` gives every
plausible one. Callers get a ``Parsed`` value, never an exception.
"""

from __future__ import annotations

from mathlsp.check.read.reader import Parsed
from mathlsp.check.read.readings import first_reading

__all__ = ["Parsed", "to_sympy"]


def to_sympy(latex: str) -> Parsed:
    """The first reading of ``latex`` (see ``readings.first_reading``)."""
    return first_reading(latex)
