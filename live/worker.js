// The Web Worker of a live page: Python (Pyodide) runs here, off the page's thread, so a long cell
// never freezes the page and "Stop" can end it (the page terminates this worker and starts another).
//
// The page sends {type: "start", pyodideUrl, packages, imports}, then {type: "run", cell, code} and
// {type: "comm_msg", comm_id, data, buffers, msg_id}. This worker answers with the messages that
// kernel.py describes, plus {type: "progress", text}, {type: "ready", timings} and
// {type: "failed", reason, detail}.
import KERNEL from "./kernel.py";

let pyodide = null;
let shell = null;  // kernel.py's module, once Python is ready
const started = performance.now();
const timings = {};
const mark = (name) => { timings[name] = Math.round(performance.now() - started); };

function post(message) {
  // `message` is a Python dict (a PyProxy): copy it into a plain object, bytes as Uint8Array.
  const value = message.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  message.destroy();
  const transfer = (value.buffers || []).map((b) => b.buffer);
  self.postMessage(value, transfer);
}

async function start({ pyodideUrl, packages, imports, files }) {
  self.postMessage({ type: "progress", text: "Starting Python…" });
  importScripts(pyodideUrl + "pyodide.js");
  pyodide = await loadPyodide({ indexURL: pyodideUrl, packages, fullStdLib: false });
  mark("packages");
  for (const [path, url] of Object.entries(files || {})) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
    const folder = path.slice(0, path.lastIndexOf("/"));
    pyodide.FS.mkdirTree(folder);
    pyodide.FS.writeFile(path, new Uint8Array(await response.arrayBuffer()));
  }
  self.postMessage({ type: "progress", text: "Loading " + imports.join(", ") + "…" });
  pyodide.FS.writeFile("/home/pyodide/nnlib_live_kernel.py", KERNEL);
  shell = pyodide.pyimport("nnlib_live_kernel");
  shell.start(post);
  mark("shell");
  pyodide.runPython(imports.map((name) => `import ${name}`).join("\n"));
  mark("imports");
  self.postMessage({ type: "ready", timings });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "start") {
      await start(message);
    } else if (message.type === "run") {
      shell.run(message.cell, message.code);
    } else if (message.type === "comm_msg") {
      const data = pyodide.toPy(message.data), buffers = pyodide.toPy(message.buffers || []);
      try {
        shell.comm_msg(message.comm_id, data, buffers, message.msg_id);
      } finally {
        data.destroy();
        buffers.destroy();
      }
    }
  } catch (error) {
    self.postMessage({ type: "failed", reason: String(error && error.message || error), cell: message.cell });
  }
};
