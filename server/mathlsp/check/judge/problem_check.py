"""Written answers against SymPy's answer, or else against the recorded model answer, or
else against what the working computes before its last box.

The body of ``judge.judge_problem``. Comparison goes through the shared ``equivalence``
functions (the ones ``mathlsp grade`` uses); a local numeric reading of the answer decides
what they leave open and double-checks a "differs" before it becomes an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy

from mathlsp.check.answers.equivalence import equivalent, equivalent_to_sympy
from mathlsp.check.answers.extract import extract_answer
from mathlsp.check.diagnostics import Severity
from mathlsp.check.judge.asked import understood
from mathlsp.check.judge.claims import evaluate
from mathlsp.check.judge.problems import compute, recognise
from mathlsp.check.judge.results import Finding, ProblemResult
from mathlsp.check.judge.solving import Task
from mathlsp.check.judge.written import form, local_same, plain, shown
from mathlsp.check.numeric import Value, value
from mathlsp.check.read.latex import latex
from mathlsp.check.read.readable import readable
from mathlsp.check.read.readings import readings
from mathlsp.check.verdict import Verdict

_MARKS = {True: "✓", False: "✗", None: "?"}
_RELATION = re.compile(r"[=<>]|\\(?:approx|le|ge|leq|geq|ne|neq)(?![a-zA-Z])")
_FAILURES = (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError)


def _shared(judgement: Callable[..., Verdict], expected: Any, text: str) -> bool | None:
    """The shared equivalence verdict, a written decimal read at its written precision (a
    correct rounding is no error); a failure there leaves the answer undecided."""
    try:
        return judgement(expected, text, written_precision=True).equal
    except Exception:  # the shared judgement must never break a problem check
        return None


def _same(task: Task, text: str) -> tuple[bool | None, str]:
    """Whether the written answer is SymPy's answer, and a note when it is not."""
    text = plain(text)
    local, note = local_same(task, text)
    if task.kind == "antiderivative" and local is not None:
        return local, note
    if local is None and task.kind == "solve" and not task.answer.args:
        return None, ""
    same = _shared(equivalent_to_sympy, task.answer, text)
    if same is None or same is False and local is True:
        same = local
    if same and task.kind in ("factor", "expand"):
        return form(task.kind, text)
    return same, note if same is False else ""


def _solutions_text(task: Task) -> str:
    if task.kind == "solve":
        name = readable(task.variable)
        if not task.answer.args:
            return "no real solution"
        return " or ".join(f"{name} = {readable(r)}" for r in sorted(task.answer.args, key=_key))
    return f"{readable(task.variable)} = {readable(task.answer)}"


def _key(item: Any) -> float:
    number = value(item)
    return float(number.real) if number is not None else 0.0


def computed_text(task: Task) -> str:
    """The computed answer in a message: "∫₀¹ x² dx = 1/3", "x² = 4: x = -2 or x = 2"."""
    if task.kind in ("solve", "system"):
        return f"{task.shown}: {_solutions_text(task)}"
    if task.kind in ("maximum", "minimum"):
        return f"the {task.kind} of {task.shown} is {readable(task.answer)}"
    if _unchanged(task):
        return f"nothing simpler than {task.shown}"
    suffix = " + C" if task.kind == "antiderivative" else ""
    return f"{task.shown} = {readable(task.answer)}{suffix}"


def _unchanged(task: Task) -> bool:
    """SymPy's answer prints as the question (`√(x²)` left as it is): no answer to show."""
    return task.kind not in ("solve", "system", "maximum", "minimum") and (
        readable(task.answer) == task.shown
    )


def _differs_from_unchanged(task: Task, written: str) -> str:
    """The mismatch message when SymPy left the question as it is: never "√(x²) = √(x²)"."""
    names = ", ".join(sorted(readable(s) for s in task.answer.free_symbols))
    every = f" for every value of {names}" if names else ""
    return (
        f"wrote {written}; SymPy finds nothing simpler than {task.shown}, "
        f"and {written} is not equal to it{every}"
    )


def replacement(task: Task) -> str:
    """SymPy's answer as LaTeX, ready to replace a wrong one."""
    if task.kind == "solve":
        name = latex(task.variable)
        roots = sorted(task.answer.args, key=_key)
        if not roots:
            return "\\text{no real solution}"
        return " \\text{ or } ".join(f"{name} = {latex(r)}" for r in roots)
    if task.kind == "system" and isinstance(task.answer, sympy.Tuple):
        pairs = zip(task.variable, task.answer, strict=True)
        return ", ".join(f"{latex(v)} = {latex(a)}" for v, a in pairs)
    suffix = " + C" if task.kind == "antiderivative" else ""
    return str(latex(task.answer)) + suffix


def _against_sympy(task: Task, written: tuple[str, ...]) -> ProblemResult:
    computed = computed_text(task)
    found = "finds" if _unchanged(task) else "computes"
    lines = [f"**{task.kind}** · SymPy {found} {computed}"]
    findings: list[Finding] = []
    decisions: list[bool | None] = []
    for index, text in enumerate(written):
        same, note = _same(task, text)
        decisions.append(same)
        written_text = shown(text)
        if same is False:
            verb = "solves" if task.kind in ("solve", "system") else "computes"
            message = f"wrote {written_text}; SymPy {verb} {computed}{note}"
            if _unchanged(task):
                message = _differs_from_unchanged(task, written_text)
            data = {"replacement": replacement(task)}
            findings.append(Finding("answer-mismatch", Severity.ERROR, message, index, data))
            lines.append(f"✗ {written_text}{note}")
        elif same is None:
            message = f"could not compare {written_text} with SymPy's answer ({computed})"
            findings.append(Finding("unverified", Severity.INFORMATION, message, index))
            lines.append(f"? {written_text}")
        else:
            lines.append(f"✓ {written_text}")
    return ProblemResult(
        task.kind, replacement(task), _status(decisions), "\n\n".join(lines), tuple(findings)
    )


