"""Clock times: `20:34`, `08:34 P.M.`, `4:30p.`, `2:00 pm`, `20:34:00`, as seconds of the day.

A time with a.m./p.m., or an hour of 0 or 13 to 23, is one moment; `4:30` alone is 4:30 or
16:30 (both readings are kept). A whole number of hours stands for that o'clock (`2` is
`2:00 pm`), as a gold answer to "at what time" is often written.
"""

from __future__ import annotations

import re

_CLOCK = re.compile(
    r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?\s*(?:([ap])\.?\s*(?:m\b\.?)?\.?)?$", re.IGNORECASE
)
_DAY = 24 * 3600


def clock_readings(text: str) -> tuple[int, ...] | None:
    """The seconds of the day ``text`` may name, or None when it is no clock time."""
    match = _CLOCK.match(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if hour > 24 or (meridiem and not 1 <= hour <= 12):
        return None
    rest = minute * 60 + second
    if meridiem:
        return ((hour % 12 + (12 if meridiem == "p" else 0)) * 3600 + rest,)
    if 1 <= hour <= 12:
        return tuple(sorted({(hour % 12) * 3600 + rest, (hour % 12 + 12) * 3600 + rest}))
    return ((hour * 3600 + rest) % _DAY,)


def hour_readings(hours: int) -> tuple[int, ...]:
    """A whole number of hours as o'clock: `2` is 2:00 or 14:00, `14` is 14:00."""
    if not 0 <= hours <= 24:
        return ()
    if 1 <= hours <= 12:
        return tuple(sorted({(hours % 12) * 3600, (hours % 12 + 12) * 3600}))
    return ((hours * 3600) % _DAY,)
