"""`mathlsp serve`: the language server over stdio (default) or TCP (``--tcp HOST:PORT``).

pygls and the core are imported inside ``run`` so other subcommands never pay for them.
Logs go to stderr (and ``window/logMessage``); stdout carries the protocol only.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    if not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1 to 65535, got {port}")
    return host or "127.0.0.1", int(port)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)"
    )
    parser.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        type=_host_port,
        help="listen on a TCP socket instead (for debugging)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="stderr log level (default INFO)",
    )


class _Redacting(logging.Formatter):
    """Log lines with secrets masked, tracebacks included: an exception's text may hold a
    server's echo of the API key, a URL its password (``solve.secrets``)."""

    def format(self, record: logging.LogRecord) -> str:
        from mathlsp.solve.secrets import redact  # lazily: the solve package is not small

        return redact(super().format(record))


def run(args: argparse.Namespace) -> int:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(handlers=[handler], level=getattr(logging, args.log_level))
    logging.getLogger("pygls").setLevel(max(logging.WARNING, logging.getLogger().level))
    from mathlsp.lsp.server import build_server

    server = build_server()
    try:
        if args.tcp is not None:
            return _serve_tcp(server, *args.tcp)
        if sys.stdin.isatty():
            logging.getLogger("mathlsp").info(
                "waiting for an LSP client on stdin (editors start `mathlsp serve` "
                "themselves); Ctrl+C stops it"
            )
        code = server.serve_stdio()  # 1 for `exit` without `shutdown` (LSP spec)
    finally:
        server.close()
    return code


def _serve_tcp(server: LanguageServer, host: str, port: int) -> int:
    """Listen on ``host:port``; a port in use or an unknown host is a message and exit 2."""
    logging.getLogger("mathlsp").info("listening on %s:%d", host, port)
    try:
        server.start_tcp(host, port)
    except OSError as error:
        # asyncio wraps bind errors in a long text; errno's own words are the useful part
        errno = error.errno
        reason = os.strerror(errno) if errno and errno > 0 else error.strerror or str(error)
        print(f"mathlsp serve: cannot listen on {host}:{port}: {reason}", file=sys.stderr)
        return 2
    return 0
