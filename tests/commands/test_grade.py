"""`mathlsp grade`: order, kept fields, malformed lines, stdin, time limit, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from mathlsp.cli import main

MATHLSP = Path(sys.executable).with_name("mathlsp")

PAIRS = [
    {"id": 1, "reference": r"\frac{1}{2}", "answer": "0.5"},
    {"id": 2, "reference": r"\sin^2 x + \cos^2 x", "answer": "1"},  # needs SymPy: a worker
    {"id": 3, "reference": "(3, 4)", "answer": "(4, 3)"},
    {"id": 4, "reference": r"3\sqrt{13}", "answer": r"The distance is $\boxed{\sqrt{117}}$."},
    {"id": 5, "reference": "x > 2", "answer": r"(2, \infty)", "extra": {"kept": True}},
]


def _grade(tmp_path: Path, lines: list[str], *extra: str) -> list[dict[str, object]]:
    source = tmp_path / "pairs.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [str(MATHLSP), "grade", str(source), *extra], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_order_and_fields_kept(tmp_path: Path) -> None:
    rows = _grade(tmp_path, [json.dumps(p) for p in PAIRS])
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5]
    assert [row["equal"] for row in rows] == [True, True, False, True, True]
    assert rows[4]["extra"] == {"kept": True}
    assert all(isinstance(row["reason"], str) and row["reason"] for row in rows)


def test_malformed_lines_do_not_stop_the_run(tmp_path: Path) -> None:
    lines = [
        "{not json",
        json.dumps({"reference": "1"}),
        json.dumps([1, 2]),
        json.dumps(PAIRS[0]),
        "",
    ]
    rows = _grade(tmp_path, lines)
    assert len(rows) == 5
    assert [row["equal"] for row in rows] == [None, None, None, True, None]
    assert "malformed" in str(rows[0]["reason"])
    assert "answer" in str(rows[1]["reason"])


def test_time_limit(tmp_path: Path) -> None:
    slow = {"reference": r"\sum_{k=1}^{10^{6}} k^{k}", "answer": "1"}
    rows = _grade(tmp_path, [json.dumps(slow), json.dumps(PAIRS[0])], "--time-limit", "0.5")
    assert rows[0]["equal"] is None and rows[0]["reason"] == "timeout"
    assert rows[1]["equal"] is True


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(json.dumps(PAIRS[0]) + "\n" + json.dumps(PAIRS[2]) + "\n")
    )
    assert main(["grade", "-"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["equal"] for row in rows] == [True, False]


def test_progress_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps(PAIRS[0]) + "\n", encoding="utf-8")
    assert main(["grade", str(source), "--progress"]) == 0
    captured = capsys.readouterr()
    assert "1/1" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
