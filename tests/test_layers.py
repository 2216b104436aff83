"""Dense: forward, backward, random initialisation. Chapters 1, 3, 4."""

import numpy as np
import pytest

from nnlib import ACTIVATIONS, Dense
from nnlib.seed import SEED_LAYER_INPUTS, seed_layer


def test_seed_layer_in_21():
    layer = seed_layer()
    a = layer.forward(np.array([SEED_LAYER_INPUTS]))
    np.testing.assert_allclose(a, [[5.6, 6.89, 8.07]], rtol=1e-12)
    # the seed's W @ x (one row per neuron) is nnlib's x @ W, transposed
    rows = np.array([[0.3, 0.6, 0.7], [0.2, 0.54, 0.87], [0.96, 0.23, 0.55]])
    np.testing.assert_array_equal(layer.weights, rows.T)


def test_forward_keeps_inputs_z_a():
    layer = Dense([[1.0, -1.0], [2.0, 0.5], [0.0, 1.0]], [0.5, -3.0], "relu")
    X = np.array([[1.0, 1.0, 1.0], [-1.0, 0.0, 2.0]])
    a = layer.forward(X)
    z = X @ layer.weights + layer.bias
    assert layer.inputs is X
    np.testing.assert_array_equal(layer.z, z)
    np.testing.assert_array_equal(a, np.maximum(z, 0))
    assert a is layer.a and a.shape == (2, 2)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backward_formulas(activation):
    rng = np.random.default_rng(1)
    layer = Dense.random(4, 3, activation, rng)
    X, d_a = rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    layer.forward(X)
    d_X = layer.backward(d_a)
    dz = d_a * ACTIVATIONS[activation][1](layer.z)
    np.testing.assert_allclose(layer.dz, dz, rtol=1e-14)
    np.testing.assert_allclose(layer.dweights, X.T @ dz, rtol=1e-12)
    np.testing.assert_allclose(layer.dbias, dz.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(d_X, dz @ layer.weights.T, rtol=1e-12)
    assert layer.dweights.shape == (4, 3) and layer.dbias.shape == (3,) and d_X.shape == (5, 4)


@pytest.mark.parametrize("activation, function", [("sigmoid", "exp"), ("tanh", "tanh")])
def test_backward_uses_what_forward_kept(monkeypatch, activation, function):
    layer = Dense.random(3, 2, activation, np.random.default_rng(0))
    layer.forward(np.ones((4, 3)))
    monkeypatch.setattr(np, function, lambda *args: pytest.fail(f"backward recomputed {activation}"))
    layer.backward(np.ones((4, 2)))


def test_lists_are_copied_to_float64():
    w, b = [[1, 2]], [3, 4]
    layer = Dense(w, b)
    assert layer.weights.dtype == np.float64 and layer.bias.dtype == np.float64
    array = np.array([[1.0, 2.0]])
    layer = Dense(array, np.zeros(2))
    array[0, 0] = 5.0
    assert layer.weights[0, 0] == 1.0
    assert (layer.n_inputs, layer.n_neurons, layer.activation) == (1, 2, "relu")


def test_repr_and_activation_can_change():
    layer = Dense(np.ones((3, 2)), np.zeros(2))
    assert repr(layer) == "Dense(3 -> 2, relu)"
    layer.activation = "tanh"
    np.testing.assert_allclose(layer.forward(np.ones((1, 3))), np.tanh([[3.0, 3.0]]))
    with pytest.raises(ValueError, match="activation must be one of"):
        layer.activation = "swish"


@pytest.mark.parametrize("activation, std", [("relu", np.sqrt(2 / 400)), ("tanh", np.sqrt(1 / 400)),
                                             ("sigmoid", np.sqrt(1 / 400)), ("identity", np.sqrt(1 / 400))])
def test_random_init_scale(activation, std):
    layer = Dense.random(400, 300, activation, rng=np.random.default_rng(0))
    assert layer.weights.shape == (400, 300) and layer.activation == activation
    assert layer.weights.std() == pytest.approx(std, rel=0.01)
    assert abs(layer.weights.mean()) < 0.1 * std
    np.testing.assert_array_equal(layer.bias, np.zeros(300))


def test_random_is_reproducible_with_rng():
    a = Dense.random(3, 2, rng=np.random.default_rng(42))
    b = Dense.random(3, 2, rng=np.random.default_rng(42))
    np.testing.assert_array_equal(a.weights, b.weights)
    assert Dense.random(3, 2).weights.shape == (3, 2)  # rng=None works
