"""One source of truth for settings: ``SETTINGS_FIELDS`` (what the server reads), the VS Code
``package.json`` ``contributes.configuration`` and the settings table of ``docs/editors.md``
must agree on names, types and defaults; the client-only ``mathlsp.server.*`` keys are in the
last two. No other page keeps a copy of the table to drift."""

from __future__ import annotations

import json
import re
from pathlib import Path
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


SETTINGS_PAGE = ROOT / "docs" / "editors.md"


def table_rows(page: Path) -> dict[str, tuple[str, Any, str]]:
    """``key -> (type, default, description)`` from the settings table rows of ``page``."""
    rows: dict[str, tuple[str, Any, str]] = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            key, kind, default, description = match.groups()
            assert key not in rows, f"{key} is listed twice in {page.name}"
            rows[key] = (kind, json.loads(default), description)
    return rows


def docs_rows() -> dict[str, tuple[str, Any, str]]:
    return table_rows(SETTINGS_PAGE)


def type_words(kind: str | list[str]) -> str:
    return " or ".join(kind) if isinstance(kind, list) else kind


def test_package_json_lists_exactly_the_server_settings() -> None:
    keys = set(package_properties()) - CLIENT_ONLY
    assert keys == set(server_settings())
    assert CLIENT_ONLY <= set(package_properties())


def test_docs_list_exactly_the_package_json_settings() -> None:
    assert set(docs_rows()) == set(package_properties())


def test_the_settings_table_lives_only_in_docs_editors() -> None:
    """A second copy would drift: the README and the other pages link to docs/editors.md."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    elsewhere = {p.name: set(table_rows(p)) for p in pages if p != SETTINGS_PAGE}
    assert {name: keys for name, keys in elsewhere.items() if keys} == {}


@pytest.mark.parametrize(
    ("key", "default"), sorted(server_settings().items()), ids=sorted(server_settings())
)
def test_package_json_matches_server_field(key: str, default: Any) -> None:
    spec = package_properties()[key]
    assert spec["default"] == default and type(spec["default"]) in (type(default), int), spec
    assert spec["type"] == json_type(default)
    assert (spec.get("markdownDescription") or spec.get("description") or "").strip()


@pytest.mark.parametrize("key", sorted(package_properties()), ids=sorted(package_properties()))
def test_docs_row_matches_package_json(key: str) -> None:
    spec = package_properties()[key]
    kind, default, description = docs_rows()[key]
    assert default == spec["default"], f"docs/editors.md default of {key}"
    assert kind == type_words(spec["type"]), f"docs/editors.md type of {key}"
    assert description.strip()


def test_server_reads_every_listed_key() -> None:
    raw = {
        key.removeprefix("mathlsp."): spec["default"] for key, spec in package_properties().items()
    }
    del raw["server.path"], raw["server.python"]
    settings, problems = settings_from_mapping(raw)
    assert problems == []
    assert settings == Settings()
