"""Headless Neovim with editor-client/nvim against the real server.

Runs ``nvim_e2e.lua`` in ``nvim --headless -u NONE`` with ``python -m mathlsp serve``: the
plugin attaches, diagnostics arrive and are shown, hover answers on a false and a true claim,
``settings`` reach the server, :MathlspCheck checks again, :MathlspSolve inserts a
``mathlsp:solution`` comment from the fake OpenAI-compatible backend and :MathlspCancel stops
one. Debian's ``nvim`` (0.7.2: start_client, pushed diagnostics) always; a newer one as well
(vim.lsp.start, pulled diagnostics) when ``MATHLSP_EXTRA_NVIM`` names it or .ci/run installed
it under /opt/mathlsp-ci/nvim-next.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.editors.common import ANSWER, ROOT, SLOW_ANSWER

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(
    NVIM is None, reason="nvim is not installed (Debian: apt-get install neovim; .ci/run does it)"
)
EXTRA_NVIM = os.environ.get("MATHLSP_EXTRA_NVIM") or "/opt/mathlsp-ci/nvim-next/bin/nvim"


def version_of(nvim: str) -> str:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    return first.split()[1] if first.startswith("NVIM ") else "unknown"


NVIMS = [n for n in (NVIM, EXTRA_NVIM) if n and Path(n).is_file() and os.access(n, os.X_OK)]
ALL_NVIMS = pytest.mark.parametrize("nvim", NVIMS, ids=[f"nvim-{version_of(n)}" for n in NVIMS])
FIXTURES = Path(__file__).parent / "fixtures"
FALSE_CLAIM = r"\int_0^1 x^2\,dx = \frac{1}{2}"
TRUE_CLAIM = "2 + 3 = 5"
TIMEOUT_MS = 90_000


def position_of(text: str, needle: str) -> tuple[int, int]:
    """(line, UTF-16 character) of the middle of ``needle``'s first occurrence."""
    offset = text.index(needle) + len(needle) // 2
    before = text[:offset]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    return line, len(column.encode("utf-16-le")) // 2


