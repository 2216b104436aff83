"""nnlib.figures.benchmarks: the appendix's tables and plot, on a small made-up run and on the committed one."""
import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnlib.figures import benchmarks, plots

ROOT = Path(__file__).resolve().parent.parent


def made_up_run(torch=True):
    """A benchmark run with round numbers: nnlib 40 µs per step at batch 1, numpy 32, torch 200."""
    def run(size):
        seconds = {"nnlib": 40e-6 * size ** 0.5, "numpy": 32e-6 * size ** 0.5}
        ratios = {"nnlib/numpy": 1.25}
        if torch:
            seconds["torch"] = 200e-6 * size ** 0.5
            ratios["torch/nnlib"] = 5.0
        return {"step_seconds": seconds, "ratios": ratios}

    return {
        "machine": {"cpu": "a CPU", "cores": 2, "python": "3.11", "numpy": "2.0", "torch": "2.13" if torch else None,
                    "micrograd": None, "load_average_at_start": [1.25, 1.0, 1.0]},
        "date": "2026-01-02T03:04:05", "command": "python -m benchmarks",
        "training": {"batch_sizes": {"1": run(1), "4": run(4)},
                     "micrograd": {"sample_seconds": {"micrograd": 0.01}}},
        "goals": [
            {"goal": "nnlib within 1.10x of hand-written NumPy at batch 32", "status": "MISS", "measured": "1.25x"},
            {"goal": "every implementation reaches nnlib's loss after one epoch (guard)", "status": "PASS",
             "measured": "max |loss difference| 1.0e-16"},
            {"goal": "every explorer update under 50 ms median", "status": "PASS", "measured": "slowest 9 ms"},
            {"goal": "whole test suite under 5 minutes", "status": "PASS", "measured": "60 s"},
        ],
    }


def cells(row):
    """The cells of a Markdown table row, an escaped "\\|" staying inside its cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_training_table_has_a_row_per_batch_size_with_times_and_ratios():
    rows = benchmarks.training_table(made_up_run()).splitlines()
    assert cells(rows[0]) == ["batch", "nnlib (µs/step)", "numpy (µs/step)", "torch (µs/step)",
                              "nnlib / numpy", "torch / nnlib"]
    assert cells(rows[2]) == ["1", "40.0", "32.0", "200.0", "1.25x", "5.0x"]
    assert cells(rows[3]) == ["4", "80.0", "64.0", "400.0", "1.25x", "5.0x"]
    assert len(rows) == 4 and all(len(cells(row)) == 6 for row in rows)


def test_training_table_without_torch_leaves_its_column_out():
    rows = benchmarks.training_table(made_up_run(torch=False)).splitlines()
    assert benchmarks.implementations(made_up_run(torch=False)) == ["nnlib", "numpy"]
    assert cells(rows[0])[1:3] == ["nnlib (µs/step)", "numpy (µs/step)"]
    assert cells(rows[2]) == ["1", "40.0", "32.0", "1.25x", "n/a"]


def test_describe_machine_names_date_machine_and_load():
    text = benchmarks.describe_machine(made_up_run(torch=False))
    assert "2026-01-02" in text and "a CPU, 2 cores" in text and "PyTorch not installed" in text
    assert "load average at the start: 1.2" in text


def test_time_per_sample_bars_are_step_time_over_batch_size():
    fig = plots.new_figure()
    ax = fig.add_subplot()
    bars = benchmarks.draw_time_per_sample(ax, made_up_run())
    assert [container.get_label() for container in bars] == ["nnlib", "numpy", "torch"]
    heights = [[patch.get_height() for patch in container] for container in bars]
    np.testing.assert_allclose(heights, [[40, 40 * 2 / 4], [32, 32 * 2 / 4], [200, 200 * 2 / 4]])
    assert ax.get_yscale() == "log"
    assert [line.get_ydata()[0] for line in ax.get_lines()] == [pytest.approx(1e4)]  # micrograd, 0.01 s


def test_goals_are_split_by_part_and_pipes_escaped():
    run = made_up_run()
    training = benchmarks.goals_of(run, "training")
    assert [goal["status"] for goal in training] == ["MISS", "PASS"]
    assert len(benchmarks.goals_of(run, "explorers")) == len(benchmarks.goals_of(run, "tests")) == 1
    rows = benchmarks.goals_table(training).splitlines()
    assert cells(rows[3]) == ["every implementation reaches nnlib's loss after one epoch (guard)",
                              r"max \|loss difference\| 1.0e-16", "PASS"]
    assert all(len(cells(row)) == 3 for row in rows)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="part 'training', 'explorers' or 'tests', got 'widgets'"):
        benchmarks.goals_of(made_up_run(), "widgets")
    with pytest.raises(ValueError, match="with a 'training' part"):
        benchmarks.training_table({"explorers": {}})


def test_committed_results_give_the_appendix_its_four_training_goals():
    """The appendix says "four goals for the speed of training": the committed run must have four."""
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    assert len(benchmarks.goals_of(results, "training")) == 4
    assert len(benchmarks.goals_of(results)) + len(benchmarks.goals_of(results, "explorers")) \
        + len(benchmarks.goals_of(results, "tests")) == len(results["goals"])


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
