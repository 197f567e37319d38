"""The HTTP side of the fake vLLM server: request records, faults, and the request handler.

Speaks what vLLM's OpenAI-compatible server sends: SSE ``data:`` lines with chunked transfer
encoding, vLLM's error bodies, and a closed connection noticed between tokens (vLLM aborts the
request then). ``fake_vllm.py`` holds the server object and the command line.
"""

from __future__ import annotations

import json
import select
import socket
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any, Literal

from tests.support.fake_vllm_replies import (
    Reply,
    completion_body,
    count_tokens,
    sse,
    stream_events,
)

if TYPE_CHECKING:
    from tests.support.fake_vllm import FakeVLLM

TEMPLATE_TOKENS = 8  # what the chat template adds around the user message


@dataclass(frozen=True)
class Fault:
    """What goes wrong with the next chat request.

    ``drop``: close the socket after ``after_tokens`` tokens, mid-stream. ``error-event``: send
    vLLM's in-stream error chunk then end. ``status``: answer ``status`` with an error body.
    ``hang``: send nothing for ``seconds`` (then carry on). ``truncate``: end the stream
    cleanly (``[DONE]``) after ``after_tokens`` tokens, with no ``finish_reason``.
    ``malformed``: after ``after_tokens`` tokens send the event ``data: <payload>`` (not JSON,
    or JSON of another shape), then carry on. ``stall``: after ``after_tokens`` tokens send
    nothing for ``seconds``, the connection open (then carry on); with ``keepalive`` an SSE
    comment every ``keepalive`` seconds meanwhile."""

    kind: Literal["drop", "error-event", "status", "hang", "truncate", "malformed", "stall"]
    after_tokens: int = 0
    status: int = 500
    message: str = "Internal server error: the engine died"
    seconds: float = 30.0
    payload: str = '{"id": "chatcmpl-1", "choices": [{"index": 0, "delta": {"content": "x"'
    keepalive: float = 0.0


