"""The notebooks as a learner reads them in JupyterLab (what Binder and `make lab` give): MyST renders
(jupyterlab-myst), so Solutions are folded and no directive shows as raw text, and a live explorer's
figure is shown at its own size, its controls and figure on a 1366x768 screen together.

Starts `jupyter lab` from this environment on 127.0.0.1 (a temporary folder, settings and token of its
own) and drives it with headless Chromium, every other host blocked. Skips without Chromium, except in
CI (CI=true), like the site test.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BOOK

TOKEN = "course-test"
SCREEN = {"width": 1366, "height": 768}
EXPLORERS = ["neuron_explorer", "network_explorer", "backprop_explorer", "training_explorer", "optimizer_explorer"]


def explorer_notebook(call):
    cell = {"cell_type": "code", "id": "explorer", "execution_count": None, "metadata": {}, "outputs": [],
            "source": f"import nnlib.widgets\n{call}"}
    return {"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of chapter 1 and an explorer notebook."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(BOOK / "01_single_neuron.ipynb", root)
    (root / "explorer.ipynb").write_text(json.dumps(explorer_notebook("nnlib.widgets.backprop_explorer()")))
    every = ("from IPython.display import display\n"
             f"for name in {EXPLORERS}:\n    display(getattr(nnlib.widgets, name)())")
    (root / "explorers.ipynb").write_text(json.dumps(explorer_notebook(every)))
    # Every cell rendered, not only those on screen (JupyterLab's default windowing), so all can be checked.
    settings = root / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"),
               JUPYTER_CONFIG_DIR=str(root / ".config"), OPENBLAS_NUM_THREADS="1")
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
               "--allow-root", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"jupyter lab stopped:\n{(root / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        else:
            pytest.fail(f"jupyter lab did not start:\n{(root / 'lab.log').read_text()[-3000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(20)
        log.close()


def open_notebook(browser, base, name):
    page = browser.new_page(viewport=SCREEN)
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith((base, "ws://127.0.0.1", "data:", "blob:")) else route.abort())
    page.goto(f"{base}/lab/tree/{name}?reset&token={TOKEN}")  # reset: no tabs left from another test
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
    return page


def test_myst_renders_solutions_folded(lab, browser):
    source = json.loads((BOOK / "01_single_neuron.ipynb").read_text())
    dropdowns = sum(":class: dropdown" in "".join(cell["source"]) for cell in source["cells"]
                    if cell["cell_type"] == "markdown")
    page = open_notebook(browser, lab, "01_single_neuron.ipynb")
    page.wait_for_function(f"document.querySelectorAll('.jp-MarkdownCell details.dropdown').length >= {dropdowns}",
                           timeout=60000)
    raw = page.evaluate("[...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst')]"
                        ".map(e => e.innerText).filter(t => t.includes(':::') || t.includes('```{'))")
    folded = page.evaluate("[...document.querySelectorAll('.jp-MarkdownCell details.dropdown')]"
                           ".map(d => [d.querySelector('summary').innerText.trim(), d.open])")
    page.close()
    assert dropdowns >= 3 and not raw, f"MyST shows as raw text in JupyterLab: {raw[:2]}"
    assert folded == [["Solution", False]] * dropdowns, folded


def test_explorer_figure_at_its_own_size_next_to_its_controls(lab, browser):
    page = open_notebook(browser, lab, "explorer.ipynb")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90000)  # the kernel is up
    page.locator(".jp-Cell .jp-InputArea-editor:visible").first.click()
    page.keyboard.press("Shift+Enter")
    figure = page.locator(".jp-OutputArea-output .jupyter-widgets img:visible").first
    figure.wait_for(timeout=90000)
    page.wait_for_function("[...document.querySelectorAll('.jp-OutputArea-output img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    size = figure.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth, i.alt]")
    step = page.get_by_role("button", name="Step")
    step.scroll_into_view_if_needed()
    top, bottom = step.bounding_box()["y"], figure.bounding_box()["y"] + figure.bounding_box()["height"]
    page.close()
    assert abs(size[0] - size[1]) <= 1, f"the figure is {size[0]} px wide on screen for {size[1]} px of image"
    assert "network" in size[2] and "loss" in size[2], f"the figure's alt text: {size[2]!r}"
    assert bottom - top <= SCREEN["height"] - 150, f"Step and the bottom of its figure are {bottom - top} px apart"


def test_no_explorer_label_is_cut_short(lab, browser):
    page = open_notebook(browser, lab, "explorers.ipynb")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90000)
    page.locator(".jp-Cell .jp-InputArea-editor:visible").first.click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets img').length >= "
                           f"{len(EXPLORERS)}", timeout=120000)
    cut = page.evaluate("""[...document.querySelectorAll('.jp-OutputArea-output .widget-label, '
        + '.jp-OutputArea-output .widget-readout, .jp-OutputArea-output button')]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.trim())""")
    page.close()
    assert not cut, f"labels cut short in JupyterLab (text wider than its box): {cut}"
