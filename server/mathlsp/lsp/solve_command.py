"""``mathlsp.solve`` / ``mathlsp.cancelSolve``: run the model on a problem, insert its solution.

pygls never cancels a ``workspace/executeCommand`` handler, so the generation runs in its
own task, registered under the request id (``$/cancelRequest``), the progress token
(``window/workDoneProgress/cancel``) and the document uri (``mathlsp.cancelSolve``);
cancelling it closes the HTTP stream. When the model is done the document is read again,
the edit planned against its current text (``document/edits.py``) and applied as a
versioned ``workspace/applyEdit``; if the client refuses it (the user typed), once more.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from lsprotocol import types

from mathlsp.document.edits import (
    Anchor,
    anchor_for_problem,
    anchor_for_selection,
    plan_solution_edit,
    problem_index_at,
)
from mathlsp.document.model import Document
from mathlsp.document.render import render_solution_comment
from mathlsp.lsp import convert
from mathlsp.lsp.actions import SOLVE_COMMAND, versioned_edits
from mathlsp.lsp.diagnostics import parsed, schedule
from mathlsp.lsp.state import MathServer, OpenDocument
from mathlsp.solve.secrets import redact

log = logging.getLogger("mathlsp.lsp")

CANCEL_COMMAND = "mathlsp.cancelSolve"
APPLY_ATTEMPTS = 2


class SolveProgress:
    """Work-done progress for one solve (server-created token; nothing if unsupported)."""

    def __init__(self, server: MathServer) -> None:
        self.server = server
        self.token: str | None = None

    async def begin(self, title: str) -> str | None:
        if not self.server.capability("window.work_done_progress"):
            return None
        token = f"mathlsp-solve-{uuid.uuid4().hex[:12]}"
        try:
            await self.server.work_done_progress.create_async(token)
        except Exception as error:
            self.server.log(f"no progress: {error}", types.MessageType.Log)
            return None
        self.token = token
        self.server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=title, cancellable=True, message="connecting")
        )
        return token

    def report(self, progress: Any) -> None:
        if self.token is None:
            return
        message = f"{progress.phase}, {progress.tokens} tokens"
        if progress.samples > 1:
            message += f" over {progress.samples} samples"
        self.server.work_done_progress.report(
            self.token, types.WorkDoneProgressReport(message=message)
        )

    def waiting(self) -> None:
        if self.token is not None:
            message = "waiting for another solve to finish (mathlsp.maxConcurrentSolves)"
            self.server.work_done_progress.report(
                self.token, types.WorkDoneProgressReport(message=message)
            )

    def end(self, message: str) -> None:
        if self.token is not None:
            self.server.work_done_progress.end(
                self.token, types.WorkDoneProgressEnd(message=message)
            )
            self.token = None


def target_of(
    server: MathServer, argument: Mapping[str, Any], document: Document
) -> tuple[Anchor, str, str] | None:
    """(anchor, problem text for the model, label for messages) from the command argument."""
    columns = server.columns(document.text)
    if isinstance(argument.get("range"), Mapping):
        client = convert_range(argument["range"])
        anchor = anchor_for_selection(document.text, columns.range_from_client(client))
        return (anchor, anchor.statement, "the selection") if anchor.statement else None
    where = argument.get("position")
    if not isinstance(where, Mapping):
        return None
    position = columns.from_client(
        types.Position(line=int(where["line"]), character=int(where["character"]))
    )
    index = problem_index_at(document, position)
    if index is None:
        return None
    problem = document.problems[index]
    return anchor_for_problem(problem), problem.statement, problem.label


def convert_range(raw: Mapping[str, Any]) -> types.Range:
    start, end = raw["start"], raw["end"]
    return types.Range(
        start=types.Position(line=int(start["line"]), character=int(start["character"])),
        end=types.Position(line=int(end["line"]), character=int(end["character"])),
    )


async def insert_solution(
    server: MathServer, state: OpenDocument, anchor: Anchor, comment: str
) -> str:
    """Apply the solution edit to the current text; "inserted", "gone" or "refused"."""
    reason = ""
    for _ in range(APPLY_ATTEMPTS):
        if server.documents.get(state.uri) is not state:
            return "gone"
        document, version = await parsed(server, state)
        edit = plan_solution_edit(document, anchor, comment)
        if edit is None:
            return "gone"
        columns = server.columns(document.text)
        change = convert.workspace_edit(
            state.uri, version, [edit], columns, versioned=versioned_edits(server)
        )
        result = await server.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=change, label="mathlsp: insert solution")
        )
        if result.applied:
            return "inserted"
        reason = result.failure_reason or "no reason given"
        server.log(f"client refused the solution edit ({reason}); planning it again")
    return f"refused: {reason}"


async def run_solve(server: MathServer, argument: Mapping[str, Any]) -> dict[str, Any]:
    """The whole solve: find the problem, generate with progress, insert the solution."""
    # Lazily: the solver loads openai (slow to import); a server that never solves skips it.
    from mathlsp.solve import BackendError, SolveCancelled, solve

    uri = str(argument.get("uri", ""))
    state = server.documents.get(uri)
    if state is None:
        server.show(f"mathlsp: {uri} is not an open Markdown or LaTeX document")
        return {"status": "error", "message": "document not open"}
    document, _ = await parsed(server, state)
    target = target_of(server, argument, document)
    if target is None:
        message = "mathlsp: put the cursor in a problem, or select the problem's text, to solve it"
        server.show(message, types.MessageType.Warning)
        return {"status": "error", "message": message}
    anchor, problem_text, label = target
    progress = SolveProgress(server)
    token = await progress.begin(f"Solving {label}")
    current = asyncio.current_task()
    if token is not None and current is not None:
        server.solves.add(current, token)
    cancel = asyncio.Event()
    try:
        if not server.solve_slots.free():
            progress.waiting()
        async with server.solve_slots.slot():
            result = await solve(
                problem_text, server.settings, on_progress=progress.report, cancel=cancel
            )
    except (SolveCancelled, asyncio.CancelledError):
        progress.end("cancelled")
        server.log(f"solve of {label} cancelled")
        return {"status": "cancelled"}
    except BackendError as error:
        progress.end("failed")
        server.show(f"mathlsp: could not solve {label}: {error}")
        return {"status": "error", "message": str(error)}
    except Exception as error:  # a bug, not the backend: still end the progress and say so
        progress.end("failed")
        log.exception("solve of %s failed", label)
        message = f"mathlsp: solving {label} failed ({type(error).__name__}: {error}); see the log"
        server.show(message)
        return {"status": "error", "message": message}
    server.model_name = result.model
    if result.note:
        server.log(f"solve of {label}: {result.note}")
    if result.answer is None:
        return no_answer(server, progress, label, result)
    comment = redact(  # a reply may repeat a secret; the document must not keep it
        render_solution_comment(
            result.block(), state.language, include_thinking=server.settings.show_thinking
        )
    )
    outcome = await insert_solution(server, state, anchor, comment)
    verdict = result.sympy_text()
    progress.end(f"answer {result.answer}" + (f"; {verdict}" if verdict else ""))
    if outcome == "gone":
        server.log(f"the solution of {label}, not inserted:\n{comment}")
        server.show(
            f"mathlsp: {label} is no longer in the document (deleted or its statement changed "
            f"while it was solved); solution not inserted. The model answered "
            f"{result.answer}; the whole solution is in the output channel.",
            types.MessageType.Warning,
        )
    elif outcome != "inserted":
        server.show(
            f"mathlsp: the editor refused the solution edit ({outcome})", types.MessageType.Warning
        )
    else:
        schedule(server, uri, delay=0)
    return {
        "status": outcome.split(":")[0],
        "answer": result.answer,
        "agreement": result.agreement,
        "samples": len(result.samples),
        "model": result.model,
        "sympy": result.sympy,
        "computed": result.computed,
    }


def no_answer(
    server: MathServer, progress: SolveProgress, label: str, result: Any
) -> dict[str, Any]:
    """A reply without a boxed answer (none written, or cut off at ``maxTokens``): nothing
    is inserted; the reasoning goes to the output channel and the message says where."""
    why = (
        "was cut off before its answer (raise mathlsp.maxTokens)"
        if result.truncated
        else "gave no \\boxed{} answer"
    )
    progress.end("no boxed answer")
    text = "\n\n".join(part for part in (result.reasoning, result.solution) if part.strip())
    server.log(f"the model's reply for {label}, which has no answer:\n{text or '(empty)'}")
    server.show(
        f"mathlsp: the model {why} for {label}; nothing was inserted. Its reasoning is in "
        "the output channel (mathlsp).",
        types.MessageType.Warning,
    )
    return {
        "status": "no-answer",
        "answer": None,
        "agreement": result.agreement,
        "samples": len(result.samples),
        "model": result.model,
    }


def register(server: MathServer) -> None:
    @server.command(SOLVE_COMMAND)
    async def solve_command(ls: MathServer, *args: object) -> dict[str, Any]:
        argument = args[0] if args and isinstance(args[0], Mapping) else None
        if argument is None:
            raise ValueError("mathlsp.solve takes one argument: {uri, position} or {uri, range}")
        request = server.protocol.msg_id
        task = asyncio.create_task(run_solve(server, argument))
        keys = [str(argument.get("uri", ""))]
        if request is not None:
            keys.append(str(request))
        server.solves.add(task, *keys)
        try:
            return await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the server itself is going down
            return {"status": "cancelled"}

    @server.command(CANCEL_COMMAND)
    def cancel_command(ls: MathServer, *args: object) -> dict[str, Any]:
        argument = args[0] if args and isinstance(args[0], Mapping) else {}
        uri = argument.get("uri")
        return {"cancelled": server.solves.cancel(str(uri) if uri else None)}

    @server.feature(types.WINDOW_WORK_DONE_PROGRESS_CANCEL)
    def progress_cancel(params: types.WorkDoneProgressCancelParams) -> None:
        server.solves.cancel(str(params.token))
