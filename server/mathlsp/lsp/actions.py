"""``textDocument/codeAction``: "Solve with <model>", and quick fixes on our diagnostics.

Quick fixes carry their edit (versioned when the client supports it): "Replace with 1/3"
on ``answer-mismatch`` (from ``Diagnostic.data["replacement"]``), and "Ignore this span"
(a ``mathlsp: ignore`` line before the span) on any mathlsp diagnostic. "Solve" is a
command (``mathlsp.solve``) since the model takes a while; see ``solve_command.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from lsprotocol import types

from mathlsp.document.edits import (
    plan_ignore_edit,
    plan_replacement,
    problem_index_at,
    readable,
)
from mathlsp.document.model import Document
from mathlsp.lsp import convert
from mathlsp.lsp.convert import Columns
from mathlsp.lsp.diagnostics import parsed
from mathlsp.lsp.hover import span_at
from mathlsp.lsp.state import MathServer

SOLVE_COMMAND = "mathlsp.solve"


MODEL_WAIT_SECONDS = 6.0  # the lookup gives up after 5 s; this only covers its start-up


def model_title(server: MathServer) -> str:
    """The model's short name for titles (``DeepSeek-R1-Distill-Qwen-1.5B``)."""
    model = server.settings.model or server.model_name
    return model.rstrip("/").rsplit("/", 1)[-1] if model else "the model"


async def known_model_title(server: MathServer) -> str:
    """``model_title`` once the start-up ``GET /v1/models`` is over, so that a title asked
    for in the first second names the model too (a slow or dead backend: "the model")."""
    lookup = server.model_lookup
    if lookup is not None and not lookup.done() and not server.settings.model:
        try:
            await asyncio.wait_for(asyncio.shield(lookup), MODEL_WAIT_SECONDS)
        except (TimeoutError, asyncio.CancelledError):
            pass
    return model_title(server)


def spoken(label: str) -> str:
    """A problem label as a title says it: ``\\item 2`` reads "item 2"."""
    return label.lstrip("\\")


def versioned_edits(server: MathServer) -> bool:
    return bool(server.capability("workspace.workspace_edit.document_changes"))


def solve_action(
    server: MathServer,
    uri: str,
    document: Document,
    selection: types.Range,
    columns: Columns,
    model: str,
) -> types.CodeAction | None:
    """Solve the selection if there is one, else the problem around the cursor."""
    ours = columns.range_from_client(selection)
    argument: dict[str, Any] = {"uri": uri}
    if ours.start != ours.end:
        argument["range"] = _range_json(selection)
        title = f"Solve selection with {model}"
    else:
        index = problem_index_at(document, ours.start)
        if index is None:
            return None
        argument["position"] = {
            "line": selection.start.line,
            "character": selection.start.character,
        }
        title = f"Solve {spoken(document.problems[index].label)} with {model}"
    command = types.Command(title=title, command=SOLVE_COMMAND, arguments=[argument])
    return types.CodeAction(title=title, kind=types.CodeActionKind.Refactor, command=command)


def _range_json(range_: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": range_.start.line, "character": range_.start.character},
        "end": {"line": range_.end.line, "character": range_.end.character},
    }


def quick_fixes(
    server: MathServer,
    uri: str,
    version: int | None,
    document: Document,
    diagnostics: list[types.Diagnostic],
    columns: Columns,
) -> list[types.CodeAction]:
    fixes: list[types.CodeAction] = []
    ignored_lines: set[int] = set()
    versioned = versioned_edits(server)
    for item in diagnostics:
        if item.source != convert.SOURCE:
            continue
        target = columns.range_from_client(item.range)
        data = item.data if isinstance(item.data, Mapping) else {}
        replacement = data.get("replacement")
        if item.code == "answer-mismatch" and isinstance(replacement, str) and replacement:
            edit = plan_replacement(document.text, target, replacement)
            fixes.append(
                types.CodeAction(
                    title=f"Replace with {readable(replacement)}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[item],
                    is_preferred=True,
                    edit=convert.workspace_edit(uri, version, [edit], columns, versioned=versioned),
                )
            )
        span = span_at(document, target.start)
        line = span.range.start.line if span is not None else target.start.line
        if line in ignored_lines:
            continue
        ignored_lines.add(line)
        edit = plan_ignore_edit(document.text, document.language, line)
        fixes.append(
            types.CodeAction(
                title="Ignore this span",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[item],
                edit=convert.workspace_edit(uri, version, [edit], columns, versioned=versioned),
            )
        )
    return fixes


def register(server: MathServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Refactor]
        ),
    )
    async def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        state = server.documents.get(uri)
        if state is None:
            return []
        document, version = await parsed(server, state)
        columns = server.columns(document.text)
        actions = quick_fixes(
            server, uri, version, document, list(params.context.diagnostics), columns
        )
        only = params.context.only
        if only and not any(str(kind).startswith("refactor") for kind in only):
            return actions
        model = await known_model_title(server)
        solve = solve_action(server, uri, document, params.range, columns, model)
        if solve is not None:
            actions.append(solve)
        return actions
