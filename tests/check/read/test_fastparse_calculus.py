"""Integrals, sums and limits in the fast reader (``mathlsp.check.read.fastparse_calculus``):
identical to latex2sympy where accepted, silent where the extent or meaning is in doubt."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mathlsp.check.read.fastparse import read
from mathlsp.check.read.normalise import normalise

from tests.check.read.test_fastparse import _EXPRESSIONS, _assert_identical

ACCEPTED = [
    ("int-bounds-braced", r"\int_{a}^{b} x^2 + 1 \, dx"),
    ("int-bounds-bare", r"\int_0^1 x^2\,dx"),
    ("int-multi-digit-bound", r"\int_0^132 x dx"),
    ("int-decimal-bound", r"\int_0^1.5 x dx"),
    ("int-bound-then-letter", r"\int_0^2x dx"),
    ("int-letter-bounds", r"\int_a^b x dx"),
    ("int-bounds-reversed", r"\int^1_0 x dx"),
    ("int-pi-bound", r"\int_{0}^{\pi} \sin x dx"),
    ("int-negative-bound", r"\int_{-1}^{1} x dx"),
    ("int-infinity-bound", r"\int_0^\infty e^{-x} dx"),
    ("int-minus-infinity", r"\int_{-\infty}^{0} x dx"),
    ("int-indefinite", r"\int x^2 dx"),
    ("int-sum-integrand", r"\int_0^1 x^2 + 1 dx"),
    ("int-coefficient", r"\int_0^1 763x^{3} dx"),
    ("int-frac", r"\int_0^1 \frac{1}{x} dx"),
    ("int-mixed-frac", r"\int_0^1 2\frac{1}{x} dx"),
    ("int-frac-plus", r"\int_0^1 \frac{1}{x} + 1 dx"),
    ("int-product", r"\int_0^1 \sin x \cos x dx"),
    ("int-cdot", r"\int_0^1 x \cdot 2 dx"),
    ("int-no-integrand", r"\int_0^1 dx"),
    ("int-glued-differential", r"\int_{0}^{1}x^2dx"),
    ("int-spaced-differential", r"\int_0^1 x d x"),
    ("int-mathrm-differential", r"\int_0^1 x \mathrm{d}x"),
    ("int-other-variable", r"\int_0^1 t dt"),
    ("int-claim", r"\int_0^58 x dx = \frac{58^2}{2}"),
    ("int-claim-log", r"\int_1^2 \frac{1}{x} dx = \ln 2"),
    ("int-both-sides", r"\int_0^1 x dx = \int_0^1 t dt"),
    ("sum", r"\sum_{k=1}^{n} k"),
    ("sum-power", r"\sum_{k=1}^{10} k^2"),
    ("sum-bare-upper", r"\sum_{k=1}^n k"),
    ("sum-scripts-reversed", r"\sum^{n}_{k=1} k"),
    ("sum-spaced-index", r"\sum_{k = 1}^{n} k"),
    ("sum-infinity", r"\sum_{k=0}^{\infty} k"),
    ("sum-expression-bounds", r"\sum_{k=n+1}^{2n} k"),
    ("sum-greek-index", r"\sum_{\alpha=1}^{n} \alpha"),
    ("sum-cdot", r"\sum_{k=1}^{n} k \cdot 2"),
    ("sum-slash", r"\sum_{k=1}^{n} k / 2"),
    ("sum-group", r"\sum_{k=1}^{n} (k+1)"),
    ("sum-factorial", r"\sum_{k=1}^{n} k!"),
    ("sum-functions", r"\sum_{k=1}^{n} \sin k \cos k"),
    ("sum-claim", r"\sum_{i=1}^{368} i = 67896"),
    ("sum-basel", r"\sum_{k=1}^{n} \frac{1}{k^2} = \frac{\pi^2}{6}"),
    ("lim", r"\lim_{x \to 0} \frac{\sin x}{x}"),
    ("lim-claim", r"\lim_{x \to 0} \frac{\sin(3x)}{x} = 3"),
    ("lim-infinity", r"\lim_{x\to\infty} \frac{3x+2}{x}"),
    ("lim-minus-infinity", r"\lim_{x \to -\infty} x"),
    ("lim-from-right", r"\lim_{x \to 0^{+}} \frac{1}{x}"),
    ("lim-from-left", r"\lim_{x \to 0^{-}} x"),
    ("lim-letter", r"\lim_{x \to a} x"),
    ("lim-pi", r"\lim_{x \to \pi} x"),
    ("lim-rightarrow", r"\lim_{x \rightarrow 0} x"),
    ("lim-greek", r"\lim_{\theta \to 0} \theta"),
    ("lim-cdot", r"\lim_{x \to 0} x \cdot 2"),
    ("lim-function-slash", r"\lim_{x \to 0} \sin x / x"),
    ("lim-difference-quotient", r"\lim_{h \to 0} \frac{(x+h)^2 - x^2}{h}"),
    ("lim-power", r"\lim_{x \to \infty} (1+\frac{1}{x})^x"),
]

REJECTED = [
    ("int-then-plus", r"\int_0^1 x dx + 1", "Integral + 1: not a whole side"),
    ("int-coefficient-before", r"2\int_0^1 x dx", "a product with an integral"),
    ("int-then-cdot", r"\int_0^1 x dx \cdot 2", "reordered product"),
    ("int-command-differential", r"\int_0^1 x\,d\theta", "d\\theta: not read"),
    ("int-no-differential", r"\int_0^1 x", "dx assumed by latex2sympy"),
    ("int-one-bound", r"\int_0 x dx", "one bound"),
    ("int-subscripted-differential", r"\int_0^1 x_1 dx_1", "an error"),
    ("int-nested", r"\int_0^1 \int_0^1 x dy dx", "nested"),
    ("sum-then-plus", r"\sum_{k=1}^{n} k + 1", "Sum(k) + 1"),
    ("sum-no-index", r"\sum_k k", "no bounds"),
    ("sum-pi-index", r"\sum_{\pi=1}^{n} k", "a constant as index"),
    ("lim-then-plus", r"\lim_{x \to 0} \frac{\sin x}{x} + 1", "Limit + 1, reordered"),
    ("lim-bare-direction", r"\lim_{x \to 0^+} x", "an error"),
    ("lim-no-arrow", r"\lim_{x = 0} x", "an error"),
    ("lim-e-variable", r"\lim_{e \to 0} x", "e is not a letter"),
    ("infinity-outside", r"x = \infty", "infinity as a value"),
    ("infinity-in-bound", r"\int_0^{2\infty} x dx", "infinity inside an expression"),
]


@pytest.mark.parametrize("text", [c[1] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED])
def test_accepts_and_matches_latex2sympy(text: str) -> None:
    assert _assert_identical(text), f"fast reader rejected {text!r}"


@pytest.mark.parametrize("text", [c[1] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_rejects_what_it_cannot_match(text: str) -> None:
    assert read(normalise(text)) is None


def test_builds_calculus_objects() -> None:
    """Beyond the differential check: the objects are SymPy's calculus classes."""
    x, k, n = sympy.symbols("x k n")
    assert read(r"\int_0^1 x^2 dx") == sympy.Integral(x**2, (x, 0, 1))
    assert read(r"\int x dx") == sympy.Integral(x, x)
    assert read(r"\sum_{k=1}^{n} k") == sympy.Sum(k, (k, 1, n))
    assert read(r"\lim_{x \to 0^{-}} x") == sympy.Limit(x, x, 0, "-")


