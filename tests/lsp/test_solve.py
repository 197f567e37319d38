"""Solve-and-insert end to end through the fake vLLM server: progress, insertion under the
problem, replacing an earlier block, the user typing meanwhile, cancelling, backend errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from lsprotocol import types

from tests.lsp.drafts import LATEX, MARKDOWN, MD_URI, TEX_URI
from tests.lsp.session import Session, start_session
from tests.support.fake_vllm import FakeVLLM, Fault
from tests.support.fake_vllm_replies import Reply

STATEMENT = "Problem 1. Solve $x + 1 = 3$ for $x$."


def _solve_argument(session: Session, uri: str, needle: str = "Solve") -> dict[str, object]:
    position = session.position_of(uri, needle)
    return {"uri": uri, "position": {"line": position.line, "character": position.character}}


async def _until(predicate: object, timeout: float = 20.0) -> None:
    async def poll() -> None:
        while not predicate():  # type: ignore[operator]
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


@pytest.mark.parametrize(
    ("uri", "text", "language_id", "statement_line", "opener"),
    [
        (MD_URI, MARKDOWN, "markdown", STATEMENT, "<!-- mathlsp:solution"),
        (TEX_URI, LATEX, "latex", "\\item Solve $x + 1 = 3$ for $x$.", "% mathlsp:solution"),
    ],
    ids=["markdown", "latex"],
)
async def test_code_action_solves_and_inserts_under_the_problem(
    session: Session,
    backend: FakeVLLM,
    uri: str,
    text: str,
    language_id: str,
    statement_line: str,
    opener: str,
) -> None:
    session.open(uri, text, language_id)
    await session.diagnostics(uri)
    where = session.position_of(uri, "x + 1 = 3")
    actions = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=where, end=where),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    solve = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.command]
    assert len(solve) == 1
    label = "Problem 1" if language_id == "markdown" else "item 1"
    assert solve[0].title == f"Solve {label} with DeepSeek-R1-Distill-Qwen-1.5B"
    command = solve[0].command
    assert command is not None
    result = await session.execute(command.command, *(command.arguments or []))
    assert result["status"] == "inserted", result
    lines = session.text(uri).split("\n")
    at = lines.index(statement_line)
    assert lines[at + 1].startswith(opener)
    assert "answer: \\boxed{2}" in session.text(uri)
    assert session.text(uri).count("mathlsp:solution") == 1
    # Work-done progress: begin, reports with token counts, end.
    kinds = [
        type(v).__name__ for reports in session.client.progress_reports.values() for v in reports
    ]
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    assert any(
        "tokens" in (getattr(v, "message", "") or "")
        for reports in session.client.progress_reports.values()
        for v in reports
    )
    # The model's answer 2 now disagrees with the written 5 -> the re-check still flags it.
    items = await session.diagnostics(uri)
    assert any(d.code == "answer-mismatch" for d in items)


async def test_solving_again_replaces_the_block(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    for _ in range(2):
        result = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
        assert result["status"] == "inserted"
    assert session.text(MD_URI).count("mathlsp:solution") == 1
    assert session.text(MD_URI).count("answer: \\boxed{2}") == 1


async def test_selection_is_solved_as_the_problem(session: Session) -> None:
    text = "Some notes.\n\nWhat is $1 + 1$ doubled?\n\nMore notes.\n"
    session.open(MD_URI, text, "markdown")
    selection = session.range_of(MD_URI, "What is $1 + 1$ doubled?")
    result = await session.execute(
        "mathlsp.solve",
        {
            "uri": MD_URI,
            "range": {
                "start": {"line": selection.start.line, "character": selection.start.character},
                "end": {"line": selection.end.line, "character": selection.end.character},
            },
        },
    )
    assert result["status"] == "inserted"
    lines = session.text(MD_URI).split("\n")
    assert lines[3].startswith("<!-- mathlsp:solution") and lines[-2] == "More notes."


@pytest.fixture
def slow_backend() -> Iterator[FakeVLLM]:
    with FakeVLLM(answer="2", token_delay=0.05) as server:
        yield server


@pytest_asyncio.fixture
async def slow_session(client_name: str, slow_backend: FakeVLLM) -> AsyncIterator[Session]:
    started = await start_session(client_name, env={"MATHLSP_BASE_URL": slow_backend.base_url})
    try:
        yield started
    finally:
        await started.shutdown()


async def test_user_typing_during_the_solve(slow_session: Session, slow_backend: FakeVLLM) -> None:
    session = slow_session
    session.open(MD_URI, MARKDOWN, "markdown")
    solving = asyncio.create_task(
        session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
    )
    await _until(lambda: any(r.tokens_sent > 3 for r in slow_backend.chat_requests()))
    session.type_at_line(MD_URI, 0, "Typed first.\nAnd a second line.\n")
    session.type_at_line(MD_URI, 4, "My own remark under the statement.\n")
    result = await asyncio.wait_for(solving, 60)
    assert result["status"] == "inserted"
    lines = session.text(MD_URI).split("\n")
    assert lines[:2] == ["Typed first.", "And a second line."]
    at = lines.index(STATEMENT)
    assert lines[at + 1].startswith("<!-- mathlsp:solution")
    assert "My own remark under the statement." in lines


async def test_refused_edit_is_planned_again(session: Session) -> None:
    if (
        not session.capabilities.workspace
        or not session.capabilities.workspace.workspace_edit
        or not session.capabilities.workspace.workspace_edit.document_changes
    ):
        pytest.skip("this client takes unversioned edits: nothing to refuse")
    session.open(MD_URI, MARKDOWN, "markdown")

    async def type_now() -> None:  # the user types just as the edit arrives
        session.type_at_line(MD_URI, 0, "Typed while the edit was on its way.\n")
        await asyncio.sleep(0.1)

    session.before_apply = type_now
    result = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
    assert result["status"] == "inserted"
    assert len(session.edit_requests) == 2
    lines = session.text(MD_URI).split("\n")
    assert lines[0] == "Typed while the edit was on its way."
    assert lines[lines.index(STATEMENT) + 1].startswith("<!-- mathlsp:solution")


@pytest.mark.parametrize("how", ["cancel-request", "progress-cancel", "cancel-command"])
async def test_cancel_stops_the_generation(
    slow_session: Session, slow_backend: FakeVLLM, how: str
) -> None:
    session = slow_session
    session.open(MD_URI, MARKDOWN, "markdown")
    solving = asyncio.create_task(
        session.execute("mathlsp.solve", _solve_argument(session, MD_URI), msg_id="solve-1")
    )
    await _until(lambda: any(r.tokens_sent > 3 for r in slow_backend.chat_requests()))
    if how == "cancel-request":
        session.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="solve-1"))
    elif how == "progress-cancel":
        if not session.client.progress_reports:
            pytest.skip("this client shows no progress")
        token = next(iter(session.client.progress_reports))
        session.client.window_work_done_progress_cancel(
            types.WorkDoneProgressCancelParams(token=token)
        )
    else:
        answer = await session.execute("mathlsp.cancelSolve", {"uri": MD_URI})
        assert answer["cancelled"] is True
    try:
        result = await asyncio.wait_for(solving, 30)
    except Exception as error:  # $/cancelRequest answers with RequestCancelled
        assert "cancel" in str(error).lower()
    else:
        assert result["status"] == "cancelled"
    # The fake vLLM saw the client hang up before the end of the stream.
    assert slow_backend.wait_until(lambda: any(r.aborted for r in slow_backend.chat_requests()), 10)
    assert not any(r.completed for r in slow_backend.chat_requests())
    await asyncio.sleep(0.3)
    assert session.text(MD_URI) == MARKDOWN
    assert session.edit_requests == []


async def test_backend_error_is_shown(session: Session, backend: FakeVLLM) -> None:
    backend.inject(Fault("status", status=500))
    session.open(MD_URI, MARKDOWN, "markdown")
    result = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
    assert result["status"] == "error"
    shown = [m for m in session.client.messages if m.type == types.MessageType.Error]
    assert shown and "could not solve Problem 1" in shown[-1].message
    assert session.text(MD_URI) == MARKDOWN


async def test_code_lens_offers_solve_per_problem(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    await session.diagnostics(MD_URI)
    lenses = await session.client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=MD_URI))
    )
    assert lenses is not None
    solve = [lens for lens in lenses if lens.command and lens.command.command == "mathlsp.solve"]
    assert [lens.range.start.line for lens in solve] == [2, 6]
    status = [lens.command.title for lens in lenses if lens.command and lens.command.command == ""]
    assert "✗ answer mismatch" in status
    workspace = session.capabilities.workspace
    if workspace and workspace.code_lens and workspace.code_lens.refresh_support:
        assert session.lens_refreshes >= 1  # asked to refresh once the statuses were known


NO_ANSWER = Reply("I think about it for a while and lose my way.", "So the answer is unclear.")


@pytest.mark.parametrize("how", ["no-boxed", "cut-off"])
async def test_a_reply_without_an_answer_inserts_nothing(client_name: str, how: str) -> None:
    replies = NO_ANSWER if how == "no-boxed" else None
    with FakeVLLM(answer="2", replies=replies) as backend:
        settings = {"maxTokens": 8} if how == "cut-off" else None
        session = await start_session(
            client_name, env={"MATHLSP_BASE_URL": backend.base_url}, settings=settings
        )
        try:
            session.open(MD_URI, MARKDOWN, "markdown")
            result = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
            assert result["status"] == "no-answer", result
            assert session.text(MD_URI) == MARKDOWN
            assert session.edit_requests == []
            shown = [m.message for m in session.client.messages]
            assert any("nothing was inserted" in m and "output channel" in m for m in shown), shown
            logged = [m.message for m in session.client.log_messages]
            reasoning = NO_ANSWER.reasoning if how == "no-boxed" else "Okay"
            assert any(reasoning in m for m in logged), logged
        finally:
            await session.shutdown()


async def test_a_problem_deleted_while_solved_gets_nothing(
    slow_session: Session, slow_backend: FakeVLLM
) -> None:
    session = slow_session
    text = (
        "# Homework\n\nProblem 1. Solve $3x + 5 = 11$.\n\nProblem 2. Solve $3x + 5 = 17$.\n\n"
        "Problem 3. Solve $3x + 5 = 20$.\n"
    )
    session.open(MD_URI, text, "markdown")
    solving = asyncio.create_task(
        session.execute("mathlsp.solve", _solve_argument(session, MD_URI, "Problem 2"))
    )
    await _until(lambda: any(r.tokens_sent > 3 for r in slow_backend.chat_requests()))
    start = session.text(MD_URI).index("Problem 2.")
    end = session.text(MD_URI).index("Problem 3.")
    session.replace(MD_URI, start, end, "")
    result = await asyncio.wait_for(solving, 60)
    assert result["status"] == "gone", result
    assert "mathlsp:solution" not in session.text(MD_URI)
    shown = [m.message for m in session.client.messages]
    assert any("no longer in the document" in m for m in shown), shown


def _progress_kinds(session: Session) -> list[list[str]]:
    return [
        [type(v).__name__ for v in reports] for reports in session.client.progress_reports.values()
    ]


async def test_a_malformed_stream_is_shown_and_ends_the_progress(
    session: Session, backend: FakeVLLM
) -> None:
    backend.inject(Fault("malformed", after_tokens=3))
    session.open(MD_URI, MARKDOWN, "markdown")
    result = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
    assert result["status"] == "error" and "not OpenAI-compatible" in result["message"]
    assert "Traceback" not in result["message"]
    shown = [m.message for m in session.client.messages if m.type == types.MessageType.Error]
    assert shown and "could not solve Problem 1" in shown[-1] and "not OpenAI" in shown[-1]
    for kinds in _progress_kinds(session):  # every progress begun has ended
        assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"
    assert session.text(MD_URI) == MARKDOWN


async def test_a_stall_is_shown_and_ends_the_progress(client_name: str) -> None:
    with FakeVLLM(answer="2") as backend:
        backend.inject(Fault("stall", after_tokens=3, seconds=30))
        session = await start_session(
            client_name,
            env={"MATHLSP_BASE_URL": backend.base_url},
            settings={"stallTimeout": 0.5},
        )
        try:
            session.open(MD_URI, MARKDOWN, "markdown")
            result = await asyncio.wait_for(
                session.execute("mathlsp.solve", _solve_argument(session, MD_URI)), 20
            )
            assert result["status"] == "error" and "sent nothing for 0.5 s" in result["message"]
            shown = [m.message for m in session.client.messages]
            assert any("mathlsp.stallTimeout" in m for m in shown), shown
            for kinds in _progress_kinds(session):
                assert kinds[-1] == "WorkDoneProgressEnd"
        finally:
            await session.shutdown()


async def test_secrets_never_reach_messages_logs_or_the_document(client_name: str) -> None:
    key = "sk-live-Hq2Vd8Kx0Lm4Np6R"
    password = "pw-Tr0ub4dor-and-3"
    replies = Reply(f"The key {key} is not mine.", f"Key {key}. Hence $\\boxed{{2}}$.")
    with FakeVLLM(answer="2", replies=replies) as backend:
        url = backend.base_url.replace("http://", f"http://me:{password}@")
        backend.inject(Fault("status", status=401, message=f"Incorrect API key provided: {key}"))
        session = await start_session(
            client_name,
            env={"OPENAI_API_KEY": key},
            settings={"backendUrl": url, "showThinking": True},
        )
        try:
            session.open(MD_URI, MARKDOWN, "markdown")
            refused = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
            assert refused["status"] == "error" and "refused the API key" in refused["message"]
            solved = await session.execute("mathlsp.solve", _solve_argument(session, MD_URI))
            assert solved["status"] == "inserted", solved
            text = session.text(MD_URI)
            assert "mathlsp:solution" in text and "[redacted]" in text
            said = [m.message for m in session.client.messages + session.client.log_messages]
            assert any("[redacted]" in m for m in said), said
            for where in [text, refused["message"], *said]:
                assert key not in where and password not in where
        finally:
            await session.shutdown()
