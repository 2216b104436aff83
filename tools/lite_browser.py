"""Drive one chapter of the website's in-browser part (JupyterLite) in headless Chromium, offline.

Used by tests/test_lite.py and the browser benchmarks (benchmarks/browser.py). A chapter is opened in a
fresh browser context, as on a reader's first visit; every request to a host other than the local
server is aborted (and recorded), and Chromium cannot resolve any other host name either. The notebook
is read through `window.jupyterapp` (the site sets exposeAppInBrowser), the controls are moved with the
mouse, as a reader does.
"""
import time

import widget_drive

# Chromium as the tests and benchmarks start it: the system's browser, no background traffic, and no
# host name but the local server's resolvable.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# Written to stderr by a chapter and expected: matplotlib's first import in a fresh Pyodide.
BENIGN_STDERR = ("Matplotlib is building the font cache",)

_NOTEBOOK = "window.jupyterapp.shell.currentWidget"
# An explorer's figure: an <img> in an HTML widget (with alt text), or an ipywidgets Image.
FIGURE = ".widget-html-content img, img.widget-image"
_STATE = f"""() => {{
    const panel = {_NOTEBOOK};
    const code = panel.content.widgets.filter(c => c.model.type === 'code');
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return {{status: kernel ? kernel.status : 'none',
             last: code[code.length - 1].model.executionCount,
             pending: code.some(c => c.promptNode && c.promptNode.textContent.includes('*')),
             error: code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'))}};
}}"""


class Offline:
    """A browser context cut off from everything but the local server at `base`: what its pages fetched
    (each file once, with its size), what failed, and what they asked of other hosts (refused).
    Requests whose address contains one of `block` fail, as if the file were missing."""

    def __init__(self, context, base, block=()):
        self.base, self.blocked = base, list(block)
        self.outside, self.failed, self.sizes = [], [], {}
        context.route("**/*", self._route)
        context.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if any(part in url for part in self.blocked):
            route.abort()
        elif url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):  # the browser's own ask
            self.failed.append(f"{response.status} {response.url}")
        elif response.url.startswith(self.base):
            length = response.headers.get("content-length")
            self.sizes[response.url.split("?")[0]] = int(length) if length else 0


