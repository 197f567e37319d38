"""What the corpus benches share: finding ``../shared``, the run header, one `mathlsp check`
run with its wall and CPU time, documents built with known line ranges, and the JSON report.

The benches (``realdocs``, ``math_train``, ``processbench``, ``prm800k``) build their
documents as ``/work/shared/notes/benches.md`` says; what decides their counts is pure and
lives in ``documents.py`` and ``scoring.py`` (tested in ``tests/bench_support/``).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.bench.check_bench import _cpu_ticks, _tree

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MATHLSP_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "tests" / "bench" / "out"
STATS_PREFIX = "mathlsp: stats "


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``, or exit 2 with a clear message when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"../shared not found: {path} is missing (benches read ../shared; set "
              "MATHLSP_SHARED to point elsewhere). Nothing measured.", file=sys.stderr)  # fmt: skip
        raise SystemExit(2)
    return path


def commit() -> str:
    """The checked-out commit, with `+dirty` when the tree has uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "-uno"],
                               capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def header(name: str, inputs: Sequence[Path]) -> dict[str, Any]:
    """Print and return what every bench states first: command line, commit, ../shared."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)  # progress shows in a redirected log
    python = os.path.relpath(sys.executable, ROOT)
    python = python if not python.startswith("..") else sys.executable
    command = " ".join(shlex.quote(a) for a in [python, "-m", name, *sys.argv[1:]])
    info = {
        "command": command,
        "commit": commit(),
        "shared": str(SHARED),
        "shared_found": all(path.exists() for path in inputs),
        "inputs": [str(path) for path in inputs],
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    print(f"command: {command}")
    print(f"commit: {info['commit']}; ../shared found at {SHARED}: {info['shared_found']}; "
          f"{info['cores']} cores, load average {info['load_average']:.1f}")  # fmt: skip
    return info


def start(
    name: str, doc: str, out_name: str, *parts: str
) -> tuple[argparse.Namespace, Path, dict[str, Any]]:
    """A data bench's start: its options, its input under ``../shared``, the header."""
    args = arguments(doc.split("\n\n")[0], out_name).parse_args()
    source = shared_path(*parts)
    return args, source, header(name, [source])


def load_rows(path: Path) -> list[dict[str, Any]]:
    """A JSON list, or JSON Lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        rows: list[dict[str, Any]] = json.loads(text)
        return rows
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def fresh_folder(out: Path) -> Path:
    """``<out stem>-docs`` beside the report, emptied: the built documents stay there to study."""
    folder = out.with_name(out.stem + "-docs")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def arguments(description: str, out_name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=OUT / out_name, help="detailed JSON report")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="first N items only")
    parser.add_argument("--time-limit", type=float, default=None, metavar="S",
                        help="passed to mathlsp check (default: its own)")  # fmt: skip
    return parser


# -- one `mathlsp check` run --------------------------------------------------------------------


@dataclass
class CheckRun:
    records: list[dict[str, Any]]  # the JSON diagnostics
    stats: dict[str, Any]  # the --stats line
    wall: float
    cpu: float  # user + system seconds of the process tree (workers included), sampled
    exit_code: int
    stderr_tail: str = ""
    load: float = 0.0  # 1-minute load average when it ended: wall times and 3 s limits feel it
    by_file: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _sample_cpu(process: subprocess.Popen[str], seen: dict[int, int]) -> None:
    """Each process of the tree's CPU ticks as last seen (the workers are grandchildren, so
    getrusage never sees them; a process's last ~0.1 s before it dies can be missed)."""
    while process.poll() is None:
        for pid in _tree(process.pid):
            seen[pid] = max(seen.get(pid, 0), _cpu_ticks(pid))
        time.sleep(0.1)


def run_check(paths: Sequence[Path], *, time_limit: float | None = None,
              timeout: float = 7200) -> CheckRun:  # fmt: skip
    """`mathlsp check --format json --stats PATHS` as a subprocess (cold: a fresh pool and
    cache, as a user's run)."""
    command = [sys.executable, "-m", "mathlsp", "check", "--format", "json", "--stats"]
    if time_limit is not None:
        command += ["--time-limit", str(time_limit)]
    command += [str(path) for path in paths]
    seen: dict[int, int] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=_sample_cpu, args=(process, seen), daemon=True)
    sampler.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        err += f"\n(bench: killed after {timeout:.0f} s)"
    wall = time.perf_counter() - started
    sampler.join()
    try:
        records = json.loads(out) if out.strip() else []
    except json.JSONDecodeError:
        records = []
    stats: dict[str, Any] = {}
    for line in err.splitlines():
        if line.startswith(STATS_PREFIX):
            stats = json.loads(line.removeprefix(STATS_PREFIX))
    run = CheckRun(records, stats, wall, sum(seen.values()) / os.sysconf("SC_CLK_TCK"),
                   process.returncode, err[-2000:], os.getloadavg()[0])  # fmt: skip
    for record in records:
        run.by_file.setdefault(record["file"], []).append(record)
    if process.returncode not in (0, 1):
        print(f"warning: mathlsp check exited {process.returncode}: {err[-500:]}", file=sys.stderr)
    return run


# -- documents with known line ranges -------------------------------------------------------------


class Builder:
    """A Markdown document built paragraph by paragraph, each separated by one blank line;
    ``add`` returns the 1-based first and last line the paragraph occupies."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str) -> tuple[int, int]:
        if self.lines:
            self.lines.append("")
        first = len(self.lines) + 1
        self.lines += text.split("\n")
        return first, len(self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def write_documents(folder: Path, texts: Sequence[str], stem: str) -> list[Path]:
    """``texts`` as ``stem-0001.md``...; the paths in order."""
    paths = []
    for number, text in enumerate(texts, 1):
        path = folder / f"{stem}-{number:04d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# -- reporting ----------------------------------------------------------------------------------


def percent(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def target(label: str, value: str, met: bool) -> str:
    line = f"  target {label}: {value} ({'met' if met else 'NOT met'})"
    print(line)
    return line


def write_report(path: Path, report: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"details: {path}")
