"""One streamed choice: separates the thinking from the answer part, whatever the layout.

Servers send the thinking in ``delta.reasoning`` (vLLM 0.33 with a reasoning parser), in
``delta.reasoning_content`` (older vLLM, llama.cpp), or inline in ``content`` as
``<think>...</think>``, often without the opening tag because the R1-distill chat template
already ends the prompt with ``<think>\\n``. Inline text is held back only as long as it
could still be the start of a tag, so a split ``</th`` + ``ink>`` is read correctly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from mathlsp.solve.types import Sample

OPEN, CLOSE = "<think>", "</think>"
Kind = Literal["reasoning", "solution"]


def _held_back(text: str, tag: str) -> int:
    """How many trailing characters of ``text`` could be the start of ``tag``."""
    for size in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:size]):
            return size
    return 0


class ReplyBuffer:
    """Collects one choice's deltas; ``feed`` returns the newly classified text pieces.

    Constant work per delta: only the few characters that could be a tag are held back."""

    def __init__(self) -> None:
        self._field: list[str] = []  # reasoning from a separate field
        self._reasoning: list[str] = []  # inline reasoning, classified
        self._solution: list[str] = []  # content after the reasoning
        self._pending = ""  # inline text that could still be (part of) a tag
        self._state: Literal["start", "thinking", "answer"] = "start"
        self._opened = False  # an inline opening tag was seen
        self._has_solution = False  # non-blank content arrived after field reasoning
        self.finish_reason: str | None = None
        self.tokens = 0

    @property
    def thinking(self) -> bool:
        """Whether this choice is still in its reasoning part."""
        if self._field:
            return not self._has_solution
        return self._state != "answer"

    def feed(self, reasoning: str | None, content: str | None) -> list[tuple[Kind, str]]:
        out: list[tuple[Kind, str]] = []
        if reasoning:
            self._field.append(reasoning)
            out.append(("reasoning", reasoning))
        if content:
            out += self._feed_content(content)
        if reasoning or content:
            self.tokens += 1
        return out

    def _feed_content(self, content: str) -> list[tuple[Kind, str]]:
        if self._field or self._state == "answer":
            self._solution.append(content)
            self._has_solution = self._has_solution or bool(content.strip())
            return [("solution", content)]
        pending = self._pending + content
        if self._state == "start":
            stripped = pending.lstrip()
            if OPEN.startswith(stripped):
                self._pending = pending  # blank so far, or could still become the opening tag
                return []
            if stripped.startswith(OPEN):
                pending, self._opened = stripped[len(OPEN) :], True
            self._state = "thinking"
        out: list[tuple[Kind, str]] = []
        at = pending.find(CLOSE)
        if at >= 0:
            before, after = pending[:at], pending[at + len(CLOSE) :]
            self._state, self._pending = "answer", ""
            if before:
                self._reasoning.append(before)
                out.append(("reasoning", before))
            if after:
                self._solution.append(after)
                out.append(("solution", after))
            return out
        keep = _held_back(pending, CLOSE)
        ready, self._pending = pending[: len(pending) - keep], pending[len(pending) - keep :]
        if ready:
            self._reasoning.append(ready)
            out.append(("reasoning", ready))
        return out

    def split(self) -> tuple[str, str, bool]:
        """(reasoning, solution, reasoning_finished) of everything received so far."""
        if self._field:
            solution = "".join(self._solution)
            return "".join(self._field), solution, bool(solution.strip())
        if self._state == "answer":
            return "".join(self._reasoning), "".join(self._solution), True
        text = "".join(self._reasoning) + self._pending
        if self._opened:  # an opening tag that never closed: all unfinished thinking
            return text, "", False
        if self.finish_reason == "stop":  # no tags at all and a finished reply: no thinking
            return "", text, True
        return text, "", False  # cut off with no tags: cannot tell it is an answer

    def sample(self, extract: Callable[[str], str | None]) -> Sample:
        """The finished sample; the answer only ever comes from the part after the thinking."""
        reasoning, solution, finished = self.split()
        answer = extract(solution) if finished and solution.strip() else None
        return Sample(
            answer=answer,
            finish_reason=self.finish_reason,
            reasoning=reasoning.strip("\n"),
            solution=solution.strip(),
            tokens=self.tokens,
        )
