"""Document sync and diagnostics: didOpen/didChange/didSave/didClose, push and pull.

Checks are debounced per document (at once on open and save), run through
``Checker.check_async`` (worker pool; parsing in a thread), and are published with the
version they were computed for; a result for a version the user has already moved past is
kept for hover but not published. Clients that pull (``textDocument/diagnostic``) are not
also pushed to, so editors never show each diagnostic twice.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types

from mathlsp.document import language_for_id, language_for_path, parse_document
from mathlsp.document.model import Document, Language
from mathlsp.lsp import convert
from mathlsp.lsp.state import MathServer, OpenDocument

PULL_WAIT_SECONDS = 60.0


def language_of(language_id: str | None, uri: str) -> Language | None:
    """The document's language from its languageId, else from the file extension."""
    language = language_for_id(language_id) if language_id else None
    if language is None:
        language = language_for_path(urlparse(uri).path)
    return language


def text_and_version(server: MathServer, uri: str) -> tuple[str, int | None]:
    document = server.workspace.get_text_document(uri)
    return document.source, document.version


async def parsed(server: MathServer, state: OpenDocument) -> tuple[Document, int | None]:
    """The parsed current text (parsing in a thread: a long file never blocks the loop)."""
    text, version = text_and_version(server, state.uri)
    if state.parsed is None or state.parsed_version != version or version is None:
        document = await asyncio.to_thread(parse_document, text, state.language)
        if text_and_version(server, state.uri)[1] == version:
            state.parsed, state.parsed_version = document, version
        return document, version
    return state.parsed, version


def schedule(server: MathServer, uri: str, *, delay: float | None = None) -> None:
    server.debouncer.schedule(uri, lambda: check_document(server, uri), delay=delay)


async def check_document(server: MathServer, uri: str) -> None:
    """Check the current text of ``uri`` unless its version is already checked."""
    await server.wait_configured()
    state = server.documents.get(uri)
    if state is None:
        return
    async with state.lock:
        if server.documents.get(uri) is not state:
            return  # closed meanwhile
        _, version = text_and_version(server, uri)
        if version is not None and state.report_version == version:
            return
        started = time.perf_counter()
        settings = server.settings
        document, version = await parsed(server, state)
        parse_seconds = time.perf_counter() - started
        if settings.check_enabled:
            report = await server.checker.check_async(document)
        else:
            report = None
        state.checked, state.report, state.report_version = document, report, version
        if server.settings is not settings:
            state.report_version = None  # settings changed meanwhile: let recheck_all's run
        state.generation += 1
        checks = report.checks_run if report is not None else 0
        server.checks_run_total += checks
        state.last_stats = {
            "version": version,
            "checks_run": checks,
            "cache_hits": report.cache_hits if report is not None else 0,
            "diagnostics": len(report.diagnostics) if report is not None else 0,
            "seconds": round(time.perf_counter() - started, 4),
            "parse_seconds": round(parse_seconds, 4),
        }
        server.log(f"checked {uri} v{version}: {state.last_stats}", types.MessageType.Log)
        fresh = text_and_version(server, uri)[1] == version
        if fresh:
            publish(server, state)
            if document.problems and server.capability("workspace.code_lens.refresh_support"):
                server.workspace_code_lens_refresh(None)  # answer statuses may have changed
    async with state.changed:
        state.changed.notify_all()


def items(server: MathServer, state: OpenDocument) -> list[types.Diagnostic]:
    if state.report is None or state.checked is None:
        return []
    columns = server.columns(state.checked.text)
    return [convert.diagnostic(d, columns) for d in state.report.diagnostics]


def publish(server: MathServer, state: OpenDocument) -> None:
    if server.pull_diagnostics:
        if server.capability("workspace.diagnostics.refresh_support"):
            server.workspace_diagnostic_refresh(None)
        return
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=state.uri, diagnostics=items(server, state), version=state.report_version
        )
    )


async def wait_fresh(server: MathServer, state: OpenDocument, timeout: float) -> bool:
    """Wait until the current version is checked (or the text moves on); True if fresh."""

    def done() -> bool:
        version = text_and_version(server, state.uri)[1]
        return state.report_version == version or version != wanted

    wanted = text_and_version(server, state.uri)[1]
    if done():
        return state.report_version == wanted
    if not server.debouncer.pending(state.uri) and not state.lock.locked():
        schedule(server, state.uri, delay=0)
    async with state.changed:
        try:
            await asyncio.wait_for(state.changed.wait_for(done), timeout)
        except TimeoutError:
            return False
    return state.report_version == wanted


def recheck_all(server: MathServer) -> None:
    """Settings changed: check every open document again."""
    for uri, state in server.documents.items():
        state.report_version = None
        schedule(server, uri, delay=0)


def register(server: MathServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        language = language_of(item.language_id, item.uri)
        if language is None:
            server.log(f"not a Markdown or LaTeX document: {item.uri} ({item.language_id})")
            return
        server.documents[item.uri] = OpenDocument(item.uri, language)
        schedule(server, item.uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in server.documents:
            schedule(server, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if params.text_document.uri in server.documents:
            schedule(server, params.text_document.uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.debouncer.cancel(uri)
        if server.documents.pop(uri, None) is not None and not server.pull_diagnostics:
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="mathlsp", inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )
    async def pull(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        state = server.documents.get(params.text_document.uri)
        if state is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        await wait_fresh(server, state, PULL_WAIT_SECONDS)
        result_id = f"{state.report_version}.{state.generation}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=items(server, state), result_id=result_id
        )

    @server.feature("mathlsp/stats")
    def stats(params: Any) -> dict[str, Any]:
        """Custom request for benchmarks and tests: what the last checks cost."""
        return {
            "checks_run_total": server.checks_run_total,
            "documents": [{"uri": uri, **s.last_stats} for uri, s in server.documents.items()],
            "solves_running": server.solves.running(),
        }
