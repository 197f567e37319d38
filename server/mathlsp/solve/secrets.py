"""Secrets never shown: what a message, a log line or an inserted solution must not contain.

A backend may echo the API key in an error body (``Incorrect API key provided: sk-...``), a
base URL may carry a password (``http://user:pw@host/v1``) or a key in its query, and a
hostile reply may repeat either. ``redact`` replaces the values of the credential variables in
the environment (``OPENAI_API_KEY``, tokens, passwords: the names the sandbox keeps from its
workers), URL passwords, key-like query parameters and ``Bearer`` tokens with ``[redacted]``.
``StreamRedactor`` does the same for text that arrives in pieces.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from mathlsp.check.engine.sandbox import is_credential_name

MASK = "[redacted]"
MIN_SECRET = 8  # shorter values ("1", "true") would mask ordinary text; real keys are longer

_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s/@:]*:)[^\s/@]+(?=@)", re.I)
_URL_USER = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://)[^\s/@:]+(?=@)", re.I)
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&](?:api[_-]?key|key|token|access_token|secret|password|sig|signature)=)"
    r"[^\s&#]+",
    re.I,
)
_BEARER = re.compile(r"(?P<head>\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}")


def secret_values(extra: Iterable[str] = ()) -> list[str]:
    """The values to mask, longest first: credential variables of the environment, the
    passwords in base URLs there, and ``extra`` (the key in use)."""
    found: set[str] = set()
    for name, value in list(os.environ.items()):
        if not is_credential_name(name):
            continue
        found.add(value.strip())
        for match in _URL_PASSWORD.finditer(value):
            found.add(value[match.end("head") : match.end()])
    found.update(value.strip() for value in extra)
    return sorted((v for v in found if len(v) >= MIN_SECRET), key=len, reverse=True)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with every secret replaced by ``[redacted]``."""
    if not text:
        return text
    for value in secret_values(extra):
        text = text.replace(value, MASK)
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    text = _URL_USER.sub(lambda m: m["head"] + MASK, text) if "@" in text else text
    text = _QUERY_SECRET.sub(lambda m: m["head"] + MASK, text)
    return _BEARER.sub(lambda m: m["head"] + MASK, text)


class StreamRedactor:
    """Redacts text that arrives in pieces: holds back the tail that could be the start of a
    secret cut between two pieces, until the next piece (or ``flush``) decides."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.secrets = secret_values(extra)
        self.hold = max((len(s) for s in self.secrets), default=1) - 1
        self.pending = ""

    def feed(self, text: str) -> str:
        if not self.secrets:
            return text
        self.pending += text
        for value in self.secrets:
            self.pending = self.pending.replace(value, MASK)
        cut = len(self.pending) - self.hold
        if cut <= 0:
            return ""
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        return ready

    def flush(self) -> str:
        rest, self.pending = self.pending, ""
        for value in self.secrets:
            rest = rest.replace(value, MASK)
        return rest
