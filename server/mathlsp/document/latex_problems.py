"""LaTeX problems: top-level ``\\item``s of an enumerate, the problem/exercise/question
environments, sections titled like problems (``\\section*{Problem 3}``) and paragraphs that
start with a marker (``\\textbf{Problem 3.}``). Each runs to the next problem, the end of its
list, a section of the same or higher level, or ``\\end{document}``."""

from __future__ import annotations

from mathlsp.document.latex import SECTIONS
from mathlsp.document.problems import Skeleton, marker, rstrip_end
from mathlsp.document.scan import Event, LineKind, Scan

ENVIRONMENTS = ("problem", "exercise", "question")


def latex_problems(scan: Scan, starts: list[int]) -> list[Skeleton]:
    finder = _Finder(scan)
    events = sorted([*scan.events, *_paragraph_markers(scan, starts)], key=lambda e: e.start)
    for event in events:
        finder.feed(event)
    for kind in list(finder.open):
        finder.close(kind, len(scan.text))
    return finder.found


def _paragraph_markers(scan: Scan, starts: list[int]) -> list[Event]:
    text = scan.text
    found: list[Event] = []
    for line, kind in enumerate(scan.line_kinds):
        if kind is not LineKind.TEXT:
            continue
        start = starts[line]
        end = text.find("\n", start)
        matched = marker(text, start, len(text) if end < 0 else end, heading=False)
        if matched is not None:
            found.append(Event("para", "", start, matched[1], matched[0]))
    return found


class _Finder:
    def __init__(self, scan: Scan) -> None:
        self.text = scan.text
        self.found: list[Skeleton] = []
        self.open: dict[str, Skeleton] = {}  # 'item' | 'env' | 'para' | 'section'
        self.lists = 0  # enumerate depth
        self.environments = 0  # problem-environment depth
        self.items = 0
        self.counters: dict[str, int] = {}

    def start(self, kind: str, skeleton: Skeleton) -> None:
        self.open[kind] = skeleton
        self.found.append(skeleton)

    def close(self, kind: str, at: int) -> None:
        skeleton = self.open.pop(kind, None)
        if skeleton is not None:
            skeleton.end = rstrip_end(self.text, skeleton.start, at)
            skeleton.stop = min(skeleton.stop, skeleton.end)

    def close_all(self, at: int, *, keep_section: bool = False) -> None:
        for kind in list(self.open):
            if not (keep_section and kind == "section"):
                self.close(kind, at)

    def feed(self, event: Event) -> None:
        n = len(self.text)
        kind, name = event.kind, event.name
        if kind == "begin" and name == "enumerate":
            self.lists += 1
            self.items = 0 if self.lists == 1 else self.items
        elif kind == "end" and name == "enumerate":
            self.lists = max(0, self.lists - 1)
            if self.lists == 0:
                self.close("item", event.start)
        elif kind == "item":
            inside = self.environments or "para" in self.open or "section" in self.open
            if self.lists == 1 and not inside:
                self.close("item", event.start)
                self.items += 1
                label = f"\\item {event.label or self.items}"
                self.start("item", Skeleton(label, event.start, event.end, n, 0, n, False))
        elif kind == "begin" and name in ENVIRONMENTS:
            self.close_all(event.start)
            self.environments += 1
            self.counters[name] = self.counters.get(name, 0) + 1
            label = f"{name.capitalize()} {self.counters[name]}"
            label += f" ({event.label})" if event.label else ""
            self.start("env", Skeleton(label, event.start, event.end, n, 0, n, True))
        elif kind == "end" and name in ENVIRONMENTS:
            self.environments = max(0, self.environments - 1)
            if "env" in self.open:
                self.open["env"].stop = event.start
        elif kind == "section":
            self.section(event)
        elif kind == "end" and name == "document":
            self.close_all(event.start)
        elif kind == "para" and not self.lists and not self.environments:
            self.close_all(event.start)
            self.start("para", Skeleton(event.label, event.start, event.end, n, 0, n, False))

    def section(self, event: Event) -> None:
        level = SECTIONS.get(event.name, 1)
        current = self.open.get("section")
        self.close_all(event.start, keep_section=current is not None and current.level < level)
        if event.label_start < 0:
            return
        title = marker(self.text, event.label_start, event.end - 1, heading=True)
        if title is not None:
            self.close("section", event.start)
            n = len(self.text)
            self.start("section", Skeleton(title[0], event.start, event.end, n, level, n, True))
