"""`mathlsp: off`/`on` regions and `mathlsp: ignore`: spans stay, flagged, and give nothing."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import Language

CASES = [
    (
        "md-off-on",
        "markdown",
        "$a$\n<!-- mathlsp: off -->\n$b$\n<!-- mathlsp: on -->\n$c$",
        [False, True, False],
    ),
    ("md-off-to-end", "markdown", "$a$ <!-- mathlsp: off --> $b$\n\n$c$", [False, True, True]),
    (
        "md-ignore-next-line",
        "markdown",
        "<!-- mathlsp: ignore -->\n$a$ $b$\n$c$",
        [True, True, False],
    ),
    ("md-ignore-same-line", "markdown", "$a$ <!-- mathlsp: ignore --> $b$", [False, True]),
    (
        "md-ignore-extra-words",
        "markdown",
        "<!-- mathlsp: ignore (typo on purpose) -->\n$a$",
        [True],
    ),
    ("md-other-comment", "markdown", "<!-- note -->\n$a$", [False]),
    (
        "md-ignore-block",
        "markdown",
        "<!-- mathlsp: ignore -->\n\\begin{align}\na &= b \\\\\n&= c\n\\end{align}",
        [True, True],
    ),
    ("tex-off-on", "latex", "$a$\n% mathlsp: off\n$b$\n% mathlsp: on\n$c$", [False, True, False]),
    ("tex-ignore", "latex", "% mathlsp: ignore\n$a$\n$b$", [True, False]),
    ("tex-ignore-trailing-comment", "latex", "$a$ % mathlsp: ignore\n$b$", [False, True]),
    ("tex-escaped-percent-is-text", "latex", "50\\% mathlsp: ignore\n$a$", [False]),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_ignored_flags(language: Language, text: str, expected: list[bool]) -> None:
    assert [span.ignored for span in parse_document(text, language).spans] == expected


def test_silenced_spans_give_no_chains_working_or_answers() -> None:
    text = (
        "Problem 1. Solve $x = 1$.\n\n<!-- mathlsp: off -->\n$$a = b = c$$\n\nAnswer: $2$\n"
        "<!-- mathlsp: on -->\n\n<!-- mathlsp: ignore -->\n$$d = e = f$$\n\n$$g = h = i$$\n"
    )
    doc = parse_document(text, "markdown")
    (problem,) = doc.problems
    assert [c.terms[0].source for c in doc.chains] == ["g"]
    assert [s.source for s in problem.working] == ["g = h = i"]
    assert problem.answers == ()
    assert sum(span.ignored for span in doc.spans) == 3
