"""The website's in-browser part: the live page, the in-browser notebooks, and their launch buttons.

After a successful HTML build, tools/build_lite.py makes the JupyterLite site in <html>/lite: the
chapters with Python running in the page (Pyodide), so `make book` builds both. On each chapter page,
the launch menu (the rocket) gets "Run in your browser" next to Binder, opening that chapter there.

Each chapter page also becomes a live page (live/ in the repository, bundled into _static/live/): the
page gets live.js and live.css, and its configuration: the chapter's code cells in order with their
tags, the Pyodide packages and imports to start with, and the addresses of the in-browser notebook and
Binder (where a reader goes when Python cannot run in the page).

One setting, in _config.yml under sphinx.config: `lite_pyodide_packages_url`. Empty (the default),
the site serves Pyodide's wheels itself; set to Pyodide's CDN
(https://cdn.jsdelivr.net/pyodide/v0.27.7/full/), the browser fetches them from there instead.
"""
import json
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


def live_config(pagename, context):
    """The live page's configuration for a chapter page, or None for other pages."""
    url = lite_url(pagename)
    if url is None:
        return None
    notebook = json.loads((ROOT / (pagename + ".ipynb")).read_text(encoding="utf-8"))
    cells = [{"source": "".join(cell["source"]), "tags": cell["metadata"].get("tags", [])}
             for cell in notebook["cells"] if cell["cell_type"] == "code"]
    groups = [b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"]
    binder = next((b["url"] for g in groups for b in g["buttons"] if b.get("text") == "Binder"), None)
    return {"chapter": Path(pagename).name + ".ipynb", "root": "../" * pagename.count("/"), "notebook": url,
            "binder": binder, "lock": build_lite.LIVE_LOCK, "packages": build_lite.LIVE_PACKAGES, "imports": build_lite.LIVE_IMPORTS,
            "cells": cells}


def _add_live_page(app, pagename, templatename, context, doctree):
    config = live_config(pagename, context)
    if config is None or "body" not in context:
        return
    app.add_js_file("live/live.js", defer="defer")
    app.add_css_file("live/live.css")
    text = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")  # no "</script>" inside
    context["body"] += f'\n<script type="application/json" id="nnlib-live-config">{text}</script>\n'


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
    app.connect("html-page-context", _add_live_page, priority=503)
    app.connect("build-finished", _build_lite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
