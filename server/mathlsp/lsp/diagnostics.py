"""Document sync and diagnostics: didOpen/didChange/didSave/didClose, push and pull.

Checks are debounced per document (at once on open and save) and run as a ``CheckRun``
(planning in a thread, judgements in the worker pool): what is decided is published in
waves, each with the version it was computed for; a newer version cancels the older run's
queued work; a result for a version the user has already moved past is kept for hover but
not published. Clients that pull (``textDocument/diagnostic``) get the latest wave and a
refresh request per wave (a client that cannot be refreshed, such as Neovim 0.11, gets the
whole check on its pull), and are not also pushed to, so editors never show a diagnostic
twice. Diagnostics are serialised in a thread: a large report never blocks the loop.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from lsprotocol import types

from mathlsp.document import language_for_id, language_for_path
from mathlsp.document.model import Document, Language
from mathlsp.lsp import convert
from mathlsp.lsp.protocol import StrictProtocol
from mathlsp.lsp.state import MathServer, OpenDocument

if TYPE_CHECKING:
    from mathlsp.check.engine.checker import CheckReport

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
    """The parsed current text, read in a thread (a long file never blocks the loop) by the
    document's ``Reader``: after an edit only the chunks it touched are scanned again."""
    text, version = text_and_version(server, state.uri)
    if state.parsed is None or state.parsed_version != version or version is None:
        document = await asyncio.to_thread(state.reader.read, text)
        if text_and_version(server, state.uri)[1] == version:
            state.parsed, state.parsed_version = document, version
        return document, version
    return state.parsed, version


def schedule(server: MathServer, uri: str, *, delay: float | None = None) -> None:
    server.debouncer.schedule(uri, lambda: check_document(server, uri), delay=delay)


async def check_document(server: MathServer, uri: str) -> None:
    """Check the current text of ``uri`` unless its version is already checked, publishing
    each wave of what is decided. A newer check of the same document cancels this one's
    queued work (after claiming the jobs both need) and this one stops publishing."""
    await server.wait_configured()
    state = server.documents.get(uri)
    if state is None:
        return
    async with state.lock:  # checks of one document start in order; each runs on its own
        if server.documents.get(uri) is not state:
            return  # closed meanwhile
        _, version = text_and_version(server, uri)
        if version is not None and state.report_version == version and state.complete:
            return
        started = time.perf_counter()
        settings = server.settings
        document, version = await parsed(server, state)
        parse_seconds = time.perf_counter() - started
        run = None
        if settings.check_enabled:
            run = await server.checker.start_async(document, state.run)
        previous, state.run = state.run, run
        if previous is not None:
            previous.cancel()
    report = None
    waves = 0
    if run is not None:
        async for report in run.waves():
            if state.run is not run:
                return  # a newer check took over
            waves += 1
            await settle(server, state, document, version, report)
    else:
        await settle(server, state, document, version, None)
    if settings is not server.settings:
        state.report_version = None  # settings changed meanwhile: let recheck_all's run
    checks = report.checks_run if report is not None else 0
    server.checks_run_total += checks
    state.last_stats = {
        "version": version,
        "checks_run": checks,
        "cache_hits": report.cache_hits if report is not None else 0,
        "diagnostics": len(report.diagnostics) if report is not None else 0,
        "seconds": round(time.perf_counter() - started, 4),
        "parse_seconds": round(parse_seconds, 4),
        "waves": waves,
        "complete": True,
    }
    server.log(f"checked {uri} v{version}: {state.last_stats}", types.MessageType.Log)
    if text_and_version(server, uri)[1] == version and document.problems:
        if server.capability("workspace.code_lens.refresh_support"):
            server.workspace_code_lens_refresh(None)  # answer statuses may have changed
    async with state.changed:
        state.changed.notify_all()


async def settle(
    server: MathServer,
    state: OpenDocument,
    document: Document,
    version: int | None,
    report: CheckReport | None,
) -> None:
    """Keep ``report`` (a wave or the whole) for hover and pull, and publish it if the text
    is still at ``version`` and the diagnostics changed."""
    state.checked, state.report, state.report_version = document, report, version
    state.complete = report is None or report.complete
    state.generation += 1
    current = report.diagnostics if report is not None else ()
    if text_and_version(server, state.uri)[1] == version and state.sent != (version, current):
        await publish(server, state, document, report, version)
    async with state.changed:
        state.changed.notify_all()


