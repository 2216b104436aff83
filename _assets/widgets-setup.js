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

  // 2. The theme's FontAwesome script swaps every <i class="fa ..."> for an <svg>, widgets' icons too;
  //    the Play widget then finds no <i> to switch between play and pause, throws, and the throw stops
  //    jslinks further down the chain (the precomputed figures never change). "nest" puts the SVG
  //    inside the <i> instead, which keeps both the theme's icons and the widgets working.
  window.FontAwesomeConfig = Object.assign({}, window.FontAwesomeConfig, { autoReplaceSvg: "nest" });

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
})();
