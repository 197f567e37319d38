"""LaTeX text helpers for the context, without SymPy: top-level parts and relations, names,
and the identifiers a piece of math mentions (to pick the facts relevant to a relation)."""

from __future__ import annotations

import re

GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma "
    "Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell".split()
)
_DECORATIONS = "bar|hat|tilde|overline|vec|widehat|widetilde|dot|ddot|mathbf|boldsymbol"
_LETTER = r"(?:\\(?:" + "|".join(sorted(GREEK, key=len, reverse=True)) + r")(?![A-Za-z])|[A-Za-z])"
_BASE = (
    r"(?:\\(?:mathrm|text|operatorname|mathit)\s*\{\s*[A-Za-z]+\s*\}"
    rf"|\\(?:{_DECORATIONS})\s*(?:\{{\s*{_LETTER}\s*\}}|\s*{_LETTER})"
    rf"|{_LETTER}|[A-Z]{{2,4}}(?![A-Za-z]))"
)
_INDEX = r"(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?(?:\s*\^\s*\{\s*\(\s*\d+\s*\)\s*\})?"
_ARGUMENT = r"[A-Za-z](?:_\{?\w+\}?)?"
_ARGUMENTS = rf"(?:\s*[(\[]\s*{_ARGUMENT}(?:\s*,\s*{_ARGUMENT})*\s*[)\]])?"
# `a`, `\theta`, `a_{k+1}`, `\bar{x}`, `\mathrm{LHS}`, `LHS`, `P_F`, `f(x)`, `W[y_1, y_2]`
NAME = re.compile(rf"^\s*{_BASE}{_INDEX}{_ARGUMENTS}\s*$")
_IDENTIFIER = re.compile(
    r"\\(?:mathrm|text|operatorname|mathit)\s*\{\s*([A-Za-z]+)\s*\}|\\([A-Za-z]+)|([A-Za-z])"
)
_TRAILING = re.compile(r"(?:\\\\|[.,;:]|\\[,;!]|\\q?quad|\s)+$")
_RELATION = re.compile(
    r"\\(?:leqslant|geqslant|leq|geq|neq|le|ge|ne|lt|gt)(?![A-Za-z])|<=|>=|!=|[<>≤≥≠]|(?<![<>!:\\])="
)
_BREAK = re.compile(r"\\q?quad(?![A-Za-z])|\\text\s*\{\s*(?:and|or|,)\s*\}|\\(?:text|mbox)\s*\{")


def identifiers(latex: str) -> frozenset[str]:
    """The letters, Greek names and upright words a piece of math mentions (commands that are
    operators, like ``\\frac`` or ``\\sin``, are not identifiers)."""
    found: set[str] = set()
    for match in _IDENTIFIER.finditer(latex):
        word, command, letter = match.groups()
        if word:
            found.add(word)
        elif command:
            if command in GREEK:
                found.add(command)
        elif letter:
            found.add(letter)
    return frozenset(found)


def base(name: str) -> str:
    """The identifier a name starts with: ``a`` for ``a_{k+1}``, ``theta`` for ``\\theta``,
    ``x`` for ``\\bar{x}``."""
    stripped = re.sub(rf"\\(?:{_DECORATIONS})(?![A-Za-z])", "", name)
    for match in _IDENTIFIER.finditer(stripped):
        word, command, letter = match.groups()
        if word or letter or command in GREEK:
            return str(word or command or letter)
    return name.strip()


def clean(source: str) -> str:
    """A span's text without alignment marks and trailing punctuation."""
    return _TRAILING.sub("", re.sub(r"(?<!\\)&", " ", source)).strip()


def parts(source: str) -> list[str]:
    """Top-level pieces separated by commas, semicolons, ``\\quad`` or a ``\\text{…}`` word;
    braces, brackets and parentheses protect what is inside them."""
    text = clean(source)
    pieces: list[str] = []
    depth = start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in ",;":
            pieces.append(text[start:index])
            start = index + 1
        elif depth == 0 and char == "\\":
            found = _BREAK.match(text, index)
            if found is not None:
                pieces.append(text[start:index])
                end = found.end()
                if found.group().rstrip().endswith("{"):  # \text{...}: skip its braces
                    close = text.find("}", end)
                    end = len(text) if close < 0 else close + 1
                start = index = end
                continue
        index += 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def relations(part: str) -> tuple[list[str], list[str]]:
    """A piece split at its top-level relations: (terms, operators)."""
    terms: list[str] = []
    operators: list[str] = []
    depth = start = 0
    index = 0
    while index < len(part):
        char = part[index]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            found = _RELATION.match(part, index)
            if found is not None and not part.startswith("\\left", index):
                terms.append(part[start:index])
                operators.append(found.group())
                start = index = found.end()
                continue
        index += 1
    terms.append(part[start:])
    return [term.strip() for term in terms], operators


def is_name(term: str) -> bool:
    """Whether a term is a bare name (``a``, ``\\theta_2``, ``f(x)``, ``\\mathrm{LHS}``)."""
    return bool(NAME.match(term)) and not term.strip().isdigit()


def mentions(name: str, latex: str) -> bool:
    """Whether ``latex`` uses the name: as written for an indexed or applied name
    (``a_{n-1}`` is not ``a_n``), as an identifier otherwise (``r`` is not in ``\\frac``)."""
    if re.search(r"[_(\[]", name):
        squeeze = re.compile(r"\s+")
        return squeeze.sub("", name) in squeeze.sub("", latex)
    return base(name) in identifiers(latex)
