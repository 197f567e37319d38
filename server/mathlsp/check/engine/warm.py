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

BUDGET_SECONDS = 10.0


class _OutOfTime(Exception):
    pass


# A few shapes, enough to build the parser's tables. The ANTLR parser also caches its
# prediction DFA per process (a cold parse costs about 5x a warm one), but a longer corpus here
# measured slower for `mathlsp check`: this warm-up is serial, before any worker starts, while
# workers warm their own caches in parallel.
CORPUS = ("x^2 + 1", "\\frac{1}{2} + \\sqrt{3}", "\\int_0^1 x\\,dx = \\frac{1}{2}")


def _parser() -> None:
    # Lazily, inside the time budget: importing is part of the warm-up.
    import sympy
    from latex2sympy2_extended import latex2sympy

    for latex in CORPUS:
        try:
            sympy.latex(latex2sympy(latex))
        except Exception:  # one odd shape must not stop the rest
            continue


def _judges() -> None:
    # Lazily, inside the time budget: importing the judgements is the warm-up.
    from mathlsp.check.judge import entry as judge

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
