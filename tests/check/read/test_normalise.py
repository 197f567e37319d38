"""``normalise``: what the fuzzer (tests/fuzz/test_read_normalise.py) found, kept as cases."""

from __future__ import annotations

import pytest
from mathlsp.check.read.normalise import normalise


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("a \\\\, b", "a \\\\, b"),  # a line break then a comma, not the break's `\` + `\,`
        ("a \\\\quad b", "a \\\\quad b"),
        ("\\~x", "\\~x"),  # an accent, not `\` + a tie
        ("\\sqrt\\,2", "\\sqrt{2}"),  # spacing is gone before the shorthands are read
        ("\\frac\\,1\\,2", "\\frac{1}{2}"),
        ("1\\\n2", "1 2"),  # a backslash before a line end is a control space
        ("\\left\\left( x \\right)", "( x )"),
        ("x\\quadrant", "x\\quadrant"),  # a command that only starts like \quad
        ("x\\quad y", "x y"),
    ],
)
def test_normalise_reads_each_escape_once(latex: str, expected: str) -> None:
    assert normalise(latex) == expected
    assert normalise(expected) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"4 \cdot 2 = \boxed{9}", r"4 \cdot 2 = 9"),  # read whole, not as the box alone
        (r"x = \boxed{\frac{1}{2}}.", r"x = \frac{1}{2} ."),  # no braces left: `{…}` is a set
        (r"36 + 180 = \boxed{1331}_5", r"36 + 180 = 1331_5"),  # the base stays on the number
        (r"\boxed{3", r"\boxed{3"),  # unbalanced: left to the reader's message
    ],
)
def test_a_box_is_typography(latex: str, expected: str) -> None:
    assert normalise(latex) == expected


def test_left_dot_marks_where_an_evaluation_bracket_starts() -> None:
    # real notes: "=\left.e^{x}\right|_{-\infty} ^{0}+\left.e^{x}\right|_{0} ^{1}-\left.\frac{1}{2} e x^{2}\right|_{0} ^{1}=\frac{e}{2}"
    text = r"\left.e^{x}\right|_{0} ^{1}-\left.\frac{1}{2} e x^{2}\right|_{0} ^{1}"
    assert normalise(text) == r"[e^{x}]_{0} ^{1}-[\frac{1}{2} e x^{2}]_{0} ^{1}"
    assert normalise(r"\left.\frac{dy}{dx}\right|_{x=1}") == r"\frac{dy}{dx}|_{x=1}"  # a point
