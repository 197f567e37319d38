"""`mathlsp check PATH...`: check the math in Markdown and LaTeX files, compiler-style.

Files and folders (folders recurse into .md, .markdown and .tex, skipping hidden folders and
node_modules); every file's judgements go to one shared worker pool at once, so all cores
work across files. Output on stdout (text or JSON, per DESIGN's CLI contract), a summary and
any file errors on stderr. Exit 1 if any error-severity diagnostic, 2 for a usage error, a
file that could not be read or a folder with no notes in it (the other paths are still
checked), else 0. UTF-8 is read, and UTF-16 or UTF-32 with a byte-order mark. Heavy imports
happen inside ``run``: ``cli.py`` imports this module just to build its parser.
"""

from __future__ import annotations

import argparse
import codecs
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mathlsp.check.diagnostics import Diagnostic
    from mathlsp.check.engine.checker import CheckReport
    from mathlsp.document.model import Document, Language

FOLDER_SUFFIXES = (".md", ".markdown", ".tex")
NO_NOTES = "no .md, .markdown or .tex files in this folder"
# Longest first: a UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
SKIPPED_FOLDERS = ("node_modules",)
PROGRESS_MIN_FILES = 20


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to check")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--time-limit", type=_positive_float, default=None, metavar="S",
        help="seconds per SymPy check (default 3)",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", "-j", type=_positive_int, default=None, metavar="N",
        help="worker processes (default: one per core)",
    )  # fmt: skip
    parser.add_argument(
        "--stats", action="store_true",
        help="also print one JSON line of check counts on stderr (`mathlsp: stats {...}`)",
    )  # fmt: skip


@dataclass(slots=True)
class Source:
    """One file to check: its name as shown, its text and language."""

    name: str
    text: str
    language: Language