_INTEGRAL_SCRIPTS = ["", "_0^1", "_{a}^{b}", "^1_0", r"_0^{\pi}", "_{-1}^{2}", r"_0^\infty"]
_DIFFERENTIALS = [" dx", "dx", " d x", " dt", r"\,dx", r" \mathrm{d}x", r" d\theta", ""]
_SUM_SCRIPTS = ["_{k=1}^{n}", "_{k=1}^{10}", "^{n}_{k=0}", r"_{i=1}^{\infty}", "_{k=n+1}^{2n}"]
_LIMIT_POINTS = ["0", "a", r"\infty", r"-\infty", "0^{+}", "0^{-}", "0^+", r"\pi", "2x"]
_CONSTRUCTS = st.one_of(
    st.builds(
        lambda s, body, d: rf"\int{s} {body}{d}",
        st.sampled_from(_INTEGRAL_SCRIPTS),
        _EXPRESSIONS,
        st.sampled_from(_DIFFERENTIALS),
    ),
    st.builds(lambda s, body: rf"\sum{s} {body}", st.sampled_from(_SUM_SCRIPTS), _EXPRESSIONS),
    st.builds(
        lambda v, a, p, body: rf"\lim_{{{v}{a}{p}}} {body}",
        st.sampled_from(["x", r"\theta", "n", "h"]),
        st.sampled_from([r" \to ", r"\to", r" \rightarrow "]),
        st.sampled_from(_LIMIT_POINTS),
        _EXPRESSIONS,
    ),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["", "", "", "2", "-", "x + "]),  # mostly a whole side: accepted
    _CONSTRUCTS,
    st.sampled_from(["", "", " = 1", " + 1", r" \cdot 2", " < x", " y"]),
    st.one_of(st.just(""), _EXPRESSIONS.map(lambda s: f" = {s}")),
)
def test_generated_calculus_matches_latex2sympy(
    before: str, construct: str, after: str, claim: str
) -> None:
    """A construct with something before or after it, and optionally a claimed value."""
    _assert_identical(f"{before}{construct}{after}{claim}")
