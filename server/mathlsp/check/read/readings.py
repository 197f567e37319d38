"""Every plausible reading of a span: the parser's, and the others a careful reader would keep.

``\\log x`` may be base 10 or e; ``2\\frac{1}{2}`` a mixed number or a product; ``60^\\circ`` in
degrees, or a number written with its unit; ``p(x+1)`` a product or a function applied;
``AB`` a product or a segment's name; ``i`` a variable or the imaginary unit. ``readings``
returns the first reading (the one shown on hover) and the others; a judgement calls a relation
false only when it is false under all of them.

Some symbols stand for values the math does not state (``Parsed.opaque``): a derivative
written ``y'``, terms hidden in ``\\cdots``, a segment ``AB`` or a vector ``\\vec u``, a mean
``\\bar x``, a function applied to an argument. A relation that fails with one of them in it
is not known to be false: it says so on hover instead.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.read.normalise import normalise
from mathlsp.check.read.notation import PREFIX, Marks, closing, fixed
from mathlsp.check.read.reader import Parsed, parse_normalised

_DEGREES = re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|°")
_BARE_LOG = re.compile(r"\\log(?![a-zA-Z_])")
_MIXED = re.compile(r"(?<![\w.^_}])(\d+)\s*(?=\\frac)")
# A run of capitals: a product (matrices, `2AB`) or a name (a segment `AB`, a triangle `ABC`).
_CAPITALS = re.compile(r"(?<![\\a-zA-Z])([A-Z]{2,4})(?![a-zA-Z])")
# ...but not the argument of a command that already says what the letters are (`\mathrm{AB}`).
_NAMED_BY_COMMAND = re.compile(
    r"\\(?:mathrm|text[a-z]*|operatorname|math[a-z]+|begin|end|rm)\s*\{\s*$"
)
# Letters that name functions when applied (`f(x+1)` is never a product).
_FUNCTIONS = frozenset({"f", "g", "h", "F", "G", "H", "E", "\\Phi", "\\phi", "\\varphi", "\\psi"})
# Letters that may be a function or a factor (`p(x+1)`, `P(A \cup B)`, `A(x+1)`).
_MAYBE_FUNCTIONS = frozenset("pqruvwyzPQRSTUVWXYZABCDLMNKJ") | {"\\Psi", "\\Gamma", "\\chi"}
_APPLIED = re.compile(r"(?<![\\a-zA-Z{])([a-zA-Z]|\\[a-zA-Z]+)\s*(?=\()")
_DECORATED = re.compile(r"^(?:bar|hat|tilde|vec|dot|ddot|overline|widehat|widetilde|mathbf)\{")
_MAX_READINGS = 5
_PLUS_MINUS = re.compile(r"\\(?:pm|mp)(?![a-zA-Z])")
# `x = \pm 2`, `x_1 = 3 \pm \sqrt 2`, a bare `\pm 2i`: one ± naming both values of one unknown,
# which the reader reads as the set of the two (a solved form, an answer), not as two claims.
_VALUES_PM = re.compile(
    r"\s*(?:[a-zA-Z](?:_\{?\w+\}?)?\s*=\s*)?[^=<>]*\\(?:pm|mp)(?![a-zA-Z])[^=<>]*"
)


def _names_values(text: str) -> bool:
    found = list(_PLUS_MINUS.finditer(text))
    if len(found) != 1 or _VALUES_PM.fullmatch(text) is None:
        return False
    before = text[: found[0].start()]  # at the top level: `\frac{-1 \pm 3}{2}` is two readings
    return all(before.count(a) == before.count(b) for a, b in ("{}", "()", "[]"))


def readings(latex: str, *, degrees: bool = True) -> tuple[Parsed, ...]:
    """The readings of ``latex``, the first one first; unreadable alternatives are dropped
    (the first is always kept, readable or not). ``degrees`` reads ``60^\\circ`` as π/3."""
    marks = Marks()
    text = fixed(normalise(latex), marks)
    variants = _variants(text, marks, degrees=degrees)
    found: list[Parsed] = []
    seen: set[str] = set()
    for variant, note, names in variants[:_MAX_READINGS]:
        parsed = _reading(latex, variant, marks, note, names)
        if found and parsed.expr is None:
            continue
        shown = sympy.srepr(parsed.expr) if isinstance(parsed.expr, sympy.Basic) else repr(parsed)
        if shown in seen:
            continue
        seen.add(shown)
        found.append(parsed)
        for extra in (*_unit_reading(parsed), *_degree_trig(parsed)):
            key = sympy.srepr(extra.expr)
            if key not in seen:
                seen.add(key)
                found.append(extra)
    return tuple(found)


def first_reading(latex: str, *, degrees: bool = False) -> Parsed:
    """The reading shown on hover (the parser's, with notation read as meant): the first of
    ``readings`` without building the others."""
    marks = Marks()
    text = fixed(normalise(latex), marks)
    text, _ = _first_text(text, marks, degrees=degrees)
    return _reading(latex, text, marks, "", frozenset())


def _first_text(text: str, marks: Marks, *, degrees: bool) -> tuple[str, str]:
    """The first reading's text (± as +, unless it names two values), and the text before
    degrees were converted."""
    if not _names_values(text):
        text = _PLUS_MINUS.sub(lambda m: "-" if m.group() == "\\mp" else "+", text)
    primary = _function_calls(text, marks, maybe=False)
    first = _DEGREES.sub(r"\\cdot\\frac{\\pi}{180}", primary) if degrees else primary
    return first, primary


def _variants(text: str, marks: Marks, *, degrees: bool) -> list[tuple[str, str, frozenset[str]]]:
    """(text, what this reading assumes, names read as names) for each reading."""
    first, primary = _first_text(text, marks, degrees=degrees)
    has_degrees = bool(_DEGREES.search(primary))
    variants: list[tuple[str, str, frozenset[str]]] = [(first, "", frozenset())]
    if has_degrees and degrees:
        variants.append((_DEGREES.sub("", primary), "with degrees as plain numbers", frozenset()))
    applied = _function_calls(first, marks, maybe=True)
    if applied != first:
        variants.append((applied, "with a letter before brackets as a function", frozenset()))
    capitals = [m for m in _CAPITALS.finditer(first) if not _named_by_command(first, m.start())]
    names = frozenset(match.group(1) for match in capitals)
    if names:
        named = _CAPITALS.sub(
            lambda m: (
                m.group() if _named_by_command(first, m.start()) else f"\\mathrm{{{m.group(1)}}}"
            ),
            first,
        )
        variants.append((named, "with capitals as names (segments, points)", names))
    if _BARE_LOG.search(first):
        variants.append((_BARE_LOG.sub(r"\\ln", first), "with log as the natural log", frozenset()))
    if _PLUS_MINUS.search(text) and not _names_values(text):
        minus = _PLUS_MINUS.sub(lambda m: "+" if m.group() == "\\mp" else "-", text)
        variants.append((_first_text(minus, marks, degrees=degrees)[0], "with ± as −", frozenset()))
    if _MIXED.search(first):
        variants.append(
            (_MIXED.sub(r"\1 \\cdot ", first), "with a number times a fraction", frozenset())
        )
    return variants


def _named_by_command(text: str, at: int) -> bool:
    return _NAMED_BY_COMMAND.search(text, 0, at) is not None


def _function_calls(text: str, marks: Marks, *, maybe: bool) -> str:
    """``f(a+1)``: a function applied, through a placeholder (the parser reads a product)."""
    letters = _MAYBE_FUNCTIONS if maybe else _FUNCTIONS
    out = []
    at = 0
    for match in _APPLIED.finditer(text):
        name = match.group(1)
        if name not in letters or match.start() < at:
            continue
        paren = match.end()
        end = closing(text, paren)
        if end < 0:
            continue
        inner = text[paren + 1 : end]
        if not inner.strip() or maybe and ("," in inner or _single_atom(inner)):
            continue  # the parser already reads `p(x)` and `p(a, b)` as functions
        out.append(text[at : match.start()])
        out.append(marks.call("apply", name, inner))
        at = end + 1
    out.append(text[at:])
    return "".join(out)


def _single_atom(inner: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:[a-zA-Z]|\\[a-zA-Z]+|\d+)(?:_\{?[a-zA-Z0-9]+\}?)?\s*", inner))


def _reading(latex: str, text: str, marks: Marks, note: str, names: frozenset[str]) -> Parsed:
    parsed = parse_normalised(text)
    if parsed.expr is None:
        return Parsed(None, _without_placeholders(_as_written(latex, text, parsed.error)))
    try:
        expr = restore(parsed.expr, marks)
    except (TypeError, ValueError, AttributeError, IndexError, ArithmeticError) as error:
        return Parsed(None, f"could not read it: {error}")
    if isinstance(expr, sympy.Basic) and PREFIX in str(expr):
        return Parsed(None, "could not read the notation here")
    expr = _implicit(expr)
    return Parsed(expr, None, opaque(expr, names, marks.reasons), note)


def _as_written(latex: str, text: str, error: str | None) -> str | None:
    """The parser's message names the text as the user wrote it, not as rewritten."""
    head = f"could not read `{text.strip()}`"
    if error is None or not error.startswith(head):
        return error
    return f"could not read `{latex.strip()}`" + error[len(head) :]


def _without_placeholders(error: str | None) -> str | None:
    if error is None or PREFIX not in error:
        return error
    return re.sub(
        r"\\mathrm\{" + PREFIX + r"[A-Z]+\}(?:\(|, \\mathrm\{" + PREFIX + r"END\}\))?", "…", error
    )


def restore(expr: Any, marks: Marks) -> Any:
    """Placeholders back to what they stand for: derivatives, names, the unit, functions."""
    if not isinstance(expr, sympy.Basic) or not marks.table or PREFIX not in str(expr):
        return expr
    return _rebuild(expr, marks)


def _implicit(expr: Any) -> Any:
    """``dy/dx`` with y a plain letter: y is a function of x the math does not state (SymPy
    would call the derivative 0)."""
    if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Derivative):
        return expr

    def implicit(derivative: Any) -> Any:
        inner = derivative.expr
        variables = {v for v, _ in derivative.variable_count}
        if isinstance(inner, sympy.Symbol) and inner not in variables and len(variables) == 1:
            (variable,) = variables
            function = sympy.Function(inner.name)(variable)
            return sympy.Derivative(function, *derivative.variable_count)
        return derivative

    return expr.replace(lambda e: isinstance(e, sympy.Derivative), implicit)


