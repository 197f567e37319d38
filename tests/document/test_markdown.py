"""Markdown scanner: every delimiter, exact UTF-16 ranges, and everything that is not math."""

from __future__ import annotations

import pytest
from mathlsp.document import parse_document
from mathlsp.document.model import SpanKind

from tests.document.util import slice_range, utf16_column

INL, DSP, ENV = SpanKind.INLINE, SpanKind.DISPLAY, SpanKind.ENVIRONMENT_LINE

MATH = [
    ("dollar", "Let $x^2$ be.", [("x^2", INL)]),
    ("dollar-twice", "$a$ and $b+1$", [("a", INL), ("b+1", INL)]),
    ("double-dollar-inline", "so $$\\int_0^1 x\\,dx$$ here", [("\\int_0^1 x\\,dx", DSP)]),
    ("double-dollar-block", "$$\nx = 1\n$$\n", [("x = 1", DSP)]),
    ("double-dollar-block-blank-line", "$$\nx = 1\n\ny = 2\n$$", [("x = 1\n\ny = 2", DSP)]),
    (
        "aligned-display-rows",
        "$$\n\\begin{aligned}\na &= b \\\\\n&= c\n\\end{aligned}\n$$",
        [("a &= b", ENV), ("&= c", ENV)],
    ),
    (
        "cases-display-stays-whole",
        "$$f = \\begin{cases} 1 \\\\ 2 \\end{cases}$$",
        [("f = \\begin{cases} 1 \\\\ 2 \\end{cases}", DSP)],
    ),
    (
        "two-aligned-stay-whole",
        "$$\\begin{aligned}a\\end{aligned}+\\begin{aligned}b\\end{aligned}$$",
        [("\\begin{aligned}a\\end{aligned}+\\begin{aligned}b\\end{aligned}", DSP)],
    ),
    ("paren", "Inline \\(a+b\\) here", [("a+b", INL)]),
    ("bracket", "Display \\[ a+b \\] here", [("a+b", DSP)]),
    ("bracket-block", "\\[\nx\n\\]", [("x", DSP)]),
    ("math-fence", "```math\nx^2 = 4\n```\n", [("x^2 = 4", DSP)]),
    ("tilde-math-fence", "~~~math\ny\n~~~", [("y", DSP)]),
    ("escaped-dollar-inside", "$\\$5 + x$", [("\\$5 + x", INL)]),
    (
        "bare-align",
        "\\begin{align}\na &= b \\\\\n&= c\n\\end{align}",
        [("a &= b", ENV), ("&= c", ENV)],
    ),
    ("closing-before-letter", "$x$y", [("x", INL)]),
    ("escaped-backslash-then-math", "\\\\$x$", [("x", INL)]),
    ("math-in-heading", "# Title $t$", [("t", INL)]),
    ("math-in-list", "- item $a$\n    - nested $b$", [("a", INL), ("b", INL)]),
    ("indented-in-list-after-blank", "1. item\n\n    $c$", [("c", INL)]),
    ("multi-line-inline", "$a +\nb$", [("a +\nb", INL)]),
    ("cjk-around", "解方程 $x^2=4$，得 $x=\\pm 2$。", [("x^2=4", INL), ("x=\\pm 2", INL)]),
    ("after-front-matter", "---\ntitle: t\n---\n$z$", [("z", INL)]),
    ("thematic-break-not-front-matter", "text\n\n---\n$w$\n---", [("w", INL)]),
    ("emoji-around", "😀 $a$ 😀😀 $b$", [("a", INL), ("b", INL)]),
]

NOT_MATH = [
    ("currency", "It costs $5 and $6 in total."),
    ("currency-range", "from $5 to $10"),
    ("escaped-dollar", "\\$5 and \\$6"),
    ("escaped-dollar-math-like", "\\$x\\$"),
    ("space-after-opening", "$ x$"),
    ("space-before-closing", "$x $"),
    ("digit-after-closing", "$x$5"),
    ("code-span", "`$x$`"),
    ("double-backtick-code-span", "``a ` $x$ ``"),
    ("fenced-code", "```\n$x$\n```"),
    ("fenced-code-python", "```python\ns = '$x$'\n```"),
    ("tilde-fence", "~~~\n$$y$$\n~~~"),
    ("unclosed-fence", "```\n$x$\n\n$y$"),
    ("indented-code", "para\n\n    $x$ = code\n"),
    ("html-comment", "<!-- $x$ -->"),
    ("html-comment-multiline", "<!--\n$$y$$\n-->"),
    ("unterminated-dollar", "$x"),
    ("unterminated-double", "$$x"),
    ("unterminated-paren", "\\(x"),
    ("inline-across-paragraphs", "$a\n\nb$"),
    ("begin-without-end", "\\begin{align} a &= b"),
    ("dollar-then-code", "$6 and `$a$`"),
    ("empty-display", "$$ $$"),
    ("front-matter", "---\ntitle: $x$ costs\nmath: $y$\n---\n"),
]


def spans(text: str) -> list[tuple[str, SpanKind]]:
    return [(span.source, span.kind) for span in parse_document(text, "markdown").spans]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MATH], ids=[c[0] for c in MATH])
def test_math_is_found(text: str, expected: list[tuple[str, SpanKind]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize("text", [c[1] for c in NOT_MATH], ids=[c[0] for c in NOT_MATH])
def test_not_math(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(("text", "_"), [c[1:] for c in MATH], ids=[c[0] for c in MATH])
def test_range_slices_back_to_source(text: str, _: object) -> None:
    for span in parse_document(text, "markdown").spans:
        assert slice_range(text, span.range) == span.source


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("解方程 $x^2=4$，得 $y=2$。", "y=2"),
        ("😀 $a$ 😀😀 $bb$", "bb"),
        ("例 1：😀求 $\\lim_{x\\to0}$ 🎉", "\\lim_{x\\to0}"),
        ("plain ascii $q$", "q"),
    ],
    ids=["cjk", "emoji", "cjk-and-emoji", "ascii"],
)
def test_columns_are_utf16(line: str, needle: str) -> None:
    text = "first line\n" + line + "\n"
    span = next(s for s in parse_document(text, "markdown").spans if s.source == needle)
    chars = line.index(needle)
    assert span.range.start.line == span.range.end.line == 1
    assert span.range.start.character == utf16_column(line, chars)
    assert span.range.end.character == utf16_column(line, chars + len(needle))


def test_display_block_covers_inner_lines() -> None:
    text = "intro\n$$\n  a = b\n$$\nafter"
    (span,) = parse_document(text, "markdown").spans
    assert (span.range.start.line, span.range.start.character) == (2, 2)
    assert (span.range.end.line, span.range.end.character) == (2, 7)


def test_environment_lines_share_a_block_and_displays_do_not() -> None:
    text = "$$a$$\n\n\\begin{gather}\nx \\\\\ny\n\\end{gather}\n\n$$b$$"
    blocks = [span.block for span in parse_document(text, "markdown").spans]
    assert blocks[1] == blocks[2]
    assert len({blocks[0], blocks[1], blocks[3]}) == 3
