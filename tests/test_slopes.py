"""nnlib.slopes: derivatives measured by nudging, against backpropagation. Chapter 3."""
import numpy as np
import pytest

import nnlib
from nnlib.seed import SEED_BACKPROP_INPUTS, SEED_BACKPROP_TARGET, seed_backprop_network
from nnlib.slopes import QUANTITIES, measured_gradient, path_slopes

SEED_X = np.array([SEED_BACKPROP_INPUTS], dtype=float)
SEED_Y = np.array([[SEED_BACKPROP_TARGET]], dtype=float)


def random_problem(seed, activations, loss="mse"):
    rng = np.random.default_rng(seed)
    sizes = [3, 4, 5, 2]
    net = nnlib.Network.random(sizes, activations, rng=rng, loss=loss)
    for layer in net.layers:
        layer.bias += rng.normal(0, 0.5, layer.n_neurons)
    X = rng.normal(size=(6, 3))
    y = nnlib.one_hot(rng.integers(0, 2, 6), 2) if loss != "mse" else rng.normal(size=(6, 2))
    return net, X, y


def backprop(net, X, y):
    """Each layer's (dA_prev, dW, db, dZ), from Network.backward."""
    net.forward(X)
    net.backward(y)
    return [{"inputs": layer.dz @ layer.weights.T, "weights": layer.dweights, "bias": layer.dbias, "z": layer.dz}
            for layer in net.layers]


@pytest.mark.parametrize("activations, loss", [(["tanh", "sigmoid", "identity"], "mse"),
                                               (["relu", "tanh", "identity"], "softmax_cross_entropy")])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_measured_gradient_is_what_backprop_computes(seed, activations, loss):
    net, X, y = random_problem(seed, activations, loss)
    net.forward(X)
    if "relu" in activations:  # a nudge across relu's kink measures another slope: keep away from it
        assert min(np.abs(layer.z).min() for layer in net.layers) > 1e-4
    expected = backprop(net, X, y)
    for layer in (1, 2, 3):
        for of in QUANTITIES:
            measured = measured_gradient(net, X, y, layer, of)
            assert measured.shape == expected[layer - 1][of].shape
            np.testing.assert_allclose(measured, expected[layer - 1][of], rtol=1e-6, atol=1e-8,
                                       err_msg=f"layer {layer} {of}")


def test_paths_of_chapter_3_add_up_to_the_gradient():
    net = seed_backprop_network()
    through, at_once = path_slopes(net, SEED_X, SEED_Y, weight=(1, 0, 0))
    error = float(net.forward(SEED_X)[0, 0] - SEED_BACKPROP_TARGET)  # p - y = 6.188368
    W2, W3 = net.layers[1].weights, net.layers[2].weights
    # every neuron on the paths is on: each ReLU contributes 1; x_1 = 1
    np.testing.assert_allclose(through, [error * W3[0, 0] * W2[0, 0], error * W3[1, 0] * W2[0, 1]], rtol=1e-7)
    np.testing.assert_allclose(through, [0.61265, 0.81686], atol=5e-6)  # the chapter's printed numbers
    net.backward(SEED_Y)
    assert at_once == pytest.approx(through.sum(), rel=1e-7)
    assert at_once == pytest.approx(net.layers[0].dweights[0, 0], rel=1e-7)


def test_a_path_through_a_switched_off_neuron_carries_nothing():
    net = seed_backprop_network()
    net.layers[1].bias[1] = -100.0  # layer 2's second neuron is off
    through, at_once = path_slopes(net, SEED_X, SEED_Y, weight=(1, 0, 0))
    assert through[1] == 0.0 and through[0] != 0.0
    assert at_once == pytest.approx(through[0], rel=1e-7)


def test_the_network_is_left_as_it_was():
    net = seed_backprop_network()
    net.forward(SEED_X)
    before = [p.copy() for p in net.parameters()]
    kept = [(layer.inputs, layer.z, layer.a) for layer in net.layers]
    measured_gradient(net, SEED_X, SEED_Y, 2, "weights")
    path_slopes(net, SEED_X, SEED_Y, (1, 2, 1))
    assert all(np.array_equal(a, b) for a, b in zip(before, net.parameters()))
    assert all(k[0] is layer.inputs and k[1] is layer.z and k[2] is layer.a for k, layer in zip(kept, net.layers))


def test_bad_input_is_named():
    net = seed_backprop_network()
    with pytest.raises(TypeError, match="measured_gradient expected a Network, got list"):
        measured_gradient([], SEED_X, SEED_Y, 1, "z")
    with pytest.raises(ValueError, match="expected layer to be a whole number from 1 to 3"):
        measured_gradient(net, SEED_X, SEED_Y, 0, "z")
    with pytest.raises(ValueError, match="`of` to be one of 'inputs', 'weights', 'bias', 'z', got 'dz'"):
        measured_gradient(net, SEED_X, SEED_Y, 1, "dz")
    with pytest.raises(ValueError, match="expected X with 3 columns"):
        measured_gradient(net, [[1.0, 2.0]], SEED_Y, 1, "z")
    with pytest.raises(ValueError, match="from 1 to 2 .*the last one excluded.*got 3"):
        path_slopes(net, SEED_X, SEED_Y, (3, 0, 0))
    with pytest.raises(ValueError, match=r"i < 3 and j < 3 .* got \(0, 3\)"):
        path_slopes(net, SEED_X, SEED_Y, (1, 0, 3))
    with pytest.raises(ValueError, match="a tuple"):
        path_slopes(net, SEED_X, SEED_Y, [1, 0, 0])
    with pytest.raises(ValueError, match="h to be a positive number"):
        path_slopes(net, SEED_X, SEED_Y, (1, 0, 0), h=0)
