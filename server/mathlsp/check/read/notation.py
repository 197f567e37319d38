"""Notation people write that the parser misreads, rewritten into forms it reads as meant.

Pure text, no SymPy. Each rewrite fixes a cause of false alarms at its root rather than an
example: primes are derivatives (``(x^2)'``, ``f'(x)``, ``y^\\prime``); ``\\mathrm{e}``,
``\\mathrm{i}``, ``\\mathrm{d}x`` are Euler's number, the imaginary unit and a differential;
indexed names (``I_n``, ``e_1``) are names; a capital ``I`` is a name, not the unit; ``\\cdots``
stands for terms not written; ``204_6`` is a number in base 6; ``\\gcd(a, b)`` of letters is
unknown, not 1; an integral ends at its differential (``d t +``, ``d\\cos x``); a ``\\text{}``
label before or after the math is no factor.

What the parser cannot express is sent through a placeholder: ``\\mathrm{MLSPAB}`` as a symbol,
or ``\\mathrm{MLSPAB}(args, \\mathrm{MLSPEND})`` as a function application (the extra argument
makes the grammar read it as one); ``Marks`` says what each stands for and
``readings.restore`` builds the SymPy object.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

PREFIX = "MLSP"
END = f"\\mathrm{{{PREFIX}END}}"  # the extra last argument of a placeholder application


@dataclass(slots=True)
class Marks:
    """What each placeholder stands for: (kind, name, detail)."""

    table: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # a name's why, for ``opaque``

    def name(self, shown: str, reason: str) -> str:
        """A symbol whose value the math does not state (``∠ABC``, a quantity in words)."""
        self.reasons[shown] = reason
        return self.symbol("name", shown)

    def symbol(self, kind: str, name: str, detail: int = 0) -> str:
        key = self._key()
        self.table[key] = (kind, name, detail)
        return f"\\mathrm{{{key}}}"

    def call(self, kind: str, name: str, arguments: str, detail: int = 0) -> str:
        return f"{self.symbol(kind, name, detail)}({arguments}, {END})"

    def _key(self) -> str:
        index = len(self.table)
        letters = string.ascii_uppercase
        return PREFIX + letters[index // 26 % 26] + letters[index % 26]


# ---------------------------------------------------------------- brackets


def closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start``, or -1."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    opener = text[start]
    closer = pairs[opener]
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opener and text[index - 1 : index] != "\\":
            depth += 1
        elif text[index] == closer and text[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return -1


def opening(text: str, end: int) -> int:
    """The index of the bracket opening the one closing at ``end``, or -1."""
    pairs = {")": "(", "]": "[", "}": "{"}
    closer = text[end]
    opener = pairs[closer]
    depth = 0
    for index in range(end, -1, -1):
        if text[index] == closer:
            depth += 1
        elif text[index] == opener:
            depth -= 1
            if depth == 0:
                return index
    return -1


# ---------------------------------------------------------------- fixed rewrites

_ROMAN = r"(?:\\mathrm|\\operatorname|\\text|\\textrm|\\rm|\\mathit)"
_ROMAN_E = re.compile(_ROMAN + r"\s*\{\s*e\s*\}(?!\s*_)|\{\\rm\s+e\}")
_ROMAN_I = re.compile(_ROMAN + r"\s*\{\s*i\s*\}(?!\s*_)|\{\\rm\s+i\}")
_ROMAN_D = re.compile(_ROMAN + r"\s*\{\s*d\s*\}\s*(?=[a-zA-Z\\(])|\{\\rm\s+d\}\s*(?=[a-zA-Z\\(])")
# `e_1`, `I_n`, `i_k`, `E_2`: names, not Euler's number or the imaginary unit.
_INDEXED = re.compile(r"(?<![\\a-zA-Z{])([eEiI])(?=\s*_)")
# A lone capital I is a name (an integral, an interval, an identity matrix), never the unit.
_CAPITAL_I = re.compile(r"(?<![\\a-zA-Z{])I(?![a-zA-Z_])")
_ELLIPSIS = re.compile(
    r"\\(?:cdots|ldots|dots[bcmoi]?|vdots|ddots)(?![a-zA-Z])|\\cdot\s*\\cdot\s*\\cdot|\.\.\.+|…|⋯"
)
# `204_6`, `{1011}_2`, `(12)_{3}`: a number written in another base.
_BASE = re.compile(r"(?<![\w\\.^_}])(?:\{(\d+)\}|(\d+))_\s*\{?\s*(\d{1,2})\s*\}?")
_GCD = re.compile(
    r"(?:\\(gcd|lcm)|\\operatorname\s*\{\s*(gcd|lcm)\s*\}|\\mathrm\s*\{\s*(gcd|lcm)\s*\})\s*(?=\()"
)
# Prose in `\text{}` (a word, a space, a colon, other scripts): a label, not a factor.
_TEXT = re.compile(r"\\(?:text|textbf|textit|mbox|textrm)\s*\{([^{}]*)\}")
# `2\binom{10}{2}` is 2·45, not the mixed number 2 45/1.
_BINOM_AFTER = re.compile(r"(\d)\s*(?=\\binom)")
_PRIME = r"(?:'+|\^\s*\\prime(?![a-zA-Z])|\^\s*\{\s*(?:\\prime\s*)+\}|\^\s*\{\s*'+\s*\})"
_PRIME_RE = re.compile(_PRIME)
_NAME = r"(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{[^{}]*\}|_[a-zA-Z0-9])?"
_NAME_PRIME = re.compile(rf"(?<![\\a-zA-Z])({_NAME})\s*({_PRIME})")


def primes(text: str) -> int:
    """How many primes a prime mark holds (``''`` is 2, ``^{\\prime\\prime}`` is 2)."""
    return max(text.count("'") + text.count("\\prime"), 1)


def fixed(text: str, marks: Marks) -> str:
    """The rewrites every reading shares."""
    text = labels(text)
    text = _typography(text)
    text = _events(text, marks)
    text = _BINOM_AFTER.sub(r"\1 \\cdot ", text)
    text = _binom_products(text)
    text = _ANGLE.sub(lambda m: marks.name(_SHAPES[m.group(1)] + m.group(2), _why_shape(m)), text)
    text = _OPERATOR.sub(lambda m: marks.name(m.group(1), _why_operator(m.group(1))), text)
    text = _named_calls(text, marks)
    text = _TEXT.sub(lambda m: _words(m, marks), text)
    text = _ROMAN_E.sub("e", text)
    text = _ROMAN_I.sub(lambda _: marks.symbol("unit", "i"), text)
    text = _ROMAN_D.sub("d", text)
    text = _DIF.sub("d", text)
    text = _LEIBNIZ.sub(lambda m: _leibniz(m, marks), text)
    text = _norms(text, marks)
    text = _INDEXED.sub(r"\\mathrm{\1}", text)
    text = _CAPITAL_I.sub(r"\\mathrm{I}", text)
    text = _ELLIPSIS.sub(lambda _: " " + marks.symbol("dots", "⋯") + " ", text)
    text = _BASE.sub(_base, text)
    text = _GCD.sub(lambda m: marks.symbol("gcd", m.group(1) or m.group(2) or m.group(3)), text)
    text = _gcd_calls(text, marks)
    text = derivative_primes(text, marks)
    return integrals(text, marks)


_SHAPES = {"angle": "∠", "measuredangle": "∠", "triangle": "△", "square": "□", "odot": "⊙"}
_ANGLE = re.compile(
    r"(?:m\s*)?\\(angle|measuredangle|triangle|square|odot)\s*\{?\s*([A-Z]{1,4}|[a-z])\s*\}?"
)
# Operations a problem defines (`a \spadesuit b`, `x \star y`): not known to the reader.
_OPERATOR = re.compile(
    r"\\(spadesuit|clubsuit|heartsuit|diamondsuit|diamond|Diamond|star|ast|circledast|oplus"
    r"|otimes|odot|ominus|bowtie|boxtimes|boxplus|dagger|nabla|S|P|triangledown|bigstar"
    r"|heartsuit|sharp|flat|natural|clubsuit|maltese)(?![a-zA-Z])"
)
_NAMED = re.compile(r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*([a-zA-Z]{2,})\s*\}\s*(?=\()")
_KNOWN = frozenset({"gcd", "lcm", "sin", "cos", "tan", "log", "ln", "exp", "max", "min"})


def _why_shape(match: re.Match[str]) -> str:
    shown = _SHAPES[match.group(1)] + match.group(2)
    what = "an angle" if match.group(1) in ("angle", "measuredangle") else "a figure"
    return f"{shown} is {what} of the figure"


def _why_operator(name: str) -> str:
    return f"{name} is an operation or name the problem defines"


def _named_calls(text: str, marks: Marks) -> str:
    """``\\operatorname{cis}(x)``, ``\\text{Var}(X)``: a named function applied."""
    out = []
    at = 0
    for match in _NAMED.finditer(text):
        name = match.group(1)
        if name in _KNOWN or match.start() < at:
            continue
        end = closing(text, match.end())
        if end < 0:
            continue
        out.append(text[at : match.start()])
        out.append(marks.call("apply", name, text[match.end() + 1 : end]))
        at = end + 1
    out.append(text[at:])
    return "".join(out)


def _words(match: re.Match[str], marks: Marks) -> str:
    """Prose inside the math (``\\frac{\\text{the number of quarters}}{…}``): a quantity named
    in words, whose value the math does not state. Words the reader reads are kept: "or" and
    "and" between values or equations (a list), and a ``cases`` block's conditions and
    "otherwise" (``piecewise``)."""
    inner = match.group(1).strip()
    if not _prose(inner) or not inner or inner.lower() in _LISTING:
        return match.group()
    if _in_cases(match.string, match.start()):
        return match.group()
    return marks.name(f"[{inner}]", f"“{inner}” is a quantity named in words")


def _binom_products(text: str) -> str:
    """``\\binom{5}{5}\\binom{6}{2}`` and ``\\binom{4}{2}\\frac{1}{2}`` are products (the parser
    reads an integer before a fraction as a mixed number)."""
    at = 0
    while (start := text.find("\\binom", at)) >= 0:
        index = start + len("\\binom")
        for _ in range(2):
            while index < len(text) and text[index] == " ":
                index += 1
            if index >= len(text) or text[index] != "{":
                break
            index = closing(text, index) + 1
            if index == 0:
                return text
        rest = text[index:].lstrip()
        if rest.startswith(("\\binom", "\\frac", "(")) or rest[:1].isdigit():
            text = text[:index] + " \\cdot " + text[index:].lstrip()
        at = index
    return text


_DIF = re.compile(r"\\(?:dif|dd|diff|der)(?![a-zA-Z])\s*")
_D = r"(?:d|\\partial(?![a-zA-Z])|\\mathrm\s*\{\s*d\s*\})"
_ORDER = r"(?:\^\s*\{?\s*(\d)\s*\}?)?"
# `\frac{dy}{dx}`, `\frac{\partial N}{\partial x}`, `\frac{d^2 Q}{dt^2}`: the derivative of a
# function of that variable, which the math names but does not state.
_LEIBNIZ = re.compile(
    r"\\frac\s*\{\s*"
    + _D
    + r"\s*"
    + _ORDER
    + r"\s*((?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?)\s*\}"
    r"\s*\{\s*" + _D + r"\s*([a-zA-Z]|\\[a-zA-Z]+)\s*" + _ORDER + r"\s*\}"
)
_NORM = re.compile(r"\\\||\\[lr]?Vert(?![a-zA-Z])|\|\|")


def _leibniz(match: re.Match[str], marks: Marks) -> str:
    order, name, variable = match.group(1), match.group(2), match.group(3)
    if name in ("\\left", "\\right", "\\frac") or variable in ("\\left", "\\frac"):
        return match.group()
    return marks.call("leibniz", name, variable, int(order or 1))


def _norms(text: str, marks: Marks) -> str:
    """``\\|u\\|``, ``\\lVert u \\rVert``: a vector's norm, which the reader does not know."""
    marks_found = list(_NORM.finditer(text))
    if len(marks_found) < 2 or len(marks_found) % 2:
        return text
    out = []
    at = 0
    for left, right in zip(marks_found[::2], marks_found[1::2], strict=True):
        out.append(text[at : left.start()])
        out.append(marks.call("apply", "‖‖", text[left.end() : right.start()]))
        at = right.end()
    out.append(text[at:])
    return "".join(out)


