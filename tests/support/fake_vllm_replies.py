"""Replies for the fake vLLM server: scripted text, tokenising, and vLLM's chunk layouts.

Kept apart from the HTTP plumbing in ``fake_vllm.py`` so tests can build replies (and the
benchmark can build streams) without a socket.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Layout = Literal["reasoning", "reasoning_content", "inline", "inline-open"]
LAYOUTS: tuple[Layout, ...] = ("reasoning", "reasoning_content", "inline", "inline-open")

_TOKEN = re.compile(r"\s*[^\s]{1,4}|\s+")


@dataclass(frozen=True)
class Reply:
    """One sample's reply: the thinking and the answer part after it."""

    reasoning: str
    content: str

    @staticmethod
    def parse(raw: str | Mapping[str, str]) -> Reply:
        """A mapping {"reasoning", "content"}, or text where ``</think>`` ends the thinking."""
        if isinstance(raw, Mapping):
            return Reply(str(raw.get("reasoning", "")), str(raw.get("content", "")))
        if "</think>" in raw:
            reasoning, content = raw.split("</think>", 1)
            return Reply(reasoning.removeprefix("<think>"), content)
        return Reply("", raw)


def default_reply(answer: str) -> Reply:
    """A short plausible step-by-step solution ending in ``\\boxed{answer}``."""
    reasoning = (
        "Okay, let me work through this carefully.\n"
        "First I write down what the problem gives and what it asks for.\n"
        "Then I simplify step by step and check each step.\n"
        f"Wait, let me double-check the arithmetic once more. Yes, it comes to {answer}.\n"
    )
    content = (
        "**Step 1.** Write down what is given and what is asked.\n\n"
        "**Step 2.** Simplify step by step, checking each line.\n\n"
        f"**Step 3.** The computation gives ${answer}$.\n\n"
        f"Therefore, the final answer is $\\boxed{{{answer}}}$."
    )
    return Reply(reasoning, content)


ReplySource = Callable[[str, int], Reply] | Sequence[Reply] | Reply


def script_source(script: Mapping[str, Any], fallback: Reply) -> Callable[[str, int], Reply]:
    """Replies from a JSON script: prompt substring -> reply (or a list, one per sample)."""
    table = {key: value if isinstance(value, list) else [value] for key, value in script.items()}

    def pick(prompt: str, index: int) -> Reply:
        for key, replies in table.items():
            if key in prompt:
                return Reply.parse(replies[index % len(replies)])
        return fallback

    return pick


def _words(text: str) -> str:
    return " ".join(text.split())


def replay_source(
    rows: Sequence[Mapping[str, Any]], fallback: Reply
) -> Callable[[str, int], Reply]:
    """Recorded samples (the replay schema: ``problem`` and ``answer``, the whole reply with
    its thinking) served for the prompt that holds their problem: sample ``i`` of a request
    is the problem's ``i``-th recorded reply (cycling). Whitespace does not matter."""
    table: dict[str, list[Reply]] = {}
    for row in rows:
        table.setdefault(_words(str(row["problem"])), []).append(Reply.parse(str(row["answer"])))
    # The longest problem first: one problem's text may hold another's.
    keys = sorted(table, key=len, reverse=True)

    def pick(prompt: str, index: int) -> Reply:
        words = _words(prompt)
        for key in keys:
            if key in words:
                replies = table[key]
                return replies[index % len(replies)]
        return fallback

    return pick


def load_replay(path: str) -> list[dict[str, Any]]:
    """The rows of a replay JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tokenize(text: str) -> list[str]:
    """Split into word-piece-sized tokens (up to 4 characters plus leading space)."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    return len(tokenize(text))


Piece = tuple[Literal["reasoning", "content"], str]


def pieces(reply: Reply, layout: Layout, max_tokens: int) -> tuple[list[Piece], str]:
    """The token deltas of one reply in a layout, cut at ``max_tokens``; and the finish reason."""
    out: list[Piece] = []
    if layout in ("reasoning", "reasoning_content"):
        out += [("reasoning", t) for t in tokenize(reply.reasoning)]
        out += [("content", t) for t in tokenize(reply.content)]
    else:
        head = ["<think>", "\n"] if layout == "inline-open" else []
        body = tokenize(reply.reasoning) + ["</think>"] if reply.reasoning else []
        out += [("content", t) for t in head + body + tokenize(reply.content)]
    if len(out) > max_tokens:
        return out[:max_tokens], "length"
    return out, "stop"


def chunk(
    ident: str, model: str, index: int, delta: dict[str, Any], finish: str | None
) -> dict[str, Any]:
    """One ``chat.completion.chunk`` with a single choice, as vLLM sends for ``n > 1``."""
    return {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": index, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


def delta_for(piece: Piece, layout: Layout) -> dict[str, Any]:
    kind, text = piece
    if kind == "reasoning":
        return {layout: text}
    return {"content": text}


def stream_events(
    ident: str,
    model: str,
    replies: Sequence[Reply],
    layout: Layout,
    max_tokens: int,
    usage_for_prompt: int | None = None,
) -> Iterator[tuple[dict[str, Any], int]]:
    """The chunks of ``n`` replies interleaved round-robin; each with its token count (0/1).

    With ``usage_for_prompt`` (``stream_options.include_usage``), a last chunk with no
    choices carries the usage, as vLLM sends it."""
    plans = [pieces(reply, layout, max_tokens) for reply in replies]
    for index in range(len(replies)):
        yield chunk(ident, model, index, {"role": "assistant", "content": ""}, None), 0
    longest = max((len(p) for p, _ in plans), default=0)
    for step in range(longest):
        for index, (plan, _) in enumerate(plans):
            if step < len(plan):
                yield chunk(ident, model, index, delta_for(plan[step], layout), None), 1
    for index, (_, finish) in enumerate(plans):
        yield chunk(ident, model, index, {"content": ""}, finish), 0
    if usage_for_prompt is not None:
        generated = sum(len(plan) for plan, _ in plans)
        last = {**chunk(ident, model, 0, {}, None), "choices": []}
        last["usage"] = {
            "prompt_tokens": usage_for_prompt,
            "completion_tokens": generated,
            "total_tokens": usage_for_prompt + generated,
        }
        yield last, 0


def completion_body(
    ident: str, model: str, replies: Sequence[Reply], layout: Layout, max_tokens: int
) -> dict[str, Any]:
    """The non-streamed ``chat.completion`` for the same replies."""
    choices = []
    for index, reply in enumerate(replies):
        plan, finish = pieces(reply, layout, max_tokens)
        reasoning = "".join(t for k, t in plan if k == "reasoning")
        content = "".join(t for k, t in plan if k == "content")
        message: dict[str, Any] = {"role": "assistant", "content": content or None}
        if layout in ("reasoning", "reasoning_content"):
            message[layout] = reasoning or None
        choices.append(
            {"index": index, "message": message, "logprobs": None, "finish_reason": finish}
        )
    return {
        "id": ident,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": choices,
    }


def sse(data: Mapping[str, Any] | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"data: {text}\n\n".encode()
