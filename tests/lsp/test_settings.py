"""Settings: read with workspace/configuration; invalid values shown and replaced by defaults."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.lsp.session import CLIENTS, Session, start_session


async def _wait_for_message(session: Session, needle: str, timeout: float = 10.0) -> str:
    async def poll() -> str:
        while True:
            for message in session.client.messages:
                if needle in message.message:
                    return message.message
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(poll(), timeout)


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_invalid_setting_is_shown_and_defaulted(client_name: str) -> None:
    session = await start_session(client_name, settings={"samples": "many", "maxTokens": 64})
    try:
        if (
            session.capabilities.workspace is None
            or not session.capabilities.workspace.configuration
        ):
            # Neovim 0.7's recording has no workspace/configuration: settings come pushed.
            session.client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"mathlsp": {"samples": "many"}})
            )
        message = await _wait_for_message(session, "mathlsp.samples")
        assert "default 1" in message
        stats = await session.request("mathlsp/settings")
        assert stats["samples"] == 1
    finally:
        await session.shutdown()


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_configuration_change_is_read_again(client_name: str) -> None:
    session = await start_session(client_name, settings={"samples": 3})
    try:
        await asyncio.sleep(0.2)
        session.client.set_configuration({"samples": 0, "checkTimeLimit": 2}, section="mathlsp")
        session.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(
                settings={"mathlsp": {"samples": 0, "checkTimeLimit": 2}}
            )
        )
        message = await _wait_for_message(session, "mathlsp.samples must be at least 1")
        assert "default 1" in message
        current = await session.request("mathlsp/settings")
        assert current["samples"] == 1
        assert current["checkTimeLimit"] == 2.0
    finally:
        await session.shutdown()


@pytest.mark.parametrize("client_name", CLIENTS)
async def test_first_check_uses_the_clients_settings(client_name: str) -> None:
    """A document opened right after start-up is checked with the client's settings (here:
    claims off), not the defaults that hold until workspace/configuration is answered."""
    session = await start_session(
        client_name, settings={"checkClaims": False}, configuration_delay=2.0
    )
    try:
        if (
            session.capabilities.workspace is None
            or not session.capabilities.workspace.configuration
        ):
            pytest.skip("this client pushes settings with didChangeConfiguration instead")
        uri = "file:///tmp/mathlsp-tests/claims.md"
        session.open(uri, "So $2 + 2 = 5$ here, and $\\log_2 8 = 4$.\n", "markdown")
        assert await session.diagnostics(uri) == []
        assert (await session.stats(uri))["version"] == 1  # checked, and found nothing
    finally:
        await session.shutdown()