_LIMITS = re.compile(r"\\(?:no)?limits(?![a-zA-Z])\s*")
_EMPHASIS = re.compile(r"\\(?:underline|boldsymbol|bm|mathbf|vv|overrightarrow|vec)\s*(?=\{)")
_SHORT_FRAC = re.compile(r"\\frac\s*([a-zA-Z0-9])\s*([a-zA-Z0-9])(?![a-zA-Z0-9])")
_ROMAN_GROUP = re.compile(r"\{\\rm\s+([a-zA-Z]+)\s*\}")
_INFIN = re.compile(r"\\infin(?![a-zA-Z])")


def _typography(text: str) -> str:
    """Markup that changes nothing the math says: ``\\limits``, ``\\underline``, ``\\frac1n``,
    ``{\\rm d}``, ``\\infin``; vectors in bold or with arrows are all ``\\vec``;
    ``\\overset{def}{=}`` is ``=``, ``\\underset{x \\to 0}{\\lim}`` is ``\\lim_{x \\to 0}``."""
    text = _LIMITS.sub("", text)
    text = _INFIN.sub("\\\\infty", text)
    text = _SHORT_FRAC.sub(r"\\frac{\1}{\2}", text)
    text = _ROMAN_GROUP.sub(r"\\mathrm{\1}", text)
    text = _vectors(text)
    return _stacked(text)


