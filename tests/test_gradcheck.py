"""Backpropagation against central finite differences, on random networks. Chapter 3."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnlib import ACTIVATIONS, Dense, GradientRecord, Network, gradient_check, gradient_report, mse
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
    assert gradient_check(net, [SEED_BACKPROP_INPUTS], [[1]]) < 1e-7


def test_report_records():
    rng = np.random.default_rng(0)
    net = Network.random([3, 4, 2], ["tanh", "sigmoid"], rng=rng)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    report = gradient_report(net, X, y)
    assert [r.name for r in report] == net.parameter_names()
    for record, parameter in zip(report, net.parameters()):
        assert isinstance(record, GradientRecord)
        assert record.analytic.shape == record.numeric.shape == record.relative_error.shape == parameter.shape
        assert record.max_relative_error == record.relative_error.max() < 1e-6
        assert type(record.max_relative_error) is float
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


def test_a_wrong_backward_is_caught(monkeypatch):
    rng = np.random.default_rng(0)
    net = Network.random([2, 3, 1], ["tanh", "identity"], rng=rng)
    X, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    layer = net.layers[0]
    right = type(layer)._backward

    def forgets_the_activation(self, d_a, d_inputs=True):
        d = right(self, d_a, d_inputs)
        self.dweights = self.inputs.T @ d_a  # the classic bug: no f'(z)
        return d

    monkeypatch.setattr(layer, "_backward", forgets_the_activation.__get__(layer))
    assert gradient_check(net, X, y) > 1e-2
