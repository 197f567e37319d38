"""Answer equivalence: extraction of the final answer, normalisation, numbers, units, answer
shapes (lists, sets, intervals, relations) and their comparison, three-valued. Shared by
``judge`` (written answers), ``mathlsp grade`` and the solver's vote.

May import: ``read`` and the shared types. Must not import ``judge``, ``context`` or ``engine``.
"""
