"""Fixtures: a fake vLLM server per test and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mathlsp.settings import Settings

from tests.support.fake_vllm import FakeVLLM


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MATHLSP_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[FakeVLLM]:
    with FakeVLLM() as fake:
        yield fake


def settings_for(server: FakeVLLM, **changes: object) -> Settings:
    values: dict[str, object] = {"backend_url": server.base_url, "request_timeout": 10.0}
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]
