"""The course's performance goals, checked against a run's results: PASS, MISS or SKIP each.

Only the goals whose part of the benchmark ran are checked.
"""
import statistics

from .explorers import BACKGROUND

NUMPY_RATIO = 1.10        # nnlib's epoch time over the hand-written NumPy's, at most
TORCH_RATIO = 5.0         # PyTorch's epoch time over nnlib's at batch 32, at least
EXPLORER_SECONDS = 0.050  # every explorer control's median update time, below
SUITE_SECONDS = 300.0     # the whole test suite, below
# In the browser (the website's JupyterLite part, first visit, headless Chromium on the 2-core machine):
KERNEL_READY_SECONDS = 8.0       # from opening a chapter to its Python kernel answering, every chapter
BROWSER_UPDATE_SECONDS = 0.150   # an explorer update, slider released to new figure shown (median)
DIGITS_SECONDS = 15.0            # chapter 4's digits training in Pyodide
FIRST_VISIT_MEGABYTES = 40.0     # loaded to open and run the first chapter
# The live page (a chapter page with Python in it, live/; first visit unless said, medians of 3 runs):
LIVE_CLICK_SECONDS = 8.0         # from the click to the first explorer answering its control
LIVE_SECOND_PAGE_SECONDS = 4.0   # the same on a second chapter page, the browser's cache warm
LIVE_UPDATE_SECONDS = 0.150      # an explorer update on the live page
LIVE_FEEDBACK_SECONDS = 1.0      # an exercise's Run to its feedback, once live
LIVE_MEGABYTES = 25.0            # fetched from the click until the first live explorer
CAPSTONE_CHECK_SECONDS = 10.0    # chapter 6's training check in the browser (Pyodide)


def goal(text, status, measured):
    """One checked goal, as it goes into results.json."""
    return {"goal": text, "status": status, "measured": measured}


def training_goals(training, micrograd=None):
    """nnlib near hand-written NumPy, well ahead of PyTorch, and all of them computing the same thing.

    `micrograd` is the micrograd part of the run, if it ran: its guard counts too.
    """
    results = []
    for batch_size in ("32", "256"):
        ratio = training["batch_sizes"][batch_size]["ratios"]["nnlib/numpy"]
        results.append(goal(f"nnlib within {NUMPY_RATIO:.2f}x of hand-written NumPy at batch {batch_size}",
                            "PASS" if ratio <= NUMPY_RATIO else "MISS", f"{ratio:.2f}x"))
    ratio = training["batch_sizes"]["32"]["ratios"].get("torch/nnlib")
    text = f"nnlib at least {TORCH_RATIO:g}x faster than PyTorch (1 thread) at batch 32"
    if ratio is None:
        results.append(goal(text, "SKIP", training["skipped"].get("torch", "torch not measured")))
    else:
        results.append(goal(text, "PASS" if ratio >= TORCH_RATIO else "MISS", f"{ratio:.1f}x"))
    checks = [(f"batch {size}", entry["agree"], entry["max_loss_difference"])
              for size, entry in training["batch_sizes"].items()]
    checks += [(f"micrograd, batch {size}", entry["agree"], entry["max_loss_difference"])
               for size, entry in (micrograd or {}).get("batch_sizes", {}).items()]
    worst = max(difference for _, _, difference in checks)
    results.append(goal("every implementation computes nnlib's losses (guard)",
                        "PASS" if all(agree for _, agree, _ in checks) else "MISS",
                        f"max |loss difference| {worst:.1e}"))
    return results


def explorer_goals(explorers):
    """Every control of every explorer answers in under 50 ms (median) and shows no error.

    The controls in ``BACKGROUND`` are left out of the time (their errors still count).
    """
    rows = [(f"{name}: {control}", entry["median_seconds"])
            for name, explorer in explorers.items() for control, entry in explorer.get("controls", {}).items()
            if f"{name}: {control}" not in BACKGROUND]
    if not rows:
        return [goal(f"every explorer update under {EXPLORER_SECONDS * 1e3:g} ms median", "SKIP", "no explorers")]
    where, slowest = max(rows, key=lambda row: row[1])
    slow = [where for where, seconds in rows if seconds >= EXPLORER_SECONDS]
    failing = [f"{name}: {control}" for name, explorer in explorers.items()
               for control, entry in explorer.get("controls", {}).items() if entry["errors"]]
    failing += [name for name, explorer in explorers.items() if "error" in explorer]
    status = "PASS" if slowest < EXPLORER_SECONDS and not failing else "MISS"
    measured = f"slowest {slowest * 1e3:.1f} ms ({where}); {len(slow)} of {len(rows)} at or over"
    if failing:
        measured += f"; errors in {', '.join(failing)}"
    return [goal(f"every explorer update under {EXPLORER_SECONDS * 1e3:g} ms median", status, measured)]


def test_goals(tests):
    """The whole test suite in under 5 minutes (failing tests are named, but only time decides)."""
    total = tests["total_seconds"]
    measured = f"{total:.1f} s"
    if tests["returncode"] != 0:
        failing = [name for name, part in tests["parts"].items() if not part["passed"]]
        measured += f" ({tests['summary']}; failing in {', '.join(failing) or 'collection'})"
    status = "PASS" if total < SUITE_SECONDS else "MISS"
    return [goal(f"whole test suite under {SUITE_SECONDS / 60:g} minutes", status, measured)]


