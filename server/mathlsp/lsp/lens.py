"""``textDocument/codeLens``: "Solve" above each problem, and its answer's status once known.

The status comes from the last ``CheckReport`` (problems found again by label and statement
if the text moved on); after each check the client is asked to refresh its lenses.
"""

from __future__ import annotations

from lsprotocol import types

from mathlsp.document.model import Problem
from mathlsp.document.text import Range
from mathlsp.lsp.actions import SOLVE_COMMAND, known_model_title
from mathlsp.lsp.diagnostics import parsed
from mathlsp.lsp.state import MathServer, OpenDocument

STATUS_TITLES = {
    "verified": "✓ answer verified",
    "mismatch": "✗ answer mismatch",
    "unverified": "? answer unverified",
}


def status_of(state: OpenDocument, problem: Problem) -> str | None:
    result = state.problem_result(problem)
    return result.status if result is not None else None


def register(server: MathServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    async def code_lens(params: types.CodeLensParams) -> list[types.CodeLens]:
        state = server.documents.get(params.text_document.uri)
        if state is None:
            return []
        document, _ = await parsed(server, state)
        columns = server.columns(document.text)
        title = f"Solve with {await known_model_title(server)}"
        lenses: list[types.CodeLens] = []
        for problem in document.problems:
            start = problem.range.start
            where = columns.range_to_client(Range(start, start))
            position = {"line": where.start.line, "character": where.start.character}
            lenses.append(
                types.CodeLens(
                    range=where,
                    command=types.Command(
                        title=title,
                        command=SOLVE_COMMAND,
                        arguments=[{"uri": state.uri, "position": position}],
                    ),
                )
            )
            status = status_of(state, problem)
            if status in STATUS_TITLES:
                lenses.append(
                    types.CodeLens(
                        range=where,
                        command=types.Command(title=STATUS_TITLES[status], command=""),
                    )
                )
        return lenses
