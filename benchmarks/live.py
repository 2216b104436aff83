"""How fast a chapter page goes live: Python in the page itself (live/), as a reader uses it.

The site `make book` built in _build/html is served locally and opened in headless Chromium (the
system's /usr/bin/chromium, offline: nothing but the local server is reachable). Measured:

- click to a live explorer: from pressing "Make live" beside chapter 1's explorer, on a first visit
  (a fresh browser: empty cache), until its figure has answered a drag of its first slider; `runs`
  times, each in a fresh browser; with the bytes fetched from the click until the explorer was there;
- the same on a second chapter page (chapter 2), in the browser that just went live on chapter 1
  (its cache warm), with the automatic start switched off so that the click starts Python; and, with
  it on, from opening that page until its explorer answers, no click at all;
- an explorer update: mouse down on a slider's handle, to drag it in one move, until the new figure
  is in the page, by the page's own clock (chapters 1 and 2), `updates` times;
- an exercise's Run to its feedback: chapter 1's first exercise answered, Run pressed, until
  "Correct!" shows (5 times);
- the bytes of Python's files (lite/pyodide/) fetched by a page read without going live: none;
- chapter 6's training check in Pyodide: its five exercises answered with their solutions on the live
  page, the seconds its check reports for training the reader's network.
"""
import re
import statistics
import sys
import time
from pathlib import Path

from .browser import CHROMIUM, SITE, gzipped_size, serve

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from live_browser import FLAGS, Browsing  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
AUTO = "nnlib-live/v1/auto"


def first_explorer(page):
    return page.cells_tagged("explorer")[0]


def click_to_answer(page, log):
    """Press "Make live" beside the page's explorer; seconds until its figure answers a slider drag,
    and the bytes fetched from the click until the explorer was there."""
    index = first_explorer(page)
    before, urls = page.bytes_loaded(), set(page.sizes)
    start = time.perf_counter()
    page.cell(index).get_by_role("button", name=re.compile("Make live")).click()
    old = page.figure(index)
    shown = time.perf_counter() - start
    fetched = page.bytes_loaded() - before
    gzipped = gzipped_size(set(page.sizes) - urls, page.browsing.base)
    page.drag_slider(index, dx=40, steps=1)
    page.wait_figure_change(index, old)
    answered = time.perf_counter() - start
    timings = page.page.evaluate("window.nnlibLive.live.then(() => window.nnlibLive.timings)")
    log(f"live: {page.name}: explorer shown {shown:.1f} s, answered {answered:.1f} s, {fetched / 1e6:.1f} MB")
    return {"shown_seconds": shown, "answered_seconds": answered, "bytes": fetched, "gzipped_bytes": gzipped,
            "worker_ms": timings}


def exercise_feedback(page, times=5):
    """Seconds from pressing Run on chapter 1's first exercise, answered, to "Correct!" in the page."""
    from test_exercises import exercises_in
    index = page.cells_tagged("exercise")[0]
    code, name, variable, solution = exercises_in(ROOT / "book" / f"{page.name}.ipynb")[0]
    page.set_code(index, f"{code}\n{solution}\nnnlib.exercises.{name}({variable})")
    seconds = []
    for _ in range(times):
        took, shown = page.run(index)
        if "Correct!" not in shown:
            raise RuntimeError(f"{page.name}: the answered exercise shows {shown!r}")
        seconds.append(took)
    return seconds


def capstone_check(browsing, log):
    """Chapter 6 on the live page, its exercises answered with their solutions in order: the seconds its
    training check reports (training the reader's network in Pyodide), and the whole Run."""
    from test_exercises import exercises_in
    page = browsing.open("06_build_it_yourself")
    try:
        page.go_live()
        sources = page.page.evaluate("window.nnlibLive.cells.map(c => c.source)")
        shown = ""
        for code, name, variable, solution in exercises_in(ROOT / "book" / "06_build_it_yourself.ipynb"):
            index = sources.index(code)
            page.set_code(index, f"{solution}\nnnlib.exercises.{name}({variable})")
            took, shown = page.run(index)
            if "Correct!" not in shown:
                raise RuntimeError(f"chapter 6, {name}: the solution shows {shown!r}")
        trained = re.search(r"([0-9.]+) s", shown)
        log(f"live: chapter 6's training check: {shown.strip()[:120]}")
        return {"run_seconds": took, "training_seconds": float(trained.group(1)) if trained else None,
                "shown": shown.strip()}
    finally:
        page.close()


