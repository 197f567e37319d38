"""The pure judgements that run in sandbox workers: claims, chains, solving steps, problems
(kinds, targets, solving, extrema, conditions) and written answers. ``entry`` holds the entry
points the engine sends to workers; ``results`` the values they return.

May import: ``context``, ``answers``, ``read`` and the shared types. Must not import ``engine``
(a judgement never reaches up into planning or the pool).
"""