def discover(paths: list[str]) -> tuple[list[tuple[str, Path]], list[str]]:
    """Files to read (name as shown, path) and the errors for paths that are not there."""
    found: list[tuple[str, Path]] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            before = len(found)
            for folder, subfolders, files in os.walk(path):
                subfolders[:] = sorted(
                    d for d in subfolders if not d.startswith(".") and d not in SKIPPED_FOLDERS
                )
                for name in sorted(files):
                    if name.lower().endswith(FOLDER_SUFFIXES) and not name.startswith("."):
                        found.append((os.path.join(folder, name), Path(folder, name)))
            if len(found) == before:
                errors.append(f"{raw}: {NO_NOTES}")
        elif path.exists():
            found.append((raw, path))
        else:
            errors.append(f"{raw}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for name, path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((name, path))
    return unique, errors


def read_source(name: str, path: Path) -> Source | str:
    """The file's text, or why it cannot be checked."""
    from mathlsp.document import language_for_path

    try:
        data = path.read_bytes()
    except OSError as error:
        return f"{name}: cannot read: {error.strerror or error}"
    try:
        text = decode(data)
    except NotText as error:
        return f"{name}: {error}, not checked"
    return Source(name, text, language_for_path(name) or "markdown")


class NotText(ValueError):
    """The bytes are not text this command reads; the message says what they are."""


def decode(data: bytes) -> str:
    """Text from UTF-8, or from UTF-16/32 with a byte-order mark; ``NotText`` otherwise."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise NotText(f"starts like {label} text but is not valid {label}") from None
    unmarked = _unmarked_utf16(data)
    if unmarked:
        raise NotText(f"{unmarked} text without a byte-order mark (save it as UTF-8)")
    if b"\0" in data:
        raise NotText("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise NotText(f"not UTF-8 text (byte 0x{byte:02x} at offset {error.start})") from None


def _unmarked_utf16(data: bytes) -> str | None:
    """``UTF-16-LE``/``-BE`` when a quarter of the code units have their zero byte on one
    side (the ASCII of math and spaces) and all of it decodes to printable text."""
    units = len(data) // 2
    if units == 0 or len(data) % 2 or b"\0" not in data:
        return None
    high_zero, low_zero = data[1::2].count(0), data[0::2].count(0)
    for zeros, codec in ((high_zero, "utf-16-le"), (low_zero, "utf-16-be")):
        if zeros * 4 >= units:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if all(c.isprintable() or c in "\n\r\t\f" for c in text):
                return codec.upper()
    return None


def as_record(name: str, diagnostic: Diagnostic) -> dict[str, Any]:
    """One JSON object per DESIGN's CLI contract (1-based lines and UTF-16 columns)."""
    start, end = diagnostic.range.start, diagnostic.range.end
    record: dict[str, Any] = {
        "file": name,
        "line": start.line + 1,
        "column": start.character + 1,
        "end_line": end.line + 1,
        "end_column": end.character + 1,
        "severity": diagnostic.severity.label,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }
    if diagnostic.data:
        record["data"] = dict(diagnostic.data)
    return record


def as_text(record: dict[str, Any]) -> str:
    message = " ".join(str(record["message"]).split())
    return (
        f"{record['file']}:{record['line']}:{record['column']}: "
        f"{record['severity']} [{record['code']}] {message}"
    )


class _Progress:
    """``checking 120/480`` on a terminal's stderr, redrawn in place."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and (done == total or done % 25 == 0):
            sys.stderr.write(f"\rmathlsp: checking {done}/{total}")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def stats(sources: list[Source], reports: list[CheckReport]) -> dict[str, Any]:
    """Check counts for benches: per file the checks its plan makes and how many of those
    hit the time limit; for the run the worker tasks run and the cache hits."""
    files = [
        {"file": s.name, "checks_planned": r.checks_planned, "checks_timed_out": r.checks_timed_out}
        for s, r in zip(sources, reports, strict=True)
    ]
    return {
        "checks_planned": sum(r.checks_planned for r in reports),
        "checks_timed_out": sum(r.checks_timed_out for r in reports),
        "checks_run": reports[0].checks_run if reports else 0,
        "cache_hits": reports[0].cache_hits if reports else 0,
        "files": files,
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "information" else f"{count} {word}s"


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from mathlsp.check.diagnostics import Severity
    from mathlsp.check.engine.checker import Checker
    from mathlsp.check.engine.sandbox import WorkerPool
    from mathlsp.document import parse_document
    from mathlsp.settings import Settings

    started = time.perf_counter()
    settings = Settings()
    if args.time_limit is not None:
        settings = dataclasses.replace(settings, check_time_limit=args.time_limit)
    pool = WorkerPool(
        args.jobs, time_limit=settings.check_time_limit, memory_mb=settings.check_memory_mb
    )
    pool.start()  # workers boot while the files are read and scanned
    files, errors = discover(args.paths)
    sources: list[Source] = []
    for name, path in files:
        source = read_source(name, path)
        if isinstance(source, str):
            errors.append(source)
        else:
            sources.append(source)
    documents: list[Document] = [parse_document(s.text, s.language) for s in sources]
    progress = _Progress(sys.stderr.isatty() and len(documents) >= PROGRESS_MIN_FILES)
    with pool, Checker(settings, pool=pool, readings=False) as checker:
        reports = checker.check_many(documents, on_progress=progress)
    progress.clear()

    records = [
        as_record(source.name, diagnostic)
        for source, report in zip(sources, reports, strict=True)
        for diagnostic in report.diagnostics
    ]
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for record in records:
            print(as_text(record))
    for error in errors:
        print(f"mathlsp: {error}", file=sys.stderr)

    counts = {s: sum(1 for r in records if r["severity"] == s.label) for s in Severity}
    run_count = reports[0].checks_run if reports else 0
    hits = reports[0].cache_hits if reports else 0
    if args.stats:
        print(f"mathlsp: stats {json.dumps(stats(sources, reports))}", file=sys.stderr)
    summary = ", ".join(_plural(counts[s], s.label) for s in Severity if s != Severity.HINT)
    problems = sum(len(d.problems) for d in documents)
    with_math = sum(1 for d in documents if d.spans)
    cached = f" ({hits} from cache)" if hits else ""
    print(
        f"mathlsp: {_plural(len(sources), 'file')}, {with_math} with math, "
        f"{_plural(problems, 'problem')}, "
        f"{_plural(run_count, 'check')}{cached}: {summary} "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    if errors:
        return 2
    return 1 if counts[Severity.ERROR] else 0
