"""A raw JSON-RPC client over a real ``mathlsp serve`` process: sends any bytes a careless or
hostile client might, and reads every answer (the protocol tests and the fuzzer use it)."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from tests.lsp.session import ROOT, SERVER_COMMAND

INITIALIZE = {
    "processId": None,
    "rootUri": ROOT.as_uri(),
    "capabilities": {"window": {"workDoneProgress": True}},
}


class RawServer:
    """``mathlsp serve`` on pipes; ``request`` waits for the answer with that id."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.answers: dict[Any, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.requests_from_server: list[dict[str, Any]] = []
        self._arrived = asyncio.Event()
        self._reader: asyncio.Task[None] | None = None
        self._drain: asyncio.Task[None] | None = None
        self.stderr = b""

    async def start(self, env: dict[str, str] | None = None) -> RawServer:
        self.process = await asyncio.create_subprocess_exec(
            *SERVER_COMMAND,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **(env or {})},
            limit=1 << 24,
        )
        self._reader = asyncio.create_task(self._read())
        self._drain = asyncio.create_task(self._read_stderr())
        return self

    async def _read_stderr(self) -> None:
        """Keep reading stderr (a full pipe would stall the server); keep the last 4 MB."""
        assert self.process is not None and self.process.stderr is not None
        collected = bytearray()
        while chunk := await self.process.stderr.read(65536):
            collected += chunk
            del collected[: max(0, len(collected) - (4 << 20))]
            self.stderr = bytes(collected)

    async def initialize(self, capabilities: dict[str, Any] | None = None) -> dict[str, Any]:
        params = dict(INITIALIZE)
        if capabilities is not None:
            params["capabilities"] = capabilities
        answer = await self.request("initialize", params, msg_id="init")
        self.notify("initialized", {})
        return answer

    def send_bytes(self, body: bytes) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps(message).encode("utf-8"))

    def notify(self, method: str, params: Any = None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(
        self, method: str, params: Any = None, *, msg_id: Any = None, timeout: float = 60.0
    ) -> dict[str, Any]:
        msg_id = msg_id if msg_id is not None else f"r{len(self.answers)}-{id(params)}"
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return await self.answer(msg_id, timeout)

    async def answer(self, msg_id: Any, timeout: float = 60.0) -> dict[str, Any]:
        async def arrived() -> dict[str, Any]:
            while msg_id not in self.answers:
                self._arrived.clear()
                await self._arrived.wait()
            return self.answers[msg_id]

        return await asyncio.wait_for(arrived(), timeout)

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        while True:
            length = 0
            while True:
                line = await stdout.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line in (b"\r\n", b"\n"):
                    break
            message = json.loads(await stdout.readexactly(length))
            if "method" in message and "id" in message:
                self.requests_from_server.append(message)
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)
            else:
                self.answers[message.get("id")] = message
            self._arrived.set()

    async def wait_exit(self, timeout: float = 30.0, *, close_stdin: bool = True) -> int:
        """The exit code; ``close_stdin=False`` waits for the server to exit by itself."""
        assert self.process is not None
        if close_stdin and self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        code = await asyncio.wait_for(self.process.wait(), timeout)
        for task in (self._reader, self._drain):
            if task is not None:
                await asyncio.wait_for(task, timeout)
        return code

    async def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
