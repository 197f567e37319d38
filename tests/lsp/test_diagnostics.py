"""Diagnostics end to end: samples/ agree with `mathlsp check`, versions, edits, pull."""

from __future__ import annotations

import asyncio
import json
import pathlib
import subprocess
import sys

import pytest
from lsprotocol import types

from tests.lsp.drafts import LATEX, MARKDOWN, MD_URI, TEX_URI
from tests.lsp.session import ROOT, Session

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
