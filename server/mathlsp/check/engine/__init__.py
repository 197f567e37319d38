"""Runs the judgements for a document: the plan (which jobs a document needs, with cache keys),
the result cache, the sandboxed worker pool (time and memory limits, crash recovery), the
mapping of results to ranged diagnostics, and the workers' warm-up.

May import: every other wing (``judge``, ``context``, ``answers``, ``read``), the shared types,
``document`` and ``settings``. Must not import ``solve``, ``lsp``, ``commands`` or ``cli``;
nothing in ``check/`` imports ``engine``.
"""
