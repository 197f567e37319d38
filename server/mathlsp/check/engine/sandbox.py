"""Worker processes that run SymPy on untrusted input, with a hard time and memory limit.

SymPy can loop for minutes or eat all memory on a short span (``10^{10^{10^{10}}}``), so no
judgement ever runs in the server or CLI process. ``WorkerPool`` keeps N worker processes,
forked from a ``forkserver`` that has preloaded sympy and latex2sympy2_extended (plain fork is
unsafe in the threaded language server, and ``spawn`` would pay the imports per worker). One
parent thread drives each worker: it sends a task, waits at most the task's time limit, and
kills and replaces the worker when it runs over. Memory is capped with ``RLIMIT_AS`` inside
the worker. Replies are read back with an unpickler that refuses SymPy objects (rebuilding
one can evaluate it, in the parent). Workers are started without credentials in their
environment (``OPENAI_API_KEY``, tokens, passwords, base URLs that may carry one): the
process they fork from is exec'd with those variables taken out, so not even
``/proc/self/environ`` holds them. Nothing here uses ``signal.alarm``. Results come back as
``Outcome`` values, never as exceptions. A pool not closed is closed at interpreter exit.
Scripts that use a pool need the ``if __name__ == "__main__":`` guard, as with any
multiprocessing pool: workers import the parent's main module. No pygls here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import multiprocessing
import os
import pickle
import queue
import re
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from mathlsp.check.engine.replies import Status, load_reply
from mathlsp.check.engine.worker import PRELOAD, READY, STARTED, worker_main

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What became of one task: its value, or why there is none."""

    status: Status
    value: T | None = None  # set when status == "ok"
    detail: str = ""  # "ran over the 3 s limit", "ran out of memory", exception text


@dataclass(slots=True)
class _Task:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    time_limit: float
    future: concurrent.futures.Future[Outcome[Any]]


_START_LIMIT = 60.0  # seconds for a worker to start (imports on a loaded machine)
_STOP = None  # queue sentinel: the driver thread should stop its worker and exit
_STOP_PRIORITY = -1  # ahead of every task: a closing pool stops at once

# Queue entries: (priority, sequence, task). Lower priorities run first; the sequence keeps
# equal priorities in submission order and means tasks themselves are never compared.
_Entry = tuple[int, int, "_Task | None"]


# Names of environment variables that hold credentials: API keys, tokens, secrets, passwords,
# an ssh agent, and base URLs (``http://user:password@host``). A worker needs none of them.
_CREDENTIAL_NAME = re.compile(
    r"(?:^|_)(?:KEY|APIKEY|TOKEN|SECRET|AUTH|CREDENTIALS?|COOKIE)(?:_|$)"
    r"|PASSWORD|PASSWD|BASE_URL$",
    re.IGNORECASE,
)
_ENVIRON_LOCK = threading.Lock()


def is_credential_name(name: str) -> bool:
    """Whether the environment variable ``name`` holds a credential (``OPENAI_API_KEY``)."""
    return _CREDENTIAL_NAME.search(name) is not None


def environ_value(name: str) -> str | None:
    """``os.environ.get(name)``, never seen while a worker's parent process is being
    started with the credentials taken out of the environment."""
    with _ENVIRON_LOCK:
        return os.environ.get(name)


@contextlib.contextmanager
def _without_credentials() -> Iterator[None]:
    """The environment without credentials while a process is exec'd (it inherits the C
    environment, with no way to pass another); put back at once after."""
    with _ENVIRON_LOCK:
        saved = {
            name: os.environ.pop(name) for name in list(os.environ) if is_credential_name(name)
        }
        try:
            yield
        finally:
            os.environ.update(saved)


def _start_clean(context: Any, process: Any) -> None:
    """Start ``process``; the process that execs (the forkserver, or a spawned worker) gets
    an environment without credentials."""
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver  # lazily: only where there is a forkserver

        with _without_credentials():
            forkserver.ensure_running()  # forks of it inherit its (clean) environment
        process.start()
    else:
        with _without_credentials():
            process.start()


