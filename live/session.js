// One Python session of a live page: Pyodide in a Web Worker (worker.js, with kernel.py), the cells it
// runs one after another, and the widget messages between it and the page.
import { createManager } from "./widgets.js";

export class Stopped extends Error {}

export class Session {
  /**
   * options: workerUrl, pyodideUrl, lockFile, staticUrl, packages (loaded with Pyodide, in one go),
   * imports (imported before "ready": what every chapter needs), onProgress(text), onCrash(reason).
   */
  constructor(options) {
    this.options = options;
    this.targets = new Map();   // cell id -> what receives its outputs (an OutputArea, or a quiet sink)
    this.runs = new Map();      // cell id -> resolve of its run
    this.callbacks = new Map(); // comm message id -> the widget's callbacks (its "idle" ends the message)
    this.inbox = Promise.resolve();
    this.queue = Promise.resolve();
    this.manager = null;
    this.ended = false;
    this.nextId = 0;
  }

  /** Start Python; resolves with the worker's timings when Python is ready, rejects if it can't start. */
  start() {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.worker = new Worker(this.options.workerUrl);
    this.worker.onmessage = (event) => { this.inbox = this.inbox.then(() => this.handle(event.data)); };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || "the Python worker stopped");
    };
    const { pyodideUrl, lockFile, packages, imports } = this.options;
    this.worker.postMessage({ type: "start", pyodideUrl, lockFile, packages, imports });
    return this.ready;
  }

  fail(reason) {
    if (this.ended) return;
    if (this.resolveReady) {
      this.rejectReady(new Error(reason));
    } else {
      this.options.onCrash(reason);
    }
    this.end();
  }

  /** End this session: the worker is terminated, runs in progress or waiting end with Stopped. */
  end() {
    if (this.ended) return;
    this.ended = true;
    if (this.worker) this.worker.terminate();
    for (const resolve of this.runs.values()) resolve({ ok: false, stopped: true });
    this.runs.clear();
    if (this.manager) this.manager.then((m) => m.closeAll()).catch(() => {});
  }

  widgets() {
    if (!this.manager) this.manager = createManager(this, this.options.staticUrl);
    return this.manager;
  }

  async handle(message) {
    const target = this.targets.get(message.cell);
    switch (message.type) {
      case "progress":
        this.options.onProgress(message.text);
        break;
      case "ready":
        this.resolveReady(message.timings);
        this.resolveReady = null;
        break;
      case "failed":
        this.fail(message.reason);
        break;
      case "stream":
        if (target) target.stream(message.name, message.text);
        break;
      case "display":
        if (target) {
          try {
            await target.display(message.data, message.metadata);
          } catch (error) {
            target.error("DisplayError", String(error), null);
          }
        }
        break;
      case "clear":
        if (target) target.clearOutput(message.wait);
        break;
      case "error":
        if (target) target.error(message.ename, message.evalue, message.traceback);
        break;
      case "done": {
        const resolve = this.runs.get(message.cell);
        this.runs.delete(message.cell);
        this.targets.delete(message.cell);
        if (resolve) resolve({ ok: message.ok });
        break;
      }
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        await (await this.widgets()).handle(message);
        break;
      case "idle": {
        const callbacks = this.callbacks.get(message.msg_id);
        this.callbacks.delete(message.msg_id);
        const status = callbacks && callbacks.iopub && callbacks.iopub.status;
        if (status) status({ content: { execution_state: "idle" }, parent_header: { msg_id: message.msg_id } });
        break;
      }
    }
  }

  /**
   * Run `code` as cell `cell`, after every run asked for before it. Its outputs go to `target` (an
   * OutputArea; for a quiet run, an object with the same methods that keeps what it needs).
   * `onStart` is called when it starts (it may wait for others); `number` is its place on the page,
   * which its tracebacks show ("Cell In[12]"). Resolves with {ok, stopped}.
   */
  run(cell, code, target, onStart, number) {
    const run = this.queue.then(() => {
      if (this.ended) return { ok: false, stopped: true };
      if (onStart) onStart();
      return new Promise((resolve) => {
        this.targets.set(cell, target);
        this.runs.set(cell, resolve);
        this.worker.postMessage({ type: "run", cell, code, number });
      });
    });
    this.queue = run.catch(() => {});
    return run;
  }

  sendComm(commId, data, callbacks, buffers) {
    const msgId = `page-${++this.nextId}`;
    if (callbacks) this.callbacks.set(msgId, callbacks);
    if (!this.ended) {
      const list = (buffers || []).map((b) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
      this.worker.postMessage({ type: "comm_msg", comm_id: commId, data, buffers: list, msg_id: msgId });
    }
    return msgId;
  }

  closeComm() {
    // A widget closed by the page (never by the course's widgets): Python keeps its object.
  }
}
