"""Multiple-choice answers: the option letter a reference names and the one an answer chooses.

Pure string work. A reference is an option when it is a letter, alone or with its label
(`C`, `(D) Alina`, `C Cecile`). An answer chooses the letter it states: bare (`(c)`, `D.`),
the first after an answer phrase in any language ("the correct answer is C", "réponse est C
non A", "答案是 B"), the letter it opens with ("D. it can't be A or B", "B。不是 A"), else
the last letter it does not rule out ("It's not A because …, I think it's B"). Letters that
follow a negation ("not A", "不是 A", "can't be A or B") are ruled out.
"""

from __future__ import annotations

import re

from mathlsp.check.answers.extract import ANSWER_PHRASES

_LETTERS = "ABCDEFGHIJ"
_OPTION = re.compile(r"^\(?([A-J])\)?(?:[.:)]|\s*$|\s+(?=[A-Z(]))(?P<label>.*)$", re.DOTALL)
_LABEL = re.compile(r"^[^\d\\^_=+*/<>{}$]*$")
_BARE = re.compile(r"^\W*\(?([A-Ja-j])\)?[.)]?\W*$")
_PHRASE = re.compile(
    rf"(?i)(?:{ANSWER_PHRASES}|answer\s*(?:is|would be|should be)|option|choice|choose|pick|选)"
)
_LETTER = re.compile(r"(?<![A-Za-z\\])\(?([A-J])\)?(?![A-Za-z'’])")
_OPENING = re.compile(r"^\W*\(?([A-J])\)?(?![A-Za-z'’])(?!\s+[a-z])(?!\s*[-+*/^=<>])")
_NEGATION = re.compile(
    r"(?i)(?:\bnot|\bnon|n[’']t(?:\s+be)?|\bcannot(?:\s+be)?|\bnor|\bneither|\bexcept|"
    r"\brather than|\binstead of|\bpas|\bnicht|\bno es|不是|不|非)\s*$"
)
_JOINED = re.compile(r"(?i)^\s*(?:or|and|nor|,|/|或|和|ou|et|o|y|oder|und)\s*$")


def option(reference: str) -> str | None:
    """The option letter a reference names (`C`, `(D) Alina`); None when it is no option."""
    text = " ".join(reference.split())
    match = _OPTION.match(text)
    if match is None:
        return None
    label = match.group("label").strip()
    if label and (not _LABEL.match(label) or not re.search(r"[A-Za-z]{2,}", label)):
        return None
    return match.group(1)


def _bare(text: str) -> str | None:
    match = _BARE.match(text.strip())
    return match.group(1).upper() if match else None


def _ruled_out(text: str, letters: list[re.Match[str]]) -> set[int]:
    """Positions of letters after a negation, and of letters listed with one."""
    out: set[int] = set()
    previous: re.Match[str] | None = None
    for match in letters:
        before = text[: match.start()]
        joined = previous is not None and previous.start() in out
        if _NEGATION.search(before[-16:]) or (
            joined and previous is not None and _JOINED.match(text[previous.end() : match.start()])
        ):
            out.add(match.start())
        previous = match
    return out


def chosen(answer: str, letters: str = "ABCDE") -> str | None:
    """The option letter an answer chooses among ``letters``; None when it names none."""
    text = " ".join(answer.split())
    bare = _bare(text)
    if bare is not None:
        return bare if bare in letters else None
    if not re.search(r"[^\W\d_]{2,}", re.sub(r"\\[A-Za-z]+", " ", text)):
        return None  # math, not a sentence that chooses (`E*2`)
    found = [m for m in _LETTER.finditer(text) if m.group(1) in letters]
    found = [m for m in found if not _pronoun_or_article(text, m)]
    if not found:
        return None
    ruled_out = _ruled_out(text, found)
    phrases = list(_PHRASE.finditer(text))
    if phrases:
        after = [m for m in found if m.start() >= phrases[-1].end() and m.start() not in ruled_out]
        if after:
            return after[0].group(1)
    opening = _OPENING.match(text)
    if opening and opening.group(1) in letters:
        return opening.group(1)
    kept = [m for m in found if m.start() not in ruled_out]
    return kept[-1].group(1) if kept else None


def _pronoun_or_article(text: str, match: re.Match[str]) -> bool:
    """ "I think", "A dog is …": a capital letter before lower-case words, as English uses
    "I" anywhere and "A" to open a sentence."""
    if match.group(0) not in ("A", "I") or not re.match(r"\s+[a-z]", text[match.end() :]):
        return False
    return (
        match.group(0) == "I"
        or not text[: match.start()].strip()
        or bool(re.search(r"[.!?:]\s*$", text[: match.start()]))
    )


def letters_up_to(letter: str) -> str:
    """The options a reference letter implies: A to E at least, more when it is later."""
    return _LETTERS[: max(5, _LETTERS.index(letter) + 1)]
