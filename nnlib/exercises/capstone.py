"""Chapter 6's two-layer network as its checks know it: the right computation, the hidden test networks,
the training runs and the calibration of the training check.

The reader's ``params`` are a dict of ``W1`` (n_in, n_hidden), ``b1`` (n_hidden,), ``W2`` (n_hidden,
n_out) and ``b2`` (n_out,): a ReLU hidden layer, then scores and a softmax. ``capstone_network`` turns
them into an nnlib Network; ``reference_forward`` and ``reference_gradients`` compute the right answers,
or the answers of a typical slip, which the checkers in ``chapter6`` name.
"""

import numpy as np

from ..data import spirals
from ..layers import Dense
from ..losses import softmax, softmax_cross_entropy
from ..network import Network

KEYS = ("W1", "b1", "W2", "b2")
"""The parameters, in the order of ``Network.parameters()``."""
CACHE_KEYS = ("X", "Z1", "H", "P")
"""What ``forward`` keeps for ``backward``: the input, the hidden sums and outputs, the probabilities."""
TRAINING = {"n_hidden": 128, "learning_rate": 0.3, "epochs": 300, "batch_size": 10}
"""The training check's settings: ``train(X, labels, **TRAINING, rng=...)`` on 200 spiral points."""
PASS_ACCURACY = 0.9
"""The held-out accuracy the training check asks for (see ``CALIBRATION``)."""
CALIBRATION = (  # (train, lowest, median, highest held-out accuracy over 20 seeds, seeds at PASS_ACCURACY or
    # above, what fails it)
    ("right", 0.965, 0.9825, 0.9925, 20, "nothing: it passes"),
    ("no shuffling", 0.83, 0.875, 0.9225, 7, "the count of shuffles"),
    ("a forgotten relu'", 0.5575, 0.6088, 0.65, 0, "accuracy; backward's check"),
    ("the 1/n missing", 0.5, 0.5062, 0.65, 0, "accuracy; backward's check"),
    ("1/n twice", 0.645, 0.6738, 0.725, 0, "accuracy; backward's check"),
    ("bias: np.sum(dZ)", 0.49, 0.4975, 0.5, 0, "accuracy; backward's check"),
    ("bias: dZ.mean(axis=0)", 0.895, 0.975, 0.9875, 19, "backward's check"),
    ("no max-shift", 0.965, 0.9825, 0.9925, 20, "forward's check"),
    ("a transposed product", None, None, None, None, "backward's check"),
    ("bias: dZ.sum(axis=1)", None, None, None, None, "backward's check"),
)
"""Held-out accuracies of a right ``train`` and of ``train`` with each classic slip (None: it raises), with
the ``TRAINING`` settings, one run per seed 0-19 (``training_run(seed)``: the data and the training's
randomness): the lowest, the median, the highest, and on how many of the 20 seeds it reaches
``PASS_ACCURACY``; then what fails each slip when ``train`` calls the reader's own ``forward`` and
``backward`` (whose checks come first). tests/test_capstone.py recomputes them."""


def capstone_network(params):
    """The reader's parameters as an nnlib Network: Dense(W1, b1, "relu"), then Dense(W2, b2, "identity").

    Parameters
    ----------
    params : dict
        ``W1`` (n_in, n_hidden), ``b1`` (n_hidden,), ``W2`` (n_hidden, n_out), ``b2`` (n_out,); copied.

    Returns
    -------
    Network
        With loss "softmax_cross_entropy": its ``predict`` gives the scores Z2, its ``backward`` the
        gradients to compare with.

    See chapter 6, "Build it yourself".
    """
    if not isinstance(params, dict):
        raise TypeError(f"capstone_network expected a dict of parameters {', '.join(KEYS)}, "
                        f"got {type(params).__name__}.")
    missing = [key for key in KEYS if key not in params]
    if missing:
        raise ValueError(f"capstone_network expected the keys {', '.join(KEYS)}, got none for {', '.join(missing)}.")
    return Network([Dense(params["W1"], params["b1"], "relu"), Dense(params["W2"], params["b2"], "identity")],
                   loss="softmax_cross_entropy")


def hidden_networks():
    """(params, X, Y, what) for each hidden network, the last with scores of about +-1000."""
    rng = np.random.default_rng(6)
    cases = []
    for n, n_in, n_hidden, n_out, what in [(5, 3, 4, 2, "5 samples, 3 inputs, 4 hidden neurons, 2 classes"),
                                            (3, 3, 3, 3, "3 samples, 3 inputs, 3 hidden neurons, 3 classes"),
                                            (1, 4, 6, 3, "a batch of 1 sample (4 inputs, 6 hidden neurons)")]:
        params = {"W1": rng.normal(0, np.sqrt(2 / n_in), (n_in, n_hidden)), "b1": rng.normal(0, 0.5, n_hidden),
                  "W2": rng.normal(0, np.sqrt(2 / n_hidden), (n_hidden, n_out)), "b2": rng.normal(0, 0.5, n_out)}
        cases.append((params, rng.normal(size=(n, n_in)), np.eye(n_out)[rng.integers(0, n_out, n)], what))
    # Scores of about +-1000: large weights, and a first sample whose hidden neurons are all off, so that
    # its scores are b2, about -1000, while the others' reach about +1000.
    W2 = 600 * rng.normal(0, 1, (5, 3))
    W2[:, 0] = 300 + np.abs(W2[:, 0])  # class 0's score grows with every hidden neuron that is on
    params = {"W1": rng.normal(0, 1, (2, 5)), "b1": np.zeros(5), "W2": W2, "b2": np.array([-1000.0, -1001.0, -999.0])}
    X = np.vstack([[0.0, 0.0], rng.normal(0, 10, (3, 2))])
    cases.append((params, X, np.eye(3)[[0, 2, 1, 0]], "scores of about +-1000 (4 samples)"))
    return cases


