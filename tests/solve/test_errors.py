"""Backend failures become BackendError messages a user can act on; cancellation closes."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest
from mathlsp.solve import BackendError, SolveCancelled, solve

from tests.solve.conftest import settings_for
from tests.support.fake_vllm import FakeVLLM, Fault
from tests.support.fake_vllm_replies import Reply

PROBLEM = "Compute $2+2$."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def expect_error(server: FakeVLLM, *needles: str, **changes: object) -> str:
    with pytest.raises(BackendError) as caught:
        await solve(PROBLEM, settings_for(server, **changes))
    message = str(caught.value)
    for needle in needles:
        assert needle in message
    return message


async def test_unreachable_server_names_the_url_and_how_to_set_it(server: FakeVLLM) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    await expect_error(server, url, "cannot reach", "MATHLSP_BASE_URL", backend_url=url)


async def test_unknown_model_lists_the_served_ones() -> None:
    with FakeVLLM(models=["served/one", "served/two"]) as server:
        await expect_error(
            server,
            "`DeepSeek-R1-Distill-Qwen-1.5B`",
            "served/one, served/two",
            "mathlsp.model",
            model="DeepSeek-R1-Distill-Qwen-1.5B",
        )


async def test_a_wrong_base_url_path_says_so(server: FakeVLLM) -> None:
    url = server.base_url.removesuffix("/v1")
    await expect_error(server, "404", "/v1", backend_url=url)


async def test_a_small_context_retries_once_with_what_fits_and_says_so() -> None:
    with FakeVLLM(max_model_len=4096) as server:
        result = await solve(PROBLEM, settings_for(server))
        sent = [r.body["max_tokens"] for r in server.chat_requests()]
    assert sent[0] == 32768 and 0 < sent[1] < 4096 and len(sent) == 2
    assert result.answer == "\\frac{1}{3}"
    assert f"context is 4096 tokens, so max_tokens was lowered from 32768 to {sent[1]}" in (
        result.note
    )


async def test_a_problem_that_fills_the_context_is_an_error() -> None:
    with FakeVLLM(max_model_len=12) as server:
        await expect_error(server, "context", "--max-model-len")
        assert len(server.chat_requests()) == 1


@pytest.mark.parametrize(
    ("fault", "needles"),
    [
        (Fault("status", status=500), ("HTTP 500", "engine died", "server's log")),
        (Fault("status", status=503, message="busy"), ("HTTP 503", "busy")),
        (Fault("drop", after_tokens=5), ("broke in the middle of the reply",)),
        (Fault("error-event", after_tokens=5), ("error while generating", "engine died")),
    ],
    ids=["500", "503", "dropped-mid-stream", "error-event"],
)
async def test_server_failures(server: FakeVLLM, fault: Fault, needles: tuple[str, ...]) -> None:
    server.inject(fault)
    await expect_error(server, server.base_url, *needles)
    assert len(server.chat_requests()) == 1  # never resubmitted


async def test_a_server_that_ignores_n_gives_what_it_sent() -> None:
    with FakeVLLM(ignore_n=True) as server:
        result = await solve(PROBLEM, settings_for(server, samples=3))
    assert (result.answer, result.agreement, len(result.samples)) == ("\\frac{1}{3}", 1, 1)
    assert "the server sent 1 of 3 samples (it ignores n)" in result.note


async def test_a_stream_that_ends_without_finishing_is_an_error(server: FakeVLLM) -> None:
    server.inject(Fault("truncate", after_tokens=5))
    await expect_error(server, "ended before the reply was complete")


async def test_a_silent_server_times_out(server: FakeVLLM) -> None:
    server.inject(Fault("hang", seconds=5))
    started = time.monotonic()
    await expect_error(server, "did not", "mathlsp.requestTimeout", request_timeout=0.5)
    assert time.monotonic() - started < 4.5  # the hang lasts 5 s: the client gave up first


@pytest.mark.parametrize("how", ["event", "task"])
async def test_cancelling_closes_the_stream_at_once(server: FakeVLLM, how: str) -> None:
    server.token_delay = 0.05
    server.replies = Reply("think " * 200, "\\boxed{1}")
    cancel = asyncio.Event()
    task = asyncio.create_task(solve(PROBLEM, settings_for(server), cancel=cancel))
    assert await asyncio.to_thread(
        server.wait_until, lambda: any(r.tokens_sent >= 3 for r in server.chat_requests())
    )
    started = time.monotonic()
    if how == "event":
        cancel.set()
        with pytest.raises(SolveCancelled):
            await task
    else:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert time.monotonic() - started < 5.0  # the whole reply would stream for 10 s
    (request,) = server.chat_requests()
    assert await asyncio.to_thread(server.wait_until, lambda: request.aborted, 2.0)
    assert not request.completed and request.tokens_sent < 100


async def test_a_failing_callback_is_not_blamed_on_the_backend(server: FakeVLLM) -> None:
    server.token_delay = 0.01
    server.replies = Reply("think " * 200, "\\boxed{1}")

    def broken(index: int, kind: str, text: str) -> None:
        raise BrokenPipeError("reader went away")

    with pytest.raises(BrokenPipeError):
        await solve(PROBLEM, settings_for(server), on_text=broken)
    (request,) = server.chat_requests()
    assert await asyncio.to_thread(server.wait_until, lambda: request.aborted, 2.0)


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ('{"id": "chatcmpl-1", "choices": [{"index": 0, "delta": {"content": "x"', "not JSON"),
        ("42", "holds int"),
        ('{"id": "c", "object": "chat.completion.chunk", "choices": "abc"}', "not a list"),
        (
            '{"id": "c", "choices": [{"index": 0, "delta": {"content": {"a": 1}}}]}',
            "content is dict",
        ),
    ],
    ids=["not-json", "a-number", "choices-not-a-list", "content-not-text"],
)
async def test_a_malformed_event_is_a_named_backend_error(
    server: FakeVLLM, payload: str, needle: str
) -> None:
    server.inject(Fault("malformed", after_tokens=3, payload=payload))
    message = await expect_error(server, server.base_url, "not OpenAI-compatible", needle)
    assert "Traceback" not in message
    (request,) = server.chat_requests()
    assert await asyncio.to_thread(server.wait_until, lambda: request.ended_at is not None, 5.0)


async def test_a_stall_mid_stream_ends_the_solve_after_the_stall_timeout(
    server: FakeVLLM,
) -> None:
    server.inject(Fault("stall", after_tokens=5, seconds=20))
    started = time.monotonic()
    await expect_error(server, "sent nothing for 0.5 s", "mathlsp.stallTimeout", stall_timeout=0.5)
    assert time.monotonic() - started < 10  # not the 20 s stall, nor the request timeout
    (request,) = server.chat_requests()
    assert await asyncio.to_thread(server.wait_until, lambda: request.aborted, 5.0)
    assert request.tokens_sent == 5


@pytest.mark.parametrize(
    "fault",
    [
        Fault("stall", after_tokens=0, seconds=1.5),  # queued: headers sent, no chunk yet
        Fault("stall", after_tokens=5, seconds=1.5, keepalive=0.1),  # comments keep it alive
    ],
    ids=["before-the-first-chunk", "keep-alive-comments"],
)
async def test_silence_that_is_not_a_stall_is_waited_for(server: FakeVLLM, fault: Fault) -> None:
    server.inject(fault)
    result = await solve(PROBLEM, settings_for(server, stall_timeout=0.5))
    assert result.answer == "\\frac{1}{3}"
    assert server.chat_requests()[0].completed


async def test_a_stall_timeout_of_zero_never_stops_a_reply(server: FakeVLLM) -> None:
    server.inject(Fault("stall", after_tokens=5, seconds=1.0))
    result = await solve(PROBLEM, settings_for(server, stall_timeout=0))
    assert result.answer == "\\frac{1}{3}"


async def test_an_error_body_that_echoes_the_key_is_redacted(
    server: FakeVLLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "sk-live-5up3r53cr3tK3yV4lu3"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    server.inject(Fault("status", status=401, message=f"Incorrect API key provided: {key}."))
    message = await expect_error(server, "refused the API key", "[redacted]")
    assert key not in message and key[:12] not in message
    headers = {k.lower(): v for k, v in server.chat_requests()[0].headers.items()}
    assert headers["authorization"] == f"Bearer {key}"  # still sent, to the backend only


async def test_a_password_in_the_base_url_is_never_shown(server: FakeVLLM) -> None:
    url = server.base_url.replace("http://", "http://me:hunter2hunter2@")
    server.inject(Fault("status", status=500))
    message = await expect_error(server, "HTTP 500", backend_url=url)
    assert "hunter2hunter2" not in message and "me:[redacted]@" in message
