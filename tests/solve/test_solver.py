"""solve() with the real openai client against the fake vLLM server over HTTP."""

from __future__ import annotations

import pytest
from mathlsp.settings import DEFAULT_PROMPT
from mathlsp.solve import Progress, solve

from tests.solve.conftest import settings_for
from tests.support.fake_vllm import DEFAULT_MODEL, FakeVLLM
from tests.support.fake_vllm_replies import Reply

PROBLEM = "What is $\\frac{1}{2} - \\frac{1}{6}$?"


@pytest.mark.parametrize("layout", ["reasoning", "reasoning_content", "inline", "inline-open"])
async def test_every_reasoning_layout_gives_the_answer_after_the_thinking(layout: str) -> None:
    reply = Reply("Maybe \\boxed{7}? No: 1/2 - 1/6 = 2/6.", "So $\\boxed{\\frac{1}{3}}$.")
    with FakeVLLM(layout=layout, replies=reply) as server:  # type: ignore[arg-type]
        result = await solve(PROBLEM, settings_for(server))
    assert result.answer == "\\frac{1}{3}"
    assert result.reasoning == "Maybe \\boxed{7}? No: 1/2 - 1/6 = 2/6."
    assert result.solution == "So $\\boxed{\\frac{1}{3}}$."
    assert (result.agreement, result.truncated, result.note) == (1, False, "")
    assert result.model == DEFAULT_MODEL


async def test_the_request_follows_deepseeks_practice(server: FakeVLLM) -> None:
    await solve("求 $1+1$。", settings_for(server, samples=3, max_tokens=2048))
    (request,) = server.chat_requests()
    body = request.body
    assert body["messages"] == [
        {"role": "user", "content": DEFAULT_PROMPT.format(problem="求 $1+1$。")}
    ]
    assert (
        "Please reason step by step, and put your final answer within \\boxed{}."
        in (body["messages"][0]["content"])
    )
    keys = ("model", "temperature", "top_p", "n", "max_tokens", "stream", "stream_options")
    picked = {k: body.get(k) for k in keys}
    assert picked == {
        "model": DEFAULT_MODEL,
        "temperature": 0.6,
        "top_p": 0.95,
        "n": 3,
        "max_tokens": 2048,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    assert [r.path for r in server.requests] == ["/v1/models", "/v1/chat/completions"]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Solve: {problem}", "Solve: 2+2?"),
        ("Put it in \\boxed{}.\n{problem}", "Put it in \\boxed{}.\n2+2?"),
    ],
    ids=["format", "literal-braces"],
)
async def test_the_prompt_template_is_used(server: FakeVLLM, template: str, expected: str) -> None:
    await solve(" 2+2? ", settings_for(server, prompt_template=template))
    assert server.chat_requests()[0].body["messages"] == [{"role": "user", "content": expected}]


async def test_a_configured_model_skips_the_model_list(server: FakeVLLM) -> None:
    await solve(PROBLEM, settings_for(server, model=DEFAULT_MODEL))
    assert [r.path for r in server.requests] == ["/v1/chat/completions"]


def boxed(answer: str) -> Reply:
    return Reply(f"thinking about {answer}", f"The answer is $\\boxed{{{answer}}}$.")


VOTES = [
    (["\\dfrac{3}{10}", "0.7", "0.3", "\\frac{6}{20}", "0.7"], "\\dfrac{3}{10}", 3),
    (["2", "3", "3", "2", "5"], "2", 2),  # tie: the group seen first wins
    (["x", "\\sqrt{4}", "2", "2.0", "x"], "\\sqrt{4}", 3),
]


@pytest.mark.parametrize(
    ("answers", "winner", "agreement"), VOTES, ids=["spellings", "tie", "sqrt"]
)
async def test_five_samples_vote_by_equivalence(
    answers: list[str], winner: str, agreement: int
) -> None:
    with FakeVLLM(replies=[boxed(a) for a in answers]) as server:
        result = await solve(PROBLEM, settings_for(server, samples=5))
    assert (result.answer, result.agreement) == (winner, agreement)
    assert [s.answer for s in result.samples] == answers
    assert result.reasoning == f"thinking about {winner}"
    assert len(server.chat_requests()) == 1


@pytest.mark.parametrize("layout", ["reasoning", "inline"])
async def test_a_reply_cut_off_in_its_thinking_has_no_answer(layout: str) -> None:
    reply = Reply("I guess \\boxed{5} but let me check this more and more " * 5, "\\boxed{6}")
    with FakeVLLM(layout=layout, replies=reply) as server:  # type: ignore[arg-type]
        result = await solve(PROBLEM, settings_for(server, max_tokens=20))
    assert result.answer is None and result.agreement == 0
    assert result.truncated
    assert result.samples[0].finish_reason == "length"
    assert "cut off by max_tokens (20) before an answer" in result.note


SILENT_CUTS = [
    (1, True, "the reply was cut off after"),
    (2, True, "2 of 2 replies were cut off before an answer, below max_tokens (32768)"),
    (1, False, "far below max_tokens (32768)"),
]


@pytest.mark.parametrize(
    ("samples", "usage", "expected"), SILENT_CUTS, ids=["one", "two", "no-usage-count"]
)
async def test_a_server_that_cuts_silently_is_named_as_the_cause(
    samples: int, usage: bool, expected: str
) -> None:
    reply = Reply("and so on " * 100, "\\boxed{1}")
    with FakeVLLM(
        replies=reply, max_model_len=100, clip_max_tokens=True, send_usage=usage
    ) as server:
        result = await solve(PROBLEM, settings_for(server, samples=samples))
    assert result.answer is None and result.truncated
    assert 50 < result.samples[0].tokens < 100
    assert expected in result.note and "context" in result.note


async def test_truncated_samples_do_not_vote(server: FakeVLLM) -> None:
    server.replies = lambda prompt, index: boxed("4") if index else Reply("x " * 100, "")
    result = await solve(PROBLEM, settings_for(server, samples=2, max_tokens=60))
    assert (result.answer, result.agreement, result.truncated) == ("4", 1, True)
    assert "1 of 2 replies were cut off" in result.note


async def test_progress_goes_through_the_phases(server: FakeVLLM) -> None:
    seen: list[Progress] = []
    await solve(PROBLEM, settings_for(server, samples=2), on_progress=seen.append)
    phases = [p.phase for p in seen]
    assert phases[0] == "connecting" and phases[-1] == "done"
    assert phases.index("thinking") < phases.index("answering")
    assert seen[-1].tokens > 10 and seen[-1].samples == 2
    assert [p.tokens for p in seen] == sorted(p.tokens for p in seen)


async def test_on_text_streams_reasoning_then_solution(server: FakeVLLM) -> None:
    server.layout = "inline"
    pieces: list[tuple[int, str, str]] = []
    result = await solve(PROBLEM, settings_for(server), on_text=lambda *p: pieces.append(p))
    reasoning = "".join(t for _, k, t in pieces if k == "reasoning")
    solution = "".join(t for _, k, t in pieces if k == "solution")
    assert reasoning.strip() == result.reasoning
    assert solution.strip() == result.solution