def _vectors(text: str) -> str:
    out = []
    at = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() < at:
            continue
        end = closing(text, match.end())
        if end < 0:
            continue
        inner = text[match.end() + 1 : end]
        out.append(text[at : match.start()])
        if "underline" in match.group():
            out.append(f"({inner})")
        elif re.fullmatch(r"\s*(?:[a-zA-Z]|\\[a-zA-Z]+)\s*", inner):
            out.append(f"\\vec{{{inner.strip()}}}")
        else:
            out.append(f"({inner})")
        at = end + 1
    out.append(text[at:])
    return "".join(out)


_STACK = re.compile(r"\\(overset|underset|stackrel)\s*(?=\{)")


def _stacked(text: str) -> str:
    while match := _STACK.search(text):
        first = closing(text, match.end())
        if first < 0 or first + 1 >= len(text) or text[first + 1] != "{":
            return text
        second = closing(text, first + 1)
        if second < 0:
            return text
        note, body = text[match.end() + 1 : first], text[first + 2 : second]
        if match.group(1) == "underset" and body.strip() in ("\\lim", "\\max", "\\min"):
            body = f"{body.strip()}_{{{note}}}"
        text = text[: match.start()] + body + text[second + 1 :]
    return text


# `P(X > 3)`, `P_0(L(Y) > \eta)`, `E_\theta\{T(Y)\}`, `E[X \mid Y]`: a probability or an
# expectation of an event or with braces: a quantity the math names, not an expression.
_EVENT_HEAD = re.compile(
    r"(?<![\\a-zA-Z{])(P|E|\\Pr|\\mathbb\s*\{[PE]\}|\\operatorname\s*\{(?:Var|Cov|E|P)\})"
    r"(_\{[^{}]*\}|_[a-zA-Z0-9]|_\\[a-zA-Z]+)?\s*(?=\(|\[|\\\{)"
)
_EVENT_SIGN = re.compile(r"[=<>|]|\\(?:[lg]eq?|mid|in|cap|cup|neq?|[lg]t)(?![a-zA-Z])")


