"""What could not be read, in words: latex2sympy2_extended's syntax errors never reach a student
as parser jargon ("I expected one of these: '!'", "I don't understand this")."""

from __future__ import annotations

import pytest
from latex2sympy2_extended import latex2sympy
from mathlsp.check.read.parse import to_sympy
from mathlsp.check.read.parse_errors import FALLBACK, in_words

JARGON = ("I expected", "I don't understand", "<INVALID>", "~~", "^\n")


def parser_error(latex: str) -> str:
    try:
        latex2sympy(latex)
    except Exception as error:  # the parser raises bare Exception with a caret diagram
        return str(error)
    raise AssertionError(f"{latex!r} parsed")


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        ("x +* 2 = 3", "`*` cannot come after `x +`"),
        ("a \\wibble b = 1", "`\\wibble` is not a command SymPy's reader knows"),
        ("(x+1 = 2", "a `(` is never closed"),
        ("\\frac{1}{2} = {", "a `{` is never closed"),
        ("\\left( x = 1", "a `(` is never closed"),
        ("x = 1)", "the `)` after `x = 1` closes a bracket that was never opened"),
        ("f(x) = \\begin{bmatrix} 1 & 2", "`\\begin{bmatrix}` has no `\\end{bmatrix}`"),
        ("3! = ", "it stops too early: something is missing after `3! =`"),
        ("= 3", "math cannot start with `=`"),
        ("\\int_0^1 = 2", "`=` cannot come after `\\int_0^1`"),
        ("2 = \\\\", "`\\\\` cannot come after `2 =`"),
        (
            "\\frac{a}{b} = \\frac{c}{d} + \\frac{e}{f} +* 2",
            "`*` cannot come after `…+ \\frac{e}{f} +`",
        ),
    ],
    ids=[
        "stray-operator",
        "unknown-command",
        "open-paren",
        "open-brace",
        "left-without-right",
        "unopened-paren",
        "open-environment",
        "ends-early",
        "starts-with-relation",
        "integral-without-body",
        "row-break",
        "long-context-quoted-from-the-end",
    ],
)
def test_parser_errors_in_words(latex: str, words: str) -> None:
    assert in_words(parser_error(latex)) == words


@pytest.mark.parametrize(
    "latex",
    ["x +* 2 = 3", "a \\wibble b = 1", "f(x) = \\begin{bmatrix} 1 & 2 = 0", "x^ = 3"],
    ids=["stray-operator", "unknown-command", "open-environment", "empty-exponent"],
)
def test_to_sympy_messages_name_the_part_not_the_parser(latex: str) -> None:
    parsed = to_sympy(latex)
    assert parsed.expr is None and parsed.error is not None
    assert parsed.error.startswith(f"could not read `{latex}`: ")
    assert not any(jargon in parsed.error for jargon in JARGON), parsed.error


@pytest.mark.parametrize("message", ["", "Nothing matched", "one\ntwo\nthree"], ids=str)
def test_anything_else_gets_the_plain_fallback(message: str) -> None:
    assert in_words(message) == FALLBACK
