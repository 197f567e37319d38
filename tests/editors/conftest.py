"""Fixtures shared by the editor tests: the fake OpenAI-compatible backend as a process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.editors.common import ANSWER, ROOT, SLOW_ANSWER


@contextmanager
def backend(answer: str, token_delay: float) -> Iterator[str]:
    """``python -m tests.support.fake_vllm`` answering ``answer``; yields its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_vllm", "--port", "0", "--answer", answer]
        + ["--token-delay", str(token_delay)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("READY "):
            pytest.fail(f"fake_vllm did not start: {line!r}")
        yield line.split(" ", 1)[1]
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def fake_backend() -> Iterator[str]:
    """A backend that answers ``ANSWER`` at once."""
    with backend(ANSWER, 0.0) as url:
        yield url


@pytest.fixture(scope="module")
def slow_backend() -> Iterator[str]:
    """A backend that streams ``SLOW_ANSWER`` at 0.3 s a token (a solve to cancel)."""
    with backend(SLOW_ANSWER, 0.3) as url:
        yield url
