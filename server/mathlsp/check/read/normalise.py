"""Rewrite what people type into what the readers read: pure text, no SymPy, so the planner
in the editor's process can use it for cache keys without loading the readers."""

from __future__ import annotations

import re

_FRAC_STYLE = re.compile(r"\\[dtc]frac(?![a-zA-Z])")
_BINOM_STYLE = re.compile(r"\\[dt]binom(?![a-zA-Z])")
_DISPLAY_STYLE = re.compile(r"\\(?:displaystyle|textstyle|scriptstyle)(?![a-zA-Z])\s*")
_SHORT_FRAC = re.compile(r"\\[dt]?frac\s*(\d)\s*(\d)")
_SHORT_FRAC_MIXED = re.compile(r"\\[dt]?frac\s*(\d)\s*(\{)")
_SHORT_SQRT = re.compile(r"\\sqrt\s*(\d+|[a-zA-Z])(?![a-zA-Z{])")
# TeX spacing (``\,``, ``\quad``, ``~``, a backslash before white space) becomes a space. Every
# other escape is matched whole and kept, so ``\\,`` stays a line break and a comma and
# ``\~`` an accent: a backslash is never read as the start of two commands.
_SPACING = re.compile(r"(?P<space>\\(?:[,;:!]|q?quad(?![a-zA-Z])|\s)|~)|\\[a-zA-Z]+|\\[\s\S]")
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
# `4 \cdot 2 = \boxed{8}`: a box is typography; latex2sympy2_extended reads the box alone (8),
# which would make every boxed link hold.
_BOX = re.compile(r"\\(?:boxed|fbox)\s*(?=\{)")
# Repeated sizing (``\\left\\left(``) goes at once, so normalising twice changes nothing more.
_SIZING = re.compile(r"(?:\\(?:left|right|big|Big|bigg|Bigg)(?:l|r)?\s*)+(?=[()\[\]|.]|\\[{}|])")


def _unboxed(text: str) -> str:
    """``\\boxed{X}`` as ``X`` (its braces too: ``{X}`` would read as a set)."""
    while (found := _BOX.search(text)) is not None:
        start = found.end()  # at the opening brace
        depth = 0
        for index in range(start, len(text)):
            if text[index] == "{" and text[index - 1] != "\\":
                depth += 1
            elif text[index] == "}" and text[index - 1] != "\\":
                depth -= 1
                if depth == 0:
                    after = text[index + 1 :]
                    gap = "" if after[:1] in ("_", "^") else " "  # `\\boxed{1331}_5`: base 5
                    text = f"{text[: found.start()]} {text[start + 1 : index]}{gap}{after}"
                    break
        else:
            return text  # unbalanced: left for the reader to report
    return text


_SIZED = re.compile(r"\\(left|right)(?![a-zA-Z])")
_LIMIT = r"\s*(?:\{[^{}]*\}|\\?[\w+-]+)\s*"
_BAR_WITH_LIMITS = re.compile(rf"\s*(?:\||\\vert(?![a-zA-Z]))\s*(?=_{_LIMIT}\^|\^{_LIMIT}_)")


def _evaluation_brackets(text: str) -> str:
    """``\\left. F \\right|_a^b`` as ``[F]_a^b``: the ``\\left.`` says where F starts, and
    without it two brackets in a row read as one (``e^x|_0^1 - \\frac12 x^2|_0^1``)."""
    at = 0
    while (start := text.find("\\left.", at)) >= 0:
        depth, close = 0, None
        for match in _SIZED.finditer(text, start):
            depth += 1 if match.group(1) == "left" else -1
            if depth == 0:
                close = match
                break
        at = start + 1
        if close is None:
            break
        rest = text[close.end() :]
        bar = _BAR_WITH_LIMITS.match(rest)  # both limits: `\\right|_{x=1}` is a point
        if bar is None:
            continue
        body = text[start + len("\\left.") : close.start()]
        text = f"{text[:start]}[{body}]{rest[bar.end() :]}"
    return text


def normalise(latex: str) -> str:
    """Rewrite typing shorthands into forms the parser reads; same input, same output."""
    text = latex.strip()
    text = _FRAC_STYLE.sub(r"\\frac", text)
    text = _BINOM_STYLE.sub(r"\\binom", text)
    text = _DISPLAY_STYLE.sub("", text)
    text = _unboxed(text)
    # Spacing first: TeX ignores it, so `\sqrt\,2` is the shorthand `\sqrt 2` read below.
    text = _SPACING.sub(lambda m: " " if m["space"] else m[0], text)
    text = _SHORT_FRAC.sub(r"\\frac{\1}{\2}", text)
    text = _SHORT_FRAC_MIXED.sub(r"\\frac{\1}\2", text)
    text = _SHORT_SQRT.sub(r"\\sqrt{\1}", text)
    text = _evaluation_brackets(text)
    text = text.replace("\\left.", "").replace("\\right.", "")  # before _SIZING eats \\left
    text = _SIZING.sub("", text)
    text = _E_SCRIPT.sub(r"\1{e}", text)
    text = _NUMBER_TIMES_PAREN.sub(lambda m: f"{m.group(1) or m.group(2)} \\cdot (", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_CONNECTIVE.sub("", text)
