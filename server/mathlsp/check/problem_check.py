"""Written answers against SymPy's answer, or else against the recorded model answer.

The body of ``judge.judge_problem``. Comparison goes through the shared ``equivalence``
functions (the ones ``mathlsp grade`` uses); a local numeric reading of the answer decides
what they leave open and double-checks a "differs" before it becomes an error.
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from mathlsp.check.claims import decide_identity, read
from mathlsp.check.diagnostics import Severity
from mathlsp.check.equivalence import equivalent, equivalent_to_sympy
from mathlsp.check.extract import extract_answer
from mathlsp.check.judge import Finding, ProblemResult
from mathlsp.check.numeric import value
from mathlsp.check.problems import Task, compute
from mathlsp.check.readable import readable
from mathlsp.check.steps import solved_form

_FAILURES = (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError)
_FULL_WIDTH = str.maketrans("，；：（）＝", ",;:()=")
_CONNECTIVES = re.compile(r"\s*(?:或者|或|以及|和|及)\s*")
_WORDS = re.compile(r"\s*;\s*|\s+(?:or|and)\s+")
_MARKS = {True: "✓", False: "✗", None: "?"}
_NONE_WORDS = ("no solution", "no real solution", "无解", "\\emptyset", "\\varnothing", "∅")


def plain(text: str) -> str:
    """Full-width punctuation and Chinese connectives as ASCII (`x = 2 或 x = 3`)."""
    return _CONNECTIVES.sub(" or ", text.translate(_FULL_WIDTH)).strip()


def _parsed(text: str) -> Any:
    """The answer as SymPy reads it; `or` and `and` between values become commas."""
    answer = extract_answer(plain(text)) or plain(text)
    return read(_WORDS.sub(", ", answer).strip(" ,")).expr


def _shown(text: str) -> str:
    expr = _parsed(text)
    if _is_assignment(expr):
        return ", ".join(readable(e) for e in expr.args)
    return readable(expr) if expr is not None else (extract_answer(text) or text).strip()


def _is_assignment(expr: Any) -> bool:
    """`x = 1, y = 2` (the parser reads a set of equations)."""
    return isinstance(expr, sympy.FiniteSet) and all(isinstance(e, sympy.Eq) for e in expr.args)


def _with_i(expr: Any) -> Any:
    """``i`` in an answer is the imaginary unit."""
    return expr.xreplace({s: sympy.I for s in expr.free_symbols if str(s) == "i"})


def _mentions_i(expr: Any) -> bool:
    return any(str(s) == "i" for s in expr.free_symbols) or expr.has(sympy.I)


def _value_part(expr: Any) -> Any:
    """`f'(x) = 3x^2` and `y = 3` answer with their right side."""
    if isinstance(expr, sympy.Eq):
        lhs = expr.lhs
        if lhs.is_Symbol or isinstance(lhs, AppliedUndef | sympy.Derivative):
            return expr.rhs
        return None
    return expr if isinstance(expr, sympy.Expr) else None


def _roots(expr: Any) -> tuple[Any, ...] | None:
    solved = solved_form(expr)
    if solved is not None:
        return solved[1]
    items = list(expr.args) if isinstance(expr, sympy.FiniteSet) else [expr]
    if all(isinstance(i, sympy.Expr) and not i.free_symbols for i in items):
        return tuple(items)
    return None


def _contains(roots: tuple[Any, ...], root: Any) -> bool:
    target = value(root)
    return target is not None and any(
        (v := value(r)) is not None and v.close_to(target) for r in roots
    )


def _local(task: Task, text: str) -> tuple[bool | None, str]:
    """Our own reading of the answer: (same?, note for the message)."""
    expr = _parsed(text)
    if task.kind == "solve":
        if not task.answer.args and any(word in text.lower() for word in _NONE_WORDS):
            return True, ""
        if not task.answer.args and expr is not None and _mentions_i(expr):
            return None, ""  # complex roots of an equation with no real ones: not judged
        roots = _roots(expr) if expr is not None else None
        if roots is None:
            return None, ""
        expected = tuple(task.answer.args)
        missing = [r for r in expected if not _contains(roots, r)]
        extra = [r for r in roots if not _contains(expected, r)]
        name = readable(task.variable)
        notes = [f"missing {name} = {readable(r)}" for r in missing if not extra]
        notes += [f"{name} = {readable(r)} is not a solution" for r in extra if not missing]
        if missing and extra:
            return False, ""
        return not notes, f" ({'; '.join(notes)})" if notes else ""
    if expr is None or task.kind == "system":
        return None, ""
    answer = _value_part(expr)
    if answer is None:
        return None, ""
    answer = _with_i(answer)
    if task.kind == "antiderivative":
        variable = task.variable
        decision = decide_identity(sympy.diff(answer, variable), sympy.diff(task.answer, variable))
        return decision.holds, ""
    return decide_identity(answer, task.answer, rounding=False).holds, ""


def _same(task: Task, text: str) -> tuple[bool | None, str]:
    """Whether the written answer is SymPy's answer, and a note when it is not."""
    text = plain(text)
    local, note = _local(task, text)
    if task.kind == "antiderivative" and local is not None:
        return local, note
    if local is None and task.kind == "solve" and not task.answer.args:
        return None, ""
    verdict = equivalent_to_sympy(task.answer, text)
    same = verdict.equal
    if same is None or same is False and local is True:
        same = local
    if same and task.kind in ("factor", "expand"):
        return _form(task.kind, text)
    return same, note if same is False else ""