@dataclass
class Recorded:
    """One request as the server saw it, and how its response ended."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int = 0
    tokens_sent: int = 0
    completed: bool = False
    aborted: bool = False  # the client closed the connection before the end
    ended_at: float | None = None
    events: list[str] = field(default_factory=list)


class _Disconnected(Exception):
    pass


def _error(message: str, kind: str, code: int, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def make_handler(server: FakeVLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except ConnectionError:  # the client hung up between two requests: fine
                self.close_connection = True

        def setup(self) -> None:
            super().setup()  # like uvicorn: small SSE writes go out at once (no Nagle delay)
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _record(self, body: Any) -> Recorded:
            record = Recorded(self.command, self.path, dict(self.headers.items()), body)
            server.requests.append(record)
            server.notify()
            return record

        def _send_json(self, record: Recorded, status: int, payload: Mapping[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            record.status, record.completed, record.ended_at = status, True, time.monotonic()
            server.notify()

        def do_GET(self) -> None:
            record = self._record(None)
            if self.path.rstrip("/") == "/v1/models":
                time.sleep(server.models_delay)
                data = [
                    {"id": m, "object": "model", "created": 0, "owned_by": "vllm", "root": m}
                    for m in server.models
                ]
                self._send_json(record, 200, {"object": "list", "data": data})
            else:
                self._send_json(record, 404, {"detail": "Not Found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                body = None
            record = self._record(body)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send_json(record, 404, {"detail": "Not Found"})
            elif not isinstance(body, dict):
                self._send_json(record, 400, _error("invalid JSON", "BadRequestError", 400))
            else:
                self._chat(record, body)

        def _chat(self, record: Recorded, body: dict[str, Any]) -> None:
            if body.get("model") not in server.models:
                message = f"The model `{body.get('model')}` does not exist."
                self._send_json(record, 404, _error(message, "NotFoundError", 404, "model"))
                return
            messages = body.get("messages") or []
            prompt = "\n".join(str(m.get("content", "")) for m in messages)
            prompt_tokens = count_tokens(prompt) + TEMPLATE_TOKENS
            limit = server.max_model_len
            max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
            if prompt_tokens >= limit:
                message = (
                    f"This model's maximum context length is {limit} tokens. However, your "
                    f"request has {prompt_tokens} input tokens. Please reduce the length of "
                    "the input messages."
                )
                self._send_json(record, 400, _error(message, "BadRequestError", 400))
                return
            if max_tokens is None:
                max_tokens = limit - prompt_tokens
            if max_tokens > limit - prompt_tokens and server.clip_max_tokens:
                max_tokens = limit - prompt_tokens  # llama.cpp's way: cut short, say nothing
            if max_tokens > limit - prompt_tokens:
                message = (
                    f"'max_tokens' or 'max_completion_tokens' is too large: {max_tokens}. This "
                    f"model's maximum context length is {limit} tokens and your request has "
                    f"{prompt_tokens} input tokens ({max_tokens} > {limit} - {prompt_tokens})."
                )
                self._send_json(record, 400, _error(message, "BadRequestError", 400))
                return
            n = int(body.get("n") or 1)
            if n > 1 and not body.get("temperature", 1.0):
                message = "n must be 1 when using greedy sampling"
                self._send_json(record, 400, _error(message, "BadRequestError", 400))
                return
            fault = server.faults.popleft() if server.faults else None
            if fault is not None and fault.kind == "status":
                kind = "InternalServerError" if fault.status >= 500 else "BadRequestError"
                self._send_json(record, fault.status, _error(fault.message, kind, fault.status))
                return
            if fault is not None and fault.kind == "hang":
                if self._wait(fault.seconds):
                    return self._abort(record)
            replies = [server.reply_for(prompt, i) for i in range(1 if server.ignore_n else n)]
            ident = f"chatcmpl-{uuid.uuid4().hex}"
            model = str(body["model"])
            if not body.get("stream"):
                payload = completion_body(ident, model, replies, server.layout, max_tokens)
                self._send_json(record, 200, payload)
                return
            options = body.get("stream_options") or {}
            wanted = options.get("include_usage") and server.send_usage
            usage = prompt_tokens if wanted else None
            self._stream(record, ident, model, replies, max_tokens, fault, usage)

        def _stream(
            self,
            record: Recorded,
            ident: str,
            model: str,
            replies: list[Reply],
            max_tokens: int,
            fault: Fault | None,
            usage: int | None,
        ) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            record.status = 200
            try:
                for event, tokens in stream_events(
                    ident, model, replies, server.layout, max_tokens, usage
                ):
                    if fault is not None and record.tokens_sent >= fault.after_tokens:
                        if fault.kind == "drop":
                            self.wfile.flush()
                            self.connection.shutdown(socket.SHUT_RDWR)
                            self.close_connection = True
                            record.ended_at = time.monotonic()
                            server.notify()
                            return
                        if fault.kind == "error-event":
                            self._write(sse(_error(fault.message, "InternalServerError", 500)))
                            break
                        if fault.kind == "truncate":  # a clean end with no finish_reason
                            break
                        if fault.kind == "malformed":
                            self._write(f"data: {fault.payload}\n\n".encode())
                            fault = None
                        elif fault.kind == "stall":
                            if self._stall(fault):
                                raise _Disconnected
                            fault = None
                    if tokens and server.token_delay and self._wait(server.token_delay):
                        raise _Disconnected
                    if tokens and not server.token_delay and self._wait(0):
                        raise _Disconnected
                    self._write(sse(event))
                    if tokens:
                        record.tokens_sent += tokens
                        server.notify()
                self._write(sse("[DONE]"))
                self._write(b"", last=True)
                record.completed = True
            except (_Disconnected, BrokenPipeError, ConnectionResetError):
                self._abort(record)
                return
            record.ended_at = time.monotonic()
            server.notify()

        def _stall(self, fault: Fault) -> bool:
            """Send no event for ``fault.seconds``; True when the client hung up meanwhile."""
            end = time.monotonic() + fault.seconds
            while (left := end - time.monotonic()) > 0:
                step = min(left, fault.keepalive) if fault.keepalive else left
                if self._wait(step):
                    return True
                if fault.keepalive and end - time.monotonic() > 0:
                    self._write(b": keep-alive\n\n")
            return False

        def _abort(self, record: Recorded) -> None:
            record.aborted, record.ended_at = True, time.monotonic()
            self.close_connection = True
            server.notify()

        def _write(self, data: bytes, last: bool = False) -> None:
            if data:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            if last:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _wait(self, seconds: float) -> bool:
            """Sleep up to ``seconds``; True as soon as the client has hung up."""
            readable, _, _ = select.select([self.connection], [], [], seconds)
            if not readable:
                return False
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

    return Handler
