"""Settings shapes clients send: nested or flat, with or without the ``mathlsp`` key."""

from __future__ import annotations

from typing import Any

import pytest
from mathlsp.lsp.config import flatten, section_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"mathlsp": {"samples": 4}}, {"samples": 4}),
        ({"samples": 4}, {"samples": 4}),
        (
            {"mathlsp": {"check": {"enabled": False, "timeLimit": 2}}},
            {"checkEnabled": False, "checkTimeLimit": 2},
        ),
        (
            {"mathlsp": {"server": {"path": "x"}, "model": "m"}},
            {"server": {"path": "x"}, "model": "m"},
        ),
        (None, {}),
        ("nonsense", {}),
    ],
    ids=["section", "flat", "nested", "client-keys", "none", "not-a-mapping"],
)
def test_section_and_flatten(raw: Any, expected: dict[str, Any]) -> None:
    assert flatten(section_of(raw)) == expected
