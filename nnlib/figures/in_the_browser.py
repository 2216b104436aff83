"""The appendix "How fast is nnlib?", in the browser: the chapters as notebooks (JupyterLite) and the
live chapter pages, from a benchmark run's ``results.json``.

Either part may be missing from a run (not measured yet) or hold only ``{"skipped": why}``: these
functions then say so instead of raising.
"""
from .benchmarks import check_run, not_measured


def browser_table(results):
    """The in-browser benchmark as a Markdown table: one row per chapter, from opening it to running it.

    Parameters
    ----------
    results : dict
        A benchmark run (``benchmarks/results.json``); its ``browser`` part lists the chapters measured.

    Returns
    -------
    str
        Columns: the chapter, seconds until its kernel is ready, seconds for its first run of every
        cell, and megabytes loaded by then. Without a measured browser part, a sentence saying so.
    """
    check_run(results, "browser_table")
    browser = results.get("browser", {})
    if "chapters" not in browser:
        return f"*In the browser: {not_measured(browser)}.*"
    rows = ["| chapter | kernel ready (s) | first run of every cell (s) | loaded by then (MB) |",
            "|---|---:|---:|---:|"]
    for name, chapter in browser["chapters"].items():
        rows.append(f"| {name.removesuffix('.ipynb')} | {chapter['kernel_ready_seconds']:.1f} | "
                    f"{chapter['run_all_seconds']:.1f} | {chapter['bytes_after_run_all'] / 1e6:.1f} |")
    return "\n".join(rows)


def browser_summary(results):
    """One or two lines on the chapters in the browser: the explorer update and the digits training."""
    check_run(results, "browser_summary")
    browser = results.get("browser", {})
    if "chapters" not in browser:
        return f"In the browser: {not_measured(browser)}."
    update = browser.get("explorer_update_median_seconds")
    digits = [(name, chapter["digits_training_seconds"]) for name, chapter in browser["chapters"].items()
              if "digits_training_seconds" in chapter]
    lines = [f"{browser['browser']}, {len(browser['chapters'])} chapters:",
             "  an explorer update: " + ("not measured" if update is None else f"{update * 1e3:.0f} ms (median)")]
    for name, seconds in digits:
        lines.append(f"  the digits training of {name.removesuffix('.ipynb')}: {seconds:.1f} s")
    return "\n".join(lines)


LIVE_FIGURES = [("click on Make live to the explorer answering", "click_to_answer_median_seconds", "s"),
                ("the same on a second chapter page (cache warm)", "second_page_median_seconds", "s"),
                ("an explorer update", "explorer_update_median_seconds", "ms"),
                ("an exercise's Run to its feedback", "exercise_feedback_median_seconds", "ms"),
                ("fetched before the first live explorer", "bytes_before_first_explorer_median", "MB")]
"""The live page's figures the appendix shows: (label, key in ``results["live"]``, unit), medians."""


def live_summary(results):
    """The chapter pages going live (``results["live"]``), as lines of text, or that they were not measured.

    Parameters
    ----------
    results : dict
        A benchmark run; its ``live`` part may be missing (not measured yet) or skipped.

    Returns
    -------
    str
        The browser and the number of runs, then one line per figure of ``LIVE_FIGURES`` (medians).
    """
    check_run(results, "live_summary")
    live = results.get("live", {})
    if "click_to_answer_median_seconds" not in live:
        return (f"The live page: {not_measured(live)}\n(`python -m benchmarks --only live --merge` "
                "measures it into results.json).")
    lines = [f"The live page ({live.get('browser', 'a browser')}, medians of {live.get('runs', '?')} "
             "first visits):"]
    for label, key, unit in LIVE_FIGURES:
        value = live.get(key)
        if value is None:
            shown = "not measured"
        elif unit == "ms":
            shown = f"{value * 1e3:.0f} ms"
        elif unit == "MB":
            shown = f"{value / 1e6:.1f} MB"
            gzipped = live.get("gzipped_bytes_before_first_explorer_median")
            if gzipped is not None:
                shown += f" ({gzipped / 1e6:.1f} MB gzipped)"
        else:
            shown = f"{value:.1f} s"
        lines.append(f"  {label}: {shown}")
    return "\n".join(lines)