def _key(name: str) -> str:
    return name.replace("\\text{", "").replace("\\mathrm{", "").rstrip("}")


def _rebuild(expr: Any, marks: Marks) -> Any:
    if isinstance(expr, AppliedUndef):
        key = _key(expr.func.__name__)
        arguments = [_rebuild(a, marks) for a in expr.args]
        if key not in marks.table:
            return expr.func(*arguments)
        if not arguments or str(arguments[-1]) != f"{PREFIX}END":
            raise ValueError("a placeholder without its end")
        kind, name, count = marks.table[key]
        return _applied(kind, name, count, arguments[:-1])
    if isinstance(expr, sympy.Symbol):
        key = _key(expr.name)
        if key not in marks.table:
            return expr
        kind, name, count = marks.table[key]
        if kind == "unit":
            return sympy.I
        if kind == "dots":
            return sympy.Symbol("⋯", real=True)
        if kind == "name":
            return sympy.Symbol(name)
        if kind == "prime":
            return sympy.Symbol(_name(name) + "'" * count)
        raise ValueError(f"{kind} without arguments")
    if not expr.args:
        return expr
    arguments = [_rebuild(a, marks) for a in expr.args]
    if all(a is b for a, b in zip(arguments, expr.args, strict=True)):
        return expr
    return expr.func(*arguments, evaluate=False) if _evaluates(expr) else expr.func(*arguments)