def _form(kind: str, text: str) -> tuple[bool | None, str]:
    """A factor answer must be a product; an expand answer a sum of terms."""
    expr = _value_part(_parsed(text))
    if expr is None:
        return None, ""
    if kind == "factor" and isinstance(expr, sympy.Add) and expr.free_symbols:
        return False, " (equal, but not factored)"
    if kind == "expand" and sympy.expand(expr) != expr and not isinstance(expr, sympy.Add):
        return False, " (equal, but not expanded)"
    return True, ""


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
    suffix = " + C" if task.kind == "antiderivative" else ""
    return f"{task.shown} = {readable(task.answer)}{suffix}"


def replacement(task: Task) -> str:
    """SymPy's answer as LaTeX, ready to replace a wrong one."""
    if task.kind == "solve":
        name = sympy.latex(task.variable)
        roots = sorted(task.answer.args, key=_key)
        if not roots:
            return "\\text{no real solution}"
        return " \\text{ or } ".join(f"{name} = {sympy.latex(r)}" for r in roots)
    if task.kind == "system" and isinstance(task.answer, sympy.Tuple):
        pairs = zip(task.variable, task.answer, strict=True)
        return ", ".join(f"{sympy.latex(v)} = {sympy.latex(a)}" for v, a in pairs)
    suffix = " + C" if task.kind == "antiderivative" else ""
    return str(sympy.latex(task.answer)) + suffix


def _against_sympy(task: Task, written: tuple[str, ...]) -> ProblemResult:
    computed = computed_text(task)
    lines = [f"**{task.kind}** · SymPy computes {computed}"]
    findings: list[Finding] = []
    decisions: list[bool | None] = []
    for index, text in enumerate(written):
        same, note = _same(task, text)
        decisions.append(same)
        shown = _shown(text)
        if same is False:
            verb = "solves" if task.kind in ("solve", "system") else "computes"
            message = f"wrote {shown}; SymPy {verb} {computed}{note}"
            data = {"replacement": replacement(task)}
            findings.append(Finding("answer-mismatch", Severity.ERROR, message, index, data))
            lines.append(f"✗ {shown}{note}")
        elif same is None:
            message = f"could not compare {shown} with SymPy's answer ({computed})"
            findings.append(Finding("unverified", Severity.INFORMATION, message, index))
            lines.append(f"? {shown}")
        else:
            lines.append(f"✓ {shown}")
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
    model_shown = _shown(model_answer)
    lines = [f"SymPy cannot compute this problem; the model's recorded answer is {model_shown}"]
    findings: list[Finding] = []
    decisions: list[bool | None] = []
    for index, text in enumerate(written):
        same = equivalent(model_answer, text).equal
        decisions.append(same)
        shown = _shown(text)
        if same is False:
            message = (
                f"wrote {shown}; the model's recorded answer is {model_shown}{_agreement(fields)}"
            )
            data = {"replacement": extract_answer(model_answer) or model_answer}
            findings.append(Finding("answer-mismatch", Severity.WARNING, message, index, data))
        lines.append(f"{_MARKS[same]} {shown}")
    return ProblemResult(None, None, _status(decisions), "\n\n".join(lines), tuple(findings))


def check_problem(
    statement: str,
    statement_math: tuple[str, ...],
    written_answers: tuple[str, ...],
    model_answer: str | None,
    model_fields: tuple[tuple[str, str], ...] = (),
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
    status = "unverified" if written_answers else "no-answer"
    return ProblemResult(None, None, status, "SymPy cannot compute this problem")
