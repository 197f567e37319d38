"""Results of judgements, keyed by normalised content, so re-checking skips what did not change.

A key is the judgement's name plus its arguments in normal form: LaTeX through
``read.normalise`` (``\\dfrac12`` and ``\\frac{1}{2}`` share an entry), statements with
whitespace collapsed. Timeouts are kept too, with the limit they ran under, so a span that
hangs SymPy is not re-run on every keystroke; a later, longer limit runs it again. Errors and
crashes are not kept (they may be passing). Bounded LRU; thread-safe.
"""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from mathlsp.check.engine.sandbox import Outcome
from mathlsp.check.read.normalise import normalise

Key = tuple[Hashable, ...]
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 17)
def latex_key(latex: str | None) -> str | None:
    """A LaTeX argument in the form used for keys (remembered: a re-check after an edit
    plans the same spans again)."""
    return None if latex is None else normalise(latex)


def text_key(text: str) -> str:
    """A prose argument (a problem statement) with whitespace collapsed."""
    return _SPACE.sub(" ", text).strip()


class ResultCache:
    """LRU map from task keys to ``Outcome``s (``ok`` and ``timeout`` only)."""

    def __init__(self, maxsize: int = 20_000) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[Key, tuple[Outcome[Any], float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key, time_limit: float) -> Outcome[Any] | None:
        """The stored outcome, or None. A timeout counts only if it ran under at least
        ``time_limit`` seconds."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            outcome, limit = entry
            if outcome.status == "timeout" and limit < time_limit:
                return None
            self._entries.move_to_end(key)
            return outcome

    def put(self, key: Key, outcome: Outcome[Any], time_limit: float) -> None:
        if outcome.status not in ("ok", "timeout"):
            return
        with self._lock:
            self._entries[key] = (outcome, time_limit)
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
