"""The Python side of a live chapter page: it runs cells and carries the widgets' messages.

The page's Web Worker runs this file in Pyodide, then calls `start(post, fetch, lazy)`, where
`post(message)` sends one message (a dict) to the page; then `run(cell, code, number)` for each cell
and `comm_msg(...)` for each message from a widget. Everything a cell shows reaches the page so:

    {"type": "stream", "cell": id, "name": "stdout" | "stderr", "text": str}
    {"type": "display", "cell": id, "data": {mime: value}, "metadata": {...}}   (a result, display())
    {"type": "clear", "cell": id, "wait": bool}                                  (clear_output())
    {"type": "error", "cell": id, "ename": str, "evalue": str, "traceback": [str]}
    {"type": "comm_open" | "comm_msg" | "comm_close", "comm_id": str, "data": {...},
     "metadata": {...}, "buffers": [bytes], "target_name": str}                 (ipywidgets)
    {"type": "done", "cell": id, "ok": bool}                                     (after `run`)
    {"type": "idle", "msg_id": str}                                              (after `comm_msg`)

A cell runs in an IPython shell (the one Jupyter uses, so the last expression, display() and
tracebacks look as in JupyterLab) but with no kernel: no ipykernel, no jedi, no history database.
The widgets' comms are the `comm` package's, with `create_comm` and `get_comm_manager` replaced by
ones that talk to the page (the hooks `comm` provides for exactly this).
"""
import base64
import contextlib
import hashlib
import importlib.util
import io
import os
import site
import sys
import zipfile

import comm
from comm.base_comm import BaseComm, CommManager
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.history import HistoryManager
from IPython.core.interactiveshell import InteractiveShell

_post = None          # sends a message to the page; set by start()
_cell = None          # the cell whose outputs are being shown (a comm's callbacks show in its cell)
_comm_cells = {}      # comm id -> the cell that opened it
_pending = None       # printed text not sent yet: [cell, stream name, text]


def _flush():
    global _pending
    if _pending:
        cell, name, text = _pending
        _pending = None
        _post({"type": "stream", "cell": cell, "name": name, "text": text})


def _send(message):
    _flush()
    _post(message)


def _jsonable(data):
    """A display's data as the page can take it: bytes (a PNG) as base64 text."""
    return {key: base64.b64encode(value).decode("ascii") if isinstance(value, (bytes, bytearray)) else value
            for key, value in data.items()}


class _Stream:
    """sys.stdout or sys.stderr while a cell runs: its text goes to the cell a line at a time."""
    encoding = "utf-8"

    def __init__(self, name):
        self.name = name

    def write(self, text):
        global _pending
        if _pending and _pending[:2] != [_cell, self.name]:
            _flush()
        if _pending:
            _pending[2] += text
        elif text:
            _pending = [_cell, self.name, text]
        if "\n" in text or "\r" in text or (_pending and len(_pending[2]) > 8192):
            _flush()
        return len(text)

    def flush(self):
        _flush()

    def isatty(self):
        return False


