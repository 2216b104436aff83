"""Softmax and cross-entropy: values worked out by hand, gradients against finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import LOSSES, Network, get_loss, gradient_check, gradient_report, one_hot, softmax, softmax_cross_entropy
from nnlib import softmax_cross_entropy_gradient as ce_gradient


def test_softmax_by_hand():
    # e^0, e^(ln 3) = 1, 3: probabilities 1/4, 3/4
    assert softmax([[0.0, np.log(3)]]) == pytest.approx(np.array([[0.25, 0.75]]))
    assert softmax([1.0, 1.0, 1.0]) == pytest.approx(np.full(3, 1 / 3))  # 1-D: one sample


def test_softmax_is_stable_for_huge_logits():
    p = softmax([[1000.0, 0.0], [-1000.0, -1000.0]])
    assert np.isfinite(p).all()
    assert p == pytest.approx(np.array([[1.0, 0.0], [0.5, 0.5]]))


def test_cross_entropy_by_hand():
    # two samples, equal logits over 2 classes: each loses log 2; the gradient is (1/2 - y) / 2
    logits, y = np.zeros((2, 2)), np.array([[1.0, 0.0], [0.0, 1.0]])
    assert softmax_cross_entropy(logits, y) == pytest.approx(np.log(2))
    assert ce_gradient(logits, y) == pytest.approx(np.array([[-0.25, 0.25], [0.25, -0.25]]))
    # a confident right answer costs almost nothing, a confident wrong one its margin
    assert softmax_cross_entropy([[50.0, 0.0]], [[1.0, 0.0]]) == pytest.approx(0.0, abs=1e-20)
    assert softmax_cross_entropy([[50.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(50.0)


def test_softmax_cross_entropy_is_in_the_one_table():
    assert LOSSES["softmax_cross_entropy"] == (softmax_cross_entropy, ce_gradient)
    assert get_loss("softmax_cross_entropy")[0] is softmax_cross_entropy
    assert nnlib.softmax is softmax


@settings(max_examples=40, deadline=None)
@given(n_samples=st.integers(1, 5), n_classes=st.integers(2, 5), seed=st.integers(0, 2**32 - 1),
       scale=st.sampled_from([0.1, 1.0, 10.0]))
def test_softmax_rows_are_probabilities(n_samples, n_classes, seed, scale):
    logits = np.random.default_rng(seed).normal(0, scale, size=(n_samples, n_classes))
    p = softmax(logits)
    assert (p >= 0).all() and p.sum(axis=1) == pytest.approx(np.ones(n_samples))
    assert softmax(logits + 7.0) == pytest.approx(p)  # adding a constant to a row changes nothing


@settings(max_examples=40, deadline=None)
@given(n_samples=st.integers(1, 5), n_classes=st.integers(2, 5), seed=st.integers(0, 2**32 - 1))
def test_gradient_matches_finite_differences(n_samples, n_classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 2, size=(n_samples, n_classes))
    y = one_hot(rng.integers(0, n_classes, n_samples), n_classes)
    numeric, eps = np.empty_like(logits), 1e-6
    for index in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[index] += eps
        down[index] -= eps
        numeric[index] = (softmax_cross_entropy(up, y) - softmax_cross_entropy(down, y)) / (2 * eps)
    assert ce_gradient(logits, y) == pytest.approx(numeric, abs=1e-8)


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=2), n_classes=st.integers(2, 4),
       activation=st.sampled_from(["tanh", "sigmoid", "relu"]), seed=st.integers(0, 2**32 - 1))
def test_gradient_check_of_softmax_networks(sizes, n_classes, activation, seed):
    rng = np.random.default_rng(seed)
    network = Network.random([3, *sizes, n_classes], [activation] * len(sizes) + ["identity"], rng,
                             loss="softmax_cross_entropy")
    for layer in network.layers:  # random biases: no z sits exactly on relu's kink (where z = 0 + 0)
        layer.bias[:] = rng.normal(0, 0.5, size=layer.bias.shape)
    X = rng.normal(0, 1, size=(5, 3))
    y = one_hot(rng.integers(0, n_classes, 5), n_classes)
    for record in gradient_report(network, X, y):  # relative error alone is noisy for gradients near 0
        assert record.analytic == pytest.approx(record.numeric, rel=1e-5, abs=1e-8), record.name


def test_gradient_check_of_the_chapters_digit_sized_network():
    rng = np.random.default_rng(0)
    network = Network.random([8, 5, 4], ["tanh", "identity"], rng, loss="softmax_cross_entropy")
    X, y = rng.uniform(0, 1, size=(10, 8)), one_hot(rng.integers(0, 4, 10), 4)
    assert gradient_check(network, X, y) < 1e-7


def test_network_trains_with_softmax_cross_entropy():
    rng = np.random.default_rng(0)
    network = Network.random([2, 3], "identity", rng, loss="softmax_cross_entropy")
    X, y = rng.normal(size=(6, 2)), one_hot([0, 1, 2, 0, 1, 2])
    before = network.train_step(X, y, 0.5)
    assert network.train_step(X, y, 0.5) < before


@pytest.mark.parametrize("function", [softmax_cross_entropy, ce_gradient])
def test_errors_name_the_shapes(function):
    name = function.__name__
    with pytest.raises(ValueError, match=rf"{name} expected y_pred and y_true of the same shape, got \(2, 3\) and "):
        function(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=rf"{name} expected 2-D logits .* \(n_samples, n_classes\), got shape \(3,\)"):
        function(np.zeros(3), np.zeros(3))
    with pytest.raises(TypeError, match=rf"{name} expected y_true to be numeric"):
        function(np.zeros((1, 2)), [["a", "b"]])


def test_softmax_rejects_non_numbers():
    with pytest.raises(TypeError, match="softmax expected logits to be numeric, got strings"):
        softmax(["a", "b"])
