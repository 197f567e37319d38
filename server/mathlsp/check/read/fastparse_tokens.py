"""Tokens for ``fastparse``, and the quick checks that send text straight to latex2sympy.

The ANTLR lexer of latex2sympy2_extended reads some letter runs as words (`tr`, `eig`), `dx`
as a differential, `5!=` as "not equal", `E` as E-notation: text where our one-character
reading would differ is rejected here, before any parsing. Also the split of a comma list.
"""

from __future__ import annotations

import re

from latex2sympy2_extended.math_normalization import NormalizationConfig

from mathlsp.check.read.fastparse_build import RELATIONS as BUILT_RELATIONS

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<cmd>\\[a-zA-Z]+)|(?P<letter>[a-zA-Z])"
    r"|(?P<op>[-+*/^_()\[\]{}|!=<>]))"
)
GREEK = frozenset(
    "alpha beta delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi"
    " rho sigma tau upsilon phi varphi chi psi omega pi Delta Theta Lambda Xi Sigma Phi Psi"
    " Omega Pi Upsilon".split()
)
FUNCTIONS = frozenset(
    "sin cos tan csc sec cot arcsin arccos arctan sinh cosh tanh log ln exp".split()
)
RELATIONS = frozenset(BUILT_RELATIONS)
MULTIPLY = frozenset({"*", "\\cdot", "\\times"})
DIVIDE = frozenset({"/", "\\div"})
STRUCTURE = frozenset({"\\frac", "\\binom"})
# Known to the tokenizer; only ``fastparse_calculus`` reads the last six.
CALCULUS_WORDS = frozenset({"\\sqrt", "\\int", "\\sum", "\\lim", "\\to", "\\rightarrow", "\\infty"})
# Letter runs the ANTLR lexer reads as one word token (`tr`, `eig`, ...), not as letters.
WORDS = re.compile(
    r"arsinh|arcsinh|arcosh|arccosh|artanh|arctanh|gcd|lcm|floor|ceil|eye|zeros|ones|cols"
    r"|rows|diag|norm|rank|tr|rref|hstack|vstack|orth|nullspace|eig|svd|matrix|array",
    re.IGNORECASE,
)
_LETTER_RUN = re.compile(r"[a-zA-Z]{2,}")
# `5!=` is "not equal"; `|^{`, `|_` evaluate-at bars; `^T` a transpose; `E`/`I` are
# E-notation and the imaginary unit; a period not in a number is an error.
_DIFFERENTIAL = re.compile(r"\s*([a-zA-Z\\])")  # `dx`, `d x`, `d\theta` are one token
REJECT = re.compile(r"!=|==|<=|>=|\|\s*(?:_|\^\s*\{)|\^\s*\{?\s*T|[EI]|(?<!\d)\.(?!\d)|\d\.(?!\d)")
MAX_LENGTH = 400
CONFIG = NormalizationConfig()

Token = tuple[str, str]  # (kind, text); kinds: num, cmd, letter, op


class Reject(Exception):
    """Outside the fast subset: latex2sympy decides."""


def lexer_words(text: str) -> bool:
    """Whether a run of letters holds a word the ANTLR lexer reads as one token."""
    letters = re.sub(r"\\[a-zA-Z]+", " ", text)
    return any(WORDS.search(run.group()) for run in _LETTER_RUN.finditer(letters))


def tokens(text: str) -> list[Token]:
    """``text`` as tokens; Reject on any command outside the subset or any other character."""
    found: list[Token] = []
    index = 0
    end = len(text.rstrip())
    while index < end:
        match = _TOKEN.match(text, index)
        if not match:
            raise Reject(text[index:])
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "cmd" and not (
            value[1:] in GREEK
            or value[1:] in FUNCTIONS
            or value in RELATIONS
            or value in MULTIPLY
            or value in DIVIDE
            or value in STRUCTURE
            or value in CALCULUS_WORDS
        ):
            raise Reject(value)
        index = match.end()
        if value == "d" and (differential := _DIFFERENTIAL.match(text, index)):
            if differential.group(1) == "\\":
                raise Reject("differential of a command")
            kind, value, index = "diff", "d" + differential.group(1), differential.end()
        found.append((kind, value))
    return found


def top_level_parts(text: str) -> list[str]:
    """``text`` split at commas outside brackets; Reject on a comma inside brackets."""
    parts: list[str] = []
    depth = start = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ",":
            if depth:
                raise Reject("comma inside brackets")
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    if len(parts) > 1 and not all(part.strip() for part in parts):
        raise Reject("empty element")
    return parts