def run_nvim(
    nvim: str | None,
    tmp_path: Path,
    file: Path,
    *,
    hovers: list[tuple[int, int]] | None = None,
    solve: tuple[int, int] | None = None,
    settings: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    out = tmp_path / "nvim-result.json"
    environment = {
        **os.environ,
        **(env or {}),
        "MATHLSP_NVIM_PLUGIN": str(ROOT / "editor-client" / "nvim"),
        "MATHLSP_NVIM_FILE": str(file),
        "MATHLSP_NVIM_CMD": json.dumps([sys.executable, "-m", "mathlsp", "serve"]),
        "MATHLSP_NVIM_HOVERS": json.dumps(hovers or []),
        "MATHLSP_NVIM_SOLVE": json.dumps(solve) if solve else "",
        "MATHLSP_NVIM_SETTINGS": json.dumps(settings) if settings else "",
        "MATHLSP_NVIM_TIMEOUT_MS": str(TIMEOUT_MS),
        "MATHLSP_NVIM_OUT": str(out),
    }
    nvim = nvim or NVIM
    assert nvim is not None
    completed = subprocess.run(
        [
            nvim,
            "--headless",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-S",
            str(Path(__file__).parent / "nvim_e2e.lua"),
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_MS / 1000 * 3,
    )
    assert out.exists(), f"nvim wrote no result (exit {completed.returncode}): {completed.stderr}"
    result: dict[str, Any] = json.loads(out.read_text())
    assert completed.returncode == 0, f"nvim run failed: {result.get('error')} {result}"
    return result


def codes_on_line(result: dict[str, Any], line: int) -> list[str]:
    return [d.get("code") for d in result["diagnostics"] if d["range"]["start"]["line"] == line]


def errors_shown(result: dict[str, Any]) -> list[str]:
    return [
        m["message"]
        for m in result["messages"]
        if m["method"] == "window/showMessage" and m["type"] == 1
    ]


@pytest.mark.parametrize(
    ("name", "filetype"),
    [("draft.md", "markdown"), ("draft.tex", "tex")],
    ids=["markdown", "latex"],
)
@ALL_NVIMS
def test_diagnostics_and_hover(nvim: str, tmp_path: Path, name: str, filetype: str) -> None:
    file = tmp_path / name
    file.write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = file.read_text(encoding="utf-8")
    false_at, true_at = position_of(text, FALSE_CLAIM), position_of(text, TRUE_CLAIM)

    result = run_nvim(
        nvim, tmp_path, file, hovers=[false_at, true_at], env={"MATHLSP_NVIM_RECHECK": "1"}
    )

    assert result["filetype"] == filetype
    assert {"MathlspSolve", "MathlspCheck"} <= set(result["commands"])
    assert errors_shown(result) == []
    assert "false-equation" in codes_on_line(result, false_at[0]), result["diagnostics"]
    assert codes_on_line(result, true_at[0]) == []
    assert result["shown"] == len(result["diagnostics"])  # vim.diagnostic has them all
    false_hover, true_hover = (entry.get("text") or "" for entry in result["hovers"])
    assert "✗" in false_hover and "✓" not in false_hover, false_hover
    assert "✓" in true_hover and "✗" not in true_hover, true_hover
    assert result["recheck"]["diagnostics"] == result["diagnostics"]  # :MathlspCheck


@ALL_NVIMS
def test_settings_reach_the_server(nvim: str, tmp_path: Path) -> None:
    file = tmp_path / "draft.md"
    file.write_text((FIXTURES / "draft.md").read_text(encoding="utf-8"), encoding="utf-8")

    result = run_nvim(
        nvim,
        tmp_path,
        file,
        settings={"mathlsp": {"checkEnabled": False}},
        env={"MATHLSP_NVIM_SETTLE_MS": "3000"},
    )

    assert result["diagnostics"] == []
    logged = [m["message"] for m in result["messages"]]
    assert any("check_enabled=False" in message for message in logged), logged


@ALL_NVIMS
def test_solve_inserts_solution(nvim: str, tmp_path: Path, fake_backend: str) -> None:
    file = tmp_path / "draft.md"
    original = (FIXTURES / "draft.md").read_text(encoding="utf-8")
    file.write_text(original, encoding="utf-8")
    problem = position_of(original, "Problem 2. Solve")

    result = run_nvim(nvim, tmp_path, file, solve=problem, env={"MATHLSP_BASE_URL": fake_backend})

    solved = result["solve"]
    assert solved["started"] and solved["done"], solved
    assert not any(m["type"] == 1 for m in result["messages"]), result["messages"]
    text: str = solved["text"]
    assert "<!-- mathlsp:solution" in text, text
    assert f"answer: \\boxed{{{ANSWER}}}" in text
    assert text.index("mathlsp:solution") > text.index("Problem 2. Solve")
    kept = [line for line in original.splitlines() if line]
    assert [line for line in text.splitlines() if line in kept] == kept  # user text untouched


def test_cancel_stops_the_solve(tmp_path: Path, slow_backend: str) -> None:
    file = tmp_path / "draft.md"
    original = (FIXTURES / "draft.md").read_text(encoding="utf-8")
    file.write_text(original, encoding="utf-8")
    problem = position_of(original, "Problem 2. Solve")

    result = run_nvim(
        None,
        tmp_path,
        file,
        solve=problem,
        env={"MATHLSP_BASE_URL": slow_backend, "MATHLSP_NVIM_CANCEL": "1"},
    )

    assert "tokens" in (result.get("progress_before_cancel") or ""), result
    solved = result["solve"]
    assert solved["started"] and solved["done"], solved
    assert solved["text"].rstrip("\n") == original.rstrip("\n")  # nothing inserted
    assert f"\\boxed{{{SLOW_ANSWER}}}" not in solved["text"]
    assert any("cancelled" in m["message"] for m in result["messages"]), result["messages"]


SAMPLES = sorted(
    p for p in (ROOT / "samples").glob("*") if p.suffix in {".md", ".tex"} and p.name != "README.md"
)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_get_diagnostics(tmp_path: Path, sample: Path) -> None:
    result = run_nvim(None, tmp_path, sample)

    assert errors_shown(result) == []
    assert result["diagnostics"], "every sample has planted mistakes"
    assert result["shown"] == len(result["diagnostics"])
