"""Paths and constants shared by the editor tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "editor-client" / "vscode"
ANSWER = "3"  # what the fake backend answers in the solve tests
SLOW_ANSWER = "7"  # what the slow fake backend answers (a solve that gets cancelled)
