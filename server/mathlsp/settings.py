"""One typed settings object for the server, the CLI and the editor clients.

Field names map to the ``mathlsp.*`` keys in camelCase (``backend_url`` is
``mathlsp.backendUrl``); the VS Code ``package.json`` and the README's settings table are
checked against ``SETTINGS_FIELDS`` by a test. Invalid values are reported and replaced by
defaults, never raised.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_PROMPT = (
    "Please reason step by step, and put your final answer within \\boxed{{}}.\n{problem}"
)

VOTES = ("majority", "verified")  # mathlsp.vote


@dataclass(frozen=True, slots=True)
class Settings:
    backend_url: str | None = None  # else MATHLSP_BASE_URL, OPENAI_BASE_URL, localhost:8000/v1
    model: str | None = None  # else the first id of GET /v1/models
    samples: int = 1
    max_tokens: int = 32768
    temperature: float = 0.6
    top_p: float = 0.95
    request_timeout: float = 600.0  # seconds for one generation
    stall_timeout: float = 60.0  # seconds without a byte once the reply has started; 0: never
    max_concurrent_solves: int = 2  # solves generating at once; more wait their turn
    prompt_template: str = DEFAULT_PROMPT
    show_thinking: bool = False
    vote: str = "verified"  # "majority" | "verified": may SymPy's checks take a sample's vote
    check_time_limit: float = 3.0  # seconds per SymPy check
    check_memory_mb: int = 1024
    check_enabled: bool = True
    check_claims: bool = True
    check_chains: bool = True
    check_steps: bool = True
    check_answers: bool = True


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


SETTINGS_FIELDS: dict[str, dataclasses.Field[Any]] = {
    camel_case(f.name): f for f in dataclasses.fields(Settings)
}


def _coerce(value: Any, default: Any, name: str) -> Any:
    """Return ``value`` converted to the type of ``default``; raise ValueError when it can't be."""
    if value is None:
        if default is None:
            return None
        raise ValueError(f"{name} must not be empty")
    kind = type(default)
    if default is None:  # optional strings
        if isinstance(value, str):
            return value.strip() or None
        raise ValueError(f"{name} must be a string")
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ValueError(f"{name} must be true or false")
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            raise ValueError(f"{name} must be a whole number")
        if value < 1:
            raise ValueError(f"{name} must be at least 1")
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"{name} must be a non-negative number")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"{name} must be a string")
        return value
    raise ValueError(f"{name}: unsupported type")


def settings_from_mapping(raw: Mapping[str, Any] | None) -> tuple[Settings, list[str]]:
    """Parse client settings (camelCase keys, as under ``mathlsp.*``) into ``Settings``.

    Returns the settings and one message per invalid or unknown value; those keep defaults."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in (raw or {}).items():
        spec = SETTINGS_FIELDS.get(key)
        if spec is None:
            if key != "server":  # client-side keys (mathlsp.server.*) are not ours
                problems.append(f"mathlsp.{key} is not a known setting; ignored")
            continue
        default = getattr(defaults, spec.name)
        try:
            values[spec.name] = _coerce(value, default, f"mathlsp.{key}")
        except ValueError as error:
            problems.append(f"{error}; using the default {default!r}")
    if "vote" in values and values["vote"] not in VOTES:
        problems.append(
            f"mathlsp.vote must be one of {', '.join(VOTES)}; using the default {defaults.vote!r}"
        )
        del values["vote"]
    if "prompt_template" in values and "{problem}" not in values["prompt_template"]:
        problems.append("mathlsp.promptTemplate must contain {problem}; using the default")
        del values["prompt_template"]
    return dataclasses.replace(defaults, **values), problems
