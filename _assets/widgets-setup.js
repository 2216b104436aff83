// Set-up for the ipywidgets bundle (npm/embed-amd.js) that shows the book's widgets on the static site.
(function () {
  // 1. Its icon fonts sit next to it in npm/; left alone it looks for them relative to the page
  //    (book/@jupyter-widgets/...), a 404 on every page. Both addresses below come from this script's
  //    own URL, so they are right on any host, and offline.
  var npm = document.currentScript.src.replace(/[^/]*$/, "npm/");
  window.__jupyter_widgets_assets_path__ = npm;
  // RequireJS takes a global `require` object defined before it loads as its configuration; the bundle
  // derives its asset folder from its AMD module address, so map the module names to npm/ too.
  window.require = { paths: { "@jupyter-widgets/html-manager/dist": npm.slice(0, -1), "@jupyter-widgets": npm.slice(0, -1) } };

  // 2. The theme's FontAwesome script swaps every <i class="fa ..."> for an <svg>, widgets' icons too. The
  //    Play widget then switches the class of an <i> that is no longer drawn by its class: with "nest"
  //    (the SVG inside the <i>) the icon font drew the class's glyph next to the stale SVG, two icons.
  //    No swapping at all: the theme's stylesheet has the same icons as a web font, and the widgets'
  //    bundle brings its own, so every icon is drawn once, by its current class.
  window.FontAwesomeConfig = Object.assign({}, window.FontAwesomeConfig, { autoReplaceSvg: false });

  // 3. The bundle typesets widget labels with the MathJax 2 call MathJax.Hub.Queue(["Typeset", Hub, el])
  //    whenever MathJax is on the page; the book loads MathJax 3, which has no Hub: a script error.
  //    Bridge that one call to MathJax 3 (which has replaced window.MathJax by DOMContentLoaded).
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (mj && !mj.Hub && mj.startup) {
      mj.Hub = {
        Queue: function (command) {
          mj.startup.promise.then(function () { return mj.typesetPromise([command[2]]); });
        },
      };
    }
  });

  // 4. Names and announcements the widgets lack (axe-core: button-name, aria-input-field-name):
  //    - the Play widget's icon-only buttons get names ("Play", "Pause", "Stop", "Repeat") and the
  //      repeat toggle its state (aria-pressed);
  //    - a slider's handle is named by the slider's description and says the readout ("bias = -7",
  //      the frame's label) as its aria-valuetext, not the frame number;
  //    - each kernel-free scrubber (.nnlib-scrubber) gets a polite live region that says the alt
  //      text of the frame now shown, so a screen reader hears what the figure changed to.
  //    Widgets render after the page loads and change later, so this runs again on every change.
  var ICONS = { "fa-play": "Play", "fa-pause": "Pause", "fa-stop": "Stop", "fa-retweet": "Repeat", "fa-repeat": "Repeat" };

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function label(root) {
    root.querySelectorAll(".widget-play button").forEach(function (button) {
      var icon = button.querySelector("i");
      var name = icon && Object.keys(ICONS).filter(function (c) { return icon.classList.contains(c); })[0];
      if (name) set(button, "aria-label", ICONS[name]);
      if (name === "fa-retweet" || name === "fa-repeat") set(button, "aria-pressed", String(button.classList.contains("mod-active")));
    });
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var handle = slider.querySelector(".noUi-handle"), readout = slider.querySelector(".widget-readout");
      var description = slider.querySelector(".widget-label");
      if (!handle) return;
      set(handle, "aria-label", (description && description.textContent.trim()) || "value");
      if (readout && readout.textContent.trim()) set(handle, "aria-valuetext", readout.textContent.trim());
    });
    root.querySelectorAll(".nnlib-scrubber").forEach(function (scrubber) {
      var live = scrubber.querySelector(":scope > .nnlib-announce");
      if (!live) {
        live = document.createElement("div");
        live.className = "nnlib-announce";
        live.setAttribute("aria-live", "polite");
        scrubber.appendChild(live);
      }
      var shown = [].filter.call(scrubber.querySelectorAll("img[alt]"), function (img) { return img.offsetParent !== null; })[0];
      if (!shown || live.dataset.shown === shown.alt) return;
      if (live.dataset.shown !== undefined) live.textContent = shown.alt;  // a change: say it (not on arrival)
      live.dataset.shown = shown.alt;
    });
  }

  var pending = false;
  var observer = new MutationObserver(function (mutations) {
    var ours = mutations.every(function (m) { return m.target.classList && m.target.classList.contains("nnlib-announce"); });
    if (pending || ours) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; label(document); });
  });
  document.addEventListener("DOMContentLoaded", function () {
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true,
                                      attributeFilter: ["class", "style", "aria-valuetext"] });
  });
})();
