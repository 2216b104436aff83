"""Move an ipywidgets slider with the mouse, as a reader does, and time the figure it changes.

Shared by the in-browser notebook's driver (lite_browser.py) and the live page's (live_browser.py):
`cell` is a Playwright locator of the element that holds the slider and the figure, `figure` a CSS
selector of the figure's <img> inside it.
"""
import time


def drag(page, slider, dx=60, steps=4):
    """Drag `slider`'s handle `dx` pixels in `steps` moves (each may change the value: the sliders
    update as they move); returns its readout before and after."""
    handle, readout = slider.locator(".noUi-handle").first, slider.locator(".widget-readout").first
    handle.scroll_into_view_if_needed()
    before = readout.inner_text()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=steps)
    page.mouse.up()
    return before, readout.inner_text()


def timed_drag(page, cell, figure, dx, timeout):
    """Drag the cell's first slider `dx` pixels in one move; seconds, by the page's own clock, from the
    mouse button going down on the handle to the new figure being in the page."""
    cell.evaluate("""(cell, figure) => { const old = cell.querySelector(figure).src; window.nnlibDrag = {};
        cell.addEventListener('pointerdown', () => { window.nnlibDrag = {down: performance.now()}; },
                              {capture: true, once: true});
        const watch = new MutationObserver(() => { const image = cell.querySelector(figure);
            if (image && image.src !== old) { window.nnlibDrag.shown = performance.now(); watch.disconnect(); } });
        watch.observe(cell, {attributes: true, attributeFilter: ['src'], childList: true, subtree: true}); }""",
                  figure)
    before, after = drag(page, cell.locator(".widget-slider").first, dx=dx, steps=1)
    if before == after:
        raise RuntimeError(f"dragging the slider did not move it ({before})")
    page.wait_for_function("window.nnlibDrag.shown !== undefined", timeout=timeout * 1000)
    drag_times = page.evaluate("window.nnlibDrag")
    return (drag_times["shown"] - drag_times["down"]) / 1000


def wait_figure_change(page, cell, figure, old, timeout):
    """Seconds until the cell's figure is another than `old` (its src)."""
    start = time.perf_counter()
    page.wait_for_function("([cell, old, figure]) => { const image = cell.querySelector(figure);"
                           " return image && image.src !== old; }",
                           arg=[cell.element_handle(), old, figure], timeout=timeout * 1000, polling="raf")
    return time.perf_counter() - start
