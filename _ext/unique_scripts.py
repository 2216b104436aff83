"""Drop repeated inline <script> blocks from each page.

sphinx-thebe and sphinx-togglebutton add their inline configuration scripts after the HTML builder
has started, so with Jupyter Book 1 on Sphinx 7 each one lands in the page twice. For thebe that is
`const THEBE_JS_URL = ...` declared twice: a script error on every page. Keeping the first copy of
each identical script fixes it without touching what the scripts do.
"""


def _drop_repeats(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The registry's copy has filename None and the builder's "", so compare them as equal.
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _drop_repeats, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
