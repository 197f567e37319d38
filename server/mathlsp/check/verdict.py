"""The three-valued verdict every judgement returns: equal / not equal / undecided."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    equal: bool | None  # None: undecided (unreadable, timed out, unsupported)
    reason: str

    @staticmethod
    def yes(reason: str) -> Verdict:
        return Verdict(True, reason)

    @staticmethod
    def no(reason: str) -> Verdict:
        return Verdict(False, reason)

    @staticmethod
    def unknown(reason: str) -> Verdict:
        return Verdict(None, reason)
