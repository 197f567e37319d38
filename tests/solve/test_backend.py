"""resolve_backend's order (DESIGN, "Backend") and reading context-length errors."""

from __future__ import annotations

import pytest
from mathlsp.settings import Settings
from mathlsp.solve import resolve_backend
from mathlsp.solve.backend import PLACEHOLDER_KEY, context_room

ORDER = [
    ("settings-first", "http://a/v1", {"MATHLSP_BASE_URL": "http://b/v1"}, "http://a/v1"),
    (
        "mathlsp-env",
        None,
        {"MATHLSP_BASE_URL": "http://b/v1/", "OPENAI_BASE_URL": "http://c/v1"},
        "http://b/v1",
    ),
    (
        "openai-env",
        None,
        {"MATHLSP_BASE_URL": " ", "OPENAI_BASE_URL": "http://c/v1"},
        "http://c/v1",
    ),
    ("default", None, {}, "http://localhost:8000/v1"),
]


@pytest.mark.parametrize(
    ("url", "env", "expected"), [o[1:] for o in ORDER], ids=[o[0] for o in ORDER]
)
def test_base_url_order(
    monkeypatch: pytest.MonkeyPatch, url: str | None, env: dict[str, str], expected: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert resolve_backend(Settings(backend_url=url))[0] == expected


def test_api_key_from_the_environment_else_a_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_backend(Settings())[1] == PLACEHOLDER_KEY
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert resolve_backend(Settings())[1] == "sk-test"


MESSAGES = [
    (
        "vllm",
        "'max_tokens' or 'max_completion_tokens' is too large: 32768. This model's maximum "
        "context length is 4096 tokens and your request has 40 input tokens (32768 > 4096 - 40).",
        (4096, 4056),
    ),
    (
        "vllm-old",
        "This model's maximum context length is 4096 tokens. However, you requested 32808 "
        "tokens (40 in the messages, 32768 in the completion).",
        (4096, 4056),
    ),
    ("llama-cpp", "Requested tokens (600) exceed context window of 512", (512, -88)),
    ("other", "something else went wrong", None),
]


@pytest.mark.parametrize(
    ("message", "expected"), [m[1:] for m in MESSAGES], ids=[m[0] for m in MESSAGES]
)
def test_context_room(message: str, expected: tuple[int, int] | None) -> None:
    assert context_room(message) == expected
