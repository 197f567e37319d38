"""The counting rules of the benches (`tests/bench/scoring.py`), on hand-made records."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bench.scoring import (
    answer_flagged,
    by_code,
    covers,
    f1,
    flagged_steps,
    match_mistakes,
    prediction,
    processbench_scores,
    unverified_reason,
    verdicts,
)


def rec(line: int, end: int | None = None, *, file: str = "/d/a.md", severity: str = "error",
        code: str = "false-equation", message: str = "m") -> dict[str, Any]:  # fmt: skip
    return {"file": file, "line": line, "end_line": end or line, "severity": severity,
            "code": code, "message": message}  # fmt: skip


def test_covers_is_inclusive() -> None:
    assert covers(rec(3, 5), 3) and covers(rec(3, 5), 5) and not covers(rec(3, 5), 6)


def test_catch_rule_same_file_line_covered_others_false_alarms() -> None:
    mistakes = [{"file": "a.md", "line": 10, "caught_today": True},
                {"file": "b.md", "line": 4, "caught_today": False}]  # fmt: skip
    flags = [rec(9, 11), rec(10), rec(4), rec(4, file="/d/b.md"), rec(4, file="/d/c.md")]
    file_of = {"/d/a.md": "a.md", "/d/b.md": "b.md", "/d/c.md": "c.md"}
    caught, false_alarms = match_mistakes(flags, mistakes, file_of)
    assert [len(found) for _, found in caught] == [2, 1]  # both a.md flags cover line 10
    assert false_alarms == [flags[2], flags[4]]  # a.md:4 and c.md:4 cover no mistake


def test_flagged_steps_and_prediction() -> None:
    steps = [(5, 5), (7, 8), (10, 10)]
    records = [
        rec(3),  # the problem text: counts for no step
        rec(8, severity="information", code="unverified"),  # not a flag
        rec(10, severity="warning"),
        rec(12, code="answer-mismatch"),  # the answer line: the boxed step
    ]
    assert flagged_steps(records, steps, answer_line=12, box_step=1) == {1, 2}
    assert prediction({1, 2}) == 1 and prediction(set()) == -1
    assert flagged_steps(records, steps, answer_line=None, box_step=None) == {2}


def test_f1_is_the_harmonic_mean() -> None:
    assert f1(13.8, 73.5) == pytest.approx(23.24, abs=0.01)  # issue 11's figures
    assert f1(0.0, 0.0) == 0.0 and f1(50.0, 50.0) == 50.0


def test_processbench_scores() -> None:
    items = [
        (1, 1, {1}, 3),  # wrong, pinned: steps 0 right and not flagged
        (2, 0, {0, 2}, 4),  # wrong, flagged early: a false alarm at 0; step 2 recalled
        (-1, -1, set(), 2),  # right, silent
        (-1, 1, {1}, 3),  # right, a false alarm
    ]
    scores = processbench_scores(items)
    assert scores["wrong_accuracy"] == 50.0 and scores["right_accuracy"] == 50.0
    assert scores["f1"] == 50.0 and scores["step_recall"] == 100.0
    assert (scores["false_alarm_steps"], scores["good_steps"]) == (2, 1 + 2 + 2 + 3)


def test_answer_flagged_needs_answer_mismatch_on_the_line() -> None:
    assert answer_flagged([rec(7, code="answer-mismatch", severity="warning")], 7)
    assert not answer_flagged([rec(7)], 7)  # another code
    assert not answer_flagged([rec(6, code="answer-mismatch")], 7)
    assert not answer_flagged([rec(7, code="answer-mismatch", severity="information")], 7)


def test_verdicts() -> None:
    pairs = [(True, True), (True, False), (False, True), (False, False), (False, None)]
    assert verdicts(pairs) == {"given": 3, "right": 1, "wrong": 2}


def test_unverified_reasons_and_codes() -> None:
    assert unverified_reason("could not read `x`: ...") == "could not read"
    assert unverified_reason("not decided within 3 s: `x`") == "not decided within"
    assert unverified_reason("could not check `x`: boom") == "other"
    assert by_code([rec(1), rec(2, severity="warning"), rec(3)]) == {
        "error/false-equation": 2, "warning/false-equation": 1
    }  # fmt: skip
