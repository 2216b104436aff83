// A live chapter page: one click starts Python in the reader's browser, and the page's own cells,
// explorers and exercises run where they are read. See "The live page" in the README.
//
// The page carries its configuration (made by _ext/lite.py): the chapter's code cells in order, with
// their tags, and where Python's files are. Nothing of Python is fetched until the reader asks (a
// button), or, for a reader who went live before, until the page has rendered (a switch turns that off).
import { OutputArea } from "./outputs.js";
import { Session } from "./session.js";
import "./live.css";

const STORE = "nnlib-live/v1/";
// What the bar says before and once the page is live (tests/test_live.py checks the download size).
const ABOUT = "Runs Python in your browser: edit and run every cell, move the explorers, check your " +
              "exercises. The first time it downloads about 30 MB; nothing you type leaves your browser.";
const ABOUT_LIVE = "Python runs in this page: edit any cell and press Run (or Shift+Enter); your edits are " +
                   "kept in this browser. Stop ends a cell that runs too long.";
const AUTO = STORE + "auto";

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function storage() {
  try {
    const probe = STORE + "probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch (error) {
    return null;  // storage off (private mode, file://): edits last until the page is left
  }
}

// Why Python cannot run here, in plain words, or null when it can.
function unsupported() {
  if (location.protocol === "file:") {
    return "this page was opened from a file on your computer (its address starts with file://), and " +
           "browsers do not let a page loaded that way start Python. Serve the site instead " +
           "(python3 -m http.server -d _build/html, then open http://localhost:8000)";
  }
  if (typeof WebAssembly !== "object") return "this browser cannot run WebAssembly, which Python in the page needs";
  if (typeof Worker !== "function") return "this browser cannot run Web Workers, which Python in the page needs";
  return null;
}

class Cell {
  constructor(page, node, config, index) {
    this.page = page;
    this.node = node;
    this.index = index;
    this.number = index + 1;
    this.source = config.source;
    this.tags = config.tags || [];
    this.kind = this.tags.includes("explorer") ? "explorer" : this.tags.includes("exercise") ? "exercise" : "code";
    this.key = `${STORE}${page.config.chapter}/${index}`;
    this.ran = false;
    this.editor = null;
    this.liveOutput = null;
  }

  /** The small button of an explorer or exercise, shown before the page is live. */
  addLiveButton() {
    if (this.kind === "code") return;
    const what = this.kind === "explorer" ? "this explorer" : "this exercise";
    this.liveButton = element("button", {
      class: "nnlib-live-button", type: "button", text: "▶ Make live",
      "aria-label": `Make live: run ${what} with Python in this page`,
      onclick: () => this.page.goLive(this),
    });
    this.bar = element("div", { class: "nnlib-cell-bar" }, [this.liveButton]);
    this.node.prepend(this.bar);
  }

  /** Turn the cell into an editor with its Run, Stop and Reset buttons. */
  makeLive(createEditor) {
    const saved = this.page.load(this.key);
    const pre = this.node.querySelector(".cell_input .highlight");
    this.run = element("button", { class: "nnlib-run", type: "button", text: "▶ Run",
                                   "aria-label": `Run cell ${this.number} (Shift+Enter)`, onclick: () => this.page.runCell(this) });
    this.stop = element("button", { class: "nnlib-stop", type: "button", text: "■ Stop", hidden: "",
                                    "aria-label": "Stop Python (restarts it)", onclick: () => this.page.stop() });
    this.reset = element("button", { class: "nnlib-reset", type: "button", text: "↺ Reset", hidden: "",
                                     "aria-label": `Reset cell ${this.number} to its original code`, onclick: () => this.resetCode() });
    this.status = element("span", { class: "nnlib-cell-status" });
    if (!this.bar) {
      this.bar = element("div", { class: "nnlib-cell-bar" });
      this.node.prepend(this.bar);
    }
    if (this.liveButton) this.liveButton.hidden = true;
    this.label = element("span", { class: "nnlib-cell-number", text: `Cell ${this.number}` });
    this.bar.prepend(this.label);
    this.bar.append(this.run, this.stop, this.reset, this.status);
    this.node.id = `nnlib-cell-${this.number}`;
    this.editorNode = element("div", { class: "nnlib-editor" });
    // Keys typed in the editor are the editor's: the page's own shortcuts (Sphinx's "/" for search)
    // would otherwise take some of them.
    this.editorNode.addEventListener("keydown", (event) => event.stopPropagation());
    pre.after(this.editorNode);
    pre.hidden = true;
    const label = `Code of cell ${this.number}, editable. Shift+Enter runs it; Escape, then Tab, leaves the editor.`;
    this.editor = createEditor(this.editorNode, saved ? saved.code : this.source, {
      label, onRun: () => this.page.runCell(this), onChange: (text) => this.changed(text),
    });
    this.reset.hidden = !saved;
    this.showStale();
  }

