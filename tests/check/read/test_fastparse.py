"""The fast LaTeX reader (``mathlsp.check.read.fastparse``): identical to latex2sympy or silent."""

from __future__ import annotations

from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from latex2sympy2_extended import latex2sympy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig
from mathlsp.check.read.fastparse import read
from mathlsp.check.read.normalise import normalise
from mathlsp.check.read.parse import to_sympy

from tests.bench.parse_bench import spans


def _slow(text: str) -> Any:
    """What ``to_sympy`` got before the fast path: latex2sympy's object (case kept), or the
    exception."""
    try:
        return latex2sympy(text, conversion_config=ConversionConfig(lowercase_symbols=False))
    except Exception as error:  # the parser raises bare Exception
        return error


def _assert_identical(text: str) -> bool:
    """Whether the fast reader accepted ``text``; if it did, the result is latex2sympy's."""
    text = normalise(text)
    fast = read(text)
    if fast is None:
        return False
    slow = _slow(text)
    assert not isinstance(slow, Exception), f"fast read {text!r} but latex2sympy fails: {slow}"
    assert fast == slow, f"{text!r}: fast {sympy.srepr(fast)} != slow {sympy.srepr(slow)}"
    assert sympy.srepr(fast) == sympy.srepr(slow), text
    return True


