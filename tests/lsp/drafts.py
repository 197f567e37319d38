"""Small drafts the end-to-end tests open (the samples/ folder is covered separately)."""

from __future__ import annotations

MARKDOWN = """# Homework

Problem 1. Solve $x + 1 = 3$ for $x$.

Answer: $x = 5$

Problem 2. Compute $\\int_0^1 x^2\\,dx$.

$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$

Notes: clearly $1 + 1 = 2$, but 中文 $2 + 2 = 5$ is wrong.
"""

LATEX = r"""\documentclass{article}
\begin{document}
\begin{enumerate}
\item Solve $x + 1 = 3$ for $x$.

Answer: $x = 5$
\end{enumerate}

Clearly $1 + 1 = 2$, but $2 + 2 = 5$ is wrong.
\end{document}
"""

MD_URI = "file:///tmp/mathlsp-tests/homework.md"
TEX_URI = "file:///tmp/mathlsp-tests/homework.tex"
