"""Scanning cost: parse_document on generated Markdown drafts of 100, 1,000 and 5,000 problems.

Reported as absolute times and as a ratio to a baseline measured in the same run (a plain
``str.splitlines`` pass over the same text), plus growth t(5000)/t(1000) against 5 for linear.
Run: ``.venv/bin/python tests/bench/document_bench.py`` (part of ``make bench``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mathlsp.document import parse_document  # noqa: E402

from tests.document.drafts import markdown_draft  # noqa: E402


def best_of(repeats: int, fn: object) -> float:
    assert callable(fn)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    rows = []
    for problems in (100, 1000, 5000):
        text = markdown_draft(problems)
        parse = best_of(3, lambda text=text: parse_document(text, "markdown"))
        baseline = best_of(3, lambda text=text: [line.split("$") for line in text.splitlines()])
        rows.append((problems, text.count("\n"), parse, parse / baseline))
    print(f"{'problems':>9} {'lines':>7} {'parse s':>9} {'x baseline':>11}")
    for problems, lines, parse, ratio in rows:
        print(f"{problems:>9} {lines:>7} {parse:>9.3f} {ratio:>11.1f}")
    print(f"growth t(5000)/t(1000) = {rows[2][2] / rows[1][2]:.2f} (linear: 5)")


if __name__ == "__main__":
    main()
