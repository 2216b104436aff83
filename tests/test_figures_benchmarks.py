"""nnlib.figures.benchmarks: the appendix's tables and plot, on a small made-up run and on the committed one."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from benchmarks.goals import browser_goals, live_goals
from nnlib.figures import benchmarks, in_the_browser, plots, speed_goals

ROOT = Path(__file__).resolve().parent.parent


def made_up_run(torch=True, micrograd=True):
    """A benchmark run with round numbers: nnlib 40 µs per step at batch 1, numpy 32, torch 200, micrograd
    8 ms at batch 1 only (20 ms with the garbage collector running)."""
    def run(size):
        seconds = {"nnlib": 40e-6 * size ** 0.5, "numpy": 32e-6 * size ** 0.5}
        ratios = {"nnlib/numpy": 1.25}
        if torch:
            seconds["torch"] = 200e-6 * size ** 0.5
            ratios["torch/nnlib"] = 5.0
        return {"step_seconds": seconds, "ratios": ratios}

    run_ = {
        "machine": {"cpu": "a CPU", "cores": 2, "python": "3.11", "numpy": "2.0", "torch": "2.13" if torch else None,
                    "micrograd": "0.1.0" if micrograd else None, "load_average_at_start": [1.25, 1.0, 1.0]},
        "date": "2026-01-02T03:04:05", "command": "python -m benchmarks",
        "training": {"batch_sizes": {"1": run(1), "4": run(4)}, "skipped": {}},
    }
    if micrograd:
        run_["micrograd"] = {
            "samples_per_batch_size": 64, "repeats": 3,
            "batch_sizes": {"1": {"step_seconds": {"micrograd": 8e-3, "nnlib": 30e-6,
                                                   "micrograd, garbage collector running": 20e-3}}},
            "not_timed": {"4": "too deep"}}
        run_["merged"] = {"micrograd": {"date": "2026-02-03T00:00:00", "machine": {"load_average_at_start": [2.5]}}}
    return run_


NBSP = "\u00a0"  # between a number and its unit: the two stay on one line


def cells(row):
    """The cells of a Markdown table row, an escaped "\\|" staying inside its cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_training_table_has_a_row_per_batch_size_with_times_and_ratios():
    rows = benchmarks.training_table(made_up_run()).splitlines()
    assert cells(rows[0]) == ["batch", "nnlib", "NumPy by hand", "PyTorch", "micrograd",
                              "nnlib / NumPy", "PyTorch / nnlib", "micrograd / nnlib"]
    assert [cell.replace(NBSP, " ") for cell in cells(rows[2])] == ["1", "40.0 µs", "32.0 µs", "200 µs", "8.0 ms",
                                                                    "1.25x", "5.0x", "200x"]
    assert [cell.replace(NBSP, " ") for cell in cells(rows[3])] == ["4", "80.0 µs", "64.0 µs", "400 µs", "—",
                                                                    "1.25x", "5.0x", "—"]
    assert len(rows) == 4 and all(len(cells(row)) == 8 for row in rows)


def test_training_table_without_torch_and_micrograd_leaves_their_columns_out():
    run = made_up_run(torch=False, micrograd=False)
    rows = benchmarks.training_table(run).splitlines()
    assert benchmarks.implementations(run) == ["nnlib", "numpy"]
    assert cells(rows[0]) == ["batch", "nnlib", "NumPy by hand", "nnlib / NumPy"]
    assert cells(rows[2]) == ["1", f"40.0{NBSP}µs", f"32.0{NBSP}µs", "1.25x"]


@pytest.mark.parametrize("seconds, text", [(3.2e-5, "32.0 µs"), (2.046e-4, "205 µs"), (7.62e-3, "7.6 ms"),
                                           (0.2478, "248 ms"), (2.774, "2.77 s")])
def test_times_are_written_in_the_unit_that_suits_them(seconds, text):
    assert benchmarks.format_seconds(seconds) == text.replace(" ", NBSP)


@pytest.mark.parametrize("ratio, text", [(1.165, "1.17x"), (6.41, "6.4x"), (238.1, "238x"), (6657.3, "6,660x"),
                                         (74516, "74,500x")])
def test_ratios_keep_about_three_digits(ratio, text):
    assert benchmarks.format_ratio(ratio) == text


def test_micrograd_method_says_how_it_was_timed_and_what_the_collector_adds():
    text = benchmarks.micrograd_method(made_up_run())
    assert "the first 64 samples" in text and "the median of 3 repeats" in " ".join(text.split())
    assert f"batch 1: 20.0{NBSP}ms per step, 500x nnlib's time" in text  # 20 ms over the table's 40 µs
    assert "micrograd at batch 4 is not timed: too deep." in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert benchmarks.micrograd_method(made_up_run(micrograd=False)) == "micrograd: not measured"


