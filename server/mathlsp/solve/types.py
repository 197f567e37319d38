"""The solver's result and progress values and its two exceptions (the public contract)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mathlsp.document.render import SolutionBlock

Phase = Literal["connecting", "thinking", "answering", "done"]


@dataclass(frozen=True)
class Progress:
    """Where a generation is: ``tokens`` so far over all samples, ``samples`` requested."""

    phase: Phase
    tokens: int
    samples: int


@dataclass(frozen=True)
class Sample:
    """One sample's reply: its boxed answer (None if none after the reasoning), why it
    stopped (``stop``, ``length``, or None when the stream ended early), its thinking, the
    solution part after the thinking, and its number of streamed tokens."""

    answer: str | None
    finish_reason: str | None
    reasoning: str
    solution: str
    tokens: int


@dataclass(frozen=True)
class SolveResult:
    """The voted answer (None when no sample has one), how many samples share it, every
    sample, the reasoning and solution of the first sample of the winning group, the model
    that answered, whether any sample was cut off, and a note for the user ("" if none)."""

    answer: str | None
    agreement: int
    samples: tuple[Sample, ...]
    reasoning: str
    solution: str
    model: str
    truncated: bool
    note: str

    def block(self) -> SolutionBlock:
        """The comment this result becomes under its problem (``document.render``)."""
        fields: list[tuple[str, str | int]] = [
            ("model", self.model),
            ("samples", len(self.samples)),
            ("agree", self.agreement),
        ]
        if self.truncated:
            fields.append(("truncated", "yes"))
        return SolutionBlock(tuple(fields), self.solution, self.answer, self.reasoning, self.note)


class BackendError(Exception):
    """The backend failed; ``str(error)`` tells the user what happened and what to do."""


class SolveCancelled(Exception):
    """The caller cancelled the generation; the HTTP stream has been closed."""
