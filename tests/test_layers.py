"""The apps' imports run one way, and no modules import each other in a circle.

The layers, from the bottom: ``base`` (users, organisations, roles and permissions, the change history) →
``strategy`` → ``opportunities`` → ``partnership`` → ``dashboard``. A module may import its own layer and those
below it, never one above: when a lower page must show something of a higher layer, the higher one provides it (a
template tag, a registry filled at start-up). ``bagsvaerd`` (the project) and ``bench`` may import anything;
nothing imports them. Every import counts, also one inside a function. Read from the source with ``ast``: nothing is
imported here.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("base", "strategy", "opportunities", "partnership", "dashboard")
PROJECT_PACKAGES = (*LAYERS, "bagsvaerd", "bench")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports: for ``from a.b import c`` the module ``a.b.c`` if there is one,
    else ``a.b``."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_no_app_imports_an_app_above_its_own():
    wrong = []
    for module, imported in sorted(_graph().items()):
        layer = module.split(".")[0]
        for target in sorted(imported):
            target_layer = target.split(".")[0]
            if (target_layer in ("bagsvaerd", "bench") and layer not in ("bagsvaerd", "bench")) or (
                layer in LAYERS and target_layer in LAYERS and LAYERS.index(target_layer) > LAYERS.index(layer)
            ):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_modules_import_each_other_in_a_circle():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not cycles, "modules that import each other in a circle:\n" + "\n".join(cycles)


def test_the_check_counts_imports_inside_functions_and_relative_ones(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "from .models import Thing\n\n\ndef view():\n"
        "    from partnership.selectors import x\n"
        "    import strategy.charts\n"
    )
    known = {"opportunities.views", "opportunities.models", "partnership.selectors", "strategy", "strategy.charts"}
    assert _imports("opportunities.views", source, known) == {
        "opportunities.models",
        "partnership.selectors",
        "strategy.charts",
    }