  edited() {
    return this.code() !== this.source;
  }

  /** Until an edited cell runs, the stored output (of the original code) is hidden, with a note. */
  showStale() {
    const stale = this.edited() && !this.liveOutput;
    this.node.querySelectorAll(".cell_output:not(.nnlib-live-output)").forEach((o) => { o.hidden = stale || Boolean(this.liveOutput); });
    if (stale && !this.staleNote) {
      this.staleNote = element("p", { class: "nnlib-stale", text: "Your edited code has not run yet: press ▶ Run to see its output." });
      this.editorNode.after(this.staleNote);
    } else if (!stale && this.staleNote) {
      this.staleNote.remove();
      this.staleNote = null;
    }
  }

  /** Back to the static page (Python failed): editors and live outputs go, the stored ones return. */
  makeStatic() {
    if (!this.editor) return;
    this.editor.view.destroy();
    this.editor = null;
    this.editorNode.remove();
    this.node.querySelector(".cell_input .highlight").hidden = false;
    for (const part of [this.run, this.stop, this.reset, this.status, this.label]) part.remove();
    if (this.staleNote) this.staleNote.remove();
    this.staleNote = null;
    this.node.removeAttribute("id");
    if (this.liveButton) this.liveButton.hidden = false;
    else { this.bar.remove(); this.bar = null; }
    if (this.liveOutput) {
      this.liveOutput.remove();
      this.liveOutput = null;
    }
    this.node.querySelectorAll(".cell_output").forEach((o) => { o.hidden = false; });
    this.ran = false;
  }

  code() {
    return this.editor ? this.editor.text() : this.source;
  }

  changed(text) {
    this.reset.hidden = text === this.source;
    this.showStale();
    clearTimeout(this.saving);
    this.saving = setTimeout(() => this.page.save(this.key, text === this.source ? null : { original: this.source, code: text }), 300);
  }

  resetCode() {
    this.editor.setText(this.source);
    this.showStale();
    clearTimeout(this.saving);
    this.page.save(this.key, null);
    this.reset.hidden = true;
    this.editor.focus();
  }

  /** A fresh output area in place of the stored output. */
  outputArea() {
    if (!this.liveOutput) {
      this.liveOutput = element("div", { class: "cell_output docutils container nnlib-live-output" });
      this.node.append(this.liveOutput);
      this.showStale();
    }
    return new OutputArea(this.liveOutput, () => this.page.session.widgets());
  }

  busy(running) {
    if (!this.run) return;
    this.run.disabled = running;
    this.stop.hidden = !running;
  }

  /** The cell's status line: text, or a list of texts and elements (a link to another cell). */
  say(parts) {
    if (this.status) this.status.replaceChildren(...[].concat(parts));
  }

  /** A link to this cell, for messages in other cells. */
  link() {
    return element("a", { href: `#nnlib-cell-${this.number}`, text: `cell ${this.number}` });
  }
}

// A quiet run: outputs are dropped, but an error is kept to show in its cell.
class QuietSink {
  stream() {}
  display() {}
  clearOutput() {}
  error(ename, evalue, traceback) { this.failure = [ename, evalue, traceback]; }
}

class LivePage {
  constructor(config, nodes) {
    this.config = config;
    this.store = storage();
    this.cells = config.cells.map((cell, index) => new Cell(this, nodes[index], cell, index));
    this.session = null;
    this.live = null;  // the promise of going live
    this.static = config.root + "_static/";
  }

  load(key) {
    try {
      return this.store && JSON.parse(this.store.getItem(key));
    } catch (error) {
      return null;
    }
  }

  save(key, value) {
    if (!this.store) return;
    if (value === null) this.store.removeItem(key);
    else this.store.setItem(key, JSON.stringify(value));
  }

