"""nnlib.figures.benchmarks: the appendix's tables and plot, on a small made-up run and on the committed one."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib.figures import benchmarks, plots

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


def test_browser_table_has_a_row_per_chapter():
    results = {"browser": {"chapters": {
        "01_single_neuron.ipynb": {"kernel_ready_seconds": 12.34, "run_all_seconds": 8.0, "bytes_after_run_all": 44e6},
        "02_forward_pass.ipynb": {"kernel_ready_seconds": 9.96, "run_all_seconds": 7.25, "bytes_after_run_all": 4.4e7}}}}
    lines = benchmarks.browser_table(results).splitlines()
    assert len(lines) == 4 and lines[1] == "|---|---:|---:|---:|"
    assert lines[2] == "| 01_single_neuron | 12.3 | 8.0 | 44.0 |"
    assert lines[3] == "| 02_forward_pass | 10.0 | 7.2 | 44.0 |"
    with pytest.raises(ValueError, match="with a 'browser' part"):
        benchmarks.browser_table({"training": {}})