def _evaluates(expr: Any) -> bool:
    return isinstance(expr, sympy.Add | sympy.Mul | sympy.Pow | sympy.core.relational.Relational)


def _name(latex_name: str) -> str:
    """A letter's SymPy name: ``\\Phi`` is Phi, ``f_{1}`` is f_1."""
    name = latex_name.lstrip("\\")
    return re.sub(r"_\{([a-zA-Z0-9])\}$", r"_\1", name)


def _applied(kind: str, name: str, count: int, arguments: list[Any]) -> Any:
    if kind == "apply":
        return sympy.Function(_name(name))(*arguments)
    if kind == "gcd":
        return sympy.Function(name)(*arguments)
    if kind == "fprime":
        function = sympy.Function(_name(name))
        if len(arguments) == 1 and isinstance(arguments[0], sympy.Symbol):
            variable = arguments[0]
            return sympy.Derivative(function(variable), (variable, count))
        return sympy.Function(_name(name) + "'" * count)(*arguments)
    if kind == "leibniz":
        (variable,) = arguments
        function = sympy.Function(_name(name))
        return sympy.Derivative(function(variable), (variable, count))
    if kind == "dprime":
        (inner,) = arguments
        free = sorted(getattr(inner, "free_symbols", set()), key=str)
        if not free:
            return sympy.Integer(0)
        if len(free) == 1 and not inner.atoms(AppliedUndef):
            return sympy.Derivative(inner, (free[0], count))
        return sympy.Function("(" + str(inner) + ")" + "'" * count)(*free)
    raise ValueError(f"unknown placeholder {kind}")


