"""Bad input gets a message a learner can act on: what was expected, what was given."""

import re
import warnings

import numpy as np
import pytest

from nnlib import Dense, Network, gradient_check, gradient_report
from nnlib.seed import seed_update

X = np.ones((5, 3))
Y = np.zeros((5, 2))


def raises(kind, message):
    """pytest.raises, matching the literal text of (the start of) the message."""
    return pytest.raises(kind, match="^" + re.escape(message))


@pytest.fixture
def net():
    return Network.random([3, 4, 2], ["relu", "identity"], rng=np.random.default_rng(0))


# ---- Dense: construction ----------------------------------------------------------------------

def test_dense_weights_must_be_2d():
    with raises(ValueError, "Dense expected weights of shape (n_inputs, n_neurons), a non-empty 2-D array, "
                            "got shape (3,)."):
        Dense([1, 2, 3], [0])
    with raises(ValueError, "Dense expected weights of shape (n_inputs, n_neurons), a non-empty 2-D array, "
                            "got shape (0, 2)."):
        Dense(np.zeros((0, 2)), np.zeros(2))


def test_dense_bias_length():
    with raises(ValueError, "Dense expected bias of shape (2,) (n_neurons, from weights of shape (3, 2)), "
                            "got shape (3,)."):
        Dense(np.ones((3, 2)), [0, 0, 0])
    with raises(ValueError, "Dense expected bias of shape (1,) (n_neurons, from weights of shape (3, 1)), "
                            "got shape ()."):
        Dense(np.ones((3, 1)), 0.5)  # never silently broadcast


@pytest.mark.parametrize("weights, bias, kind, message", [
    ([["a", "b"]], [0, 0], TypeError, "Dense expected weights to be numeric, got strings (dtype <U1)."),
    (None, [0], TypeError, "Dense expected weights to be numeric, got NoneType."),
    ([[1, None]], [0, 0], TypeError,
     "Dense expected weights to be numeric, got a sequence holding non-numbers (dtype object)."),
    ([[1j, 2]], [0, 0], TypeError, "Dense expected weights to be numeric, got complex numbers (dtype complex128)."),
    ([[1, 2], [3]], [0, 0], ValueError,
     "Dense expected weights to be a rectangular array of numbers, got a ragged nested sequence"),
    ([[1.0, np.nan]], [0, 0], ValueError, "Dense expected weights without NaN or infinity, got 1 such value(s)."),
    ([[1.0, 2.0]], [np.inf, 0], ValueError, "Dense expected bias without NaN or infinity, got 1 such value(s)."),
])
def test_dense_bad_parameters(weights, bias, kind, message):
    with raises(kind, message):
        Dense(weights, bias)


def test_dense_unknown_activation():
    with raises(ValueError, "The activation must be one of 'relu', 'sigmoid', 'tanh', 'identity'. Got 'ReLU' instead."):
        Dense(np.ones((2, 2)), np.zeros(2), "ReLU")


def test_dense_random_arguments():
    with raises(TypeError, "Dense.random expected n_inputs to be a positive integer, got float."):
        Dense.random(2.0, 3)
    with raises(ValueError, "Dense.random expected n_neurons to be a positive integer, got 0."):
        Dense.random(2, 0)
    with raises(TypeError, "Dense.random expected rng to be a numpy.random.Generator such as "
                           "np.random.default_rng(0), or None, got int."):
        Dense.random(2, 3, rng=0)
    with raises(ValueError, "The activation must be one of"):
        Dense.random(2, 3, "soft")


# ---- Dense: forward and backward --------------------------------------------------------------

def test_dense_forward_width():
    layer = Dense(np.ones((3, 2)), np.zeros(2))
    with raises(ValueError, "Dense.forward expected X with 3 columns (n_inputs), got shape (4, 2)."):
        layer.forward(np.ones((4, 2)))


