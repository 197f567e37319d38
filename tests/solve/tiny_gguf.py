"""Writes a tiny random-weight llama GGUF with a byte-level BPE vocabulary and a ChatML template.

No weights can be downloaded here, so the test against a server the project did not write
(llama-cpp-python) serves this: it tests the wire (streaming, model discovery, truncation,
errors), never answers. Runs under the interpreter that has ``gguf`` and ``numpy``:

    python -m tests.solve.tiny_gguf OUT.gguf
"""

from __future__ import annotations

import sys
from typing import Any

CHATML = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
DIM, FF, HEADS, LAYERS, CONTEXT = 64, 128, 2, 1, 2048


def byte_tokens() -> list[str]:
    """GPT-2's printable stand-ins for the 256 bytes (what byte-level BPE vocabularies hold)."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1)]
    keep += range(ord("®"), ord("ÿ") + 1)
    table, extra = {}, 0
    for byte in range(256):
        if byte in keep:
            table[byte] = chr(byte)
        else:
            table[byte] = chr(256 + extra)
            extra += 1
    return [table[b] for b in range(256)]


def write(path: str) -> None:
    import gguf
    import numpy as np

    rng = np.random.default_rng(0)
    tokens = [*byte_tokens(), "Ġt", "<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    types = [gguf.TokenType.NORMAL] * 257 + [gguf.TokenType.CONTROL] * 3
    vocab = len(tokens)
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(DIM)
    writer.add_block_count(LAYERS)
    writer.add_feed_forward_length(FF)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(HEADS)
    writer.add_rope_dimension_count(DIM // HEADS)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("gpt-2")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(["Ġ t"])
    writer.add_bos_token_id(vocab - 3)
    writer.add_eos_token_id(vocab - 1)
    writer.add_chat_template(CHATML)

    def weight(*shape: int) -> Any:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    writer.add_tensor("token_embd.weight", weight(vocab, DIM))
    writer.add_tensor("output_norm.weight", np.ones(DIM, dtype=np.float32))
    # large logits for the byte tokens and 0 for the three control tokens: the reply never
    # ends by itself, so it runs into max_tokens (what the tests want)
    output = rng.standard_normal((vocab, DIM)).astype(np.float32)
    output[-3:] = 0.0
    writer.add_tensor("output.weight", output)
    for layer in range(LAYERS):
        name = f"blk.{layer}"
        writer.add_tensor(f"{name}.attn_norm.weight", np.ones(DIM, dtype=np.float32))
        for part in ("q", "k", "v", "output"):
            writer.add_tensor(f"{name}.attn_{part}.weight", weight(DIM, DIM))
        writer.add_tensor(f"{name}.ffn_norm.weight", np.ones(DIM, dtype=np.float32))
        writer.add_tensor(f"{name}.ffn_gate.weight", weight(FF, DIM))
        writer.add_tensor(f"{name}.ffn_up.weight", weight(FF, DIM))
        writer.add_tensor(f"{name}.ffn_down.weight", weight(DIM, FF))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    write(sys.argv[1])
