"""How a network's loss curves where its weights are: its second derivatives, from backprop. See chapter 5.

Near any point a smooth loss looks like a bowl (chapter 5's ``landscape.Valley``), and on a bowl
gradient descent converges if and only if ``learning_rate < 2 / c_max``, where c_max is the
largest curvature. Here the curvatures of a network's loss are measured as chapter 3's gradient
check measures the gradient, one level up: each parameter is nudged by +h and -h, and the change
in backprop's gradient, divided by 2h, is how fast the slope changes along that parameter.
"""
import numpy as np

from ._checks import check_positive_number
from .classification import _check_network


def _gradient(network, X, y):
    network.forward(X)
    network.backward(y)
    return np.concatenate([g.ravel() for g in network.gradients()])


def hessian(network, X, y, h=1e-5):
    """The loss's second derivatives with respect to every pair of parameters, by central differences.

    H[i, j] = (g_i(theta + h e_j) - g_i(theta - h e_j)) / (2h), where g = dL/dtheta is backprop's
    gradient and theta lists every parameter, in the order of ``network.parameters()``, each
    array flattened row by row. Then H <- (H + H^T) / 2: exact second derivatives are symmetric.
    Each column costs two forward and backward passes.

    Parameters
    ----------
    network : Network
        Left with its own parameters (restored exactly) and the gradients of ``forward(X)``,
        ``backward(y)`` at them.
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
    h : float > 0, default=1e-5
        The nudge. Near a ReLU kink (z within h of 0) the two nudges see different slopes.

    Returns
    -------
    ndarray of shape (n_parameters, n_parameters)
        H[i, i] is the curvature along parameter i alone.

    See chapter 5, "The edge in chapters 3 and 4".
    """
    return _hessian(network, X, y, h, "hessian")


def _hessian(network, X, y, h, where):
    network = _check_network(network, where)
    X = network._check_X(X, where)
    y = network._check_y(y, X.shape[0], where)
    h = check_positive_number(h, "h", where)
    columns = []
    for parameter in network.parameters():
        for index in np.ndindex(parameter.shape):
            value = parameter[index]
            try:
                parameter[index] = value + h
                plus = _gradient(network, X, y)
                parameter[index] = value - h
                minus = _gradient(network, X, y)
            finally:
                parameter[index] = value
            columns.append((plus - minus) / (2 * h))
    _gradient(network, X, y)  # the network's gradients are those of its own parameters again
    H = np.array(columns).T
    return (H + H.T) / 2


def largest_curvature(network, X, y, h=1e-5):
    """The largest curvature of the loss at the network's parameters: the largest eigenvalue of ``hessian``.

    The curvature along a direction u (a unit vector in parameter space) is u^T H u; its largest
    value over all directions is H's largest eigenvalue. On a bowl of that curvature, gradient
    descent converges if and only if learning_rate < 2 / largest_curvature.

    Parameters
    ----------
    network, X, y, h
        As for ``hessian``.

    Returns
    -------
    float

    See chapter 5, "The edge in chapters 3 and 4".
    """
    return float(np.linalg.eigvalsh(_hessian(network, X, y, h, "largest_curvature")).max())


__all__ = ["hessian", "largest_curvature"]