class _Publisher(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        _send({"type": "display", "cell": _cell, "data": _jsonable(data), "metadata": metadata or {}})

    def clear_output(self, wait=False):
        _send({"type": "clear", "cell": _cell, "wait": wait})


class _ResultHook(DisplayHook):
    """Shows a cell's last expression, as Jupyter's Out[n] (without the prompt)."""

    def start_displayhook(self):
        self.data, self.metadata = {}, {}

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.data, self.metadata = format_dict, md_dict or {}

    def finish_displayhook(self):
        if self.data:
            _send({"type": "display", "cell": _cell, "data": _jsonable(self.data), "metadata": self.metadata})
        self.data, self.metadata = {}, {}


class _NoHistory(HistoryManager):
    def __init__(self, *args, **kwargs):
        self.enabled = False  # no SQLite database in the page
        super().__init__(*args, **kwargs)


class PageShell(InteractiveShell):
    """IPython's shell with its outputs sent to the page."""

    def init_history(self):
        self.history_manager = _NoHistory(shell=self, parent=self)
        self.configurables.append(self.history_manager)

    def enable_gui(self, gui=None):
        pass

    def _showtraceback(self, etype, evalue, stb):
        _send({"type": "error", "cell": _cell, "ename": etype.__name__, "evalue": str(evalue),
               "traceback": list(stb)})


class PageComm(BaseComm):
    """A widget's comm whose messages go to the page's widget manager."""

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        if msg_type == "comm_open":
            _comm_cells[self.comm_id] = _cell
        _send({"type": msg_type, "comm_id": self.comm_id, "data": data or {}, "metadata": metadata or {},
               "buffers": [bytes(b) for b in buffers or []], **{k: v for k, v in keys.items() if v is not None}})


class LazyPackages:
    """Packages of the site that Python does not load as it starts (matplotlib's PDF fonts tool, time
    zones): each is fetched and unpacked on its first import, from the site, checked by its sha256.

    A meta path finder consulted last, when no installed module has the name. `fetch(url)` returns the
    file's bytes at once (the worker's synchronous request). Pure-Python wheels only: a package with
    compiled code needs Pyodide's loader, which the worker runs before each cell for what the cell
    imports itself.
    """

    def __init__(self, fetch, wheels, target=None):
        self.fetch, self.wheels = fetch, dict(wheels)  # import name -> {"url": ..., "sha256": ...}
        self.target = target or site.getsitepackages()[0]

    def find_spec(self, name, path=None, target=None):
        wheel = self.wheels.pop(name, None) if path is None else None
        if wheel is None:
            return None
        data = self.fetch(wheel["url"])
        data = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)
        if hashlib.sha256(data).hexdigest() != wheel["sha256"]:
            raise ImportError(f"{wheel['url']} is not the file the site's lock names: not installing it")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(self.target)
        importlib.invalidate_caches()
        return importlib.util.find_spec(name)


_manager = CommManager()
_shell = None


def start(post, fetch=None, lazy=()):
    """Get ready to run cells, sending every message with `post`; `lazy` are the LazyPackages'
    wheels (import name -> {"url", "sha256"}), fetched with `fetch(url) -> bytes`."""
    global _post, _shell
    _post = post
    # One front end, the page: ipywidgets (imported after this) need not echo each change back to the
    # view that made it; an echo of an older slider value would pull the slider back mid-drag.
    os.environ["JUPYTER_WIDGETS_ECHO"] = "0"
    # Figures that pyplot makes are shown at the end of their cell, as in Jupyter.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if lazy:
        sys.meta_path.append(LazyPackages(fetch, lazy))
    comm.create_comm = lambda *args, **kwargs: PageComm(*args, **kwargs)
    comm.get_comm_manager = lambda: _manager
    _shell = PageShell.instance(displayhook_class=_ResultHook, display_pub_class=_Publisher)
    return _shell


@contextlib.contextmanager
def _showing_in(cell):
    """What runs inside shows in `cell`: its display() calls, results, errors and printed text."""
    global _cell
    _cell = cell
    try:
        with contextlib.redirect_stdout(_Stream("stdout")), contextlib.redirect_stderr(_Stream("stderr")):
            yield
    finally:
        _flush()
        _cell = None


def run(cell, code, number=None):
    """Run one cell's code; its outputs go to the page, then a "done" message. `number` (the cell's
    place on the page) is what its tracebacks call it: "Cell In[12]"."""
    if number is not None:
        _shell.execution_count = number
    with _showing_in(cell):
        ok = _shell.run_cell(code, store_history=True).success  # In[n], Out[n], _ as in Jupyter
    _send({"type": "done", "cell": cell, "ok": ok})
    return ok


def comm_msg(comm_id, data, buffers, msg_id):
    """A message from a widget in the page (a slider moved, a button clicked) to its Python object.

    What its callbacks print, or an error they raise, shows in the cell that made the widget."""
    try:
        with _showing_in(_comm_cells.get(comm_id)):
            target = _manager.comms.get(comm_id)
            try:
                if target is not None:
                    target.handle_msg({"content": {"comm_id": comm_id, "data": data}, "buffers": buffers,
                                       "header": {"msg_id": msg_id, "msg_type": "comm_msg"}, "metadata": {}})
            except Exception:
                _shell.showtraceback()
    finally:
        _send({"type": "idle", "msg_id": msg_id})