ACCEPTED = [
    ("integer", "42"),
    ("leading-zeros", "007"),
    ("decimal", "0.5"),
    ("decimal-trailing-zero", "1.50"),
    ("bare-decimal", ".5"),
    ("long-decimal", "3.14159265358979323846"),
    ("letter", "x"),
    ("uppercase", "X"),
    ("subscript-digit", "x_1"),
    ("subscript-number", "x_12"),
    ("subscript-braced", "x_{12}"),
    ("subscript-expression", "a_{n + 1}"),
    ("subscript-upper", "A_{N}"),
    ("subscript-power", "x_1^2"),
    ("greek", r"\theta"),
    ("greek-upper", r"\Delta"),
    ("greek-subscript", r"\alpha_1"),
    ("pi", r"\pi"),
    ("capital-pi", r"\Pi"),
    ("e", "e"),
    ("e-power", "e^x"),
    ("e-power-braced", r"e^{i\pi}"),
    ("e-times", "x e"),
    ("i-symbol", "i"),
    ("implicit", "2x"),
    ("implicit-power", "2x^2"),
    ("implicit-three", "abc"),
    ("implicit-spaced", "a b c"),
    ("implicit-paren", "x(x+1)"),
    ("implicit-sqrt", r"3\sqrt{13}"),
    ("implicit-pi", r"\pi r^2"),
    ("implicit-frac-first", r"\frac{1}{2}x"),
    ("mixed-number", r"2\frac{1}{2}"),
    ("mixed-number-x", r"2\frac{1}{2}x"),
    ("integers-juxtaposed", "2 3"),
    ("paren-integers", "(2)(3)"),
    ("two-fracs", r"\frac{1}{2}\frac{1}{3}"),
    ("neg-power", "-x^2"),
    ("neg-number-power", "-2^2"),
    ("double-neg", "--x"),
    ("unary-plus", "+x"),
    ("neg-frac", r"-\frac{1}{2}"),
    ("neg-pi", r"-\pi"),
    ("neg-decimal", "-0.5"),
    ("sub-decimal", "2-0.5"),
    ("sub-chain", "a-b-c"),
    ("sub-number", "a-2"),
    ("sub-frac", r"a-\frac{1}{2}"),
    ("plus-minus", "a+-b"),
    ("cdot", r"2\cdot3"),
    ("cdot-negative", r"2 \cdot -3"),
    ("star-chain", "2*3*4"),
    ("times", r"2 \times x"),
    ("div", r"x \div 2"),
    ("slash-chain", "a/b/c"),
    ("slash-integers", "2/4"),
    ("slash-zero", "1/0"),
    ("frac-zero", r"\frac{1}{0}"),
    ("frac-integers", r"\frac{4}{2}"),
    ("frac-negative-top", r"\frac{-1}{2}"),
    ("frac-negative-bottom", r"\frac{1}{-2}"),
    ("frac-expression", r"\frac{x+1}{x}"),
    ("frac-sqrt", r"\frac{\sqrt{3}}{2}"),
    ("short-frac", r"\frac12"),
    ("dfrac", r"\dfrac{3}{4}"),
    ("power-braced", "2^{10}"),
    ("power-number", "x^23"),
    ("power-decimal", "x^1.5"),
    ("power-negative", "x^{-1}"),
    ("power-letter", "2^x"),
    ("power-bare-decimal", "2^.5"),
    ("power-of-group", "(x+1)^2"),
    ("power-of-bracket", "[x+1]^2"),
    ("power-of-sqrt", r"\sqrt{x}^2"),
    ("power-zero", "0^0"),
    ("sqrt", r"\sqrt{2}"),
    ("short-sqrt", r"\sqrt2"),
    ("cube-root", r"\sqrt[3]{8}"),
    ("cube-root-negative", r"\sqrt[3]{-8}"),
    ("nth-root", r"\sqrt[n]{x}"),
    ("root-decimal-index", r"\sqrt[2.0]{x}"),
    ("two-roots", r"\sqrt{x}\sqrt{y}"),
    ("abs", "|x|"),
    ("abs-negative", "|-3|"),
    ("abs-times", "2|x|"),
    ("abs-then-letter", "|x|y"),
    ("abs-pair", "|x||y|"),
    ("abs-power", "|x|^2"),
    ("factorial", "5!"),
    ("factorial-letter", "x!"),
    ("factorial-implicit", "2x!"),
    ("factorial-power", "x^2!"),
    ("binom", r"\binom{5}{2}"),
    ("binom-symbolic", r"\binom{n}{2}"),
    ("sin", r"\sin x"),
    ("sin-power-argument", r"\sin x^2"),
    ("sin-product-argument", r"\sin 2x"),
    ("sin-cdot-argument", r"\sin 2\cdot x"),
    ("sin-division-argument", r"\sin x/2"),
    ("sin-paren", r"\sin(x)"),
    ("sin-paren-power", r"\sin(x)^2"),
    ("sin-paren-times", r"\sin(x) y"),
    ("sin-paren-paren", r"\sin (x+1)(x)"),
    ("sin-squared", r"\sin^2 x"),
    ("sin-squared-braced", r"\sin^{2}x"),
    ("sin-squared-paren", r"\sin^2(x)"),
    ("arcsin-by-power", r"\sin^{-1} x"),
    ("arctan", r"\arctan 1"),
    ("sin-cos", r"\sin x \cos x"),
    ("sin-times-sqrt", r"\sin x\sqrt{2}"),
    ("sin-times-e", r"\sin x e"),
    ("minus-sin", r"-\sin x"),
    ("sin-pi", r"\sin\pi"),
    ("tan-frac", r"\tan\frac{\pi}{4}"),
    ("cos-zero", r"\cos 0"),
    ("cos-paren-paren", r"\cos(x)(y)"),
    ("sinh", r"\sinh x"),
    ("log", r"\log x"),
    ("log-base", r"\log_2 8"),
    ("log-base-braced", r"\log_{2}(x+1)"),
    ("log-base-power", r"\log_{2}x^{3}"),
    ("ln", r"\ln x"),
    ("ln-paren", r"\ln(x)"),
    ("ln-squared", r"\ln^2 x"),
    ("exp", r"\exp x"),
    ("exp-paren", r"\exp(x)"),
    ("exp-squared", r"\exp^2 x"),
    ("group-paren", "(1+2)"),
    ("group-bracket", "[x]"),
    ("group-single", "(x)"),
    ("neg-group", "-(2)"),
    ("equation", "x=1"),
    ("equation-negative", "x=-3"),
    ("equation-sides", "y = 2x + 1"),
    ("equation-subscripts", "x_1 + x_2 = 5"),
    ("chain-equal", "a=b=c"),
    ("chain-mixed", r"a<b\le c"),
    ("chain-between", "-1 < x < 2"),
    ("not-equal", r"x \ne 3"),
    ("not-equal-long", r"x \neq 3"),
    ("leq", r"x \leq 2"),
    ("geq", r"x \geq -\frac{1}{2}"),
    ("gt-command", r"a \gt b"),
    ("less", "x < 3"),
    ("pythagoras", "a^2 + b^2 = c^2"),
    ("square-of-sum", "(a+b)^2 = a^2 + 2ab + b^2"),
    ("claim-sqrt", r"\sqrt{16} = 4"),
    ("claim-power", "2^{10} = 1024"),
    ("claim-log", r"\log_2 8 = 3"),
    ("claim-binom", r"\binom{5}{2} = 10"),
    ("claim-abs", "|-3| = 3"),
    ("claim-factorial", "3! = 6"),
    ("claim-frac", r"\frac{1}{2} \cdot 4 = 2"),
    ("chain-factor", "x^2 - 3x + 2 = (x - 1)(x - 2) = 0"),
    ("relation-list", "x = 0, x = 923"),
    ("relation-list-negative", "x = 820, x = -713"),
    ("relation-list-two-names", "x=1, y=2"),
    ("relation-list-inequalities", "x<1, x>2"),
    ("relation-list-chain", "a=b=c, d=1"),
    ("relation-list-repeated", "x=1,x=1"),
    ("relation-list-fractions", r"x = \frac{1}{2}, x = -\frac{1}{2}"),
    ("d-variable", "d = 5"),
    ("d-last", r"x \cdot d"),
    ("left-right", r"\left( x + 1 \right)^2"),
    ("spacing", r"2\,x"),
    ("boxed", r"\boxed{5}"),
]

