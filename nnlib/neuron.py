"""One neuron: a weighted sum of its inputs plus a bias, through an activation. See chapter 1."""

import numbers

import numpy as np

from ._checks import as_floats, check_finite
from .activations import get_activation


class Neuron:
    """A single neuron, a = f(w . x + b).

    Parameters
    ----------
    weights : array-like of shape (n_inputs,)
        One weight per input (copied to float64).
    bias : float
        The neuron's bias.
    activation : str, default="relu"
        A key of ``nnlib.ACTIVATIONS``.

    Attributes
    ----------
    z : float
        Pre-activation w . x + b of the last ``forward`` (None before).
    a : float
        Activation f(z) of the last ``forward`` (None before).

    See chapter 1, "A single neuron".
    """

    def __init__(self, weights, bias, activation="relu"):
        weights = as_floats(weights, "weights", "Neuron")
        if weights.ndim != 1 or weights.size == 0:
            raise ValueError(
                "Neuron expected weights of shape (n_inputs,), a non-empty 1-D array, "
                f"got shape {weights.shape}. For several neurons at once use Dense."
            )
        check_finite(weights, "weights", "Neuron")
        if isinstance(bias, bool) or not isinstance(bias, (numbers.Real, np.ndarray)) or np.ndim(bias) != 0:
            raise TypeError(f"Neuron expected bias to be a single number, got {type(bias).__name__}.")
        if not np.isfinite(bias):
            raise ValueError(f"Neuron expected a finite bias, got {bias!r}.")
        get_activation(activation)
        self.weights = np.array(weights)
        self.bias = float(bias)
        self.activation = activation
        self.inputs = self.z = self.a = None

    @property
    def n_inputs(self):
        """Number of inputs, ``len(weights)``."""
        return self.weights.shape[0]

    def forward(self, inputs):
        """Compute the neuron's output for one input vector.

        z = sum_i w_i x_i + b,  a = f(z)

        Parameters
        ----------
        inputs : array-like of shape (n_inputs,)
            One sample.

        Returns
        -------
        a : float
            The activation; ``self.z`` and ``self.a`` keep z and a.

        See chapter 1, "A single neuron".
        """
        x = as_floats(inputs, "inputs", "Neuron.forward")
        if x.shape != self.weights.shape:
            raise ValueError(
                f"Neuron.forward expected inputs of shape ({self.n_inputs},) (one value per weight), "
                f"got shape {x.shape}. For a batch of samples use Dense."
            )
        check_finite(x, "inputs", "Neuron.forward")
        f, _ = get_activation(self.activation)
        self.inputs = x
        self.z = float(np.dot(self.weights, x) + self.bias)
        self.a = float(f(self.z))
        return self.a

    def __repr__(self):
        return f"Neuron({self.n_inputs} inputs, {self.activation})"
