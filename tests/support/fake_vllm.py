"""A local OpenAI-compatible server that speaks vLLM's wire format, for tests and demos.

``GET /v1/models``, ``POST /v1/chat/completions`` (streamed SSE chunks with ``n`` interleaved
choices, or one JSON body), the three reasoning layouts, ``finish_reason: length`` at
``max_tokens``, vLLM's error bodies, per-token delays and injected faults. Every request is
recorded, including whether the client hung up mid-stream (vLLM aborts then).

    with FakeVLLM(answer="\\frac{1}{3}") as server:
        ... AsyncOpenAI(base_url=server.base_url) ...

    python -m tests.support.fake_vllm --port 0 --layout reasoning --answer '\\frac{1}{3}'
    python -m tests.support.fake_vllm --replay samples.jsonl   # recorded replies, per problem
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from http.server import ThreadingHTTPServer

from tests.support.fake_vllm_http import Fault, Recorded, make_handler
from tests.support.fake_vllm_replies import (
    LAYOUTS,
    Layout,
    Reply,
    ReplySource,
    default_reply,
    load_replay,
    replay_source,
    script_source,
)

__all__ = ["DEFAULT_MODEL", "FakeVLLM", "Fault", "Recorded", "main"]

DEFAULT_MODEL = "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"


class FakeVLLM:
    """The server; a context manager that serves on a background thread."""

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        models: Sequence[str] | None = None,
        layout: Layout = "reasoning",
        replies: ReplySource | None = None,
        answer: str = "\\frac{1}{3}",
        token_delay: float = 0.0,
        models_delay: float = 0.0,
        max_model_len: int = 131072,
        clip_max_tokens: bool = False,
        send_usage: bool = True,
        ignore_n: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.models = list(models) if models is not None else [model]
        self.layout = layout
        self.replies: ReplySource = replies if replies is not None else default_reply(answer)
        self.token_delay = token_delay
        self.models_delay = models_delay  # a busy server answers GET /v1/models late
        self.max_model_len = max_model_len
        self.clip_max_tokens = clip_max_tokens  # llama.cpp: no 400, max_tokens cut to fit
        self.send_usage = send_usage  # llama.cpp ignores stream_options.include_usage
        self.ignore_n = ignore_n  # llama.cpp sends one choice whatever n asks
        self.faults: deque[Fault] = deque()
        self.requests: list[Recorded] = []
        self._changed = threading.Condition()
        self._httpd = ThreadingHTTPServer((host, port), make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each applies to one later chat request, in order."""
        self.faults.extend(faults)

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate()`` holds (re-checked whenever a request changes)."""
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def reply_for(self, prompt: str, index: int) -> Reply:
        source = self.replies
        if isinstance(source, Reply):
            return source
        if callable(source):
            return source(prompt, index)
        return source[index % len(source)]

    def start(self) -> FakeVLLM:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeVLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A fake vLLM OpenAI-compatible server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--layout", choices=LAYOUTS, default="reasoning")
    parser.add_argument(
        "--answer", default="\\frac{1}{3}", help="boxed answer of the default reply"
    )
    parser.add_argument("--token-delay", type=float, default=0.0, help="seconds per token")
    parser.add_argument("--max-model-len", type=int, default=131072)
    parser.add_argument("--script", help="JSON file: prompt substring -> reply (or list)")
    parser.add_argument(
        "--replay",
        help="JSONL of recorded samples (problem, answer with its <think> part): served for "
        "the prompt holding their problem",
    )
    args = parser.parse_args(argv)
    fallback = default_reply(args.answer)
    replies: ReplySource = fallback
    if args.script:
        with open(args.script, encoding="utf-8") as handle:
            replies = script_source(json.load(handle), fallback)
    if args.replay:
        replies = replay_source(load_replay(args.replay), fallback)
    server = FakeVLLM(
        model=args.model,
        layout=args.layout,
        replies=replies,
        token_delay=args.token_delay,
        max_model_len=args.max_model_len,
        host=args.host,
        port=args.port,
    )
    print(f"READY {server.base_url}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
