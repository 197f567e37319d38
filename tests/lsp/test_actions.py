"""Quick fixes end to end: "Replace with ..." on answer-mismatch, "Ignore this span"."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.drafts import MARKDOWN, MD_URI
from tests.lsp.session import Session


async def _actions(session: Session, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    found = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=MD_URI),
            range=diagnostic.range,
            context=types.CodeActionContext(
                diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


async def test_ignore_this_span(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    items = await session.diagnostics(MD_URI)
    false = [d for d in items if d.code == "false-equation"]
    assert false
    actions = await _actions(session, false[0])
    ignore = [a for a in actions if a.title == "Ignore this span"]
    assert len(ignore) == 1 and ignore[0].edit is not None
    assert not [a for a in actions if a.command is not None]  # quick fixes only: no Solve
    assert session.apply(ignore[0].edit).applied
    lines = session.text(MD_URI).split("\n")
    at = next(i for i, line in enumerate(lines) if "2 + 2 = 5" in line)
    assert lines[at - 1] == "<!-- mathlsp: ignore -->"
    after = await session.diagnostics(MD_URI)
    assert not [d for d in after if "2 + 2 = 5" in session.text_in(MD_URI, d.range)]


async def test_replace_wrong_answer(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    items = await session.diagnostics(MD_URI)
    mismatch = [d for d in items if d.code == "answer-mismatch"]
    assert mismatch, items
    actions = await _actions(session, mismatch[0])
    replace = [a for a in actions if a.title.startswith("Replace with")]
    assert len(replace) == 1 and replace[0].edit is not None, [a.title for a in actions]
    assert "2" in replace[0].title
    assert session.apply(replace[0].edit).applied
    assert "Answer: $x = 5$" not in session.text(MD_URI)
    after = await session.diagnostics(MD_URI)
    assert not [d for d in after if d.code == "answer-mismatch"], after