  build() {
    const heading = document.querySelector("article.bd-article h1") || document.querySelector("main h1");
    // One button: "Make this page live", then, once live, "Stop Python".
    this.startButton = element("button", { class: "nnlib-live-start", type: "button", text: "▶ Make this page live",
                                           onclick: () => (this.session ? this.stop() : this.goLive(null)) });
    this.auto = element("input", { type: "checkbox", id: "nnlib-live-auto" });
    this.auto.checked = this.store !== null && this.store.getItem(AUTO) === "on";
    this.auto.addEventListener("change", () => this.store && this.store.setItem(AUTO, this.auto.checked ? "on" : "off"));
    this.message = element("div", { class: "nnlib-live-message" });
    this.bar = element("div", { class: "nnlib-live-bar", role: "region", "aria-label": "Live page" }, [
      this.startButton,
      this.about = element("span", { class: "nnlib-live-about", text: ABOUT }),
      element("label", { class: "nnlib-live-switch", for: "nnlib-live-auto" }, [this.auto,
        " Start Python by itself on every chapter"]),
      this.message,
    ]);
    heading.after(this.bar);
    this.status = element("div", { class: "nnlib-live-status", role: "status", "aria-live": "polite" });
    document.body.append(this.status);
    for (const cell of this.cells) cell.addLiveButton();
    if (this.auto.checked && !unsupported()) {
      // In the background, once the page has rendered: the reader went live before.
      const later = window.requestIdleCallback || ((f) => setTimeout(f, 200));
      const go = () => later(() => this.goLive(null, { background: true }));
      if (document.readyState === "complete") go();
      else window.addEventListener("load", go);
    }
  }

  /** Say `text` in the status line (a polite live region); with `fade`, it goes after a few seconds. */
  announce(text, { fade = false } = {}) {
    clearTimeout(this.fading);
    this.status.textContent = text;
    this.status.classList.toggle("nnlib-shown", Boolean(text));
    if (fade && text) this.fading = setTimeout(() => this.status.classList.remove("nnlib-shown"), 8000);
  }

  /** Start Python and make the page live; `first` (a cell) goes live first. Returns a promise. */
  goLive(first, { background = false } = {}) {
    if (!this.live) {
      this.live = this.start(first, background).catch((error) => this.failed("Python could not start in this page", error.message));
    } else if (first) {
      this.live.then(() => first.editor && first.editor.focus());
    }
    return this.live;
  }

  async start(first, background) {
    const reason = unsupported();
    if (reason) throw new Error(reason);
    let ready = "Python is ready";
    if (this.store && this.store.getItem(AUTO) === null) {
      this.store.setItem(AUTO, "on");
      this.auto.checked = true;
      ready += ". The next chapters will start it by themselves (the switch at the top turns that off)";
    }
    this.startButton.disabled = true;
    this.startButton.textContent = "Starting Python…";
    this.message.replaceChildren();
    this.announce("Starting Python…");
    const editor = this.editorModule();
    const timings = await this.newSession();
    const { createEditor } = await editor;
    this.bar.classList.add("nnlib-is-live");
    this.about.textContent = ABOUT_LIVE;
    this.startButton.textContent = "■ Stop Python";
    this.startButton.disabled = false;
    this.startButton.setAttribute("aria-label", "Stop Python (it restarts, and the cells run again when you run them)");
    // The explorers start running (in the worker) while the other cells become editors.
    const explorers = this.cells.filter((cell) => cell.kind === "explorer");
    for (const cell of explorers) cell.makeLive(createEditor);
    const running = this.runExplorers(first);
    for (const cell of this.cells) if (!cell.editor) cell.makeLive(createEditor);
    document.documentElement.classList.add("nnlib-live");
    this.timings = timings;
    await running;
    if (first && first.kind === "exercise") first.editor.focus();
    this.announce(background ? "" : ready, { fade: true });
    return timings;
  }

  editorModule() {
    if (!this.editorLoading) {
      this.editorLoading = new Promise((resolve, reject) => {
        if (window.nnlibEditor) return resolve(window.nnlibEditor);
        const script = element("script", { src: this.static + "live/editor.js" });
        script.onload = () => resolve(window.nnlibEditor);
        script.onerror = () => reject(new Error("the code editor (editor.js) could not be loaded"));
        document.head.append(script);
      });
    }
    return this.editorLoading;
  }

  newSession() {
    const root = this.config.root;
    this.session = new Session({
      workerUrl: this.static + "live/worker.js",
      pyodideUrl: new URL(root + "lite/pyodide/", location.href).href,
      lockFile: this.config.lock,
      staticUrl: this.static,
      packages: this.config.packages,
      imports: this.config.imports,
      onProgress: (text) => this.announce(text),
      onCrash: (reason) => this.crashed(reason),
    });
    return this.session.start();
  }

  /** Every explorer runs as soon as the page is live (`first` before the others). */
  async runExplorers(first) {
    const explorers = this.cells.filter((cell) => cell.kind === "explorer");
    if (first && first.kind === "explorer") explorers.sort((a, b) => (a === first ? -1 : b === first ? 1 : 0));
    for (const cell of explorers) await this.runCell(cell, { announce: false });
  }