def run(updates, log, runs=3):
    """The live page's figures; returns the results for results.json."""
    if not (SITE / "_static" / "live" / "live.js").exists():
        return {"skipped": "no live page in _build/html: run `make book` first"}
    if not Path(CHROMIUM).exists():
        return {"skipped": "Chromium is not installed (apt-get install chromium)"}
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        first, second, automatic, update_times, feedback = [], [], [], [], []
        for k in range(runs):
            browsing = Browsing(browser, base)
            try:
                page = browsing.open("01_single_neuron")
                first.append(click_to_answer(page, log))
                if k == 0:
                    for _ in range(updates):
                        page.figure(first_explorer(page))
                        update_times.append(page.timed_drag(first_explorer(page), dx=40 if _ % 2 == 0 else -40))
                    feedback = exercise_feedback(page)
                page.page.evaluate(f"localStorage.setItem('{AUTO}', 'off')")  # the click starts Python
                page.close()
                page = browsing.open("02_forward_pass")  # the cache warm
                second.append(click_to_answer(page, log))
                if k == 0:
                    for _ in range(updates):
                        page.figure(first_explorer(page))
                        update_times.append(page.timed_drag(first_explorer(page), dx=40 if _ % 2 == 0 else -40))
                page.page.evaluate(f"localStorage.setItem('{AUTO}', 'on')")
                page.close()
                start = time.perf_counter()
                page = browsing.open("03_backpropagation")  # starts by itself
                index = first_explorer(page)
                old = page.figure(index)
                page.cell(index).locator(".nnlib-live-output").get_by_role("button", name="Step", exact=True).first.click()
                page.wait_figure_change(index, old)
                automatic.append(time.perf_counter() - start)
                log(f"live: chapter 3 opened, live by itself, explorer answered {automatic[-1]:.1f} s after opening")
                page.close()
            finally:
                browsing.close()
        browsing = Browsing(browser, base)
        try:
            page = browsing.open("04_training")
            page.page.mouse.wheel(0, 20000)
            page.page.wait_for_timeout(3000)
            idle_bytes = page.pyodide_bytes()
            page.close()
            capstone = capstone_check(browsing, log)
        finally:
            browsing.close()
        version = browser.version
        browser.close()
    median = statistics.median
    return {"browser": f"Chromium {version}, headless", "runs": runs,
            "first_page": first, "second_page": second, "automatic_start_seconds": automatic,
            "click_to_answer_median_seconds": median(r["answered_seconds"] for r in first),
            "second_page_median_seconds": median(r["answered_seconds"] for r in second),
            "bytes_before_first_explorer_median": median(r["bytes"] for r in first),
            "gzipped_bytes_before_first_explorer_median": median(r["gzipped_bytes"] for r in first),
            "explorer_update_seconds": update_times,
            "explorer_update_median_seconds": median(update_times) if update_times else None,
            "exercise_feedback_seconds": feedback,
            "exercise_feedback_median_seconds": median(feedback) if feedback else None,
            "pyodide_bytes_without_going_live": idle_bytes, "capstone": capstone}


def table(live):
    """The live page's part of the report."""
    if "skipped" in live:
        return [f"The live page: skipped, {live['skipped']}"]
    ms = lambda seconds: f"{seconds * 1e3:.0f} ms"  # noqa: E731
    first = [r["answered_seconds"] for r in live["first_page"]]
    second = [r["answered_seconds"] for r in live["second_page"]]
    lines = [f"The live page ({live['browser']}, {live['runs']} runs, served locally):",
             f"  click to a live explorer answering, first visit: median {statistics.median(first):.1f} s "
             f"({', '.join(f'{s:.1f}' for s in first)})",
             f"  the same on a second chapter page, cache warm: median {statistics.median(second):.1f} s "
             f"({', '.join(f'{s:.1f}' for s in second)})",
             f"  a page that starts by itself, opening to explorer answering: "
             f"{', '.join(f'{s:.1f}' for s in live['automatic_start_seconds'])} s",
             f"  bytes fetched before the first live explorer: median "
             f"{live['bytes_before_first_explorer_median'] / 1e6:.1f} MB "
             f"({live['gzipped_bytes_before_first_explorer_median'] / 1e6:.1f} MB from a server that gzips)",
             f"  explorer update: median {ms(live['explorer_update_median_seconds'])}, "
             f"largest {ms(max(live['explorer_update_seconds']))}",
             f"  exercise Run to feedback: median {ms(live['exercise_feedback_median_seconds'])}",
             f"  Python's bytes fetched by a page read without going live: {live['pyodide_bytes_without_going_live']}"]
    capstone = live["capstone"]
    lines.append(f"  chapter 6's training check in Pyodide: training {capstone['training_seconds']} s, "
                 f"Run to feedback {capstone['run_seconds']:.1f} s")
    return lines
