"""The README and docs/ keep their promises: a README that fits on a screen, links and images
that exist in the repository, the manual pages DESIGN's layout names, and commands that the
command line accepts as shown."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from mathlsp.cli import build_parser

from tests.support import fake_vllm

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
MANUAL = ("check", "grade", "solve", "editors", "conventions", "benchmarks", "architecture")


def test_readme_fits_on_a_screen() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < 120


@pytest.mark.parametrize("name", MANUAL)
def test_the_manual_pages_exist_and_the_readme_links_them(name: str) -> None:
    page = ROOT / "docs" / f"{name}.md"
    assert page.is_file() and page.read_text(encoding="utf-8").startswith("# ")
    assert f"](docs/{name}.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_relative_links_and_images_exist(page: Path) -> None:
    """A link to a file that is not in the repository (a DESIGN kept elsewhere) is a dead end."""
    text = page.read_text(encoding="utf-8")
    if not (ROOT / "DESIGN.md").exists():
        assert "DESIGN" not in text, f"{page.name} refers to a DESIGN the repository lacks"
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.exists(), f"{page.name} links to {target}, which is not in the repository"
        assert ROOT in path.parents, f"{page.name} links outside the repository: {target}"


def shown_commands(page: Path) -> list[list[str]]:
    """Command lines in ``sh``/``console`` blocks (``$ `` prompts in console ones)."""
    commands: list[list[str]] = []
    for language, body in FENCE.findall(page.read_text(encoding="utf-8")):
        if language not in ("sh", "console"):
            continue
        joined = body.replace("\\\n", " ")
        for line in joined.splitlines():
            if language == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            line = re.sub(r"\s+#\s.*$", "", line).strip().rstrip("&").strip()
            if line:
                commands.append(
                    shlex.split(line.split("|")[-1]) if "|" in line else shlex.split(line)
                )
    return commands


def mathlsp_argv(command: list[str]) -> list[str] | None:
    if command and Path(command[0]).name == "mathlsp":
        return command[1:]
    return None


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_shown_mathlsp_commands_parse(page: Path) -> None:
    """Every `mathlsp ...` line a page shows is accepted by the real argument parser."""
    parser = build_parser()
    for command in shown_commands(page):
        argv = mathlsp_argv(command)
        if argv is not None:
            parser.parse_args(argv)  # SystemExit(2) on an option that does not exist


def test_the_readme_tour_uses_the_venv_and_the_bundled_server() -> None:
    commands = shown_commands(ROOT / "README.md")
    tour = [c for c in commands if c and c[0].startswith(".venv/bin/")]
    assert any(mathlsp_argv(c) == ["check", "samples/homework.md"] for c in tour)
    assert any((mathlsp_argv(c) or [""])[0] == "solve" for c in tour)
    server = next(c for c in tour if c[1:3] == ["-m", "tests.support.fake_vllm"])
    assert server[server.index("--port") + 1] == "8000"  # the default backend URL's port
    fake_vllm_parser_accepts(server[3:])


def fake_vllm_parser_accepts(argv: list[str]) -> None:
    """The bundled server's own parser, without starting it."""
    with pytest.raises(SystemExit) as raised:
        fake_vllm.main([*argv, "--help"])
    assert raised.value.code == 0
