"""One source of truth for settings: ``SETTINGS_FIELDS`` (what the server reads), the VS Code
``package.json`` ``contributes.configuration`` and the README's settings table must agree on
names, types and defaults; the client-only ``mathlsp.server.*`` keys are in the last two."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from mathlsp.settings import SETTINGS_FIELDS, Settings, settings_from_mapping

from tests.editors.common import ROOT, VSCODE

CLIENT_ONLY = {"mathlsp.server.path", "mathlsp.server.python"}
ROW = re.compile(
    r"^\|\s*`(mathlsp\.[\w.]+)`\s*\|\s*([^|]+?)\s*\|\s*`([^`]*)`\s*\|\s*([^|]+?)\s*\|\s*$"
)


def json_type(default: Any) -> str | list[str]:
    if default is None:
        return ["string", "null"]
    return {bool: "boolean", int: "integer", float: "number", str: "string"}[type(default)]


def server_settings() -> dict[str, Any]:
    defaults = Settings()
    return {
        f"mathlsp.{key}": getattr(defaults, field.name) for key, field in SETTINGS_FIELDS.items()
    }


def package_properties() -> dict[str, dict[str, Any]]:
    package = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    properties: dict[str, dict[str, Any]] = package["contributes"]["configuration"]["properties"]
    return properties


def readme_rows() -> dict[str, tuple[str, Any, str]]:
    """``key -> (type, default, description)`` from the table in the README's editors section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = (
        readme.index("<!-- section: editors -->"),
        readme.index("<!-- /section: editors -->"),
    )
    rows: dict[str, tuple[str, Any, str]] = {}
    for line in readme[start:end].splitlines():
        match = ROW.match(line)
        if match:
            key, kind, default, description = match.groups()
            assert key not in rows, f"{key} is listed twice in the README"
            rows[key] = (kind, json.loads(default), description)
    return rows


def type_words(kind: str | list[str]) -> str:
    return " or ".join(kind) if isinstance(kind, list) else kind


def test_package_json_lists_exactly_the_server_settings() -> None:
    keys = set(package_properties()) - CLIENT_ONLY
    assert keys == set(server_settings())
    assert CLIENT_ONLY <= set(package_properties())


def test_readme_lists_exactly_the_package_json_settings() -> None:
    assert set(readme_rows()) == set(package_properties())


@pytest.mark.parametrize(
    ("key", "default"), sorted(server_settings().items()), ids=sorted(server_settings())
)
def test_package_json_matches_server_field(key: str, default: Any) -> None:
    spec = package_properties()[key]
    assert spec["default"] == default and type(spec["default"]) in (type(default), int), spec
    assert spec["type"] == json_type(default)
    assert (spec.get("markdownDescription") or spec.get("description") or "").strip()


@pytest.mark.parametrize("key", sorted(package_properties()), ids=sorted(package_properties()))
def test_readme_row_matches_package_json(key: str) -> None:
    spec = package_properties()[key]
    kind, default, description = readme_rows()[key]
    assert default == spec["default"], f"README default of {key}"
    assert kind == type_words(spec["type"]), f"README type of {key}"
    assert description.strip()


def test_server_reads_every_listed_key() -> None:
    raw = {
        key.removeprefix("mathlsp."): spec["default"] for key, spec in package_properties().items()
    }
    del raw["server.path"], raw["server.python"]
    settings, problems = settings_from_mapping(raw)
    assert problems == []
    assert settings == Settings()
