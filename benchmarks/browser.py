"""How fast the chapters run in a reader's browser: the website's in-browser part (JupyterLite, Pyodide).

The site `make book` built in _build/html is served locally and each chapter opened in headless
Chromium (the system's /usr/bin/chromium, offline: nothing but the local server is reachable), in a
fresh browser context each time, as on a first visit with nothing cached. Measured, per chapter:

- kernel ready: from opening the chapter's address until the Python kernel answers;
- first run-all: running every cell from the top, until the kernel is idle again (this includes loading
  numpy, matplotlib and nnlib on `import nnlib`);
- bytes loaded: every file fetched from the server by then, each counted once, uncompressed as the
  local server sends them, and as a server that gzips text and WebAssembly (most web hosts) would
  send them, estimated by compressing those files (wheels and zips are already compressed);
- chapter 4's digits training: the `seconds` its training cell measures, in Pyodide;
- an explorer update (chapters 1 and 2, whose sliders redraw the figure): from pressing the mouse on a
  slider's handle, to drag it in one move, until the new figure is in the page, by the page's own clock
  (performance.now), `updates` times per chapter.
"""
import contextlib
import functools
import gzip
import http.server
import shutil
import sys
import threading
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lite_browser import FLAGS, LiteChapter  # noqa: E402

SITE = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chapters whose explorer redraws its figure as a slider moves (the others at their next training step).
SLIDER_EXPLORERS = ("01_single_neuron.ipynb", "02_forward_pass.ipynb")
DIGITS_CHAPTER = "04_training.ipynb"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """The site in `folder`, served on 127.0.0.1 while the block runs; yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


def chapters():
    return sorted(path.name for path in (SITE / "lite" / "files").glob("0*.ipynb"))


def gzipped_bytes(chapter):
    """What the files the chapter fetched weigh gzipped (level 6), wheels, zips and fonts as they are."""
    return gzipped_size(chapter.sizes, chapter.base)


def gzipped_size(urls, base):
    """What the site's files at `urls` weigh as a server that gzips sends them (compressed files as
    they are)."""
    total = 0
    for url in urls:
        path = SITE / url.removeprefix(base)
        if path.is_file():
            data = path.read_bytes()
            total += len(data) if path.suffix in {".whl", ".zip", ".png", ".woff", ".woff2"} else len(gzip.compress(data, 6))
    return total


def explorer_updates(chapter, updates):
    """Drag the explorer's first slider `updates` times, right then left; seconds until each new figure."""
    heading = chapter.cell_index(lambda kind, source: kind == "markdown" and "## Live explorer" in source)
    cell = chapter.show_cell(heading + 1, "explorer")
    times = []
    for k in range(updates):
        chapter.figure(cell)  # the figure is in the page
        times.append(chapter.timed_drag(cell, dx=40 if k % 2 == 0 else -40))
    return times


def measure_chapter(browser, base, notebook, updates, log):
    chapter = LiteChapter(browser, base, notebook, timeout=300)
    try:
        ready = chapter.wait_kernel_ready()
        bytes_at_ready = chapter.bytes_loaded
        run_all = chapter.run_all()
        state, errors = chapter.state(), chapter.error_outputs()
        result = {"kernel_ready_seconds": ready, "run_all_seconds": run_all,
                  "bytes_at_kernel_ready": bytes_at_ready, "bytes_after_run_all": chapter.bytes_loaded,
                  "gzipped_bytes_after_run_all": gzipped_bytes(chapter),
                  "reached_last_cell": state["last"] is not None, "errors": [text for _, text in errors][:3]}
        if notebook == DIGITS_CHAPTER:
            result["digits_training_seconds"] = float(chapter.python("print(seconds)").strip())
        if notebook in SLIDER_EXPLORERS:
            result["explorer_update_seconds"] = explorer_updates(chapter, updates)
        if chapter.outside:
            result["errors"].append(f"asked for other hosts: {chapter.outside[:3]}")
        log(f"browser: {notebook}: kernel ready {ready:.1f} s, run-all {run_all:.1f} s, "
            f"{chapter.bytes_loaded / 1e6:.1f} MB")
        return result
    finally:
        chapter.close()


def run(updates, log):
    """Every chapter in the browser; returns the results for results.json."""
    if not (SITE / "lite" / "pyodide" / "pyodide-lock.json").exists():
        return {"skipped": "no in-browser site in _build/html/lite: run `make book` first"}
    if not Path(CHROMIUM).exists():
        return {"skipped": "Chromium is not installed (apt-get install chromium)"}
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        results = {notebook: measure_chapter(browser, base, notebook, updates, log) for notebook in chapters()}
        version = browser.version
        browser.close()
    updates_seen = [t for entry in results.values() for t in entry.get("explorer_update_seconds", [])]
    first = chapters()[0]
    return {"browser": f"Chromium {version}, headless", "chapters": results,
            "explorer_update_median_seconds": median(updates_seen) if updates_seen else None,
            "first_chapter": first, "first_visit_bytes": results[first]["bytes_after_run_all"],
            "first_visit_gzipped_bytes": results[first]["gzipped_bytes_after_run_all"],
            "site_megabytes": {"with_lite": _megabytes(SITE), "lite": _megabytes(SITE / "lite")}}


def _megabytes(folder):
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def table(browser):
    """The browser part of the report."""
    if "skipped" in browser:
        return [f"In the browser: skipped, {browser['skipped']}"]
    lines = [f"In the browser ({browser['browser']}, first visit, served locally): each chapter of _build/html/lite",
             f"{'chapter':26}{'kernel ready':>13}{'first run-all':>15}{'loaded: at ready, after':>25}"
             f"{'explorer update':>17}  notes"]
    for notebook, entry in browser["chapters"].items():
        update = entry.get("explorer_update_seconds")
        update = f"{median(update) * 1e3:.0f} ms" if update else "-"
        notes = [] if entry["reached_last_cell"] else ["did not reach the last cell"]
        if "digits_training_seconds" in entry:
            notes.append(f"digits training {entry['digits_training_seconds']:.1f} s")
        notes += entry["errors"]
        lines.append(f"{notebook:26}{entry['kernel_ready_seconds']:11.1f} s{entry['run_all_seconds']:13.1f} s"
                     f"{entry['bytes_at_kernel_ready'] / 1e6:14.1f} MB{entry['bytes_after_run_all'] / 1e6:6.1f} MB"
                     f"{update:>17}  {'; '.join(notes)}")
    sizes = browser["site_megabytes"]
    lines.append(f"Site size: {sizes['with_lite']:.0f} MB, of which the in-browser part {sizes['lite']:.0f} MB "
                 f"({sizes['with_lite'] - sizes['lite']:.0f} MB without it)")
    return lines
