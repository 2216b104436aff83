"""A network: Dense layers in a chain, a loss, and one step of gradient descent. See chapters 2-4."""

import copy
import math
import os

import numpy as np

from ._checks import check_finite, check_layers, check_matrix, check_positive_number, check_rng, check_sizes
from .layers import Dense
from .losses import get_loss, loss_with_gradient

_FORMAT_VERSION = 1


class Network:
    """Layers applied one after the other, trained on a loss.

    Parameters
    ----------
    layers : list of Dense
        Layer k + 1 takes layer k's outputs: ``layers[k + 1].n_inputs == layers[k].n_neurons``.
    loss : str, default="mse"
        A key of ``nnlib.LOSSES``.

    See chapter 2, "Forward propagation through three layers".
    """

    def __init__(self, layers, loss="mse"):
        check_layers(layers, Dense)
        get_loss(loss)
        self.layers = list(layers)
        self.loss = loss
        self._output = None

    @classmethod
    def random(cls, sizes, activations, rng=None, loss="mse"):
        """A network of randomly initialised layers (He for relu, Xavier otherwise; see ``Dense.random``).

        Parameters
        ----------
        sizes : list of int
            ``[n_inputs, n_hidden_1, ..., n_outputs]``, at least two sizes.
        activations : list of str, or str
            One activation per layer (``len(sizes) - 1`` of them), or one name for every layer.
        rng : numpy.random.Generator, optional
            Shared by all layers; None means ``np.random.default_rng()``.
        loss : str, default="mse"

        See chapter 4, "Training".
        """
        sizes, activations = check_sizes(sizes, activations, "Network.random")
        rng = check_rng(rng, "Network.random")
        return cls([Dense.random(n_in, n_out, name, rng)
                    for n_in, n_out, name in zip(sizes, sizes[1:], activations)], loss)

    def _check_X(self, X, where, finite=True):
        return check_matrix(X, self.layers[0].n_inputs, where, finite=finite)

    def _check_y(self, y, n_samples, where, finite=True):
        return check_matrix(y, self.layers[-1].n_neurons, where, "y", "n_outputs", n_samples, finite)

    def forward(self, X):
        """Propagate a batch through every layer, each keeping what backward needs.

        A_0 = X,  A_k = f_k(A_{k-1} W_k + b_k)

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)

        Returns
        -------
        ndarray of shape (n_samples, n_outputs)

        See chapter 2, "Forward propagation through three layers".
        """
        return self._forward(self._check_X(X, "Network.forward"))

    def _forward(self, X):
        for layer in self.layers:
            X = layer._forward(X)
        self._output = X
        return X

    def predict(self, X):
        """Like ``forward`` (same arguments and result) but keeps nothing for backward.

        See chapter 2, "Forward propagation through three layers".
        """
        A = self._check_X(X, "Network.predict")
        for layer in self.layers:
            A = layer._predict(A)
        return A

    def backward(self, y):
        """Backpropagate the loss of the last ``forward`` into every layer.

        dA_L = dL/dy_pred, then layer by layer from the last: dA_{k-1} = layers[k].backward(dA_k)

        Parameters
        ----------
        y : array-like of shape (n_samples, n_outputs)
            Targets for the batch of the last ``forward``.

        Returns
        -------
        ndarray of shape (n_samples, n_inputs)
            dL/dX. Each layer's ``dweights`` and ``dbias`` hold its gradients.

        See chapter 3, "Backpropagation".
        """
        if self._output is None:
            raise RuntimeError("Network.backward was called before forward: call forward(X) first.")
        y = self._check_y(y, self._output.shape[0], "Network.backward")
        return self._backward(get_loss(self.loss)[1](self._output, y))

    def _backward(self, d, d_inputs=True):
        # d = dL/dy_pred, from the last layer to the first
        for layer in self.layers[:0:-1]:
            d = layer._backward(d)
        return self.layers[0]._backward(d, d_inputs)  # training needs no dL/dX: d_inputs=False

    def train_step(self, X, y, learning_rate):
        """One step of gradient descent: forward, backward, then W <- W - learning_rate * dL/dW for every W, b.

        If the loss or a gradient overflows or becomes NaN, training diverged: FloatingPointError, and
        nothing is updated.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
        y : array-like of shape (n_samples, n_outputs)
        learning_rate : float > 0

        Returns
        -------
        float
            The loss before the update.

        See chapter 3, "Backpropagation".
        """
        # NaN or inf in X or y cannot hide: they make the loss or the first layer's dweights non-finite,
        # which _step turns into FloatingPointError, and _train_step then names them. Scanning them here
        # on every step would cost time in proportion to the batch, for nothing on good data.
        X = self._check_X(X, "Network.train_step", finite=False)
        y = self._check_y(y, X.shape[0], "Network.train_step", finite=False)
        learning_rate = check_positive_number(learning_rate, "learning_rate", "Network.train_step")
        return self._train_step(X, y, learning_rate)

    def _train_step(self, X, y, learning_rate):
        # train_step on checked arguments: nnlib.train checks its data once, not once per mini-batch.
        try:
            return self._step(X, y, learning_rate)
        except FloatingPointError:
            pass
        check_finite(X, "X", "Network.train_step")  # bad data or a hand-made NaN, not divergence
        check_finite(y, "y", "Network.train_step")
        for name, parameter in zip(self.parameter_names(), self.parameters()):
            check_finite(parameter, name, "Network.train_step")
        raise FloatingPointError(
            f"Network.train_step: training diverged: the loss or a gradient overflowed to inf or NaN "
            f"with learning_rate={learning_rate:g}. Lower the learning rate. The parameters were not updated."
        )

    @np.errstate(over="raise", invalid="raise", divide="raise")  # overflow or NaN: FloatingPointError, no warning
    def _step(self, X, y, learning_rate):
        loss, d_output = loss_with_gradient(self.loss)(self._forward(X), y)
        if not math.isfinite(loss):
            raise FloatingPointError
        # All gradients first: nothing is updated if one overflows. An inf in X that the activation
        # hides from the loss (sigmoid(inf) = 1, relu(-inf) = 0) meets a zero in dZ here, in
        # dW = X^T dZ, and inf * 0 raises FloatingPointError ("invalid value") like any NaN does.
        self._backward(d_output, d_inputs=False)
        for layer in self.layers:
            layer.weights -= learning_rate * layer.dweights
            layer.bias -= learning_rate * layer.dbias
        return loss

    def parameters(self):
        """The layers' own arrays ``[W_1, b_1, W_2, b_2, ...]``: changing them changes the network. See chapter 3."""
        return [p for layer in self.layers for p in (layer.weights, layer.bias)]

    def gradients(self):
        """The gradients of the last ``backward``, ``[dW_1, db_1, ...]``, matching ``parameters()``. See chapter 3."""
        return [g for layer in self.layers for g in (layer.dweights, layer.dbias)]

    def parameter_names(self):
        """Names matching ``parameters()``: ``["layer 1 weights", "layer 1 bias", ...]``. See chapter 3."""
        return [f"layer {k} {what}" for k in range(1, len(self.layers) + 1) for what in ("weights", "bias")]

    def copy(self):
        """An independent deep copy of the network. See chapter 4, "Training"."""
        return copy.deepcopy(self)

    def save(self, path):
        """Write the weights, biases, activations and loss to a ``.npz`` file at exactly `path`.

        See chapter 4, "Training".
        """
        arrays = {"nnlib_network": np.array(_FORMAT_VERSION), "loss": np.array(self.loss),
                  "activations": np.array([layer.activation for layer in self.layers])}
        for k, layer in enumerate(self.layers):
            arrays[f"weights_{k}"], arrays[f"bias_{k}"] = layer.weights, layer.bias
        with open(path, "wb") as file:
            np.savez(file, **arrays)

    @classmethod
    def load(cls, path):
        """Read a network written by ``Network.save``.

        Raises FileNotFoundError if there is no file at `path`, ValueError if it is not an nnlib
        network file. See chapter 4, "Training".
        """
        if not os.path.isfile(path):
            raise FileNotFoundError(f"Network.load found no file at {os.fspath(path)!r}.")
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["nnlib_network"]) != _FORMAT_VERSION:
                    raise ValueError(f"unknown format version {int(data['nnlib_network'])}")
                return cls([Dense(data[f"weights_{k}"], data[f"bias_{k}"], str(name))
                            for k, name in enumerate(data["activations"])], str(data["loss"]))
        except Exception as error:  # whatever failed, the file is not one that save wrote
            message = f"Network.load: {os.fspath(path)!r} is not an nnlib network file"
            raise ValueError(f"{message} ({type(error).__name__}: {error}).") from error

    def __repr__(self):
        sizes = " -> ".join(f"{layer.n_neurons} {layer.activation}" for layer in self.layers)
        return f"Network({self.layers[0].n_inputs} -> {sizes}, loss={self.loss})"
