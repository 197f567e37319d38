"""``check.read.normalise`` on any LaTeX: never raises, idempotent (a cache key must not
change when its text is normalised again), keeps the braces balanced as they were."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from mathlsp.check.read.normalise import normalise

from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.strategies import LATEX

_ESCAPE_OR_BRACE = re.compile(r"\\[\s\S]|[{}]")


def brace_depth(text: str) -> int:
    """Open minus closed unescaped braces (``\\{`` is a literal brace, ``\\\\{`` is not)."""
    depth = 0
    for token in _ESCAPE_OR_BRACE.findall(text):
        depth += {"{": 1, "}": -1}.get(token, 0)
    return depth


@fuzz_settings()
@given(latex=st.one_of(LATEX, st.text(max_size=60)))
def test_normalise_is_idempotent_and_keeps_the_braces(latex: str) -> None:
    once = normalise(latex)
    assert normalise(once) == once
    assert once == once.strip()
    assert brace_depth(once) == brace_depth(latex)