def _context() -> Any:
    """A forkserver context with the heavy modules preloaded (spawn where there is none)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def format_seconds(seconds: float) -> str:
    """``3.0`` -> ``"3 s"``, ``0.5`` -> ``"0.5 s"``."""
    return f"{seconds:g} s"


class _Slot:
    """One worker process and the parent thread that feeds it tasks."""

    def __init__(self, pool: WorkerPool, index: int) -> None:
        self.pool = pool
        self.index = index
        self.process: Any = None  # multiprocessing.Process of the context
        self.conn: Connection | None = None
        self.busy = False
        self.starting = False
        self.thread = threading.Thread(
            target=self._loop, name=f"mathlsp-sandbox-{index}", daemon=True
        )

    def _start_worker(self) -> None:
        parent_end, child_end = multiprocessing.Pipe(duplex=True)
        process = self.pool._context.Process(
            target=worker_main,
            args=(child_end, self.pool.memory_mb),
            name=f"mathlsp-worker-{self.index}",
            daemon=True,
        )
        started = time.perf_counter()
        self.starting = True
        try:
            _start_clean(self.pool._context, process)
            child_end.close()
            self.process, self.conn = process, parent_end
            # The time limit is for the task: wait for the worker's "ready" before the clock runs.
            if not parent_end.poll(_START_LIMIT) or parent_end.recv_bytes() != READY:
                raise RuntimeError(f"a worker did not start within {format_seconds(_START_LIMIT)}")
        finally:
            self.starting = False
        self.pool._record_start(time.perf_counter() - started)

    def _stop_worker(self, *, kill: bool) -> None:
        process, conn = self.process, self.conn
        self.process, self.conn = None, None
        if process is None or conn is None:
            return
        if not kill:
            try:
                conn.send(None)  # asks the worker to exit
            except OSError:
                kill = True
        if kill or not _joined(process, 1.0):
            process.kill()
            process.join()
        conn.close()
        process.close()

    def _loop(self) -> None:
        if self.pool._prestart:
            try:
                self._start_worker()
            except Exception:  # the first task will try again and report
                self._stop_worker(kill=True)
        while True:
            _, _, task = self.pool._tasks.get()
            if task is _STOP:
                self._stop_worker(kill=False)
                return
            assert isinstance(task, _Task)
            if not task.future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                outcome = self._run(task)
            except BaseException as error:  # noqa: BLE001 - the future must always resolve
                self._stop_worker(kill=True)
                outcome = Outcome("crashed", detail=f"sandbox failure: {error}")
            task.future.set_result(outcome)

    def _run(self, task: _Task) -> Outcome[Any]:
        if self.pool._closed.is_set():
            return Outcome("crashed", detail="the worker pool was closed")
        if self.process is None or not self.process.is_alive():
            self._stop_worker(kill=True)
            self._start_worker()
        assert self.conn is not None
        try:
            message = pickle.dumps((task.fn, task.args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # a lambda, a local function, an unpicklable argument
            return Outcome("error", detail=f"could not send the task: {error}")
        self.busy = True
        try:
            self.conn.send_bytes(message)
            # The clock starts once the worker has loaded the task (imported its module).
            if not self.conn.poll(_START_LIMIT) or self.conn.recv_bytes() != STARTED:
                raise EOFError("the worker did not take the task")
            if not self.conn.poll(task.time_limit):
                self._stop_worker(kill=True)
                return Outcome(
                    "timeout", detail=f"ran over the {format_seconds(task.time_limit)} limit"
                )
            payload = self.conn.recv_bytes()
        except (EOFError, OSError, ConnectionError):
            code = None
            if self.process is not None:
                self.process.join(0.5)  # reap it, to say how it died
                code = self.process.exitcode
            self._stop_worker(kill=True)
            if self.pool._closed.is_set():
                return Outcome("crashed", detail="the worker pool was closed")
            return Outcome("crashed", detail=_death_detail(code))
        finally:
            self.busy = False
        status, value, detail = load_reply(payload)
        if status == "crashed":  # out of memory: the worker exits itself; start afresh next time
            self._stop_worker(kill=True)
        return Outcome(status, value if status == "ok" else None, detail)


def _joined(process: Any, timeout: float) -> bool:
    process.join(timeout)
    return process.exitcode is not None


def _death_detail(exitcode: int | None) -> str:
    if exitcode is None:
        return "the worker stopped answering"
    if exitcode < 0:
        return f"the worker died (signal {-exitcode})"
    return f"the worker died (exit code {exitcode})"


class WorkerPool:
    """Runs module-level functions in sandboxed worker processes; thread- and asyncio-safe.

    No process starts until the first ``submit``. ``time_limit`` is the default per task;
    ``memory_mb`` caps each worker's address space."""

    def __init__(
        self, workers: int | None = None, *, time_limit: float = 3.0, memory_mb: int = 1024
    ) -> None:
        self.workers = max(1, workers if workers is not None else os.cpu_count() or 1)
        self.time_limit = time_limit
        self.memory_mb = memory_mb
        self._tasks: queue.PriorityQueue[_Entry] = queue.PriorityQueue()
        self._sequence = itertools.count()
        self._slots: list[_Slot] = []
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._context: Any = None
        self._prestart = False
        self.start_times: list[float] = []  # seconds each worker took to start (measures)
        self._finalizer: weakref.finalize[Any, WorkerPool] | None = None

    def _record_start(self, seconds: float) -> None:
        with self._lock:
            self.start_times.append(seconds)

    def start(self) -> None:
        """Start the workers now, in the background, instead of on the first ``submit`` (the
        CLI overlaps their start-up with reading and scanning files)."""
        self._prestart = True
        self._ensure_started()

    def _ensure_started(self) -> None:
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the worker pool is closed")
            if self._slots:
                return
            self._context = _context()
            self._slots = [_Slot(self, index) for index in range(self.workers)]
            for slot in self._slots:
                slot.thread.start()
            self._finalizer = weakref.finalize(
                self, _shutdown, self._slots, self._tasks, self._sequence
            )

    def submit(
        self,
        fn: Callable[..., T],
        *args: Any,
        time_limit: float | None = None,
        priority: int = 0,
    ) -> concurrent.futures.Future[Outcome[T]]:
        """Queue ``fn(*args)``; the future always resolves to an ``Outcome``. Lower
        ``priority`` runs first (equal ones in order); a future cancelled while queued is
        skipped, so a check that is no longer wanted gives its place up."""
        self._ensure_started()
        future: concurrent.futures.Future[Outcome[T]] = concurrent.futures.Future()
        limit = self.time_limit if time_limit is None else time_limit
        self._tasks.put((priority, next(self._sequence), _Task(fn, args, limit, future)))
        return future

    def run(self, fn: Callable[..., T], *args: Any, time_limit: float | None = None) -> Outcome[T]:
        """Blocking ``submit``."""
        return self.submit(fn, *args, time_limit=time_limit).result()

    async def run_async(
        self, fn: Callable[..., T], *args: Any, time_limit: float | None = None
    ) -> Outcome[T]:
        """``submit`` for asyncio: awaits the result without blocking the loop."""
        return await asyncio.wrap_future(self.submit(fn, *args, time_limit=time_limit))

    def close(self) -> None:
        """Cancel queued tasks, stop the workers (killing busy ones) and reap them."""
        with self._lock:
            if self._closed.is_set():
                return
            self._closed.set()
            slots = list(self._slots)
        if self._finalizer is not None:
            self._finalizer.detach()
        _shutdown(slots, self._tasks, self._sequence)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _shutdown(
    slots: list[_Slot], tasks: queue.PriorityQueue[_Entry], sequence: itertools.count[int]
) -> None:
    while True:  # cancel whatever is still queued
        try:
            _, _, task = tasks.get_nowait()
        except queue.Empty:
            break
        if task is not None:
            task.future.cancel()
    for slot in slots:
        process = slot.process
        if (slot.busy or slot.starting) and process is not None:
            try:
                process.kill()  # its driver sees EOF and resolves the task as closed
            except ValueError:
                pass  # the driver closed it meanwhile
    for _ in slots:
        tasks.put((_STOP_PRIORITY, next(sequence), _STOP))
    for slot in slots:
        if slot.thread.is_alive() and slot.thread is not threading.current_thread():
            # A worker still being forked (the forkserver may be loading SymPy) is not waited
            # for: its driver stops it as soon as it is up.
            slot.thread.join(timeout=0.05 if slot.starting and slot.process is None else 5.0)
