"""The seed notebook's numbers, exactly, and its two slips. Chapters 1-3."""

import numpy as np
import pytest

from nnlib.seed import (
    SEED_BACKPROP_INPUTS,
    SEED_BACKPROP_TARGET,
    SEED_FORWARD_INPUTS,
    SEED_LAYER_INPUTS,
    seed_backprop_network,
    seed_forward_network,
    seed_layer,
    seed_update,
)

PRINTED = 5e-9  # the seed prints 8 decimals

# In[16]'s printed "Updated Weight & Bias", in nnlib's shapes
SEED_PRINTED = [
    [[0.1570487, 0.03662708, 0.00382068], [0.0540974, -0.09674583, -0.36235864], [0.2411461, -0.28011875, -1.07853796]],
    [0.29749646, 1.29749646, 0.29749646],
    [[-0.51482241, -1.42964483], [-0.33187111, -1.11374223], [-0.08891981, -0.30783963]],
    [1.38735157, 2.38735157],
    [[-3.04587851], [-3.36070646]],
    [0.4811632],
]
X = np.array([SEED_BACKPROP_INPUTS], dtype=float)
Y = np.array([[SEED_BACKPROP_TARGET]], dtype=float)


def test_constants():
    assert SEED_LAYER_INPUTS == [1, 2, 3] and SEED_FORWARD_INPUTS == [1, 2, 3, 4, 5]
    assert SEED_BACKPROP_INPUTS == [1, 2, 3] and SEED_BACKPROP_TARGET == 1


def test_in_21_and_in_19():
    np.testing.assert_allclose(seed_layer().forward([SEED_LAYER_INPUTS]), [[5.6, 6.89, 8.07]], rtol=1e-12)
    np.testing.assert_allclose(seed_forward_network().forward([SEED_FORWARD_INPUTS]), [[30.37543]], rtol=1e-12)


def test_in_16_forward():
    net = seed_backprop_network()
    assert repr(net) == "Network(3 -> 3 relu -> 2 relu -> 1 identity, loss=mse)"
    np.testing.assert_allclose(net.forward(X), [[7.188368]], rtol=1e-12)
    np.testing.assert_allclose(net.layers[0].a, [[3.99, 3.29, 2.59]], rtol=1e-12)
    np.testing.assert_allclose(net.layers[1].a, [[5.4552, 6.4972]], rtol=1e-12)


def test_seed_update_at_0_1_reproduces_every_printed_number():
    updated = seed_update(0.1)
    assert [p.shape for p in updated] == [p.shape for p in seed_backprop_network().parameters()]
    for got, printed in zip(updated, SEED_PRINTED):
        np.testing.assert_allclose(got, printed, rtol=0, atol=PRINTED)


def test_slip_1_the_code_says_0_01_but_printed_numbers_need_0_1():
    for got, printed in zip(seed_update(0.01), SEED_PRINTED):
        assert not np.allclose(got, printed, rtol=0, atol=1e-3)
    assert seed_update()[5][0] == pytest.approx(1.1 - 0.01 * 6.188368, rel=1e-12)  # default = the code's 0.01


def test_nnlib_step_matches_the_seed_weights_in_every_layer():
    net = seed_backprop_network()
    loss = net.train_step(X, Y, 0.1)
    assert loss == pytest.approx(0.5 * 6.188368**2, rel=1e-12)
    weights, seed = net.parameters()[0::2], seed_update(0.1)[0::2]
    for got, printed, seeds in zip(weights, SEED_PRINTED[0::2], seed):
        np.testing.assert_allclose(got, printed, rtol=0, atol=PRINTED)
        np.testing.assert_allclose(got, seeds, rtol=1e-12)


def test_slip_2_hidden_biases_moved_alike_in_the_seed_per_neuron_in_nnlib():
    before = seed_backprop_network().parameters()
    net = seed_backprop_network()
    net.train_step(X, Y, 0.1)
    b1, b2, b3 = net.parameters()[1::2]
    seed_b1, seed_b2, seed_b3 = seed_update(0.1)[1::2]

    # the seed: one step for the whole layer
    assert np.ptp(seed_b1 - before[1]) < 1e-12 and np.ptp(seed_b2 - before[3]) < 1e-12
    # nnlib: each neuron its own dz; with x_1 = 1, a bias moves exactly like its neuron's first weight
    np.testing.assert_allclose(b1, [0.8570487, 1.83662708, 0.60382068], rtol=0, atol=PRINTED)
    np.testing.assert_allclose(b1 - before[1], net.parameters()[0][0] - before[0][0], rtol=1e-12)
    dz2 = net.layers[1].dz[0]
    np.testing.assert_allclose(b2, before[3] - 0.1 * dz2, rtol=1e-12)
    np.testing.assert_allclose(seed_b2, before[3] - 0.1 * dz2.sum(), rtol=1e-12)
    assert not np.allclose(b1, seed_b1, atol=1e-3) and not np.allclose(b2, seed_b2, atol=1e-3)
    # the output layer has a single neuron: no slip there
    np.testing.assert_allclose(b3, [0.4811632], rtol=1e-12)
    np.testing.assert_allclose(b3, seed_b3, rtol=1e-12)


def test_seed_networks_are_fresh_each_call():
    net = seed_backprop_network()
    net.train_step(X, Y, 0.1)
    np.testing.assert_allclose(seed_backprop_network().forward(X), [[7.188368]], rtol=1e-12)
