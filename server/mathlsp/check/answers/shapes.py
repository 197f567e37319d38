"""Split a cleaned answer into its shape: lists, sets, tuples, intervals, relations, leaves.

Shape is decided here, on the text, so that ``(1, 2)`` vs ``[1, 2)`` or ``x > 2`` vs
``(2, \\infty)`` is compared part by part and only the leaves ever reach SymPy.
An ambiguous text gets several readings (``Alt``); two answers are equal when some pair of
readings is.
"""

from __future__ import annotations

import re
from fractions import Fraction

from mathlsp.check.answers.clock import clock_readings
from mathlsp.check.answers.nodes import Alt, Clock, Cup, Expr, Ivl, Named, Node, Num, Rel, Seq, Text
from mathlsp.check.answers.normalise import Cleaned
from mathlsp.check.answers.numbers import Number, read_number
from mathlsp.check.answers.series import series_value

_OPEN = "([{"
_CLOSE = ")]}"
_SUBSCRIPT = re.compile(r"_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)")
_NAME = re.compile(r"^[A-Za-z\\(){}|,:/' ]+$")
_VARIABLE = re.compile(r"^[A-Za-z](?:_\{?\w+\}?)?(?:\([A-Za-z]\))?$")
_MATRIX = re.compile(
    r"^\\begin\{([pbvBV]?matrix|array)\}(?:\{[lcr|]*\})?((?:(?!\\begin|\\end).)*)\\end\{\1\}$",
    re.DOTALL,
)
_WORDS = re.compile(r"^[A-Za-z]{2,}(?: [A-Za-z]+)*$")
_REL_SPLIT = re.compile(r"(\\approx|\\ne\b|\\le\b|\\ge\b|=|<|>)")
_INEQUALITY = {"<": (False, "lt"), ">": (False, "gt"), "\\le": (True, "lt"), "\\ge": (True, "gt")}
_CONNECTOR = re.compile(r"\s+(?:and|or)\s+|\\text\{\s*(?:and|or)\s*\}|(?<=[\d)}])or(?=[A-Za-z(\\])")
_INFINITY = Expr("\\infty")
_SPACING = re.compile(r"\\(?:quad|qquad|,|;|:|!)|~")
_SET_BUILDER = re.compile(r"^\s*[A-Za-z]\s*(?:\\mid|\||:)\s*(.+)$")
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def _depths(text: str) -> list[int]:
    """Bracket depth before each character (``\\{``/``\\}`` count, escapes are skipped)."""
    depths: list[int] = []
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        step = 1
        before = depth
        if char == "\\" and index + 1 < len(text):
            follower = text[index + 1]
            depth += 1 if follower == "{" else -1 if follower == "}" else 0
            step = 1 if follower.isalpha() else 2
        elif char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        depths.extend([before] * step)
        index += step
    return depths[: len(text)]


