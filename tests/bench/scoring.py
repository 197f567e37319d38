"""The rules that turn `mathlsp check --format json` records into the benches' counts, as
``/work/shared/notes/benches.md`` defines them. Pure and small, so each is tested
(``tests/bench_support/``): a wrong count would mislead everyone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

Record = dict[str, Any]
FLAG_SEVERITIES = ("error", "warning")


def is_flag(record: Record) -> bool:
    """An error or a warning (information and hints are not findings a user acts on)."""
    return record.get("severity") in FLAG_SEVERITIES


def covers(record: Record, line: int) -> bool:
    """The record's ``line..end_line`` covers 1-based ``line``."""
    return int(record["line"]) <= line <= int(record.get("end_line", record["line"]))


def starts_in(record: Record, first: int, last: int) -> bool:
    return first <= int(record["line"]) <= last


def by_code(records: Iterable[Record]) -> dict[str, int]:
    """``severity/code`` -> count, sorted by name."""
    counts = Counter(f"{r['severity']}/{r['code']}" for r in records)
    return dict(sorted(counts.items()))


def unverified_reason(message: str) -> str:
    """The reason class of an ``unverified`` note."""
    for reason in ("could not read", "not decided within"):
        if message.startswith(reason):
            return reason
    return "other"


# -- real-docs --------------------------------------------------------------------------------


def match_mistakes(
    flags: Sequence[Record], mistakes: Sequence[Record], file_of: dict[str, str]
) -> tuple[list[tuple[Record, list[Record]]], list[Record]]:
    """A catch is a flag of the same file whose ``line..end_line`` covers a mistake's
    ``line``; every other flag is a suspected false alarm. ``file_of`` maps a record's
    ``file`` to the name ``mistakes.json`` uses. Returns each mistake with the flags that
    catch it, and the suspected false alarms."""
    caught = [
        (m, [f for f in flags if file_of.get(f["file"]) == m["file"] and covers(f, m["line"])])
        for m in mistakes
    ]
    catching = {id(f) for _, found in caught for f in found}
    return caught, [f for f in flags if id(f) not in catching]


# -- ProcessBench ------------------------------------------------------------------------------


def flagged_steps(
    records: Iterable[Record],
    steps: Sequence[tuple[int, int]],
    answer_line: int | None,
    box_step: int | None,
) -> set[int]:
    """Indexes of the steps that carry an error or warning: one starting in a step's lines;
    one on the ``Answer:`` line counts for the step holding the box; one on the problem text
    counts for none."""
    found: set[int] = set()
    for record in records:
        if not is_flag(record):
            continue
        if answer_line is not None and box_step is not None and covers(record, answer_line):
            found.add(box_step)
            continue
        for index, (first, last) in enumerate(steps):
            if starts_in(record, first, last):
                found.add(index)
                break
    return found


def prediction(flagged: set[int]) -> int:
    """The first step carrying an error or warning; -1 when none."""
    return min(flagged) if flagged else -1


def f1(wrong_accuracy: float, right_accuracy: float) -> float:
    """Harmonic mean of the accuracies on wrong and on right solutions (ProcessBench)."""
    total = wrong_accuracy + right_accuracy
    return 2 * wrong_accuracy * right_accuracy / total if total else 0.0


def processbench_scores(items: Sequence[tuple[int, int, set[int], int]]) -> dict[str, float]:
    """``items``: (label, prediction, flagged steps, number of steps) per solution. Accuracy
    on wrong solutions (prediction == label) and on right ones (prediction == -1), F1;
    per-step recall (the labelled step flagged, whatever came before) and false-alarm rate
    (flagged among steps known right: before the label, or every step of a right one)."""
    wrong = [i for i in items if i[0] != -1]
    right = [i for i in items if i[0] == -1]
    wrong_accuracy = 100.0 * sum(i[1] == i[0] for i in wrong) / len(wrong) if wrong else 0.0
    right_accuracy = 100.0 * sum(i[1] == -1 for i in right) / len(right) if right else 0.0
    good_steps = sum(i[0] if i[0] != -1 else i[3] for i in items)
    false_alarms = sum(
        sum(1 for k in i[2] if k < (i[0] if i[0] != -1 else i[3])) for i in items
    )  # fmt: skip
    recall = 100.0 * sum(i[0] in i[2] for i in wrong) / len(wrong) if wrong else 0.0
    return {
        "wrong_accuracy": wrong_accuracy,
        "right_accuracy": right_accuracy,
        "f1": f1(wrong_accuracy, right_accuracy),
        "step_recall": recall,
        "step_false_alarm_rate": 100.0 * false_alarms / good_steps if good_steps else 0.0,
        "good_steps": good_steps,
        "false_alarm_steps": false_alarms,
    }


# -- MATH train --------------------------------------------------------------------------------


def answer_flagged(records: Iterable[Record], answer_line: int) -> bool:
    """The written answer line is flagged ``answer-mismatch`` (error or warning)."""
    return any(
        is_flag(r) and r["code"] == "answer-mismatch" and covers(r, answer_line) for r in records
    )


def verdicts(pairs: Iterable[tuple[bool, bool | None]]) -> dict[str, int]:
    """``pairs``: (correct answer flagged, planted twin flagged; None when no twin) per
    problem. Given a verdict: the correct answer flagged (a wrong verdict), or the planted
    twin flagged while the correct one was silent (a right verdict, "caught with its twin
    silent")."""
    wrong = right = 0
    for correct, planted in pairs:
        if correct:
            wrong += 1
        elif planted:
            right += 1
    return {"given": wrong + right, "right": right, "wrong": wrong}
