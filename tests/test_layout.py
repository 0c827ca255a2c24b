"""The package's layout rules: stages import only downward, other stages only through their face.

Stages, lowest first (docs/architecture.md): the root modules (about, errors, rules, records,
fields, progress), then extract, segment, store, sites, parse, link, review, crawl, batch, evaluation, cli.
A module may import its own stage's modules and the faces (``noticeparse.<stage>``)
of lower stages, at module level or inside a function alike.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "noticeparse"
ROOT_MODULES = ("about", "errors", "rules", "records", "fields", "progress", "settings")
STAGES = ("extract", "segment", "store", "sites", "parse", "link", "review", "crawl", "batch", "evaluation", "cli")
RANK = {name: 0 for name in ROOT_MODULES} | {name: i + 1 for i, name in enumerate(STAGES)}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` of every import of a noticeparse module in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "noticeparse":  # a submodule, or a name of the package face
                found += [(node.lineno, f"noticeparse.{a.name}") for a in node.names
                          if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").exists()]
            elif node.module.startswith("noticeparse."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("noticeparse.")]
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_stage() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in (*ROOT_MODULES, "__init__")]
    assert not loose, f"modules outside the stage folders: {loose}"
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(STAGES)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_go_down_through_faces(path: Path) -> None:
    me = _module_name(path)
    my_stage = _stage(me)
    if my_stage is None:  # the package face: lazy re-exports only
        return
    wrong = []
    for line, target in _imports(path):
        stage = _stage(target)
        if stage is None or stage == my_stage:
            continue
        if RANK.get(stage, -1) > RANK[my_stage] or (RANK[my_stage] > 0 and RANK[stage] == RANK[my_stage]):
            wrong.append(f"line {line}: {target} (upward or sideways from {my_stage})")
        elif stage in STAGES and target != f"noticeparse.{stage}":
            wrong.append(f"line {line}: {target} (import the face noticeparse.{stage})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle_between_modules() -> None:
    graph = {_module_name(p): {t for _l, t in _imports(p)} for p in MODULES}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph or nxt == node:
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt):] if nxt in trail else trail
                raise AssertionError(f"import circle: {' -> '.join([*cycle, nxt])}")
            if not state.get(nxt):
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if not state.get(module):
            visit(module, [module])


TESTS = PACKAGE.parents[1] / "tests"
# the tests of no one module: golden files, the quality gate, this file, properties of the whole parse
# (spans, linear time), the seed's hand counts, and the README's and examples' own commands
TOP_LEVEL = {"test_golden.py", "test_gate.py", "test_layout.py", "test_properties.py", "test_linearity.py",
             "test_seed.py", "test_readme.py", "test_readme_queries.py", "test_examples.py"}


def _modules(folder: str) -> list[str]:
    if folder == "package":
        return list(ROOT_MODULES)
    return [p.stem for p in (PACKAGE / folder).glob("*.py") if p.stem != "__init__"]


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_tests_mirror_the_house(path: Path) -> None:
    """``tests/<stage>/test_<module>[_<aspect>].py`` (the package's top-level modules under ``tests/package``); a few at the top."""
    parts = path.relative_to(TESTS).parts
    if len(parts) == 1:
        assert parts[0] in TOP_LEVEL, f"{parts[0]}: move it to tests/<stage>/test_<module>.py"
        return
    assert len(parts) == 2 and parts[0] in {"package", *STAGES}, f"{'/'.join(parts)}: tests/<stage>/test_<module>.py"
    name = path.stem.removeprefix("test_")
    assert any(name == m or name.startswith(f"{m}_") for m in _modules(parts[0])), (
        f"{'/'.join(parts)} names no module of {parts[0]}: {sorted(_modules(parts[0]))}")
