"""Diagnostics end to end: samples/ agree with `mathlsp check`, versions, edits, pull."""

from __future__ import annotations

import asyncio
import json
import pathlib
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.lsp.drafts import LATEX, MARKDOWN, MD_URI, TEX_URI
from tests.lsp.session import ROOT, Session, start_session

SAMPLES = sorted(
    p for p in (ROOT / "samples").rglob("*") if p.suffix in {".md", ".tex"} and p.is_file()
)
LANGUAGE_IDS = {".md": "markdown", ".tex": "latex"}


def _cli_findings(path: pathlib.Path) -> list[tuple[int, int, str, str]]:
    """What `mathlsp check --format json` reports: (line, column, code, severity), 0-based."""
    done = subprocess.run(
        [sys.executable, "-m", "mathlsp", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return sorted(
        (d["line"] - 1, d["column"] - 1, d["code"], d["severity"]) for d in json.loads(done.stdout)
    )


def _lsp_findings(
    session: Session, uri: str, items: list[types.Diagnostic]
) -> list[tuple[int, int, str, str]]:
    text = session.text(uri)
    found = []
    for item in items:
        # Report the column in UTF-16 like the CLI, whatever the session negotiated.
        line = text.split("\n")[item.range.start.line]
        prefix = session.text_in(
            uri,
            types.Range(
                start=types.Position(line=item.range.start.line, character=0),
                end=item.range.start,
            ),
        )
        assert line.startswith(prefix)
        column = len(prefix.encode("utf-16-le")) // 2
        severity = types.DiagnosticSeverity(item.severity or 1).name.lower()
        found.append((item.range.start.line, column, str(item.code), severity))
    return sorted(found)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
async def test_samples_match_the_command_line(session: Session, path: pathlib.Path) -> None:
    uri = session.open_file(path, LANGUAGE_IDS[path.suffix])
    items = await session.diagnostics(uri, timeout=120)
    assert all(item.source == "mathlsp" for item in items)
    assert _lsp_findings(session, uri, items) == _cli_findings(path)


@pytest.mark.parametrize(
    ("uri", "text", "language_id"),
    [(MD_URI, MARKDOWN, "markdown"), (TEX_URI, LATEX, "latex")],
    ids=["markdown", "latex"],
)
async def test_false_claim_flagged_true_one_not(
    session: Session, uri: str, text: str, language_id: str
) -> None:
    session.open(uri, text, language_id)
    items = await session.diagnostics(uri)
    flagged = [session.text_in(uri, d.range) for d in items if d.code == "false-equation"]
    assert any("2 + 2 = 5" in span for span in flagged), flagged
    assert not any("1 + 1 = 2" in span for span in flagged), flagged


async def test_edits_update_diagnostics_for_the_latest_version(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    await session.diagnostics(MD_URI)
    text = session.text(MD_URI)
    # Several quick edits (inside the debounce): only the last text matters.
    at = text.index("2 + 2 = 5") + len("2 + 2 = ")
    session.replace(MD_URI, at, at + 1, "6")
    session.replace(MD_URI, at, at + 1, "4")
    items = await session.diagnostics(MD_URI)
    assert not [d for d in items if "2 + 2" in session.text_in(MD_URI, d.range)]
    if not session.pulls:
        assert session.docs[MD_URI].published_version == session.docs[MD_URI].version
    stats = await session.stats(MD_URI)
    assert stats["version"] == session.docs[MD_URI].version


async def test_pull_diagnostics_served_to_any_client(session: Session) -> None:
    session.open(TEX_URI, LATEX, "latex")
    await session.complete(TEX_URI)  # the first pull may be a wave; this one is the whole
    report = await session.client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=TEX_URI))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert any(d.code == "false-equation" for d in report.items)
    again = await session.client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=TEX_URI),
            previous_result_id=report.result_id,
        )
    )
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)


