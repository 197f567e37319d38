"""`mathlsp bench math500` against the fake server: grades, the table, the JSONL rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mathlsp.cli import main
from mathlsp.solve.bench import percentile

from tests.support.fake_vllm import FakeVLLM
from tests.support.fake_vllm_replies import Reply

ITEMS = [
    {"problem": "P1: 1/2 + 1/4?", "answer": "\\frac34", "subject": "Algebra", "level": 1},
    {"problem": "P2: 2 + 2?", "answer": "4", "subject": "Algebra", "level": 2},
    {"problem": "P3: sqrt(16)?", "answer": "4", "subject": "Geometry", "level": 2},
    {"problem": "P4: 10/4?", "answer": "\\frac{5}{2}", "subject": "Geometry", "level": 5},
]
# per problem, the answers of samples 0, 1, 2
ANSWERS = {
    "P1": ["0.75", "\\dfrac{3}{4}", "1"],  # 2 of 3 right, vote right
    "P2": ["5", "4", "5"],  # 1 of 3 right, vote wrong
    "P3": ["4", "4", "4"],  # all right
    "P4": ["2.5", "3", "7"],  # 1 of 3 right, vote right (tie -> first)
}


def reply(prompt: str, index: int) -> Reply:
    key = next(k for k in ANSWERS if k in prompt)
    return Reply("thinking", f"$\\boxed{{{ANSWERS[key][index]}}}$")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MATHLSP_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_bench_grades_votes_and_writes_every_reply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = tmp_path / "math.jsonl", tmp_path / "replies.jsonl"
    data.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    with FakeVLLM(replies=reply) as server:
        argv = ["bench", "math500", "--data", str(data), "--samples", "3", "--concurrency", "2"]
        code = main([*argv, "--out", str(out), "--base-url", server.base_url])
        assert len(server.chat_requests()) == 4
    printed = capsys.readouterr()
    assert code == 0
    # pass@1 = mean of (2/3, 1/3, 3/3, 1/3) = 7/12; cons@3 = 3/4
    assert "pass@1 58.3%   cons@3 75.0%" in printed.out
    lines = printed.out.splitlines()
    assert any(line.split()[:4] == ["Algebra", "2", "50.0%", "50.0%"] for line in lines)
    assert any(line.split()[:4] == ["Geometry", "2", "66.7%", "100.0%"] for line in lines)
    assert "4/4" in printed.err  # the progress bar
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 12
    assert [r["equal"] for r in rows[:3]] == [True, True, False]
    assert {k: rows[0][k] for k in ("reference", "answer", "voted", "agreement")} == {
        "reference": "\\frac34",
        "answer": "0.75",
        "voted": "0.75",
        "agreement": 2,
    }


def test_bench_stops_when_the_backend_keeps_failing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "math.jsonl"
    data.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    code = main(["bench", "math500", "--data", str(data), "--base-url", "http://127.0.0.1:9/v1"])
    assert code == 3
    assert "cannot reach the backend" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([1.0] * 19 + [9.0], 0.95, 1.0), ([1.0] * 18 + [9.0, 9.0], 0.95, 9.0), ([], 0.95, 0.0)],
    ids=["p95-of-20", "p95-top-two", "empty"],
)
def test_percentile_is_nearest_rank(values: list[float], fraction: float, expected: float) -> None:
    assert percentile(values, fraction) == expected


def _replay_rows() -> list[dict[str, object]]:
    asks = "What is the value of $(4 \\times 12)-(4+12)$?"  # SymPy computes 32
    rows: list[dict[str, object]] = []
    for sample, text in enumerate(
        [
            "<think>\nhmm</think>\nIt is $48 - 16 = 31$, so $\\boxed{31}$.",
            "<think>\nhmm</think>\nSo $\\boxed{31}$.",
            "<think>\nI get \\boxed{31} first; no.</think>\nIt is $\\boxed{32}$.",
        ]
    ):
        rows.append(
            {
                "problem": asks,
                "reference": "32",
                "answer": text,
                "problem_idx": 0,
                "sample": sample,
                "subject": "Prealgebra",
                "careful": sample == 2,
            }
        )
    words = "Sam has 3 apples and buys 4 more. How many apples does Sam have?"
    for sample, answer in enumerate(["7", "7", "8"]):
        rows.append(
            {
                "problem": words,
                "reference": "7",
                "answer": f"So $\\boxed{{{answer}}}$.",
                "problem_idx": 1,
                "sample": sample,
                "subject": "Algebra",
            }
        )
    return rows


def test_replay_scores_both_votes_and_says_where_they_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = tmp_path / "samples.jsonl", tmp_path / "checked.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in _replay_rows()))
    code = main(["bench", "replay", str(data), "--format", "json", "--out", str(out)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    # pass@1 = mean(1/3, 2/3) = 1/2; majority right on problem 1 only; verified on both
    assert (report["pass@1"], report["maj@3"], report["verified@3"]) == (0.5, 0.5, 1.0)
    assert (report["problems"], report["samples"]) == (2, 6)
    assert report["subjects"]["Prealgebra"]["verified@3"] == 1.0
    assert report["sympy"]["refuted"] == 2 and report["sympy"]["refuted_wrong_by_careful"] == 2
    (differ,) = report["differ"]
    assert (differ["majority"], differ["verified"]) == ("31", "32")
    assert "refuted" in differ["why"]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["sympy"] for r in rows[:3]] == ["differs", "differs", "confirms"]
    assert [r["source"] for r in rows[0]["false_steps"]] == ["48 - 16 = 31"]
    assert {r["sympy"] for r in rows[3:]} == {"unknown"}  # a word problem: SymPy has no word


def test_replay_text_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "samples.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in _replay_rows()))
    assert main(["bench", "replay", str(data), "--limit", "1"]) == 0
    printed = capsys.readouterr().out
    assert "pass@1 33.3%   maj@3 0.0%   verified@3 100.0%" in printed
    assert "SymPy confirms 1 samples, refutes 2" in printed
    assert main(["bench", "replay"]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"problem": "x"}) + "\n")
    assert main(["bench", "replay", str(bad)]) == 2
    assert "needs `problem`, `reference`, `answer`" in capsys.readouterr().err


def test_replay_reads_what_bench_math500_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = tmp_path / "math.jsonl", tmp_path / "replies.jsonl"
    data.write_text("".join(json.dumps(item) + "\n" for item in ITEMS))
    with FakeVLLM(replies=reply) as server:
        argv = ["bench", "math500", "--data", str(data), "--samples", "3", "--out", str(out)]
        assert main([*argv, "--base-url", server.base_url]) == 0
    capsys.readouterr()
    assert main(["bench", "replay", str(out), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # the same replies, the same grades: pass@1 7/12, and the majority as cons@3 (3/4)
    assert (report["problems"], report["samples"]) == (4, 12)
    assert (report["pass@1"], report["maj@3"]) == (round(7 / 12, 4), 0.75)
    assert set(report["subjects"]) == {"Algebra", "Geometry"}
