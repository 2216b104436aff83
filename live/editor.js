// The code editor of a live page: CodeMirror 6 (the editor JupyterLab uses), set up for Python.
// Bundled on its own (editor.js in the site) and loaded only when a page goes live.
//
// Keyboard: Shift+Enter (or Ctrl/Cmd+Enter) runs the cell; Tab indents; Escape, then Tab, moves the
// focus out of the editor (CodeMirror's tab-focus mode; Ctrl+M turns it on for good), as CodeMirror
// documents for editors that take the Tab key.
import { EditorView, keymap, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import {
  defaultKeymap, history, historyKeymap, indentWithTab, temporarilySetTabFocusMode,
} from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";

const theme = EditorView.theme({
  "&": { fontSize: "0.875em", backgroundColor: "var(--pst-color-surface, #f5f5f5)" },
  ".cm-content": { fontFamily: "var(--pst-font-family-monospace, monospace)", padding: "0.6em 0" },
  ".cm-line": { padding: "0 0.8em" },
  "&.cm-focused": { outline: "none" },  // the focus ring is the editor's box's (live.css)
  ".cm-activeLine": { backgroundColor: "rgba(127, 127, 127, 0.08)" },
});

/**
 * An editor in `parent` holding `doc`.
 *   onRun(): Shift+Enter or Ctrl/Cmd+Enter
 *   onChange(text): after each edit
 *   label: the editor's accessible name
 * Returns {view, text(), setText(text), focus()}.
 */
export function createEditor(parent, doc, { onRun, onChange, label }) {
  const run = () => { onRun(); return true; };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        history(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(),
        python(), syntaxHighlighting(classHighlighter),  // tok-* classes, coloured by live.css in both modes
        theme,
        keymap.of([
          { key: "Shift-Enter", run },
          { key: "Mod-Enter", run },
          { key: "Escape", run: temporarilySetTabFocusMode },
          indentWithTab, ...defaultKeymap, ...historyKeymap,
        ]),
        EditorState.tabSize.of(4),
        indentUnit.of("    "),  // four spaces, as the book's code
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(update.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}

window.nnlibEditor = { createEditor };
