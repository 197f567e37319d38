"""The JSON-RPC layer made strict where pygls 2 drops messages: every request gets an answer.

pygls structures a message inside ``json.loads``' object hook and, when that fails (a hover at
line -1 or 2^31, a string position, ``params: null``), logs "Unable to deserialize message"
and drops it; a body too deeply nested for ``json`` is dropped the same way; after
``shutdown`` every message is dropped. The client waits forever for those answers. Here:

- a request whose params do not fit its method is answered ``-32602 InvalidParams``; a reply
  to one of our requests that does not fit fails that request instead of leaving it pending;
- a body ``json`` cannot read is answered ``-32602`` when its top-level ``id`` and ``method``
  can be found, else ``-32700 ParseError`` with a null id (JSON-RPC 2.0);
- after ``shutdown``, requests are answered ``-32600 InvalidRequest`` (the LSP spec), replies
  still reach their waiters, and ``exit`` exits 0 (1 without ``shutdown``);
- ``shutdown`` cancels pending requests without iterating a dict their callbacks change;
- nothing is written once the client's end is closed (a running solve's progress would
  otherwise fill stderr with "I/O operation on closed file").
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

log = logging.getLogger("mathlsp.lsp")

INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
PARSE_ERROR = -32700
_CONTENT_LENGTH = re.compile(rb"^Content-Length: (\d+)\r\n$")


@dataclass(frozen=True, slots=True)
class Rejected:
    """A message that cannot be handled, with the error its sender must get (if any)."""

    id: Any
    method: str | None
    code: int
    message: str


class StrictProtocol(LanguageServerProtocol):
    """pygls's protocol, answering what it would drop (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closed = False  # the client's end is gone: write nothing more
        self.exit_code: int | None = None

    # -- reading ---------------------------------------------------------------------------
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" not in data:
                raise  # a notification: there is no one to answer
            method = data.get("method")
            what = f"invalid params for {method}" if method else "an unreadable reply"
            detail = str(error.__cause__ or error).splitlines()[0]
            return Rejected(data["id"], method, INVALID_PARAMS, f"{what}: {detail}"[:500])

    def reject_body(self, body: bytes, error: Exception) -> None:
        """Answer a body ``json`` could not read (too deep, not JSON)."""
        fields = top_level_fields(body)
        msg_id, method = fields.get("id"), fields.get("method")
        if isinstance(msg_id, str | int) and isinstance(method, str):
            reason = "nested too deeply" if isinstance(error, RecursionError) else "not JSON"
            self.answer_error(msg_id, INVALID_PARAMS, f"invalid params for {method}: {reason}")
        elif isinstance(msg_id, str | int) and "result" not in fields and "error" not in fields:
            self.answer_error(msg_id, INVALID_REQUEST, "not a request")
        elif not isinstance(msg_id, str | int) and isinstance(method, str):
            log.warning("dropped an unreadable %s notification: %s", method, error)
        else:
            self.answer_error(None, PARSE_ERROR, f"could not read the message: {error}"[:200])

    def answer_error(self, msg_id: Any, code: int, message: str) -> None:
        self._send_data(
            {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}
        )

    def handle_message(self, message: Any) -> None:
        if isinstance(message, Rejected):
            log.warning("rejected message %r: %s", message.id, message.message)
            if message.method is None:  # a reply to our request: fail that request
                error = types.ResponseError(code=message.code, message=message.message)
                self._handle_response(message.id, None, error)
            else:
                self.answer_error(message.id, message.code, message.message)
            return
        method = getattr(message, "method", None)
        if self._shutdown and method != types.EXIT:
            if method is None and getattr(message, "jsonrpc", None) == self.VERSION:
                failure = getattr(message, "error", None)
                result = getattr(message, "result", None)
                self._handle_response(message.id, result, failure)  # replies still count
            elif getattr(message, "id", None) is not None:
                self.answer_error(message.id, INVALID_REQUEST, "the server is shut down")
            return
        super().handle_message(message)

    def _handle_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        """A reply to a request we cancelled meanwhile (``shutdown`` cancels them) is
        dropped, not set on the cancelled future."""
        future = self._request_futures.get(msg_id)
        if future is not None and future.done():
            self._request_futures.pop(msg_id, None)
            return
        super()._handle_response(msg_id, result, error)

    # -- lifecycle ---------------------------------------------------------------------------
    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Generator[Any, Any, None]:
        """pygls's shutdown, cancelling over a copy: a cancelled future's callback removes
        it from ``_request_futures`` while pygls still iterates that dict."""
        if (user_handler := self.fm.features.get(types.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()
        self._shutdown = True
        return None

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any) -> Generator[Any, Any, None]:
        """Exit 0 after ``shutdown``, else 1; the reading loop stops and the code is kept
        for ``mathlsp serve`` to return."""
        if (user_handler := self.fm.features.get(types.EXIT)) is not None:
            yield user_handler, args, None
        self.exit_code = 0 if self._shutdown else 1
        self.closed = True
        raise SystemExit(self.exit_code)

    # -- writing ---------------------------------------------------------------------------
    def _send_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        """A result that is plain JSON values already (built off the loop) is sent as it
        is, not walked again by the converter on the loop."""
        if error is None and isinstance(result, dict):
            self._send_data({"jsonrpc": self.VERSION, "id": msg_id, "result": result})
            return
        super()._send_response(msg_id, result, error)

    def notify_plain(self, method: str, params: dict[str, Any]) -> None:
        """A notification whose params are JSON values already (built off the loop)."""
        self._send_data({"jsonrpc": self.VERSION, "method": method, "params": params})

    def _send_data(self, data: Any) -> None:
        if self.closed:
            return
        try:
            super()._send_data(data)
        except (BrokenPipeError, ValueError, OSError):  # the client's end closed under us
            self.closed = True
            log.info("the client's end is closed; nothing more is sent")


def top_level_fields(body: bytes) -> dict[str, Any]:
    """The scalar members of a JSON object's top level (``id``, ``method``), found without
    building the whole value, so that a body too deep for ``json`` still names its sender."""
    text = body.decode("utf-8", errors="replace")
    decoder = json.JSONDecoder()
    fields: dict[str, Any] = {}
    depth = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[{}\[\]]', text):
        kind = token.group()
        if kind in "{[":
            depth += 1
        elif kind in "}]":
            depth -= 1
        elif depth == 1:
            after = re.match(r"\s*:\s*", text[token.end() : token.end() + 64])
            if after is None:
                continue
            start = token.end() + after.end()
            if start < len(text) and text[start] not in "{[":
                try:
                    fields[json.loads(kind)], _ = decoder.raw_decode(text, start)
                except ValueError:
                    continue
            elif start < len(text):
                fields.setdefault(json.loads(kind), ...)  # present, not a scalar
    return fields


def read_frames(fd: int, deliver: Any) -> None:
    """Read ``Content-Length`` frames from file descriptor ``fd`` and hand each body to
    ``deliver`` (then ``b""`` at the end). Runs in a daemon thread on the raw descriptor (no
    buffered reader's lock held), so a client that keeps stdin open after ``exit`` does not
    keep the process alive."""
    buffer = b""
    length = 0
    try:
        while True:
            if length:
                if len(buffer) >= length:
                    deliver(buffer[:length])
                    buffer, length = buffer[length:], 0
                    continue
            else:
                end = buffer.find(b"\r\n\r\n")
                if end >= 0:
                    for line in buffer[: end + 2].split(b"\r\n"):
                        match = _CONTENT_LENGTH.fullmatch(line + b"\r\n")
                        if match:
                            length = int(match.group(1))
                    buffer = buffer[end + 4 :]
                    if not length:
                        continue  # a frame without a length: skip its headers
                    continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            buffer += chunk
    except OSError:
        pass
    deliver(b"")


async def read_messages(protocol: StrictProtocol, fd: int, stop: threading.Event) -> None:
    """pygls's stdio reading loop, answering what cannot be read instead of dropping it.
    Bodies are decoded and structured in the reading thread: opening a 1 MB document costs
    the event loop nothing."""
    loop = asyncio.get_running_loop()
    arrived: asyncio.Queue[tuple[Any, bytes, Exception | None] | None] = asyncio.Queue()

    def deliver(body: bytes) -> None:
        item: tuple[Any, bytes, Exception | None] | None = None
        if body:
            try:
                item = (json.loads(body, object_hook=protocol.structure_message), body, None)
            except Exception as error:  # too deep, not JSON, or a hook pygls would drop
                item = (None, body, error)
        try:
            loop.call_soon_threadsafe(arrived.put_nowait, item)
        except RuntimeError:  # the loop is closed: we are exiting anyway
            pass

    threading.Thread(
        target=read_frames, args=(fd, deliver), name="mathlsp-stdin", daemon=True
    ).start()
    while not stop.is_set() and not protocol.closed:
        item = await arrived.get()
        if item is None:
            break
        message, body, error = item
        if error is not None:
            protocol.reject_body(body, error)
            continue
        try:
            protocol.handle_message(message)
        except SystemExit:
            raise
        except Exception:
            log.exception("could not handle a message")


def serve_stdio(
    server: Any, protocol: StrictProtocol, stdin: BinaryIO | None, stdout: BinaryIO | None
) -> int:
    """Run the server on stdio until ``exit`` or end of input; the exit code (LSP spec)."""
    stop = threading.Event()
    server._stop_event = stop
    protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    # A full garbage collection stops the loop for as long as it takes to walk every object
    # (a 50,000-span document is a million of them): leave what start-up loaded out of those
    # walks, keep the young generations small, and let the server collect the old one when
    # it is idle (``LoopWatch``) instead of in the middle of a check.
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 1_000_000)
    try:
        asyncio.run(read_messages(protocol, (stdin or sys.stdin.buffer).fileno(), stop))
    except SystemExit:
        pass
    except (BrokenPipeError, KeyboardInterrupt):
        log.info("the client went away")
    finally:
        protocol.closed = True
        stop.set()
    return protocol.exit_code if protocol.exit_code is not None else 0
