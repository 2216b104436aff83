"""The stored notebooks: one clean run each, widget state saved, no dead controls on the website.

Strict nbval (`pytest --nbval book`) re-runs them and compares outputs; these tests check what nbval
cannot: how the stored outputs were made and what the static website will be able to show.
"""
import json
import os
import re

import pytest

from conftest import BOOK, NOTEBOOKS, ROOT, toc_files
from execute_notebooks import SAME_DIGITS

MAX_MEGABYTES = 5
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/[a-z])")
# Controls that do something only when the browser can change them without Python: on the website
# they must be one end of a jslink, or they are dead.
CONTROLS = {
    "IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "SelectionSliderModel",
    "IntRangeSliderModel", "FloatRangeSliderModel", "SelectionRangeSliderModel", "DropdownModel",
    "ButtonModel", "PlayModel", "ToggleButtonModel", "ToggleButtonsModel", "CheckboxModel",
    "RadioButtonsModel", "TextModel", "IntTextModel", "FloatTextModel", "BoundedIntTextModel",
    "BoundedFloatTextModel", "SelectModel",
}
LINKS = {"LinkModel", "DirectionalLinkModel"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook):
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def widget_state(notebook):
    return notebook["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


def shown_views(notebook):
    """Model ids of the widgets each cell displays, for cells whose output reaches the website."""
    for cell in code_cells(notebook):
        if "remove-output" in cell["metadata"].get("tags", []) or "remove-cell" in cell["metadata"].get("tags", []):
            continue
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                yield view["model_id"]


def references(value):
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        yield value[len("IPY_MODEL_"):]
    elif isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from references(item)


def test_there_are_notebooks_and_all_are_in_the_toc():
    assert NOTEBOOKS, "book/ has no notebooks"
    pages = set(toc_files())
    for path in NOTEBOOKS:
        assert path.relative_to(ROOT).with_suffix("").as_posix() in pages, f"{path.name} is not in _toc.yml"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_come_from_one_clean_run(path):
    notebook = load(path)
    cells = code_cells(notebook)
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"{path.name}: execution counts {counts} are not 1, 2, 3, ...: run `make execute`")
    for number, cell in enumerate(cells, 1):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name} cell [{number}] stores an error"
            assert not MACHINE_PATH.search(json.dumps(output)), f"{path.name} cell [{number}] shows a local path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stays_small(path):
    megabytes = path.stat().st_size / 1e6
    assert megabytes < MAX_MEGABYTES, f"{path.name} is {megabytes:.1f} MB: fewer or smaller precomputed frames"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_shown_widget_has_its_state_saved(path):
    notebook = load(path)
    state = widget_state(notebook)
    for model_id in shown_views(notebook):
        assert model_id in state, f"{path.name}: widget {model_id} has no saved state; it would render as nothing"
        missing = [ref for ref in references(state[model_id]["state"]) if ref not in state]
        assert not missing, f"{path.name}: widget {model_id} refers to models with no saved state: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_dead_controls_on_the_website(path):
    """A control shown on the static page must be driven by a jslink; kernel-only ones are hidden."""
    notebook = load(path)
    state = widget_state(notebook)
    linked = {ref for model in state.values() if model["model_name"] in LINKS
              for ref in references(model["state"])}
    seen, stack = set(), list(shown_views(notebook))
    while stack:
        model_id = stack.pop()
        if model_id in seen or model_id not in state:
            continue
        seen.add(model_id)
        model = state[model_id]
        if model["model_name"] in CONTROLS:
            label = model["state"].get("description") or model["model_name"]
            assert model_id in linked, (
                f"{path.name}: the control {label!r} is shown on the website but needs a kernel; "
                "jslink it to precomputed states, or tag its cell remove-output and say how to make it live")
        stack.extend(references(model["state"]))


def test_intro_page_exists():
    assert (BOOK / "intro.md").exists()


# ---- the live page (live/page.js): which cells go live on their own ----

EXPLORER_CALL = re.compile(r"nnlib\.widgets\.\w+_explorer\(")
CHECK_CALL = re.compile(r"nnlib\.exercises\.check_\w+\(")
CHAPTERS = [path for path in NOTEBOOKS if path.name[:2].isdigit()]


def tagged(notebook, tag):
    return [cell for cell in code_cells(notebook) if tag in cell["metadata"].get("tags", [])]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_explorer_and_exercise_cells_are_tagged_for_the_live_page(path):
    """The live page runs a cell tagged `explorer` as soon as the page is live, and gives each one, and
    each cell tagged `exercise`, a "Make live" button; both run after the setup cell alone."""
    notebook = load(path)
    for cell in code_cells(notebook):
        source, tags = "".join(cell["source"]), cell["metadata"].get("tags", [])
        assert bool(EXPLORER_CALL.search(source)) == ("explorer" in tags), f"{path.name}: {source[:60]!r} {tags}"
        assert bool(CHECK_CALL.search(source)) == ("exercise" in tags), f"{path.name}: {source[:60]!r} {tags}"
    assert len(tagged(notebook, "explorer")) == 1, f"{path.name}: one live explorer per chapter"
    assert tagged(notebook, "exercise"), f"{path.name} has no exercise"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_explorer_and_exercise_cells_run_after_the_setup_cell_alone(path):
    """What the live page does when a reader makes an explorer or an exercise live: the chapter's first
    code cell, then that cell, in a fresh namespace; no error, and the exercise's check answers."""
    from IPython.core.interactiveshell import InteractiveShell

    notebook = load(path)
    setup = "".join(code_cells(notebook)[0]["source"])
    shell = InteractiveShell.instance()
    try:
        for cell in tagged(notebook, "explorer") + tagged(notebook, "exercise"):
            shell.reset(new_session=False)
            for code in (setup, "".join(cell["source"])):
                result = shell.run_cell(code, store_history=False, silent=True)
                assert result.success, f"{path.name}: {code[:80]!r} fails after the setup cell alone: " \
                                       f"{result.error_before_exec or result.error_in_exec!r}"
    finally:
        InteractiveShell.clear_instance()


def test_make_and_the_execute_tool_pin_the_same_digits():
    """`make test` and `make execute` (the Makefile's exports), tools/execute_notebooks.py and the test
    run's kernels all use one BLAS thread and the same OpenBLAS and NumPy kernels: otherwise the chaotic
    runs of chapters 4 and 5 print other digits on another processor, and strict nbval fails there."""
    exported = dict(re.findall(r"^export (\w+) := (.+)$", (ROOT / "Makefile").read_text(), re.M))
    assert SAME_DIGITS == exported, (SAME_DIGITS, exported)
    assert SAME_DIGITS["OPENBLAS_CORETYPE"] == "Haswell" and "X86_V4" in SAME_DIGITS["NPY_DISABLE_CPU_FEATURES"]
    assert all(os.environ[name] == value for name, value in SAME_DIGITS.items())
