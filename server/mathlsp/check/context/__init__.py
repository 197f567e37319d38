"""What a document establishes as it is read in order: bindings (``Let $a = 3$``), givens and
conditions (``x > 0``, the problem's equations), assumptions and the domain (scalars,
matrices, mod p, geometry), each with its scope. Plain, picklable data that judgements consult
and the engine builds from the document model.

May import: ``read`` and the shared types. Must not import ``judge``, ``answers`` or ``engine``.
"""
