"""Quick fixes end to end: "Replace with ..." on answer-mismatch, "Ignore this span"."""

from __future__ import annotations

from lsprotocol import types

from tests.lsp.drafts import MARKDOWN, MD_URI
from tests.lsp.session import Session, start_session
from tests.support.fake_vllm import FakeVLLM


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


async def test_solve_title_names_a_model_the_backend_reports_late(client_name: str) -> None:
    """The start-up ``GET /v1/models`` is still running when the first code action and lens
    are asked for (a loaded CI machine, a busy server): they wait for it, not say "the model"."""
    with FakeVLLM(models_delay=1.5) as slow:
        session = await start_session(client_name, env={"MATHLSP_BASE_URL": slow.base_url})
        try:
            session.open(MD_URI, MARKDOWN, "markdown")
            where = session.position_of(MD_URI, "x + 1 = 3")
            actions = await session.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=MD_URI),
                    range=types.Range(start=where, end=where),
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
            lenses = await session.client.text_document_code_lens_async(
                types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=MD_URI))
            )
        finally:
            await session.shutdown()
    titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction) and a.command]
    assert titles == ["Solve Problem 1 with DeepSeek-R1-Distill-Qwen-1.5B"]
    solve_lenses = [lens for lens in lenses or [] if lens.command and lens.command.command]
    assert solve_lenses
    assert {lens.command.title for lens in solve_lenses if lens.command} == {
        "Solve with DeepSeek-R1-Distill-Qwen-1.5B"
    }
