"""Settings and lifecycle: ``mathlsp.*`` from initializationOptions and
``workspace/configuration`` (after ``initialized`` and on ``didChangeConfiguration``), parsed
by ``settings_from_mapping``; invalid values are shown (``window/showMessage``) and replaced by
their defaults. A change that matters re-checks the open documents.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Mapping
from typing import Any

from lsprotocol import types

from mathlsp.lsp.diagnostics import recheck_all
from mathlsp.lsp.state import MathServer
from mathlsp.settings import SETTINGS_FIELDS, Settings, settings_from_mapping

SECTION = "mathlsp"
MODEL_LOOKUP_SECONDS = 5.0


def section_of(raw: Any) -> dict[str, Any]:
    """``{"mathlsp": {...}}`` or the section itself -> the section (a dict, maybe empty)."""
    if not isinstance(raw, Mapping):
        return {}
    inner = raw.get(SECTION)
    if isinstance(inner, Mapping):
        return dict(inner)
    return {k: v for k, v in raw.items() if k != SECTION}


def flatten(raw: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """VS Code may nest dotted keys (``check.enabled`` as ``{"check": {"enabled": ..}}``);
    settings are flat camelCase (``checkEnabled``). ``server`` stays nested (client-side)."""
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        name = prefix + key[:1].upper() + key[1:] if prefix else key
        if isinstance(value, Mapping) and name != "server":
            flat.update(flatten(value, name))
        else:
            flat[name] = value
    return flat


async def fetch(server: MathServer, pushed: Any = None) -> dict[str, Any]:
    """The client's ``mathlsp`` settings: initializationOptions, then what it pushed with
    didChangeConfiguration, then ``workspace/configuration`` when supported."""
    raw = section_of(server.init_options)
    raw.update(section_of(pushed))
    if server.capability("workspace.configuration"):
        try:
            answer = await server.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
            )
        except Exception as error:  # a client that claims support but fails: keep going
            server.log(f"workspace/configuration failed: {error}", types.MessageType.Warning)
        else:
            if answer and isinstance(answer[0], Mapping):
                raw.update(answer[0])
    return flatten(raw)


def apply(server: MathServer, raw: Mapping[str, Any]) -> bool:
    """Parse and install settings; report problems; True when the settings changed."""
    settings, problems = settings_from_mapping(raw)
    if problems:
        server.show("mathlsp settings: " + "; ".join(problems), types.MessageType.Warning)
    if settings == server.settings:
        return False
    old, server.settings = server.settings, settings
    server.solve_slots.wake()  # the solve limit may have changed
    if server._checker is not None and _check_fields(old) != _check_fields(settings):
        server.checker.update_settings(settings)
    server.log(f"settings: {settings}")
    return True


def _check_fields(settings: Settings) -> tuple[Any, ...]:
    return tuple(
        getattr(settings, name) for name in settings.__dataclass_fields__ if "check" in name
    )


async def reload(server: MathServer, pushed: Any = None) -> None:
    old = server.settings
    if apply(server, await fetch(server, pushed)) and _check_fields(old) != _check_fields(
        server.settings
    ):
        recheck_all(server)


async def learn_model(server: MathServer) -> None:
    """Ask the backend which model it serves, for the "Solve with <model>" titles; quiet
    when it is not reachable (it may be started later; a solve reports errors properly)."""
    await server.wait_configured()
    if server.settings.model:
        return
    await asyncio.to_thread(importlib.import_module, "mathlsp.solve.backend")  # openai: slow
    # Lazily: openai is imported just above, off the loop; a server that never solves skips it.
    from mathlsp.solve.backend import make_client, pick_model, resolve_backend

    base_url, key = resolve_backend(server.settings)
    try:
        client = make_client(base_url, key, MODEL_LOOKUP_SECONDS)  # async client: on the loop
        model = await asyncio.wait_for(
            pick_model(client, base_url, server.settings), MODEL_LOOKUP_SECONDS
        )
    except Exception as error:
        server.log(f"backend {base_url} not reachable yet: {error}", types.MessageType.Log)
    else:
        known, server.model_name = server.model_name, model
        if known != model and server.capability("workspace.code_lens.refresh_support"):
            server.workspace_code_lens_refresh(None)  # their titles name the model


def register(server: MathServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        server.init_options = dict(options) if isinstance(options, Mapping) else {}
        server.pull_diagnostics = server.capability("text_document.diagnostic") is not None

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        server.model_lookup = server.background(learn_model(server))  # once configured
        server.background(server.loop_watch.run())
        try:
            await reload(server)
        finally:
            server.configured.set()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def changed(params: types.DidChangeConfigurationParams) -> None:
        await reload(server, params.settings)
        server.model_lookup = server.background(learn_model(server))

    @server.feature("mathlsp/settings")
    def current(params: Any) -> dict[str, Any]:
        """Custom request (tests, debugging): the settings in effect, camelCase keys."""
        return {key: getattr(server.settings, spec.name) for key, spec in SETTINGS_FIELDS.items()}

    @server.feature(types.SHUTDOWN)
    def shutdown(params: Any) -> None:
        server.close()
