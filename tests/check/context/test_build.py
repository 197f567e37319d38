"""The document context: what each span establishes, its scope, and what is in scope where.
Fixtures are one or two lines quoted from real notes and MATH solutions."""

from __future__ import annotations

import pickle

import pytest
from mathlsp.check.context.build import build_context, facts_of
from mathlsp.check.context.facts import Context, Fact
from mathlsp.check.context.text import is_name, mentions, parts
from mathlsp.document import parse_document
from mathlsp.document.text import Position, Range

FACTS = [
    ("number binding", "a = 3", [("binding", "a", "3")]),
    ("expression binding", r"r = \frac{a}{b}", [("binding", "r", r"\frac{a}{b}")]),
    ("chain names its first term", "S = a + b = 2", [("binding", "S", "a + b")]),
    ("indexed name", r"a_{k+1} = 3a_k - 2", [("binding", "a_{k+1}", "3a_k - 2")]),
    ("function", r"f(x) = x^2 + 1", [("binding", "f(x)", "x^2 + 1")]),
    ("greek", r"\lambda_2 = \lambda_3 = -3", [("binding", r"\lambda_2", r"\lambda_3")]),
    ("value on the left", r"\frac{1}{2} = t", [("binding", "t", r"\frac{1}{2}")]),
    ("two bindings", "a = 4, b = 7", [("binding", "a", "4"), ("binding", "b", "7")]),
    ("given", "2b = a + c", [("given", "", "2b = a + c")]),
    ("recurrence is given", "x = 2x - 3", [("given", "", "x = 2x - 3")]),
    ("condition", r"n \ge 1", [("condition", "", r"n \ge 1")]),
    ("nothing to establish", r"\int_0^1 x\,dx", []),
    ("a closed claim binds nothing", "2 + 2 = 4", []),
]


@pytest.mark.parametrize(("source", "expected"), [c[1:] for c in FACTS], ids=[c[0] for c in FACTS])
def test_facts_of_a_span(source: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(f.kind, f.name, f.latex) for f in facts_of(source, 0, "section")]
    assert found == expected


def test_names_and_mentions() -> None:
    assert is_name(r"\mathrm{LHS}") and is_name("P_F") and is_name(r"\bar{x}")
    assert not is_name("2x") and not is_name(r"\sin x") and not is_name("x^2")
    assert not mentions("r", r"\frac{a}{b}")  # the r of \frac is no identifier
    assert mentions("a", r"\frac{a}{b}") and not mentions("a_n", "a_{n-1}")
    assert parts(r"a = 4 \quad b = 7 \text{ and } c = 1.") == ["a = 4", "b = 7", "c = 1"]


def _context(text: str, line: int, column: int = 0, latex: str = "a b r s x n k") -> Context:
    document = parse_document(text, "markdown")
    where = Range(Position(line, column), Position(line, column + 1))
    return build_context(document).at(where, latex)


def test_a_binding_holds_after_it_in_its_section_only() -> None:
    text = "# One\n\nLet $a = 3$.\n\nThen $a + 1 = 4$.\n\n# Two\n\n$a + 1 = 4$\n"
    assert _context(text, 2).facts == ()  # not before the place that states it
    shown = [f.where() for f in _context(text, 4, 5).facts]
    assert shown == ["a = 3 from line 3"]
    assert _context(text, 8).facts == ()  # the next section does not see it


def test_a_specialisation_holds_to_the_end_of_its_paragraph() -> None:
    text = "For $n = 1$: $L = c^n$\nand $L = c$.\n\nIn general $L = c^n$.\n"
    inside = _context(text, 1, 4)
    assert [f.scope for f in inside.facts if f.name == "n"] == ["paragraph"]
    assert not [f for f in _context(text, 3, 11).facts if f.name == "n"]


def test_a_problem_scopes_its_facts() -> None:
    text = "## Problem 1\n\nLet $a = 4$.\n\n$c = 2a$\n\n## Problem 2\n\n$c = 2a$\n"
    assert [f.name for f in _context(text, 4).facts] == ["a"]
    assert _context(text, 8).facts == ()


def test_a_code_span_in_prose_binds() -> None:
    text = "For `n = k + 1`: $$ R = \\frac{n(n + 1)}{2} = \\frac{(k+1)(k+2)}{2} $$\n"
    found = _context(text, 0, 20)
    assert [(f.name, f.latex) for f in found.facts] == [("n", "k + 1")]


def test_a_finite_field_is_a_domain_hint() -> None:
    found = _context(r"In $\mathbb{F}_p$: $(a+k)^p = a^p + k$." + "\n", 0, 20)
    assert [f.kind for f in found.facts] == ["domain"]


def test_only_facts_about_the_relation_come_along() -> None:
    text = "Let $a = 3$ and $z = 5$.\n\n$a + 1 = 4$\n"
    assert [f.name for f in _context(text, 2, latex="a + 1 = 4").facts] == ["a"]


def test_the_context_is_plain_picklable_hashable_data() -> None:
    context = Context((Fact("binding", "a", "3", 11, "section"),))
    assert pickle.loads(pickle.dumps(context)) == context
    assert hash(context) == hash(Context((Fact("binding", "a", "3", 11, "section"),)))
    assert context.facts[0].where() == "a = 3 from line 12"
