"""Loss functions and their gradients, in one table: ``LOSSES``. See chapter 3.

A new loss (softmax cross-entropy, say) is one more entry in ``LOSSES``; ``Network`` finds it by name.
"""

import numpy as np

from ._checks import as_floats, check_choice


def _pair(y_pred, y_true, where):
    y_pred = as_floats(y_pred, "y_pred", where)
    y_true = as_floats(y_true, "y_true", where)
    if y_pred.shape != y_true.shape:
        raise ValueError(
            f"{where} expected y_pred and y_true of the same shape, got {y_pred.shape} and {y_true.shape}."
        )
    return y_pred, y_true


def _n_samples(y):
    return y.shape[0] if y.ndim else 1


def mse(y_pred, y_true):
    """Mean squared error with the seed's factor 1/2.

    L = 1 / (2 n) * sum_i sum_k (y_pred_ik - y_true_ik)^2, for one sample L = 1/2 (y - p)^2.

    Parameters
    ----------
    y_pred, y_true : array-like of shape (n_samples, n_outputs)
        Predictions and targets, the same shape (1-D: one output per sample).

    Returns
    -------
    float

    See chapter 3, "Backpropagation".
    """
    y_pred, y_true = _pair(y_pred, y_true, "mse")
    error = y_pred - y_true
    return float(np.vdot(error, error)) / (2 * _n_samples(error))  # vdot(e, e): sum of squares


def mse_gradient(y_pred, y_true):
    """Gradient of ``mse`` with respect to the predictions.

    dL/dy_pred = (y_pred - y_true) / n

    Parameters
    ----------
    y_pred, y_true : array-like of shape (n_samples, n_outputs)

    Returns
    -------
    ndarray of shape (n_samples, n_outputs)

    See chapter 3, "Backpropagation".
    """
    y_pred, y_true = _pair(y_pred, y_true, "mse_gradient")
    return (y_pred - y_true) / _n_samples(y_pred)


#: Loss name -> (loss(y_pred, y_true) -> float, gradient(y_pred, y_true) -> dL/dy_pred).
LOSSES = {
    "mse": (mse, mse_gradient),
}


def get_loss(name):
    """Look a loss up by name.

    Parameters
    ----------
    name : str
        A key of ``LOSSES``.

    Returns
    -------
    (loss, gradient) : tuple of callables

    Raises
    ------
    ValueError
        If `name` is not in ``LOSSES``; the message lists the valid names.

    See chapter 3, "Backpropagation".
    """
    return check_choice(name, LOSSES, "loss")
