"""Reading an answer as written (``check.answers``: ``extract_answer``, ``clean``) on any
text, reply or reference: never raises, gives stripped text, and cleaning the cleaned text
works again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from mathlsp.check.answers.extract import extract_answer
from mathlsp.check.answers.normalise import clean

from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.strategies import ANSWERS

REPLIES = st.one_of(
    ANSWERS,
    st.builds(
        lambda before, answer, after: f"{before}\\boxed{{{answer}}}{after}",
        st.text(max_size=20),
        ANSWERS,
        st.text(max_size=8),
    ),
    st.builds(lambda answer: f"The answer is ${answer}$.", ANSWERS),
    st.text(max_size=80),
)


@fuzz_settings()
@given(text=REPLIES, reply=st.booleans())
def test_extract_and_clean_never_raise(text: str, reply: bool) -> None:
    found = extract_answer(text, reply=reply)
    if found is None:
        return
    assert found == found.strip() or not found.strip()
    cleaned = clean(found)
    assert cleaned.text == cleaned.text.strip()
    again = clean(cleaned.text)  # cleaning what was cleaned still works
    assert again.text == again.text.strip()
