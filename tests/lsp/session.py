"""A scripted editor for end-to-end tests: pytest-lsp's client plus what an editor does.

``Session`` keeps each open document's text and version as the editor would, sends
incremental changes, applies ``workspace/applyEdit`` the way VS Code (versioned
``documentChanges``, refused when the version moved) or Neovim (plain ``changes``) do, in the
position encoding the server negotiated, and collects diagnostics by push or pull according
to the client's recorded capabilities. Also used by ``tests/bench/lsp_bench.py``.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Union

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.lsp.positions import offset_of, position_of

SERVER_COMMAND = [sys.executable, "-m", "mathlsp", "serve"]
ROOT = pathlib.Path(__file__).resolve().parents[2]
CLIENTS = ["visual_studio_code", "neovim"]


@dataclass
class Open:
    text: str
    version: int
    published: asyncio.Event = field(default_factory=asyncio.Event)
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    published_version: int | None = None
    history: list[tuple[int | None, list[types.Diagnostic]]] = field(default_factory=list)


class Session:
    """One client connected to one ``mathlsp serve`` process."""

    def __init__(self, client: LanguageClient, client_name: str) -> None:
        self.client = client
        self.client_name = client_name
        self.capabilities = client_capabilities(client_name)
        self.docs: dict[str, Open] = {}
        self.encoding = "utf-16"
        self.edits_applied = 0
        self.lens_refreshes = 0
        self.edit_requests: list[types.ApplyWorkspaceEditParams] = []
        # Runs before an applyEdit is handled: lets a test type "while" the edit arrives.
        self.before_apply: Callable[[], Awaitable[None]] | None = None

    @property
    def pulls(self) -> bool:
        return self.capabilities.text_document is not None and (
            self.capabilities.text_document.diagnostic is not None
        )

    async def initialize(self, settings: dict[str, Any] | None = None) -> types.InitializeResult:
        if settings is not None:
            self.client.set_configuration(settings, section="mathlsp")
        result = await self.client.initialize_session(
            types.InitializeParams(
                capabilities=self.capabilities,
                root_uri=ROOT.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=ROOT.as_uri(), name="root")],
            )
        )
        self.encoding = str(result.capabilities.position_encoding or "utf-16")
        return result

    # -- documents -------------------------------------------------------------------------
    def open(self, uri: str, text: str, language_id: str) -> None:
        self.docs[uri] = Open(text, 1)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language_id, version=1, text=text
                )
            )
        )

    def open_file(self, path: pathlib.Path, language_id: str) -> str:
        uri = path.resolve().as_uri()
        self.open(uri, path.read_text(encoding="utf-8"), language_id)
        return uri

    def replace(self, uri: str, start: int, end: int, new_text: str) -> None:
        """The user replaces text[start:end] (string offsets) with ``new_text``."""
        doc = self.docs[uri]
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=position_of(doc.text, start, self.encoding),
                end=position_of(doc.text, end, self.encoding),
            ),
            text=new_text,
        )
        doc.text = doc.text[:start] + new_text + doc.text[end:]
        doc.version += 1
        doc.published.clear()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=doc.version),
                content_changes=[change],
            )
        )

    def type_at_line(self, uri: str, line: int, text: str) -> None:
        doc = self.docs[uri]
        offset = offset_of(doc.text, types.Position(line=line, character=0), "utf-16")
        self.replace(uri, offset, offset, text)

    def text(self, uri: str) -> str:
        return self.docs[uri].text

    def range_of(self, uri: str, needle: str) -> types.Range:
        text = self.docs[uri].text
        start = text.index(needle)
        return types.Range(
            start=position_of(text, start, self.encoding),
            end=position_of(text, start + len(needle), self.encoding),
        )

    def position_of(self, uri: str, needle: str, delta: int = 0) -> types.Position:
        text = self.docs[uri].text
        return position_of(text, text.index(needle) + delta, self.encoding)

    def text_in(self, uri: str, range_: types.Range) -> str:
        text = self.docs[uri].text
        start = offset_of(text, range_.start, self.encoding)
        return text[start : offset_of(text, range_.end, self.encoding)]

    # -- diagnostics -----------------------------------------------------------------------
    async def diagnostics(self, uri: str, timeout: float = 60.0) -> list[types.Diagnostic]:
        """Diagnostics of the whole check of the current version: pulled, or waited for as
        pushed. The server publishes in waves, so this waits for the first, then asks the
        server (``mathlsp/stats`` with ``wait``) until the check is complete."""
        first = await self.first_diagnostics(uri, timeout)
        await self.complete(uri, timeout)
        if self.pulls:
            return await self.pull(uri, timeout)
        doc = self.docs[uri]
        return doc.diagnostics if doc.published_version == doc.version else first

    async def first_diagnostics(self, uri: str, timeout: float = 60.0) -> list[types.Diagnostic]:
        """The first diagnostics the server gives for the current version (maybe a wave)."""
        doc = self.docs[uri]
        if self.pulls:
            return await self.pull(uri, timeout)
        while doc.published_version != doc.version:
            doc.published.clear()
            await asyncio.wait_for(doc.published.wait(), timeout)
        return doc.diagnostics

    async def pull(self, uri: str, timeout: float = 60.0) -> list[types.Diagnostic]:
        report = await asyncio.wait_for(
            self.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            ),
            timeout,
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return list(report.items)

    async def complete(self, uri: str, timeout: float = 60.0) -> dict[str, Any]:
        """Wait until the server's check of the current text of ``uri`` is complete."""
        answer = await asyncio.wait_for(
            self.request("mathlsp/stats", {"uri": uri, "wait": timeout}), timeout + 5
        )
        return next(d for d in answer["documents"] if d["uri"] == uri)

    def on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        doc = self.docs.get(params.uri)
        if doc is None:
            return
        doc.diagnostics = list(params.diagnostics)
        doc.published_version = params.version
        doc.history.append((params.version, doc.diagnostics))
        doc.published.set()

    # -- edits from the server ---------------------------------------------------------------
    async def on_apply_edit(
        self, params: types.ApplyWorkspaceEditParams
    ) -> types.ApplyWorkspaceEditResult:
        self.edit_requests.append(params)
        if self.before_apply is not None:
            hook, self.before_apply = self.before_apply, None
            await hook()
        return self.apply(params.edit)

    def apply(self, edit: types.WorkspaceEdit) -> types.ApplyWorkspaceEditResult:
        """Apply ``edit`` as the editor would; refused if a versioned document moved on."""
        groups: list[tuple[str, int | None, list[types.TextEdit]]] = []
        for change in edit.document_changes or []:
            assert isinstance(change, types.TextDocumentEdit)
            edits = [e for e in change.edits if isinstance(e, types.TextEdit)]
            groups.append((change.text_document.uri, change.text_document.version, edits))
        for uri, edits in (edit.changes or {}).items():
            groups.append((uri, None, list(edits)))
        for uri, version, _ in groups:
            if version is not None and self.docs[uri].version != version:
                return types.ApplyWorkspaceEditResult(
                    applied=False, failure_reason="document version moved on"
                )
        for uri, _, edits in groups:
            doc = self.docs[uri]
            spans = sorted(
                (
                    offset_of(doc.text, e.range.start, self.encoding),
                    offset_of(doc.text, e.range.end, self.encoding),
                    e.new_text,
                )
                for e in edits
            )
            for start, end, new_text in reversed(spans):
                self.replace(uri, start, end, new_text)
        self.edits_applied += 1
        return types.ApplyWorkspaceEditResult(applied=True)

    # -- commands --------------------------------------------------------------------------
    async def execute(self, command: str, *arguments: Any, msg_id: str | None = None) -> Any:
        params = types.ExecuteCommandParams(command=command, arguments=list(arguments))
        return _plain(
            await self.client.protocol.send_request_async(
                types.WORKSPACE_EXECUTE_COMMAND, params, msg_id=msg_id
            )
        )

    async def request(self, method: str, params: Any = None) -> dict[str, Any]:
        """A custom request (``mathlsp/settings``, ``mathlsp/stats``); the answer as a dict."""
        return _plain(await self.client.protocol.send_request_async(method, params))

    async def stats(self, uri: str) -> dict[str, Any]:
        """What the server's last check of ``uri`` cost (``mathlsp/stats``)."""
        answer = await self.request("mathlsp/stats")
        return next(d for d in answer["documents"] if d["uri"] == uri)

    async def shutdown(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_session(), 30)
        finally:
            await self.client.stop()


