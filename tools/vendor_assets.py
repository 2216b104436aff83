"""Copy the JavaScript the website serves itself from node_modules/ into _assets/npm/, and bundle the
live page (live/) into _assets/live/.

Jupyter Book 1 loads RequireJS, the ipywidgets embedder and MathJax from CDNs by default; offline, the
widgets and the maths vanish. `make vendor` installs the exact versions in package-lock.json with
`npm ci` and this script copies just the files the pages load, with each package's licence. The live
page's scripts (its page script, its Web Worker with kernel.py inside, and the CodeMirror editor) are
bundled by esbuild, from npm too.
"""
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
OUT = ROOT / "_assets" / "npm"
LIVE = ROOT / "live"
LIVE_OUT = ROOT / "_assets" / "live"
# The live page's bundles: entry point -> options (esbuild's), each one file in _assets/live/.
BUNDLES = {"page.js": ["--outfile=live.js"], "worker.js": ["--loader:.py=text", "--outfile=worker.js"],
           "editor.js": ["--outfile=editor.js"]}
# What the bundles contain from npm, for the licence notes.
BUNDLED = ["codemirror", "@codemirror/view", "@codemirror/state", "@codemirror/commands", "@codemirror/language",
           "@codemirror/lang-python", "@lezer/highlight", "@lezer/python"]

FILES = {
    "requirejs": ["require.js"],
    "@jupyter-widgets/html-manager": ["dist/embed-amd.js", "dist/embed.js.LICENSE.txt",
                                      "dist/*.woff2", "dist/*.woff", "dist/*.ttf"],
    "mathjax": ["LICENSE"],
    # Not loaded by any page: the browser test (tests/test_site.py) injects it to check accessibility.
    "axe-core": ["axe.min.js", "LICENSE"],
}


def licence_note(package: str) -> str:
    meta = json.loads((MODULES / package / "package.json").read_text())
    return f"- {meta['name']} {meta['version']}: {meta['license']} licence ({meta.get('homepage', '')})"


def bundle_live() -> None:
    """The live page's scripts, bundled and minified by esbuild (live.css comes out with live.js)."""
    shutil.rmtree(LIVE_OUT, ignore_errors=True)
    esbuild = MODULES / ".bin" / "esbuild"
    for entry, options in BUNDLES.items():
        options = [o.replace("--outfile=", f"--outfile={LIVE_OUT}/") for o in options]
        result = subprocess.run([str(esbuild), str(LIVE / entry), "--bundle", "--minify", "--format=iife",
                                 "--target=es2020", "--log-level=warning", *options], capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"vendor_assets: esbuild failed on live/{entry}:\n{result.stderr}")


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    for package, patterns in FILES.items():
        for pattern in patterns:
            matches = sorted((MODULES / package).glob(pattern))
            if not matches:
                raise SystemExit(f"vendor_assets: {package} has no {pattern}; run `npm ci` first")
            for source in matches:
                folder = package if package in ("mathjax", "axe-core") else ""  # two files named LICENSE
                target = OUT / folder / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    shutil.copytree(MODULES / "mathjax" / "es5", OUT / "mathjax", dirs_exist_ok=True)
    bundle_live()
    notes = "\n".join(licence_note(package) for package in [*FILES, *BUNDLED])
    (OUT / "LICENSES.md").write_text(
        "# Third-party JavaScript served by this site\n\n"
        "Copied unmodified from the npm registry by tools/vendor_assets.py.\n\n" + notes + "\n\n"
        "RequireJS carries its licence in its header; the ipywidgets bundle lists the licences of what it\n"
        "bundles in embed.js.LICENSE.txt; MathJax's licence is mathjax/LICENSE,\n"
        "axe-core's axe-core/LICENSE. The live page's bundles in _static/live/ contain the\n"
        "CodeMirror and Lezer packages listed (MIT).\n")
    print(f"vendor_assets: copied {sum(1 for _ in OUT.rglob('*'))} files into {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
