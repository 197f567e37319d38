"""The state the LSP features share: ``MathServer``, ``OpenDocument``, ``SolveTasks``, and the
protocol hook that lets ``$/cancelRequest`` reach a running solve (pygls never cancels
``executeCommand`` handlers).

Imports no feature module: features import this, and ``server.py`` wires them together.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from mathlsp import __version__
from mathlsp.document.edits import anchor_for_problem, find_problem
from mathlsp.document.model import Document, Language, Problem
from mathlsp.document.reread import Reader
from mathlsp.lsp.convert import Columns
from mathlsp.lsp.debounce import Debouncer
from mathlsp.lsp.protocol import StrictProtocol, serve_stdio
from mathlsp.settings import Settings
from mathlsp.solve.secrets import redact

if TYPE_CHECKING:
    from mathlsp.check.engine.checker import Checker, CheckReport
    from mathlsp.check.engine.runs import CheckRun
    from mathlsp.check.judge.results import ProblemResult

log = logging.getLogger("mathlsp.lsp")

DEBOUNCE_SECONDS = 0.3
SETTINGS_WAIT_SECONDS = 5.0  # how long a check waits for the client's settings at start


@dataclass
class OpenDocument:
    """What the server knows about one open document beyond its text (pygls keeps that)."""

    uri: str
    language: Language
    reader: Reader = field(init=False)  # reads each new text, reusing what an edit left
    parsed: Document | None = None  # the last parsed text ...
    parsed_version: int | None = None  # ... and its version
    checked: Document | None = None  # the document the last report is about
    report: CheckReport | None = None
    report_version: int | None = None
    complete: bool = True  # the report is the whole check, not a wave
    sent: tuple[int | None, tuple[Any, ...]] | None = None  # version, diagnostics last pushed
    run: CheckRun | None = None  # the check in flight (a newer one cancels it)
    generation: int = 0  # counts reports and waves: the pull diagnostics result id
    last_stats: dict[str, Any] = field(default_factory=dict)
    hover_index: object | None = None  # hover's span index of the parsed text
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def __post_init__(self) -> None:
        self.reader = Reader(self.language)

    def problem_result(self, problem: Problem) -> ProblemResult | None:
        """The last report's result for ``problem``, found again by its anchor when the text
        has moved on since that report (hover and code lens both ask this)."""
        report, checked = self.report, self.checked
        if report is None or checked is None:
            return None
        same = find_problem(checked, anchor_for_problem(problem))
        if same is None:
            return None
        index = checked.problems.index(same)
        return report.problem_results[index] if index < len(report.problem_results) else None


class MathProtocol(StrictProtocol):
    """Adds one hook to the strict protocol: ``$/cancelRequest`` also cancels the solve
    started by that request."""

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        server = self._server
        if isinstance(server, MathServer):
            server.solves.cancel(str(msg_id))


class SolveTasks:
    """Running solves by key (request id, progress token, document uri); cancel by any."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def add(self, task: asyncio.Task[Any], *keys: str) -> None:
        for key in keys:
            self._tasks[key] = task
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        for key in [k for k, t in self._tasks.items() if t is task]:
            del self._tasks[key]

    def cancel(self, key: str | None = None) -> bool:
        """Cancel the solve under ``key`` (every solve when None); True if one was running."""
        tasks = set(self._tasks.values()) if key is None else {self._tasks.get(key)}
        found = False
        for task in tasks:
            if task is not None and not task.done():
                task.cancel()
                found = True
        return found

    def running(self) -> int:
        return len({t for t in self._tasks.values() if not t.done()})


class SolveSlots:
    """At most ``limit()`` solves generate at once (``mathlsp.maxConcurrentSolves``); the
    others wait, in order, so ten solves with ``n = 5`` never put fifty streams on a backend."""

    def __init__(self, limit: Callable[[], int]) -> None:
        self._limit = limit
        self.active = 0
        self.peak = 0  # the most that ever generated at once (stats, tests)
        self._changed = asyncio.Condition()

    def free(self) -> bool:
        return self.active < max(1, self._limit())

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(self.free)
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            yield
        finally:
            self.active -= 1
            self.wake()

    def wake(self) -> None:
        """Let waiting solves look again (one ended, or the limit changed)."""

        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.ensure_future(notify())


