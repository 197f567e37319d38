"""ReplyBuffer: thinking and answer apart in every layout, however the text is chunked."""

from __future__ import annotations

import pytest
from mathlsp.solve.reply import ReplyBuffer
from mathlsp.solve.vote import last_boxed

Delta = tuple[str | None, str | None]  # (reasoning field, content)

CASES: list[tuple[str, list[Delta], str | None, str, str, str | None]] = [
    # id, deltas, finish, reasoning, solution, answer
    (
        "field",
        [("a \\boxed{1}", None), (None, "so \\boxed{2}")],
        "stop",
        "a \\boxed{1}",
        "so \\boxed{2}",
        "2",
    ),
    (
        "inline-closing-only",
        [(None, "hmm \\boxed{1}\n</think>\n\n"), (None, "\\boxed{2}")],
        "stop",
        "hmm \\boxed{1}",
        "\\boxed{2}",
        "2",
    ),
    (
        "inline-open-and-close",
        [(None, "<think>\nhmm"), (None, "</think>ok \\boxed{3}")],
        "stop",
        "hmm",
        "ok \\boxed{3}",
        "3",
    ),
    (
        "tag-split-across-chunks",
        [(None, "<th"), (None, "ink>x</"), (None, "thi"), (None, "nk>\\boxed{4}")],
        "stop",
        "x",
        "\\boxed{4}",
        "4",
    ),
    ("no-tags-finished", [(None, "plain \\boxed{5}")], "stop", "", "plain \\boxed{5}", "5"),
    (
        "no-tags-cut-off",
        [(None, "plain \\boxed{5} and")],
        "length",
        "plain \\boxed{5} and",
        "",
        None,
    ),
    (
        "open-tag-cut-off",
        [(None, "<think>\n\\boxed{6} wait")],
        "length",
        "\\boxed{6} wait",
        "",
        None,
    ),
    ("field-cut-off", [("\\boxed{7} wait", None)], "length", "\\boxed{7} wait", "", None),
    (
        "answer-part-cut-off",
        [("done", None), (None, "\\boxed{8} and then")],
        "length",
        "done",
        "\\boxed{8} and then",
        "8",
    ),
    ("no-box", [("r", None), (None, "the answer is 9")], "stop", "r", "the answer is 9", None),
]


@pytest.mark.parametrize(
    ("deltas", "finish", "reasoning", "solution", "answer"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_split_and_answer(
    deltas: list[Delta], finish: str, reasoning: str, solution: str, answer: str | None
) -> None:
    buffer = ReplyBuffer()
    shown: dict[str, str] = {"reasoning": "", "solution": ""}
    for field, content in deltas:
        for kind, text in buffer.feed(field, content):
            shown[kind] += text
    buffer.finish_reason = finish
    sample = buffer.sample(last_boxed)
    assert (sample.reasoning, sample.solution, sample.answer) == (reasoning, solution, answer)
    assert sample.tokens == len(deltas)
    if finish == "stop" and reasoning:  # what was streamed matches the final split
        assert shown["reasoning"].strip() == reasoning
        assert shown["solution"].strip() == solution


def test_thinking_flips_when_the_answer_part_starts() -> None:
    buffer = ReplyBuffer()
    buffer.feed(None, "step one")
    assert buffer.thinking
    buffer.feed(None, "</think>")
    assert not buffer.thinking