def reference_forward(params, X, slip=None):
    """The right forward pass, or one with a typical `slip`: (scores Z2, cache)."""
    W1, b1, W2, b2 = (params[key] for key in KEYS)
    Z1 = X @ (W1.T if slip in ("transposed", "transposed W1") else W1) + (0 if slip == "no b1" else b1)
    H = Z1 if slip == "no relu" else np.maximum(0, Z1)
    Z2 = H @ (W2.T if slip in ("transposed", "transposed W2") else W2) + (0 if slip == "no b2" else b2)
    return Z2, {"X": X, "Z1": Z1, "H": H, "P": softmax(Z2)}


def reference_gradients(params, cache, Y, slip=None):
    """The right gradients from a cache, or those of a typical `slip`."""
    X, Z1, H, P = (cache[key] for key in CACHE_KEYS)
    n = len(X)
    dZ2 = (P - Y) / (1 if slip == "no 1/n" else n)
    twice = n if slip == "1/n twice" else 1
    dH = dZ2 @ (params["W2"] if slip == "transposed" else params["W2"].T)
    on = Z1 >= 0 if slip == "relu at 0" else Z1 > 0  # relu'(z): 1 where the neuron is on
    dZ1 = dH if slip == "no relu" else dH * on
    if slip == "bias summed over all":
        bias = np.sum
    elif slip == "bias mean":
        bias = lambda dZ: dZ.mean(axis=0)  # noqa: E731
    else:
        bias = lambda dZ: dZ.sum(axis=0) / twice  # noqa: E731
    return {"W1": X.T @ dZ1 / twice, "b1": bias(dZ1), "W2": H.T @ dZ2 / twice, "b2": bias(dZ2)}


def numeric_gradients(params, X, Y, eps=1e-6):
    """Central differences of the mean cross-entropy, one entry at a time: (gradients, loss)."""
    def loss_of(p):
        return softmax_cross_entropy(reference_forward(p, X)[0], Y)
    numeric = {}
    for key in KEYS:
        numeric[key] = np.zeros_like(params[key])
        for index in np.ndindex(params[key].shape):
            up = {k: v.copy() for k, v in params.items()}
            down = {k: v.copy() for k, v in params.items()}
            up[key][index] += eps
            down[key][index] -= eps
            numeric[key][index] = (loss_of(up) - loss_of(down)) / (2 * eps)
    return numeric, loss_of(params)


def _counted(method):
    def counted(self, *args, **kwargs):
        if self._inside:  # numpy's own call inside a counted one: permutation(n) calls shuffle
            return getattr(np.random.Generator, method)(self, *args, **kwargs)
        self.shuffles += 1
        self._inside = True
        try:
            return getattr(np.random.Generator, method)(self, *args, **kwargs)
        finally:
            self._inside = False
    counted.__name__ = method
    return counted


class ShuffleCounter(np.random.Generator):
    """``np.random.default_rng(seed)`` that counts the calls that shuffle or draw sample indices.

    Only the reader's own calls count: ``permutation``, ``permuted`` and ``choice`` call ``shuffle`` or
    ``integers`` inside them (which ones depends on numpy's version), and those inner calls do not.
    """

    def __init__(self, seed):
        super().__init__(np.random.PCG64(seed))
        self.shuffles, self._inside = 0, False

    permutation, shuffle, permuted = _counted("permutation"), _counted("shuffle"), _counted("permuted")
    choice, integers = _counted("choice"), _counted("integers")


def training_run(seed):
    """The data and randomness of one training run: the check's is seed 0, ``CALIBRATION``'s seeds 0-19.

    Returns
    -------
    X, labels, X_test, labels_test
        200 spiral points to train on and 400 new ones to test on (``spirals(..., noise=0.05)``, drawn
        with ``np.random.default_rng(seed)``).
    rng : ShuffleCounter
        ``np.random.default_rng(1000 + seed)`` that counts its shuffles, for ``train``: its starting
        weights and shuffles.
    """
    data = np.random.default_rng(seed)
    X, labels = spirals(200, noise=0.05, rng=data)
    X_test, labels_test = spirals(400, noise=0.05, rng=data)
    return X, labels, X_test, labels_test, ShuffleCounter(1000 + seed)


def accuracy(params, X, labels):
    """The fraction of rows of X whose largest score (ReLU hidden layer, identity output) is their label.

    Computed with nnlib's forward pass (``capstone_network``), not the reader's.
    """
    return float(np.mean(capstone_network(params).predict(X).argmax(axis=1) == np.asarray(labels)))


__all__ = ["KEYS", "CACHE_KEYS", "TRAINING", "PASS_ACCURACY", "CALIBRATION", "capstone_network", "hidden_networks",
           "reference_forward", "reference_gradients", "numeric_gradients", "ShuffleCounter", "training_run",
           "accuracy"]