class LoopWatch:
    """How long the event loop was kept from running (the longest delay of a short sleep),
    so that benches can read the longest block from the server itself; and the full garbage
    collection, run here while no check is running (``serve_stdio`` turns off the automatic
    one), counted in that longest block too."""

    TICK = 0.01
    COLLECT_EVERY = 30.0  # seconds, at most, between full collections

    def __init__(self, busy: Callable[[], bool] = lambda: False) -> None:
        self.longest = 0.0
        self.busy = busy

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        collected = loop.time()
        while True:
            began = loop.time()
            await asyncio.sleep(self.TICK)
            now = loop.time()
            self.longest = max(self.longest, now - began - self.TICK)
            if now - collected >= self.COLLECT_EVERY and not self.busy():
                gc.collect()
                collected = loop.time()
                self.longest = max(self.longest, collected - now)


class MathServer(LanguageServer):
    """The language server and the state its features share."""

    def __init__(self) -> None:
        super().__init__(
            "mathlsp",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=MathProtocol,
        )
        self.settings = Settings()
        self.init_options: dict[str, Any] = {}
        self.documents: dict[str, OpenDocument] = {}
        self.debouncer = Debouncer(DEBOUNCE_SECONDS)
        self.solves = SolveTasks()
        self.solve_slots = SolveSlots(lambda: self.settings.max_concurrent_solves)
        self.model_name: str | None = None  # learned from the backend (start-up, solves)
        self.model_lookup: asyncio.Future[object] | None = None  # the pending GET /v1/models
        self.configured = asyncio.Event()  # the client's settings are read (after initialized)
        self.pull_diagnostics = False  # the client pulls: do not also push
        self.checks_run_total = 0
        self.loop_watch = LoopWatch(self.busy)
        self._checker: Checker | None = None
        self._background: set[asyncio.Future[object]] = set()

    def busy(self) -> bool:
        """A check or a solve is running."""
        running = any(s.run is not None and not s.run.complete for s in self.documents.values())
        return running or self.solves.running() > 0

    @property
    def checker(self) -> Checker:
        """The check engine, started on first use (its worker pool takes a moment)."""
        if self._checker is None:
            # Lazily: the engine starts worker processes; start-up stays quick without it.
            from mathlsp.check.engine.checker import Checker

            self._checker = Checker(self.settings)
        return self._checker

    def background(self, work: Coroutine[Any, Any, object]) -> asyncio.Future[object]:
        """Run ``work`` as a task the server keeps (and cancels on close)."""
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def wait_configured(self) -> None:
        """Let the first check use the client's settings, not the defaults; a client that
        never answers ``workspace/configuration`` only delays it by a moment."""
        if not self.configured.is_set():
            try:
                await asyncio.wait_for(self.configured.wait(), SETTINGS_WAIT_SECONDS)
            except TimeoutError:
                self.configured.set()

    def serve_stdio(self) -> int:
        """Serve over stdin/stdout until ``exit``; the exit code the LSP spec asks for."""
        protocol = self.protocol
        assert isinstance(protocol, StrictProtocol)
        return serve_stdio(self, protocol, None, None)

    def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        self.debouncer.close()
        self.solves.cancel()
        if self._checker is not None:
            self._checker.close()
            self._checker = None

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def columns(self, text: str) -> Columns:
        return Columns(text, self.encoding)

    def capability(self, path: str) -> Any:
        """A client capability by dotted path (``"workspace.configuration"``), None if absent."""
        value: Any = self.client_capabilities
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def show(self, message: str, kind: types.MessageType = types.MessageType.Error) -> None:
        """``window/showMessage``, and the same line in the log; secrets masked."""
        message = redact(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))
        self.log(message, kind)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """``window/logMessage`` and stderr (never stdout: that is the protocol); secrets
        masked (``solve.secrets``: a base URL's password, an API key a server echoed)."""
        message = redact(message)
        level = {1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO}.get(int(kind), 10)
        log.log(level, "%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # not connected yet (or any more)
            log.debug("could not send logMessage", exc_info=True)
