"""From a finished generation to the ``SolveResult``: answers, SymPy's checks, the vote, and
the user's note. This is the whole path after the stream; ``bench replay`` runs it on recorded
replies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mathlsp.settings import Settings
from mathlsp.solve.reply import ReplyBuffer
from mathlsp.solve.types import Sample, SolveResult, Verification, VoteMode
from mathlsp.solve.verify import Verifier, shared_verifier
from mathlsp.solve.vote import final_answer, group_answers, majority, verified

PIECES_PER_TOKEN_LIMIT = 4  # a streamed piece rarely holds more tokens than this


@dataclass
class Generation:
    """What one request brought back."""

    buffers: list[ReplyBuffer]
    model: str
    max_tokens: int
    note: str = ""  # e.g. max_tokens lowered to fit the server's context
    usage: int | None = None  # generated tokens over all samples, when the server says


def _cut_note(cut: list[Sample], total: int, max_tokens: int, usage: int | None) -> str:
    """Why replies have no answer. Each reply cut by max_tokens used all of it, so a server
    count below that means the server stopped them early (llama.cpp fits max_tokens into its
    context without a word). Without a count, streamed pieces (one or more tokens each) far
    below max_tokens point the same way."""
    who = "the reply was" if total == 1 else f"{len(cut)} of {total} replies were"
    if usage is not None and usage < len(cut) * max_tokens:
        after = f" after {usage} tokens" if total == 1 else ""
        return (
            f"{who} cut off{after} before an answer, below max_tokens ({max_tokens}): the "
            "server's context is smaller (vLLM: --max-model-len)"
        )
    pieces = max(s.tokens for s in cut)
    if usage is None and pieces * PIECES_PER_TOKEN_LIMIT < max_tokens:
        return (
            f"{who} cut off after about {pieces} tokens, before an answer and far below "
            f"max_tokens ({max_tokens}): the server's context is probably smaller"
        )
    return f"{who} cut off by max_tokens ({max_tokens}) before an answer"


def pick(
    groups: Sequence[Sequence[int]], verification: Verification, mode: VoteMode
) -> tuple[int | None, int]:
    """The winning sample and its group's votes, by the vote ``mode``."""
    if mode == "majority":
        return majority(groups)
    refuted = [check.refuted for check in verification.samples]
    flawed = [bool(check.false_steps) for check in verification.samples]
    return verified(groups, refuted, flawed)


async def finish(
    generation: Generation,
    problem: str = "",
    settings: Settings | None = None,
    verifier: Verifier | None = None,
) -> SolveResult:
    """Answers from the part after the thinking, SymPy's checks of each sample (when the
    problem is given), the vote, and one reasoning of the winner."""
    settings = settings or Settings()
    buffers, max_tokens = generation.buffers, generation.max_tokens
    if len(buffers) == 1 and generation.usage:  # the server's own count is exact
        buffers[0].tokens = generation.usage
    samples = tuple(buffer.sample(final_answer) for buffer in buffers)
    groups = await group_answers([s.answer for s in samples])
    verification = Verification.unchecked(samples)
    if problem.strip():
        verification = await (verifier or shared_verifier(settings)).verify(problem, samples)
    mode: VoteMode = "majority" if settings.vote == "majority" else "verified"
    winner, agreement = pick(groups, verification, mode)
    notes = [generation.note] if generation.note else []
    cut = [s for s in samples if s.finish_reason == "length" and s.answer is None]
    if cut:
        notes.append(_cut_note(cut, len(samples), max_tokens, generation.usage))
    if winner is None and not cut:
        notes.append("no reply has a \\boxed{} answer after its reasoning")
    chosen = samples[winner] if winner is not None else samples[0]
    return SolveResult(
        answer=chosen.answer,
        agreement=agreement,
        samples=samples,
        reasoning=chosen.reasoning,
        solution=chosen.solution,
        model=generation.model,
        truncated=bool(cut),
        note="; ".join(notes),
        verification=verification,
        chosen=winner,
        vote=mode,
    )
