"""Property test of the protocol edge: random valid and invalid messages against one real
``mathlsp serve``; every request with an id is answered, and the server stays up and keeps
answering a plain hover. ``make test`` runs a few examples; ``make fuzz`` runs many
(``MATHLSP_FUZZ_EXAMPLES``)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lsp.raw import RawServer

EXAMPLES = int(os.environ.get("MATHLSP_FUZZ_EXAMPLES", "25"))
URI = "file:///tmp/mathlsp-fuzz/doc.md"
TEXT = "Problem 1. Solve $x + 1 = 3$.\n\nClearly $1 + 1 = 2$ and $2 + 2 = 5$.\n"
METHODS = [
    "textDocument/hover",
    "textDocument/codeAction",
    "textDocument/codeLens",
    "textDocument/diagnostic",
    "workspace/executeCommand",
    "mathlsp/stats",
    "mathlsp/settings",
    "textDocument/completion",
    "no/such/method",
    "",
]
NOTIFICATIONS = [
    "textDocument/didChange",
    "textDocument/didSave",
    "workspace/didChangeConfiguration",
    "$/cancelRequest",
    "$/setTrace",
    "no/such/notification",
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
numbers = st.one_of(
    st.integers(-3, 40), st.integers(-(2**33), 2**33), st.text(max_size=3), st.none()
)
positions = st.fixed_dictionaries({"line": numbers, "character": numbers}) | json_values
documents = st.fixed_dictionaries({"uri": st.sampled_from([URI, "file:///nowhere.md", ""])})
shaped = st.fixed_dictionaries(
    {
        "textDocument": documents | json_values,
        "position": positions,
        "range": st.fixed_dictionaries({"start": positions, "end": positions}) | json_values,
        "context": st.fixed_dictionaries({"diagnostics": st.just([])}) | json_values,
        "command": st.sampled_from(["mathlsp.cancelSolve", "nope"]) | st.text(max_size=5),
        "contentChanges": st.lists(
            st.fixed_dictionaries({"text": st.text(max_size=30)})
            | st.fixed_dictionaries(
                {
                    "range": st.fixed_dictionaries({"start": positions, "end": positions}),
                    "text": st.text(max_size=10),
                }
            ),
            max_size=2,
        ),
    }
)
params = st.one_of(st.none(), json_values, shaped)
ids = st.one_of(st.integers(0, 2**31), st.text(min_size=1, max_size=8))
requests = st.builds(
    lambda method, params, msg_id: {
        "jsonrpc": "2.0",
        "id": msg_id,
        "method": method,
        "params": params,
    },
    st.sampled_from(METHODS) | st.text(max_size=10),
    params,
    ids,
)
notifications = st.builds(
    lambda method, params: {"jsonrpc": "2.0", "method": method, "params": params},
    st.sampled_from(NOTIFICATIONS),
    params,
)
garbage = st.one_of(
    st.binary(max_size=40),
    st.builds(lambda depth: ("[" * depth + "]" * depth).encode(), st.integers(1000, 50_000)),
    st.tuples(st.just("deep"), st.integers(2000, 20_000)),  # a request nested too deeply
)
messages = st.lists(st.one_of(requests, notifications, garbage), min_size=1, max_size=6)


class Driver:
    """One server and its own event loop, shared by every example."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = self.run(self._start())
        self.count = 0

    async def _start(self) -> RawServer:
        server = await RawServer().start()
        await server.initialize()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": TEXT}},
        )
        return server

    def run(self, work: Any) -> Any:
        return self.loop.run_until_complete(work)

    async def exchange(self, batch: list[Any]) -> None:
        waiting = []
        for item in batch:
            self.count += 1
            if isinstance(item, tuple):
                msg_id, depth = f"deep#{self.count}", item[1]
                body = (
                    f'{{"jsonrpc": "2.0", "id": "{msg_id}", "method": "textDocument/hover", '
                    f'"params": {"[" * depth + "]" * depth}}}'
                )
                self.server.send_bytes(body.encode())
                waiting.append(msg_id)
                continue
            if isinstance(item, bytes):
                self.server.send_bytes(item)
                continue
            item = dict(item)
            if "id" in item:
                item["id"] = (
                    f"{item['id']}#{self.count}"
                    if isinstance(item["id"], str)
                    else item["id"] * 100_000 + self.count
                )
                waiting.append(item["id"])
            self.server.send(item)
        for msg_id in waiting:
            answer = await self.server.answer(msg_id, timeout=60)
            assert ("result" in answer) != ("error" in answer), answer
        self.count += 1
        probe = await self.server.request(
            "textDocument/hover",
            {"textDocument": {"uri": URI}, "position": {"line": 2, "character": 12}},
            msg_id=f"probe-{self.count}",
        )
        assert "result" in probe, probe
        assert self.server.process is not None and self.server.process.returncode is None

    def close(self) -> None:
        self.run(self.server.close())
        self.loop.close()


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    started = Driver()
    try:
        yield started
    finally:
        started.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=messages)
def test_every_request_is_answered_and_the_server_stays_up(
    driver: Driver, batch: list[Any]
) -> None:
    driver.run(driver.exchange(batch))
