"""Where the backend is, how to talk to it, and what to tell the user when it fails.

Resolution order (DESIGN, "Backend"): base URL from settings, ``MATHLSP_BASE_URL``,
``OPENAI_BASE_URL``, then ``http://localhost:8000/v1``; model from settings, else the first id
of ``GET /v1/models``; API key from ``OPENAI_API_KEY``, else a placeholder (vLLM ignores it).
Every ``openai`` exception becomes a ``BackendError`` whose text says what to do.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from typing import TYPE_CHECKING, Any, cast

from mathlsp.check.engine.sandbox import environ_value
from mathlsp.settings import Settings
from mathlsp.solve.types import BackendError

if TYPE_CHECKING:
    from openai import AsyncOpenAI

DEFAULT_BASE_URL = "http://localhost:8000/v1"
PLACEHOLDER_KEY = "EMPTY"
CONNECT_TIMEOUT = 10.0
HOW_TO_SET = "set mathlsp.backendUrl, MATHLSP_BASE_URL or --base-url"

# vLLM >= 0.6: "... maximum context length is 4096 tokens and your request has 20 input tokens"
_CONTEXT_NEW = re.compile(
    r"maximum context length is (\d+) tokens and your request has (\d+) input"
)
# older vLLM / OpenAI: "... is 4096 tokens. However, you requested 32800 tokens (32 in the messages"
_CONTEXT_OLD = re.compile(r"maximum context length is (\d+) tokens.*?\((\d+) in the messages", re.S)
# llama.cpp: "Requested tokens (5000) exceed context window of 4096"
_CONTEXT_LLAMA = re.compile(r"Requested tokens \((\d+)\) exceed context window of (\d+)")
_CONTEXT_HINTS = ("maximum context length", "context window", "context length")


def resolve_backend(settings: Settings) -> tuple[str, str]:
    """(base_url, api_key) from the settings, then the environment, then the defaults."""
    candidates = (
        settings.backend_url,
        environ_value("MATHLSP_BASE_URL"),
        environ_value("OPENAI_BASE_URL"),
    )
    url = next((c.strip() for c in candidates if c and c.strip()), DEFAULT_BASE_URL)
    key = (environ_value("OPENAI_API_KEY") or "").strip() or PLACEHOLDER_KEY
    return url.rstrip("/"), key


def make_client(base_url: str, api_key: str, timeout: float) -> AsyncOpenAI:
    """A client that never resubmits a generation and waits at most ``timeout`` per read.

    Clients and their HTTP connection pools are kept per event loop (never closed by a
    solve): building one costs ~0.1 s of TLS certificate loading a solve should not pay."""
    from openai import AsyncOpenAI, Timeout

    cache = _CLIENTS.setdefault(asyncio.get_running_loop(), {})
    key = (base_url, api_key, timeout)
    if key not in cache:
        cache[key] = AsyncOpenAI(
            base_url=base_url,
            api_key=api_key,
            timeout=Timeout(timeout, connect=min(CONNECT_TIMEOUT, timeout)),
            max_retries=0,
            http_client=_http_client(cache, base_url.lower().startswith("http://")),
        )
    return cast("AsyncOpenAI", cache[key])


_CLIENTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Any, Any]] = (
    weakref.WeakKeyDictionary()
)


def _http_client(cache: dict[Any, Any], plain: bool) -> Any:
    """The loop's shared ``httpx`` client. For plain ``http://`` (a local vLLM) no TLS context
    is built at all; redirects are never followed, so a request cannot move to an unverified
    ``https://`` URL."""
    from openai import DefaultAsyncHttpxClient

    key = ("http", plain)
    if key not in cache:
        if plain:
            cache[key] = DefaultAsyncHttpxClient(follow_redirects=False, verify=False)
        else:
            cache[key] = DefaultAsyncHttpxClient(follow_redirects=False)
    return cache[key]


async def served_models(client: AsyncOpenAI, base_url: str) -> list[str]:
    """The ids ``GET /v1/models`` lists, in order."""
    try:
        page = await client.models.list()
    except Exception as error:
        raise describe(error, base_url, None) from None
    return [model.id for model in page.data]


async def pick_model(client: AsyncOpenAI, base_url: str, settings: Settings) -> str:
    if settings.model:
        return settings.model
    models = await served_models(client, base_url)
    if not models:
        raise BackendError(f"the server at {base_url} lists no models; set mathlsp.model")
    return models[0]


def context_room(message: str) -> tuple[int, int] | None:
    """(context length, tokens left for the reply) from a context-length error message."""
    if match := _CONTEXT_NEW.search(message):
        context, prompt = int(match[1]), int(match[2])
    elif match := _CONTEXT_OLD.search(message):
        context, prompt = int(match[1]), int(match[2])
    elif match := _CONTEXT_LLAMA.search(message):
        prompt, context = int(match[1]), int(match[2])
    else:
        return None
    return context, context - prompt


def is_context_error(error: Exception) -> bool:
    from openai import BadRequestError

    text = _message(error).lower()
    return isinstance(error, BadRequestError) and any(h in text for h in _CONTEXT_HINTS)


def context_error(message: str, max_tokens: int) -> BackendError:
    room = context_room(message)
    if room is not None and room[1] <= 0:
        return BackendError(
            f"the problem alone fills the server's context of {room[0]} tokens; shorten it or "
            "start vLLM with a larger --max-model-len"
        )
    return BackendError(
        f"the request does not fit the server's context ({_message_text(message)}); lower "
        f"mathlsp.maxTokens (now {max_tokens}) or start vLLM with a larger --max-model-len"
    )


def _message_text(message: str) -> str:
    return message.strip().rstrip(".")


def _message(error: BaseException) -> str:
    """The server's own message from an ``openai`` error body, else the exception text."""
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(body.get("detail"), str):
            return str(body["detail"])
    return str(getattr(error, "message", None) or error)


def describe(
    error: BaseException, base_url: str, model: str | None, *, streaming: bool = False
) -> BackendError:
    """A user-facing ``BackendError`` for an exception from the ``openai`` client."""
    import openai

    text = _message_text(_message(error))
    if isinstance(error, openai.APITimeoutError | TimeoutError):
        return BackendError(
            f"the backend at {base_url} did not answer in time; check that it is running and "
            "not overloaded, or raise mathlsp.requestTimeout"
        )
    if isinstance(error, openai.APIConnectionError):
        if streaming:
            return BackendError(
                f"the connection to {base_url} broke in the middle of the reply; check the "
                "server's log and try again"
            )
        return BackendError(
            f"cannot reach the backend at {base_url}: is vLLM running there? Start it with "
            "`vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B`, or " + HOW_TO_SET
        )
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        return BackendError(
            f"the backend at {base_url} refused the API key ({text}); set OPENAI_API_KEY"
        )
    if isinstance(error, openai.APIStatusError):
        code = error.status_code
        if code >= 500:
            return BackendError(
                f"the backend at {base_url} failed (HTTP {code}: {text}); check the server's log"
            )
        if code == 404 and model is None:
            return BackendError(
                f"{base_url} answered 404 ({text}): is it an OpenAI-compatible server? The "
                f"base URL usually ends in /v1; {HOW_TO_SET}"
            )
        return BackendError(f"the backend at {base_url} rejected the request (HTTP {code}: {text})")
    if isinstance(error, openai.APIError):
        return BackendError(f"the backend at {base_url} reported an error while generating: {text}")
    return BackendError(
        f"talking to the backend at {base_url} failed: {type(error).__name__}: {text}"
    )
