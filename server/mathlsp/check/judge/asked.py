"""What the question asks for, and whether that is understood completely (DESIGN, "Answers").

A written answer is compared with SymPy's only when SymPy computes the quantity the question
asks for: "Evaluate $p(x)$ when $x = 3$" asks for p(3), "Compute $\\binom{8}{4}$" for the
number; "Find the largest prime factor of $N$", "the sum of the roots", "What is $x$?" about
a figure, or "to the nearest tenth" ask for something else. The question is read from the
wording with each math span replaced by a placeholder; anything unsure is "not understood".
"""

from __future__ import annotations

import re

PLACEHOLDER = "$M$"
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_SENTENCE = re.compile(r"(?<=[.?!。？！])\s+|(?<=[。？！])")
# The answer's format, not the question: "Express your answer as a common fraction."
_FORMAT = re.compile(
    r"^\s*(?:express|give|write|enter|leave|put|simplify)\b[^.?!]*\banswers?\b", re.IGNORECASE
)
# Wording that asks for a quantity derived from the math, not the math itself, or for a
# rounding a comparison cannot know the precision of.
_DERIVED = re.compile(
    r"\b(?:sum|product|difference|positive|negative|largest|smallest|greatest|least|"
    r"integers?|whole|number\s+of|how\s+many|how\s+much|nearest|round(?:ed)?|decimal\s+places|"
    r"percent|digits?|remainder|prime|factors?\s+of|divisors?|multiples?|area|perimeter|"
    r"volume|probability|ratio|average|mean|median|mode|degree|coefficients?|units?|"
    r"ordered|pairs?|distance|length|radius|diameter|angle|slope|intercept|domain|range|"
    r"period|amplitude|base|digit|interval|terms?|expected|possible|ways|order|closest|"
    r"minimum|maximum|exact|approximate|estimate)\b"
    r"|[个位]数|之和|之积|余数|面积|周长|体积|概率|最大|最小|多少|几",
    re.IGNORECASE,
)
_VERB = (
    r"(?:evaluate|compute|calculate|simplify|find|what\s+is|what's|determine|solve\s+for|"
    r"solve|rationali[sz]e)"
)
_OF = r"(?:the\s+(?:exact\s+)?(?:value|result)\s+of\s+|the\s+expression\s+|the\s+value\s+of\s+)?"
_WHEN = r"(?:\s*,?\s*(?:when|if|for|at|where|given|with)\s+\$M\$(?:\s*(?:,|and)\s*\$M\$)*)?"
_PREFIX = r"(?:(?:if|given|when|suppose|assuming|since)\b[^?]*?,\s*(?:then\s+)?)?"
_FORM = re.compile(
    rf"^\s*{_PREFIX}{_VERB}\s+{_OF}\$M\$(?:\s*(?:equal\s+to|equal))?{_WHEN}\s*[.?!。？]?\s*$",
    re.IGNORECASE,
)
_FORM_ZH = re.compile(r"^\s*(?:计算|求值|化简|求)\s*\$M\$(?:\s*的值)?\s*[。.？?]?\s*$|\$M\$\s*的值")
_SOLVE = re.compile(
    r"\bsolve\b|求解|解方程|\bfind\s+(?:all\s+)?(?:the\s+)?(?:real\s+)?(?:roots|solutions|zeros)\s+"
    r"(?:of|to)\s+\$M\$\s*[.?!]?\s*$",
    re.IGNORECASE,
)
_OPERATION = re.compile(
    r"(?<!scale )(?<!common )(?<!prime )\b(?:factor(?:i[sz]e)?|expand|因式分解|展开)\b[^$]{0,40}\$M\$",
    re.IGNORECASE,
)
_KINDS_THAT_NAME_THEIR_TARGET = frozenset(
    {"derivative", "integral", "antiderivative", "limit", "sum", "factor", "expand",
     "maximum", "minimum", "inequality"}
)  # fmt: skip


def question(statement: str) -> str:
    """The sentence that asks, with math as placeholders: the last sentence that is not about
    the answer's format (the whole text when there is only one)."""
    return _asking(statement)[0]


def _asking(statement: str) -> tuple[str, list[str]]:
    """The asking sentence and the math sources of its placeholders, in order."""
    sources = [_inner(m.group()) for m in _MATH.finditer(statement)]
    words = _MATH.sub(f" {PLACEHOLDER} ", statement)
    sentences = [s.strip() for s in _SENTENCE.split(words) if s and s.strip()]
    asking = [s for s in sentences if not _FORMAT.match(s)]
    chosen = asking[-1] if asking else (sentences[-1] if sentences else "")
    before = words[: words.rfind(chosen)].count(PLACEHOLDER) if chosen else 0
    return chosen, sources[before : before + chosen.count(PLACEHOLDER)]


def _inner(math: str) -> str:
    for opening, closing in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if math.startswith(opening) and math.endswith(closing) and len(math) >= 2 * len(opening):
            return math[len(opening) : len(math) - len(closing)]
    return math


def asked_math(statement: str) -> str | None:
    """The math the question names as its target ("What is $x^2 + 1$ when $x = 3$?" names
    `x^2 + 1`), when it has the plain asking form; else None."""
    asked, sources = _asking(statement)
    if not sources:
        return None
    if _FORM.match(asked):
        return _target_of(asked, sources)
    return sources[-1] if _FORM_ZH.search(asked) else None


def _target_of(asked: str, sources: list[str]) -> str:
    """The placeholder right after the verb: skip those in a leading "If …," clause."""
    verb = re.search(_VERB, asked, re.IGNORECASE)
    start = verb.end() if verb else 0
    return sources[asked[:start].count(PLACEHOLDER)] if sources else ""


def rounds(statement: str) -> bool:
    """The question wants a rounding ("to the nearest tenth", "as a decimal")."""
    words = _MATH.sub(" ", statement)
    return bool(re.search(r"\bnearest\b|\bround|\bdecimal\b|\bpercent\b", words, re.IGNORECASE))


def understood(statement: str, kind: str | None) -> str | None:
    """None when SymPy's result for ``kind`` is what the question asks for; otherwise why
    not (the hover's "not computed: …")."""
    if rounds(statement):
        return "the question asks for a rounding"
    if kind in ("maximum", "minimum"):
        return None
    asked = question(statement)
    derived = _DERIVED.search(asked.replace(PLACEHOLDER, " "))
    if derived is not None:
        return f"the question asks for a quantity ({derived.group()}) SymPy does not compute"
    if kind in ("factor", "expand") and not _OPERATION.search(asked):
        return "the question does not ask to factor or expand the math"
    if kind in _KINDS_THAT_NAME_THEIR_TARGET:
        return None
    if _FORM.match(asked) or _FORM_ZH.search(asked):
        return None
    if kind in ("solve", "system") and _SOLVE.search(asked):
        return None
    return "the question's target is not a math expression SymPy can evaluate as asked"
