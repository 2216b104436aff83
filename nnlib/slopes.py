"""Slopes measured by nudging: how fast the loss changes with one number. See chapter 3.

Chapter 3 checks the chain rule and backpropagation's four matrix rules by measurement. Nudge one
number up and down by h, run the network from there on, and

    (L(number + h) - L(number - h)) / (2 h)

is how fast the loss L changes with that number (a central difference, accurate to order h^2).
``measured_gradient`` does it for every entry of one of a layer's arrays (its inputs, weights, bias
or weighted sums z); ``path_slopes`` measures each path from a weight to the loss on its own, by
letting only one neuron of the next layer see the nudge. Neither changes the network.
"""
import numbers

import numpy as np

from ._checks import check_positive_number
from .activations import get_activation
from .losses import get_loss
from .network import Network

QUANTITIES = ("inputs", "weights", "bias", "z")
"""What ``measured_gradient`` can nudge: a layer's A_prev, W, b or Z = A_prev W + b."""


def _check(network, X, y, h, where):
    if not isinstance(network, Network):
        raise TypeError(f"{where} expected a Network, got {type(network).__name__}.")
    X = network._check_X(X, where)
    y = network._check_y(y, X.shape[0], where)
    return X, y, check_positive_number(h, "h", where)


def _check_layer(network, layer, where, last):
    n_layers = len(network.layers) - (0 if last else 1)
    if isinstance(layer, bool) or not isinstance(layer, numbers.Integral) or not 1 <= layer <= n_layers:
        raise ValueError(f"{where} expected layer to be a whole number from 1 to {n_layers} (counting the "
                         f"layers from 1{'' if last else ', the last one excluded'}), got {layer!r}.")
    return int(layer)


def _inputs_of(network, X, layer):
    """A_prev of layer `layer` (counting from 1): X run through the layers before it."""
    A = X
    for before in network.layers[:layer - 1]:
        A = before._predict(A)
    return A


def _loss_from(network, layer, y, z):
    """The loss when layer `layer` (counting from 1) has the weighted sums z; later layers as usual."""
    A = get_activation(network.layers[layer - 1].activation)[0](z)
    for after in network.layers[layer:]:
        A = after._predict(A)
    return get_loss(network.loss)[0](A, y)


def _central(loss_of, array, index, h):
    up, down = array.copy(), array.copy()
    up[index] += h
    down[index] -= h
    return (loss_of(up) - loss_of(down)) / (2 * h)


def measured_gradient(network, X, y, layer, of, h=1e-6):
    """dL/d(one of a layer's arrays), measured by nudging each entry up and down by h.

    Entry by entry: (L(entry + h) - L(entry - h)) / (2 h), with the rest of the network as it is.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    layer : int
        Which layer, counting from 1 (``network.layers[layer - 1]``).
    of : {"inputs", "weights", "bias", "z"}
        The layer's A_prev (n_samples, n_inputs), W (n_inputs, n_neurons), b (n_neurons,) or
        Z = A_prev W + b (n_samples, n_neurons).
    h : float, default=1e-6

    Returns
    -------
    ndarray
        The shape of the nudged array: what backpropagation's dA_prev, dW, db or dZ must equal.

    See chapter 3, "Backpropagation".
    """
    X, y, h = _check(network, X, y, h, "measured_gradient")
    layer = _check_layer(network, layer, "measured_gradient", last=True)
    if of not in QUANTITIES:
        raise ValueError(f"measured_gradient expected `of` to be one of {', '.join(map(repr, QUANTITIES))}, "
                         f"got {of!r}.")
    dense = network.layers[layer - 1]
    arrays = {"inputs": _inputs_of(network, X, layer), "weights": dense.weights.copy(), "bias": dense.bias.copy()}
    arrays["z"] = arrays["inputs"] @ arrays["weights"] + arrays["bias"]

    def loss_of(nudged):
        if of == "z":
            return _loss_from(network, layer, y, nudged)
        parts = {**arrays, of: nudged}
        return _loss_from(network, layer, y, parts["inputs"] @ parts["weights"] + parts["bias"])

    array = arrays[of]
    return np.reshape([_central(loss_of, array, index, h) for index in np.ndindex(array.shape)], array.shape)


def path_slopes(network, X, y, weight, h=1e-6):
    """How fast the loss changes with one weight through each neuron of the next layer alone, and in all.

    Weight ``(layer, i, j)`` is ``network.layers[layer - 1].weights[i, j]``: it changes neuron j's
    output, which every neuron of the next layer sees. Nudged by +-h with only neuron m of the next
    layer seeing the change (the others keep the old output), the central difference measures the
    path through m alone; with every neuron seeing it, the whole slope, dL/dW[i, j].

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    weight : tuple of int
        (layer, i, j): the layer counting from 1, not the last one.
    h : float, default=1e-6

    Returns
    -------
    through : ndarray of shape (n_neurons of the next layer,)
        The slope through each neuron of the next layer alone.
    at_once : float
        The slope with every path open: the chain rule says ``through.sum()``.

    See chapter 3, "Backpropagation".
    """
    X, y, h = _check(network, X, y, h, "path_slopes")
    if not isinstance(weight, tuple) or len(weight) != 3:
        raise ValueError(f"path_slopes expected weight to be a tuple (layer, i, j), got {weight!r}.")
    layer = _check_layer(network, weight[0], "path_slopes", last=False)
    dense, after = network.layers[layer - 1], network.layers[layer]
    i, j = weight[1:]
    if not (0 <= i < dense.n_inputs and 0 <= j < dense.n_neurons):
        raise ValueError(f"path_slopes expected i < {dense.n_inputs} and j < {dense.n_neurons} for layer "
                         f"{layer}'s weights of shape {dense.weights.shape}, got ({i}, {j}).")
    A_prev, f = _inputs_of(network, X, layer), get_activation(dense.activation)[0]

    def outputs(step):  # the layer's outputs with W[i, j] moved by `step`
        W = dense.weights.copy()
        W[i, j] += step
        return f(A_prev @ W + dense.bias)

    Z_old = outputs(0.0) @ after.weights + after.bias

    def loss_seen_by(neurons, A):  # the next layer's neurons in `neurons` see A, the others the old outputs
        Z = Z_old.copy()
        Z[:, neurons] = A @ after.weights[:, neurons] + after.bias[neurons]
        return _loss_from(network, layer + 1, y, Z)

    def slope(neurons):
        return (loss_seen_by(neurons, outputs(h)) - loss_seen_by(neurons, outputs(-h))) / (2 * h)

    through = np.array([slope([m]) for m in range(after.n_neurons)])
    return through, float(slope(list(range(after.n_neurons))))
