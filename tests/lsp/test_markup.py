"""``safe_markdown``: no text, however hostile, renders as markup; what it shows is the text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mathlsp.lsp.markup import code_span, safe_markdown

from tests.lsp.markup_check import rendered_tags, visible_text

PLAIN_TAGS = {"p", "code", "br"}

HOSTILE = [
    "x = \\text{<b>bold</b>}",
    "\\text{<script>alert(1)</script>}",
    "could not read `\\text{`}<img src=x onerror=alert(1)>`",
    "[click](http://evil.example) ![x](http://evil.example/x.png)",
    "<https://evil.example> http://evil.example www.evil.example a@evil.example",
    "**bold** _em_ ~~gone~~ # heading\n> quote\n- item\n1. item\n---\n===",
    "&lt;b&gt; &#60;b&#62; <!-- comment --> <?php ?> <![CDATA[x]]>",
    "`` a``b `` and ```` ` ```` and `unclosed",
    "| a | b |\n|---|---|\n| c | d |",
    "    indented\n\n\tcode\n```\nfence\n```",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_lines_render_without_markup(text: str) -> None:
    tags = rendered_tags(safe_markdown(text))
    assert {tag for tag, _ in tags} <= PLAIN_TAGS, tags
    assert all(not attributes for _, attributes in tags), tags


@given(st.text(alphabet=st.sampled_from(list("`<>[]()!*_#&;:/.\\=-+| \n\tab1\u00e9")), max_size=60))
def test_any_text_renders_without_markup(text: str) -> None:
    tags = rendered_tags(safe_markdown(text))
    assert {tag for tag, _ in tags} <= PLAIN_TAGS, (text, tags)
    assert all(not attributes for _, attributes in tags), (text, tags)


@given(st.text(alphabet=st.sampled_from(list("<>[]()!*_#&;:/.\\=-+| \n\tab1\u00e9")), max_size=60))
def test_text_without_backticks_shows_as_written(text: str) -> None:
    assert visible_text(safe_markdown(text)) == " ".join(text.split())


@pytest.mark.parametrize(
    ("inner", "shown"),
    [("x + 1", "x + 1"), ("\\text{`}", "\\text{`}"), ("a``b", "a``b"), ("`", "`")],
    ids=["plain", "one-tick", "two-ticks", "only-tick"],
)
def test_code_span_fence_outlasts_any_backtick_run(inner: str, shown: str) -> None:
    markdown = code_span(inner)
    assert [tag for tag, _ in rendered_tags(markdown)] == ["p", "code", "code", "p"]
    assert visible_text(markdown) == shown
