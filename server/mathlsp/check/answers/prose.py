"""Answers inside prose: which stretch of a sentence is the answer, in any language.

Pure string work. A sentence in a script other than Latin (Chinese, Arabic, Hindi, Russian)
is split at its letters and punctuation, and the stretches of math between them are the
candidates (`所以一共有3 + 10 = 13只鸟` has `3 + 10 = 13`). In Latin prose, a LaTeX command
with its braces (`\\frac{63}{400}`) is one candidate, never the numbers inside it. After a
copula or verb of having (`is`, `has`, `est`, `aura`, `是`), the first candidate is the one
the sentence states (`196 has 9 divisors`, `Janeth aura encore 220 $ à payer d'ici 12 mois`).
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"(?<![A-Za-z\d.,/])-?\d+(?:[,.]\d+)*(?:/\d+)?(?:\s?%)?")
_LATEX_RUN = re.compile(
    r"-?\d*(?:\\(?:[dt]?frac|sqrt|pi|binom)\b\s*(?:\[[^\]]*\])?(?:\{[^{}]*\})*)+"
)
_VERBS = re.compile(
    r"(?i)(?<![\w\\])(?:is|are|was|were|equals?|has|have|had|est|sont|vaut|égale|a|aura|"
    r"avait|es|son|tiene|ist|sind|hat|beträgt|è|é|tem)(?![\w])|是|为|有|等于|هو|है|हैं"
)
_EDGES = " \t\n*_:：,，.。;；=、'\"“”"


def _separator(char: str) -> bool:
    """A letter, mark or punctuation of a script other than Latin and Greek (math letters)."""
    code = ord(char)
    if code < 0x250 or 0x370 <= code < 0x400:
        return False
    return unicodedata.category(char)[0] in "LMP"


def is_foreign(text: str) -> bool:
    """Whether ``text`` has prose in a script other than Latin."""
    return sum(_separator(char) for char in text) >= 2


def foreign_words(text: str) -> int:
    """How many runs of non-Latin letters ``text`` has (each counts as prose)."""
    runs = 0
    previous = False
    for char in text:
        current = _separator(char) and unicodedata.category(char)[0] == "L"
        runs += current and not previous
        previous = current
    return runs


def _trimmed(run: str) -> str:
    """A stretch without the punctuation, emphasis and brackets around it."""
    previous = None
    while previous != run:
        previous = run
        run = run.strip(_EDGES)
        for left, right in (("(", ")"), ("[", "]"), ("（", "）")):
            if run.startswith(left) and run.endswith(right) and _balanced(run[1:-1]):
                run = run[1:-1]
    return run


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        if depth < 0:
            return False
    return depth == 0


def candidates(text: str) -> list[tuple[int, str]]:
    """(position, text) of each stretch that may be the answer, in order."""
    if is_foreign(text):
        found: list[tuple[int, str]] = []
        start = 0
        for index, char in enumerate(text + "\u3002"):
            if _separator(char):
                run = _trimmed(text[start:index])
                if re.search(r"\d", run) and _balanced(run):
                    found.append((start, run))
                start = index + 1
        return found
    runs = [(m.start(), m.group(0)) for m in _LATEX_RUN.finditer(text) if "\\" in m.group(0)]
    covered = [(start, start + len(run)) for start, run in runs]
    numbers = [
        (m.start(), m.group(0))
        for m in _NUMBER.finditer(text)
        if not any(lo <= m.start() < hi for lo, hi in covered)
    ]
    return sorted(runs + numbers)


def last_candidate(text: str) -> str | None:
    """The last stretch of math in prose (a sentence with no answer phrase)."""
    found = candidates(text)
    return found[-1][1] if found else None


def stated_candidate(text: str) -> str | None:
    """The stretch a sentence after an answer phrase states: the first after its last verb
    that is followed by one, else the first."""
    found = candidates(text)
    if not found:
        return None
    verbs = [m.end() for m in _VERBS.finditer(text)]
    for verb in reversed(verbs):
        after = [candidate for position, candidate in found if position >= verb]
        if after:
            return after[0]
    return found[0][1]
