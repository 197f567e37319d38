"""The fake server's raw wire format, read without the openai client."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.support.fake_vllm import DEFAULT_MODEL, FakeVLLM
from tests.support.fake_vllm_replies import Reply


def post(server: FakeVLLM, body: dict[str, Any]) -> tuple[int, str]:
    url = urlsplit(server.base_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port)
    connection.request("POST", "/v1/chat/completions", json.dumps(body))
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, text


REQUEST = {"model": DEFAULT_MODEL, "messages": [{"role": "user", "content": "hi"}]}


def test_stream_interleaves_choices_and_ends_with_done() -> None:
    with FakeVLLM(replies=Reply("a b", "c")) as server:
        status, text = post(server, {**REQUEST, "stream": True, "n": 2})
    events = [line.removeprefix("data: ") for line in text.split("\n\n") if line]
    assert status == 200 and events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    choices = [c["choices"][0] for c in chunks]
    assert [c["index"] for c in choices[:4]] == [0, 1, 0, 1]
    assert choices[0]["delta"] == {"role": "assistant", "content": ""}
    assert [c["delta"].get("reasoning") for c in choices[2:6]] == ["a", "a", " b", " b"]
    assert [c["finish_reason"] for c in choices[-2:]] == ["stop", "stop"]


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ("reasoning", {"role": "assistant", "content": " c", "reasoning": "a b"}),
        ("reasoning_content", {"role": "assistant", "content": " c", "reasoning_content": "a b"}),
        ("inline", {"role": "assistant", "content": "a b</think> c"}),
        ("inline-open", {"role": "assistant", "content": "<think>\na b</think> c"}),
    ],
    ids=["reasoning", "reasoning_content", "inline", "inline-open"],
)
def test_non_streamed_bodies_per_layout(layout: str, message: dict[str, str]) -> None:
    with FakeVLLM(layout=layout, replies=Reply("a b", " c")) as server:  # type: ignore[arg-type]
        status, text = post(server, REQUEST)
    (choice,) = json.loads(text)["choices"]
    assert status == 200 and choice["message"] == message and choice["finish_reason"] == "stop"


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({**REQUEST, "model": "nope"}, 404, "NotFoundError"),
        ({**REQUEST, "max_tokens": 10**6}, 400, "BadRequestError"),
        ({**REQUEST, "n": 2, "temperature": 0}, 400, "BadRequestError"),
    ],
    ids=["unknown-model", "context", "greedy-n"],
)
def test_error_bodies_follow_vllm(body: dict[str, Any], status: int, kind: str) -> None:
    with FakeVLLM(max_model_len=4096) as server:
        got, text = post(server, body)
    error = json.loads(text)["error"]
    assert got == status and error["type"] == kind and error["code"] == status
    assert set(error) == {"message", "type", "param", "code"}


def test_length_cut_at_max_tokens() -> None:
    with FakeVLLM(replies=Reply("one two three four", "five")) as server:
        _, text = post(server, {**REQUEST, "max_tokens": 2})
    (choice,) = json.loads(text)["choices"]
    assert choice["finish_reason"] == "length" and choice["message"]["reasoning"] == "one two"
    assert choice["message"]["content"] is None


def test_replay_flag_serves_recorded_r1_replies_to_mathlsp_solve() -> None:
    """`--replay FILE`: the recorded reply for the prompt's problem, thinking inline; the
    solver checks it with SymPy (a process each, as a user runs them)."""
    root = Path(__file__).resolve().parents[2]
    data = root / "tests" / "support" / "data" / "r1_replay.jsonl"
    problem = json.loads(data.read_text(encoding="utf-8").splitlines()[0])["problem"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "tests.support.fake_vllm", "--port", "0"]
    fake = subprocess.Popen(
        [*command, "--layout", "inline", "--replay", str(data)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert fake.stdout is not None
        ready = fake.stdout.readline().split()
        assert ready[0] == "READY"
        done = subprocess.run(
            [sys.executable, "-m", "mathlsp", "solve", problem, "--format", "json"],
            env={**env, "MATHLSP_BASE_URL": ready[1]},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        fake.terminate()
        fake.wait(timeout=10)
        if fake.stdout is not None:
            fake.stdout.close()
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["answer"], out["sympy"], out["computed"]) == (
        "\\dfrac{14}{3}",
        "confirms",
        "\\frac{14}{3}",
    )
    assert out["reasoning"].startswith("Okay, so I have this math problem")
