"""The solver's result and progress values and its two exceptions (the public contract)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mathlsp.document.render import SolutionBlock
from mathlsp.solve.secrets import redact

Phase = Literal["connecting", "thinking", "answering", "done"]
AnswerVerdict = Literal["confirms", "differs", "undecided", "unknown", "none"]
VoteMode = Literal["majority", "verified"]
VOTE_MODES: tuple[VoteMode, ...] = ("majority", "verified")
LISTED_STEPS = 5  # false steps a block lists; the rest are counted


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
class FalseStep:
    """A false claim in a sample's solution: the math as written, the checker's message and
    its 0-based line inside the solution text."""

    source: str
    message: str
    line: int
    code: str

    def text(self) -> str:
        """The block's line: ``SymPy: `182 + 21 = 193` is false: 21 + 182 = 203, not 193``."""
        message = " ".join(self.message.split())
        if message.startswith(f"`{self.source}`"):
            return f"SymPy: {message}"
        return f"SymPy: `{self.source}`: {message}"


@dataclass(frozen=True)
class SampleCheck:
    """One sample: what SymPy says of its final answer, and the false steps of its working.

    ``answer``: ``confirms`` / ``differs`` (SymPy computed the problem's answer), ``undecided``
    (computed, but the comparison was not decided), ``unknown`` (SymPy cannot compute this
    problem), ``none`` (the sample has no answer)."""

    answer: AnswerVerdict
    false_steps: tuple[FalseStep, ...] = ()

    @property
    def refuted(self) -> bool:
        return self.answer == "differs"


@dataclass(frozen=True)
class Verification:
    """SymPy's answer to the problem (LaTeX, None when it cannot compute it), what kind of
    problem it took it for, and one check per sample in order."""

    computed: str | None
    kind: str | None
    samples: tuple[SampleCheck, ...]

    @staticmethod
    def unchecked(samples: Sequence[Sample]) -> Verification:
        """No judgement ran: every answer unknown."""
        return Verification(
            None, None, tuple(SampleCheck("unknown" if s.answer else "none") for s in samples)
        )


@dataclass(frozen=True)
class SolveResult:
    """The voted answer (None when no sample has one), how many samples share it, every
    sample, the reasoning and solution of the sample shown for the winning group, the model
    that answered, whether any sample was cut off, and a note for the user ("" if none).

    ``verification`` is SymPy's word on every sample (``solve/verify.py``), ``chosen`` the
    index of the sample shown, ``vote`` how the winner was picked."""

    answer: str | None
    agreement: int
    samples: tuple[Sample, ...]
    reasoning: str
    solution: str
    model: str
    truncated: bool
    note: str
    verification: Verification | None = None
    chosen: int | None = None
    vote: VoteMode = "majority"

    @property
    def sympy(self) -> AnswerVerdict:
        """SymPy's word on the voted answer (``none`` when there is no answer)."""
        if self.answer is None or self.chosen is None or self.verification is None:
            return "none" if self.answer is None else "unknown"
        return self.verification.samples[self.chosen].answer

    @property
    def computed(self) -> str | None:
        """SymPy's answer to the problem (LaTeX), when it computes one."""
        return self.verification.computed if self.verification is not None else None

    @property
    def false_steps(self) -> tuple[FalseStep, ...]:
        """The false steps of the solution shown."""
        if self.verification is None or self.chosen is None:
            return ()
        return self.verification.samples[self.chosen].false_steps

    def false_step_lines(self) -> tuple[str, ...]:
        """The block's and the CLI's lines on the false steps: the first few, then a count."""
        steps = self.false_steps
        lines = [step.text() for step in steps[:LISTED_STEPS]]
        if len(steps) > LISTED_STEPS:
            lines.append(f"SymPy: {len(steps) - LISTED_STEPS} more false claims in this solution")
        return tuple(lines)

    def sympy_text(self) -> str:
        """ "SymPy confirms", "SymPy computes X instead", or "" when SymPy has no word."""
        if self.sympy == "confirms":
            return "SymPy confirms"
        if self.sympy == "differs":
            return f"SymPy computes {self.computed} instead"
        return ""

    def block(self) -> SolutionBlock:
        """The comment this result becomes under its problem (``document.render``)."""
        fields: list[tuple[str, str | int]] = [
            ("model", self.model),
            ("samples", len(self.samples)),
            ("agree", self.agreement),
        ]
        if self.truncated:
            fields.append(("truncated", "yes"))
        if self.sympy == "confirms":
            fields.append(("sympy", "confirms"))
        elif self.sympy == "differs":
            fields.append(("sympy", f"differs:{self.computed}"))
        return SolutionBlock(
            tuple(fields),
            self.solution,
            self.answer,
            self.reasoning,
            self.note,
            checks=self.false_step_lines(),
            answer_note=self.sympy_text() if self.sympy == "differs" else "",
        )


class BackendError(Exception):
    """The backend failed; ``str(error)`` tells the user what happened and what to do. Its
    text is redacted (a server may echo the API key in its error body)."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class SolveCancelled(Exception):
    """The caller cancelled the generation; the HTTP stream has been closed."""
