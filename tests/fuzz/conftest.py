"""Property tests run long under ``make fuzz`` and briefly in ``make test``.

``MATHLSP_FUZZ_EXAMPLES`` sets each fuzzer's example count (a few by default, so
``make test`` stays fast); every fuzzer here takes its settings from ``fuzz_settings``."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("MATHLSP_FUZZ_EXAMPLES", "40"))


def fuzz_settings(weight: float = 1.0, **changes: Any) -> Any:
    """Hypothesis settings for one fuzzer: ``weight`` times the example count (a slow
    property runs fewer), no deadline (a loaded machine is no failure), no database."""
    values: dict[str, Any] = {
        "max_examples": max(1, int(EXAMPLES * weight)),
        "deadline": None,
        "database": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
    }
    values.update(changes)
    return settings(**values)
