"""Real documents (`../shared/real-docs/docs/`): what mathlsp says about math others wrote, and
how long it takes (issues 10, 11, 13; counted as `/work/shared/notes/benches.md` says).

    .venv/bin/python -m tests.bench.realdocs_bench [--files GLOB] [--no-alone] [--out PATH]

Counts come from one `mathlsp check --format json --stats` run over the whole corpus (all
cores across files, as a user runs it): a catch is an error or warning covering the line of
a `mistakes.json` entry of the same file, every other one a suspected false alarm (listed).
Per-file wall and CPU times come from checking each file alone afterwards (cold, a fresh
pool each time); `--no-alone` skips them. The baseline, in the same run: every math span the
document model finds (align rows split) passed once to `latex2sympy2_extended.latex2sympy`
in one fresh process, errors ignored, no per-span limit; its process wall time (interpreter,
import and parsing) is what the corpus wall time is held against.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from mathlsp.document import language_for_path, parse_document
from mathlsp.document.model import SpanKind

from tests.bench import corpus
from tests.bench.scoring import by_code, is_flag, match_mistakes, unverified_reason

TARGET_FALSE_ALARMS = 3
FILE_SECONDS = 8.0
TIMEOUT_SHARE = 0.5  # percent of planned checks
ISSUE10_COULD_NOT_READ = 1240

_BASELINE = """
import json, sys, time
started = time.perf_counter()
from latex2sympy2_extended import latex2sympy
imported = time.perf_counter()
spans = json.load(open(sys.argv[1], encoding="utf-8"))
errors = 0
for source in spans:
    try:
        latex2sympy(source)
    except BaseException:
        errors += 1
print(json.dumps({"import": imported - started, "parse": time.perf_counter() - imported,
                  "errors": errors}))
