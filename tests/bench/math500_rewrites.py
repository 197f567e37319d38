"""Held-out grading cases: MATH-500 gold answers rewritten the ways students and models write them.

Each gold answer yields answers that are equal by construction (``\\dfrac``, decimals for
terminating fractions, ``\\boxed{}`` in a sentence, "The answer is ...", ``x = `` prefixes,
reordered solution lists, degrees, money, thousands separators) and near-misses that are
unequal by construction (a changed number, swapped coordinates, flipped interval ends, a lost
root, a rounded decimal). Deterministic: the same seed gives the same cases.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

MATH500 = Path(__file__).resolve().parents[3] / "shared" / "data" / "math500.jsonl"

_INT = re.compile(r"^-?\d+$")
_FRAC = re.compile(r"^(-?)\\[dt]?frac\{(\d+)\}\{(\d+)\}$")
_SQRT = re.compile(r"\\sqrt\{(\d+)\}")
_PAIR = re.compile(r"^\\left\(|^\(")
_DECIMAL = re.compile(r"^-?\d*\.\d+$")
_UNITS = ("cm", "inches", "feet", "meters", "units", "degrees", "miles", "dollars", "cents")
_DIGIT = re.compile(r"(?<![\\^_{a-zA-Z])\d+")


def _case(reference: str, answer: str, equal: bool, how: str, uid: str) -> dict[str, object]:
    return {"reference": reference, "answer": answer, "equal": equal, "how": how, "id": uid}


def _terminates(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _decimal(value: Fraction) -> str:
    text = f"{float(value):.12f}".rstrip("0").rstrip(".")
    assert Fraction(text) == value
    return text


def _repeating(value: Fraction) -> str | None:
    """``1/3`` -> ``0.\\overline{3}`` for positive values with a short period, else None."""
    if value < 0:
        return None
    whole, remainder = divmod(value.numerator, value.denominator)
    digits: list[str] = []
    seen: dict[int, int] = {}
    while remainder and remainder not in seen and len(digits) < 12:
        seen[remainder] = len(digits)
        remainder *= 10
        digits.append(str(remainder // value.denominator))
        remainder %= value.denominator
    if remainder not in seen:
        return None
    start = seen[remainder]
    fixed, cycle = "".join(digits[:start]), "".join(digits[start:])
    return f"{whole}.{fixed}\\overline{{{cycle}}}"


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += char in "([{" and 1 or char in ")]}" and -1 or 0
        if char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def _wrappers(gold: str, rng: random.Random) -> list[tuple[str, str]]:
    """Equal rewrites that only change how the answer is presented."""
    sentence = rng.choice(
        [
            f"So the final answer is $\\boxed{{{gold}}}$.",
            f"Putting it together, we get $x = 7$ first, and then $\\boxed{{{gold}}}$.",
            f"**Final Answer**\n\\[\n\\boxed{{{gold}}}\n\\]",
            f"The answer is ${gold}$.",
            f"Answer: ${gold}$",
        ]
    )
    return [("sentence", sentence), ("dollars", f"${gold}$")]


def _equal_forms(gold: str, problem: str, rng: random.Random) -> list[tuple[str, str]]:
    forms: list[tuple[str, str]] = []
    if "\\frac" in gold:
        forms.append(("dfrac", gold.replace("\\frac", "\\dfrac")))
    match = _FRAC.match(gold)
    if match:
        value = Fraction(int(match.group(2)), int(match.group(3))) * (-1 if match.group(1) else 1)
        if _terminates(value):
            forms.append(("decimal", _decimal(value)))
        else:
            repeating = _repeating(value)
            if repeating:
                forms.append(("repeating", repeating))
        if value.numerator > value.denominator > 1:
            whole, rest = divmod(value.numerator, value.denominator)
            forms.append(("mixed", f"{whole}\\frac{{{rest}}}{{{value.denominator}}}"))
        forms.append(("slash", f"{match.group(1)}{match.group(2)}/{match.group(3)}"))
    if _INT.match(gold):
        number = int(gold)
        if abs(number) >= 1000:
            forms.append(("thousands", f"{number:,}".replace(",", "{,}")))
        if "degree" in problem or "^\\circ" in problem:
            forms.append(("degrees", f"{gold}^\\circ"))
        if "\\$" in problem or "dollar" in problem:
            forms.append(("money", f"\\${gold}"))
        forms.append(("prefix", f"x = {gold}"))
    parts = _split_top(gold)
    separators = re.search(r",\\!|\d,\d{3}", gold)
    if len(parts) > 1 and not _PAIR.match(gold) and not gold.startswith("[") and not separators:
        shuffled = parts[:]
        while shuffled == parts:
            rng.shuffle(shuffled)
        forms.append(("reordered", ", ".join(shuffled)))
    if gold.startswith("(") and gold.endswith(")") and "," in gold:
        forms.append(("left-right", f"\\left{gold[:-1]}\\right)"))
    if re.search(r"\\sqrt\{\d\}", gold):  # \sqrt 3 is TeX for \sqrt{3}; \sqrt 51 is not
        forms.append(("sqrt-short", re.sub(r"\\sqrt\{(\d)\}", r"\\sqrt \1", gold, count=1)))
    if _INT.match(gold) or _DECIMAL.match(gold):
        if "percent" in problem or "\\%" in problem:
            forms.append(("percent", f"{gold}\\%"))
        unit = next((u for u in _UNITS if f" {u}" in problem), None)
        if unit:
            forms.append(("units", f"{gold}\\text{{ {unit}}}"))
        forms.append(("spaced", f"\\displaystyle {gold}\\,"))
    if _INT.match(gold):
        forms.append(("decimal-zero", f"{gold}.0"))
    pi = re.match(r"^(\d+)\s*\\pi$", gold)
    if pi:
        forms.append(("commuted-pi", f"\\pi \\cdot {pi.group(1)}"))
    terms = _split_plus(gold)
    if len(terms) == 2 and all(terms) and "\\pm" not in gold and "=" not in gold:
        forms.append(("commuted-sum", f"{terms[1]} + {terms[0]}"))
    if gold.startswith(("(", "[")) and gold.endswith((")", "]")) and "\\infty" in gold:
        forms.append(("set-builder", f"x \\in {gold}"))
    return forms


def _split_plus(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        if char == "+" and depth == 0 and index > 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def _near_misses(gold: str, rng: random.Random) -> list[tuple[str, str]]:
    misses: list[tuple[str, str]] = []
    if _INT.match(gold):
        misses.append(("off-by-one", str(int(gold) + rng.choice((-1, 1)))))
        if int(gold) != 0:
            misses.append(("sign", str(-int(gold))))
    match = _FRAC.match(gold)
    if match and match.group(2) != match.group(3):
        misses.append(
            ("inverted", f"{match.group(1)}\\frac{{{match.group(3)}}}{{{match.group(2)}}}")
        )
        value = Fraction(int(match.group(2)), int(match.group(3)))
        if not _terminates(value):
            misses.append(("rounded", f"{match.group(1)}{float(value):.4f}"))
    parts = _split_top(gold[1:-1]) if gold[:1] in "([" and gold[-1:] in ")]" else []
    if len(parts) >= 2 and len(set(parts)) == len(parts):
        values = [_plain_value(p) for p in parts]
        if all(v is not None for v in values) and len(set(values)) == len(values):
            misses.append(
                (
                    "swapped",
                    f"{gold[0]}{parts[1]}, {parts[0]}{', ' if parts[2:] else ''}{', '.join(parts[2:])}{gold[-1]}",
                )
            )
    if len(parts) == 2 and gold[0] in "([" and gold[-1] in ")]" and "\\infty" not in parts[0]:
        flipped = {"(": "[", "[": "("}[gold[0]]
        misses.append(("interval-end", flipped + gold[1:]))
    top = _split_top(gold)
    if len(top) == 2 and not gold.startswith(("(", "[")) and not re.search(r",\\!|\d,\d{3}", gold):
        misses.append(("lost-root", top[0]))
    if _DECIMAL.match(gold):
        last = int(gold[-1])
        misses.append(("last-digit", gold[:-1] + str((last + 1) % 10)))
    pi = re.match(r"^(\d+)\s*\\pi$", gold)
    if pi:
        misses.append(("lost-pi", pi.group(1)))
    sqrt = _SQRT.search(gold)
    if sqrt:
        bumped = str(int(sqrt.group(1)) + 1)
        misses.append(("sqrt-changed", gold[: sqrt.start(1)] + bumped + gold[sqrt.end(1) :]))
    if not misses and re.search(r"[a-z]", gold) and _DIGIT.search(gold) and "\\text" not in gold:
        digit = _DIGIT.search(gold)
        assert digit is not None
        misses.append(
            (
                "coefficient",
                gold[: digit.start()] + str(int(digit.group()) + 2) + gold[digit.end() :],
            )
        )
    return misses


def _plain_value(text: str) -> Fraction | None:
    text = text.strip()
    if _INT.match(text):
        return Fraction(int(text))
    match = _FRAC.match(text)
    if match:
        return Fraction(int(match.group(2)), int(match.group(3))) * (-1 if match.group(1) else 1)
    return None


def rewrites(seed: int = 500) -> Iterator[dict[str, object]]:
    """All cases for all MATH-500 problems, equal forms first then near-misses."""
    rng = random.Random(seed)
    with MATH500.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    for row in rows:
        gold, problem, uid = row["answer"].strip(), row["problem"], row["unique_id"]
        forms = _equal_forms(gold, problem, rng)
        chosen = rng.sample(forms, min(2, len(forms))) if forms else []
        for how, text in chosen + _wrappers(gold, rng)[:1]:
            yield _case(gold, text, True, how, uid)
        misses = _near_misses(gold, rng)
        for how, text in rng.sample(misses, min(2, len(misses))):
            yield _case(
                gold, rng.choice([text, f"The answer is $\\boxed{{{text}}}$."]), False, how, uid
            )


if __name__ == "__main__":
    for case in rewrites():
        print(json.dumps(case, ensure_ascii=False))
