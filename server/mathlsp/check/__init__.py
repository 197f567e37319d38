"""SymPy judgement of the math a document holds, in wings that import one way only:

``engine`` → ``judge`` → (``context``, ``answers``) → ``read``; the engine also uses ``context``
and ``read`` directly. Beside the wings sit small shared types (``diagnostics``, ``verdict``,
``numeric``) that any wing may import. Nothing in ``check/`` imports pygls, lsprotocol,
``solve/``, ``lsp/``, ``commands/`` or ``cli``; see ``docs/architecture.md``.
"""
