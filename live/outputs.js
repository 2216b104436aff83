// A live cell's output area: what Python shows for the cell, drawn as the website draws stored
// outputs (the same classes, so it looks the same): text, tracebacks, HTML (the checkers' feedback),
// images and widgets.

// Richest first, as Jupyter chooses.
const MIME_ORDER = ["application/vnd.jupyter.widget-view+json", "text/html", "image/svg+xml", "image/png",
                    "image/jpeg", "text/plain"];

// ANSI colours of IPython's tracebacks, as classes (coloured by live.css in light and dark mode).
const ANSI = /\x1b\[([0-9;]*)m/g;

function ansiToHtml(text) {
  let html = "", open = false, last = 0, match;
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  ANSI.lastIndex = 0;
  while ((match = ANSI.exec(text)) !== null) {
    html += escape(text.slice(last, match.index));
    last = ANSI.lastIndex;
    if (open) { html += "</span>"; open = false; }
    const codes = match[1].split(";").map(Number).filter((c) => c !== 0 && c !== 39 && c !== 22);
    if (codes.length) {
      html += `<span class="${codes.map((c) => "ansi-" + c).join(" ")}">`;
      open = true;
    }
  }
  html += escape(text.slice(last));
  return open ? html + "</span>" : html;
}

function block(className, html) {
  const div = document.createElement("div");
  div.className = className;
  div.innerHTML = `<div class="highlight"><pre></pre></div>`;
  div.querySelector("pre").innerHTML = html;
  return div;
}

export class OutputArea {
  /** Outputs go into `element` (emptied first); `widgets()` gives the widget manager when needed. */
  constructor(element, widgets) {
    this.element = element;
    this.widgets = widgets;
    this.clearOnNext = false;
    this.clear();
  }

  clear() {
    this.element.replaceChildren();
    this.lastStream = null;
  }

  prepare() {
    if (this.clearOnNext) {
      this.clearOnNext = false;
      this.clear();
    }
  }

  stream(name, text) {
    this.prepare();
    if (!this.lastStream || this.lastStream.name !== name) {
      const div = block(`output stream nnlib-${name}`, "");
      this.element.appendChild(div);
      this.lastStream = { name, pre: div.querySelector("pre"), text: "" };
    }
    this.lastStream.text += text;
    // a carriage return rewrites its line, as in a terminal (progress lines)
    const shown = this.lastStream.text.replace(/[^\n]*\r(?!\n)/g, "");
    this.lastStream.pre.innerHTML = ansiToHtml(shown);
  }

  error(ename, evalue, traceback) {
    this.prepare();
    const text = (traceback && traceback.length ? traceback.join("\n") : `${ename}: ${evalue}`);
    this.element.appendChild(block("output traceback nnlib-error", ansiToHtml(text)));
    this.lastStream = null;
  }

  async display(data, metadata) {
    this.prepare();
    this.lastStream = null;
    const mime = MIME_ORDER.find((m) => m in data);
    if (!mime) return;
    const value = data[mime];
    const div = document.createElement("div");
    this.element.appendChild(div);
    if (mime === "application/vnd.jupyter.widget-view+json") {
      div.className = "output widget-subarea nnlib-widget";  // widget-subarea: the theme's light panel in dark mode
      await (await this.widgets()).display(value.model_id, div);
    } else if (mime === "text/html") {
      div.className = "output text_html";
      div.innerHTML = value;
    } else if (mime.startsWith("image/")) {
      div.className = "output";
      const image = document.createElement("img");
      image.src = mime === "image/svg+xml" ? "data:image/svg+xml;charset=utf-8," + encodeURIComponent(value)
                                           : `data:${mime};base64,${value}`;
      const about = (metadata && metadata[mime]) || {};
      image.alt = about.alt || (data["text/plain"] || "A figure").replace(/^<|>$/g, "");
      div.appendChild(image);
    } else {
      div.replaceWith(block("output text_plain", ansiToHtml(value)));
    }
  }

  clearOutput(wait) {
    if (wait) this.clearOnNext = true;
    else this.clear();
  }
}