def test_describe_machine_names_each_parts_date_machine_and_load():
    text = benchmarks.describe_machine(made_up_run(torch=False))
    assert "a CPU, 2 cores" in text and "PyTorch not installed" in text and "micrograd 0.1.0" in text
    assert "training: 2026-01-02, 1-minute load average at the start 1.2" in text
    assert "micrograd: 2026-02-03, 1-minute load average at the start 2.5" in text


def test_time_per_sample_bars_are_step_time_over_batch_size():
    fig = plots.new_figure()
    ax = fig.add_subplot()
    bars = benchmarks.draw_time_per_sample(ax, made_up_run())
    assert [container.get_label() for container in bars] == ["nnlib", "NumPy by hand", "PyTorch", "micrograd"]
    heights = [[patch.get_height() for patch in container] for container in bars]
    np.testing.assert_allclose(heights, [[40, 40 * 2 / 4], [32, 32 * 2 / 4], [200, 200 * 2 / 4], [8000, np.nan]])
    assert ax.get_yscale() == "log"


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="with a 'training' part"):
        benchmarks.training_table({"explorers": {}})


def test_the_committed_results_fill_the_appendix_table():
    """Every implementation has a time at batch 1 and 32, and micrograd's guard held."""
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    assert benchmarks.implementations(results) == ["nnlib", "numpy", "torch", "micrograd"]
    for size in ("1", "32"):
        assert all(benchmarks.step_seconds(results, name, size) for name in benchmarks.IMPLEMENTATIONS)
        assert results["micrograd"]["batch_sizes"][size]["agree"]


def chapter(ready, run_all, megabytes, **more):
    return {"kernel_ready_seconds": ready, "run_all_seconds": run_all, "bytes_after_run_all": megabytes * 1e6,
            "bytes_at_kernel_ready": 30e6, "gzipped_bytes_after_run_all": megabytes * 0.65e6,
            "reached_last_cell": True, "errors": [], **more}


def browser_part(chapters):
    """A browser part as benchmarks/browser.py writes it, its goals checked by benchmarks/goals.py."""
    first = next(iter(chapters))
    part = {"browser": "Chromium 1.0, headless", "chapters": chapters, "explorer_update_median_seconds": 0.1215,
            "first_chapter": first, "first_visit_bytes": chapters[first]["bytes_after_run_all"],
            "first_visit_gzipped_bytes": chapters[first]["gzipped_bytes_after_run_all"]}
    part["goals"] = browser_goals(part)
    return part


def live_part():
    """A live part with the keys benchmarks/live.py writes, its goals checked by benchmarks/goals.py."""
    part = {"browser": "Chromium 1.0, headless", "runs": 3, "click_to_answer_median_seconds": 6.25,
            "second_page_median_seconds": 5.0, "explorer_update_median_seconds": 0.0954,
            "exercise_feedback_median_seconds": 0.12, "bytes_before_first_explorer_median": 21.04e6,
            "gzipped_bytes_before_first_explorer_median": 13.2e6, "pyodide_bytes_without_going_live": 0,
            "capstone": {"training_seconds": 4.0}}
    part["goals"] = live_goals(part)
    return part


def test_browser_table_has_a_row_per_chapter_the_run_measured():
    results = {"browser": {"chapters": {"01_single_neuron.ipynb": chapter(12.34, 8.0, 44),
                                        "02_forward_pass.ipynb": chapter(9.96, 7.25, 44),
                                        "06_build_it_yourself.ipynb": chapter(9.0, 30.0, 45.5)}}}
    lines = in_the_browser.browser_table(results).splitlines()
    assert len(lines) == 5 and lines[1] == "|---|---:|---:|---:|"
    assert lines[2] == "| 01_single_neuron | 12.3 | 8.0 | 44.0 |"
    assert lines[3] == "| 02_forward_pass | 10.0 | 7.2 | 44.0 |"
    assert lines[4] == "| 06_build_it_yourself | 9.0 | 30.0 | 45.5 |"
    with pytest.raises(ValueError, match="expected the dictionary of a benchmark run"):
        in_the_browser.browser_table([])


@pytest.mark.parametrize("part, said", [(None, "not measured yet"), ({"skipped": "no Chromium"},
                                                                      "not measured (no Chromium)")])
def test_a_browser_part_not_measured_is_said_so(part, said):
    results = made_up_run() if part is None else {**made_up_run(), "browser": part}
    assert in_the_browser.browser_table(results) == f"*In the browser: {said}.*"
    assert in_the_browser.browser_summary(results) == f"In the browser: {said}."


