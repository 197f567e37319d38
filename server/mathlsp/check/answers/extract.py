"""Find the final answer in text as written: boxes, answer phrases, math spans, plain text.

Pure string work (no SymPy) so it runs in the grading parent before any worker is needed.
A text that is already a bare answer (``3\\sqrt{13}``) is returned whole, never a fragment.
"""

from __future__ import annotations

import re

_ESCAPED_COMMAND = re.compile(
    r"(?<!\\)\\\\(?=(?:boxed|fbox|frac|dfrac|tfrac|left|right|sqrt|leq?|geq?|text|pi|cdot"
    r"|infty|times|in|cup|mathbf|mathrm|overrightarrow|begin|end|quad|pm)\b)"
)
_BOX = re.compile(r"\\(?:boxed|fbox)\s*(?=\{)")
_BOX_BARE = re.compile(r"\\boxed\s+([^\s$\\{}]+)")
_PHRASE = re.compile(
    r"(?i)(?:final answer\s*(?:is|:)?|the answer is|answer\s*[:：]|ans\s*[:：]|答案?\s*[:：])"
)
_SPAN = re.compile(
    r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|(?<![\\$])\$(?!\$)((?:\\\$|[^$\n])+?)(?<!\\)\$|\\\(([^\n]+?)\\\)",
    re.DOTALL,
)
_CONNECTOR = re.compile(
    r"^(?:[\s,;.]|and\b|or\b|\\quad|\\qquad|\\text\{\s*(?:and|or|,)\s*\}|\\,)*$"
)
_PROSE = re.compile(r"(?<![\w\\])[A-Za-z\u00C0-\u024F]{2,}(?![\w(])")
_BROKEN_INLINE = re.compile(
    r"(?<![$\\])\$[ \t]*\n[^$]*\n[ \t]*\$(?!\$)|\\\([ \t]*\n[^\n]*\n[ \t]*\\\)"
)
_NUMBER = re.compile(r"(?<![A-Za-z\d.,/])-?\d+(?:[,.]\d+)*(?:/\d+)?(?:\s?%)?")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_TEXT_BLOCK = re.compile(
    r"\\(?:text|mbox|textbf|textnormal|mathrm|operatorname|begin|end|mathbf)\{[^{}]*\}"
)
_PERCENT_WORDS = {"%", "\\%", "percent", "pct", "percentage"}
_NUMBER_THEN_UNITS = re.compile(r"^[^A-Za-z]*\d[^A-Za-z]*(?:[A-Za-z²³^{}\d ]{1,20})?$")
_UNIT_WORDS = {"percent", "pct", "percentage", "degrees", "degree", "cm", "mm", "km", "kg"}


def matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start``; -1 when unbalanced."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _boxes(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for match in _BOX.finditer(text):
        open_at = match.end()
        close_at = matching_brace(text, open_at)
        if close_at < 0:
            continue
        found.append((match.start(), close_at + 1, text[open_at + 1 : close_at].strip()))
    for match in _BOX_BARE.finditer(text):
        found.append((match.start(), match.end(), match.group(1)))
    found.sort()
    return found


def _gap_words(gap: str) -> int:
    gap = re.sub(r"\\(?:text|mbox)\{([^{}]*)\}", r" \1 ", gap)
    gap = _LATEX_COMMAND.sub(" ", gap)
    return len(re.findall(r"[^\W\d_]+|\d+", gap))


def _group_tail(items: list[tuple[int, int, str]], text: str, close: int) -> str:
    """The last item plus earlier ones separated from it by at most ``close`` words."""
    group = [items[-1]]
    for item in reversed(items[:-1]):
        gap = text[item[1] : group[0][0]]
        if close == 0 and not _CONNECTOR.match(gap):
            break
        if close > 0 and _gap_words(gap) > close:
            break
        group.insert(0, item)
    parts: list[str] = []
    for _, _, content in group:
        if content and content not in parts:
            parts.append(content)
    return ", ".join(parts)


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for match in _SPAN.finditer(text):
        content = next(group for group in match.groups() if group is not None)
        spans.append((match.start(), match.end(), content.strip()))
    return spans


def _is_bare(text: str) -> bool:
    """Whether ``text`` reads as an answer on its own rather than as prose around one."""
    if len(text) > 200:
        return False
    stripped = _TEXT_BLOCK.sub(" ", text)
    stripped = _LATEX_COMMAND.sub(" ", stripped)
    words = [w for w in _PROSE.findall(stripped) if w.lower() not in _UNIT_WORDS | {"and", "or"}]
    if not words or (len(words) == 1 and len(words[0]) < 4):
        return True
    if not re.search(r"\d", stripped):
        return len(words) <= 3 and not re.search(r"[:;!?]", stripped)
    return bool(_NUMBER_THEN_UNITS.match(stripped.strip()))


def _after_phrase(text: str) -> str | None:
    matches = list(_PHRASE.finditer(text))
    if not matches:
        return None
    tail = text[matches[-1].end() :]
    tail = re.split(r"\n\s*\n|\.(?=\s+[A-Z<]|\s*$)", tail.strip(), maxsplit=1)[0]
    spans = _spans(tail)
    before_is = re.split(r"\bis\b", tail)
    if len(before_is) > 1 and not _spans(before_is[-1]) and _NUMBER.search(before_is[-1]):
        return before_is[-1].strip(" .:")
    if spans:
        return _group_tail(spans, tail, 0)
    tail = before_is[-1].strip(" .:")
    if _is_bare(tail):
        return tail or None
    numbers = _NUMBER.findall(tail)
    return numbers[-1] if numbers else tail or None


def extract_answer(text: str) -> str | None:
    """The final answer in ``text``: last box group, answer phrase, math span, or bare text."""
    text = _ESCAPED_COMMAND.sub(r"\\", text).strip()
    if not text:
        return None
    boxes = _boxes(text)
    after_boxes = not boxes or _PHRASE.search(text, boxes[-1][1])
    phrase = _after_phrase(text) if after_boxes else None
    if phrase and (not boxes or re.search(r"[\d\\=]|^\w$", phrase)):
        return phrase  # an answer phrase after the last box wins, unless it is only words
    if boxes:
        return _group_tail(boxes, text, 4)
    if not boxes and "\\boxed{" in text:
        return text[text.rindex("\\boxed{") + len("\\boxed{") :].strip()
    if _BROKEN_INLINE.search(text):
        return None  # `$` or `\(` opened at a line end: not math, and no answer to trust
    spans = _spans(text)
    outside = _SPAN.sub(lambda m: " " * len(m.group(0)), text)
    if spans and _is_bare(outside):
        joined = _group_tail(spans, text, 0)
        unit = text[spans[-1][1] :].strip(" .")
        return f"{joined} {unit}" if unit.lower() in _PERCENT_WORDS else joined
    if not spans and _is_bare(text):
        return text.strip().rstrip(".")
    numbers = list(_NUMBER.finditer(outside))
    if spans and (not numbers or numbers[-1].start() < spans[-1][0]):
        return _group_tail(spans, text, 0)
    return numbers[-1].group(0) if numbers else None
