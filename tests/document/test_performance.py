"""A generated 1,000-problem draft is read whole: every problem, answer and chain found.

(Its parse time is measured by tests/bench/document_bench.py, not asserted here.)"""

from __future__ import annotations

from mathlsp.document import parse_document

from tests.document.drafts import markdown_draft


def test_thousand_problem_markdown_draft() -> None:
    text = markdown_draft(1000)
    assert text.count("\n") > 6000
    doc = parse_document(text, "markdown")
    assert len(doc.problems) == 1000
    assert sum(len(p.answers) for p in doc.problems) == 1000
    assert len(doc.chains) == 1000  # 500 one-span chains, 500 align continuations
    assert not any(span.source.startswith("5 和") for span in doc.spans)  # currency stays text
