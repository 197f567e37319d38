"""`mathlsp solve` end to end against the fake vLLM server (in-process and as processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mathlsp.cli import main

from tests.support.fake_vllm import DEFAULT_MODEL, FakeVLLM, Fault
from tests.support.fake_vllm_replies import Reply

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MATHLSP_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def boxed(answer: str) -> Reply:
    return Reply(f"Let me think about {answer}.", f"Hence $\\boxed{{{answer}}}$.")


def test_json_reports_the_vote(capsys: pytest.CaptureFixture[str]) -> None:
    answers = ["\\dfrac{3}{10}", "0.3", "1", "\\frac{6}{20}", "2"]
    with FakeVLLM(replies=[boxed(a) for a in answers]) as server:
        code = main(
            [
                "solve",
                "What is 3/10?",
                "--base-url",
                server.base_url,
                "--samples",
                "5",
                "--format",
                "json",
            ]
        )
        (request,) = server.chat_requests()
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["answer"], out["agreement"], out["model"]) == ("\\dfrac{3}{10}", 3, DEFAULT_MODEL)
    assert [s["answer"] for s in out["samples"]] == answers
    assert {s["finish_reason"] for s in out["samples"]} == {"stop"}
    assert out["reasoning"] == "Let me think about \\dfrac{3}{10}."
    assert out["solution"] == "Hence $\\boxed{\\dfrac{3}{10}}$."
    assert request.body["n"] == 5


def test_text_prints_the_solution_and_the_answer_line(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeVLLM(replies=boxed("7")) as server:
        code = main(["solve", "3+4?", "--base-url", server.base_url, "--show-thinking"])
    out = capsys.readouterr().out
    assert code == 0
    assert "\033[" not in out  # not a terminal: no colour codes
    assert out.index("Let me think about 7.") < out.index("Hence $\\boxed{7}$.")
    assert out.splitlines()[-1] == f"answer: 7  (1 of 1 samples agree; {DEFAULT_MODEL})"


def test_text_without_show_thinking_hides_it_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeVLLM(replies=boxed("7")) as server:
        main(["solve", "3+4?", "--base-url", server.base_url])
    assert "Let me think" not in capsys.readouterr().out


def test_truncated_reply_exits_one_without_an_answer(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeVLLM(replies=Reply("\\boxed{3} maybe " * 20, "\\boxed{3}")) as server:
        code = main(
            ["solve", "x?", "--base-url", server.base_url, "--max-tokens", "10", "--format", "json"]
        )
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert out["answer"] is None and out["truncated"] is True
    assert out["samples"][0]["finish_reason"] == "length"
    assert "max_tokens (10)" in out["note"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["solve"], 2, "give a PROBLEM"),
        (["solve", "x", "--samples", "0"], 2, "--samples must be positive"),
        (["solve", "--file", "/nonexistent/notes.md", "--line", "1"], 2, "No such file"),
        (
            ["solve", "x", "--base-url", "http://127.0.0.1:9/v1"],
            3,
            "cannot reach the backend at http://127.0.0.1:9/v1",
        ),
    ],
    ids=["no-problem", "bad-samples", "missing-file", "unreachable"],
)
def test_usage_and_backend_errors(
    argv: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == code
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "text", "line", "wanted", "unwanted"),
    [
        (
            "notes.md",
            "# Homework\n\nProblem 1. Compute $1+1$.\n\nProblem 2. Compute $2+5$.\n",
            "5",
            "Compute $2+5$.",
            "1+1",
        ),
        (
            "sheet.tex",
            "\\begin{enumerate}\n\\item Compute $3+4$.\n\\item Compute $6+6$.\n\\end{enumerate}\n",
            "2",
            "Compute $3+4$.",
            "6+6",
        ),
    ],
    ids=["markdown", "latex"],
)
def test_file_and_line_pick_the_problem(
    tmp_path: Path, name: str, text: str, line: str, wanted: str, unwanted: str
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Homework\n\nProblem 1. Compute $1+1$.\n\nProblem 2. Compute $2+5$.\n")
    with FakeVLLM() as server:
        code = main(
            [
                "solve",
                "--file",
                str(notes),
                "--line",
                "5",
                "--base-url",
                server.base_url,
                "--format",
                "json",
            ]
        )
        prompt = server.chat_requests()[0].body["messages"][0]["content"]
    assert code == 0 and "Compute $2+5$." in prompt and "1+1" not in prompt


def test_fake_server_cli_and_solve_as_processes() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    fake = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.fake_vllm",
            "--port",
            "0",
            "--layout",
            "inline",
            "--answer",
            "\\frac{1}{3}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.stdout is not None
        ready = fake.stdout.readline().split()
        assert ready[0] == "READY"
        done = subprocess.run(
            [sys.executable, "-m", "mathlsp", "solve", "1/2 - 1/6?", "--format", "json"],
            env={**env, "MATHLSP_BASE_URL": ready[1]},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        if fake.stdout is not None:
            fake.stdout.close()
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["answer"], out["model"]) == ("\\frac{1}{3}", DEFAULT_MODEL)
    assert "\\boxed{\\frac{1}{3}}" in out["solution"] and "Step 1" in out["solution"]


def test_a_malformed_stream_is_a_backend_error_exit_three(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FakeVLLM() as server:
        server.inject(Fault("malformed", after_tokens=3))
        code = main(["solve", "x?", "--base-url", server.base_url])
    err = capsys.readouterr().err
    assert code == 3
    assert "mathlsp solve: the backend at" in err and "not OpenAI-compatible" in err
    assert "Traceback" not in err and "JSONDecodeError" not in err


def test_a_stall_ends_the_solve_with_exit_three(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeVLLM() as server:
        server.inject(Fault("stall", after_tokens=3, seconds=20))
        code = main(["solve", "x?", "--base-url", server.base_url, "--stall-timeout", "0.4"])
    err = capsys.readouterr().err
    assert code == 3 and "sent nothing for 0.4 s" in err and "--stall-timeout" in err


def test_a_negative_stall_timeout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", "x?", "--stall-timeout", "-1"]) == 2
    assert "--stall-timeout must be 0 (never) or positive" in capsys.readouterr().err


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_reply_repeating_the_key_prints_it_masked(
    form: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "sk-proj-Zq8mYt3vLw0pRr7u"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    # Split across many tokens: the masking must hold across streamed pieces.
    reply = Reply(f"My key is {key}, noted.", f"Key {key}. So $\\boxed{{7}}$.")
    with FakeVLLM(replies=reply) as server:
        code = main(
            ["solve", "3+4?", "--base-url", server.base_url, "--show-thinking", "--format", form]
        )
    out = capsys.readouterr().out
    assert code == 0
    assert key not in out and key[:10] not in out
    assert out.count("[redacted]") >= 2 and "\\boxed{7}" in out


VERIFY_PROBLEM = "What is the value of $(4 \\times 12)-(4+12)$?"  # SymPy computes 32
VERIFY_REPLIES = [
    Reply("quick", "It is $48 - 16 = 31$, so $\\boxed{31}$."),
    Reply("quick", "So $\\boxed{31}$."),
    Reply("careful", "It is $48 - 16 = 32$, so $\\boxed{32}$."),
]


@pytest.mark.parametrize(
    ("vote", "answer", "sympy"), [("verified", "32", "confirms"), ("majority", "31", "differs")]
)
def test_json_has_sympys_verdict_and_the_vote_follows_vote(
    capsys: pytest.CaptureFixture[str], vote: str, answer: str, sympy: str
) -> None:
    with FakeVLLM(replies=VERIFY_REPLIES) as server:
        argv = ["solve", VERIFY_PROBLEM, "--base-url", server.base_url, "--samples", "3"]
        code = main([*argv, "--vote", vote, "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["answer"], out["vote"], out["sympy"], out["computed"]) == (
        answer,
        vote,
        sympy,
        "32",
    )
    assert [s["sympy"] for s in out["samples"]] == ["differs", "differs", "confirms"]
    assert [len(s["false_steps"]) for s in out["samples"]] == [1, 0, 0]
    assert out["samples"][0]["false_steps"][0]["source"] == "48 - 16 = 31"


def test_text_says_what_sympy_computes(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeVLLM(replies=VERIFY_REPLIES[:1]) as server:
        code = main(["solve", VERIFY_PROBLEM, "--base-url", server.base_url])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-3].startswith("answer: 31  (1 of 1 samples agree")
    assert out[-2].startswith("SymPy: `48 - 16 = 31` is false")
    assert out[-1] == "SymPy computes 32 instead"
