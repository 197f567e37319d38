"""LaTeX scanner: delimiters, environments row by row, comments, verbatim, exact ranges."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import SpanKind

from tests.document.util import slice_range, utf16_column

INL, DSP, ENV = SpanKind.INLINE, SpanKind.DISPLAY, SpanKind.ENVIRONMENT_LINE

MATH = [
    ("dollar", "Let $x$ be", [("x", INL, None)]),
    ("double-dollar", "$$ x+1 $$", [("x+1", DSP, None)]),
    ("paren", "\\( a \\)", [("a", INL, None)]),
    ("bracket", "\\[\n  b\n\\]", [("b", DSP, None)]),
    ("equation", "\\begin{equation}\n  e = mc^2\n\\end{equation}", [("e = mc^2", ENV, "equation")]),
    ("equation-star", "\\begin{equation*} y \\end{equation*}", [("y", ENV, "equation*")]),
    (
        "align-rows",
        "\\begin{align}\na &= b \\\\\n  &= c\n\\end{align}",
        [("a &= b", ENV, "align"), ("&= c", ENV, "align")],
    ),
    (
        "align-star-label-nonumber",
        "\\begin{align*}\nx &= 1 \\label{eq:x} \\\\\ny &= 2 \\nonumber \\\\\nz &= 3\\notag\n\\end{align*}",
        [("x &= 1", ENV, "align*"), ("y &= 2", ENV, "align*"), ("z &= 3", ENV, "align*")],
    ),
    (
        "gather",
        "\\begin{gather}\na \\\\ b\n\\end{gather}",
        [("a", ENV, "gather"), ("b", ENV, "gather")],
    ),
    (
        "multline-is-one-row",
        "\\begin{multline}\na + b \\\\\n+ c = d\n\\end{multline}",
        [("a + b \n+ c = d", ENV, "multline")],
    ),
    (
        "eqnarray",
        "\\begin{eqnarray*}\nx &=& 1 \\\\\ny &=& 2\n\\end{eqnarray*}",
        [("x &=& 1", ENV, "eqnarray*"), ("y &=& 2", ENV, "eqnarray*")],
    ),
    (
        "nested-braces-keep-row",
        "\\begin{align}\nf &= \\begin{cases} 1 \\\\ 2 \\end{cases}\n\\end{align}",
        [("f &= \\begin{cases} 1 \\\\ 2 \\end{cases}", ENV, "align")],
    ),
    (
        "split-inside-equation",
        "\\begin{equation}\\begin{split}\na &= b \\\\\n&= c\n\\end{split}\\end{equation}",
        [("a &= b", ENV, "equation"), ("&= c", ENV, "equation")],
    ),
    (
        "row-spacing-argument",
        "\\begin{align}\na \\\\[2pt]\nb\n\\end{align}",
        [("a", ENV, "align"), ("b", ENV, "align")],
    ),
    (
        "aligned-in-bracket-display",
        "\\[\\begin{aligned} x &= 1 \\\\ &= 1 \\end{aligned}\\]",
        [("x &= 1", ENV, "aligned"), ("&= 1", ENV, "aligned")],
    ),
    ("percent-escaped", "$50\\% = 0.5$", [("50\\% = 0.5", INL, None)]),
    (
        "comment-inside-row",
        "\\begin{align}\na &= b % why\n\\end{align}",
        [("a &= b", ENV, "align")],
    ),
    ("cjk", "解 $x=1$ 😀 $y$", [("x=1", INL, None), ("y", INL, None)]),
]

NOT_MATH = [
    ("comment", "% $x$ here"),
    ("comment-after-text", "text % $$y$$"),
    ("escaped-dollar", "\\$5 and \\$6"),
    ("verb", "\\verb|$x$| and \\verb+$y$+"),
    ("verbatim", "\\begin{verbatim}\n$x$\n\\end{verbatim}"),
    ("lstlisting", "\\begin{lstlisting}\n\\begin{align} a \\end{align}\n\\end{lstlisting}"),
    ("minted", "\\begin{minted}{python}\n'$x$'\n\\end{minted}"),
    ("unterminated-dollar", "$x"),
    ("unterminated-align", "\\begin{align} a &= b"),
    ("dollar-across-paragraph", "$a\n\nb$"),
    ("comment-hides-closer", "$a % $\n"),
    ("iffalse", "\\iffalse\nOld: $2 + 2 = 5$.\n\\fi"),
    ("iffalse-nested", "\\iffalse $a$ \\ifx a b $b$ \\fi $c$ \\fi"),
    ("iffalse-comment-fi", "\\iffalse $a$ % \\fi\n$b$ \\fi"),
    ("iffalse-unclosed", "\\iffalse\n$x$ runs to the end, as in TeX"),
]


def spans(text: str) -> list[tuple[str, SpanKind, str | None]]:
    return [(s.source, s.kind, s.environment) for s in parse_document(text, "latex").spans]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MATH], ids=[c[0] for c in MATH])
def test_math_is_found(text: str, expected: list[tuple[str, SpanKind, str | None]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize("text", [c[1] for c in NOT_MATH], ids=[c[0] for c in NOT_MATH])
def test_not_math(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        c[1]
        for c in MATH
        if "label" not in c[0] and "multline" not in c[0] and "comment" not in c[0]
    ],
)
def test_range_slices_back_to_source(text: str) -> None:
    for span in parse_document(text, "latex").spans:
        assert slice_range(text, span.range) == span.source


def test_environment_line_range_excludes_label_and_break() -> None:
    line = "  x^2 &= 4 \\label{eq:a} \\\\"
    text = "\\begin{align}\n" + line + "\n  x &= 2\n\\end{align}"
    first, second = parse_document(text, "latex").spans
    assert (first.range.start.line, first.range.start.character) == (1, 2)
    assert (first.range.end.line, first.range.end.character) == (1, 10)
    assert first.block == second.block


def test_columns_are_utf16_after_emoji() -> None:
    line = "😀😀 解 \\(a+b\\)"
    (span,) = parse_document(line, "latex").spans
    start = line.index("a+b")
    assert span.range.start.character == utf16_column(line, start)
    assert span.range.end.character == utf16_column(line, start + 3)


def test_iffalse_ends_at_its_fi_or_else() -> None:
    """TeX skips ``\\iffalse`` text up to the matching ``\\fi``, or an outer ``\\else``;
    ``\\iff`` is the logic symbol, not a conditional."""
    text = "\\iffalse $a$ \\else $b$ \\fi $c$ and $p \\iff q$, \\iffalse $d$\\fi$e$"
    assert [source for source, _, _ in spans(text)] == ["b", "c", "p \\iff q", "e"]