def _events(text: str, marks: Marks) -> str:
    out = []
    at = 0
    for match in _EVENT_HEAD.finditer(text):
        if match.start() < at:
            continue
        start = match.end()
        brace = text.startswith("\\{", start)
        end = _closing_brace(text, start) if brace else closing(text, start)
        if end < 0:
            continue
        inner = text[start + (2 if brace else 1) : end]
        if not (brace or text[start] == "[" or _EVENT_SIGN.search(inner)):
            continue
        shown = re.sub(r"\s+", "", text[match.start() : end + (2 if brace else 1)])
        out.append(text[at : match.start()])
        out.append(marks.name(shown, f"{shown} is a probability or an expectation"))
        at = end + (2 if brace else 1)
    out.append(text[at:])
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    """The index of the ``\\}`` closing the ``\\{`` at ``start``, or -1."""
    depth = 0
    index = start
    while index < len(text) - 1:
        pair = text[index : index + 2]
        if pair == "\\{":
            depth += 1
            index += 2
            continue
        if pair == "\\}":
            depth -= 1
            if depth == 0:
                return index
            index += 2
            continue
        index += 1
    return -1


def _base(match: re.Match[str]) -> str:
    digits, base = match.group(1) or match.group(2), int(match.group(3))
    if not 2 <= base <= 36 or base == 10:
        return match.group()
    try:
        return str(int(digits, base))
    except ValueError:
        return match.group()


