"""The final answer of a reply (its last ``\\boxed{}``) and self-consistency voting.

Two votes over the same groups (setting ``mathlsp.vote``): ``majority``, the largest group
wins; ``verified``, a sample whose final answer SymPy refutes loses its vote, and among
groups of equal size the one with more samples free of false steps wins (false steps break
ties, never decide alone). When SymPy refutes every sample, the majority's answer stands.

Voting groups answers with the shared equivalence judgement (``\\dfrac{3}{10}``, ``0.3`` and
``\\frac{6}{20}`` are one group), run in a sandbox worker (model output is untrusted text). Each answer is compared only with the first member of each
group found so far, and identical spellings skip SymPy, so N samples cost at most
N·(groups) comparisons.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence

from mathlsp.check.answers.equivalence import same_answer
from mathlsp.check.answers.extract import extract_answer
from mathlsp.check.engine.sandbox import WorkerPool

Same = Callable[[str, str], Awaitable[bool]]
TIME_LIMIT = 3.0  # seconds per comparison in the sandbox
MEMORY_MB = 1024

_BOX = re.compile(r"\\(?:boxed|fbox)\s*")
_SPACE = re.compile(r"\s+|\\[,;:!]|\\(?:left|right)(?=[()\[\]|.])")


def _braced(text: str, start: int) -> str | None:
    """The content of the balanced ``{...}`` opening at ``text[start]``."""
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == "\\":
            continue
        if char == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i]
    return None


def last_boxed(text: str) -> str | None:
    """LaTeX inside the last complete ``\\boxed{...}`` (or ``\\boxed 5``) of ``text``."""
    for match in reversed(list(_BOX.finditer(text))):
        end = match.end()
        if end < len(text) and text[end] == "{":
            inner = _braced(text, end)
            if inner is not None and inner.strip():
                return inner.strip()
        elif match.group().endswith(" ") or match.group().endswith("\n"):
            word = re.match(r"[^\s$]+", text[end:])
            if word:
                return word.group()
    return None


def final_answer(solution: str) -> str | None:
    """The answer of a reply's post-reasoning part: only a reply with a complete box has one.

    The shared extractor (``check.extract``) reads the last box group, so
    ``\\boxed{1}, \\boxed{2}`` gives both roots; the box itself is required here."""
    boxed = last_boxed(solution)
    if boxed is None:
        return None
    return extract_answer(solution) or boxed


def spelling_key(answer: str) -> str:
    """A cheap normal form: equal keys are the same answer without asking SymPy."""
    text = answer.strip().strip("$").strip()
    text = text.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    return _SPACE.sub("", text)


_shared: WorkerPool | None = None


def shared_pool() -> WorkerPool:
    """One sandbox worker shared by every vote in this process, started on first use."""
    global _shared
    if _shared is None:
        _shared = WorkerPool(1, time_limit=TIME_LIMIT, memory_mb=MEMORY_MB)
    return _shared


async def sandboxed_same(first: str, second: str) -> bool:
    """The shared equivalence judgement in a sandbox worker; undecided counts as different."""
    outcome = await shared_pool().run_async(same_answer, first, second)
    return outcome.status == "ok" and outcome.value is True


async def group_answers(
    answers: Sequence[str | None], same: Same = sandboxed_same
) -> list[list[int]]:
    """The samples' indices grouped by equivalent answers, groups in order of first sample."""
    groups: list[list[int]] = []
    for index, answer in enumerate(answers):
        if answer is None:
            continue
        for group in groups:
            first = answers[group[0]]
            assert first is not None
            if spelling_key(first) == spelling_key(answer) or await same(first, answer):
                group.append(index)
                break
        else:
            groups.append([index])
    return groups


def majority(groups: Sequence[Sequence[int]]) -> tuple[int | None, int]:
    """The largest group; a tie goes to the group whose first sample came earliest."""
    if not groups:
        return None, 0
    best = max(groups, key=lambda g: (len(g), -g[0]))
    return best[0], len(best)


def verified(
    groups: Sequence[Sequence[int]], refuted: Sequence[bool], flawed: Sequence[bool]
) -> tuple[int | None, int]:
    """The largest group counting only samples SymPy does not refute; a tie goes to the
    group with more samples free of false steps, then to the earliest. The sample shown is
    the group's first clean one. Every sample refuted: the majority's answer."""
    best: tuple[tuple[int, int, int], int, int] | None = None
    for group in groups:
        voters = [i for i in group if not refuted[i]]
        if not voters:
            continue
        clean = [i for i in voters if not flawed[i]]
        score = (len(voters), len(clean), -voters[0])
        if best is None or score > best[0]:
            best = (score, (clean or voters)[0], len(voters))
    if best is None:
        return majority(groups)
    return best[1], best[2]


async def vote(
    answers: Sequence[str | None], same: Same = sandboxed_same
) -> tuple[int | None, int]:
    """(index of the first sample of the winning group, its size); (None, 0) if no answers.

    The largest group wins; a tie goes to the group whose first sample came earliest."""
    return majority(await group_answers(answers, same))
