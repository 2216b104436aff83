"""The live page's Python side (live/kernel.py), here in CPython: the messages a cell's run sends to the
page, the widgets' comms both ways, and the packages loaded on first import. In the browser the same
file runs in Pyodide (tests/test_live.py)."""
import hashlib
import importlib.util
import io
import re
import sys
import zipfile

import comm
import pytest
from ipywidgets.widgets import widget as widget_module

from conftest import ROOT


@pytest.fixture
def kernel(monkeypatch):
    """kernel.py, started with a list as the page; whatever it replaces is put back afterwards."""
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setattr(comm, "create_comm", comm.create_comm)
    monkeypatch.setattr(comm, "get_comm_manager", comm.get_comm_manager)
    monkeypatch.setenv("JUPYTER_WIDGETS_ECHO", "0")
    monkeypatch.setenv("MPLBACKEND", "agg")
    monkeypatch.setattr(widget_module, "JUPYTER_WIDGETS_ECHO", False)  # ipywidgets read it when imported
    spec = importlib.util.spec_from_file_location("nnlib_live_kernel", ROOT / "live" / "kernel.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sent = []
    module.start(sent.append)
    yield module, sent
    module.PageShell.clear_instance()


def of(sent, kind, cell=None):
    return [m for m in sent if m["type"] == kind and (cell is None or m.get("cell") == cell)]


def test_a_cell_prints_shows_its_last_value_and_says_done(kernel):
    module, sent = kernel
    assert module.run("c1", "print('hello')\nx = 6 * 7\nx", number=3)
    assert "".join(m["text"] for m in of(sent, "stream", "c1")) == "hello\n"
    [result] = of(sent, "display", "c1")
    assert result["data"]["text/plain"] == "42"
    assert of(sent, "done") == [{"type": "done", "cell": "c1", "ok": True}]
    assert module.run("c2", "x + 1;")  # a trailing ; shows nothing, as in Jupyter
    assert not of(sent, "display", "c2")


def test_an_error_sends_its_traceback_with_the_cells_number(kernel):
    module, sent = kernel
    assert not module.run("c5", "def f(x):\n    return 1 / x\n\nf(0)", number=12)
    [error] = of(sent, "error", "c5")
    assert error["ename"] == "ZeroDivisionError" and error["evalue"] == "division by zero"
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(error["traceback"]))  # without its colours
    assert "In[12]" in text and "return 1 / x" in text
    assert of(sent, "done", "c5")[0]["ok"] is False


def test_rich_outputs_go_as_their_mime_types(kernel):
    module, sent = kernel
    module.run("c1", "import nnlib\nnnlib.exercises.check_sigmoid_neuron(None)")
    [shown] = of(sent, "display", "c1")
    assert "Not answered yet" in shown["data"]["text/html"]
    module.run("c2", "from nnlib.figures import plots\nfig = plots.new_figure((2, 1))\nfig.gca().set_title('t')\nfig")
    [figure] = of(sent, "display", "c2")
    png = figure["data"]["image/png"]
    assert isinstance(png, str) and png.startswith("iVBORw0KGgo")  # base64 of a PNG
    assert figure["metadata"]["image/png"]["alt"].startswith("Figure")
    module.run("c3", "from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))")
    assert of(sent, "display", "c3")[0]["data"]["text/html"] == "<b>x</b>"


def test_a_widget_opens_its_comm_and_a_change_from_the_page_reaches_its_callbacks(kernel):
    module, sent = kernel
    module.run("c7", "import ipywidgets\nseen = []\nslider = ipywidgets.IntSlider(3)\n"
                     "slider.observe(lambda change: print('now', change['new']), 'value')\nslider")
    opened = of(sent, "comm_open")
    assert opened and all(m["target_name"] == "jupyter.widget" for m in opened)
    [view] = of(sent, "display", "c7")
    model_id = view["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert model_id in [m["comm_id"] for m in opened]
    sent.clear()
    module.comm_msg(model_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []}, [], "m1")
    assert module._shell.user_ns["slider"].value == 5
    assert "".join(m["text"] for m in of(sent, "stream", "c7")) == "now 5\n"  # in the widget's own cell
    assert sent[-1] == {"type": "idle", "msg_id": "m1"}
    module.run("c8", "slider.value = 9")
    [update] = [m for m in of(sent, "comm_msg") if m["comm_id"] == model_id]
    assert update["data"]["method"] == "update" and update["data"]["state"] == {"value": 9}


def test_a_failing_widget_callback_shows_its_error_in_the_widgets_cell(kernel):
    module, sent = kernel
    module.run("c2", "import ipywidgets\nb = ipywidgets.Button()\nb.on_click(lambda b: 1 / 0)\nb")
    model_id = of(sent, "display", "c2")[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    sent.clear()
    module.comm_msg(model_id, {"method": "custom", "content": {"event": "click"}}, [], "m2")
    errors = of(sent, "error", "c2") + [m for m in of(sent, "stream", "c2") if "ZeroDivisionError" in m["text"]]
    assert errors, sent
    assert sent[-1]["type"] == "idle"


def wheel(tmp_path, name="lazydemo"):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(f"{name}/__init__.py", "ANSWER = 42\n")
    return data.getvalue()


def test_a_lazy_package_is_fetched_checked_and_unpacked_on_its_first_import(kernel, tmp_path, monkeypatch):
    module, _ = kernel
    data, asked = wheel(tmp_path), []
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = module.LazyPackages(lambda url: asked.append(url) or data,
                                 {"lazydemo": {"url": "lite/pyodide/lazydemo.whl",
                                               "sha256": hashlib.sha256(data).hexdigest()}}, target=tmp_path)
    sys.meta_path.append(finder)
    try:
        import lazydemo
        assert lazydemo.ANSWER == 42 and asked == ["lite/pyodide/lazydemo.whl"]
        assert (tmp_path / "lazydemo" / "__init__.py").exists()
    finally:
        sys.modules.pop("lazydemo", None)


def test_a_lazy_package_whose_file_is_not_the_locks_is_refused(kernel, tmp_path, monkeypatch):
    module, _ = kernel
    monkeypatch.syspath_prepend(str(tmp_path))
    finder = module.LazyPackages(lambda url: wheel(tmp_path, "lazyother"),
                                 {"lazyother": {"url": "x.whl", "sha256": "0" * 64}}, target=tmp_path)
    sys.meta_path.append(finder)
    with pytest.raises(ImportError, match="is not the file the site's lock names"):
        import lazyother  # noqa: F401
    assert not (tmp_path / "lazyother").exists()
