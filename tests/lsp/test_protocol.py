"""The JSON-RPC edge a careless or hostile client reaches: every request is answered, the
lifecycle is the spec's (``shutdown`` then ``exit`` 0; ``exit`` alone 1; nothing after
``shutdown`` but errors), and a shutdown during a solve is clean."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from tests.lsp.raw import RawServer
from tests.support.fake_vllm import FakeVLLM

URI = "file:///tmp/mathlsp-tests/protocol.md"
TEXT = "Problem 1. Solve $x + 1 = 3$.\n\nClearly $1 + 1 = 2$.\n"


@pytest_asyncio.fixture
async def raw() -> AsyncIterator[RawServer]:
    server = await RawServer().start()
    try:
        await server.initialize()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": TEXT}},
        )
        yield server
    finally:
        await server.close()


def _hover(position: Any) -> dict[str, Any]:
    return {"textDocument": {"uri": URI}, "position": position}


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "params",
    [
        _hover({"line": -1, "character": 0}),
        _hover({"line": 2**31, "character": 0}),
        _hover("line 1"),
        None,
        {"textDocument": None, "position": {"line": 0, "character": 0}},
    ],
    ids=["line-minus-one", "line-2^31", "string-position", "null", "null-doc"],
)
async def test_invalid_params_are_answered_invalid_params(raw: RawServer, params: Any) -> None:
    answer = await raw.request("textDocument/hover", params, timeout=30)
    assert answer["error"]["code"] == -32602, answer
    # ... and the server still serves.
    ok = await raw.request("textDocument/hover", _hover({"line": 0, "character": 20}))
    assert "result" in ok, ok


async def test_a_request_nested_too_deep_is_answered(raw: RawServer) -> None:
    depth = 100_000
    body = (
        '{"jsonrpc": "2.0", "id": "deep", "method": "textDocument/hover", "params": '
        + _deep(depth)
        + "}"
    )
    raw.send_bytes(body.encode())
    answer = await raw.answer("deep", timeout=30)
    assert answer["error"]["code"] == -32602, answer
    not_json = b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {'
    raw.send_bytes(not_json)
    assert (await raw.answer(7, timeout=30))["error"]["code"] == -32602
    raw.send_bytes(b"\xff not json at all")
    assert (await raw.answer(None, timeout=30))["error"]["code"] == -32700
    ok = await raw.request("textDocument/hover", _hover({"line": 0, "character": 20}))
    assert "result" in ok, ok


async def test_requests_after_shutdown_are_invalid_and_exit_is_zero(raw: RawServer) -> None:
    assert (await raw.request("shutdown", None, msg_id="down"))["result"] is None
    answer = await raw.request("textDocument/hover", _hover({"line": 0, "character": 20}))
    assert answer["error"]["code"] == -32600, answer
    raw.notify("exit")
    assert await raw.wait_exit(close_stdin=False) == 0


async def test_exit_without_shutdown_exits_one(raw: RawServer) -> None:
    await raw.request("textDocument/hover", _hover({"line": 0, "character": 20}))
    raw.notify("exit")
    assert await raw.wait_exit(close_stdin=False) == 1


async def test_shutdown_during_a_solve_is_clean() -> None:
    with FakeVLLM(answer="2", token_delay=0.05) as backend:
        server = await RawServer().start(env={"MATHLSP_BASE_URL": backend.base_url})
        try:
            await server.initialize()
            server.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": URI,
                        "languageId": "markdown",
                        "version": 1,
                        "text": TEXT,
                    }
                },
            )
            argument = {"uri": URI, "position": {"line": 0, "character": 3}}
            server.send(
                {
                    "jsonrpc": "2.0",
                    "id": "solve",
                    "method": "workspace/executeCommand",
                    "params": {"command": "mathlsp.solve", "arguments": [argument]},
                }
            )
            assert await asyncio.to_thread(
                backend.wait_until,
                lambda: any(r.tokens_sent > 3 for r in backend.chat_requests()),
                30,
            )
            down = await server.request("shutdown", None, msg_id="down")
            assert down.get("result", "missing") is None, down
            solve = await server.answer("solve", timeout=30)
            assert "error" not in solve or solve["error"]["code"] != -32603, solve
            server.notify("exit")
            assert await server.wait_exit(close_stdin=False) == 0
        finally:
            await server.close()
    assert b"I/O operation on closed file" not in server.stderr
    assert b"dictionary changed size" not in server.stderr
    assert b"Traceback" not in server.stderr, server.stderr.decode(errors="replace")[-3000:]
