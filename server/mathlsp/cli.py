"""The ``mathlsp`` command: ``serve``, ``check``, ``grade``, ``solve``, ``bench``.

Each subcommand lives in ``mathlsp.commands.<name>`` with ``add_arguments(parser)`` and
``run(args) -> int``; this module only dispatches, importing a subcommand when it is used so
``mathlsp check`` never pays for the solver or the language server.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mathlsp import __version__

SUBCOMMANDS = {
    "serve": "run the language server (stdio, or --tcp HOST:PORT)",
    "check": "check the math in Markdown and LaTeX files or folders",
    "grade": "decide whether answer pairs in a JSONL file are equivalent",
    "solve": "solve one problem with the reasoning model",
    "bench": "benchmark the backend on MATH-500",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mathlsp", description="Check and solve the math in Markdown and LaTeX notes."
    )
    parser.add_argument("--version", action="version", version=f"mathlsp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        module = importlib.import_module(f"mathlsp.commands.{name}")
        module.add_arguments(sub_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    module = importlib.import_module(f"mathlsp.commands.{args.command}")
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        print("mathlsp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """``mathlsp check ... | head``: the reader closed stdout. Stop quietly, as ``cat`` does
    (exit 141, what a shell reports for SIGPIPE), and keep Python's final flush from failing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141
