"""The package's layout, read from the imports with ``ast`` (DESIGN, "Layout";
``docs/architecture.md``): imports run one way, nothing crosses a "never", no import circle,
and an import inside a function says why it is there."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "server" / "mathlsp"

# Top-level parts of the package that a part must never import.
NEVER: dict[str, frozenset[str]] = {
    "document": frozenset({"check", "lsp", "solve", "commands", "cli"}),
    "check": frozenset({"solve", "lsp", "commands", "cli"}),
    "solve": frozenset({"lsp", "commands", "cli"}),
}
PROTOCOL = ("pygls", "lsprotocol")  # only lsp/ (and the serve command) may import these
# The wings of check/ by level: a wing imports only wings of a lower level (and the shared
# types beside the wings, level 0); wings of one level never import each other.
WING_LEVEL = {"read": 1, "context": 2, "answers": 2, "judge": 3, "engine": 4}
SHARED = frozenset({"diagnostics", "verdict", "numeric"})
LAZY_WORDS = ("lazily", "start-up", "slow import")


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted ("mathlsp.check.judge.spans")
    target: str  # imported module, dotted
    line: int
    in_function: bool
    type_only: bool  # under ``if TYPE_CHECKING:``
    comment: str  # the import's line, the lines above it, and the module's docstring


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(source: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path) -> Iterator[Import]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    source = module_name(path)
    tree = ast.parse(text)
    docstring = " ".join((ast.get_docstring(tree) or "").split())
    module_says_lazy = "heavy imports happen" in docstring.lower() or (
        "imported inside ``run``" in docstring
    )

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            function = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            typing_block = type_only or (
                isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
            )
            if isinstance(child, ast.Import | ast.ImportFrom):
                comment = "\n".join(lines[max(0, child.lineno - 5) : child.lineno])
                comment += "\nlazily" if module_says_lazy else ""
                if isinstance(child, ast.Import):
                    targets = [alias.name for alias in child.names]
                else:
                    module = _resolve(source, child, path.name == "__init__.py")
                    # ``from mathlsp.lsp import hover`` imports the module ``mathlsp.lsp.hover``
                    targets = [
                        f"{module}.{alias.name}"
                        if (PACKAGE.parent / module.replace(".", "/") / alias.name).exists()
                        or (PACKAGE.parent / module.replace(".", "/") / f"{alias.name}.py").exists()
                        else module
                        for alias in child.names
                    ]
                for target in targets:
                    yield Import(source, target, child.lineno, in_function, type_only, comment)
            yield from visit(child, function, typing_block)

    yield from visit(tree, False, False)


def all_imports() -> list[Import]:
    return [found for path in sorted(PACKAGE.rglob("*.py")) for found in imports_of(path)]


def _part(module: str, depth: int) -> str | None:
    parts = module.split(".")
    return parts[depth] if len(parts) > depth and parts[0] == "mathlsp" else None


def violations(imports: list[Import]) -> list[str]:
    """Every import that runs against the layout, as ``source:line -> target (why)``."""
    found: list[str] = []
    for item in imports:
        where = f"{item.source}:{item.line} -> {item.target}"
        top, target_top = _part(item.source, 1), _part(item.target, 1)
        if top in NEVER and target_top in NEVER[top]:
            found.append(f"{where} ({top}/ never imports {target_top}/)")
        if item.target.split(".")[0] in PROTOCOL and top not in ("lsp", "commands"):
            found.append(f"{where} (only lsp/ speaks the protocol)")
        if top == "check" and target_top == "check":
            wing, target_wing = _part(item.source, 2), _part(item.target, 2)
            if wing in WING_LEVEL and target_wing in WING_LEVEL and wing != target_wing:
                if WING_LEVEL[target_wing] >= WING_LEVEL[wing]:
                    found.append(f"{where} ({wing}/ must not import {target_wing}/)")
            if (wing in SHARED or wing is None) and target_wing in WING_LEVEL:
                found.append(f"{where} (shared types import no wing)")
        if top == "lsp" and target_top == "lsp":
            name, target_name = _part(item.source, 2), _part(item.target, 2)
            if target_name == "server" and name != "server":
                found.append(f"{where} (features import the state, never the wiring)")
            if name == "state" and target_name not in (
                None,
                "state",
                "convert",
                "debounce",
                "protocol",
            ):
                found.append(f"{where} (the shared state imports no feature)")
        if item.in_function and item.target.startswith("mathlsp"):
            if not any(word in item.comment.lower() for word in LAZY_WORDS):
                found.append(f"{where} (an import inside a function needs a comment saying why)")
    return found


def cycles(imports: list[Import]) -> list[list[str]]:
    """Import circles among module-level imports (the ones that run at import time)."""
    graph: dict[str, set[str]] = {}
    for item in imports:
        if item.in_function or item.type_only or not item.target.startswith("mathlsp"):
            continue
        graph.setdefault(item.source, set()).add(item.target)
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    return found


def test_imports_follow_the_layout() -> None:
    assert violations(all_imports()) == []


def test_no_import_circles() -> None:
    assert cycles(all_imports()) == []


def test_no_module_outside_a_wing_but_the_shared_types() -> None:
    loose = {
        path.stem
        for path in (PACKAGE / "check").glob("*.py")
        if path.stem != "__init__" and path.stem not in SHARED
    }
    assert loose == set()
    wings = {path.name for path in (PACKAGE / "check").iterdir() if path.is_dir()}
    assert wings - {"__pycache__"} == set(WING_LEVEL)


@pytest.mark.parametrize("wing", sorted(WING_LEVEL))
def test_each_wing_says_what_it_owns_and_may_import(wing: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / "check" / wing / "__init__.py").read_text()))
    assert (
        doc is not None
        and "May import" in doc
        and "Must not" in doc.replace("must not", "Must not")
    )


def _fake(source: str, target: str, *, in_function: bool = False, comment: str = "") -> Import:
    return Import(source, target, 1, in_function, False, comment)


@pytest.mark.parametrize(
    ("source", "target", "in_function", "comment"),
    [
        ("mathlsp.check.read.parse", "mathlsp.check.judge.claims", False, ""),  # reversed
        ("mathlsp.check.answers.compare", "mathlsp.check.context.scope", False, ""),  # siblings
        ("mathlsp.check.judge.spans", "mathlsp.check.engine.plan", False, ""),  # up to engine
        ("mathlsp.check.numeric", "mathlsp.check.read.parse", False, ""),  # shared into a wing
        ("mathlsp.document.render", "mathlsp.solve.types", False, ""),
        ("mathlsp.check.engine.checker", "mathlsp.lsp.state", False, ""),
        ("mathlsp.solve.solver", "mathlsp.commands.solve", False, ""),
        ("mathlsp.check.judge.spans", "pygls.server", False, ""),
        ("mathlsp.lsp.hover", "mathlsp.lsp.server", False, ""),
        ("mathlsp.lsp.state", "mathlsp.lsp.hover", False, ""),
        ("mathlsp.check.judge.entry", "mathlsp.check.judge.spans", True, "def f():"),
    ],
)
def test_a_reversed_or_hidden_import_is_caught(
    source: str, target: str, in_function: bool, comment: str
) -> None:
    assert violations([_fake(source, target, in_function=in_function, comment=comment)])


def test_the_allowed_direction_passes() -> None:
    allowed = [
        _fake("mathlsp.check.engine.plan", "mathlsp.check.judge.entry"),
        _fake("mathlsp.check.judge.spans", "mathlsp.check.read.parse"),
        _fake("mathlsp.check.judge.problem_check", "mathlsp.check.answers.equivalence"),
        _fake("mathlsp.check.answers.leaves", "mathlsp.check.read.parse"),
        _fake("mathlsp.check.read.parse", "mathlsp.check.numeric"),
        _fake("mathlsp.solve.types", "mathlsp.document.render"),
        _fake("mathlsp.lsp.hover", "mathlsp.lsp.state"),
        _fake(
            "mathlsp.check.judge.entry",
            "mathlsp.check.judge.spans",
            in_function=True,
            comment="    # lazily: workers only",
        ),
    ]
    assert violations(allowed) == []


def test_a_circle_is_found() -> None:
    circle = [_fake("mathlsp.a", "mathlsp.b"), _fake("mathlsp.b", "mathlsp.a")]
    assert cycles(circle) == [["mathlsp.a", "mathlsp.b", "mathlsp.a"]]
