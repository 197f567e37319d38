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
    parser.add_argument(
        "--stall-timeout",
        type=float,
        help="seconds without a byte, once the reply has started, before giving up "
        "(default 60; 0: never)",
    )
    parser.add_argument(
        "--vote",
        choices=("majority", "verified"),
        help="majority: the largest group wins; verified (default): a sample whose answer "
        "SymPy refutes loses its vote",
    )
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
        ("stall_timeout", "stall_timeout"),
        ("vote", "vote"),
    ):
        value = getattr(args, option)
        if value is not None:
            if field in ("samples", "max_tokens", "request_timeout") and value <= 0:
                raise ValueError(f"--{option.replace('_', '-')} must be positive")
            if field == "stall_timeout" and value < 0:
                raise ValueError("--stall-timeout must be 0 (never) or positive")
            changes[field] = value
    changes["show_thinking"] = bool(args.show_thinking)
    return dataclasses.replace(Settings(), **changes)


def _redacted(value: Any) -> Any:
    """Every string in a JSON value with secrets masked (``solve.secrets``)."""
    from mathlsp.solve.secrets import redact

    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    return value


def _steps_json(steps: Any) -> list[dict[str, Any]]:
    return [{"source": s.source, "message": s.message, "line": s.line} for s in steps]


def result_json(result: SolveResult, *, show_thinking: bool) -> dict[str, Any]:
    samples = []
    checks = result.verification.samples if result.verification is not None else ()
    for index, sample in enumerate(result.samples):
        check = checks[index] if index < len(checks) else None
        entry: dict[str, Any] = {
            "answer": sample.answer,
            "finish_reason": sample.finish_reason,
            "tokens": sample.tokens,
            "sympy": check.answer if check is not None else "unknown",
            "false_steps": _steps_json(check.false_steps if check is not None else ()),
        }
        if show_thinking:
            entry["reasoning"], entry["solution"] = sample.reasoning, sample.solution
        samples.append(entry)
    return dict(
        _redacted(
            {
                "answer": result.answer,
                "agreement": result.agreement,
                "samples": samples,
                "reasoning": result.reasoning,
                "solution": result.solution,
                "model": result.model,
                "truncated": result.truncated,
                "note": result.note,
                "vote": result.vote,
                "sympy": result.sympy,
                "computed": result.computed,
                "false_steps": _steps_json(result.false_steps),
            }
        )
    )


class _Printer:
    """Streams the first sample's text: thinking dim (on a terminal), then the solution,
    secrets masked (a hostile reply may repeat the key)."""

    def __init__(self, out: TextIO, err: TextIO, show_thinking: bool) -> None:
        from mathlsp.solve.secrets import StreamRedactor

        self.redactor = StreamRedactor()
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
            self._write(self.redactor.flush())
            if self.kind and not self.last_newline:
                self.out.write("\n")
            if self.color:
                self.out.write(DIM if kind == "reasoning" else RESET)
            self.kind, self.fresh = kind, True
        if self.fresh:  # no blank lines at the start of a part
            text = text.lstrip("\n")
            self.fresh = not text
        self._write(self.redactor.feed(text))

    def _write(self, text: str) -> None:
        if text:
            self.out.write(text)
            self.last_newline = text.endswith("\n")
            self.out.flush()

    def progress(self, progress: Progress) -> None:
        if self.status:
            self.err.write(f"\r{progress.phase}: {progress.tokens} tokens ")
            self.err.flush()

    def end(self) -> None:
        self._write(self.redactor.flush())
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
        from mathlsp.solve.secrets import redact

        printer.end()
        total = len(result.samples)
        if result.answer is not None:
            agree = f"{result.agreement} of {total} samples agree; {result.model}"
            print(redact(f"answer: {result.answer}  ({agree})"))
            for line in result.false_step_lines():
                print(redact(line))
            if result.sympy_text():
                print(redact(result.sympy_text()))
        else:
            print(redact(f"no answer ({result.model})"))
        if result.note:
            print(redact(f"note: {result.note}"), file=sys.stderr)
    return 0 if result.answer is not None else 1
