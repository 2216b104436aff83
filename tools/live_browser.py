"""Drive a live chapter page of the website (Python in the page, live/) in headless Chromium, offline.

Used by tests/test_live.py and the browser benchmarks (benchmarks/browser.py). A Browsing is one
reader's browser (a fresh context: an empty cache, as on a first visit); its pages share its cache and
storage. Every request to a host other than the local server is aborted and recorded, and Chromium
cannot resolve any other host name either (lite_browser.FLAGS). Controls are moved with the mouse, as a
reader does; the page's state is read through `window.nnlibLive` (live/page.js).
"""
import time

import widget_drive
from lite_browser import FLAGS, Offline  # noqa: F401  (FLAGS: the tests and benchmarks start Chromium with it)

# A live explorer's figure: an <img> in an HTML widget, in the cell's live output.
FIGURE = ".nnlib-live-output .widget-html-content img"


class Browsing:
    """A browser context (one reader's browser: cache and storage) on the site at `base`, offline:
    what its pages fetched, what failed, what was refused. Requests whose address contains one of
    `block` fail, as if the file were missing."""

    def __init__(self, browser, base, viewport=(1366, 768), block=(), storage=None):
        self.base = base
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        offline = Offline(self.context, base, block)
        self.outside, self.failed, self.sizes = offline.outside, offline.failed, offline.sizes
        if storage:  # localStorage set before the pages' scripts run (e.g. the auto-start switch)
            self.context.add_init_script(
                "".join(f"localStorage.setItem({k!r}, {v!r});" for k, v in storage.items()))

    def open(self, name, timeout=120):
        return LivePage(self, name, timeout)

    def close(self):
        self.context.close()


class LivePage:
    """One chapter page (`name`, e.g. "01_single_neuron") opened in a Browsing."""

    def __init__(self, browsing, name, timeout=120):
        self.browsing, self.name, self.timeout = browsing, name, timeout
        self.errors = []
        self.page = browsing.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.goto(f"{browsing.base}book/{name}.html", wait_until="load")
        self.page.wait_for_function("window.nnlibLive !== undefined", timeout=15000)

    def _console(self, message):
        text = message.text
        if message.type == "error" and "invalid theme mode" not in text and "favicon.ico" not in str(message.location):
            self.errors.append(text)

    @property
    def sizes(self):
        return self.browsing.sizes

    def bytes_loaded(self):
        """Bytes of every file fetched in this browser so far, each counted once."""
        return sum(self.sizes.values())

    def pyodide_bytes(self):
        """Bytes fetched of Python's files (the site's lite/pyodide/)."""
        return sum(size for url, size in self.sizes.items() if "/lite/pyodide/" in url)

    # ---- going live ----

    def cell(self, index):
        """The page's code cell `index` (0 is the setup cell), as a locator."""
        return self.page.locator("main .cell").nth(index)

    def cells_tagged(self, tag):
        return self.page.evaluate(f"window.nnlibLive.cells.filter(c => c.tags.includes('{tag}')).map(c => c.index)")

    def go_live(self, button=None):
        """Click "Make this page live" (or `button`, a locator) and wait until Python is ready and the
        explorers have run; returns the seconds since the click."""
        start = time.perf_counter()
        (button or self.page.get_by_role("button", name="Make this page live")).click()
        self.wait_live()
        return time.perf_counter() - start

    def wait_live(self):
        self.page.wait_for_function("document.documentElement.classList.contains('nnlib-live')",
                                    timeout=self.timeout * 1000)
        self.page.evaluate("window.nnlibLive.live")

    def status(self):
        return self.page.inner_text(".nnlib-live-status")

    def message(self):
        return self.page.inner_text(".nnlib-live-message")

    # ---- cells ----

    def set_code(self, index, code):
        """Replace cell `index`'s code in its editor (as typing would: the edit is saved)."""
        self.page.evaluate("([i, code]) => window.nnlibLive.cells[i].editor.setText(code)", [index, code])

    def code(self, index):
        return self.page.evaluate("i => window.nnlibLive.cells[i].code()", index)

    def run(self, index):
        """Press the cell's Run button and wait until it has run; returns (seconds, its output text)."""
        cell = self.cell(index)
        cell.scroll_into_view_if_needed()
        start = time.perf_counter()
        cell.get_by_role("button", name=f"Run cell {index + 1} (Shift+Enter)").click()
        self.wait_idle(index)
        return time.perf_counter() - start, self.output(index)

    def wait_idle(self, index):
        self.page.wait_for_function("i => { const c = window.nnlibLive.cells[i]; return c.run && !c.run.disabled; }",
                                    arg=index, timeout=self.timeout * 1000)

    def output(self, index):
        return self.page.evaluate("i => { const o = window.nnlibLive.cells[i].liveOutput; return o ? o.innerText : ''; }", index)

    def cell_status(self, index):
        return self.page.evaluate("i => window.nnlibLive.cells[i].status.textContent", index)

    # ---- explorers ----

    def figure(self, index):
        image = self.cell(index).locator(FIGURE).first
        image.wait_for(timeout=self.timeout * 1000)
        return image.get_attribute("src")

    def wait_figure_change(self, index, old, timeout=None):
        """Seconds until cell `index`'s explorer figure differs from `old`."""
        return widget_drive.wait_figure_change(self.page, self.cell(index), FIGURE, old, timeout or self.timeout)

    def drag_slider(self, index, dx=60, steps=4, which=0):
        """Drag slider `which` of cell `index` by `dx` pixels with the mouse; its readout before, after."""
        slider = self.cell(index).locator(".nnlib-live-output .widget-slider").nth(which)
        return widget_drive.drag(self.page, slider, dx, steps)

    def timed_drag(self, index, dx):
        """Drag the first slider of cell `index` in one move; seconds by the page's clock from the mouse
        button going down to the new figure in the page."""
        return widget_drive.timed_drag(self.page, self.cell(index), FIGURE, dx, self.timeout)

    def close(self):
        self.page.close()
