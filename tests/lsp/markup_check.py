"""Render hover Markdown as an editor would (markdown-it, HTML and bare links on) and list
the markup that came out, so a test can say none came from the user's text."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_RENDERER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable("linkify")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>")


def rendered_tags(markdown: str) -> list[tuple[str, str]]:
    """(tag, attributes) of every element the Markdown renders to."""
    return [(m.group(2).lower(), m.group(3).strip(" /")) for m in _TAG.finditer(render(markdown))]


def render(markdown: str) -> str:
    return _RENDERER.render(markdown)


def visible_text(markdown: str) -> str:
    """What a reader sees: the rendered text without tags, entities decoded, spaces joined."""
    import html

    return " ".join(html.unescape(_TAG.sub(" ", render(markdown))).split())
