"""Answer equivalence: the one judgement behind `check`, `grade` and the solver's vote.

Pipeline: extract the final answer from text as written (``extract.py``), clean what people
write (``normalise.py``), split it into its shape (``shapes.py``) and compare
shapes part by part (``compare.py``). Cheap paths first: equal cleaned text, then
exact numbers with ``fractions``; SymPy (``leaves.py``) is imported only for leaves
that need it. Never raises: every failure is an undecided ``Verdict``.

Precision is each caller's (``precision.py``): strict unless asked. ``tolerance`` (relative)
accepts a decimal close to the other side (``mathlsp grade --tolerance``); ``written_precision``
reads a decimal as a rounding at its written precision (the checker: ``2.0944`` for
``\\frac{2\\pi}{3}``). The vote passes neither: it groups exact values.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from mathlsp.check.answers.choices import chosen, letters_up_to, option
from mathlsp.check.answers.compare import SYMPY_ALLOWED, NeedsSympy, compare
from mathlsp.check.answers.extract import extract_answer, final_text
from mathlsp.check.answers.nodes import Cup, Ivl, Node, Num, Rel, Seq, Value
from mathlsp.check.answers.normalise import clean, in_base_units
from mathlsp.check.answers.numbers import Number
from mathlsp.check.answers.precision import Precision, precision
from mathlsp.check.answers.shapes import read
from mathlsp.check.answers.units import quantity
from mathlsp.check.verdict import Verdict


def equivalent(
    reference: str,
    answer: str,
    *,
    extract: bool = True,
    tolerance: float | None = None,
    written_precision: bool = False,
) -> Verdict:
    """Whether ``answer`` means the same as ``reference`` (both as written); strict about
    decimals unless ``tolerance`` or ``written_precision`` says otherwise."""
    mode = Precision(tolerance, written_precision)
    try:
        with precision(mode) as approximate:
            verdict = _equivalent(reference, answer, extract)
        return _noted(verdict, approximate, mode)
    except NeedsSympy:
        raise
    except RecursionError:
        return Verdict.unknown("answer too deeply nested to compare")
    except Exception as error:  # a failure is a verdict, never a crash (see style.md)
        return Verdict.unknown(f"could not compare: {type(error).__name__}: {error}"[:200])


def _noted(verdict: Verdict, approximate: list[bool], mode: Precision) -> Verdict:
    """Say so when equality holds only as a rounding or within the tolerance."""
    if verdict.equal is not True or not approximate:
        return verdict
    ways = ["rounded"] if mode.written else []
    if mode.tolerance is not None:
        ways.append(f"within relative tolerance {mode.tolerance:g}")
    return Verdict.yes(f"{verdict.reason} ({' or '.join(ways)})")


def quick_verdict(
    reference: str, answer: str, *, tolerance: float | None = None, written_precision: bool = False
) -> Verdict | None:
    """The verdict when it needs no SymPy (same text, plain numbers); None otherwise."""
    token = SYMPY_ALLOWED.set(False)
    try:
        return equivalent(
            reference, answer, tolerance=tolerance, written_precision=written_precision
        )
    except NeedsSympy:
        return None
    finally:
        SYMPY_ALLOWED.reset(token)


def _equivalent(reference: str, answer: str, extract: bool) -> Verdict:
    ref_text = extract_answer(reference, reply=False) if extract else reference.strip()
    ans_text = extract_answer(answer) if extract else answer.strip()
    if ref_text is None:
        return Verdict.unknown("no answer found in the reference")
    ref_clean = clean(ref_text)
    letter = option(ref_clean.text)
    if letter is not None:
        picked = _choice(answer, ans_text, letter)
        if picked is not None:
            same = picked == letter
            return Verdict(same, f"chose option {picked}, the reference is option {letter}")
    if ans_text is None:
        return Verdict.no("no answer found")
    ans_clean = clean(ans_text)
    if not ans_clean.text:
        return Verdict.no("empty answer")
    if ref_clean == ans_clean:
        return Verdict.yes("same answer as written")
    if ref_clean.unit and ans_clean.unit and ref_clean.unit != ans_clean.unit:
        if ref_clean.unit.dimension != ans_clean.unit.dimension:
            return Verdict.no(
                f"`{ans_text}` is {quantity(ans_clean.unit)}, `{ref_text}` {quantity(ref_clean.unit)}"
            )
        converted = compare(read(in_base_units(ref_clean)), read(in_base_units(ans_clean)))
        return _verdict(converted, ref_text.strip("$ "), ans_text.strip("$ "))  # as written
    decision = compare(read(ref_clean), read(ans_clean))
    return _verdict(decision, ref_clean.text, ans_clean.text)


def _choice(answer: str, extracted: str | None, letter: str) -> str | None:
    """The option an answer chooses: its extracted answer as an option, else its prose."""
    letters = letters_up_to(letter)
    picked = None
    if extracted is not None:
        picked = chosen(clean(extracted).text, letters)
    if picked is None:
        final = final_text(answer)
        picked = chosen(final, letters) if final else None
    return picked


def _verdict(decision: bool | None, reference: str, answer: str) -> Verdict:
    if decision is True:
        return Verdict.yes(f"`{answer}` equals `{reference}`")
    if decision is False:
        return Verdict.no(f"`{answer}` differs from `{reference}`")
    return Verdict.unknown(f"could not decide whether `{answer}` equals `{reference}`")


def equivalent_to_sympy(
    expected: Any, answer: str, *, tolerance: float | None = None, written_precision: bool = False
) -> Verdict:
    """Compare a SymPy value (what SymPy computed) with an answer as written."""
    ans_text = extract_answer(answer)
    if ans_text is None:
        return Verdict.no("no answer found")
    try:
        node = sympy_node(expected)
    except ValueError as error:
        return Verdict.unknown(str(error))
    mode = Precision(tolerance, written_precision)
    with precision(mode) as approximate:
        decision = compare(node, read(clean(ans_text)))
    verdict = _verdict(decision, _latex(expected), clean(ans_text).text)
    return _noted(verdict, approximate, mode)


def same_answer(
    a: str, b: str, *, tolerance: float | None = None, written_precision: bool = False
) -> bool | None:
    """Whether two extracted answers agree (for grouping model samples); None if undecided.
    The vote keeps the strict default: it groups exact values. Both sides are extracted the
    same way (complete as written), so which one comes first never matters."""
    first, second = extract_answer(a, reply=False), extract_answer(b, reply=False)
    if first is None or second is None or not clean(first).text or not clean(second).text:
        return None  # nothing to compare on one side (`\displaystyle` alone): undecided
    return equivalent(
        first, second, extract=False, tolerance=tolerance, written_precision=written_precision
    ).equal


def sympy_node(value: Any) -> Node:
    """An answer shape for a value SymPy computed (sets, tuples, intervals, relations)."""
    import sympy

    if isinstance(value, list | tuple | sympy.Tuple):
        return Seq("tuple" if isinstance(value, tuple | sympy.Tuple) else "list", _nodes(value))
    if isinstance(value, sympy.FiniteSet):
        return Seq("set", _nodes(sorted(value, key=sympy.default_sort_key)))
    if isinstance(value, sympy.Interval):
        return Ivl(sympy_node(value.start), sympy_node(value.end), *_closed(value))
    if isinstance(value, sympy.Union):
        return Cup(_nodes(value.args))
    if isinstance(value, sympy.Rational):
        return Num(Number(Fraction(int(value.p), int(value.q))))
    if isinstance(value, sympy.Rel):
        return Rel(_latex(value))
    if isinstance(value, sympy.Basic | sympy.MatrixBase):
        return Value(value)
    raise ValueError(f"cannot compare with a {type(value).__name__}")


def _nodes(values: Any) -> tuple[Node, ...]:
    return tuple(sympy_node(v) for v in values)


def _closed(interval: Any) -> tuple[bool, bool]:
    return (not bool(interval.left_open), not bool(interval.right_open))


def _latex(value: Any) -> str:
    import sympy

    return str(sympy.latex(value))


def judge_pair(reference: str, answer: str, tolerance: float | None = None) -> Verdict:
    """Worker-side entry for ``mathlsp grade``: the full judgement of one pair (positional
    arguments: the worker pool passes no keywords)."""
    return equivalent(reference, answer, tolerance=tolerance)