def _plain(value: Any) -> Any:
    """pygls hands back unknown results as namedtuples; tests want dicts."""
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _converter() -> Any:
    """pygls's converter, with lsprotocol's CodeAction-or-Command hook fixed: lsprotocol 2025.0
    reads any object with a ``command`` key as a Command, so a CodeAction whose ``command`` is
    a Command object comes out mangled. Editors tell them apart by the key's type."""
    converter = default_converter()

    def code_action_or_command(value: Any, _: type) -> Any:
        if isinstance(value.get("command"), str):
            return converter.structure(value, types.Command)
        return converter.structure(value, types.CodeAction)

    converter.register_structure_hook(
        Union[types.Command, types.CodeAction],  # noqa: UP007 (the exact union lsprotocol uses)
        code_action_or_command,
    )
    return converter


async def start_session(
    client_name: str,
    *,
    env: dict[str, str] | None = None,
    settings: dict[str, Any] | None = None,
    configuration_delay: float = 0.0,
    push: bool = False,
) -> Session:
    """Start ``mathlsp serve`` and initialize it as ``client_name`` would; a client busy at
    start-up answers ``workspace/configuration`` after ``configuration_delay`` seconds; with
    ``push``, the client does not pull diagnostics, so the server publishes them."""
    holder: list[Session] = []

    def factory() -> LanguageClient:
        client = LanguageClient(converter_factory=_converter)
        features = dict(DEFAULT_CLIENT_FEATURES)

        def publish(params: types.PublishDiagnosticsParams) -> None:
            holder[0].on_publish(params)

        async def apply_edit(params: types.ApplyWorkspaceEditParams) -> Any:
            return await holder[0].on_apply_edit(params)

        def lens_refresh(params: None) -> None:
            holder[0].lens_refreshes += 1

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
        features[types.WORKSPACE_CODE_LENS_REFRESH] = lens_refresh

        features[types.WORKSPACE_APPLY_EDIT] = apply_edit
        if configuration_delay:
            answer = features[types.WORKSPACE_CONFIGURATION]

            async def late_configuration(
                client: LanguageClient, params: types.ConfigurationParams
            ) -> Any:
                await asyncio.sleep(configuration_delay)
                return answer(client, params)

            features[types.WORKSPACE_CONFIGURATION] = late_configuration
        register_lsp_features(client, features)
        return client

    server_env = dict(os.environ)
    server_env.update(env or {})
    config = ClientServerConfig(
        server_command=SERVER_COMMAND, client_factory=factory, server_env=server_env
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    session = Session(client, client_name)
    if push and session.capabilities.text_document is not None:  # a client that never pulls
        session.capabilities.text_document.diagnostic = None
    holder.append(session)
    await session.initialize(settings)
    return session
