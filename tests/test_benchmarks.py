"""The benchmarks' arithmetic (their timings are not tests: run ``python -m benchmarks``)."""
import pytest

from benchmarks.goals import check, training_goals
from benchmarks.training import paired_ratios


def test_a_ratio_is_the_median_of_the_repeats_ratios():
    # Repeat 2 ran in a slow spell that doubled every time. The repeats' ratios are 1.1, 1.2 and 1.3
    # (median 1.2), where the ratio of the medians would be 1.3 / 1.0.
    times = {"nnlib": [1.1, 2.4, 1.3], "numpy": [1.0, 2.0, 1.0], "torch": [6.6, 12.0, 6.5]}
    assert paired_ratios(times, ["nnlib", "numpy", "torch"]) == pytest.approx({"nnlib/numpy": 1.2, "torch/nnlib": 5.0})
    assert paired_ratios(times, ["nnlib", "numpy"]) == pytest.approx({"nnlib/numpy": 1.2})


def test_the_guard_goal_counts_micrograd_too():
    training = {"batch_sizes": {"32": {"ratios": {"nnlib/numpy": 1.0, "torch/nnlib": 6.0}, "agree": True,
                                       "max_loss_difference": 1e-16},
                                "256": {"ratios": {"nnlib/numpy": 1.0}, "agree": True, "max_loss_difference": 2e-16}},
                "skipped": {}}
    micrograd = {"batch_sizes": {"1": {"agree": False, "max_loss_difference": 1e-3}}}
    guard = training_goals(training)[-1]
    assert guard["status"] == "PASS" and guard["measured"] == "max |loss difference| 2.0e-16"
    guard = training_goals(training, micrograd)[-1]
    assert guard["status"] == "MISS" and guard["measured"] == "max |loss difference| 1.0e-03"
    assert check({"training": training, "micrograd": micrograd})[-1] == guard
