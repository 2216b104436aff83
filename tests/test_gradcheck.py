"""Backpropagation against central finite differences, on random networks. Chapter 3."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnlib import ACTIVATIONS, Dense, GradientRecord, Network, gradient_check, gradient_report, mse
from nnlib.gradcheck import TOLERANCE, relative_error, rounding_floor
from nnlib.seed import SEED_BACKPROP_INPUTS, seed_backprop_network

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@st.composite
def problems(draw, activation=None):
    """A random network (depth 1-4, widths 1-9), batch (1-16 samples) and targets."""
    depth = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 9), min_size=depth + 1, max_size=depth + 1))
    names = st.just(activation) if activation else st.sampled_from(list(ACTIVATIONS))
    activations = draw(st.lists(names, min_size=depth, max_size=depth))
    n_samples = draw(st.integers(1, 16))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network.random(sizes, activations, rng=rng)
    for layer in net.layers:
        layer.bias += rng.normal(0, 0.5, layer.n_neurons)  # non-zero biases
    X = rng.uniform(-2, 2, size=(n_samples, sizes[0]))
    y = rng.normal(size=(n_samples, sizes[-1]))
    # a finite difference that crosses ReLU's kink at z = 0 measures a different function: stay away
    net.forward(X)
    assume(all(np.abs(layer.z).min() > 1e-4 for layer in net.layers if layer.activation == "relu"))
    return net, X, y


def assert_backward_matches_finite_differences(net, X, y):
    # A finite difference of a loss L carries about 1e-16 * L / eps = 1e-10 * L of rounding noise:
    # allow 100 times that in absolute terms, and a relative error of 1e-6 above it.
    atol = 1e-8 * max(mse(net.forward(X), y), 1.0)
    for record in gradient_report(net, X, y):
        np.testing.assert_allclose(record.analytic, record.numeric, rtol=1e-6, atol=atol, err_msg=record.name)
    # and the gradient backward returns for X
    net.forward(X)
    d_X, eps = net.backward(y), 1e-6
    numeric = np.empty_like(X)
    for i in np.ndindex(X.shape):
        step = np.zeros_like(X)
        step[i] = eps
        numeric[i] = (mse(net.predict(X + step), y) - mse(net.predict(X - step), y)) / (2 * eps)
    np.testing.assert_allclose(d_X, numeric, rtol=1e-6, atol=atol, err_msg="dL/dX")


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@FAST
@given(data=st.data())
def test_backward_matches_finite_differences(activation, data):
    assert_backward_matches_finite_differences(*data.draw(problems(activation)))


@settings(FAST, max_examples=80)
@given(problem=problems())
def test_backward_matches_finite_differences_mixed_activations(problem):
    assert_backward_matches_finite_differences(*problem)


def test_seed_network_passes():
    net = seed_backprop_network()
    assert gradient_check(net, [SEED_BACKPROP_INPUTS], [[1]]) < TOLERANCE


def test_report_records():
    rng = np.random.default_rng(0)
    net = Network.random([3, 4, 2], ["tanh", "sigmoid"], rng=rng)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    report = gradient_report(net, X, y)
    assert [r.name for r in report] == net.parameter_names()
    for record, parameter in zip(report, net.parameters()):
        assert isinstance(record, GradientRecord)
        assert record.analytic.shape == record.numeric.shape == record.relative_error.shape == parameter.shape
        assert record.max_relative_error == record.relative_error.max() < TOLERANCE
        assert type(record.max_relative_error) is float
        assert record.kinks.shape == parameter.shape and not record.kinks.any()  # tanh and sigmoid: no kinks
        assert record.floor == rounding_floor(mse(net.forward(X), y), 1e-6)
    assert gradient_check(net, X, y) == max(r.max_relative_error for r in report)


def test_parameters_restored_exactly():
    rng = np.random.default_rng(3)
    net = Network.random([2, 3, 1], ["relu", "identity"], rng=rng)
    X, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    before = [p.copy() for p in net.parameters()]
    objects = net.parameters()
    gradient_check(net, X, y, eps=1e-3)
    for p, q, b in zip(net.parameters(), objects, before):
        assert p is q
        np.testing.assert_array_equal(p, b)


def test_relative_error_is_zero_where_both_are_zero():
    # a dead ReLU unit: both gradients exactly 0
    net = Network([Dense([[1.0, -1.0]], [0.0, -5.0], "relu"), Dense([[1.0], [1.0]], [0.0], "identity")])
    report = gradient_report(net, [[1.0]], [[0.0]])
    assert report[0].analytic[0, 1] == 0 and report[0].numeric[0, 1] == 0
    assert report[0].relative_error[0, 1] == 0


# ---- the verdict on many fresh networks: no false alarm, every planted bug caught ------------------------
# 4-8-8-3 networks as Network.random makes them (zero biases), targets from a normal distribution. With
# `off_row`, sample 0 is all zeros: every layer-1 z is exactly 0 (each ReLU sits on its kink and counts as
# off), so is every layer-2 z, and every bias's finite difference straddles a kink.

def fresh(activation, seed, off_row=False, sizes=(4, 8, 8, 3), loss="mse"):
    rng = np.random.default_rng(seed)
    net = Network.random(list(sizes), [activation] * (len(sizes) - 2) + ["identity"], rng=rng, loss=loss)
    X = rng.normal(size=(10, sizes[0]))
    if off_row:
        X[0] = 0.0
    y = rng.normal(size=(10, sizes[-1])) if loss == "mse" else np.eye(sizes[-1])[rng.integers(0, sizes[-1], 10)]
    return net, X, y


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("off_row", [False, True], ids=["random samples", "a sample switching ReLUs off"])
def test_no_false_alarm_on_fresh_networks(activation, off_row):
    errors = [gradient_check(*fresh(activation, seed, off_row)) for seed in range(40)]
    assert max(errors) < TOLERANCE / 30, max(errors)  # measured: below 3e-5 on 200 networks each


def test_no_false_alarm_with_cross_entropy():
    errors = [gradient_check(*fresh(activation, seed, loss="softmax_cross_entropy"))
              for activation in ("relu", "tanh", "sigmoid") for seed in range(10)]
    assert max(errors) < TOLERANCE / 30, max(errors)


def test_kinks_are_found_and_compared_one_sided():
    net, X, y = fresh("relu", 0, off_row=True)
    report = gradient_report(net, X, y)
    layer1_bias, layer2_bias = report[1], report[3]
    assert layer1_bias.kinks.all() and layer2_bias.kinks.all()  # z = 0 + bias: +eps switches a ReLU on
    assert not report[2].kinks.any()  # layer-2 weights multiply A1, which is 0 for sample 0: nothing switches
    assert not any(r.uncounted.any() for r in report)  # -eps switches nothing: that side is compared
    assert gradient_check(net, X, y) < TOLERANCE / 30


def test_a_kink_by_hand():
    # z = x w + b = 0 exactly: relu'(0) = 0 for backprop; the central difference (L(b + eps) - L(b - eps)) /
    # (2 eps) averages the slopes 0 and 1, the one-sided (L(b) - L(b - eps)) / eps is backprop's 0
    net = Network([Dense([[1.0]], [0.0], "relu"), Dense([[1.0]], [0.0], "identity")])
    report = gradient_report(net, [[0.0]], [[-1.0]])
    assert report[1].analytic[0] == 0 and report[1].kinks[0] and not report[1].uncounted[0]
    assert report[1].numeric[0] == 0 and report[1].max_relative_error == 0
    assert not report[0].kinks[0, 0]  # the weight multiplies x = 0: nudging it switches nothing
    # z = +-1e-7 for two samples: b + eps switches the second on, b - eps the first off: no side is clean
    both = gradient_report(net, [[1e-7], [-1e-7]], [[-1.0], [-1.0]])
    assert both[1].kinks[0] and both[1].uncounted[0] and both[1].max_relative_error == 0


def test_a_tiny_gradient_is_no_false_alarm():
    # tanh(10): tanh' = 8e-9, so dL/dw is about 1e-8, as small as the finite difference's rounding noise
    net = Network([Dense([[10.0]], [0.0], "tanh"), Dense([[1.0]], [0.0], "identity")])
    record = gradient_report(net, [[1.0]], [[0.0]])[0]
    assert abs(record.analytic[0, 0]) < 1e-7
    old = np.abs(record.analytic - record.numeric) / (np.abs(record.analytic) + np.abs(record.numeric))
    assert old.max() > 1e-3  # |a - n| / (|a| + |n|) would call it wrong
    assert record.max_relative_error < TOLERANCE / 100


def test_relative_error_has_a_floor():
    assert relative_error(1e-9, 2e-9) == pytest.approx(0.5)
    assert relative_error(1e-9, 2e-9, floor=1e-6) == pytest.approx(1e-3)
    assert relative_error(1.0, 1.01, floor=1e-6) == pytest.approx(0.01 / 1.01)
    assert relative_error(0.0, 0.0) == 0.0
    assert 1e-3 >= TOLERANCE > 0


def plant(monkeypatch, layer, bug):
    """Make `layer`'s backward wrong in one of the ways a learner's can be."""
    right = type(layer)._backward

    def wrong(self, d_a, d_inputs=True):
        d_X = right(self, d_a, d_inputs)
        if bug == "1% in dweights":
            self.dweights = 1.01 * self.dweights
        elif bug == "1% in dbias":
            self.dbias = 1.01 * self.dbias
        elif bug == "forgotten relu'":  # dZ = dA: the gradient goes through switched-off neurons
            self.dweights, self.dbias = self.inputs.T @ d_a, d_a.sum(axis=0)
        elif bug == "wrong transpose":  # dW = dZ^T X: the right shape only for a square layer
            self.dweights = self.dz.T @ self.inputs
        elif bug == "summed bias":  # np.sum(dZ): one number for the whole layer
            self.dbias = np.full_like(self.dbias, self.dz.sum())
        return d_X

    monkeypatch.setattr(layer, "_backward", wrong.__get__(layer))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("bug", ["1% in dweights", "1% in dbias"])
def test_a_one_percent_error_in_any_array_is_caught(monkeypatch, activation, bug):
    for seed in range(10):
        net, X, y = fresh(activation, seed)
        for layer in net.layers:
            with monkeypatch.context() as patch:
                plant(patch, layer, bug)
                assert gradient_check(net, X, y) > 5 * TOLERANCE, (seed, layer, bug)


@pytest.mark.parametrize("bug, activation", [("forgotten relu'", "relu"), ("wrong transpose", "relu"),
                                             ("wrong transpose", "tanh"), ("summed bias", "relu"),
                                             ("summed bias", "sigmoid")])
def test_classic_bugs_are_caught(monkeypatch, bug, activation):
    for seed in range(10):
        net, X, y = fresh(activation, seed, sizes=(4, 6, 6, 3))  # layer 2 is square
        plant(monkeypatch, net.layers[1], bug)
        assert gradient_check(net, X, y) > 10 * TOLERANCE, (seed, bug)


def test_the_seeds_bias_slip_is_caught_on_the_seeds_network(monkeypatch):
    net = seed_backprop_network()
    X = np.random.default_rng(0).normal(0, 2, size=(5, 3))
    y = np.random.default_rng(1).normal(size=(5, 1))
    assert gradient_check(net, X, y) < TOLERANCE
    plant(monkeypatch, net.layers[0], "summed bias")
    report = gradient_report(net, X, y)
    assert report[1].max_relative_error > 0.1 and all(r.max_relative_error < TOLERANCE for r in report[2:])


def test_a_gradient_of_the_wrong_shape_is_named(monkeypatch):
    net, X, y = fresh("tanh", 0, sizes=(4, 6, 3))
    plant(monkeypatch, net.layers[0], "wrong transpose")  # (6, 4) for a (4, 6) parameter
    with pytest.raises(ValueError, match=r"backward gave layer 1 weights a gradient of shape \(6, 4\), "
                                         r"expected \(4, 6\)"):
        gradient_report(net, X, y)
