"""The benchmarks' arithmetic (their timings are not tests: run ``python -m benchmarks``)."""
import pytest

from benchmarks.training import paired_ratios


def test_a_ratio_is_the_median_of_the_repeats_ratios():
    # Repeat 2 ran in a slow spell that doubled every time. The repeats' ratios are 1.1, 1.2 and 1.3
    # (median 1.2), where the ratio of the medians would be 1.3 / 1.0.
    times = {"nnlib": [1.1, 2.4, 1.3], "numpy": [1.0, 2.0, 1.0], "torch": [6.6, 12.0, 6.5]}
    assert paired_ratios(times, ["nnlib", "numpy", "torch"]) == pytest.approx({"nnlib/numpy": 1.2, "torch/nnlib": 5.0})
    assert paired_ratios(times, ["nnlib", "numpy"]) == pytest.approx({"nnlib/numpy": 1.2})
