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
        json.dumps({"reference": ["1"], "answer": "1"}),
    ]
    rows = _grade(tmp_path, lines)
    assert len(rows) == 5
    assert [row["equal"] for row in rows] == [None, None, None, True, None]
    assert "malformed" in str(rows[0]["reason"])
    assert "answer" in str(rows[1]["reason"])
    assert "reference" in str(rows[4]["reason"])


def test_malformed_lines_name_their_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps(PAIRS[0]) + "\n\n" + '{"reference": "1", "answer"\n', "utf-8")
    assert main(["grade", str(source)]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert "line 3" in str(rows[-1]["reason"])
    assert "line 3" in captured.err


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    rows = _grade(tmp_path, [json.dumps(PAIRS[0]), "", "   ", json.dumps(PAIRS[2]), ""])
    assert [row["equal"] for row in rows] == [True, False]


def test_numbers_are_read_as_written(tmp_path: Path) -> None:
    lines = [
        json.dumps({"reference": 3, "answer": "3"}),
        json.dumps({"reference": "0.5", "answer": 0.5}),
        json.dumps({"reference": 3, "answer": 4}),
        json.dumps({"reference": True, "answer": "1"}),
    ]
    rows = _grade(tmp_path, lines)
    assert [row["equal"] for row in rows] == [True, True, False, None]
    assert rows[0]["reference"] == 3  # the input's fields are kept as they were


def test_tolerance_accepts_roundings(tmp_path: Path) -> None:
    lines = [
        json.dumps({"reference": r"\frac13", "answer": "0.3333"}),
        json.dumps({"reference": r"\pi", "answer": "3.1416"}),  # needs SymPy: a worker
        json.dumps({"reference": r"\pi", "answer": "3.14"}),
    ]
    assert [row["equal"] for row in _grade(tmp_path, lines)] == [False, False, False]
    tolerant = _grade(tmp_path, lines, "--tolerance", "1e-4")
    assert [row["equal"] for row in tolerant] == [True, True, False]


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


def _unreadable(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif name == "binary.jsonl":
        path.write_bytes(b"\x7fELF\x02\x01\x00\x00\x00" + bytes(range(256)))
    elif name == "latin1.jsonl":
        path.write_bytes('{"reference": "caf\u00e9", "answer": "1"}\n'.encode("latin-1"))
    return path


@pytest.mark.parametrize(
    ("name", "says"),
    [
        pytest.param("missing.jsonl", "cannot read: no such file", id="missing"),
        pytest.param("folder", "is a folder", id="folder"),
        pytest.param("binary.jsonl", "binary file", id="binary"),
        pytest.param("latin1.jsonl", "not UTF-8", id="not-utf8"),
    ],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, says: str
) -> None:
    path = _unreadable(tmp_path, name)
    assert main(["grade", str(path)]) == 2
    err = capsys.readouterr().err
    assert says in err and str(path) in err
    assert "Errno" not in err and "Traceback" not in err


def test_utf16_input_is_read(tmp_path: Path) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps(PAIRS[0]) + "\n", encoding="utf-16")
    done = subprocess.run([str(MATHLSP), "grade", str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["equal"] is True


@pytest.mark.parametrize(
    "option",
    [
        pytest.param(["--time-limit", "0"], id="time-limit-0"),
        pytest.param(["--time-limit", "-5"], id="time-limit-negative"),
        pytest.param(["--time-limit", "soon"], id="time-limit-word"),
        pytest.param(["--workers", "0"], id="workers-0"),
        pytest.param(["--workers", "-3"], id="workers-negative"),
        pytest.param(["--workers", "1.5"], id="workers-fraction"),
        pytest.param(["--tolerance", "0"], id="tolerance-0"),
        pytest.param(["--tolerance", "2"], id="tolerance-2"),
    ],
)
def test_bad_options_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text(json.dumps(PAIRS[0]) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["grade", str(source), *option])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert option[0] in captured.err and not captured.out
