"""Diagnostics as the core reports them (DESIGN's codes are a contract); ``lsp/`` and the CLI
convert these to LSP types or text/JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal

from mathlsp.document.text import Range

Code = Literal["false-equation", "invalid-step", "answer-mismatch", "unverified"]


class Severity(IntEnum):
    """Numbered as LSP numbers them."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    range: Range
    severity: Severity
    code: Code
    message: str
    # Extra facts for code actions, e.g. {"replacement": "\\frac{1}{3}"} on answer-mismatch.
    data: Mapping[str, str] = field(default_factory=dict)
