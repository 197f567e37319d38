"""``solve``: one streamed request with ``n = samples``, DeepSeek's prompt, then the vote.

The request follows DeepSeek's practice for the R1 distills: no system prompt, the user
message from ``prompt_template`` (which holds "Please reason step by step, and put your
final answer within \\boxed{}."), temperature 0.6, top_p 0.95. The generation runs in its own
task so a set ``cancel`` event (or cancelling the caller) closes the HTTP stream at once; vLLM
aborts a request whose client disconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mathlsp.settings import Settings
from mathlsp.solve.backend import (
    context_error,
    context_room,
    describe,
    is_context_error,
    make_client,
    pick_model,
    resolve_backend,
    served_models,
)
from mathlsp.solve.reply import Kind, ReplyBuffer
from mathlsp.solve.result import Generation, finish
from mathlsp.solve.types import (
    BackendError,
    Phase,
    Progress,
    SolveCancelled,
    SolveResult,
)

if TYPE_CHECKING:
    from openai import APIError, AsyncOpenAI
    from openai.types.chat import ChatCompletionMessageParam

ProgressCallback = Callable[[Progress], None]
TextCallback = Callable[[int, Kind, str], None]  # sample index, kind, new text
PROGRESS_INTERVAL = 0.1  # seconds between progress reports (phase changes always report)
MIN_REPLY_TOKENS = 16


class _Reporter:
    """Throttles progress: every phase change, otherwise at most every PROGRESS_INTERVAL."""

    def __init__(self, callback: ProgressCallback | None, samples: int) -> None:
        self.callback, self.samples = callback, samples
        self.tokens, self.last = 0, 0.0
        self.phase: Phase | None = None

    def report(self, phase: Phase, *, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if force or phase != self.phase or now - self.last >= PROGRESS_INTERVAL:
            self.phase, self.last = phase, now
            self.callback(Progress(phase, self.tokens, self.samples))


def _phase(buffers: list[ReplyBuffer]) -> Phase:
    """Thinking while any unfinished sample still thinks."""
    active = [b for b in buffers if b.finish_reason is None] or buffers
    return "thinking" if any(b.thinking for b in active) else "answering"


def build_messages(problem: str, settings: Settings) -> list[ChatCompletionMessageParam]:
    """DeepSeek's practice: a single user message, no system prompt.

    A user's template may hold other braces (``\\boxed{}``): then ``{problem}`` is replaced
    literally instead of failing on ``str.format``."""
    template = settings.prompt_template
    try:
        content = template.format(problem=problem.strip())
    except (IndexError, KeyError, ValueError):
        content = template.replace("{problem}", problem.strip())
    return [{"role": "user", "content": content}]


class _Stall:
    """Ends a reply that stops coming: once its first chunk has arrived, no byte for
    ``seconds`` (counted on the HTTP response, so keep-alive comments count as life). Before
    the first chunk only the request timeout applies: a queued request is silent."""

    def __init__(self, response: Any, seconds: float) -> None:
        self.response, self.seconds = response, seconds
        self.started = False  # the first chunk arrived
        self.stalled = False

    async def watch(self, deadline: asyncio.Timeout) -> None:
        loop = asyncio.get_running_loop()
        period = min(1.0, self.seconds / 4)
        seen, quiet_since = -1, loop.time()
        while True:
            await asyncio.sleep(period)
            count, now = int(self.response.num_bytes_downloaded), loop.time()
            if not self.started or count != seen:
                seen, quiet_since = count, now
            elif now - quiet_since >= self.seconds:
                self.stalled = True
                deadline.reschedule(now)  # interrupts the read in progress
                return


class _Malformed(Exception):
    """A chunk that is not what an OpenAI-compatible server sends."""


Piece = tuple[int, str | None, str | None, str | None]  # index, reasoning, content, finish


def _text_or_none(value: object, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Malformed(f"{what} is {type(value).__name__}, not text")


def read_chunk(chunk: Any) -> tuple[int | None, list[Piece]]:
    """(completion tokens when the chunk carries usage, one piece per choice), checked:
    a chunk of another shape raises ``_Malformed`` instead of failing somewhere later."""
    if chunk is None or isinstance(chunk, str | int | float | list | dict):
        raise _Malformed(f"an event holds {type(chunk).__name__}, not a chunk object")
    usage, choices = getattr(chunk, "usage", None), getattr(chunk, "choices", None)
    tokens: int | None = None
    if usage is not None:
        tokens = getattr(usage, "completion_tokens", None)
        if not isinstance(tokens, int) or isinstance(tokens, bool):
            raise _Malformed("usage.completion_tokens is not a number")
    if choices is None:
        return tokens, []
    if not isinstance(choices, list):
        raise _Malformed("choices is not a list")
    pieces: list[Piece] = []
    for choice in choices:
        index, delta = getattr(choice, "index", None), getattr(choice, "delta", None)
        if not isinstance(index, int) or isinstance(index, bool):
            raise _Malformed("a choice has no index")
        finish = _text_or_none(getattr(choice, "finish_reason", None), "finish_reason")
        if delta is None:
            pieces.append((index, None, None, finish))
            continue
        extra = getattr(delta, "model_extra", None) or {}
        if not isinstance(extra, dict):
            raise _Malformed("a delta is not an object")
        reasoning = extra.get("reasoning") or extra.get("reasoning_content")
        reasoning = _text_or_none(reasoning, "the delta's reasoning")
        content = _text_or_none(getattr(delta, "content", None), "the delta's content")
        pieces.append((index, reasoning, content, finish))
    return tokens, pieces


def malformed(base_url: str, detail: str) -> BackendError:
    return BackendError(
        f"the backend at {base_url} sent a reply that is not OpenAI-compatible streaming "
        f"({detail}); check that the base URL points at vLLM or another OpenAI-compatible "
        "server, and the server's log"
    )


async def _generate(
    client: AsyncOpenAI,
    base_url: str,
    model: str,
    problem: str,
    settings: Settings,
    max_tokens: int,
    reporter: _Reporter,
    on_text: TextCallback | None,
    cancel: asyncio.Event | None,
) -> tuple[list[ReplyBuffer], int | None]:
    """Send the request; read the stream into one buffer per choice, and the server's count
    of generated tokens (all samples) when it sends usage."""
    from openai import APIError

    stream = await client.chat.completions.create(
        model=model,
        messages=build_messages(problem, settings),
        temperature=settings.temperature,
        top_p=settings.top_p,
        max_tokens=max_tokens,
        n=settings.samples,
        stream=True,
        stream_options={"include_usage": True},
    )
    usage: int | None = None
    buffers = [ReplyBuffer() for _ in range(settings.samples)]
    stall = _Stall(stream.response, settings.stall_timeout)
    watcher: asyncio.Task[None] | None = None
    try:
        async with asyncio.timeout(None) as deadline:
            if settings.stall_timeout > 0:
                watcher = asyncio.create_task(stall.watch(deadline))
            phase: Phase = "thinking"
            while True:
                try:
                    chunk = await stream.__anext__()
                except StopAsyncIteration:
                    break
                except ValueError as error:  # JSONDecodeError: a data line that is not JSON
                    raise malformed(base_url, f"an event is not JSON: {error}") from None
                stall.started = True
                if cancel is not None and cancel.is_set():  # data may keep coming, no pause
                    raise SolveCancelled("the generation was cancelled")
                try:
                    tokens, pieces = read_chunk(chunk)
                except _Malformed as error:
                    raise malformed(base_url, str(error)) from None
                if tokens is not None:
                    usage = tokens
                for index, reasoning, content, finish in pieces:
                    if not 0 <= index < len(buffers):
                        continue
                    buffer = buffers[index]
                    was_thinking = buffer.thinking
                    classified = buffer.feed(reasoning, content)
                    if reasoning or content:
                        reporter.tokens += 1
                    if on_text is not None:
                        for kind, text in classified:
                            on_text(index, kind, text)
                    if finish:
                        buffer.finish_reason = finish
                    if finish or buffer.thinking != was_thinking:
                        phase = _phase(buffers)
                    reporter.report(phase)
    except TimeoutError:
        if not stall.stalled:
            raise
        raise BackendError(
            f"the backend at {base_url} sent nothing for {settings.stall_timeout:g} s in the "
            "middle of the reply, so the solve was stopped; check the server's log, or raise "
            "mathlsp.stallTimeout (--stall-timeout)"
        ) from None
    except APIError as error:  # the response had started: a broken stream or an error event
        raise describe(error, base_url, model, streaming=True) from None
    finally:
        if watcher is not None:
            watcher.cancel()
        await stream.close()
    return buffers, usage


async def _attempt(
    problem: str,
    settings: Settings,
    reporter: _Reporter,
    on_text: TextCallback | None,
    cancel: asyncio.Event | None,
) -> Generation:
    """Resolve the backend, find the model, generate; one retry when max_tokens is too big."""
    from openai import APIError

    base_url, api_key = resolve_backend(settings)
    client = make_client(base_url, api_key, settings.request_timeout)
    model: str | None = None
    note = ""
    try:
        model = await pick_model(client, base_url, settings)
        max_tokens = settings.max_tokens
        for retry in (False, True):
            try:
                buffers, usage = await _generate(
                    client,
                    base_url,
                    model,
                    problem,
                    settings,
                    max_tokens,
                    reporter,
                    on_text,
                    cancel,
                )
                return Generation(buffers, model, max_tokens, note, usage)
            except APIError as error:
                if not is_context_error(error):
                    raise
                message = str(getattr(error, "message", error))
                room = context_room(message)
                if retry or room is None or room[1] < MIN_REPLY_TOKENS:
                    raise context_error(message, max_tokens) from None
                note = (
                    f"the server's context is {room[0]} tokens, so max_tokens was lowered from "
                    f"{max_tokens} to {room[1]}"
                )
                max_tokens = room[1]
        raise AssertionError("unreachable")
    except APIError as error:  # anything else (a callback's own error) is not the backend's
        raise await _explain(error, client, base_url, model) from None


async def _explain(
    error: APIError, client: AsyncOpenAI, base_url: str, model: str | None
) -> BackendError:
    import openai

    if isinstance(error, openai.NotFoundError) and model is not None:
        try:
            models = await served_models(client, base_url)
        except BackendError:
            models = []
        if model not in models:
            served = ", ".join(models) or "nothing"
            return BackendError(
                f"the server at {base_url} does not serve the model `{model}`; it serves: "
                f"{served}. Set mathlsp.model (or --model) to one of these, or leave it empty "
                "to use the first"
            )
    return describe(error, base_url, model)


def _check_complete(generation: Generation, base_url: str) -> None:
    """Every sample must have ended; a server that ignores ``n`` sends fewer (llama.cpp)."""
    buffers = generation.buffers
    done = [b for b in buffers if b.finish_reason is not None]
    unsent = [b for b in buffers if b.finish_reason is None and b.tokens == 0]
    if not done or len(done) + len(unsent) < len(buffers):
        raise BackendError(
            f"the stream from {base_url} ended before the reply was complete; check the "
            "server's log and try again"
        )
    if unsent:
        generation.buffers = done
        generation.note = "; ".join(
            filter(
                None,
                [
                    generation.note,
                    f"the server sent {len(done)} of {len(buffers)} "
                    "samples (it ignores n); set mathlsp.samples to 1",
                ],
            )
        )


async def solve(
    problem: str,
    settings: Settings,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
    on_text: TextCallback | None = None,
) -> SolveResult:
    """Solve ``problem`` with ``settings.samples`` samples and vote on their boxed answers.

    Raises ``BackendError`` (message for the user) or ``SolveCancelled``. ``on_progress`` is
    called on every phase change and at most every 0.1 s in between; ``on_text`` gets each
    piece of streamed text with its sample index and kind (reasoning or solution)."""
    reporter = _Reporter(on_progress, settings.samples)
    reporter.report("connecting", force=True)
    work = asyncio.ensure_future(
        asyncio.wait_for(
            _attempt(problem, settings, reporter, on_text, cancel), settings.request_timeout
        )
    )
    waiter = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
    try:
        await asyncio.wait(
            [work] if waiter is None else [work, waiter], return_when="FIRST_COMPLETED"
        )
        if not work.done():
            raise SolveCancelled("the generation was cancelled")
        try:
            generation = work.result()
        except TimeoutError:
            base_url, _ = resolve_backend(settings)
            raise BackendError(
                f"the backend at {base_url} did not finish within {settings.request_timeout:g} s; "
                "raise mathlsp.requestTimeout, or lower mathlsp.samples or mathlsp.maxTokens"
            ) from None
    finally:
        for task in (work, waiter):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
    _check_complete(generation, resolve_backend(settings)[0])
    result = await finish(generation, problem, settings)
    reporter.report("done", force=True)
    return result
