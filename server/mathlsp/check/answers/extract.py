"""Find the final answer in text as written: boxes, answer phrases, math spans, plain text.

Pure string work (no SymPy) so it runs in the grading parent before any worker is needed.
A text that is already a bare answer (``3\\sqrt{13}``) is returned whole, never a fragment.
Only the text after a model's thinking counts: an answer inside ``<think>…</think>`` is no
answer, and neither is a reply cut off while thinking or in the middle of a formula.
"""

from __future__ import annotations

import re

from mathlsp.check.answers.prose import candidates, is_foreign, stated_candidate

_ESCAPED_COMMAND = re.compile(
    r"(?<!\\)\\\\(?=(?:boxed|fbox|frac|dfrac|tfrac|left|right|sqrt|leq?|geq?|text|pi|cdot"
    r"|infty|times|in|cup|mathbf|mathrm|overrightarrow|begin|end|quad|pm)\b)"
)
_BOX = re.compile(r"\\(?:boxed|fbox)\s*(?=\{)")
_BOX_BARE = re.compile(r"\\boxed\s+([^\s$\\{}]+)")
# "The answer is" in the languages answers come in; ``choices`` adds the words of choosing.
ANSWER_PHRASES = (
    r"final answer\s*(?:is|:)?|the (?:correct |right |final )?answer is|"
    r"answer\s*[*_]*\s*[:：]|ans\s*[:：]|答案?\s*(?:是|为|[:：])|réponse\s*(?:est|[:：])|"
    r"respuesta\s*(?:es|[:：])|antwort\s*(?:ist|[:：])|risposta\s*(?:è|[:：])|"
    r"resposta\s*(?:é|[:：])|ответ\s*[:：]"
)
_PHRASE = re.compile(rf"(?i)(?:{ANSWER_PHRASES})")
_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)
_THINK_CLOSE = re.compile(r"</think>", re.IGNORECASE)
_OPENERS = re.compile(r"\\\[|\\\]|\\\(|\\\)|\\begin\{([^{}]*)\}|\\end\{([^{}]*)\}")
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
    """Math spans, without those that hold prose (`how many $? just about 1$`: dollars)."""
    spans: list[tuple[int, int, str]] = []
    for match in _SPAN.finditer(text):
        content = next(group for group in match.groups() if group is not None)
        if not _is_prose(content):
            spans.append((match.start(), match.end(), content.strip()))
    return spans


def _is_prose(content: str) -> bool:
    """Two words, or one lower-case word of four letters or more (`roughly`), outside
    ``\\text{}`` and commands."""
    plain = _LATEX_COMMAND.sub(" ", _TEXT_BLOCK.sub(" ", content))
    words = re.findall(r"(?<![\\\w])[A-Za-z]{3,}(?!\w)", plain)
    words = [w for w in words if w.lower() not in _UNIT_WORDS]
    return len(words) >= 2 or any(len(w) >= 4 and w.islower() for w in words)


def _unemphasised(text: str) -> str:
    """Markdown emphasis off a sentence: `**7**`, `_7_` (never a subscript like `x_1`)."""
    text = text.replace("**", "").replace("__", "")
    return re.sub(r"(?<![\w\\])[*_](\S+?)[*_](?!\w)", r"\1", text)