def _status(decisions: list[bool | None]) -> str:
    if not decisions:
        return "no-answer"
    if any(d is False for d in decisions):
        return "mismatch"
    return "verified" if all(decisions) else "unverified"


def _agreement(fields: tuple[tuple[str, str], ...]) -> str:
    known = dict(fields)
    agree, samples = known.get("agree"), known.get("samples")
    if agree and samples:
        return f" ({agree} of {samples} samples agree)"
    return f" ({samples} samples)" if samples else ""


def _against_model(
    written: tuple[str, ...], model_answer: str, fields: tuple[tuple[str, str], ...]
) -> ProblemResult:
    model_shown = shown(model_answer)
    lines = [f"SymPy cannot compute this problem; the model's recorded answer is {model_shown}"]
    findings: list[Finding] = []
    decisions: list[bool | None] = []
    for index, text in enumerate(written):
        same = _shared(equivalent, model_answer, plain(text))
        decisions.append(same)
        written_text = shown(text)
        if same is False:
            message = f"wrote {written_text}; the model's recorded answer is {model_shown}{_agreement(fields)}"
            data = {"replacement": extract_answer(model_answer) or model_answer}
            findings.append(Finding("answer-mismatch", Severity.WARNING, message, index, data))
        lines.append(f"{_MARKS[same]} {written_text}")
    return ProblemResult(None, None, _status(decisions), "\n\n".join(lines), tuple(findings))


def _against_working(
    written: tuple[str, ...], worked: tuple[str, str, int]
) -> ProblemResult | None:
    """`\\frac{10}{2} = \\boxed{6}` ending the working, and `Answer: 6`: the box does not
    hold what the working computes, and every answer that repeats the box carries that
    value. Only a box false under every reading of the value before it is compared; answers
    that are neither (another part of the problem) are left alone, and so is the box itself
    (its link is already false). None: nothing to say."""
    before, boxed, box = worked
    if _RELATION.search(boxed):
        return None  # `\\boxed{0.56 = 56\\%}`: the box states more than one value
    read = readings(before)
    if not all(isinstance(p.expr, sympy.Expr) and not p.expr.free_symbols for p in read):
        return None  # a variable under some reading (`p = 1 + i`): not a computed value
    if any(p.opaque for p in read):
        return None
    values = [_exact(p.expr) for p in read]
    box_value = _number(plain(boxed))
    if not values or box_value is None or any(value(v) is None for v in values):
        return None
    if any(_shared(equivalent_to_sympy, v, plain(boxed)) is not False for v in values):
        return None  # the box holds what the working computes (or that is not decided)
    if any(_scaled(v, box_value) for v in values):
        return None  # 0.99 dollars boxed as 99 (cents), 0.25 as 25 (%): a unit the prose says
    computed = readable(evaluate(values[0]))
    lines = [f"the working computes {computed} just before the box, not {shown(boxed)}"]
    findings: list[Finding] = []
    decisions: list[bool | None] = []
    for index, text in enumerate(written):
        repeats = index != box and _shared(equivalent, boxed, plain(text)) is True
        decisions.append(False if repeats or index == box else None)
        if repeats:
            message = f"wrote {shown(text)}; the working computes {computed} just before its box"
            data = {"replacement": latex(evaluate(values[0]))}
            findings.append(Finding("answer-mismatch", Severity.WARNING, message, index, data))
        lines.append(f"{_MARKS[False if repeats else None]} {shown(text)}")
    if not findings:
        return None
    return ProblemResult(None, None, _status(decisions), "\n\n".join(lines), tuple(findings))


def _exact(expr: Any) -> Any:
    """Written decimals as the exact numbers they are (`0.6(30)` is 18, not 18.0000…)."""
    floats = expr.atoms(sympy.Float)
    return expr.xreplace({f: sympy.Rational(str(f)) for f in floats}) if floats else expr


def _number(text: str) -> Any:
    """The box's content as one number, or None (a vector, a set, words)."""
    if "\\begin" in text:
        return None
    parsed = readings(text)
    if not parsed or not isinstance(parsed[0].expr, sympy.Expr) or parsed[0].expr.free_symbols:
        return None
    number = value(parsed[0].expr)
    return number if number is not None and number.is_real else None


def _scaled(computed: Any, box: Any) -> bool:
    """Whether the box is the computed value times a power of ten or 60 (a unit change)."""
    number = value(computed)
    if number is None or not number.is_real:
        return False
    scales = [sympy.Integer(f) for f in (10, 100, 1000, 60, 3600)]
    return any(box.close_to(Value(number.real * scale, 0)) for f in scales for scale in (f, 1 / f))


def check_problem(
    statement: str,
    statement_math: tuple[str, ...],
    written_answers: tuple[str, ...],
    model_answer: str | None,
    model_fields: tuple[tuple[str, str], ...] = (),
    worked: tuple[str, str, int] | None = None,
) -> ProblemResult:
    """See ``judge.judge_problem``."""
    try:
        task = compute(statement, statement_math)
    except (*_FAILURES, RecursionError):
        task = None
    if task is not None:
        return _against_sympy(task, written_answers)
    if model_answer:
        return _against_model(written_answers, model_answer, model_fields)
    against = _against_working(written_answers, worked) if worked and written_answers else None
    if against is not None:
        return against
    status = "unverified" if written_answers else "no-answer"
    why = understood(statement, recognise(statement))
    hover = f"not computed: {why}" if why else "SymPy cannot compute this problem"
    return ProblemResult(None, None, status, hover)
