"""Imported once by the sandbox's forkserver: loads SymPy, the LaTeX parser and the
judgements and runs each on fixed, trusted input, so every worker forked afterwards starts
warm (no imports, parser tables built, SymPy caches filled).

Importing this module has that side effect on purpose. It never raises, and a time budget
(an interval timer: the forkserver is single-threaded, this is its main thread) keeps a
misbehaving judgement from stalling the forkserver and with it every worker start.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType

BUDGET_SECONDS = 5.0


class _OutOfTime(Exception):
    pass


def _parser() -> None:
    import sympy
    from latex2sympy2_extended import latex2sympy

    for latex in ("x^2 + 1", "\\frac{1}{2} + \\sqrt{3}", "\\int_0^1 x\\,dx"):
        sympy.latex(latex2sympy(latex))


def _judges() -> None:
    from mathlsp.check import judge

    judge.judge_span("1 + 1 = 2")
    judge.judge_chain(("(x+1)^2", "x^2 + 2x + 1"))
    judge.judge_steps(("2x = 4", "x = 2"))
    judge.judge_problem("Solve $x + 1 = 2$.", ("x + 1 = 2",), ("1",), None)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _OutOfTime


def warm(steps: tuple[Callable[[], None], ...] = (_parser, _judges)) -> None:
    """Run ``steps`` within ``BUDGET_SECONDS`` (only the parser outside the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        steps = steps[:1]
        timed = False
    else:
        previous = signal.signal(signal.SIGALRM, _stop)
        signal.setitimer(signal.ITIMER_REAL, BUDGET_SECONDS)
        timed = True
    try:
        for step in steps:
            try:
                step()
            except _OutOfTime:
                break
            except Exception:  # warming is best effort; the task will report the failure
                continue
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


warm()
