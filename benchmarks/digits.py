"""The shared starting point of the training benchmark: the digits, one network, one batch order.

Every implementation trains the same 64-32-10 MLP (ReLU hidden layer, identity output) with the same
loss, L = 1 / (2 n) * sum (y_pred - y)^2 against one-hot targets, from the same initial weights, on
the same mini-batches in the same order. Only the code that does the arithmetic differs.
"""
import numpy as np
from sklearn.datasets import load_digits

import nnlib

SIZES = [64, 32, 10]
ACTIVATIONS = ["relu", "identity"]
LEARNING_RATE = 0.05
SEED = 0


def digits():
    """The 1797 scikit-learn digits as floats in [0, 1] and their one-hot labels.

    Returns
    -------
    X : ndarray of shape (1797, 64), float64
        Pixel intensities 0..16, divided by 16.
    Y : ndarray of shape (1797, 10), float64
        Y[i, k] = 1 where sample i is the digit k, else 0.
    """
    data = load_digits()
    X = data.data / 16.0
    Y = np.eye(10)[data.target]
    return X, Y


def initial_network(seed=SEED):
    """The nnlib network every implementation starts from (He-initialised, zero biases).

    Returns
    -------
    nnlib.Network
        64 -> 32 relu -> 10 identity, loss "mse".
    """
    return nnlib.Network.random(SIZES, ACTIVATIONS, rng=np.random.default_rng(seed))


def initial_parameters(seed=SEED):
    """``[W1, b1, W2, b2]`` of ``initial_network``: W1 (64, 32), b1 (32,), W2 (32, 10), b2 (10,)."""
    return [p.copy() for p in initial_network(seed).parameters()]


def batches(X, Y, batch_size, seed=SEED):
    """One epoch of mini-batches in a fixed shuffled order, each a contiguous copy.

    The order comes from ``np.random.default_rng(seed).permutation``; the last batch may be smaller.
    The batches are cut once, before any timing, so that no implementation pays for indexing.

    Returns
    -------
    list of (X_batch, Y_batch)
        X_batch of shape (batch_size, 64), Y_batch of shape (batch_size, 10).
    """
    order = np.random.default_rng(seed).permutation(len(X))
    return [(np.ascontiguousarray(X[order[i:i + batch_size]]), np.ascontiguousarray(Y[order[i:i + batch_size]]))
            for i in range(0, len(X), batch_size)]


def full_loss(parameters, X, Y):
    """The loss over the whole data set for parameters ``[W1, b1, W2, b2]``, computed in NumPy.

    L = 1 / (2 n) * sum (relu(X W1 + b1) W2 + b2 - Y)^2
    """
    W1, b1, W2, b2 = parameters
    error = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2 - Y
    return float(np.sum(error * error)) / (2 * len(X))