class LiteChapter:
    """One chapter opened in the in-browser site; `base` is the local server's address."""

    def __init__(self, browser, base, notebook, timeout=120):
        self.base, self.notebook, self.timeout = base, notebook, timeout
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        offline = Offline(self.context, base)
        self.outside, self.failed, self.sizes, self.errors = offline.outside, offline.failed, offline.sizes, []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.opened = time.perf_counter()
        self.page.goto(f"{base}lite/notebooks/index.html?path={notebook}")

    @property
    def bytes_loaded(self):
        """Bytes of every file the page fetched from the server, each counted once."""
        return sum(self.sizes.values())

    def wait_kernel_ready(self):
        """Seconds from opening the page until the Pyodide kernel answers (its info reply)."""
        self.page.wait_for_function(f"window.jupyterapp && {_NOTEBOOK} && {_NOTEBOOK}.sessionContext",
                                    timeout=self.timeout * 1000)
        self.page.evaluate(f"""async () => {{ const s = {_NOTEBOOK}.sessionContext;
            await s.ready; await s.session.kernel.info; }}""")
        return time.perf_counter() - self.opened

    def state(self):
        return self.page.evaluate(_STATE)

    def run_all(self):
        """Run every cell from the top; returns the seconds until the kernel is idle again.

        Stops early if a cell fails (JupyterLab then skips the rest): check `state()["last"]`."""
        start = time.perf_counter()
        self.page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.page.wait_for_timeout(300)
        while time.perf_counter() - start < self.timeout:
            state = self.state()
            if state["status"] == "idle" and not state["pending"] and (state["last"] is not None or state["error"]):
                return time.perf_counter() - start
            self.page.wait_for_timeout(200)
        raise TimeoutError(f"{self.notebook}: run-all still busy after {self.timeout} s: {self.state()}")

    def code_cells(self):
        """[(index among all cells, source, outputs)] for each code cell."""
        return self.page.evaluate(f"""() => {_NOTEBOOK}.content.widgets.map((c, i) => [i, c.model.type,
            c.model.sharedModel.getSource(), c.model.outputs ? c.model.outputs.toJSON() : []])
            .filter(c => c[1] === 'code').map(c => [c[0], c[2], c[3]])""")

    def error_outputs(self):
        """Each error output, and each stderr message that is not expected, as (cell index, text)."""
        found = []
        for index, _, outputs in self.code_cells():
            for output in outputs:
                if output["output_type"] == "error":
                    found.append((index, f"{output['ename']}: {output['evalue']}"))
                elif output["output_type"] == "stream" and output["name"] == "stderr":
                    text = "".join(output["text"])
                    if not text.strip().startswith(BENIGN_STDERR):
                        found.append((index, text))
        return found

    def cell_index(self, predicate):
        """The index of the first cell (any type) whose (type, source) satisfies the predicate."""
        cells = self.page.evaluate(f"""() => {_NOTEBOOK}.content.widgets.map(c =>
            [c.model.type, c.model.sharedModel.getSource()])""")
        return next(i for i, (kind, source) in enumerate(cells) if predicate(kind, source))

    def show_cell(self, index, name):
        """Scroll cell `index` into view (JupyterLab renders only cells near the view), tag it with
        data-nnlib-test=name and return a locator for it."""
        self.page.evaluate(f"""async () => {{ const nb = {_NOTEBOOK}.content;
            nb.activeCellIndex = {index}; await nb.scrollToItem({index}, 'start');
            nb.widgets[{index}].node.dataset.nnlibTest = '{name}'; }}""")
        cell = self.page.locator(f"[data-nnlib-test='{name}']")
        cell.scroll_into_view_if_needed()
        return cell

    def figure(self, cell):
        """The src of the explorer's figure (a new blob: address each time it is redrawn)."""
        image = cell.locator(FIGURE).first
        image.wait_for(timeout=self.timeout * 1000)
        return image.get_attribute("src")

    def drag_first_slider(self, cell, dx=60, steps=4):
        """Drag the cell's first slider handle `dx` pixels with the mouse, in `steps` moves; returns its
        readout before and after."""
        return widget_drive.drag(self.page, cell.locator(".widget-slider").first, dx, steps)

    def timed_drag(self, cell, dx):
        """Drag the cell's first slider `dx` pixels in one move; seconds, by the page's own clock, from the
        mouse button going down on the handle to the new figure being in the page."""
        return widget_drive.timed_drag(self.page, cell, FIGURE, dx, self.timeout)

    def wait_figure_change(self, cell, old, timeout=None):
        """Seconds until the figure's src differs from `old`."""
        return widget_drive.wait_figure_change(self.page, cell, FIGURE, old, timeout or self.timeout)

    def run_cell_with(self, index, source):
        """Replace cell `index`'s code with `source`, run it, and return its output text as shown."""
        cell = self.show_cell(index, f"cell-{index}")
        self.page.evaluate(f"""async (source) => {{ const nb = {_NOTEBOOK}.content;
            nb.widgets[{index}].model.sharedModel.setSource(source); nb.activeCellIndex = {index};
            await window.jupyterapp.commands.execute('notebook:run-cell'); }}""", source)
        start = time.perf_counter()
        while time.perf_counter() - start < self.timeout:
            state = self.state()
            if state["status"] == "idle" and not state["pending"]:
                break
            self.page.wait_for_timeout(100)
        return cell.locator(".jp-OutputArea").inner_text()

    def python(self, code):
        """Run `code` in the chapter's kernel, outside any cell; returns what it printed."""
        return self.page.evaluate(f"""async (code) => {{
            const kernel = {_NOTEBOOK}.sessionContext.session.kernel; let out = '';
            const future = kernel.requestExecute({{code, store_history: false}});
            future.onIOPub = msg => {{ if (msg.header.msg_type === 'stream') out += msg.content.text;
                                      if (msg.header.msg_type === 'error') out += msg.content.ename + ': ' + msg.content.evalue; }};
            await future.done; return out; }}""", code)

    def close(self):
        self.context.close()
