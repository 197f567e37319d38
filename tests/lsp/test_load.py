"""Load: twenty documents open and edited at once while ten solves with ``n = 5`` run against
the test server: every document ends with the diagnostics of its last text (never an older
version's after a newer one), the solves are limited by ``mathlsp.maxConcurrentSolves`` and
all land, and the server's memory stays bounded."""

from __future__ import annotations

import asyncio
import pathlib

from tests.lsp.session import start_session
from tests.support.fake_vllm import FakeVLLM

DOCUMENTS = 20
SOLVES = 10
SAMPLES = 5
LIMIT = 3
MEMORY_CEILING_MB = 600


def _text(i: int) -> str:
    claims = "".join(f"$$ {j} + {i} = {j + i + (1 if j < i % 3 else 0)} $$\n\n" for j in range(5))
    return f"# Document {i}\n\nProblem 1. Solve $x + {i} = {i + 2}$ for $x$.\n\n{claims}"


def _rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def test_twenty_documents_and_ten_solves_at_once() -> None:
    with FakeVLLM(answer="2", token_delay=0.002) as backend:
        session = await start_session(
            "neovim",
            env={"MATHLSP_BASE_URL": backend.base_url},
            settings={"samples": SAMPLES, "maxConcurrentSolves": LIMIT},
            push=True,  # every wave is published: stale ones would show
        )
        try:
            uris = [f"file:///tmp/mathlsp-load/doc-{i}.md" for i in range(DOCUMENTS)]
            for i, uri in enumerate(uris):
                session.open(uri, _text(i), "markdown")

            async def edit(uri: str) -> None:
                for k in range(3):  # at the end: the solves' positions stay where they were
                    session.type_at_line(uri, session.text(uri).count("\n"), f"Note {k}.\n\n")
                    await asyncio.sleep(0.05)

            async def solve(uri: str) -> dict[str, object]:
                text = session.text(uri)
                line = text[: text.index("Problem 1.")].count("\n")
                argument = {"uri": uri, "position": {"line": line, "character": 3}}
                return await asyncio.wait_for(session.execute("mathlsp.solve", argument), 600)

            solving = [asyncio.create_task(solve(uri)) for uri in uris[:SOLVES]]
            await asyncio.gather(*(edit(uri) for uri in uris))
            results = await asyncio.gather(*solving)
            assert [r["status"] for r in results] == ["inserted"] * SOLVES, results
            assert all(r["samples"] == SAMPLES for r in results), results
            for i, uri in enumerate(uris):
                items = await session.diagnostics(uri, timeout=600)
                false = [d for d in items if d.code == "false-equation"]
                assert len(false) == i % 3, (uri, items)
                versions = [v for v, _ in session.docs[uri].history]
                assert versions == sorted(versions), (uri, versions)  # nothing stale
                assert versions and versions[-1] == session.docs[uri].version, (
                    uri,
                    versions,
                    session.docs[uri].version,
                    session.docs[uri].published_version,
                )
                expected = 1 if i < SOLVES else 0
                assert session.text(uri).count("mathlsp:solution") == expected
            stats = await session.request("mathlsp/stats")
            assert 1 <= stats["solves_generating_peak"] <= LIMIT, stats
            assert len(backend.chat_requests()) == SOLVES
            server = session.client._server
            assert server is not None
            assert _rss_mb(server.pid) < MEMORY_CEILING_MB
        finally:
            await session.shutdown()