def items(
    server: MathServer, document: Document | None, report: CheckReport | None
) -> list[types.Diagnostic]:
    if report is None or document is None:
        return []
    columns = server.columns(document.text)
    return [convert.diagnostic(d, columns) for d in report.diagnostics]


def plain_items(
    server: MathServer, document: Document | None, report: CheckReport | None
) -> list[dict[str, Any]]:
    """``items`` as JSON-ready values (built in a thread for a large report)."""
    unstructured: list[dict[str, Any]] = server.protocol._converter.unstructure(
        items(server, document, report), list[types.Diagnostic]
    )
    return unstructured


async def publish(
    server: MathServer,
    state: OpenDocument,
    document: Document,
    report: CheckReport | None,
    version: int | None,
) -> None:
    if server.pull_diagnostics:
        state.sent = (version, report.diagnostics if report is not None else ())
        if server.capability("workspace.diagnostics.refresh_support"):
            server.workspace_diagnostic_refresh(None)
        return
    values = await asyncio.to_thread(plain_items, server, document, report)
    if state.report is not report:
        return  # a later report was kept meanwhile: it publishes itself
    state.sent = (version, report.diagnostics if report is not None else ())
    params: dict[str, Any] = {"uri": state.uri, "diagnostics": values}
    if version is not None:
        params["version"] = version
    protocol = server.protocol
    assert isinstance(protocol, StrictProtocol)
    protocol.notify_plain(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, params)


async def wait_fresh(server: MathServer, state: OpenDocument, timeout: float) -> bool:
    """Wait until the current version has a report, a wave at least (or the text moves
    on); True if fresh."""

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


async def wait_complete(server: MathServer, state: OpenDocument, timeout: float) -> bool:
    """Wait until the current version's check is complete (tests and benches ask this)."""

    def done() -> bool:
        version = text_and_version(server, state.uri)[1]
        fresh = state.report_version == version and state.complete
        return fresh and state.last_stats.get("version") == version

    if not done():
        await wait_fresh(server, state, timeout)
        async with state.changed:
            try:
                await asyncio.wait_for(state.changed.wait_for(done), timeout)
            except TimeoutError:
                return False
    return True


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
        state = server.documents.pop(uri, None)
        if state is not None and state.run is not None:
            state.run.cancel()  # nobody will read its results
            state.run = None
        if state is not None and not server.pull_diagnostics:
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
        if server.capability("workspace.diagnostics.refresh_support"):
            await wait_fresh(server, state, PULL_WAIT_SECONDS)  # a refresh follows each wave
        else:  # no refresh to send: a later wave would never reach this client
            await wait_complete(server, state, PULL_WAIT_SECONDS)
        result_id = f"{state.report_version}.{state.generation}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        # Plain values, built in a thread: serialising a large report stays off the loop.
        values = await asyncio.to_thread(plain_items, server, state.checked, state.report)
        return {"kind": "full", "resultId": result_id, "items": values}  # type: ignore[return-value]

    @server.feature("mathlsp/stats")
    async def stats(params: Any) -> dict[str, Any]:
        """Custom request for benchmarks and tests: what the last checks cost. With
        ``{"uri": ..., "wait": seconds}``, first waits for that document's check of its
        current text to be complete."""

        def field(name: str) -> Any:
            return params.get(name) if isinstance(params, dict) else getattr(params, name, None)

        uri, wait = field("uri"), field("wait")
        state = server.documents.get(uri) if isinstance(uri, str) else None
        if state is not None and isinstance(wait, int | float):
            await wait_complete(server, state, float(wait))
        longest = server.loop_watch.longest
        if field("reset_loop"):
            server.loop_watch.longest = 0.0
        return {
            "loop_block_max_ms": round(1000 * longest, 1),
            "checks_run_total": server.checks_run_total,
            "documents": [{"uri": uri, **s.last_stats} for uri, s in server.documents.items()],
            "solves_running": server.solves.running(),
            "solves_generating": server.solve_slots.active,
            "solves_generating_peak": server.solve_slots.peak,
        }