def test_dense_forward_rejects_other_ranks_never_reshapes():
    layer = Dense(np.ones((3, 2)), np.zeros(2))
    with raises(ValueError, "Dense.forward expected a 2-D X of shape (n_samples, 3), got a 1-D array of shape (3,). "
                            "Reshape your data with X.reshape(1, -1) if it is a single sample, "
                            "or X.reshape(-1, 1) if it has a single feature."):
        layer.forward(np.ones(3))
    with raises(ValueError, "Dense.forward expected a 2-D X of shape (n_samples, 3), "
                            "got a 3-D array of shape (1, 1, 3)."):
        layer.forward(np.ones((1, 1, 3)))
    with raises(ValueError, "Dense.forward expected a 2-D X of shape (n_samples, 3), got a 0-D array of shape ()."):
        layer.forward(1.0)


@pytest.mark.parametrize("bad, kind, message", [
    ([["1", "2", "3"]], TypeError, "Dense.forward expected X to be numeric, got strings (dtype <U1)."),
    (None, TypeError, "Dense.forward expected X to be numeric, got NoneType."),
    ([[object(), 1, 2]], TypeError, "Dense.forward expected X to be numeric, got a sequence holding non-numbers"),
    (np.array([[1.0, np.nan, 0.0]]), ValueError, "Dense.forward expected X without NaN or infinity, got 1 such"),
    (np.zeros((0, 3)), ValueError, "Dense.forward expected X with at least one row (sample), got shape (0, 3)."),
])
def test_dense_forward_bad_values(bad, kind, message):
    with raises(kind, message):
        Dense(np.ones((3, 2)), np.zeros(2)).forward(bad)


def test_dense_backward_before_forward_and_shape():
    layer = Dense(np.ones((3, 2)), np.zeros(2))
    with raises(RuntimeError, "Dense.backward was called before forward: call forward(X) first"):
        layer.backward(np.ones((4, 2)))
    layer.forward(np.ones((4, 3)))
    with raises(ValueError, "Dense.backward expected d_a with 4 rows (one per sample), got shape (5, 2)."):
        layer.backward(np.ones((5, 2)))
    with raises(ValueError, "Dense.backward expected d_a with 2 columns (n_neurons), got shape (4, 3)."):
        layer.backward(np.ones((4, 3)))


# ---- Network ----------------------------------------------------------------------------------

def test_network_layers_must_chain():
    layers = [Dense(np.ones((3, 3)), np.zeros(3)), Dense(np.ones((4, 1)), np.zeros(1))]
    with raises(ValueError, "Network layers do not chain: layer 2 expects 4 inputs (n_inputs) "
                            "but layer 1 has 3 neurons (n_neurons)."):
        Network(layers)


def test_network_needs_a_list_of_dense_layers():
    with raises(ValueError, "Network expected at least one layer, got an empty list."):
        Network([])
    with raises(TypeError, "Network expected a list of Dense layers, got Dense."):
        Network(Dense(np.ones((2, 2)), np.zeros(2)))
    with raises(TypeError, "Network expected a list of Dense layers, got str as layer 2."):
        Network([Dense(np.ones((2, 2)), np.zeros(2)), "relu"])


def test_network_random_arguments():
    with raises(ValueError, "Network.random expected 2 activations (one per layer for sizes [2, 3, 1]), got ['relu']."):
        Network.random([2, 3, 1], ["relu"])
    with raises(ValueError, "Network.random expected sizes as a list of at least 2 integers, got [2]."):
        Network.random([2], [])
    with raises(ValueError, "Network.random expected every size to be a positive integer, got -1."):
        Network.random([2, -1], ["relu"])


@pytest.mark.parametrize("method", ["forward", "predict"])
def test_network_input_width_and_rank(net, method):
    with raises(ValueError, f"Network.{method} expected X with 3 columns (n_inputs), got shape (5, 2)."):
        getattr(net, method)(np.ones((5, 2)))
    with raises(ValueError, f"Network.{method} expected a 2-D X of shape (n_samples, 3), "
                            "got a 1-D array of shape (3,). Reshape your data with X.reshape(1, -1)"):
        getattr(net, method)(np.ones(3))
    with raises(ValueError, f"Network.{method} expected X without NaN or infinity, got 3 such value(s)."):
        getattr(net, method)(np.full((1, 3), np.inf))


def test_network_backward_before_forward(net):
    with raises(RuntimeError, "Network.backward was called before forward: call forward(X) first."):
        net.backward(Y)


