"""Solve end to end on real model text: the fake server replays a recorded
DeepSeek-R1-Distill-Qwen-1.5B reply (long ``<think>`` part, streamed inline as the R1 distills
send it), and the inserted block carries SymPy's verdict on its answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.lsp.session import Session, start_session
from tests.support.fake_vllm import FakeVLLM
from tests.support.fake_vllm_replies import default_reply, load_replay, replay_source

REPLAY = Path(__file__).resolve().parents[1] / "support" / "data" / "r1_replay.jsonl"
URI = "file:///tmp/mathlsp-tests/replayed.md"
ROWS = load_replay(str(REPLAY))


@pytest.fixture
def backend() -> Iterator[FakeVLLM]:
    replies = replay_source(ROWS, default_reply("0"))
    with FakeVLLM(replies=replies, layout="inline") as server:
        yield server


@pytest_asyncio.fixture
async def session(client_name: str, backend: FakeVLLM) -> AsyncIterator[Session]:
    started = await start_session(
        client_name, env={"MATHLSP_BASE_URL": backend.base_url}, settings={"samples": 2}
    )
    try:
        yield started
    finally:
        await started.shutdown()


def _document(row: dict[str, str]) -> str:
    return f"# Homework\n\nProblem 1. {row['problem']}\n\nMore notes.\n"


async def _solve(session: Session) -> dict[str, object]:
    position = session.position_of(URI, "Compute")
    argument = {"uri": URI, "position": {"line": position.line, "character": position.character}}
    result = await session.execute("mathlsp.solve", argument)
    assert isinstance(result, dict)
    return result


def _block(text: str) -> list[str]:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("<!-- mathlsp:solution"))
    end = lines.index("-->", start)
    return lines[start:end]


async def test_replayed_r1_answer_confirmed_by_sympy(session: Session, backend: FakeVLLM) -> None:
    row = ROWS[0]
    assert "</think>" in row["answer"] and len(row["answer"]) > 3000  # real, long thinking
    session.open(URI, _document(row), "markdown")
    result = await _solve(session)
    assert result["status"] == "inserted", result
    assert result["sympy"] == "confirms"
    block = _block(session.text(URI))
    assert "sympy=confirms" in block[0].split() and "agree=2" in block[0].split()
    assert block[-1] == "answer: \\boxed{\\dfrac{14}{3}}"
    assert not any("Okay, so I have this math problem" in line for line in block)  # no thinking
    request = backend.chat_requests()[-1].body
    assert json.dumps(row["problem"])[1:-1] in json.dumps(request["messages"][0]["content"])


async def test_replayed_r1_answer_refuted_keeps_the_vote_and_says_what_sympy_computes(
    session: Session,
) -> None:
    session.open(URI, _document(ROWS[1]), "markdown")
    result = await _solve(session)
    assert result["status"] == "inserted", result
    assert result["sympy"] == "differs" and result["computed"] == "\\frac{11}{3}"
    block = _block(session.text(URI))
    assert 'sympy="differs:\\frac{11}{3}"' in block[0] or "sympy=differs:\\frac{11}{3}" in block[0]
    # Every sample refuted: the block still carries the vote's answer, SymPy's beside it.
    assert block[-1] == "answer: \\boxed{\\dfrac{14}{3}} (SymPy computes \\frac{11}{3} instead)"
    # The verdict is the block's, never a diagnostic on the user's text from the model's math.
    items = await session.diagnostics(URI)
    assert [d.code for d in items if d.code == "false-equation"] == []
