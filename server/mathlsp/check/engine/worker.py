"""The code that runs inside a sandbox worker process: memory cap, task loop, parent watch.

Kept apart from ``sandbox.py`` (the parent side) so the worker's import is small and its
behaviour is easy to read: receive ``(fn, args)``, run it, send back
``(status, value, detail)`` as pickled bytes (the parent reads them with a restricted
unpickler, see ``replies.py``). ``PRELOAD`` lists what the forkserver imports once, so every
forked worker starts with SymPy, the LaTeX parser and the judgements already loaded.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any

# One module, which never raises: the forkserver skips a preload that raises ImportError but
# dies on any other exception, so the judgements are imported from inside warm.py.
PRELOAD = ("mathlsp.check.engine.warm",)

READY = b"ready"  # sent once the worker is set up, so the parent starts the task clock after
STARTED = b"started"  # sent once a task is loaded (its module imported): the clock starts here
_MIB = 1 << 20
_HEADROOM_MIB = 128  # never cap below what is mapped already plus this


def _mapped_bytes() -> int:
    """The process's current virtual size (VmSize), 0 when /proc is not there."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(memory_mb: int) -> None:
    """Cap the address space at ``memory_mb`` MiB (or just above what is already mapped)."""
    limit = max(memory_mb * _MIB, _mapped_bytes() + _HEADROOM_MIB * _MIB)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # not permitted here: the time limit still bounds the task


def _watch_parent() -> None:
    """Exit when the parent dies, even in the middle of a long task."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="mathlsp-parent-watch", daemon=True).start()


def _call(fn: Any, args: tuple[Any, ...]) -> tuple[str, Any, str]:
    try:
        return ("ok", fn(*args), "")
    except MemoryError:
        return ("crashed", None, "ran out of memory")
    except BaseException as error:  # noqa: BLE001 - every failure becomes a value
        text = str(error)
        return ("error", None, f"{type(error).__name__}: {text}" if text else type(error).__name__)


def worker_main(conn: Connection, memory_mb: int) -> None:
    """Serve tasks until the parent sends ``None`` or goes away (then exit quietly)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _watch_parent()
    limit_memory(memory_mb)
    try:
        conn.send_bytes(READY)
        _serve(conn)
    except (EOFError, OSError):
        return


def _serve(conn: Connection) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            raise
        except Exception as error:  # the task could not be unpickled here
            conn.send_bytes(STARTED)
            conn.send_bytes(pickle.dumps(("error", None, f"could not load the task: {error!r}")))
            continue
        if message is None:
            return
        fn, args = message
        conn.send_bytes(STARTED)
        reply = _call(fn, args)
        del message, fn, args
        try:
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            reply = ("crashed", None, "ran out of memory")
            payload = pickle.dumps(reply)
        except Exception as error:  # an unpicklable result
            payload = pickle.dumps(("error", None, f"the result could not be sent back: {error!r}"))
        conn.send_bytes(payload)
        if reply[0] == "crashed":
            return  # leave a fresh worker to the next task
