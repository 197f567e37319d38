"""Reads worker replies in the parent without letting them run SymPy there.

Unpickling a SymPy object rebuilds it through its constructor, which evaluates: a worker
that returns ``10^{10^{10^{10}}}`` as an expression would hang the server or CLI while it
loads the reply, outside every time limit. Results must be plain data (strings, numbers,
tuples, dataclasses), so the unpickler refuses the computer-algebra modules outright.
"""

from __future__ import annotations

import io
import pickle
from typing import Any, Literal

Status = Literal["ok", "timeout", "crashed", "error"]

_REFUSED = ("sympy", "mpmath", "latex2sympy2_extended", "antlr4", "gmpy2", "flint")


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module.split(".")[0] in _REFUSED:
            raise pickle.UnpicklingError(
                f"a worker returned a {module}.{name} object; judgements must return plain data"
            )
        return super().find_class(module, name)


def load_reply(payload: bytes) -> tuple[Status, Any, str]:
    """``(status, value, detail)`` from a worker's bytes; a refused or broken reply becomes
    an ``error`` reply."""
    try:
        status, value, detail = _PlainUnpickler(io.BytesIO(payload)).load()
    except Exception as error:
        return ("error", None, f"unusable result: {error}")
    if status == "ok" or status == "timeout" or status == "crashed" or status == "error":
        return (status, value, str(detail))
    return ("error", None, f"unusable result status {status!r}")