def _outside(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with the spans blanked out (positions kept)."""
    for start, end, _ in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _is_bare(text: str) -> bool:
    """Whether ``text`` reads as an answer on its own rather than as prose around one."""
    if len(text) > 200:
        return False
    stripped = _TEXT_BLOCK.sub(" ", text)
    stripped = _LATEX_COMMAND.sub(" ", stripped)
    if is_foreign(stripped):  # a sentence with numbers in it, unless a short word (`北京`)
        return not re.search(r"\d", stripped) and len(stripped.strip()) <= 12
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
    tail = _unemphasised(text[matches[-1].end() :]).lstrip(" \t*_:：")  # `**Answer:** -50`
    tail = re.split(r"\n\s*\n|\.(?=\s+[A-Z<]|\s*$)|。", tail.strip(), maxsplit=1)[0]
    spans = _spans(tail)
    before_is = re.split(r"\bis\b", tail)
    if len(before_is) > 1 and not _spans(before_is[-1]) and _NUMBER.search(before_is[-1]):
        return before_is[-1].strip(" .:")
    if spans:
        return _group_tail(spans, tail, 0)
    tail = before_is[-1].strip(" .:")
    if _is_bare(tail):
        return tail or None
    return stated_candidate(tail) or tail or None


def unescaped(text: str) -> str:
    """Text whose every backslash is doubled (`\\\\frac`, rows `\\\\\\\\`) as written once."""
    runs = re.findall(r"\\+", text)
    if runs and all(len(run) % 2 == 0 for run in runs) and re.search(r"\\\\[A-Za-z]", text):
        return re.sub(r"\\+", lambda m: "\\" * (len(m.group(0)) // 2), text)
    return _ESCAPED_COMMAND.sub(r"\\", text)


def final_text(text: str) -> str | None:
    """The reply after the model's thinking; None when it was cut off while thinking."""
    text = unescaped(text)
    closes = list(_THINK_CLOSE.finditer(text))
    if closes:
        return text[closes[-1].end() :].strip()
    if _THINK_OPEN.search(text):
        return None
    return text.strip()


def _cut_off(text: str, boxes: list[tuple[int, int, str]]) -> bool:
    """Whether the reply stops inside a formula opened after its last complete box (a box,
    display or inline math, an environment) with only math after the opening."""
    last_box = boxes[-1][1] if boxes else 0
    opened: list[int] = []
    for match in _BOX.finditer(text, last_box):
        if matching_brace(text, match.end()) < 0:
            opened.append(match.start())
    stack: list[tuple[str, int]] = []
    for match in _OPENERS.finditer(text, last_box):
        token = match.group(0)
        if token in ("\\[", "\\]") and text[max(match.start() - 1, 0) : match.start()] == "\\":
            continue  # `\\[2pt]`: a line break, not display math
        if token in ("\\[", "\\(") or match.group(1) is not None:
            stack.append((match.group(1) or token, match.start()))
        elif stack:
            closer = {"\\]": "\\[", "\\)": "\\("}.get(token, match.group(2))
            if stack[-1][0] == closer:
                stack.pop()
    opened.extend(start for _, start in stack)
    dollars = [m.start() for m in re.finditer(r"(?<![\\$])\$(?!\$)", text)]
    if len(dollars) % 2 and dollars[-1] >= last_box:
        opened.append(dollars[-1])
    return any(
        re.search(r"[\\{^_]", text[start + 1 :]) and not _is_prose(text[start:]) for start in opened
    )


def extract_answer(text: str, *, reply: bool = True) -> str | None:
    """The final answer in ``text``: last box group, answer phrase, math span, or bare text.
    A reply cut off in a formula has none; a reference (``reply=False``) is complete as
    written, so its unclosed box is read to the end."""
    final = final_text(text)
    if not final:
        return None
    text = final
    boxes = _boxes(text)
    if reply and _cut_off(text, boxes):
        return None
    after_boxes = not boxes or _PHRASE.search(text, boxes[-1][1])
    phrase = _after_phrase(text) if after_boxes else None
    if phrase and (not boxes or re.search(r"[\d\\=]|^\w$", phrase)):
        return phrase  # an answer phrase after the last box wins, unless it is only words
    if boxes:
        return _group_tail(boxes, text, 4)
    if "\\boxed{" in text:  # a reference's unclosed box: the rest of it
        return text[text.rindex("\\boxed{") + len("\\boxed{") :].strip()
    if _BROKEN_INLINE.search(text):
        return None  # `$` or `\(` opened at a line end: not math, and no answer to trust
    spans = _spans(text)
    outside = _outside(text, spans)
    if spans and _is_bare(outside):
        joined = _group_tail(spans, text, 0)
        unit = text[spans[-1][1] :].strip(" .")
        return f"{joined} {unit}" if unit.lower() in _PERCENT_WORDS else joined
    if not spans and _is_bare(text):
        return text.strip().rstrip(".")
    found = candidates(outside)
    if spans and (not found or found[-1][0] < spans[-1][0]):
        return _group_tail(spans, text, 0)
    return found[-1][1] if found else None
