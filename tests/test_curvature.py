"""nnlib.curvature: the loss's second derivatives against closed forms and against second differences of
the loss itself (no backprop); the parameters left as they were; bad arguments. Chapter 5."""
import numpy as np
import pytest

import nnlib
from nnlib.curvature import hessian, largest_curvature
from nnlib.landscape import Valley
from nnlib.seed import SEED_BACKPROP_INPUTS, SEED_BACKPROP_TARGET, seed_backprop_network


def valley_network(w1, w2, bias):
    """One linear neuron whose loss is Valley(steep=1, flat=0.02) in its two weights, plus bias**2 / 2.

    With these 4 inputs and targets 0, mse = 1/8 * sum (x . w + b)^2 = 0.01 w1^2 + 0.5 w2^2 + 0.5 b^2.
    """
    X = np.array([[0.2, 0.0], [-0.2, 0.0], [0.0, np.sqrt(2)], [0.0, -np.sqrt(2)]])
    network = nnlib.Network([nnlib.Dense([[w1], [w2]], [bias], "identity")])
    return network, X, np.zeros((4, 1))


def test_the_valley_as_a_network_has_the_valleys_curvatures():
    network, X, y = valley_network(-4.5, 1.5, 0.3)
    assert nnlib.mse(network.forward(X), y) == pytest.approx(Valley().loss([-4.5, 1.5]) + 0.3**2 / 2)
    np.testing.assert_allclose(hessian(network, X, y), np.diag([0.02, 1.0, 1.0]), atol=1e-9)
    assert largest_curvature(network, X, y) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_a_linear_network_has_its_closed_form_hessian(n_outputs):
    # mse = 1/(2n) sum (X W + b - y)^2: for each output, H = [X 1]^T [X 1] / n, and outputs do not mix
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 4)), rng.normal(size=(7, n_outputs))
    network = nnlib.Network([nnlib.Dense(rng.normal(size=(4, n_outputs)), rng.normal(size=n_outputs), "identity")])
    # the parameters, in order: W row by row (input i, output k), then b (output k); each with its input
    features = [(X[:, i], k) for i in range(4) for k in range(n_outputs)] + [(np.ones(7), k)
                                                                             for k in range(n_outputs)]
    expected = np.array([[xp @ xq / 7 if kp == kq else 0.0 for xq, kq in features] for xp, kp in features])
    np.testing.assert_allclose(hessian(network, X, y), expected, atol=1e-8)
    assert largest_curvature(network, X, y) == pytest.approx(np.linalg.eigvalsh(expected).max(), rel=1e-8)


def second_difference(network, X, y, i, j, h=1e-4):
    """d2L / dtheta_i dtheta_j from the loss alone: four nudged losses, no backprop."""
    flat = [(p, index) for p in network.parameters() for index in np.ndindex(p.shape)]
    (p, a), (q, b) = flat[i], flat[j]
    loss = nnlib.get_loss(network.loss)[0]
    total = 0.0
    for si, sj, sign in [(1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)]:
        p[a] += si * h
        q[b] += sj * h
        total += sign * loss(network.predict(X), y)
        p[a] -= si * h
        q[b] -= sj * h
    return total / (4 * h * h)


@pytest.mark.parametrize("loss, activations", [("mse", ["tanh", "sigmoid", "identity"]),
                                               ("softmax_cross_entropy", ["tanh", "tanh", "identity"])])
def test_hessian_matches_second_differences_of_the_loss(loss, activations):
    rng = np.random.default_rng(1)
    network = nnlib.Network.random([3, 4, 3, 2], activations, rng, loss=loss)
    X = rng.normal(size=(6, 3))
    y = nnlib.one_hot(rng.integers(0, 2, size=6), 2) if loss != "mse" else rng.normal(size=(6, 2))
    H = hessian(network, X, y)
    assert H.shape == (39, 39) and np.array_equal(H, H.T)
    for i, j in [(0, 0), (0, 5), (7, 30), (16, 38), (38, 38), (22, 3)]:
        assert H[i, j] == pytest.approx(second_difference(network, X, y, i, j), rel=1e-4, abs=1e-6)


def test_chapter_3s_network_its_numbers_and_the_output_weights_closed_form():
    network = seed_backprop_network()
    X, y = np.array([SEED_BACKPROP_INPUTS], dtype=float), np.array([[SEED_BACKPROP_TARGET]], dtype=float)
    H = hessian(network, X, y)
    a2 = network.layers[1].a[0]  # hessian leaves the network's forward pass at its own weights
    # L = (p - 1)^2 / 2 with p = a2 . W3 + b3: along each output weight the curvature is a2_k^2, along b3 it is 1
    np.testing.assert_allclose(H.diagonal()[-3:], [a2[0] ** 2, a2[1] ** 2, 1.0], rtol=1e-7)
    assert largest_curvature(network, X, y) == pytest.approx(145.46, abs=0.01)  # chapter 5 prints 145.5


def test_the_network_is_left_as_it_was_with_its_own_gradients():
    rng = np.random.default_rng(2)
    network = nnlib.Network.random([2, 5, 1], ["tanh", "identity"], rng)
    X, y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    before = [p.copy() for p in network.parameters()]
    network.forward(X)
    network.backward(y)
    gradients = [g.copy() for g in network.gradients()]
    largest_curvature(network, X, y)
    assert all(np.array_equal(a, b) for a, b in zip(before, network.parameters()))
    assert all(np.array_equal(a, b) for a, b in zip(gradients, network.gradients()))


def test_bad_arguments_say_what_was_expected():
    network = nnlib.Network.random([2, 3, 1], "tanh", np.random.default_rng(0))
    X, y = np.zeros((4, 2)), np.zeros((4, 1))
    before = [p.copy() for p in network.parameters()]
    with pytest.raises(TypeError, match="largest_curvature expected a Network, got str"):
        largest_curvature("network", X, y)
    with pytest.raises(ValueError, match="hessian expected X with 2 columns"):
        hessian(network, np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match="largest_curvature expected y"):
        largest_curvature(network, X, np.zeros((5, 1)))
    with pytest.raises(ValueError, match="hessian expected h to be a positive number, got 0"):
        hessian(network, X, y, h=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, network.parameters()))