  /**
   * Run a cell as the reader asked: first, quietly, the cells it needs that have not run yet (the
   * setup cell for an explorer or exercise, every cell above it otherwise), then the cell itself.
   */
  async runCell(cell, { announce = true } = {}) {
    if (!this.session || this.session.ended) return this.goLive(cell);
    cell.busy(true);
    for (const [k, other] of this.needed(cell).entries()) {
      cell.say(["Running ", other.link(), " first…"]);
      // Quietly: an unedited cell's stored output stays; an edited one shows what its code gives.
      const sink = other.edited() || other.liveOutput ? other.outputArea() : new QuietSink();
      const result = await this.session.run(`c${other.index}`, other.code(), sink, null, other.number);
      if (result.stopped) return this.stopped(cell);
      other.ran = result.ok;
      other.say(result.ok ? "" : "Error (shown below)");
      if (!result.ok) {
        if (sink.failure) other.outputArea().error(...sink.failure);
        cell.say(["Not run: ", other.link(), " above stopped with an error."]);
        cell.busy(false);
        return false;
      }
    }
    const area = cell.outputArea();
    cell.say("Waiting…");
    const result = await this.session.run(`c${cell.index}`, cell.code(), area, () => {
      cell.say("Running…");
      if (announce) this.announce(`Running cell ${cell.number}…`);
    }, cell.number);
    cell.busy(false);
    if (result.stopped) return this.stopped(cell);
    cell.ran = result.ok;
    cell.say(result.ok ? "Done" : "Error");
    if (announce) {
      const feedback = cell.liveOutput.querySelector(".nnlib-feedback");  // an exercise's check: say it
      let said = feedback ? feedback.textContent.trim().split("Hint:")[0].trim() : result.ok ? "Done" : "Error";
      if (said.length > 140) said = said.slice(0, said.lastIndexOf(" ", 140)) + " …";
      this.announce(`Cell ${cell.number}: ${said}`, { fade: true });
    }
    return result.ok;
  }

  /**
   * The earlier cells a cell runs first when they have not run: the setup cell for an explorer; the
   * setup cell and the exercises above it for an exercise (chapter 6 builds each on the last); every
   * cell above it for any other cell.
   */
  needed(cell) {
    const above = this.cells.slice(0, cell.index);
    const wanted = cell.kind === "explorer" ? above.slice(0, 1)
      : cell.kind === "exercise" ? above.filter((other) => other.index === 0 || other.kind === "exercise") : above;
    return wanted.filter((other) => !other.ran);
  }

  stopped(cell) {
    cell.busy(false);
    cell.say("Stopped: Python was restarted");
    return false;
  }

  /** Stop: end Python (a runaway cell with it) and start a new one; the explorers run again. */
  async stop() {
    if (!this.session) return;
    this.session.end();
    for (const cell of this.cells) {
      cell.ran = false;
      cell.busy(false);
    }
    this.announce("Python was stopped. Starting it again…");
    try {
      await this.newSession();
    } catch (error) {
      return this.failed("Python could not start again", error.message);
    }
    await this.runExplorers(null);
    this.announce("Python was stopped and restarted: run your cells again.", { fade: true });
  }

  crashed(reason) {
    this.failed("Python stopped working in this page", reason,
                "Your edits are kept: make the page live again to start a new Python.");
  }

  /** Say plainly why Python is not running, how to run the chapter instead, and leave the page static. */
  failed(headline, reason, next = "") {
    if (this.session) this.session.end();
    this.session = null;
    this.live = null;
    for (const cell of this.cells) cell.makeStatic();
    document.documentElement.classList.remove("nnlib-live");
    this.bar.classList.remove("nnlib-is-live");
    this.about.textContent = ABOUT;
    this.startButton.textContent = "▶ Make this page live";
    this.startButton.disabled = false;
    this.startButton.removeAttribute("aria-label");
    const text = /[.!]$/.test(reason) ? reason : reason + ".";
    const notebook = element("a", { href: this.config.notebook, text: "the in-browser notebook" });
    const links = [next ? ` ${next} Or run this chapter in ` : " You can still run this chapter in ", notebook];
    if (this.config.binder) links.push(" or ", element("a", { href: this.config.binder, text: "on Binder" }));
    links.push(".");
    this.message.replaceChildren(element("p", { role: "alert" }, [
      element("strong", { text: headline + ": " }), text, ...links]));
    this.announce("");
  }
}

function main() {
  const config = document.getElementById("nnlib-live-config");
  if (!config) return;
  const settings = JSON.parse(config.textContent);
  const nodes = [...document.querySelectorAll("main .cell")];
  if (nodes.length !== settings.cells.length) {
    console.error(`nnlib live page: ${nodes.length} cells in the page, ${settings.cells.length} in its notebook`);
    return;
  }
  const page = new LivePage(settings, nodes);
  page.build();
  window.nnlibLive = page;  // for the tests and benchmarks
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