def browser_goals(browser):
    """The in-browser goals. Kept in the browser part of results.json (`browser.goals`), apart from the
    goals above, which the appendix lists."""
    chapters = browser["chapters"]
    slowest, ready = max(((name, entry["kernel_ready_seconds"]) for name, entry in chapters.items()), key=lambda r: r[1])
    results = [goal(f"kernel ready within {KERNEL_READY_SECONDS:g} s of opening a chapter (every chapter)",
                    "PASS" if ready <= KERNEL_READY_SECONDS else "MISS",
                    f"slowest {ready:.1f} s ({slowest}); median "
                    f"{statistics.median(e['kernel_ready_seconds'] for e in chapters.values()):.1f} s")]
    update = browser["explorer_update_median_seconds"]
    text = f"an explorer update in the browser within {BROWSER_UPDATE_SECONDS * 1e3:g} ms (median)"
    results.append(goal(text, "SKIP", "not measured") if update is None else
                   goal(text, "PASS" if update <= BROWSER_UPDATE_SECONDS else "MISS", f"{update * 1e3:.0f} ms"))
    digits = [e["digits_training_seconds"] for e in chapters.values() if "digits_training_seconds" in e]
    text = f"chapter 4's digits training in the browser within {DIGITS_SECONDS:g} s"
    results.append(goal(text, "SKIP", "not measured") if not digits else
                   goal(text, "PASS" if digits[0] <= DIGITS_SECONDS else "MISS", f"{digits[0]:.1f} s"))
    loaded = browser["first_visit_bytes"] / 1e6
    results.append(goal(f"at most {FIRST_VISIT_MEGABYTES:g} MB loaded to open and run the first chapter",
                        "PASS" if loaded <= FIRST_VISIT_MEGABYTES else "MISS",
                        f"{loaded:.1f} MB ({browser['first_chapter']}; "
                        f"{browser['first_visit_gzipped_bytes'] / 1e6:.1f} MB from a server that gzips)"))
    broken = [name for name, e in chapters.items() if e["errors"] or not e["reached_last_cell"]]
    results.append(goal("every chapter runs to its last cell with no error (guard)", "MISS" if broken else "PASS",
                        f"failing: {', '.join(broken)}" if broken else f"{len(chapters)} chapters"))
    return results


def live_goals(live):
    """The live page's goals, kept in its part of results.json (`live.goals`)."""
    def timed(text, measured, limit, unit="s"):
        shown = f"{measured * 1e3:.0f} ms" if unit == "ms" else f"{measured:.1f} s"
        return goal(text, "PASS" if measured <= limit else "MISS", shown)

    megabytes = live["bytes_before_first_explorer_median"] / 1e6
    capstone = live["capstone"]["training_seconds"]
    return [
        timed(f"live page: click to the first explorer answering within {LIVE_CLICK_SECONDS:g} s",
              live["click_to_answer_median_seconds"], LIVE_CLICK_SECONDS),
        timed(f"live page: the same on a second chapter page (cache warm) within {LIVE_SECOND_PAGE_SECONDS:g} s",
              live["second_page_median_seconds"], LIVE_SECOND_PAGE_SECONDS),
        timed(f"live page: an explorer update within {LIVE_UPDATE_SECONDS * 1e3:g} ms (median)",
              live["explorer_update_median_seconds"], LIVE_UPDATE_SECONDS, "ms"),
        timed(f"live page: an exercise's Run to its feedback within {LIVE_FEEDBACK_SECONDS:g} s",
              live["exercise_feedback_median_seconds"], LIVE_FEEDBACK_SECONDS, "ms"),
        goal(f"live page: at most {LIVE_MEGABYTES:g} MB fetched before the first live explorer",
             "PASS" if megabytes <= LIVE_MEGABYTES else "MISS",
             f"{megabytes:.1f} MB ({live['gzipped_bytes_before_first_explorer_median'] / 1e6:.1f} MB from a "
             "server that gzips)"),
        goal("live page: no byte of Python fetched by a page read without going live",
             "PASS" if live["pyodide_bytes_without_going_live"] == 0 else "MISS",
             f"{live['pyodide_bytes_without_going_live']} bytes"),
        goal(f"chapter 6's training check in the browser within {CAPSTONE_CHECK_SECONDS:g} s", "SKIP", "not measured")
        if capstone is None else timed(f"chapter 6's training check in the browser within {CAPSTONE_CHECK_SECONDS:g} s",
                                       capstone, CAPSTONE_CHECK_SECONDS),
    ]


def check(results):
    """Every goal whose part is in `results` (keys "training", "explorers", "tests"; the optimisers' explorer
    counts with the explorers)."""
    checked = []
    if "training" in results:
        checked += training_goals(results["training"], results.get("micrograd"))
    if "explorers" in results:  # chapter 5's explorer is timed with the optimisers: it counts too
        explorers = dict(results["explorers"])
        if "explorer" in results.get("optimizers", {}):
            explorers["optimizer_explorer"] = results["optimizers"]["explorer"]
        checked += explorer_goals(explorers)
    if "tests" in results:
        checked += test_goals(results["tests"])
    return checked
