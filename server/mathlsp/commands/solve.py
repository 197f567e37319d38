"""`mathlsp solve`: solve one problem through the backend and print the answer (text or JSON).

Exit status: 0 with an answer, 1 when no sample gave one, 2 for a usage error or unreadable
file, 3 when the backend failed (the message says what to do). Heavy imports happen in
``run`` so the ``mathlsp`` parser stays cheap.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from mathlsp.settings import Settings
    from mathlsp.solve import Progress, SolveResult

DIM, RESET = "\033[2m", "\033[0m"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", nargs="?", help="the problem text ('-' reads stdin)")
    parser.add_argument("--file", type=Path, help="a Markdown or LaTeX file holding the problem")
    parser.add_argument("--line", type=int, help="1-based line inside the problem (with --file)")
    parser.add_argument("--base-url", help="OpenAI-compatible base URL (default: settings/env)")
    parser.add_argument("--model", help="model id (default: the first one the server lists)")
    parser.add_argument("--samples", type=int, help="samples to vote over (default 1)")
    parser.add_argument("--max-tokens", type=int, help="token limit per sample (default 32768)")
    parser.add_argument("--timeout", type=float, help="seconds for the whole generation")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--show-thinking",
        action="store_true",
        help="text: print the thinking even when stdout is not a terminal; "
        "json: include every sample's thinking",
    )


def _problem_from_file(path: Path, line: int | None) -> str:
    text = path.read_text(encoding="utf-8")
    from mathlsp.document import language_for_path, parse_document

    language = language_for_path(str(path)) or "markdown"
    problems = parse_document(text, language).problems
    if not problems:
        raise ValueError(f"{path}: no problem found")
    if line is None:
        return str(problems[0].statement)
    inside = [p for p in problems if p.range.start.line <= line - 1 <= p.range.end.line]
    if not inside:
        raise ValueError(f"{path}:{line}: no problem at this line")
    return str(inside[-1].statement)


def _settings(args: argparse.Namespace) -> Settings:
    from mathlsp.settings import Settings

    changes: dict[str, Any] = {}
    for option, field in (
        ("base_url", "backend_url"),
        ("model", "model"),
        ("samples", "samples"),
        ("max_tokens", "max_tokens"),
        ("timeout", "request_timeout"),
    ):
        value = getattr(args, option)
        if value is not None:
            if field in ("samples", "max_tokens", "request_timeout") and value <= 0:
                raise ValueError(f"--{option.replace('_', '-')} must be positive")
            changes[field] = value
    changes["show_thinking"] = bool(args.show_thinking)
    return dataclasses.replace(Settings(), **changes)


def result_json(result: SolveResult, *, show_thinking: bool) -> dict[str, Any]:
    samples = []
    for sample in result.samples:
        entry: dict[str, Any] = {
            "answer": sample.answer,
            "finish_reason": sample.finish_reason,
            "tokens": sample.tokens,
        }
        if show_thinking:
            entry["reasoning"], entry["solution"] = sample.reasoning, sample.solution
        samples.append(entry)
    return {
        "answer": result.answer,
        "agreement": result.agreement,
        "samples": samples,
        "reasoning": result.reasoning,
        "solution": result.solution,
        "model": result.model,
        "truncated": result.truncated,
        "note": result.note,
    }


class _Printer:
    """Streams the first sample's text: thinking dim (on a terminal), then the solution."""

    def __init__(self, out: TextIO, err: TextIO, show_thinking: bool) -> None:
        self.out, self.err = out, err
        self.color = out.isatty()
        self.thinking = show_thinking or self.color
        self.kind = ""
        self.fresh, self.last_newline = False, True
        self.status = err.isatty() and not self.thinking

    def text(self, index: int, kind: str, text: str) -> None:
        if index != 0 or (kind == "reasoning" and not self.thinking):
            return
        if kind != self.kind:
            if self.kind and not self.last_newline:
                self.out.write("\n")
            if self.color:
                self.out.write(DIM if kind == "reasoning" else RESET)
            self.kind, self.fresh = kind, True
        if self.fresh:  # no blank lines at the start of a part
            text = text.lstrip("\n")
            self.fresh = not text
        if text:
            self.out.write(text)
            self.last_newline = text.endswith("\n")
            self.out.flush()

    def progress(self, progress: Progress) -> None:
        if self.status:
            self.err.write(f"\r{progress.phase}: {progress.tokens} tokens ")
            self.err.flush()

    def end(self) -> None:
        if self.color and self.kind == "reasoning":
            self.out.write(RESET)
        if self.kind and not self.last_newline:
            self.out.write("\n")
        if self.status:
            self.err.write("\r\033[K")
        self.out.flush()


def run(args: argparse.Namespace) -> int:
    import asyncio

    from mathlsp.solve import BackendError, solve

    try:
        if args.file is not None:
            if args.problem is not None:
                raise ValueError("give either PROBLEM or --file, not both")
            problem = _problem_from_file(args.file, args.line)
        elif args.problem == "-":
            problem = sys.stdin.read()
        elif args.problem:
            problem = args.problem
        else:
            raise ValueError("give a PROBLEM, '-' for stdin, or --file F --line N")
        if not problem.strip():
            raise ValueError("the problem is empty")
        settings = _settings(args)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"mathlsp solve: {error}", file=sys.stderr)
        return 2
    text_mode = args.format == "text"
    printer = _Printer(sys.stdout, sys.stderr, args.show_thinking)
    if text_mode and settings.samples > 1:
        print(f"sampling {settings.samples} replies; showing the first", file=sys.stderr)
    try:
        result = asyncio.run(
            solve(
                problem,
                settings,
                on_progress=printer.progress if text_mode else None,
                on_text=printer.text if text_mode else None,
            )
        )
    except BackendError as error:
        printer.end()
        print(f"mathlsp solve: {error}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # the reader went away (`| head`): the stream is closed, stop
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    if not text_mode:
        json.dump(
            result_json(result, show_thinking=args.show_thinking), sys.stdout, ensure_ascii=False
        )
        sys.stdout.write("\n")
    else:
        printer.end()
        total = len(result.samples)
        if result.answer is not None:
            print(
                f"answer: {result.answer}  ({result.agreement} of {total} samples agree; {result.model})"
            )
        else:
            print(f"no answer ({result.model})")
        if result.note:
            print(f"note: {result.note}", file=sys.stderr)
    return 0 if result.answer is not None else 1
