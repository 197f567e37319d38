"""Generated homework drafts for the performance test (and anyone who wants a big draft)."""

from __future__ import annotations


def markdown_draft(problems: int) -> str:
    """A Markdown draft of ``problems`` problems, about six lines each, English and Chinese."""
    parts = ["# Generated homework\n"]
    for n in range(1, problems + 1):
        if n % 2:
            parts.append(
                f"**Problem {n}.** Solve $x^2 - {n + 1}x + {n} = 0$ for 😀 real $x$.\n\n"
                f"$$x^2 - {n + 1}x + {n} = (x - 1)(x - {n}) = 0$$\n\n"
                f"**Answer:** $x = 1$ or $x = {n}$\n"
            )
        else:
            parts.append(
                f"例 {n}：计算 $\\int_0^{n} x\\,dx$，价格 $5 和 $6 不是公式，`$code$` 也不是。\n\n"
                "\\begin{align}\n"
                f"\\int_0^{n} x\\,dx &= \\frac{{{n}^2}}{{2}} \\\\\n"
                f"&= {n * n / 2}\n"
                "\\end{align}\n\n"
                f"答案：$\\frac{{{n * n}}}{{2}}$\n"
            )
    return "\n".join(parts)