def opaque(
    expr: Any, names: frozenset[str] = frozenset(), reasons: dict[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    """Symbols whose values the math does not state, each with why (see the module doc);
    ``reasons`` holds the why of names made by ``notation`` (``∠ABC``, a quantity in words)."""
    if not isinstance(expr, sympy.Basic):
        return ()
    found: dict[str, str] = {}
    reasons = reasons or {}
    symbols = expr.free_symbols
    for symbol in symbols:
        text = str(symbol)
        if text in reasons:
            found[text] = reasons[text]
        elif text == "⋯":
            found[text] = "⋯ stands for terms that are not written"
        elif text.endswith("'"):
            found[text] = f"{text} is a derivative of {text.rstrip(chr(39))}, defined by the text"
        elif text in names:
            found[text] = f"{text} is read as a name (a segment or a point)"
        elif _DECORATED.match(text):
            found[text] = f"{text} is a name defined by the text"
    for size in expr.atoms(sympy.Abs):
        inside = size.args[0]
        if isinstance(inside, sympy.Symbol) and inside.name[:1].isupper():
            found[inside.name] = f"|{inside.name}| may be a size or a determinant"
    for call in expr.atoms(AppliedUndef):
        found[str(call.func)] = f"{call.func} is a function the math does not define"
    for derivative in expr.atoms(sympy.Derivative):
        if derivative.atoms(AppliedUndef):
            found.setdefault(str(derivative), "a derivative of a function the math does not define")
    return tuple(sorted(found.items()))


def components(left: set[str], right: set[str]) -> str | None:
    """A name on one side whose components are only on the other (``u·(v+w) = u_x v_x + …``):
    a vector or a sequence written out, which the reader cannot relate. Returns the component."""
    for one, other in ((left, right), (right, left)):
        for name in sorted(other - one):
            base = name.split("_")[0]
            if "_" in name and base != name and base in one and base not in other:
                return name
    return None


_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)


def _degree_trig(parsed: Parsed) -> list[Parsed]:
    """``\\sin 30`` with no degree sign may still mean 30°: a number without π inside a sine."""
    expr = parsed.expr
    if not isinstance(expr, sympy.Basic) or parsed.note:
        return []
    calls = [c for c in expr.atoms(*_TRIG) if c.args[0].is_number and not c.args[0].has(sympy.pi)]
    if not calls:
        return []
    with sympy.evaluate(False):
        replaced = expr.xreplace(
            {c: c.func(c.args[0] * sympy.pi / 180, evaluate=False) for c in calls}
        )
    return [Parsed(replaced, None, parsed.opaque, "with the angles in degrees")]


def _unit_reading(parsed: Parsed) -> list[Parsed]:
    """``i`` next to θ or √5 may be the imaginary unit even where other letters are present."""
    expr = parsed.expr
    if not isinstance(expr, sympy.Basic):
        return []
    unit = [s for s in expr.free_symbols if str(s) == "i"]
    if not unit:
        return []
    with sympy.evaluate(False):
        replaced = expr.xreplace({unit[0]: sympy.I})
    note = (parsed.note + "; " if parsed.note else "") + "with i as the imaginary unit"
    return [Parsed(replaced, None, opaque(replaced), note)]