def test_browser_summary_finds_the_digits_training_wherever_it_is():
    results = {"browser": browser_part({"01_single_neuron.ipynb": chapter(15.2, 8.4, 44),
                                        "04_training.ipynb": chapter(15.0, 22.8, 44, digits_training_seconds=1.27)})}
    assert in_the_browser.browser_summary(results).splitlines() == [
        "Chromium 1.0, headless, 2 chapters:", "  an explorer update: 122 ms (median)",
        "  the digits training of 04_training: 1.3 s"]


def test_the_live_page_not_measured_yet_is_said_plainly():
    text = in_the_browser.live_summary(made_up_run())
    assert text.startswith("The live page: not measured yet") and "--only live --merge" in text
    assert "not measured (no site)" in in_the_browser.live_summary({"live": {"skipped": "no site"}})


def test_the_live_page_shows_its_medians_from_the_keys_live_py_writes():
    lines = in_the_browser.live_summary({"live": live_part()}).splitlines()
    assert lines == ["The live page (Chromium 1.0, headless, medians of 3 first visits):",
                     "  click on Make live to the explorer answering: 6.2 s",
                     "  the same on a second chapter page (cache warm): 5.0 s",
                     "  an explorer update: 95 ms",
                     "  an exercise's Run to its feedback: 120 ms",
                     "  fetched before the first live explorer: 21.0 MB (13.2 MB gzipped)"]
    assert max(len(line) for line in lines) <= 80


def test_goals_are_marked_met_or_missed_from_the_data_and_the_live_page_when_absent():
    run = {**made_up_run(), "goals": [{"goal": "nnlib within 1.10x of NumPy at batch 32", "status": "PASS",
                                       "measured": "1.04x"},
                                      {"goal": "the guard", "status": "PASS", "measured": "max |loss difference| 1e-16"}],
           "browser": browser_part({"01_single_neuron.ipynb": chapter(15.2, 8.4, 44)})}
    rows = speed_goals.goal_table(run).splitlines()
    assert cells(rows[0]) == ["where", "goal", "measured", "verdict"]
    assert cells(rows[3]) == ["CPython, on the machine", "the guard", "max \\|loss difference\\| 1e-16", "met"]
    kernel = [cells(row) for row in rows if "kernel ready within 8 s" in row][0]
    assert kernel[0] == "JupyterLite, in a browser" and kernel[3] == "**missed**"  # 15.2 s, over 8 s
    assert cells(rows[-1]) == ["live page, in a browser", "its goals", "not measured yet", "—"]
    verdict = speed_goals.goal_verdict(run)
    assert verdict.startswith("goals met: 4 of 6 measured\nmissed: kernel ready within 8 s")  # digits: SKIP
    flat = " ".join(verdict.split())
    assert "at most 40 MB loaded" in flat and "not measured yet: every goal of the live page, in a browser; " \
        "chapter 4's digits training in the browser within 15 s [JupyterLite, in a browser]" in flat
    assert max(len(line) for line in verdict.splitlines()) <= 80


def test_the_live_pages_goals_join_the_table_once_measured():
    run = {**made_up_run(), "goals": [], "live": live_part()}
    rows = [cells(row) for row in speed_goals.goal_table(run).splitlines()[2:]]
    live = [row for row in rows if row[0] == "live page, in a browser"]
    assert [row[1] for row in live] == [g["goal"] for g in live_part()["goals"]]
    second = [row for row in live if "second chapter page" in row[1]][0]
    assert second[2:] == ["5.0 s", "**missed**"]  # over its 4 s goal
    assert [row[1:] for row in rows if row[0] == "CPython, on the machine"] == [["its goals", "not measured yet", "—"]]


def test_the_loss_guard_prints_every_difference_and_says_when_one_disagrees():
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    text = benchmarks.loss_guard(results)
    for size, run in results["training"]["batch_sizes"].items():
        shown = f"{run['max_loss_difference']:.1e}" if run["max_loss_difference"] else "0"
        assert f"batch {size}: {shown}" in " ".join(text.split())
    assert "micrograd, its step losses" in text and text.endswith("every implementation agrees with nnlib")
    results["training"]["batch_sizes"]["32"]["agree"] = False
    assert "NOT every implementation agrees" in benchmarks.loss_guard(results)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_readings_are_the_tables_ratios_as_percentages_and_growth():
    text = " ".join(benchmarks.readings(made_up_run()).split())
    assert "+25% at batch 1, +25% at batch 4" in text and "a step on a batch of 32" not in text
    run = made_up_run()
    run["training"]["batch_sizes"]["32"] = {"step_seconds": {"nnlib": 80e-6, "numpy": 75e-6},
                                            "ratios": {"nnlib/numpy": 0.98}}
    run["micrograd"]["batch_sizes"]["32"] = {"step_seconds": {"micrograd": 0.25}}
    text = " ".join(benchmarks.readings(run).split())
    assert "-2% at batch 32" in text and "nnlib 2.00 times as long, micrograd 31.2 times" in text