async def test_checks_off_clears_diagnostics(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    assert await session.diagnostics(MD_URI)
    session.docs[MD_URI].published.clear()
    session.docs[MD_URI].published_version = None  # wait for the publish after the change
    session.client.set_configuration({"checkEnabled": False}, section="mathlsp")
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"mathlsp": {"checkEnabled": False}})
    )
    for _ in range(100):  # the server reads the settings back with workspace/configuration
        if (await session.request("mathlsp/settings"))["checkEnabled"] is False:
            break
        await asyncio.sleep(0.05)
    assert await session.diagnostics(MD_URI) == []


def _draft(problems: int) -> str:
    """Problems with a false claim each: enough work for a check to come in waves."""
    parts = ["# Draft\n"]
    for i in range(1, problems + 1):
        parts.append(f"\nProblem {i}. Compute ${i} + {i}$.\n\n$$ {i} + {i} = {2 * i + 1} $$\n")
    return "".join(parts)


def _key(item: types.Diagnostic) -> tuple[int, int, str, str]:
    return (item.range.start.line, item.range.start.character, str(item.code), item.message)


@pytest_asyncio.fixture(params=["pull", "push"])
async def wave_session(request: pytest.FixtureRequest) -> AsyncIterator[Session]:
    """Neovim as recorded (it pulls) and a client that only takes pushed diagnostics."""
    # A long time limit: on a loaded machine a claim must not come back "not decided".
    started = await start_session(
        "neovim", push=request.param == "push", settings={"checkTimeLimit": 60}
    )
    try:
        yield started
    finally:
        await started.shutdown()


async def test_diagnostics_come_in_waves_with_the_right_version(wave_session: Session) -> None:
    session = wave_session
    uri = "file:///tmp/mathlsp-tests/waves.md"
    session.open(uri, _draft(120), "markdown")
    first = await session.first_diagnostics(uri, timeout=120)
    final = await session.diagnostics(uri, timeout=300)
    assert len(final) == 120 and all(d.code == "false-equation" for d in final)
    assert {_key(d) for d in first} <= {_key(d) for d in final}
    stats = await session.stats(uri)
    assert stats["complete"] and stats["version"] == 1
    if not session.pulls:
        assert all(version == 1 for version, _ in session.docs[uri].history)
        for _, wave in session.docs[uri].history:
            assert {_key(d) for d in wave} <= {_key(d) for d in final}
    if stats["seconds"] > 2.0:  # a check that long is shown before it is over
        assert stats["waves"] >= 2, stats


async def test_a_client_that_cannot_be_refreshed_pulls_the_whole_check() -> None:
    # Neovim as recorded (0.11) pulls but has no workspace/diagnostic/refresh: a first wave
    # would be all it ever saw of this version.
    session = await start_session("neovim", settings={"checkTimeLimit": 60})
    try:
        workspace = session.capabilities.workspace
        assert session.pulls and (workspace is None or workspace.diagnostics is None)
        uri = "file:///tmp/mathlsp-tests/no-refresh.md"
        session.open(uri, _draft(120), "markdown")
        first = await session.pull(uri, timeout=300)
        assert len(first) == 120 and all(d.code == "false-equation" for d in first)
        assert (await session.stats(uri))["complete"]
    finally:
        await session.shutdown()


async def test_a_new_version_supersedes_the_check_of_the_old(wave_session: Session) -> None:
    session = wave_session
    uri = "file:///tmp/mathlsp-tests/supersede.md"
    text = _draft(120)
    session.open(uri, text, "markdown")
    await session.first_diagnostics(uri, timeout=120)
    at = text.index("$$ 1 + 1 = 3 $$") + len("$$ 1 + 1 = ")
    session.replace(uri, at, at + 1, "2")  # version 2: problem 1's claim now holds
    final = await session.diagnostics(uri, timeout=300)
    assert len(final) == 119
    stats = await session.stats(uri)
    assert stats["version"] == 2 and stats["complete"]
    if not session.pulls:
        versions = [version for version, _ in session.docs[uri].history]
        assert versions == sorted(versions), versions  # nothing stale after the new version
        assert versions[-1] == 2
