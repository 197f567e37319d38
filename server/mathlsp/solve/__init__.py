"""Solve problems with a reasoning model behind an OpenAI-compatible backend (vLLM).

Owns the backend client, DeepSeek's prompt, stream handling for the three reasoning
layouts, answer extraction, SymPy's checks of the replies (``verify``: the checker's own
judgements, in sandbox workers), voting, and replaying recorded replies (``replay``). Never
imports pygls or lsprotocol.
"""

from mathlsp.solve.backend import resolve_backend
from mathlsp.solve.solver import solve
from mathlsp.solve.types import (
    BackendError,
    Progress,
    Sample,
    SolveCancelled,
    SolveResult,
)

__all__ = [
    "BackendError",
    "Progress",
    "Sample",
    "SolveCancelled",
    "SolveResult",
    "resolve_backend",
    "solve",
]