def test_network_targets_shape(net):
    net.forward(X)
    with raises(ValueError, "Network.backward expected y with 2 columns (n_outputs), got shape (5, 1)."):
        net.backward(np.zeros((5, 1)))
    with raises(ValueError, "Network.backward expected y with 5 rows (one per sample), got shape (4, 2)."):
        net.backward(np.zeros((4, 2)))
    with raises(ValueError, "Network.train_step expected a 2-D y of shape (n_samples, 2), "
                            "got a 1-D array of shape (10,)."):
        net.train_step(X, np.zeros(10), 0.1)
    with raises(ValueError, "Network.train_step expected y with 5 rows (one per sample), got shape (3, 2)."):
        net.train_step(X, np.zeros((3, 2)), 0.1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_network_targets_must_be_finite(net, bad):
    before = [p.copy() for p in net.parameters()]
    y = np.zeros((5, 2))
    y[3, 1] = bad
    with raises(ValueError, "Network.train_step expected y without NaN or infinity, got 1 such value(s)."):
        net.train_step(X, y, 0.1)
    with raises(ValueError, "Network.backward expected y without NaN or infinity, got 1 such value(s)."):
        net.forward(X)
        net.backward(y)
    for p, b in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, b)


@pytest.mark.parametrize("rate, kind, given", [
    (0, ValueError, "0"), (-0.1, ValueError, "-0.1"), (float("nan"), ValueError, "nan"),
    (float("inf"), ValueError, "inf"), ("0.1", TypeError, "str"), (None, TypeError, "NoneType"),
    (True, TypeError, "bool"),
])
def test_learning_rate(net, rate, kind, given):
    with raises(kind, f"Network.train_step expected learning_rate to be a positive number, got {given}."):
        net.train_step(X, Y, rate)


def test_divergence_raises_and_leaves_parameters_alone():
    rng = np.random.default_rng(0)
    net = Network.random([2, 16, 1], ["relu", "identity"], rng=rng)
    X, y = rng.normal(size=(32, 2)) * 10, rng.normal(size=(32, 1)) * 10
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the one clear error, no overflow warnings first
        with pytest.raises(FloatingPointError, match=r"^Network.train_step: training diverged: .* "
                                                     r"with learning_rate=5\. Lower the learning rate\."):
            for _ in range(1000):
                before = [p.copy() for p in net.parameters()]
                net.train_step(X, y, 5.0)
    for p, b in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, b)
        assert np.all(np.isfinite(p))


def test_nan_put_into_parameters_is_not_called_divergence(net):
    net.layers[1].weights[0, 0] = np.nan  # a learner's in-place edit
    with raises(ValueError, "Network.train_step expected layer 2 weights without NaN or infinity, "
                            "got 1 such value(s)."):
        net.train_step(X, Y, 0.1)


def test_gradient_check_arguments(net):
    with raises(TypeError, "gradient_report expected a Network, got Dense."):
        gradient_check(net.layers[0], X, Y)
    with raises(ValueError, "gradient_report expected y with 2 columns (n_outputs), got shape (5, 3)."):
        gradient_report(net, X, np.zeros((5, 3)))
    with raises(ValueError, "gradient_report expected eps to be a positive number, got 0."):
        gradient_check(net, X, Y, eps=0)


def test_seed_update_learning_rate():
    with raises(ValueError, "seed_update expected learning_rate to be a positive number, got 0."):
        seed_update(0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("bad", [np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("n_samples", [1, 7, 300])
@pytest.mark.parametrize("loss", ["mse", "softmax_cross_entropy"])
def test_train_step_names_a_bad_input_even_when_the_activation_hides_it_from_the_loss(activation, bad, n_samples, loss):
    # sigmoid(inf) = tanh(inf) = 1 and relu(-inf) = 0: the loss stays finite, but dW = X^T dZ does not.
    rng = np.random.default_rng(0)
    net = Network([Dense.random(3, 4, activation, rng=rng), Dense.random(4, 2, "identity", rng=rng)], loss=loss)
    before = [p.copy() for p in net.parameters()]
    X = rng.normal(size=(n_samples, 3))
    X[n_samples // 2, 0] = bad
    with pytest.raises(ValueError, match=r"^Network.train_step expected X without NaN or infinity, got 1 such"):
        net.train_step(X, np.eye(2)[rng.integers(0, 2, n_samples)], 0.1)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters()))
