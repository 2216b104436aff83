"""Copy the JavaScript the website serves itself from node_modules/ into _assets/npm/.

Jupyter Book 1 loads RequireJS, the ipywidgets embedder and MathJax from CDNs by default; offline, the
widgets and the maths vanish. `make vendor` installs the exact versions in package-lock.json with
`npm ci` and this script copies just the files the pages load, with each package's licence.
"""
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
OUT = ROOT / "_assets" / "npm"

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
    notes = "\n".join(licence_note(package) for package in FILES)
    (OUT / "LICENSES.md").write_text(
        "# Third-party JavaScript served by this site\n\n"
        "Copied unmodified from the npm registry by tools/vendor_assets.py.\n\n" + notes + "\n\n"
        "RequireJS carries its licence in its header; the ipywidgets bundle lists the licences of what it\n"
        "bundles in embed.js.LICENSE.txt; MathJax's licence is mathjax/LICENSE,\n"
        "axe-core's axe-core/LICENSE.\n")
    print(f"vendor_assets: copied {sum(1 for _ in OUT.rglob('*'))} files into {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
