"""nnlib's layers: the maths, the figures, the widgets, the exercises; each imports only the ones before it.

Read from the source (every import statement, at module level or inside a function), so a lazy
import that breaks the layering is caught too; and proved by running the maths with the drawing and
widget packages blocked.
"""
import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "nnlib"
RANKS = {"": 1, "figures": 2, "widgets": 3, "exercises": 4}
"""A module's layer, by its subpackage ('' is nnlib itself: the maths)."""
NAMES = {1: "the maths layer (nnlib/*.py)", 2: "nnlib.figures", 3: "nnlib.widgets", 4: "nnlib.exercises"}
THIRD_PARTY_RANK = {"matplotlib": 2, "PIL": 2, "ipywidgets": 3, "IPython": 3}
"""The first layer that may import each drawing or widget package."""


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module):
    parts = module.split(".")
    return RANKS[parts[1]] if len(parts) > 1 and parts[1] in RANKS else 1


def imports(path):
    """The modules that `path` imports, as absolute names, with the line of each import."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.append((target, node.lineno))
            # `from . import seed` and `from .figures import plots` import submodules too
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def internal_graph():
    graph = {}
    for name, path in MODULES.items():
        targets = {target for target, _ in imports(path) if target in MODULES and target != name}
        graph[name] = targets - {name.rsplit(".", 1)[0]}  # a submodule's own package is not an edge back
    return graph


def find_cycle(graph):
    """One import cycle in `graph` as a list of modules, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_every_layer_is_a_package_that_exists():
    for subpackage in ("figures", "widgets", "exercises"):
        assert f"nnlib.{subpackage}" in MODULES


def test_no_import_cycle_inside_nnlib():
    assert find_cycle(internal_graph()) is None


def test_the_cycle_finder_finds_a_cycle():  # so that the test above could fail
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_only_the_layers_before_its_own(name):
    rank = layer(name)
    wrong = []
    for target, line in imports(MODULES[name]):
        top = target.split(".")[0]
        if target in MODULES and layer(target) > rank and target != "nnlib":
            wrong.append(f"line {line}: {target} ({NAMES[layer(target)]})")
        elif THIRD_PARTY_RANK.get(top, 0) > rank:
            wrong.append(f"line {line}: {target} (first allowed in {NAMES[THIRD_PARTY_RANK[top]]})")
    assert not wrong, f"{name} is in {NAMES[rank]} but imports: " + "; ".join(wrong)


def test_the_maths_works_with_only_numpy():
    """Block matplotlib, PIL, ipywidgets, IPython and scikit-learn; nnlib still builds, trains, checks."""
    script = textwrap.dedent("""
        import importlib.abc, sys
        BLOCKED = {"matplotlib", "PIL", "ipywidgets", "IPython", "sklearn"}

        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{name} is blocked: nnlib's maths must not need it")

        sys.meta_path.insert(0, Block())
        import numpy as np
        import nnlib

        rng = np.random.default_rng(0)
        X, labels = nnlib.data.spirals(60, rng=rng)
        network = nnlib.Network.random([2, 8, 2], ["tanh", "identity"], rng, loss="softmax_cross_entropy")
        history = nnlib.train(network, X, nnlib.one_hot(labels), epochs=30, learning_rate=0.5, rng=rng)
        assert history.loss[-1] < history.loss[0]
        assert nnlib.gradient_check(network, X[:5], nnlib.one_hot(labels[:5], n_classes=2)) < 1e-4
        print(nnlib.seed.seed_forward_network().forward([nnlib.seed.SEED_FORWARD_INPUTS]))
        loaded = sorted({name.split(".")[0] for name in sys.modules} & BLOCKED)
        assert not loaded, loaded
        try:
            nnlib.widgets
        except ImportError as error:
            print("widgets blocked:", error)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "[[30.37543]]" in run.stdout
    assert "widgets blocked" in run.stdout  # the block works: the same import fails for the widget layer
