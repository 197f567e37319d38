"""Answer-level clean-up of what people write: units, money, percent, degrees, separators.

Runs on an extracted answer before it is split into parts; plain string work, no SymPy.
Percent and degree marks are removed from the text and remembered as flags, because their
meaning depends on what the answer is compared with (``30\\%`` is 30 and also 3/10).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

from mathlsp.check.answers.clock import clock_readings
from mathlsp.check.answers.units import Unit, unit_of
from mathlsp.check.read.normalise import normalise

_DELIMS = re.compile(r"^(?:\$\$|\$|\\\[|\\\()\s*(.*?)\s*(?:\$\$|\$|\\\]|\\\))$", re.DOTALL)
_STRIP_COMMANDS = re.compile(
    r"\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|mathbf|bm|boldsymbol|mathit"
    r"|operatorname\*?)\b\s*"
)
_TEXT = re.compile(
    r"\\(?:text|textbf|textit|textnormal|textrm|mbox|mathrm|mathsf|emph)\s*\{([^{}]*)\}"
)
_PERCENT = re.compile(r"\s*(?:\\%|%|\\text\{\s*%\s*\}|\bpercentage\b|\bpercent\b|\bpct\b)\s*")
_DEGREE = re.compile(
    r"\s*(?:\^\s*\{?\s*\\circ\s*\}?|°|\\degree\b|\^\s*\{?\s*o\s*\}?(?![a-z])"
    r"|\bdegrees?\b|\\text\{\s*degrees?\s*\})\s*"
)
_TRIG = re.compile(r"\\(?:sin|cos|tan|cot|sec|csc)(?![A-Za-z])")
_DEGREES_IN_MATH = re.compile(r"(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°|\\degree\b)")
_MONEY = re.compile(r"\\\$|\$|€|£|¥|\\euro\b|\\pounds\b|\bUSD\b|\brs\.?\s*|\bdollars?\b|\byuan\b")
_THOUSANDS = re.compile(r"(?<![\d.,{(\[\w])([1-9]\d{0,2})((?:,\d{3})+)(?!\d|,\d)(?![)\]])")
_THOUSANDS_LONG = re.compile(r"(?<![\d.,\w])([1-9]\d{0,2})((?:,\d{3}){2,})(?!\d|,\d)")
_SPACE_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?$")
_UNIT_AFTER_NUMBER = re.compile(
    r"(?<=[\d}])\s*(?:cm|mm|km|ft|in|m|mi|units?|sq)\s*(?:\^\s*\{?[23]\}?|²|³)$"
)
_GLUED_UNIT = re.compile(r"(?<=\d)(?:cm|mm|km|kg|mg|ml|ft|mph|kmph|m²|cm²|m³|cm³|sq\.?\s*\w+)$")
_GLUED_WORD = re.compile(r"(?<=\d)[A-Za-z]{2,}$")  # `10weeks`: a unit when the table knows it
_NUMBER_AND_LETTER = re.compile(r"^-?\d+(?:\.\d+)?\s*([A-Za-z])$")  # `10m`, `3 h`, `1 L`
_WORD_UNIT = re.compile(r"(?<=[\d}])\s+([A-Za-z][A-Za-z.]+(?:\s+[A-Za-z][A-Za-z.]*)*)\s*$")
_CONNECTORS = {"and", "or"}
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_RELATIONS = (
    (r"\geqslant", r"\ge "),
    (r"\leqslant", r"\le "),
    (r"\geq", r"\ge "),
    (r"\leq", r"\le "),
    (r"\neq", r"\ne "),
    (r"\lt", "<"),
    (r"\gt", ">"),
    (">=", r"\ge "),
    ("=>", r"\ge "),
    ("<=", r"\le "),
    ("=<", r"\le "),
    ("!=", r"\ne "),
    ("≥", r"\ge "),
    ("≤", r"\le "),
    ("≠", r"\ne "),
    ("−", "-"),
    ("×", r"\times "),
    ("·", r"\cdot "),
    ("√", r"\sqrt "),
    ("π", r"\pi "),
    ("∞", r"\infty "),
    ("±", r"\pm "),
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    percent: bool = False
    degrees: bool = False
    unit: Unit | None = None  # the unit written after the number, when it is a known one
    clock: tuple[int, ...] | None = None  # a clock time: the seconds of the day it may name


def _strip_delimiters(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = text.strip().rstrip(".;").strip()
        match = _DELIMS.match(text)
        if match and "$" not in match.group(1):
            text = match.group(1)
    return text


def _text_content(match: re.Match[str]) -> str:
    inner = match.group(1).strip()
    return f" {inner} " if inner else " "


def clean(answer: str) -> Cleaned:
    """Rewrite an answer into the plainest LaTeX that means the same, with its flags."""
    text = _strip_delimiters(answer)
    text = re.sub(r"(?<=\d),\\!\s*(?=\d{3})", "", text)
    text = text.replace(",\\!", ",").replace("{,}", ",").replace("\\cfrac", "\\frac")
    text = normalise(text)
    for old, new in _RELATIONS:
        text = text.replace(old, new)
    text = _STRIP_COMMANDS.sub("", text)
    text = re.sub(r"\\(?:mathrm|text)\{\s*e\s*\}", "e", text)
    text = re.sub(r"\\text\{\s*\(?([A-Ea-e])\)?\s*\}", r"\1", text)
    if _TRIG.search(text):  # degrees inside a function: `\\sin(90^\\circ - x)` in radians
        text = _DEGREES_IN_MATH.sub(r"{\\frac{\1\\pi}{180}}", text)
    percent = bool(_PERCENT.search(text))
    text = _PERCENT.sub(" ", text)
    degrees = bool(_DEGREE.search(text))
    text = _DEGREE.sub(" ", text)
    text = _MONEY.sub(" ", text)
    text = _TEXT.sub(_text_content, text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<![\\\s])\\$", "", text).strip()  # a stray backslash at the end: `185\\`
    clock = clock_readings(text.rstrip("."))
    if clock is not None:
        return Cleaned(text, percent, degrees, clock=clock)
    text, written_unit = _strip_units(text)
    text = _THOUSANDS_LONG.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    text = _THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    if _SPACE_THOUSANDS.match(text):
        text = text.replace(" ", "")
    text = re.sub(r"\+\s*\\infty", r"\\infty", text)
    text = re.sub(r"^\((?:[A-Ea-e])\)$", lambda m: m.group(0)[1], text)
    text = _strip_delimiters(text)
    return Cleaned(text, percent, degrees, unit_of(written_unit) if written_unit else None)


def in_base_units(cleaned: Cleaned) -> Cleaned:
    """``45`` minutes as ``2700`` (seconds): exact for a plain number, a product otherwise."""
    if cleaned.unit is None or cleaned.unit.factor == 1:
        return cleaned
    factor = cleaned.unit.factor
    number = _PLAIN_NUMBER.fullmatch(cleaned.text)
    if number:
        scaled = Fraction(cleaned.text) * factor
        text = (
            str(scaled.numerator)
            if scaled.denominator == 1
            else (f"\\frac{{{scaled.numerator}}}{{{scaled.denominator}}}")
        )
    else:
        text = f"({cleaned.text}) \\cdot \\frac{{{factor.numerator}}}{{{factor.denominator}}}"
    return replace(cleaned, text=text, unit=Unit(cleaned.unit.dimension, Fraction(1)))


def _strip_units(text: str) -> tuple[str, str | None]:
    """Drop units written after a number: ``5 cm``, ``15 cm^2``, ``125 miles``, ``2 m²``;
    returns the text and the unit as written (None when there was none)."""
    for pattern in (_GLUED_UNIT, _UNIT_AFTER_NUMBER):
        match = pattern.search(text)
        if match:
            return text[: match.start()].strip(), match.group().strip()
    match = _GLUED_WORD.search(text) or _NUMBER_AND_LETTER.match(text)
    if match and unit_of(match.group(match.lastindex or 0)) is not None:
        unit = match.group(match.lastindex or 0)
        return text[: len(text) - len(unit)].strip(), unit
    if "\\int" in text:
        return text.strip(), None  # `\\int_0^1 x^2\\,dx`: the differential is no unit
    match = _WORD_UNIT.search(text)
    if match:
        words = match.group(1).split()
        if not any(word.lower() in _CONNECTORS for word in words):
            return text[: match.start()].strip(), match.group(1)
    return text.strip(), None
