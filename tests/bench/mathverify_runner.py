"""Run Math-Verify (the measuring stick, not a dependency) over a JSONL file of pairs.

Its recommended use: bare strings delimited with ``$``, then ``verify(parse(gold),
parse(answer))``. Prints one JSON line per input pair: ``{"equal": bool}``.
"""

from __future__ import annotations

import json
import sys


def delimited(text: str) -> str:
    """Math-Verify extracts math from delimiters; a bare string gets ``$...$``."""
    stripped = text.strip()
    if any(mark in stripped for mark in ("$", "\\(", "\\[", "\\boxed")):
        return stripped
    return f"${stripped}$"


def main(path: str) -> int:
    from math_verify import parse, verify

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            case = json.loads(line)
            try:
                gold = parse(delimited(case["reference"]))
                answer = parse(delimited(case["answer"]))
                equal = bool(verify(gold, answer))
            except Exception:  # a crash counts as "not equal", as in Math-Verify's own use
                equal = False
            print(json.dumps({"equal": equal}), flush=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
