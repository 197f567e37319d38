"""Congruences and divisibility, ``17 \\equiv 2 \\pmod{5}`` and ``7 \\mid 21``, as remainders.

The reader knows neither, but it reads ``a \\mod m`` (SymPy's ``Mod``), so a congruence is
rewritten to ``(a - (b)) \\mod (m) = 0`` and ``d \\mid n`` to ``(n) \\mod (d) = 0``. Runs on
normalised text; ``\\mid`` inside set braces (``\\{x \\mid x > 0\\}``) is left alone.
"""

from __future__ import annotations

import re

_MODULUS = (
    r"\\pmod\s*\{(?P<braced>[^{}]+)\}|\\pmod\s*(?P<bare>\w+)"
    r"|(?:\\cdot\s*)?\(\s*(?:\\(?:bmod|mod)|\\(?:text|mathrm|operatorname)\{mod\})\s*(?P<paren>[^()]+)\)"
    r"|\\(?:bmod|mod)\s*(?P<tail>.+)"
)
_CONGRUENCE = re.compile(rf"^(?P<a>[^=<>]+?)\\equiv(?P<b>[^=<>]+?)(?:{_MODULUS})\s*$")
_INVERSE = re.compile(r"\^\s*\{?\s*-|\\[dt]?frac|/")
_DIVIDES = re.compile(r"^(?P<d>[^=<>{}]+?)\\mid(?P<n>[^=<>{}]+)$")


def rewrite_congruence(text: str) -> str:
    """``text`` with a whole-span congruence or divisibility spelled as a remainder."""
    if "\\equiv" in text:
        match = _CONGRUENCE.match(text)
        if match is None:
            return text
        modulus = next(
            group.strip()
            for group in match.group("braced", "bare", "paren", "tail")
            if group is not None
        )
        a, b = match.group("a").strip(), match.group("b").strip()
        if _INVERSE.search(a) or _INVERSE.search(b):
            return text  # `73^{-1}`, `\\frac{1}{4}` mod 35: an inverse in the ring, not a fraction
        return f"({a} - ({b})) \\mod ({modulus}) = 0"
    if "\\mid" in text and "\\{" not in text:
        match = _DIVIDES.match(text)
        if match is not None:
            return f"({match.group('n').strip()}) \\mod ({match.group('d').strip()}) = 0"
    return text
