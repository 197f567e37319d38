"""Protocol glue (pygls 2): thin handlers that call ``document/``, ``check/`` and ``solve/``
and convert their results to LSP types. The only package that imports pygls or lsprotocol;
``server.build_server`` wires one module per feature."""