def split_top(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside brackets, braces and ``\\{ \\}``."""
    depths = _depths(text)
    parts: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in separators and depths[index] == 0 and text[index - 1 : index] != "\\":
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _split_relations(text: str) -> list[str]:
    """``a = b < c`` -> ``[a, "=", b, "<", c]``, splitting only outside brackets."""
    depths = _depths(text)
    pieces: list[str] = []
    start = 0
    for match in _REL_SPLIT.finditer(text):
        if depths[match.start()] == 0:
            pieces.extend([text[start : match.start()], match.group(1)])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _wrapped(text: str) -> tuple[str, str, str] | None:
    """``(open, inside, close)`` when one bracket pair wraps the whole text."""
    pairs = (("\\{", "\\}"), ("{", "}"), ("(", ")"), ("[", "]"), ("(", "]"), ("[", ")"))
    for left, right in pairs:
        if text.startswith(left) and text.endswith(right) and len(text) > len(left + right):
            inside = text[len(left) : len(text) - len(right)]
            if _balanced(inside):
                return left, inside, right
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r"\\[{}]", "", text):
        depth += 1 if char in _OPEN else -1 if char in _CLOSE else 0
        if depth < 0:
            return False
    return depth == 0


def is_name(text: str) -> bool:
    """A left side that names the answer (``x``, ``f(x)``, ``(p,q)``, ``|AB|``, ``a_{3}``)."""
    bare = _SUBSCRIPT.sub("", text).replace("\\frac", "").replace("\\left", "")
    bare = bare.replace("\\right", "").replace("\\overline", "").replace("\\angle", "")
    return bool(bare.strip()) and bool(_NAME.match(bare)) and "\\" not in bare.replace("\\,", "")


def read(cleaned: Cleaned) -> Node:
    """The shape of a cleaned answer, with percent and degree readings added at the leaves."""
    if cleaned.clock is not None:
        return Clock(cleaned.clock)
    return _read(cleaned.text, cleaned)


def _read(text: str, flags: Cleaned) -> Node:
    text = text.strip().rstrip(".").strip()
    if ";" in text and _wrapped(text) is None:
        groups = [g for g in split_top(text, ";") if g]
        if len(groups) > 1:
            return Seq("list", tuple(_group(g, flags) for g in groups))
    items = [i for i in split_top(_CONNECTOR.sub(",", text), ",") if i]
    if len(items) > 1:
        named = _named(items, flags)
        if named is not None:
            return named
        node: Node = Seq("list", tuple(_read(item, flags) for item in items))
        if re.fullmatch(r"-?\d+,\d{1,2}|-?0,\d+", text):
            return Alt((node, Num(Number(Fraction(text.replace(",", "."))))))
        return node
    return _single(text, flags)


def _named(items: list[str], flags: Cleaned) -> Node | None:
    """`x = 3, y = 2` as one solution by name; `p=5, q=2, p=7, q=2` as two (a name that
    comes again starts the next solution). None unless every item is `name = value`."""
    bindings: list[tuple[str, str]] = []
    for item in items:
        item = _SPACING.sub(" ", item).strip()
        sides = split_top(item, "=")
        if len(sides) != 2 or not _VARIABLE.match(sides[0].replace(" ", "")) or not sides[1]:
            return None
        bindings.append((re.sub(r"[\s{}]|\(.*\)$", "", sides[0]), sides[1]))  # `f(x)`: f
    groups: list[list[tuple[str, str]]] = [[]]
    for name, value in bindings:
        if any(name == seen for seen, _ in groups[-1]):
            groups.append([])
        groups[-1].append((name, value))
    solutions = tuple(
        Named(tuple((name, _read(value, flags)) for name, value in group)) for group in groups
    )
    return solutions[0] if len(solutions) == 1 else Seq("list", solutions)


def _group(text: str, flags: Cleaned) -> Node:
    node = _read(text, flags)
    if isinstance(node, Seq) and node.kind == "list":
        return Seq("tuple", node.items)
    return node


def _single(text: str, flags: Cleaned) -> Node:
    if text in ("\\emptyset", "\\varnothing", "\\{\\}", "\\{ \\}", "{}"):
        return Seq("set", ())
    if text in ("\\mathbb{R}", "\\mathbb R", "\\R", "\\mathbb{R}^1"):
        return Ivl(Expr("-\\infty"), _INFINITY, False, False)
    for sign in ("\\pm", "\\mp"):
        if sign in text and not _wrapped(text):
            first, second = ("+", "-") if sign == "\\pm" else ("-", "+")
            plus = text.replace(sign, first, 1)
            minus = text.replace(sign, second, 1)
            return Seq("list", (_read(plus, flags), _read(minus, flags)))
    matrix = _MATRIX.match(text)
    if matrix:
        return _matrix(matrix.group(2), flags)
    wrapped = _wrapped(text)
    if wrapped is not None:
        return _bracketed(*wrapped, flags)
    cup = split_top(text.replace("\\cup", "\x00"), "\x00")
    if len(cup) > 1:
        return Cup(tuple(_read(part, flags) for part in cup))
    match = re.match(r"^([A-Za-z](?:_\{?\w+\}?)?)\s*\\in\s*(.+)$", text)
    if match:
        return _read(match.group(2), flags)
    return _relation(text, flags) or _leaf(text, flags)


def _matrix(body: str, flags: Cleaned) -> Node:
    """A ``pmatrix``/``bmatrix``/``array`` as a tuple of row tuples (compared entrywise)."""
    rows = [row for row in re.split(r"\\\\", body) if row.strip()]
    cells = [tuple(_read(cell, flags) for cell in row.split("&")) for row in rows]
    return Seq("matrix", tuple(Seq("tuple", row) for row in cells))


def _bracketed(left: str, inside: str, right: str, flags: Cleaned) -> Node:
    builder = _SET_BUILDER.match(inside) if left == "\\{" else None
    if builder:
        return _read(builder.group(1), flags)
    items = tuple(_read(item, flags) for item in split_top(inside, ",;"))
    if left in ("\\{", "{"):
        if len(items) == 1 and left == "{" and not isinstance(items[0], Seq):
            return items[0]
        return Seq("set", items)
    if len(items) == 2 and (left, right) != ("(", ")"):
        return Ivl(items[0], items[1], left == "[", right == "]")
    if len(items) == 1:
        return items[0]
    return Seq("tuple", items, interval_ok=len(items) == 2 and left == "(")


def _relation(text: str, flags: Cleaned) -> Node | None:
    pieces = _split_relations(text)
    if len(pieces) < 3:
        return None
    sides = [p.strip() for p in pieces[0::2]]
    ops = pieces[1::2]
    if "\\approx" in ops:
        cut = ops.index("\\approx")
        kept = sides[: cut + 1]
        if len(kept) == 1 and is_name(kept[0]):
            return _read(sides[cut + 1], flags)
        return _read("=".join(kept), flags)
    if all(op == "=" for op in ops):
        if len(sides) >= 3 or (len(sides) == 2 and not sides[0]):
            return _read(sides[-1], flags)
        if is_name(sides[0]) or not any(_has_letters(side) for side in sides):
            return Alt((_read(sides[1], flags), Rel(text)))  # the value first: cheaper
        return Rel(text)
    interval = _inequality_interval(sides, ops, flags)
    return Alt((interval, Rel(text))) if interval is not None else Rel(text)


def _has_letters(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", text)))


def _inequality_interval(sides: list[str], ops: list[str], flags: Cleaned) -> Node | None:
    """``x > 2`` -> (2, oo); ``-2 \\le x < 7`` -> [-2, 7); None for other relations."""
    if any(op not in _INEQUALITY for op in ops) or len(sides) > 3:
        return None
    if len(sides) == 3:
        (closed_a, dir_a), (closed_b, dir_b) = _INEQUALITY[ops[0]], _INEQUALITY[ops[1]]
        if dir_a != dir_b or not _VARIABLE.match(sides[1]):
            return None
        lo, hi = (sides[0], sides[2]) if dir_a == "lt" else (sides[2], sides[0])
        lo_closed, hi_closed = (closed_a, closed_b) if dir_a == "lt" else (closed_b, closed_a)
        return Ivl(_read(lo, flags), _read(hi, flags), lo_closed, hi_closed)
    closed, direction = _INEQUALITY[ops[0]]
    if _VARIABLE.match(sides[0]):
        bound, above = sides[1], direction == "gt"
    elif _VARIABLE.match(sides[1]):
        bound, above = sides[0], direction == "lt"
    else:
        return None
    if above:
        return Ivl(_read(bound, flags), _INFINITY, closed, False)
    return Ivl(Expr("-\\infty"), _read(bound, flags), False, closed)


def _leaf(text: str, flags: Cleaned) -> Node:
    text = text.strip()
    if text.lower() in _NUMBER_WORDS:
        return Num(Number(Fraction(_NUMBER_WORDS.index(text.lower()))))
    clock = clock_readings(text)
    if clock is not None:
        return Clock(clock)  # also a ratio written `7:32`, read alike on both sides
    if _WORDS.match(text):
        return Text(text.lower())
    number = read_number(text)
    if number is None and (total := series_value(text)) is not None:
        number = Number(total)  # `1 + 2 + \\cdots + 100`
    base: Node = Num(number) if number is not None else Expr(text)
    readings: list[Node] = [base]
    if flags.percent:
        if number is not None:
            readings.append(Num(Number(number.value / 100)))
        else:
            readings.append(Expr(f"\\frac{{{text}}}{{100}}"))
    if flags.degrees:
        readings.append(Expr(f"\\frac{{({text}) \\pi}}{{180}}"))
    return base if len(readings) == 1 else Alt(tuple(readings))
