"""Network: forward, backward, train_step, parameters, copy. Chapters 2-4."""

import subprocess
import sys

import numpy as np
import pytest

import nnlib

from nnlib import Dense, Network, mse
from nnlib.seed import SEED_FORWARD_INPUTS, seed_forward_network


@pytest.fixture
def net():
    rng = np.random.default_rng(0)
    return Network.random([3, 4, 2], ["tanh", "identity"], rng=rng)


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    return rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


def test_seed_forward_network_in_19():
    net = seed_forward_network()
    out = net.forward(np.array([SEED_FORWARD_INPUTS]))
    np.testing.assert_allclose(net.layers[0].a, [[9.12, 10.384, 11.045]], rtol=1e-12)
    np.testing.assert_allclose(net.layers[1].a, [[11.3353, 21.645588]], rtol=1e-12)
    np.testing.assert_allclose(out, [[30.37543]], rtol=1e-12)
    assert repr(net) == "Network(5 -> 3 relu -> 2 relu -> 1 relu, loss=mse)"


def test_forward_is_layer_after_layer(net, data):
    X, _ = data
    expected = X
    for layer in net.layers:
        expected = layer.forward(expected)
    np.testing.assert_array_equal(net.forward(X), expected)


def test_predict_keeps_forward_state(net, data):
    X, y = data
    out = net.forward(X)
    z_before = net.layers[0].z
    np.testing.assert_array_equal(net.predict(X[:2]), out[:2])
    assert net.layers[0].z is z_before  # predict left what backward needs alone


def test_backward_chains_layer_backwards(net, data):
    X, y = data
    out = net.forward(X)
    d_X = net.backward(y)
    d = (out - y) / len(X)
    for layer in reversed(net.layers):
        d = layer.backward(d)
    np.testing.assert_allclose(d_X, d, rtol=1e-14)


def test_train_step_is_sgd_and_returns_loss_before(net, data):
    X, y = data
    loss_before = mse(net.forward(X), y)
    net.backward(y)
    expected = [p - 0.05 * g for p, g in zip(net.parameters(), net.gradients())]
    params = net.parameters()
    assert net.train_step(X, y, 0.05) == pytest.approx(loss_before, rel=1e-14)
    for p, q, e in zip(params, net.parameters(), expected):
        assert p is q  # updated in place
        np.testing.assert_allclose(p, e, rtol=1e-14)


def test_training_lowers_the_loss():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(64, 2))
    y = X[:, :1] * X[:, 1:]
    net = Network.random([2, 8, 1], ["tanh", "identity"], rng=rng)
    losses = [net.train_step(X, y, 0.1) for _ in range(300)]
    assert losses[-1] < 0.5 * losses[0]


def test_parameters_are_live(net, data):
    X, _ = data
    params = net.parameters()
    assert params[0] is net.layers[0].weights and params[3] is net.layers[1].bias
    before = net.forward(X).copy()
    params[3][0] += 1.0
    np.testing.assert_allclose(net.forward(X)[:, 0], before[:, 0] + 1.0)
    assert net.parameter_names() == ["layer 1 weights", "layer 1 bias", "layer 2 weights", "layer 2 bias"]


def test_gradients_match_parameters(net, data):
    X, y = data
    net.forward(X)
    net.backward(y)
    grads = net.gradients()
    assert grads[0] is net.layers[0].dweights and grads[3] is net.layers[1].dbias
    assert [g.shape for g in grads] == [p.shape for p in net.parameters()]


def test_copy_is_independent(net, data):
    X, y = data
    twin = net.copy()
    np.testing.assert_array_equal(twin.forward(X), net.forward(X))
    twin.train_step(X, y, 0.1)
    assert not np.array_equal(twin.layers[0].weights, net.layers[0].weights)


def test_random_network():
    rng = np.random.default_rng(0)
    net = Network.random([2, 8, 1], ["tanh", "sigmoid"], rng=rng)
    assert repr(net) == "Network(2 -> 8 tanh -> 1 sigmoid, loss=mse)"
    assert [layer.weights.shape for layer in net.layers] == [(2, 8), (8, 1)]
    again = Network.random([2, 8, 1], ["tanh", "sigmoid"], rng=np.random.default_rng(0))
    np.testing.assert_array_equal(again.layers[1].weights, net.layers[1].weights)
    assert Network.random([3, 3], "relu").layers[0].activation == "relu"


def test_layers_list_and_loss_attributes():
    layers = [Dense(np.ones((2, 3)), np.zeros(3)), Dense(np.ones((3, 1)), np.zeros(1), "identity")]
    net = Network(layers)
    assert net.layers == layers and isinstance(net.layers, list) and net.loss == "mse"
    assert repr(net) == "Network(2 -> 3 relu -> 1 identity, loss=mse)"


def test_import_is_light_and_public_names_exist():
    code = "import sys, nnlib; print(any(m in sys.modules for m in ('matplotlib', 'ipywidgets')))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
    assert all(hasattr(nnlib, name) for name in nnlib.__all__)
    with pytest.raises(AttributeError, match="module 'nnlib' has no attribute 'nope'"):
        nnlib.nope
