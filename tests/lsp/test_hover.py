"""Hover-to-verify end to end: a false claim is false, a true one holds, answers compare."""

from __future__ import annotations

import pytest
from lsprotocol import types
from mathlsp.lsp.hover import RULE, STILL_CHECKING, joined

from tests.document.drafts import markdown_draft
from tests.lsp.drafts import LATEX, MARKDOWN, MD_URI, TEX_URI
from tests.lsp.session import Session


async def _hover(session: Session, uri: str, needle: str) -> types.Hover | None:
    return await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=session.position_of(uri, needle, delta=2),
        )
    )


@pytest.mark.parametrize(
    ("uri", "text", "language_id", "needle", "mark"),
    [
        (MD_URI, MARKDOWN, "markdown", "2 + 2 = 5", "✗"),
        (MD_URI, MARKDOWN, "markdown", "1 + 1 = 2", "✓"),
        (TEX_URI, LATEX, "latex", "2 + 2 = 5", "✗"),
        (TEX_URI, LATEX, "latex", "1 + 1 = 2", "✓"),
    ],
    ids=["md-false", "md-true", "tex-false", "tex-true"],
)
async def test_hover_verdict(
    session: Session, uri: str, text: str, language_id: str, needle: str, mark: str
) -> None:
    session.open(uri, text, language_id)
    await session.diagnostics(uri)  # the check has run: hover answers from the cache
    hover = await _hover(session, uri, needle)
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert mark in hover.contents.value, hover.contents.value
    assert hover.range is not None
    assert needle in session.text_in(uri, hover.range)


async def test_hover_outside_math_is_empty(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    assert await _hover(session, MD_URI, "Homework") is None


async def test_hover_before_the_check_still_answers(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    hover = await _hover(session, MD_URI, "2 + 2 = 5")  # no waiting for diagnostics
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert "✗" in hover.contents.value or "still checking" in hover.contents.value


async def test_hover_on_written_answer_shows_comparison(session: Session) -> None:
    session.open(MD_URI, MARKDOWN, "markdown")
    await session.diagnostics(MD_URI)
    hover = await _hover(session, MD_URI, "x = 5")
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert "5" in hover.contents.value and "2" in hover.contents.value, hover.contents.value


async def test_hover_on_a_chain_says_which_context_it_was_judged_under(session: Session) -> None:
    text = "# Notes\n\nLet $r = \\frac{a}{b}$ and $s = 2$.\n\nThen $r - s = \\frac{a}{b} - 2 = \\frac{a - 2b}{b}$.\n"
    session.open(MD_URI, text, "markdown")
    assert not [d for d in await session.diagnostics(MD_URI) if d.severity == 1]
    hover = await _hover(session, MD_URI, "r - s")
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert "Context" in value and "from line 3" in value, value  # markup escapes the colon
    assert "holds with" in value, value


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ([STILL_CHECKING, STILL_CHECKING], STILL_CHECKING),
        (["SymPy reads `x = 5`", STILL_CHECKING], f"SymPy reads `x = 5`{RULE}{STILL_CHECKING}"),
        ([STILL_CHECKING, "✓ x = 5"], f"✓ x = 5{RULE}{STILL_CHECKING}"),
        (["a", "b"], f"a{RULE}b"),
    ],
    ids=["answer-span-and-answer-both-waiting", "span-ready", "answer-ready", "both-ready"],
)
def test_still_checking_is_said_once(sections: list[str], expected: str) -> None:
    assert joined(sections) == expected


async def test_hover_on_an_answer_while_a_big_draft_is_checked(session: Session) -> None:
    """The math of an answer line is a span and the answer: while the check of a long draft
    runs, its hover says "still checking" at most once."""
    text = markdown_draft(400)
    session.open(MD_URI, text, "markdown")
    hover = await _hover(session, MD_URI, "x = 1$ or $x = 399")
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.count("still checking") <= 1, hover.contents.value


HOSTILE_MARKDOWN = r"""# Hostile

Problem 1. Solve $x = \text{<b>bold</b>}$ and $y = \text{<script>alert(1)</script>}$.

Answer: $\text{<img src=x onerror=alert(1)>}$

$$ \text{[a](http://evil.example)} = 2 = 3 $$

Claims: $\text{**b**} + 1 = 5$, $1 + 1 = \text{`}<img src=x>$ and $2 = \text{<a href=x>y</a>}$.
"""

HOSTILE_LATEX = r"""\begin{enumerate}
\item Solve $x + \text{<b>b</b>} = 3$.

Answer: $\text{`}<img src=x onerror=alert(1)>$
\end{enumerate}

Then $1 + 1 = \text{`}<img src=x>$ and $\text{<script>x</script>} = 2 = 3$.
\begin{align}
a &= \text{<b>` <i>x</i>} \\
  &= 2
\end{align}
"""

MARKUP_WE_WRITE = {"p", "code", "hr", "ul", "li", "em", "br"}


@pytest.mark.parametrize(
    ("uri", "text", "language_id"),
    [(MD_URI, HOSTILE_MARKDOWN, "markdown"), (TEX_URI, HOSTILE_LATEX, "latex")],
    ids=["markdown", "latex"],
)
async def test_no_hover_of_a_hostile_document_holds_markup(
    session: Session, uri: str, text: str, language_id: str
) -> None:
    from mathlsp.document import parse_document

    from tests.lsp.markup_check import rendered_tags
    from tests.lsp.positions import position_of

    session.open(uri, text, language_id)
    await session.diagnostics(uri)
    document = parse_document(text, "markdown" if language_id == "markdown" else "latex")
    offsets = [text.index(span.source) + 1 for span in document.spans if span.source.strip()]
    offsets += [text.index("Answer:") + len("Answer: $") + 1]
    hovers = 0
    for offset in offsets:
        hover = await session.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=position_of(text, offset, session.encoding),
            )
        )
        if hover is None:
            continue
        assert isinstance(hover.contents, types.MarkupContent)
        tags = rendered_tags(hover.contents.value)
        assert {tag for tag, _ in tags} <= MARKUP_WE_WRITE, (hover.contents.value, tags)
        assert all(not attributes for _, attributes in tags), (hover.contents.value, tags)
        hovers += 1
    assert hovers >= len(offsets) - 1
