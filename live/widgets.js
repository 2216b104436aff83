// The live page's widget manager: the ipywidgets HTMLManager that already draws the page's saved
// widgets (npm's @jupyter-widgets/html-manager, served by the site as embed-amd.js and loaded through
// RequireJS), with comms that talk to Python in the worker instead of to a kernel.
//
// ipywidgets in Python opens a comm per widget ("comm_open" with the widget's state); the manager makes
// the model and its views. A control moved in the page sends "comm_msg" to Python through the worker;
// the worker answers "idle" when Python has handled it, which ends the message's "busy" time: while one
// update is being computed, ipywidgets keeps only the newest of the following ones (its throttle).

let managerClass = null;

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

// The HTMLManager class, from the page's embed-amd.js; pages without saved widgets load it first
// (widgets-setup.js configures RequireJS, so it goes before require.js).
async function htmlManagerClass(staticUrl) {
  if (!window.requirejs) {
    await loadScript(staticUrl + "widgets-setup.js");
    await loadScript(staticUrl + "npm/require.js");
    await loadScript(staticUrl + "npm/embed-amd.js");
  }
  return new Promise((resolve, reject) => {
    window.requirejs(["@jupyter-widgets/html-manager"], (module) => resolve(module.HTMLManager), reject);
  });
}

class WorkerComm {
  constructor(session, commId, targetName) {
    this.session = session;
    this.comm_id = commId;
    this.target_name = targetName;
    this.onMsg = null;
    this.onClose = null;
  }

  open() { return ""; }

  send(data, callbacks, metadata, buffers) {
    return this.session.sendComm(this.comm_id, data, callbacks, buffers);
  }

  close() {
    this.session.closeComm(this.comm_id);
    return "";
  }

  on_msg(callback) { this.onMsg = callback; }

  on_close(callback) { this.onClose = callback; }
}

/** A widget manager for `session` (see session.js); `staticUrl` is the site's _static/ address. */
export async function createManager(session, staticUrl) {
  if (!managerClass) {
    const HTMLManager = await htmlManagerClass(staticUrl);
    managerClass = class LiveManager extends HTMLManager {
      _get_comm_info() { return Promise.resolve({}); }

      _create_comm(targetName, modelId) {
        return Promise.resolve(new WorkerComm(this.session, modelId, targetName));
      }
    };
  }
  const manager = new managerClass();
  manager.session = session;
  const comms = new Map();

  return {
    /** A comm message from Python: a new widget, a change of state, or a widget closed. */
    async handle(message) {
      if (message.type === "comm_open") {
        const comm = new WorkerComm(session, message.comm_id, message.target_name);
        comms.set(message.comm_id, comm);
        if (message.target_name === "jupyter.widget") {
          await manager.handle_comm_open(comm, {
            content: { comm_id: message.comm_id, target_name: message.target_name, data: message.data },
            metadata: message.metadata, buffers: message.buffers,
          });
        }
      } else if (message.type === "comm_msg") {
        const comm = comms.get(message.comm_id);
        if (comm && comm.onMsg) {
          await comm.onMsg({ content: { comm_id: message.comm_id, data: message.data }, buffers: message.buffers });
        }
      } else if (message.type === "comm_close") {
        const comm = comms.get(message.comm_id);
        comms.delete(message.comm_id);
        if (comm && comm.onClose) comm.onClose({ content: { comm_id: message.comm_id, data: message.data } });
      }
    },

    /** Draw the widget `modelId` into `element`. */
    async display(modelId, element) {
      const model = await manager.get_model(modelId);
      const view = await manager.create_view(model);
      await manager.display_view(view, element);
    },

    /** Python has gone (stopped or crashed): close every widget's model and view. */
    async closeAll() {
      const closing = [...comms.values()].map((comm) => comm.onClose && comm.onClose({ content: { data: {} } }));
      comms.clear();
      await Promise.allSettled(closing);
    },
  };
}
