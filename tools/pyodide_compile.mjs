// Byte-compile, for Pyodide's Python 3.12, the modules that Python imports as it starts in the site:
// the live page's (live/kernel.py and the course's imports) and the in-browser notebook kernel's.
//
//     node tools/pyodide_compile.mjs <site>/lite/pyodide '<json settings>'
//
// settings: {"kernel": "<path of live/kernel.py>", "live_packages": [...], "live_imports": [...],
//            "notebook_packages": [...], "notebook_imports": [...]}
//
// Pyodide's wheels and its standard library (python_stdlib.zip) hold Python source only, so the browser
// compiles every module it imports, on every visit: a second or two of a page's start. This runs, in
// Node, with the folder's own Pyodide and wheels, what each page runs as it starts, records every module
// imported, then rewrites each wheel and the standard library with those modules as bytecode: the .py
// replaced by a .pyc in its place (Python imports a lone .pyc as it is), as Pyodide's own build does
// with `py-compile`. nnlib keeps its source (its lines show in tracebacks), the .pyc beside it in
// __pycache__, "unchecked-hash" (unpacking a wheel changes file times, which Python would otherwise
// compare). Modules not imported at start stay source: they are compiled if and when they are imported.
//
// It also replaces matplotlib's font list in matplotlib's wheel (matplotlib/fontlist.json, beside
// font_manager.py, where Pyodide's matplotlib reads it): Pyodide's wheel carries one made by another
// matplotlib (version 390; 3.8.4 reads 330), so matplotlib scanned every font file on its first
// import, half a second in the browser, on every visit. This one is what matplotlib 3.8.4 makes. The warm-up's messages are checked:
// a warm-up that failed would compile too little.
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import fs from "fs";
import path from "path";

const [folder, settingsText] = process.argv.slice(2);
const settings = JSON.parse(settingsText);
const folderUrl = path.resolve(folder) + "/";

async function importedModules(packages, code) {
  const pyodide = await loadPyodide({ indexURL: folderUrl, packages, stdout: () => {}, stderr: () => {} });
  pyodide.FS.writeFile("/home/pyodide/nnlib_live_kernel.py", fs.readFileSync(settings.kernel));
  pyodide.runPython(code);
  const modules = pyodide.runPython(`
import sys
sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)})
`).toJs();
  return { pyodide, modules };
}

const live = await importedModules(settings.live_packages, `
import nnlib_live_kernel
errors = []
nnlib_live_kernel.start(lambda message: message["type"] == "error" and errors.append(message))
${settings.live_imports.map((name) => `import ${name}`).join("\n")}
nnlib_live_kernel.run("warm-up", "import nnlib\\nnnlib.widgets.neuron_explorer()")
if errors:
    raise RuntimeError(f"the live page's warm-up failed: {errors}")
`);
// The font list matplotlib made in the warm-up (Pyodide's matplotlib keeps it beside font_manager.py).
const fontlist = live.pyodide.runPython(`
import matplotlib.font_manager as fm, pathlib
path = pathlib.Path(fm.__file__).parent / "fontlist.json"
assert len(fm.json_load(path).ttflist) == len(fm.fontManager.ttflist) > 0, "no font list"
path.read_text()
`);

const notebook = await importedModules(settings.notebook_packages,
  settings.notebook_imports.map((name) => `import ${name}`).join("\n"));
const modules = [...new Set([...live.modules, ...notebook.modules])];

const pyodide = live.pyodide;
pyodide.FS.mkdirTree("/site");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, "/site");
pyodide.globals.set("modules", pyodide.toPy(modules));
pyodide.globals.set("fontlist", fontlist);
const report = pyodide.runPython(`
import importlib.util, json, os, warnings, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

warnings.simplefilter("ignore")  # SyntaxWarnings in the packages' own sources
SITE, STDLIB = "/lib/python3.12/site-packages/", "/lib/python312.zip/"  # the standard library is imported from its zip
imported = set(modules)


def bytecode(source, where):
    code = compile(source, where, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def rewrite(name, prefix, keep_source, extra=()):
    """Rewrite the zip <name> with its imported modules compiled and the extra (name, data) files
    added; returns how many modules."""
    path = "/site/" + name
    with zipfile.ZipFile(path) as old:
        members = [(info.filename, old.read(info)) for info in old.infolist()]
    out, count = [], 0
    for filename, data in members:
        where = prefix + filename
        if filename in dict(extra):
            continue  # replaced below
        if not filename.endswith(".py") or where not in imported:
            out.append((filename, data))
            continue
        count += 1
        if keep_source:
            folder, module = os.path.split(filename)
            out += [(filename, data), (f"{folder}/__pycache__/{module[:-3]}.cpython-312.pyc", bytecode(data, where))]
        else:
            out.append((filename + "c", bytecode(data, where)))
    if count or extra:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as new:
            for filename, data in out + list(extra):
                new.writestr(zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return count


counts = {"python_stdlib.zip": rewrite("python_stdlib.zip", STDLIB, keep_source=False)}
for name in sorted(os.listdir("/site")):
    if name.endswith(".whl"):
        extra = [("matplotlib/fontlist.json", fontlist.encode())] if name.startswith("matplotlib-") else []
        counts[name] = rewrite(name, SITE, keep_source=name.startswith("nnlib-"), extra=extra)
json.dumps({name: n for name, n in counts.items() if n})
`);
process.stdout.write(report + "\n");
