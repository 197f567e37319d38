"""Fixtures shared by the editor tests: the fake OpenAI-compatible backend as a process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.editors.common import ANSWER, ROOT


@pytest.fixture(scope="module")
def fake_backend() -> Iterator[str]:
    """``python -m tests.support.fake_vllm``: yields its base URL; answers ``ANSWER``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_vllm", "--port", "0", "--answer", ANSWER],
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
