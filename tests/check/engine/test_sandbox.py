"""The sandbox: limits are enforced by killing workers, the pool recovers, nothing leaks."""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from mathlsp.check.engine.replies import load_reply
from mathlsp.check.engine.sandbox import Outcome, WorkerPool

# Tasks run in the workers, so they are module-level (pickled by reference).


def add(a: int, b: int) -> int:
    return a + b


def pid() -> int:
    return os.getpid()


def busy_loop() -> None:
    while True:
        pass


def timed_sleep(seconds: float) -> tuple[int, float, float]:
    """(worker pid, start, end) on the wall clock shared by all processes."""
    started = time.time()
    time.sleep(seconds)
    return os.getpid(), started, time.time()


def sleep_then(seconds: float, value: str) -> str:
    time.sleep(seconds)
    return value


def evaluate_latex(latex: str) -> str:
    """Parse and fully evaluate: pathological powers never finish."""
    from mathlsp.check.read.parse import to_sympy

    expr = to_sympy(latex).expr
    return str(expr.doit().evalf(50))


def memory_bomb() -> int:
    return len(bytearray(8 * 1024**3))


def hard_exit() -> None:
    os._exit(7)


def segfault() -> None:
    ctypes.string_at(0)


def raise_value_error() -> None:
    raise ValueError("bad input `x`")


def sympy_result() -> object:
    import sympy

    return sympy.Integer(10) ** sympy.Symbol("n")


