"""The website's in-browser part: build it with the site, and a "Run in your browser" launch button.

After a successful HTML build, tools/build_lite.py makes the JupyterLite site in <html>/lite: the
chapters with Python running in the page (Pyodide), so `make book` builds both. On each chapter page,
the launch menu (the rocket) gets "Run in your browser" next to Binder, opening that chapter there.

One setting, in _config.yml under sphinx.config: `lite_pyodide_packages_url`. Empty (the default),
the site serves Pyodide's wheels itself; set to Pyodide's CDN
(https://cdn.jsdelivr.net/pyodide/v0.27.7/full/), the browser fetches them from there instead.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lite  # noqa: E402  (tools/ is not a package)

BUTTON_TEXT = "Run in your browser"


def lite_url(pagename):
    """The chapter's address in the in-browser site, relative to its page; None if it has none there."""
    name = Path(pagename).name + ".ipynb"
    if name not in {path.name for path in build_lite.chapters()}:
        return None
    return "../" * pagename.count("/") + f"lite/notebooks/index.html?path={name}"


def _add_button(app, pagename, templatename, context, doctree):
    url = lite_url(pagename)
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"]
    if url is None or not groups:
        return
    buttons = groups[0]["buttons"]
    after = next((i + 1 for i, button in enumerate(buttons) if button.get("text") == "Binder"), 0)
    buttons.insert(after, {"type": "link", "text": BUTTON_TEXT, "url": url, "label": "launch-lite",
                           "tooltip": "Run this chapter in your browser: Python in the page, nothing to install",
                           "icon": "_static/images/logo_jupyterlite.svg"})


def _build_lite(app, exception):
    if exception is None and app.builder.format == "html":
        try:
            out = build_lite.build(Path(app.outdir), app.config.lite_pyodide_packages_url)
        except build_lite.LiteBuildError as error:
            raise RuntimeError(f"The in-browser part of the site (tools/build_lite.py) failed: {error}") from None
        print(f"The in-browser part is in {out}")


def setup(app):
    app.add_config_value("lite_pyodide_packages_url", "", "html")
    # After sphinx-book-theme has made the launch buttons (priority 501), before the page is rendered.
    app.connect("html-page-context", _add_button, priority=502)
    app.connect("build-finished", _build_lite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