def _gcd_calls(text: str, marks: Marks) -> str:
    """``\\gcd(12, 18)`` stays (SymPy computes it); ``\\gcd(a, b)`` of letters is unknown."""
    out = []
    at = 0
    for key, (kind, name, _) in list(marks.table.items()):
        if kind != "gcd":
            continue
        token = f"\\mathrm{{{key}}}"
        start = text.find(token, at)
        if start < 0:
            continue
        paren = start + len(token)
        end = closing(text, paren) if paren < len(text) and text[paren] == "(" else -1
        if end < 0:
            out.append(text[at:start] + f"\\{name}")
            at = paren
            continue
        inner = text[paren + 1 : end]
        if re.search(r"(?<!\\)[a-zA-Z]", re.sub(r"\\[a-zA-Z]+", "", inner)):
            out.append(text[at:start] + f"{token}({inner}, {END})")
        else:
            out.append(text[at:start] + f"\\{name}({inner})")
        at = end + 1
    out.append(text[at:])
    return "".join(out)


def labels(text: str) -> str:
    """``\\text{Replacing [b] in [a]:} ∫…``: prose before or after the math is dropped; a short
    word inside (a unit, ``\\text{cm}``) stays a name."""
    stripped = text.strip()
    while True:
        match = _TEXT.match(stripped)
        if not match or not _prose(match.group(1)):
            break
        stripped = stripped[match.end() :].lstrip(" :,")
    while True:
        matches = list(_TEXT.finditer(stripped))
        last = matches[-1] if matches else None
        if last is None or last.end() != len(stripped) or not _prose(last.group(1)):
            break
        stripped = stripped[: last.start()].rstrip(" ,")
    return stripped


_CONNECTIVES = frozenset(
    "and or if for so as let then when with where thus hence since but is are by on at to".split()
)


_LISTING = frozenset({"or", "and"})