def alive(process_id: int) -> bool:
    """Running, not a zombie and not gone."""
    try:
        state = Path(f"/proc/{process_id}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_gone(process_id: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(process_id):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def pool() -> WorkerPool:
    with WorkerPool(2, time_limit=1.0, memory_mb=512) as shared:
        yield shared


def test_runs_a_task_and_returns_its_value(pool: WorkerPool) -> None:
    assert pool.run(add, 2, 3) == Outcome("ok", 5)
    assert pool.run(pid) != Outcome("ok", os.getpid())


@pytest.mark.parametrize(
    ("fn", "args", "limit"),
    [(busy_loop, (), 0.5), (evaluate_latex, ("10^{10^{10^{10}}}",), 1.0)],
    ids=["busy-loop", "tower-of-powers"],
)
def test_task_over_its_limit_is_killed_and_the_next_one_runs(
    fn: object, args: tuple[object, ...], limit: float
) -> None:
    with WorkerPool(1) as single:
        first = single.run(pid).value  # started and warm: the timing below is the task's
        started = time.monotonic()
        outcome = single.run(fn, *args, time_limit=limit)  # type: ignore[arg-type]
        elapsed = time.monotonic() - started
        assert outcome.status == "timeout"
        assert outcome.detail == f"ran over the {limit:g} s limit"
        assert elapsed < limit + 10  # neither task ever ends by itself
        assert wait_gone(first)  # type: ignore[arg-type]  # killed, and reaped
        assert single.run(add, 1, 1) == Outcome("ok", 2)


@pytest.mark.parametrize(
    ("fn", "detail"),
    [
        (memory_bomb, "ran out of memory"),
        (hard_exit, "the worker died (exit code 7)"),
        (segfault, "the worker died (signal 11)"),
    ],
    ids=["memory-bomb", "os-exit", "segfault"],
)
def test_crashes_are_reported_and_the_pool_recovers(
    pool: WorkerPool, fn: object, detail: str
) -> None:
    outcome = pool.run(fn)  # type: ignore[arg-type]
    assert (outcome.status, outcome.detail) == ("crashed", detail)
    assert [pool.run(add, i, 1).value for i in range(4)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("fn", "status", "detail"),
    [
        (raise_value_error, "error", "ValueError: bad input `x`"),
        (sympy_result, "error", "unusable result: a worker returned a sympy."),
    ],
    ids=["exception", "sympy-object-refused"],
)
def test_failures_become_values(pool: WorkerPool, fn: object, status: str, detail: str) -> None:
    outcome = pool.run(fn)  # type: ignore[arg-type]
    assert outcome.status == status
    assert outcome.detail.startswith(detail)
    assert outcome.value is None


def test_submit_is_thread_safe(pool: WorkerPool) -> None:
    results: dict[int, list[int | None]] = {}

    def client(n: int) -> None:
        futures = [pool.submit(add, n, i) for i in range(10)]
        results[n] = [f.result(timeout=30).value for f in futures]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {n: [n + i for i in range(10)] for n in range(4)}


def test_tasks_run_in_parallel_on_all_workers(pool: WorkerPool) -> None:
    futures = [pool.submit(timed_sleep, 0.4) for _ in range(4)]
    spans = [f.result().value for f in futures]
    assert all(span is not None for span in spans)
    pids = {span[0] for span in spans if span is not None}
    assert len(pids) == 2  # both workers took tasks
    intervals = sorted(span[1:] for span in spans if span is not None)
    # Some task started before another one ended: they ran at the same time.
    assert any(later[0] < earlier[1] for earlier, later in itertools.pairwise(intervals))


async def test_run_async_does_not_block_the_loop(pool: WorkerPool) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    tick_task = asyncio.create_task(ticker())
    outcomes = await asyncio.gather(
        pool.run_async(sleep_then, 0.3, "a"), pool.run_async(busy_loop, time_limit=0.3)
    )
    tick_task.cancel()
    assert [o.status for o in outcomes] == ["ok", "timeout"]
    assert ticks >= 5


def test_lazy_start_and_clean_close() -> None:
    pool = WorkerPool(2)
    assert pool.start_times == []  # no process before the first task
    worker_ids = {pool.run(pid).value for _ in range(6)}
    assert pool.start_times and all(isinstance(i, int) for i in worker_ids)
    slow = pool.submit(sleep_then, 5.0, "never")
    queued = [pool.submit(add, 1, 2) for _ in range(5)]
    time.sleep(0.2)
    pool.close()
    assert slow.result(timeout=5).status == "crashed"
    assert all(f.cancelled() or f.result().status in ("ok", "crashed") for f in queued)
    assert all(wait_gone(i) for i in worker_ids if isinstance(i, int))
    with pytest.raises(RuntimeError):
        pool.submit(add, 1, 2)


def test_workers_exit_when_the_parent_dies(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, time
            from mathlsp.check.engine.sandbox import WorkerPool
            from tests.check.engine.test_sandbox import pid, sleep_then

            if __name__ == "__main__":
                pool = WorkerPool(1, time_limit=60)
                print(pool.run(pid).value, flush=True)
                pool.submit(sleep_then, 60, "x")
                time.sleep(60)
            """
        )
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{root / 'server'}"}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=env)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    time.sleep(0.3)
    parent.kill()
    parent.wait()
    assert wait_gone(worker, 10.0)


def test_reply_loader_refuses_computer_algebra_objects() -> None:
    import pickle

    import sympy

    status, value, detail = load_reply(pickle.dumps(("ok", sympy.Integer(3), "")))
    assert (status, value) == ("error", None)
    assert "sympy" in detail
    assert load_reply(pickle.dumps(("ok", ("a", 1), ""))) == ("ok", ("a", 1), "")
    assert load_reply(b"garbage")[0] == "error"


def test_memory_limit_is_never_below_what_is_mapped() -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    code = "from mathlsp.check.engine.worker import limit_memory; limit_memory(1); print(len(bytearray(10**6)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "1000000"  # a 1 MiB cap still leaves headroom to run
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # the test process is untouched


def test_a_task_that_cannot_be_sent_is_an_error(pool: WorkerPool) -> None:
    worker = pool.run(pid).value
    outcome = pool.run(_local_only)
    assert outcome.status == "error"
    assert outcome.detail.startswith("could not send the task:")
    assert pool.run(add, 2, 2) == Outcome("ok", 4)
    assert alive(worker)  # type: ignore[arg-type]  # no worker was harmed


def _make_local() -> object:
    def inner() -> int:
        return 1

    return inner


_local_only = _make_local()


def environment_seen() -> tuple[list[str], str]:
    """In a worker: the credential-like names it sees, and its initial environment block."""
    try:
        with open("/proc/self/environ", "rb") as block:
            initial = block.read().decode(errors="replace")
    except OSError:  # no /proc: os.environ is all there is
        initial = ""
    names = [n for n in os.environ if n.endswith(("_API_KEY", "_TOKEN", "BASE_URL"))]
    return sorted(names), initial


def test_workers_start_without_credentials_in_their_environment() -> None:
    # A fresh interpreter: the forkserver of this one may already run with any environment.
    root = Path(__file__).resolve().parents[3]
    secret = "sk-test-0123456789abcdef"
    env = {
        **os.environ,
        "PYTHONPATH": f"{root}{os.pathsep}{root / 'server'}",
        "OPENAI_API_KEY": secret,
        "HF_TOKEN": "hf_" + secret,
        "MATHLSP_BASE_URL": f"http://user:{secret}@127.0.0.1:9/v1",
        "MATHLSP_KEEP_ME": "kept",
    }
    code = textwrap.dedent(
        """
        import json, os
        from mathlsp.check.engine.sandbox import WorkerPool
        from tests.check.engine.test_sandbox import environment_seen
        if __name__ == "__main__":
            with WorkerPool(1) as pool:
                outcome = pool.run(environment_seen, time_limit=30)
            names, initial = outcome.value
            print(json.dumps({"names": names, "initial": initial,
                              "parent": os.environ.get("OPENAI_API_KEY")}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["names"] == []
    assert secret not in seen["initial"]
    if seen["initial"]:  # Linux: the block a worker was exec'd with
        assert "MATHLSP_KEEP_ME=kept" in seen["initial"]
    assert seen["parent"] == secret  # the parent's environment is put back