"""


def baseline(spans: list[str], folder: Path) -> dict[str, Any]:
    listing = folder / "spans.json"
    listing.write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BASELINE, str(listing)],
                          capture_output=True, text=True, timeout=3600)  # fmt: skip
    wall = time.perf_counter() - started
    figures = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else {}
    return {"wall": wall, "spans": len(spans), **figures}


def _short(name: str, width: int = 46) -> str:
    return name if len(name) <= width else name[: width - 12] + "…" + name[-11:]


def main() -> int:
    parser = corpus.arguments(__doc__.split("\n\n")[0], "realdocs.json")
    parser.add_argument("--files", default="*", metavar="GLOB", help="only files matching GLOB")
    parser.add_argument("--no-alone", action="store_true", help="skip the per-file runs")
    args = parser.parse_args()
    docs = corpus.shared_path("real-docs", "docs")
    mistakes_path = corpus.shared_path("real-docs", "mistakes.json")
    info = corpus.header("tests.bench.realdocs_bench", [docs, mistakes_path])
    files = sorted(p for p in docs.iterdir() if fnmatch.fnmatch(p.name, args.files))
    files = files[: args.limit] if args.limit else files
    names = {p.name for p in files}
    mistakes = [m for m in json.loads(mistakes_path.read_text()) if m["file"] in names]

    spans: list[str] = []
    shape: dict[str, dict[str, int]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        document = parse_document(text, language_for_path(path.name) or "markdown")
        spans += [span.source for span in document.spans]
        rows = sum(span.kind == SpanKind.ENVIRONMENT_LINE for span in document.spans)
        shape[path.name] = {
            "lines": text.count("\n") + 1,
            "spans": len(document.spans),
            "rows": rows,
        }
    with tempfile.TemporaryDirectory(prefix="mathlsp-realdocs-") as folder:
        base = baseline(spans, Path(folder))
    run = corpus.run_check(files, time_limit=args.time_limit)
    file_of = {str(p): p.name for p in files}
    flags = [r for r in run.records if is_flag(r)]
    caught, false_alarms = match_mistakes(flags, mistakes, file_of)
    notes = [r for r in run.records if r["code"] == "unverified"]
    reasons = Counter(unverified_reason(r["message"]) for r in notes)
    stats = run.stats
    planned, timed_out = stats.get("checks_planned", 0), stats.get("checks_timed_out", 0)

    lines = sum(s["lines"] for s in shape.values())
    print(f"\nreal-docs: {len(files)} files, {lines:,} lines, {len(spans):,} math spans "
          f"({sum(s['rows'] for s in shape.values()):,} of them align rows)")  # fmt: skip
    print(f"corpus, one `mathlsp check` run: wall {run.wall:.1f} s, CPU {run.cpu:.1f} s "
          f"(exit {run.exit_code}, load {run.load:.1f} at the end); checks planned {planned:,}, run {stats.get('checks_run', 0):,}, "
          f"hit the time limit {timed_out:,} ({corpus.percent(timed_out, planned):.2f}% of planned)")  # fmt: skip
    print(f"baseline, latex2sympy on every span in one process: wall {base['wall']:.1f} s "
          f"(import {base.get('import', 0):.1f} s, parsing {base.get('parse', 0):.1f} s, "
          f"{base.get('errors', '?')} of {base['spans']:,} spans raised)")  # fmt: skip
    print(f"errors and warnings: {len(flags)}; by code: {by_code(flags)}")
    for today in (True, False):
        group = [(m, found) for m, found in caught if m["caught_today"] is today]
        hits = [f"{m['file']}:{m['line']}" for m, found in group if found]
        misses = [f"{m['file']}:{m['line']}" for m, found in group if not found]
        print(
            f"known mistakes with caught_today {str(today).lower()}: caught {len(hits)} of {len(group)}"
        )
        for label, listed in (("caught", hits), ("missed", misses)):
            for item in listed:
                print(f"    {label}: {item}")
    print(f"suspected false alarms: {len(false_alarms)}")
    for r in false_alarms:
        message = " ".join(r["message"].split())[:110]
        print(f"    {file_of.get(r['file'], r['file'])}:{r['line']} [{r['code']}] {message}")
    print(f"unverified notes: {len(notes)}; by reason: {dict(reasons.most_common())}")
    kept = all(found for m, found in caught if m["caught_today"])
    today_total = sum(1 for m in mistakes if m["caught_today"])
    new_catches = sum(1 for m, found in caught if not m["caught_today"] and found)
    print("\ntargets (issues 10, 11, 13):")
    report_targets = [
        corpus.target(f"at most {TARGET_FALSE_ALARMS} false alarms", str(len(false_alarms)),
                      len(false_alarms) <= TARGET_FALSE_ALARMS),
        corpus.target(f"all {today_total} caught_today mistakes still caught",
                      f"{sum(1 for m, f in caught if m['caught_today'] and f)}", kept),
        corpus.target(f"fewer 'could not read' than {ISSUE10_COULD_NOT_READ:,}",
                      str(reasons["could not read"]), reasons["could not read"] < ISSUE10_COULD_NOT_READ),
        corpus.target("at least 4 caught_today=false mistakes caught (issue 11)", str(new_catches),
                      new_catches >= 4),
        corpus.target("corpus wall <= baseline wall", f"{run.wall:.1f} s vs {base['wall']:.1f} s",
                      run.wall <= base["wall"]),
        corpus.target(f"at most {TIMEOUT_SHARE}% of planned checks hit the time limit",
                      f"{corpus.percent(timed_out, planned):.2f}%",
                      corpus.percent(timed_out, planned) <= TIMEOUT_SHARE),
    ]  # fmt: skip
    per_file = [{"file": p.name, **shape[p.name], "flags": sum(map(is_flag, run.by_file.get(str(p), []))),
                 "false_alarms": sum(1 for r in false_alarms if r["file"] == str(p)),
                 "unverified": sum(r["code"] == "unverified" for r in run.by_file.get(str(p), [])),
                 "alone": {}} for p in files]  # fmt: skip
    report = {
        **info, "files": [str(p) for p in files], "baseline": base,
        "corpus": {"wall": run.wall, "cpu": run.cpu, "exit_code": run.exit_code, "load": run.load, "stats": stats},
        "by_code": by_code(flags), "unverified_by_reason": dict(reasons),
        "mistakes": [{**m, "caught_by": found} for m, found in caught],
        "false_alarms": false_alarms, "per_file": per_file, "targets": report_targets,
        "records": run.records,
    }  # fmt: skip
    corpus.write_report(args.out, report)  # kept if the per-file runs are stopped
    if not args.no_alone:
        alone(files, per_file, args.time_limit)
        slowest = max(per_file, key=lambda row: row["alone"]["wall"])
        report_targets.append(corpus.target(
            f"no file over {FILE_SECONDS:g} s alone", f"slowest {slowest['alone']['wall']:.1f} s "
            f"({slowest['file']})", slowest["alone"]["wall"] <= FILE_SECONDS))  # fmt: skip
        corpus.write_report(args.out, report)
    if args.files != "*" or args.limit:
        print("  (partial run: the targets are for the whole corpus)")
    return 0 if run.exit_code in (0, 1) else 1


def alone(files: list[Path], per_file: list[dict[str, Any]], time_limit: float | None) -> None:
    """Each file checked by itself (cold), printed as it completes."""
    print(f"\neach file alone:\n{'file':<46} {'lines':>5} {'spans':>5} {'flags':>5} {'false':>5} "
          f"{'unver':>5} {'planned':>7} {'t/o':>4} {'wall s':>7} {'cpu s':>7}")  # fmt: skip
    for path, row in zip(files, per_file, strict=True):
        single = corpus.run_check([path], time_limit=time_limit)
        row["alone"] = {"wall": single.wall, "cpu": single.cpu, **{
            k: single.stats.get(k, 0) for k in ("checks_planned", "checks_run", "checks_timed_out")}}  # fmt: skip
        one = row["alone"]
        print(f"{_short(path.name):<46} {row['lines']:>5} {row['spans']:>5} {row['flags']:>5} "
              f"{row['false_alarms']:>5} {row['unverified']:>5} {one['checks_planned']:>7} "
              f"{one['checks_timed_out']:>4} {one['wall']:7.1f} {one['cpu']:7.1f}")  # fmt: skip
    walls = [row["alone"]["wall"] for row in per_file]
    print(f"sum of the files alone: wall {sum(walls):.1f} s, CPU "
          f"{sum(row['alone']['cpu'] for row in per_file):.1f} s")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
