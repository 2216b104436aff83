"""Checking backpropagation against central finite differences. See chapter 3."""

from dataclasses import dataclass

import numpy as np

from ._checks import check_positive_number
from .losses import get_loss
from .network import Network


@dataclass
class GradientRecord:
    """Backprop and finite-difference gradients of one parameter array, side by side.

    Attributes
    ----------
    name : str
        Which parameter, e.g. "layer 2 weights".
    analytic : ndarray
        dL/dparameter from ``Network.backward``, the parameter's shape.
    numeric : ndarray
        (L(p + eps) - L(p - eps)) / (2 eps) for each entry, the same shape.
    relative_error : ndarray
        |analytic - numeric| / max(|analytic| + |numeric|, 1e-12), the same shape.
    max_relative_error : float
        The largest entry of ``relative_error``.

    See chapter 3, "Backpropagation".
    """

    name: str
    analytic: np.ndarray
    numeric: np.ndarray
    relative_error: np.ndarray
    max_relative_error: float


def relative_error(analytic, numeric):
    """|a - n| / max(|a| + |n|, 1e-12), elementwise; 0 where both are 0.

    See chapter 3, "Backpropagation".
    """
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-12)


def gradient_report(network, X, y, eps=1e-6):
    """Compare ``network.backward`` with central finite differences, parameter by parameter.

    numeric = (L(p + eps) - L(p - eps)) / (2 eps), one entry of one parameter at a time.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    eps : float, default=1e-6
        Finite-difference step.

    Returns
    -------
    list of GradientRecord
        One per parameter array, in the order of ``network.parameters()``. Every parameter is
        restored exactly; afterwards the network holds the forward/backward of (X, y).

    See chapter 3, "Backpropagation".
    """
    if not isinstance(network, Network):
        raise TypeError(f"gradient_report expected a Network, got {type(network).__name__}.")
    X = network._check_X(X, "gradient_report")
    y = network._check_y(y, X.shape[0], "gradient_report")
    eps = check_positive_number(eps, "eps", "gradient_report")
    loss = get_loss(network.loss)[0]

    numerics = []
    for parameter in network.parameters():
        numeric = np.empty_like(parameter)
        for index in np.ndindex(parameter.shape):
            original = parameter[index]
            try:
                parameter[index] = original + eps
                loss_plus = loss(network._forward(X), y)
                parameter[index] = original - eps
                loss_minus = loss(network._forward(X), y)
            finally:
                parameter[index] = original
            numeric[index] = (loss_plus - loss_minus) / (2 * eps)
        numerics.append(numeric)

    network._forward(X)
    network.backward(y)
    records = []
    for name, analytic, numeric in zip(network.parameter_names(), network.gradients(), numerics):
        error = relative_error(analytic, numeric)
        records.append(GradientRecord(name, analytic.copy(), numeric, error, float(error.max())))
    return records


def gradient_check(network, X, y, eps=1e-6):
    """Largest relative error between backpropagation and finite differences, over all parameters.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    eps : float, default=1e-6

    Returns
    -------
    float
        ``max(record.max_relative_error for record in gradient_report(network, X, y, eps))``;
        around 1e-7 or less means backward is right.

    See chapter 3, "Backpropagation".
    """
    return max(record.max_relative_error for record in gradient_report(network, X, y, eps))
