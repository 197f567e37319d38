"""Where the time goes on real documents (issue 13's study), judgement by judgement.

    .venv/bin/python -m tests.bench.realdocs_profile [FILE_GLOB ...] [--limit-s 3] [--jobs 2]

Not a bench (``make bench`` does not run it). With no glob it takes the 3 slowest files of
the last ``realdocs_bench`` report. For each file, the jobs the CLI's plan makes
(``build_plan(readings=False)``, equal keys once, as the engine sends them) run in the real
sandboxed pool, each wrapped by ``measure``: a soft time limit (SIGALRM at ``--limit-s``, so a
check that would hit the engine's limit stops there and still reports), a stack sampler
thread (every ~2 ms: the SymPy call entered from mathlsp code and the mathlsp caller on the
stack), and a log of watched calls (parses and decisions) to find work done twice.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tests.bench import corpus

WATCHED = (
    ("mathlsp.check.read.parse", "to_sympy"),
    ("mathlsp.check.judge.claims", "decide_identity"),
    ("mathlsp.check.judge.claims", "decide_closed"),
    ("mathlsp.check.judge.conditions", "describe_condition"),
    ("mathlsp.check.judge.conditions", "solution_set"),
)
_LOG: list[tuple[str, int, float]] = []  # (watched name, argument key, seconds), this job
_INSTALLED: list[bool] = []


class _Over(BaseException):
    """The soft time limit (a BaseException: SymPy's ``except Exception`` must not eat it)."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Over


def _label(filename: str, name: str) -> str:
    for marker in ("site-packages/", "server/", "lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{name}"


def _key(args: tuple[Any, ...]) -> int:
    try:
        return hash(args)  # SymPy hashes are structural; workers share the hash seed
    except TypeError:
        return hash(repr(args)[:500])


def _install_watch() -> None:
    """Wrap each watched function wherever a mathlsp module holds it (outermost calls only)."""
    if _INSTALLED:
        return
    import importlib

    for module_name, name in WATCHED:
        original = getattr(importlib.import_module(module_name), name)
        depth = [0]

        def wrapper(*args: Any, _f: Any = original, _n: str = name, _d: list[int] = depth,
                    **kwargs: Any) -> Any:  # fmt: skip
            _d[0] += 1
            started = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                _d[0] -= 1
                if _d[0] == 0:
                    _LOG.append((_n, _key(args), time.perf_counter() - started))

        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("mathlsp."):
                for attr, held in list(vars(module).items()):
                    if held is original:
                        setattr(module, attr, wrapper)
    _INSTALLED.append(True)


def _sample(main: int, stop: threading.Event, found: dict[str, Counter[str]]) -> None:
    while not stop.wait(0.002):
        frame = sys._current_frames().get(main)
        stack = []
        while frame is not None:
            stack.append((frame.f_code.co_filename, frame.f_code.co_name))
            frame = frame.f_back
        stack.reverse()  # outermost first
        found["samples"]["all"] += 1
        caller = entry = None
        for filename, name in stack:
            if (
                "/mathlsp/" in filename
                and "/engine/" not in filename
                and "tests/bench" not in filename
            ):
                caller, entry = _label(filename, name), None
            elif (
                entry is None
                and caller is not None
                and ("/sympy/" in filename or "latex2sympy" in filename)
            ):
                entry = _label(filename, name)
        found["caller"][caller or "(no judgement on the stack)"] += 1
        found["entry"][f"{entry or '(mathlsp code itself)'} <- {caller or '-'}"] += 1
        for label in {_label(f, n) for f, n in stack}:
            found["inclusive"][label] += 1


def measure(fn: Any, args: tuple[Any, ...], soft_limit: float) -> dict[str, Any]:
    """Run ``fn(*args)`` (in a worker) and say how it went, as plain data."""
    _install_watch()
    _LOG.clear()
    found: dict[str, Counter[str]] = defaultdict(Counter)
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(threading.get_ident(), stop, found))
    signal.signal(signal.SIGALRM, _alarm)
    sampler.start()
    status, findings = "ok", []
    started, cpu = time.perf_counter(), time.process_time()
    signal.setitimer(signal.ITIMER_REAL, soft_limit)
    try:
        result = fn(*args)
        findings = [(f.code, str(f.severity.label)) for f in getattr(result, "findings", ())]
    except _Over:
        status = "timeout"
    except Exception as error:  # noqa: BLE001 - reported, not raised
        status = f"error: {type(error).__name__}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        stop.set()
        sampler.join()
    return {"status": status, "seconds": elapsed, "cpu": cpu, "findings": findings,
            "log": list(_LOG), **{k: dict(v) for k, v in found.items()}}  # fmt: skip


# -- the parent: plan, run, aggregate ------------------------------------------------------------

_KIND = {
    "judge_span": "span",
    "judge_chain": "chain",
    "judge_steps": "steps",
    "judge_problem": "problem",
}


def _slowest(count: int) -> list[str]:
    report = json.loads((corpus.OUT / "realdocs.json").read_text(encoding="utf-8"))
    timed = [
        (row["alone"].get("wall", 0), row["file"]) for row in report["per_file"] if row["alone"]
    ]
    return [name for _, name in sorted(timed, reverse=True)[:count]]


def profile_file(path: Path, pool: Any, soft_limit: float) -> dict[str, Any]:
    from mathlsp.check.engine.plan import Judges, build_plan
    from mathlsp.document import language_for_path, parse_document
    from mathlsp.settings import Settings

    document = parse_document(
        path.read_text(encoding="utf-8-sig"), language_for_path(path.name) or "markdown"
    )
    plan = build_plan(document, Settings(), Judges(), readings=False)
    with_hover = build_plan(document, Settings(), Judges(), readings=True)
    jobs = {job.key: job for job in plan.jobs()}
    started = time.perf_counter()
    futures = {key: pool.submit(measure, job.fn, job.args, soft_limit) for key, job in jobs.items()}
    results = []
    for key, future in futures.items():
        outcome = future.result()
        value = (
            outcome.value
            if outcome.status == "ok"
            else {"status": f"pool {outcome.status}", "seconds": 0.0}
        )
        results.append({"kind": _KIND[str(key[0])], "subject": jobs[key].subject, **value})
    return {"file": path.name, "planned": len(plan.jobs()), "unique": len(jobs),
            "planned_with_hover": len(with_hover.jobs()), "wall": time.perf_counter() - started,
            "jobs": results}  # fmt: skip


def _weighted(jobs: list[dict[str, Any]], field: str) -> Counter[str]:
    """Samples of ``field`` turned into seconds (each job's samples share its seconds)."""
    total: Counter[str] = Counter()
    for job in jobs:
        samples = job.get("samples", {}).get("all", 0)
        for label, count in job.get(field, {}).items():
            total[label] += job["seconds"] * count / samples if samples else 0.0
    return total


def summarise(profile: dict[str, Any]) -> dict[str, Any]:
    jobs = profile["jobs"]
    seconds = sum(j["seconds"] for j in jobs)
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for job in jobs:
        row = kinds[job["kind"]]
        row["jobs"] += 1
        row["seconds"] += job["seconds"]
        row["cpu"] += job.get("cpu", 0.0)
        if job["status"] != "ok":
            row["not_ok"] += 1
            row["seconds_not_ok"] += job["seconds"]
        if any(sev in ("error", "warning") for _, sev in job.get("findings", [])):
            row["flagging"] += 1
    duplicates = {}
    for name in {n for j in jobs for n, _, _ in j.get("log", [])}:
        calls = [(key, s) for j in jobs for n, key, s in j.get("log", []) if n == name]
        first: dict[int, float] = {}
        repeated = 0.0
        for key, s in calls:
            if key in first:
                repeated += s
            else:
                first[key] = s
        duplicates[name] = {"calls": len(calls), "distinct": len(first),
                            "seconds": sum(s for _, s in calls), "seconds_repeated": repeated}  # fmt: skip
    cpu = sum(j.get("cpu", 0.0) for j in jobs)
    return {"seconds": seconds, "cpu": cpu, "kinds": {k: dict(v) for k, v in kinds.items()},
            "entries": _weighted(jobs, "entry").most_common(20),
            "callers": _weighted(jobs, "caller").most_common(20),
            "inclusive": _weighted(jobs, "inclusive").most_common(60),
            "duplicates": duplicates,
            "slowest_jobs": sorted(((j["seconds"], j["kind"], j["status"], j["subject"]) for j in jobs), reverse=True)[:15]}  # fmt: skip


def show(profile: dict[str, Any], summary: dict[str, Any]) -> None:
    total = summary["seconds"] or 1.0
    print(f"\n== {profile['file']}: {profile['planned']} checks planned ({profile['unique']} distinct; "
          f"{profile['planned_with_hover']} with hover readings), pool wall {profile['wall']:.1f} s, "
          f"judgement time {summary['seconds']:.1f} s (CPU {summary['cpu']:.1f} s)")  # fmt: skip
    for kind, row in sorted(summary["kinds"].items(), key=lambda kv: -kv[1]["seconds"]):
        print(f"   {kind:<8} {int(row['jobs']):>4} jobs {row['seconds']:7.1f} s ({100 * row['seconds'] / total:4.1f}%, "
              f"CPU {row['cpu']:.1f} s); "
              f"hit the limit {int(row.get('not_ok', 0))} ({row.get('seconds_not_ok', 0):.1f} s); "
              f"with an error/warning {int(row.get('flagging', 0))}")  # fmt: skip
    print("   SymPy calls entered from mathlsp (seconds, share):")
    for label, s in summary["entries"][:12]:
        print(f"      {s:7.1f} s {100 * s / total:5.1f}%  {label}")
    print("   on the stack (inclusive), mathlsp functions:")
    for label, s in [
        e for e in summary["inclusive"] if e[0].startswith("mathlsp/") and "/engine/" not in e[0]
    ][:16]:
        print(f"      {s:7.1f} s {100 * s / total:5.1f}%  {label}")
    print("   watched calls: calls / distinct / seconds / seconds on repeats")
    for name, d in sorted(summary["duplicates"].items()):
        print(
            f"      {name:<20} {d['calls']:>5} {d['distinct']:>5} {d['seconds']:7.1f} {d['seconds_repeated']:7.1f}"
        )
    print("   slowest jobs:")
    for s, kind, status, subject in summary["slowest_jobs"][:8]:
        print(f"      {s:5.1f} s {kind:<7} {status:<8} {subject}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("globs", nargs="*", help="real-docs file names or globs")
    parser.add_argument(
        "--limit-s", type=float, default=3.0, help="soft limit per check (the CLI's)"
    )
    parser.add_argument("--jobs", type=int, default=None, help="worker processes")
    parser.add_argument("--out", type=Path, default=corpus.OUT / "realdocs_profile.json")
    args = parser.parse_args()
    docs = corpus.shared_path("real-docs", "docs")
    info = corpus.header("tests.bench.realdocs_profile", [docs])
    globs = args.globs or _slowest(3)
    files = sorted(p for p in docs.iterdir() if any(fnmatch.fnmatch(p.name, g) for g in globs))
    from mathlsp.check.engine.sandbox import WorkerPool

    profiles = []
    with WorkerPool(args.jobs, time_limit=args.limit_s + 10.0) as pool:
        for path in files:
            profile = profile_file(path, pool, args.limit_s)
            summary = summarise(profile)
            show(profile, summary)
            profiles.append({**profile, "summary": summary})
    corpus.write_report(args.out, {**info, "profiles": profiles})
    return 0


if __name__ == "__main__":
    sys.exit(main())