REJECTED = [
    ("function-call", "f(x)", "Function('f')(x)"),
    ("function-call-number", "x(2)", "Function('x')(2)"),
    ("function-call-bracket", "x[2]", "Function('x')(2)"),
    ("function-call-subscript", "x(y_1)", "Function('x')(y_1)"),
    ("function-call-after-power", "x^2(3)", "Pow(Function('x')(3), 2)"),
    ("greek-call", r"\pi(2)", "Function('\\pi')(2)"),
    ("braced-set", "{x}", "FiniteSet(x)"),
    ("braced-side", r"x=\{1\}", "a set"),
    ("braced-in-paren", "({0})", "a tuple of a set"),
    ("braced-group", "2{x+1}", "a group, but braces are sets elsewhere"),
    ("not-equal-bang", "5!=120", "!= is not equal"),
    ("power-chain", "2^3^4", "left-assoc with atoms"),
    ("power-chain-letter", "2^x^2", "Pow(2, x^2)"),
    ("script-after-power", "x^2_1", "x_1 squared"),
    ("power-of-power-atom", "y^x^2", "Pow(y, x^2)"),
    ("capital-e", "E", "Symbol('e')"),
    ("capital-i", "I", "the imaginary unit"),
    ("e-notation", "2E5", "a float"),
    ("comma-number", "1,000", "1000"),
    ("comma-values", "x = 1, 2", "Eq(x, {1, 2})"),
    ("comma-numbers", "1, 2", "a set of numbers"),
    ("comma-trailing", "x = 1,", "an error"),
    ("comma-in-brackets", "x = (1, 2)", "an interval"),
    ("semicolon-list", "x=1; x=2", "a set"),
    ("differential-outside-integral", r"x dx", "Symbol('dx')"),
    ("differential-letter", "dx", "Symbol('dx')"),
    ("derivative", r"\frac{d}{dx} x^2", "a derivative"),
    ("lexer-word", "tr", "a trace token"),
    ("lexer-word-inside", "xeig", "an eigen token"),
    ("transpose", "A^T", "a transpose"),
    ("degrees", r"60^\circ", "degrees"),
    ("nested-bars", "|x+|y||", "nested absolute values"),
    ("percent", r"50\%", "a percent"),
    ("infinity", r"\infty", "not in the subset"),
    ("text", r"\text{cm}", "text"),
    ("unicode", "x²", "non-ASCII"),
    ("trailing-period", "2.", "an error"),
    ("power-negative-bare", "x^-1", "an error"),
    ("empty", "", "nothing"),
    ("unbalanced", r"\frac{1", "an error"),
    ("plus-minus", r"x \pm 1", "two values"),
]


