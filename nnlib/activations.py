"""Activation functions and their derivatives, in one table: ``ACTIVATIONS``. See chapter 1.

Each derivative takes z and, optionally, the activation a = f(z) already computed by a forward
pass, so that backward never recomputes f (sigmoid'(z) = a (1 - a), tanh'(z) = 1 - a^2).
"""

import numpy as np

from ._checks import check_choice


def relu(z):
    """Rectified linear unit, relu(z) = max(0, z).

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.

    Returns
    -------
    float or ndarray, same shape as `z`

    See chapter 1, "A single neuron".
    """
    return np.maximum(z, 0.0)


def relu_derivative(z, a=None):
    """Derivative of relu: 1 where z > 0, else 0 (also 0 at z = 0, as in the seed's ``z > 0``).

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.
    a : ignored
        Accepted so that every derivative in ``ACTIVATIONS`` has the same signature.

    Returns
    -------
    float or ndarray of floats, same shape as `z`

    See chapter 1, "A single neuron".
    """
    return np.greater(z, 0).astype(float)


def sigmoid(z):
    """Logistic sigmoid, sigmoid(z) = 1 / (1 + e^{-z}), numerically stable for large |z|.

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.

    Returns
    -------
    float or ndarray, same shape as `z`, values in [0, 1]

    See chapter 1, "A single neuron".
    """
    # For z < -709, e^{-z} overflows to inf and 1 / (1 + inf) = 0 is the correctly rounded
    # answer, so the overflow warning is noise.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_derivative(z, a=None):
    """Derivative of sigmoid: sigmoid'(z) = a (1 - a) with a = sigmoid(z).

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.
    a : float or ndarray, optional
        ``sigmoid(z)`` if already known (a layer's forward pass kept it).

    Returns
    -------
    float or ndarray, same shape as `z`

    See chapter 1, "A single neuron".
    """
    a = sigmoid(z) if a is None else a
    return a * (1.0 - a)


def tanh(z):
    """Hyperbolic tangent, tanh(z) = (e^z - e^{-z}) / (e^z + e^{-z}).

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.

    Returns
    -------
    float or ndarray, same shape as `z`, values in [-1, 1]

    See chapter 1, "A single neuron".
    """
    return np.tanh(z)


def tanh_derivative(z, a=None):
    """Derivative of tanh: tanh'(z) = 1 - a^2 with a = tanh(z).

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.
    a : float or ndarray, optional
        ``tanh(z)`` if already known (a layer's forward pass kept it).

    Returns
    -------
    float or ndarray, same shape as `z`

    See chapter 1, "A single neuron".
    """
    a = np.tanh(z) if a is None else a
    return 1.0 - a * a


def identity(z):
    """Identity (linear) activation, identity(z) = z, used for regression outputs.

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.

    Returns
    -------
    float or ndarray
        `z` itself, unchanged.

    See chapter 1, "A single neuron".
    """
    return z


def identity_derivative(z, a=None):
    """Derivative of the identity: 1 everywhere.

    Parameters
    ----------
    z : float or ndarray of any shape
        Pre-activation.
    a : ignored
        Accepted so that every derivative in ``ACTIVATIONS`` has the same signature.

    Returns
    -------
    ndarray of ones, same shape as `z`

    See chapter 1, "A single neuron".
    """
    return np.ones_like(z, dtype=float)


#: Activation name -> (function of z, derivative with respect to z). The one table that feeds
#: the layers, the tests and the widgets' dropdowns.
ACTIVATIONS = {
    "relu": (relu, relu_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "identity": (identity, identity_derivative),
}


def get_activation(name):
    """Look an activation up by name.

    Parameters
    ----------
    name : str
        One of the keys of ``ACTIVATIONS``: "relu", "sigmoid", "tanh", "identity".

    Returns
    -------
    (function, derivative) : tuple of callables
        ``function(z)`` and ``derivative(z, a=None)``.

    Raises
    ------
    ValueError
        If `name` is not in ``ACTIVATIONS``; the message lists the valid names.

    See chapter 1, "A single neuron".
    """
    return check_choice(name, ACTIVATIONS, "activation")
