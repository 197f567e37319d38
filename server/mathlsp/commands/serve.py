"""`mathlsp serve`: the language server over stdio (default) or TCP (``--tcp HOST:PORT``).

pygls and the core are imported inside ``run`` so other subcommands never pay for them.
Logs go to stderr (and ``window/logMessage``); stdout carries the protocol only.
"""

from __future__ import annotations

import argparse
import logging
import sys


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
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


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        stream=sys.stderr,
        level=getattr(logging, args.log_level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("pygls").setLevel(max(logging.WARNING, logging.getLogger().level))
    from mathlsp.lsp.server import build_server

    server = build_server()
    try:
        if args.tcp is not None:
            host, port = args.tcp
            logging.getLogger("mathlsp").info("listening on %s:%d", host, port)
            server.start_tcp(host, port)
        else:
            server.start_io()
    finally:
        server.close()
    return 0