@pytest.mark.parametrize("text", [c[1] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepts_and_matches_latex2sympy(text: str) -> None:
    assert _assert_identical(text), f"fast reader rejected {text!r}"


@pytest.mark.parametrize("text", [c[1] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_rejects_what_it_cannot_match(text: str) -> None:
    assert read(normalise(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2 - 1", sympy.Symbol("x") ** 2 - 1),
        (r"\frac{3}{6}", sympy.Rational(1, 2)),
        ("e^{0}", sympy.Integer(1)),
    ],
    ids=["polynomial", "rational", "exp-zero"],
)
def test_values(text: str, expected: Any) -> None:
    """Sanity beyond the differential check: the objects mean what the text says."""
    assert sympy.simplify(read(normalise(text)) - expected) == 0


def test_to_sympy_keeps_errors_for_what_the_fast_reader_rejects() -> None:
    parsed = to_sympy(r"\frac{")
    assert parsed.expr is None and parsed.error


# Expressions from a small grammar of the subset (and a little outside it).
_ATOMS = st.sampled_from(
    ["0", "1", "2", "7", "12", "0.5", ".25", "x", "y", "n", "a", "b", "t", "d", "e", "i", "X"]
    + [r"\pi", r"\theta", "x_1", "a_{n+1}", "y_2", r"\alpha"]
)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(["+", "-", r"\cdot", r"\times", "/", " ", "", r"\div", "*"])
    return st.one_of(
        st.tuples(inner, binary, inner).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(st.sampled_from(["-", "+"]), inner).map("".join),
        inner.map(lambda s: f"({s})"),
        inner.map(lambda s: f"[{s}]"),
        inner.map(lambda s: f"{{{s}}}"),
        inner.map(lambda s: f"|{s}|"),
        inner.map(lambda s: f"{s}!"),
        st.tuples(inner, st.sampled_from(["2", "3", "x", "{2}", "{-1}", "{n+1}", "12"])).map(
            lambda t: f"{t[0]}^{t[1]}"
        ),
        st.tuples(inner, inner).map(lambda t: rf"\frac{{{t[0]}}}{{{t[1]}}}"),
        st.tuples(inner, inner).map(lambda t: rf"\binom{{{t[0]}}}{{{t[1]}}}"),
        inner.map(lambda s: rf"\sqrt{{{s}}}"),
        st.tuples(st.sampled_from(["3", "n", "2.0"]), inner).map(
            lambda t: rf"\sqrt[{t[0]}]{{{t[1]}}}"
        ),
        st.tuples(
            st.sampled_from([r"\sin", r"\cos", r"\tan", r"\ln", r"\log", r"\exp", r"\arctan"]),
            st.sampled_from(["", "^2", "^{-1}", "_2", "_{10}"]),
            st.sampled_from([" ", "(", "{"]),
            inner,
        ).map(
            lambda t: (
                f"{t[0]}{t[1]}{t[2]}{t[3]}{')' if t[2] == '(' else '}' if t[2] == '{' else ''}"
            )
        ),
    )


_EXPRESSIONS = st.recursive(_ATOMS, _compound, max_leaves=8)
_RELATIONS = st.sampled_from(["=", "<", ">", r"\le", r"\ge", r"\ne", r"\leq"])


def _relation(sides: list[str], relations: list[str]) -> str:
    return sides[0] + "".join(f" {r} {s}" for r, s in zip(relations, sides[1:], strict=False))


_TEXTS = st.builds(
    _relation,
    st.lists(_EXPRESSIONS, min_size=1, max_size=3),
    st.lists(_RELATIONS, min_size=2, max_size=2),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXTS, min_size=1, max_size=3), st.sampled_from([", ", ","]))
def test_generated_expressions_match_latex2sympy(texts: list[str], comma: str) -> None:
    """One expression or relation, or a comma list of them (a set when all are relations)."""
    _assert_identical(comma.join(texts))


def test_accepts_most_of_the_corpus() -> None:
    """Every span of the samples and generated drafts: what the fast reader accepts is
    identical, and it accepts the plain shapes (integrals, sums and limits as whole sides:
    ``tests/check/read/test_fastparse_calculus.py``)."""
    corpus = spans(60)
    accepted = sum(_assert_identical(text) for text in corpus)
    assert accepted / len(corpus) > 0.7, f"accepted {accepted} of {len(corpus)}"
