"""The result cache: keys in normal form, LRU bound, timeouts kept per limit, errors not."""

from __future__ import annotations

import pytest
from mathlsp.check.engine.cache import ResultCache, latex_key, text_key
from mathlsp.check.engine.sandbox import Outcome


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("\\dfrac12", "\\frac{1}{2}"),
        ("\\left( x \\right)", "( x )"),
        ("x  +\n 1", "x + 1"),
        ("2\\cdot3\\,", "2\\cdot3"),
    ],
    ids=["dfrac", "sizing", "whitespace", "thin-space"],
)
def test_latex_keys_agree_after_normalising(a: str, b: str) -> None:
    assert latex_key(a) == latex_key(b)


def test_text_keys_collapse_whitespace_only() -> None:
    assert text_key(" Solve\n  $x = 1$. ") == "Solve $x = 1$."
    assert text_key("Solve $x=1$") != text_key("Solve $x = 1$")


@pytest.mark.parametrize(
    ("stored", "stored_limit", "asked_limit", "hit"),
    [
        (Outcome("ok", 1), 3.0, 10.0, True),
        (Outcome("timeout", detail="over"), 3.0, 3.0, True),
        (Outcome("timeout", detail="over"), 3.0, 1.0, True),
        (Outcome("timeout", detail="over"), 3.0, 5.0, False),
        (Outcome("error", detail="boom"), 3.0, 3.0, False),
        (Outcome("crashed", detail="died"), 3.0, 3.0, False),
    ],
    ids=[
        "ok",
        "timeout-same-limit",
        "timeout-shorter-limit",
        "timeout-longer-limit",
        "error",
        "crash",
    ],
)
def test_what_is_kept(
    stored: Outcome[int], stored_limit: float, asked_limit: float, hit: bool
) -> None:
    cache = ResultCache()
    cache.put(("judge_span", "x"), stored, stored_limit)
    assert (cache.get(("judge_span", "x"), asked_limit) == stored) is hit


def test_least_recently_used_entries_go_first() -> None:
    cache = ResultCache(maxsize=2)
    cache.put(("a",), Outcome("ok", 1), 3.0)
    cache.put(("b",), Outcome("ok", 2), 3.0)
    assert cache.get(("a",), 3.0) is not None  # touch a: b is now the oldest
    cache.put(("c",), Outcome("ok", 3), 3.0)
    assert len(cache) == 2
    assert cache.get(("b",), 3.0) is None
    assert [cache.get((k,), 3.0) for k in "ac"] == [Outcome("ok", 1), Outcome("ok", 3)]
