"""Evaluation brackets, ``\\left[F\\right]_a^b`` and ``F\\Big|_a^b``: F(b) - F(a).

Calculus working writes the antiderivative between brackets or before a bar; the LaTeX reader
knows neither, only ``F|_{x=a}``. The text is rewritten to that form,
``((F)|_{x=b} - (F)|_{x=a})``, with x the one variable of F (or the one the limits name:
``\\Big|_{x=0}^{x=1}``). Runs on normalised text, where ``\\left``/``\\big`` are gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LIMITS_HINT = re.compile(r"[\]|]\s*[_^]")
_COMMAND = re.compile(r"\\[a-zA-Z]+")
_STOPS = "=<>&,;"  # a bar's integrand starts after the last of these (or at the start)
_PREFERRED = ("x", "t", "u", "y", "z", "s", "v", "w", "theta", "r")

Variables = Callable[[str], list[str] | None]


def rewrite_evaluations(text: str, variables: Variables) -> str:
    """``text`` with each evaluation bracket spelled out; ``variables(F)`` gives F's free
    variables as LaTeX names (None when F cannot be read: then the text is left alone)."""
    if not _LIMITS_HINT.search(text):
        return text
    position = 0
    while True:
        found = _next_evaluation(text, position, variables)
        if found is None:
            return text
        start, end, replacement = found
        text = text[:start] + replacement + text[end:]
        position = start + len(replacement)


def _next_evaluation(text: str, position: int, variables: Variables) -> tuple[int, int, str] | None:
    for hint in _LIMITS_HINT.finditer(text, position):
        closer = hint.start()
        limits = _limits(text, closer + 1)
        if limits is None:
            continue
        lower, upper, end = limits
        if text[closer] == "]":
            opener = _matching_open(text, closer)
            if opener is None:
                continue
            body, start = text[opener + 1 : closer], opener
        else:
            start = _bar_start(text, closer)
            body = text[start:closer].lstrip(" .")
        replacement = _spelled_out(body.strip(), lower, upper, variables)
        if replacement is not None:
            return start, end, replacement
    return None


def _limits(text: str, at: int) -> tuple[str, str, int] | None:
    """``_a^b`` or ``^b_a`` right after ``at`` (spaces allowed): (lower, upper, end)."""
    found: dict[str, str] = {}
    for _ in range(2):
        while at < len(text) and text[at] == " ":
            at += 1
        if at >= len(text) or text[at] not in "_^" or text[at] in found:
            break
        mark = text[at]
        group = _group(text, at + 1)
        if group is None:
            return None
        found[mark], at = group
    if set(found) != {"_", "^"}:
        return None
    return found["_"], found["^"], at


def _group(text: str, at: int) -> tuple[str, int] | None:
    """One TeX argument: ``{...}`` (nested braces), a command, or one character."""
    while at < len(text) and text[at] == " ":
        at += 1
    if at >= len(text):
        return None
    if text[at] == "{":
        depth = 0
        for index in range(at, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                return text[at + 1 : index], index + 1
        return None
    command = _COMMAND.match(text, at)
    if command:
        return command.group(), command.end()
    return text[at], at + 1


def _matching_open(text: str, closer: int) -> int | None:
    depth = 0
    for index in range(closer, -1, -1):
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            depth -= 1
            if depth == 0:
                return index
    return None


def _bar_start(text: str, bar: int) -> int:
    depth = 0
    for index in range(bar - 1, -1, -1):
        char = text[index]
        if char in ")}]":
            depth += 1
        elif char in "({[":
            if depth == 0:
                return index + 1
            depth -= 1
        elif depth == 0 and char in _STOPS:
            return index + 1
    return 0


def _spelled_out(body: str, lower: str, upper: str, variables: Variables) -> str | None:
    named = re.match(r"\s*([^=]+?)\s*=(.*)", lower)
    if named:
        variable, lower = named.group(1), named.group(2)
        upper = re.sub(rf"^\s*{re.escape(variable)}\s*=", "", upper)
    else:
        found = variables(body)
        if found is None:
            return None
        if not found:
            return "0"  # a constant between limits
        choices = [v for v in _PREFERRED if v in found] if len(found) > 1 else found
        if not choices:
            return None
        variable = choices[0]
    if not body or not lower.strip() or not upper.strip():
        return None
    return f"(({body})|_{{{variable}={upper.strip()}}} - ({body})|_{{{variable}={lower.strip()}}})"
