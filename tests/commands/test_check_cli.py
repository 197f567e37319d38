"""`mathlsp check`: exit codes, text and JSON output, folder discovery, unreadable files, and
the golden run over samples/ (every planted mistake at its line, nothing else flagged)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mathlsp.cli import main
from mathlsp.commands.check import discover

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "samples.json"
TEXT_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (error|warning|information|hint) \[(false-equation|invalid-step|answer-mismatch|unverified)\] \S.*$"
)

WRONG = "A slip: $\\log_2 8 = 4$.\n"
RIGHT = "Fine: $2^{10} = 1024$.\n"


def run_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.md": RIGHT}, 0),
        ({"a.md": WRONG}, 1),
        ({"a.md": RIGHT, "b.tex": "\\[ 3! = 9 \\]\n"}, 1),
        ({"a.md": WRONG, "b.md": b"\x89PNG\r\n\x1a\n\x00\x00binary"}, 2),
        ({"a.md": RIGHT, "b.md": b"caf\xe9 $1 = 1$"}, 2),
    ],
    ids=["clean", "false-claim", "latex-error", "binary-file", "not-utf8"],
)
def test_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes], expected: int
) -> None:
    for name, content in files.items():
        target = tmp_path / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out, err = run_check(capsys, str(tmp_path))
    assert code == expected
    assert "mathlsp: " in err and " in " in err.splitlines()[-1]  # the summary line
    if expected == 2:
        assert f"{tmp_path / 'b.md'}:" in err  # the bad file is named
    if "a.md" in files and files["a.md"] == WRONG:
        assert f"{tmp_path / 'a.md'}:1:" in out  # other files are still reported


def test_missing_path_is_exit_2_and_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(WRONG)
    code, out, err = run_check(capsys, str(tmp_path / "a.md"), str(tmp_path / "nope.md"))
    assert code == 2
    assert "nope.md: no such file or folder" in err
    assert "[false-equation]" in out


@pytest.mark.parametrize(
    "argv",
    [[], ["--format", "xml", "x.md"], ["--time-limit", "0", "x.md"], ["--jobs", "zero", "x.md"]],
    ids=["no-paths", "bad-format", "zero-time-limit", "bad-jobs"],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["check", *argv])
    assert raised.value.code == 2


@pytest.mark.parametrize(
    "files",
    [{}, {"notes.txt": RIGHT, "draft.docx": "x"}],
    ids=["empty-folder", "no-notes-in-folder"],
)
def test_folder_without_notes_says_so_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    empty, other = tmp_path / "empty", tmp_path / "other"
    empty.mkdir()
    other.mkdir()
    (other / "a.md").write_text(WRONG)
    for name, content in files.items():
        (empty / name).write_text(content)
    code, out, err = run_check(capsys, str(empty), str(other))
    assert code == 2
    assert f"{empty}: no .md, .markdown or .tex files in this folder" in err
    assert f"{other / 'a.md'}:1:" in out  # the other folder is still checked


UTF16_NOTE = "Problem 1. 例 $3! = 9$.\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + UTF16_NOTE.encode("utf-16-le"),
        b"\xfe\xff" + UTF16_NOTE.encode("utf-16-be"),
        UTF16_NOTE.encode("utf-32"),
        b"\xef\xbb\xbf" + UTF16_NOTE.encode("utf-8"),
    ],
    ids=["utf16-le-bom", "utf16-be-bom", "utf32-bom", "utf8-bom"],
)
def test_marked_unicode_files_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    (tmp_path / "a.md").write_bytes(data)
    code, out, err = run_check(capsys, str(tmp_path / "a.md"))
    assert code == 1, err
    assert f"{tmp_path / 'a.md'}:1:15: error [false-equation]" in out  # the BOM is not a column


@pytest.mark.parametrize(
    ("codec", "label"),
    [("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE")],
    ids=["le", "be"],
)
def test_unmarked_utf16_is_named_not_called_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str, label: str
) -> None:
    (tmp_path / "a.md").write_bytes(UTF16_NOTE.encode(codec))
    code, _, err = run_check(capsys, str(tmp_path / "a.md"))
    assert code == 2
    assert f"a.md: {label} text without a byte-order mark (save it as UTF-8)" in err
    assert "binary" not in err


def test_summary_counts_files_with_math(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("# Samples\n\nRun `make demo`; see `\\log_2 8 = 4`.\n")
    (tmp_path / "a.md").write_text(RIGHT)
    code, _, err = run_check(capsys, str(tmp_path))
    assert code == 0
    assert err.splitlines()[-1].startswith("mathlsp: 2 files, 1 with math, 0 problems, 1 check:")


def test_closed_stdout_is_quiet_exit_141(tmp_path: Path) -> None:
    """`mathlsp check ... | head`: no BrokenPipeError traceback when the reader is gone."""
    (tmp_path / "a.md").write_text(WRONG * 50)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mathlsp", "check", "--format", "json", str(tmp_path)],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_text_output_is_compiler_style_with_utf16_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("# Notes\n\n🙂🙂 $1 = 2$\n", encoding="utf-8")
    code, out, _ = run_check(capsys, str(tmp_path / "a.md"), "--jobs", "1")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1 and TEXT_LINE.match(lines[0])
    match = TEXT_LINE.match(lines[0])
    assert match is not None
    # two emoji are four UTF-16 units: `$` is unit 5 and `1` unit 6 (0-based), not 3 or 4
    assert (match["line"], match["col"]) in {("3", "6"), ("3", "7")}


def test_json_output_follows_the_cli_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("Problem 1. Compute $2 + 3$.\n\nAnswer: $6$\n\nAlso $3! = 9$.\n")
    code, out, _ = run_check(capsys, str(tmp_path), "--format", "json", "--time-limit", "5")
    records = json.loads(out)
    assert code == 1 and len(records) == 2
    for record in records:
        assert {
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "severity",
            "code",
            "message",
        } <= set(record)
        assert record["file"] == str(tmp_path / "a.md")
        assert all(
            isinstance(record[k], int) and record[k] >= 1
            for k in ("line", "column", "end_line", "end_column")
        )
        assert (record["end_line"], record["end_column"]) > (record["line"], record["column"])
        assert record["severity"] == "error"
    assert [(r["line"], r["code"]) for r in records] == [
        (3, "answer-mismatch"),
        (5, "false-equation"),
    ]


def test_folders_recurse_into_notes_and_skip_hidden_and_node_modules(tmp_path: Path) -> None:
    for name in (
        "a.md",
        "b.markdown",
        "c.tex",
        "d.txt",
        ".e.md",
        "sub/f.md",
        ".git/g.md",
        "node_modules/h.md",
        "sub/.cache/i.tex",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RIGHT)
    files, errors = discover([str(tmp_path), str(tmp_path / "d.txt"), str(tmp_path / "a.md")])
    names = [os.path.relpath(path, tmp_path) for _, path in files]
    assert names == ["a.md", "b.markdown", "c.tex", os.path.join("sub", "f.md"), "d.txt"]
    assert errors == []


def test_stats_line_counts_every_planned_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text("$2^{10} = 1024$ and $2^{10} = 1024$, and $3! = 9$.\n")
    (tmp_path / "b.md").write_text(RIGHT)
    code, _, err = run_check(capsys, "--stats", str(tmp_path))
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("mathlsp: stats ")]
    assert len(lines) == 1
    stats = json.loads(lines[0].removeprefix("mathlsp: stats "))
    files = {Path(f["file"]).name: f for f in stats["files"]}
    assert files["a.md"]["checks_planned"] == 3  # the repeated claim counts twice in the plan
    assert files["b.md"]["checks_planned"] == 1
    assert stats["checks_planned"] == 4 and stats["checks_timed_out"] == 0
    assert stats["checks_run"] == 2  # equal content is judged once across files
    _, _, plain = run_check(capsys, str(tmp_path))
    assert "stats" not in plain


def test_hostile_notes_run_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "evil.md").write_text(
        f"Problem 1. Compute $__import__('os').system('touch {marker}') = 0$.\n\n"
        f"Answer: $__import__('os').system('touch {marker}')$\n\n"
        "$$\\input{/etc/passwd} = 1$$\n\n$\\include{/etc/shadow}$\n"
    )
    (tmp_path / "evil.tex").write_text(
        "\\input{/etc/passwd}\n\\begin{align*} x &= \\input{/etc/passwd} \\\\ &= 2 \\end{align*}\n"
    )
    code, out, err = run_check(capsys, str(tmp_path))
    assert code in (0, 1)
    assert not marker.exists()
    assert "root:" not in out + err


def expected_from_readme() -> list[tuple[str, int, str, str]]:
    row = re.compile(
        r"^\| `(?P<file>[^`]+)` \| (?P<line>\d+) \| `(?P<code>[a-z-]+)` \| (?P<severity>error|warning) \|",
        re.M,
    )
    text = (ROOT / "samples" / "README.md").read_text(encoding="utf-8")
    return [
        (f"samples/{m['file']}", int(m["line"]), m["code"], m["severity"])
        for m in row.finditer(text)
    ]


def test_samples_readme_table_matches_the_golden_file() -> None:
    golden = [
        (g["file"], g["line"], g["code"], g["severity"]) for g in json.loads(GOLDEN.read_text())
    ]
    assert expected_from_readme() == golden
    assert {file for file, *_ in golden} == {
        "samples/homework.md",
        "samples/problem-set.tex",
        "samples/zuoye.md",
    }


def test_golden_samples() -> None:
    """The real command on samples/: exactly the planted mistakes, at error or warning."""
    result = subprocess.run(
        [sys.executable, "-m", "mathlsp", "check", "samples/", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    records = json.loads(result.stdout)
    flagged = sorted(
        (r["file"], r["line"], r["code"], r["severity"])
        for r in records
        if r["severity"] in ("error", "warning")
    )
    golden = sorted(
        (g["file"], g["line"], g["code"], g["severity"]) for g in json.loads(GOLDEN.read_text())
    )
    assert flagged == golden
