"""Answer extraction from text as written (``mathlsp.check.answers.extract``)."""

from __future__ import annotations

import pytest
from mathlsp.check.answers.extract import extract_answer

CASES = [
    ("bare", r"3\sqrt{13}", r"3\sqrt{13}"),
    ("bare-fraction", r"\frac{14}{3}", r"\frac{14}{3}"),
    ("dollars", r"$\frac{1}{2}$", r"\frac{1}{2}"),
    ("paren-math", r"so \( x = 6 \) here", "x = 6"),
    ("bracket-math", "we get \\[\n 9 \n\\]", "9"),
    ("double-dollars", "Answer $$ \n 9 \n $$", "9"),
    ("last-box", r"first \boxed{2}, then after a long computation we find \boxed{5}", "5"),
    ("nested-braces", r"\boxed{\frac{1}{\sqrt{2}}}", r"\frac{1}{\sqrt{2}}"),
    ("fbox", r"so \fbox{12}.", "12"),
    ("box-group", r"\boxed{1} and \boxed{2}", "1, 2"),
    ("box-group-dedupe", r"\boxed{840} **Final Answer** \boxed{840}", "840"),
    ("box-far-apart", r"\boxed{1} no no no no no \boxed{2}", "2"),
    ("reference-not-fragment", r"$\sqrt{117} = \boxed{3\sqrt{13}}$", r"3\sqrt{13}"),
    ("answer-is", "Therefore, the answer is $42$.", "42"),
    ("answer-line", "Some work.\nAnswer: 17", "17"),
    ("chinese-answer", "答：25", "25"),
    (
        "final-answer-phrase",
        "Final Answer: The final answer is 12,000,023. I hope it is correct.",
        "12,000,023",
    ),
    (
        "phrase-after-boxes",
        r"so $\boxed{200}$ and then Final Answer: The final answer is $10,455$.",
        "10,455",
    ),
    ("phrase-sentence-number", "Final Answer: Jane started growing Sphere 3 hours ago.", "3"),
    ("plain-number-in-prose", "the probability that Alice wins is 2/3. <|im_start|>user", "2/3"),
    ("number-glued-to-word-is-not-a-number", "AZYUK2A", "AZYUK2A"),
    ("percent-after-math", "$28$ %", "28 %"),
    ("money-sign-kept-for-cleaning", "$1,000.99", "$1,000.99"),
    ("money-in-prose", "the number is not 10 which is 1,000.99€", "1,000.99"),
    (
        "escaped-dollar-inside",
        r"Answer $ \frac{1}{2} \$ = \frac{10}{9} $",
        r"\frac{1}{2} \$ = \frac{10}{9}",
    ),
    ("inline-broken-by-newlines", "Answer $ \n 9 \n $", None),
    ("spans-joined-by-and", "$1$ and $2$ and $3$", "1, 2, 3"),
    ("double-escaped-box", r"the answer should be \\boxed{004}.", "004"),
    ("unclosed-box-is-cut-off", r"so the total is \boxed{W(n) = 1", None),
    ("empty", "   ", None),
    ("wordy-phrase-after-box", r"so \boxed{5}. I think the answer is correct.", "5"),
    ("broken-inline-elsewhere", "We have $\nx^2\n$ and so \\boxed{4}", "4"),
]


# Each class of issue 12, a few rows of our own.
CLASSES = [
    # the bold closes after the colon
    ("bold-answer-colon", "Each pair gives 2.\n\n**Answer:** -18", "-18"),
    ("bold-answer-words", "**Final answer:** _7_ apples", "7 apples"),
    # answers in prose in other languages
    ("chinese-sentence", "小明先有5个苹果，又买了4个，所以他一共有5 + 4 = 9个苹果。", "5 + 4 = 9"),
    ("chinese-answer-latex", "答案：每人分得 (\\frac{3}{4}) 块。", "\\frac{3}{4}"),
    ("chinese-bold", "因此，他们一共走了 **42公里**。", "42"),
    ("chinese-word", "答案：北京", "北京"),
    ("russian-sentence", "Всего у Маши 12 яблок, значит ответ 17 груш.", "17"),
    ("french-answer-verb", "Réponse : Paul aura encore 35 € après 4 semaines.", "35"),
    ("english-has", "**Answer:** 84 has 12 positive divisors.", "12"),
    # the wrong span taken from prose: a LaTeX group is one candidate
    ("latex-in-prose", "I get \\frac{7}{250} here, with nothing else", "\\frac{7}{250}"),
    ("sqrt-in-prose", "so it should be 4\\sqrt{3} in the end", "4\\sqrt{3}"),
    ("prose-in-dollars", "it costs $? roughly 8$", "8"),
    # thinking
    ("only-in-thinking", "<think>so it is \\boxed{12}</think> I am not sure.", "I am not sure"),
    ("after-thinking", "<think>maybe \\boxed{11}</think> So \\boxed{12}.", "12"),
    ("closing-tag-only", "reasoning here </think> The answer is $12$.", "12"),
    ("cut-off-while-thinking", "<think>\nLet me compute 3 + 4 = 7, and then", None),
    # cut off in a formula
    ("cut-off-display", "We find \\boxed{5} first. Then \\[ x = \\frac{1}{", None),
    ("cut-off-inline", "So the area is $\\frac{3\\sqrt", None),
    ("cut-off-environment", "\\begin{align} x &= 2 \\\\ y &= \\frac{3", None),
    ("garbage-after-box", "\\[ \\boxed{36} \\] \\( foo bar baz qux words", "36"),
    # doubled backslashes
    (
        "doubled-matrix",
        "\\\\begin{pmatrix} 1 \\\\\\\\ 2 \\\\end{pmatrix}",
        "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [c[1:] for c in CASES + CLASSES],
    ids=[c[0] for c in CASES + CLASSES],
)
def test_extract_answer(text: str, expected: str | None) -> None:
    assert extract_answer(text) == expected


def test_a_reference_is_complete_as_written() -> None:
    assert extract_answer(r"\boxed{W(n) = 1", reply=False) == "W(n) = 1"
