// The Web Worker of a live page: Python (Pyodide) runs here, off the page's thread, so a long cell
// never freezes the page and "Stop" can end it (the page terminates this worker and starts another).
//
// The page sends {type: "start", pyodideUrl, lockFile, packages, imports}, then
// {type: "run", cell, code, number} and {type: "comm_msg", comm_id, data, buffers, msg_id}, handled one after
// the other. This worker answers with the messages that kernel.py describes, plus {type: "progress",
// text}, {type: "ready", timings} and {type: "failed", reason}.
import KERNEL from "./kernel.py";

let pyodide = null;
let shell = null;  // kernel.py's module, once Python is ready
const started = performance.now();
const timings = {};
const mark = (name) => { timings[name] = Math.round(performance.now() - started); };

let answered = false;  // kernel.py said "done" (or "idle") for the message being handled

function post(message) {
  // `message` is a Python dict (a PyProxy): copy it into a plain object, bytes as Uint8Array.
  const value = message.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  message.destroy();
  if (value.type === "done" || value.type === "idle") answered = true;
  const transfer = (value.buffers || []).map((b) => b.buffer);
  self.postMessage(value, transfer);
}

// A file of the site, at once: the lazy packages' wheels, fetched when Python first imports them
// (a synchronous request, which workers may make).
function fetchNow(url) {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200) throw new Error(`${url}: ${request.status} ${request.statusText}`);
  return new Uint8Array(request.response);
}

// Every file Python fetches (the runtime, the wheels) goes through fetch: a failure is recorded, so
// that the page can say which file could not be loaded.
const failures = [];
const siteFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);  // a string, URL or Request
  const name = url.split("?")[0].split("/").pop();
  try {
    const response = await siteFetch(input, init);
    if (!response.ok) failures.push(`${name} (${response.status} ${response.statusText})`);
    return response;
  } catch (error) {
    failures.push(name);
    throw error;
  }
};

async function fetchChecked(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url} (${response.status} ${response.statusText})`);
  return response;
}

async function start({ pyodideUrl, lockFile, packages, imports }) {
  self.postMessage({ type: "progress", text: "Starting Python…" });
  importScripts(pyodideUrl + "pyodide.js");
  mark("script");
  const lock = fetchChecked(pyodideUrl + lockFile).then((r) => r.json());
  try {
    pyodide = await loadPyodide({ indexURL: pyodideUrl, lockFileURL: pyodideUrl + lockFile, packages });
  } catch (error) {
    if (failures.length) throw new Error(`the file ${failures[0]} could not be loaded from this site`);
    throw error;
  }
  // Pyodide reports a package that failed to load on its console and goes on: check they all came.
  const missing = packages.filter((name) => !(name in pyodide.loadedPackages));
  if (failures.length || missing.length) {
    throw new Error(`the file ${failures[0] || missing[0]} could not be loaded from this site`);
  }
  mark("packages");
  // Pure-Python packages of the lock not loaded now are loaded when first imported (kernel.py).
  const lazy = {};
  for (const [name, entry] of Object.entries((await lock).packages)) {
    if (!(name in pyodide.loadedPackages) && entry.file_name.endsWith("-none-any.whl")) {
      for (const module of entry.imports) lazy[module] = { url: pyodideUrl + entry.file_name, sha256: entry.sha256 };
    }
  }
  self.postMessage({ type: "progress", text: "Loading " + imports.join(", ") + "…" });
  pyodide.FS.writeFile("/home/pyodide/nnlib_live_kernel.py", KERNEL);
  shell = pyodide.pyimport("nnlib_live_kernel");
  const lazyPackages = pyodide.toPy(lazy);
  shell.start(post, fetchNow, lazyPackages);
  lazyPackages.destroy();
  mark("shell");
  pyodide.runPython(imports.map((name) => `import ${name}`).join("\n"));
  mark("imports");
  self.postMessage({ type: "ready", timings });
}

async function handle(message) {
  if (message.type === "start") {
    await start(message);
  } else if (message.type === "run") {
    // What the cell imports itself and the site has (compiled code too), loaded first.
    await pyodide.loadPackagesFromImports(message.code, { messageCallback: () => {} });
    answered = false;
    shell.run(message.cell, message.code, message.number);
    // Pyodide's fatal errors (a crash of its WebAssembly) return here without a word: say it.
    if (!answered) throw new Error("Python crashed while running this cell (Pyodide had a fatal error)");
  } else if (message.type === "comm_msg") {
    const data = pyodide.toPy(message.data), buffers = pyodide.toPy(message.buffers || []);
    answered = false;
    try {
      shell.comm_msg(message.comm_id, data, buffers, message.msg_id);
    } finally {
      data.destroy();
      buffers.destroy();
    }
    if (!answered) throw new Error("Python crashed while a widget was updating (Pyodide had a fatal error)");
  }
}

let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data)).catch((error) => {
    self.postMessage({ type: "failed", reason: String((error && error.message) || error) });
  });
};
