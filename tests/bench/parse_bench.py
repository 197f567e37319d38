"""Benchmark the fast LaTeX reader against latex2sympy2_extended on the same corpus.

A plain script (`.venv/bin/python -m tests.bench.parse_bench`), not run by pytest. The corpus
is every math span of the samples and of generated drafts, read the way ``claims.read`` reads
a span (alignment ``&`` and trailing punctuation dropped); ``spans()`` is also the corpus of
``tests/check/read/test_fastparse.py``. Prints the acceptance rate and the per-parse times.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from mathlsp.document import parse_document

from tests.bench.check_bench import generate
from tests.document.drafts import markdown_draft

_ROOT = Path(__file__).resolve().parents[2]
_TRAILING = re.compile(r"(?:\\\\|[.,;:]|\\[,;!]|\s)+$")


def spans(problems: int = 120) -> list[str]:
    """Distinct span sources of the samples and two generated drafts, in a stable order."""
    texts: list[tuple[str, str]] = []
    for path in sorted((_ROOT / "samples").iterdir()):
        if path.suffix in (".md", ".tex"):
            language = "markdown" if path.suffix == ".md" else "latex"
            texts.append((path.read_text(encoding="utf-8"), language))
    texts.append((markdown_draft(problems // 3), "markdown"))
    texts.append((generate(problems), "markdown"))
    seen: dict[str, None] = {}
    for text, language in texts:
        for span in parse_document(text, language).spans:  # type: ignore[arg-type]
            source = _TRAILING.sub("", span.source.replace("&", " ")).strip()
            if source:
                seen.setdefault(source, None)
    return list(seen)


def _per_parse(function: object, texts: list[str], rounds: int) -> float:
    """Mean seconds per call of ``function`` over ``texts``."""
    call = function  # typed loosely: the fast reader and latex2sympy differ in signature
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            try:
                call(text)  # type: ignore[operator]
            except Exception:  # latex2sympy raises on what it cannot read
                pass
    return (time.perf_counter() - started) / (rounds * len(texts))


def main() -> int:
    from latex2sympy2_extended import latex2sympy
    from mathlsp.check.read.fastparse import read
    from mathlsp.check.read.normalise import normalise

    corpus = [normalise(text) for text in spans(1000)]
    accepted = [text for text in corpus if read(text) is not None]
    rejected = [text for text in corpus if read(text) is None]
    fast = _per_parse(read, accepted, 5)
    slow = _per_parse(latex2sympy, accepted, 1)
    fallback = _per_parse(read, rejected, 5) if rejected else 0.0
    print(f"corpus: {len(corpus)} distinct spans")
    print(f"accepted by the fast reader: {len(accepted)} ({len(accepted) / len(corpus):.1%})")
    print(f"fast reader:  {fast * 1e6:8.1f} us per accepted span")
    print(f"latex2sympy:  {slow * 1e6:8.1f} us per same span (ratio {slow / fast:.0f}x)")
    print(f"rejection:    {fallback * 1e6:8.1f} us per rejected span (cost before the fallback)")
    if "-v" in sys.argv:
        for text in rejected:
            print("rejected:", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
