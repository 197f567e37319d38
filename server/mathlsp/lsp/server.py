"""Wiring: ``build_server`` registers every feature on a fresh ``MathServer``.

Each LSP feature lives in its own module with a ``register(server)`` that declares its
handlers and imports only the shared state (``state.py``), never this module.
"""

from __future__ import annotations

from mathlsp.lsp import actions, config, diagnostics, hover, lens, solve_command
from mathlsp.lsp.state import MathServer


def build_server() -> MathServer:
    """A server with every feature registered."""
    server = MathServer()
    config.register(server)
    diagnostics.register(server)
    hover.register(server)
    actions.register(server)
    lens.register(server)
    solve_command.register(server)
    return server
