"""Benchmark `mathlsp check` on generated drafts of 100, 1,000 and 5,000 problems.

Run by `make bench` (not by pytest). Each draft mixes closed claims, `A = B = C` chains,
solving steps and written answers (derivatives, integrals, equations, limits), with varied
coefficients so the cache cannot collapse them, and about one planted mistake in five. Each
size is checked cold, as a subprocess; the process tree's memory is sampled from /proc.
Reported against a baseline measured in the same run (a bare `import sympy,
latex2sympy2_extended` start-up), so the figures compare across machines.
Target: 1,000 problems in under 10 s on a 2-core machine, near linear growth.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SIZES = (100, 1_000, 5_000)
TARGET_SECONDS_1000 = 10.0


def _problem(number: int, rng: random.Random) -> str:
    """One problem in one of six shapes; about a fifth carry a planted mistake."""
    a, b, c = rng.randint(2, 999), rng.randint(1, 999), rng.randint(2, 12)
    wrong = rng.random() < 0.2
    shape = number % 6
    head = f"## Problem {number}."
    if shape == 0:
        answer = f"{c}x^{{{c - 1}}} + {a}" if not wrong else f"{c}x^{{{c}}} + {a}"
        return f"{head} Differentiate $x^{{{c}}} + {a}x + {b}$.\n\n**Answer:** ${answer}$\n"
    if shape == 1:
        value = f"\\frac{{{a}}}{{{c + 1}}}" if not wrong else f"\\frac{{{a}}}{{{c}}}"
        return f"{head} Evaluate $\\int_0^1 {a}x^{{{c}}}\\,dx$.\n\n**Answer:** ${value}$\n"
    if shape == 2:
        roots = f"x = {a} or x = {-b}" if not wrong else f"x = {a}"
        return (
            f"{head} Solve $(x - {a})(x + {b}) = 0$.\n\n"
            f"$$x^2 + {b - a}x - {a * b} = 0$$\n\n$$(x - {a})(x + {b}) = 0$$\n\n"
            f"**Answer:** ${roots.replace(' or ', ', ')}$\n"
        )
    if shape == 3:
        step = f"x = {a}" if wrong else f"x(x - {a}) = 0"
        return (
            f"{head} Solve $x^2 = {a}x$.\n\n$$x^2 = {a}x$$\n\n$$x^2 - {a}x = 0$$\n\n$${step}$$\n\n"
            f"**Answer:** $x = 0, x = {a}$\n"
        )
    if shape == 4:
        last = f"x^2 + {2 * a}x + {a * a}" if not wrong else f"x^2 + {a}x + {a * a}"
        return (
            f"{head} Expand $(x + {a})^2$.\n\n$$(x + {a})^2 = (x + {a})(x + {a}) = {last}$$\n\n"
            f"**Answer:** ${last}$\n"
        )
    total = a * (a + 1) // 2 + (1 if wrong else 0)
    limit = f"\\lim_{{x \\to 0}} \\frac{{\\sin({c}x)}}{{x}}"
    return (
        f"{head} Compute the limit ${limit}$.\n\nWe also note $\\sum_{{k=1}}^{{{a}}} k = {total}$ "
        f"and $2^{{{c}}} = {2**c}$.\n\n**Answer:** ${c}$\n"
    )


def generate(count: int, seed: int = 7) -> str:
    rng = random.Random(seed + count)
    parts = [f"# Generated draft ({count} problems)\n"]
    parts += [_problem(number, rng) for number in range(1, count + 1)]
    return "\n".join(parts)


@dataclass
class Run:
    problems: int
    seconds: float
    cpu_seconds: float  # user + system time of the whole process tree
    checks: int
    diagnostics: dict[str, int]
    peak_tree_mb: float
    exit_code: int


def _tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between the processes), else RSS."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _sample(process: subprocess.Popen[str], peak: list[int], cpu: dict[int, int]) -> None:
    """Peak memory of the tree, and each process's CPU time as last seen (the workers are
    grandchildren: getrusage in this process never sees them)."""
    while process.poll() is None:
        pids = _tree(process.pid)
        peak[0] = max(peak[0], sum(_memory_kb(pid) for pid in pids))
        for pid in pids:
            cpu[pid] = max(cpu.get(pid, 0), _cpu_ticks(pid))
        time.sleep(0.05)


def check(path: Path, problems: int) -> Run:
    command = [sys.executable, "-m", "mathlsp", "check", str(path), "--format", "json"]
    peak = [0]
    cpu: dict[int, int] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=_sample, args=(process, peak, cpu), daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    records = json.loads(out) if out.strip() else []
    counts: dict[str, int] = {}
    for record in records:
        counts[record["severity"]] = counts.get(record["severity"], 0) + 1
    match = re.search(r"(\d+) checks?", err)
    checks = int(match.group(1)) if match else 0
    cpu_seconds = sum(cpu.values()) / os.sysconf("SC_CLK_TCK")
    return Run(problems, seconds, cpu_seconds, checks, counts, peak[0] / 1024, process.returncode)


def baseline() -> float:
    """Seconds for a bare interpreter to import SymPy and the LaTeX parser (best of 3)."""
    code = "import sympy, latex2sympy2_extended"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    base = baseline()
    print(
        f"baseline: `import sympy, latex2sympy2_extended` start-up {base:.2f} s; {os.cpu_count()} cores"
    )
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="mathlsp-bench-") as folder:
        for size in SIZES:
            path = Path(folder, f"draft-{size}.md")
            path.write_text(generate(size), encoding="utf-8")
            runs.append(check(path, size))
    cores = os.cpu_count() or 1
    print(
        f"{'problems':>8} {'wall s':>7} {'x base':>7} {'cpu s':>7} {'cpu/cores':>9} {'checks':>7} "
        f"{'checks/s':>9} {'peak MB':>8} {'errors':>7} {'warn':>5} {'info':>5} {'exit':>4}"
    )
    for run in runs:
        d = run.diagnostics
        print(
            f"{run.problems:>8} {run.seconds:>7.2f} {run.seconds / base:>7.1f} "
            f"{run.cpu_seconds:>7.1f} {run.cpu_seconds / cores:>9.1f} {run.checks:>7} "
            f"{run.checks / run.seconds:>9.0f} {run.peak_tree_mb:>8.0f} {d.get('error', 0):>7} "
            f"{d.get('warning', 0):>5} {d.get('information', 0):>5} {run.exit_code:>4}"
        )
    load = os.getloadavg()[0]
    print(f"load average now {load:.1f} on {cores} cores (wall times grow with other load; "
          "cpu/cores is the wall time the same work needs on idle cores)")  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest single process (getrusage, children): {children:.0f} MB")
    by_size = {run.problems: run for run in runs}
    growth = by_size[5_000].seconds / by_size[1_000].seconds
    cpu_growth = by_size[5_000].cpu_seconds / max(by_size[1_000].cpu_seconds, 1e-9)
    print(f"growth t(5000)/t(1000) = {growth:.2f}, cpu {cpu_growth:.2f} (linear: 5.00)")
    t1000 = by_size[1_000].seconds
    verdict = "met" if t1000 < TARGET_SECONDS_1000 else "MISSED"
    print(f"target: 1,000 problems in < {TARGET_SECONDS_1000:.0f} s: {t1000:.2f} s ({verdict})")
    return 0 if all(run.exit_code in (0, 1) for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
