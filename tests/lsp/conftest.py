"""Fixtures: a fake vLLM backend and a ``mathlsp serve`` session per recorded client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from tests.lsp.session import CLIENTS, Session, start_session
from tests.support.fake_vllm import FakeVLLM


@pytest.fixture(params=CLIENTS)
def client_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def backend() -> Iterator[FakeVLLM]:
    # A little delay per token: solves take long enough to type or cancel during them.
    with FakeVLLM(answer="2", token_delay=0.01) as server:
        yield server


@pytest_asyncio.fixture
async def session(client_name: str, backend: FakeVLLM) -> AsyncIterator[Session]:
    started = await start_session(client_name, env={"MATHLSP_BASE_URL": backend.base_url})
    try:
        yield started
    finally:
        await started.shutdown()
