"""LaTeX to SymPy: normalisation, the fast reader, the latex2sympy fallback, evaluation
brackets, piecewise functions, congruences, and the readable printer that shows SymPy's reading
back to the user.

May import: the shared types beside the wings (``check.diagnostics``, ``check.numeric``,
``check.verdict``), SymPy and latex2sympy2_extended. Must not import any other wing
(``context``, ``judge``, ``answers``, ``engine``): reading knows nothing of verdicts.
"""
