"""Shared paths, the list of course notebooks, a fixture that skips rasterising in widget tests, and the
built website with a browser to open it in."""
import functools
import http.server
import os
import shutil
import struct
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from execute_notebooks import SAME_DIGITS  # noqa: E402

# Before NumPy is first imported (OpenBLAS reads it as it loads), and inherited by nbval's kernels: the same
# digits as the stored outputs on any processor, also when pytest is run without `make test`, which sets
# the same (the Makefile says why).
os.environ.update(SAME_DIGITS)

import pytest  # noqa: E402
import yaml  # noqa: E402
BOOK = ROOT / "book"


def toc_files() -> list[str]:
    """Every page of the book, as a path without suffix relative to the root, in reading order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            for part in entry.get("chapters", []):
                walk([part])

    walk(toc.get("chapters", []))
    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return files


NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))


FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 4, 4) + b" fake "
"""The first bytes of a 4x4 PNG: enough for an explorer's <img> (its size is read from them)."""


@pytest.fixture
def quick_png(monkeypatch):
    """Skip rasterising in tests that check numbers and artists over many updates (speed)."""
    import nnlib.widgets.explorer as explorer_module
    count = iter(range(10**6))
    monkeypatch.setattr(explorer_module, "figure_to_png", lambda fig: FAKE_PNG + b"%d" % next(count))


# ---- the website, built once per test run, served locally, and Chromium (test_site.py, test_lite.py) ----

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
from lite_browser import FLAGS  # noqa: E402  (Chromium's flags: no background traffic, no host but 127.0.0.1)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; WebAssembly with its own type, so the browser can compile it as it streams."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    if not (ROOT / "_assets" / "npm" / "embed-amd.js").exists():
        pytest.fail("The site's JavaScript is missing from _assets/npm: run `make vendor`")
    out = tmp_path_factory.mktemp("site")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--path-output", str(out),
                             "-W", "-n", "--keep-going"], capture_output=True, text=True)
    return result, out / "_build" / "html"


@pytest.fixture(scope="session")
def site(build):
    result, html = build
    if result.returncode != 0:
        pytest.fail(f"jupyter-book build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")  # Playwright's sync API runs an asyncio loop: stop it with this module
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; the browser test is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed: `apt-get install chromium` to run the browser test")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