def _in_cases(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a ``\\begin{cases}`` block."""
    start = text.rfind("\\begin{cases}", 0, at)
    return start >= 0 and text.find("\\end{cases}", start, at) < 0


def _prose(inner: str) -> bool:
    words = inner.strip()
    return bool(
        words.lower() in _CONNECTIVES
        or not words
        or ":" in words
        or " " in words
        or not words.isascii()
        or len(words) > 3
        or re.search(r"[^a-zA-Z]", words)
    )


def derivative_primes(text: str, marks: Marks) -> str:
    """``(x^2)'`` is d/dx of x²; ``f'(x)`` is f's derivative at x; ``y'`` is a name for y's
    derivative (what y is comes from the text)."""
    text = _group_primes(text, marks)
    out = []
    at = 0
    for match in _NAME_PRIME.finditer(text):
        name, mark = match.group(1), match.group(2)
        if name.startswith("\\") and name[1:].split("_")[0] in _NOT_NAMES:
            continue
        out.append(text[at : match.start()])
        after = match.end()
        rest = text[after:].lstrip()
        count = primes(mark)
        if rest.startswith("("):
            paren = after + (len(text[after:]) - len(rest))
            end = closing(text, paren)
            if end > 0:
                out.append(marks.call("fprime", name, text[paren + 1 : end], count))
                at = end + 1
                continue
        out.append(marks.symbol("prime", name, count))
        at = after
    out.append(text[at:])
    return "".join(out)


_NOT_NAMES = frozenset({"right", "left", "big", "Big", "bigg", "Bigg", "end", "frac", "sqrt"})


def _group_primes(text: str, marks: Marks) -> str:
    """``(...)'`` and ``[...]'``: the derivative of the group's content."""
    while True:
        found = None
        for match in re.finditer(r"[)\]]\s*(" + _PRIME + r")", text):
            found = match
            break
        if found is None:
            return text
        start = opening(text, found.start())
        if start < 0:
            return text
        inner = text[start + 1 : found.start()]
        replacement = marks.call("dprime", "", inner, primes(found.group(1)))
        text = text[:start] + replacement + text[found.end() :]


_DIFF_AFTER = re.compile(r"(?<![a-zA-Z\\^_])d\s*(\\[a-zA-Z]+|[a-zA-Z])(?![a-zA-Z])")
_FUNCTION_DIFF = re.compile(
    r"(?<![a-zA-Z\\^_])d\s*\\(sin|cos|tan|ln|log|arcsin|arccos|arctan|sec|csc|cot)"
    r"\s*([a-zA-Z])(?![a-zA-Z])"
)


def integrals(text: str, marks: Marks) -> str:
    """An integral ends at its differential: ``d t`` is ``dt``; with something after it the
    integral is bracketed (``∫ f dt + ∫ g dt``); ``d\\cos x`` is ``(\\cos x)' dx``."""
    if "\\int" not in text:
        return text
    text = _FUNCTION_DIFF.sub(
        lambda m: marks.call("dprime", "", f"\\{m.group(1)} {m.group(2)}", 1) + f" d{m.group(2)}",
        text,
    )
    out = []
    at = 0
    while True:
        start = text.find("\\int", at)
        if start < 0:
            break
        match = _DIFF_AFTER.search(text, start + 4)
        if match is None:
            break
        variable = match.group(1)
        if variable.startswith("\\") and variable[1:] in ("int", "frac", "cdot", "left", "right"):
            break
        compact = "d" + variable
        rest = text[match.end() :].lstrip()
        depth = _depth(text, start)
        wrap = bool(rest) and rest[0] in "+-" and depth == _depth(text, match.start())
        out.append(text[at:start])
        body = text[start : match.start()] + compact + (" " if variable.startswith("\\") else "")
        out.append(f"({body})" if wrap else body)
        at = match.end()
    out.append(text[at:])
    return "".join(out)


def _depth(text: str, index: int) -> int:
    depth = 0
    for char in text[:index]:
        if char in "({[":
            depth += 1
        elif char in ")}]":
            depth -= 1
    return depth
