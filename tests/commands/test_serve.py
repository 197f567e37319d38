"""`mathlsp serve`: argument parsing, and a raw JSON-RPC initialize over --tcp."""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import socket
import subprocess
import sys
import time

import pytest
from mathlsp.commands.serve import _host_port


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("127.0.0.1:2087", ("127.0.0.1", 2087)),
        (":9000", ("127.0.0.1", 9000)),
        ("[::1]:5", ("[::1]", 5)),
    ],
    ids=["host-port", "port-only", "ipv6"],
)
def test_host_port(value: str, expected: tuple[str, int]) -> None:
    assert _host_port(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2087", "host:", "host:port", "127.0.0.1:99999", "127.0.0.1:0"],
    ids=["no-colon", "no-port", "word", "port-too-big", "port-zero"],
)
def test_host_port_rejects(value: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        _host_port(value)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _message(payload: dict[str, object]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_initialize_over_tcp() -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mathlsp", "serve", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not listen"
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.1)
        with connection:
            request = {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
            connection.sendall(_message(request))
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(65536)
            head, body = received.split(b"\r\n\r\n", 1)
            headers = dict(line.split(b":", 1) for line in head.split(b"\r\n"))
            length = int(headers[b"Content-Length"])
            while len(body) < length:
                body += connection.recv(65536)
            answer = json.loads(body[:length])
        capabilities = answer["result"]["capabilities"]
        assert answer["result"]["serverInfo"]["name"] == "mathlsp"
        assert capabilities["hoverProvider"] and capabilities["codeLensProvider"]
        assert capabilities["textDocumentSync"]["change"] == 2  # incremental
        assert "mathlsp.solve" in capabilities["executeCommandProvider"]["commands"]
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=10)
    assert out == b""  # nothing on stdout: TCP carries the protocol


def test_port_in_use_is_a_message_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "mathlsp", "serve", "--tcp", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert f"mathlsp serve: cannot listen on 127.0.0.1:{port}: Address already in use" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_stdio_on_a_terminal_says_what_it_waits_for() -> None:
    """Someone typing `mathlsp serve` by hand is told it waits for an editor."""
    leader, follower = pty.openpty()
    server = subprocess.Popen(
        [sys.executable, "-m", "mathlsp", "serve"],
        stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(follower)
    try:
        assert server.stderr is not None
        ready, _, _ = select.select([server.stderr], [], [], 30)
        line = server.stderr.readline().decode() if ready else ""
    finally:
        server.terminate()
        server.communicate(timeout=10)
        os.close(leader)
    assert "waiting for an LSP client on stdin" in line
