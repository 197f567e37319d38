"""mathlsp: check and solve the math in Markdown and LaTeX notes.

Layout (see DESIGN.md): ``document/`` reads text into regions, ``check/`` judges them with
SymPy in sandboxed workers, ``solve/`` talks to the reasoning model, ``lsp/`` is the protocol
glue. Only ``lsp/`` may import pygls or lsprotocol.
"""

__version__ = "0.1.0"
