"""latex2sympy2_extended's syntax errors, said in words a student can act on.

Its parser raises a bare ``Exception`` whose text is ANTLR's view ("I expected one of these:
'!'", "I don't understand this") followed by the text it parsed and a caret under the place
it stopped. The kind of complaint says little; the place says a lot. ``in_words`` names what
is there: an unknown command, a bracket or environment left open or never opened, or the
token that cannot follow what comes before it.
"""

from __future__ import annotations

import re

_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
_ENVIRONMENT = re.compile(r"\\(begin|end)\{([^}]*)\}")
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CONTEXT = 20  # characters of the text before the stop that a message quotes
FALLBACK = "this is not LaTeX math that SymPy's reader knows"


def in_words(message: str) -> str:
    """What could not be read in ``message`` (the parser's three-line error), in words."""
    lines = message.split("\n")
    if len(lines) < 3 or not lines[2].endswith("^"):
        return FALLBACK
    source, column = lines[1], len(lines[2]) - 1
    before, rest = source[:column], source[column:].strip()
    if not rest:
        return _at_end(source, before)
    token = _token(rest)
    if token.startswith("\\") and lines[0].startswith("I don't understand"):
        return f"`{token}` is not a command SymPy's reader knows"
    if token in _PAIRS.values() and _unopened(before, token):
        return f"the `{token}` after {_quote(before)} closes a bracket that was never opened"
    if not before.strip():
        return f"math cannot start with `{token}`"
    return f"`{token}` cannot come after {_quote(before)}"


def _at_end(source: str, before: str) -> str:
    environment = _open_environment(source)
    if environment:
        return f"`\\begin{{{environment}}}` has no `\\end{{{environment}}}`"
    bracket = _open_bracket(source)
    if bracket:
        return f"a `{bracket}` is never closed"
    return f"it stops too early: something is missing after {_quote(before)}"


def _token(rest: str) -> str:
    command = _COMMAND.match(rest)
    return command.group() if command else rest[0]


def _quote(text: str) -> str:
    text = text.strip()
    if len(text) > _CONTEXT:
        tail = text[-_CONTEXT:]
        if text[-_CONTEXT - 1] != " " and " " in tail:  # do not start inside a word
            tail = tail[tail.index(" ") :]
        text = "…" + tail.lstrip()
    return f"`{text}`"


def _brackets(text: str) -> list[str]:
    """The brackets left open at the end of ``text`` (``\\{`` and ``\\}`` are not brackets);
    a closing one with nothing to close is kept as itself."""
    stack: list[str] = []
    for char in re.sub(r"\\[{}]", "", text):
        if char in _PAIRS:
            stack.append(char)
        elif char in _PAIRS.values():
            if stack and _PAIRS[stack[-1]] == char:
                stack.pop()
            else:
                stack.append(char)
    return stack


def _open_bracket(text: str) -> str | None:
    opened = [c for c in _brackets(text) if c in _PAIRS]
    return opened[-1] if opened else None


def _unopened(before: str, closer: str) -> bool:
    opener = next(o for o, c in _PAIRS.items() if c == closer)
    return opener not in _brackets(before)


def _open_environment(text: str) -> str | None:
    stack: list[str] = []
    for kind, name in _ENVIRONMENT.findall(text):
        if kind == "begin":
            stack.append(name)
        elif stack and stack[-1] == name:
            stack.pop()
    return stack[-1] if stack else None
