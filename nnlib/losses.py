"""Loss functions and their gradients, in one table: ``LOSSES``. See chapter 3.

A new loss (softmax cross-entropy, say) is one more entry in ``LOSSES``; ``Network`` finds it by name.
A training step needs a loss and its gradient at the same predictions, which share most of their work
(the error, or the log-softmax). Each loss here is therefore written once, as ``_<loss>_with_gradient``,
which computes both in one pass on checked arrays; the public functions check their arguments and call it.
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
    return _mse_with_gradient(*_pair(y_pred, y_true, "mse"))[0]


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
    return _mse_with_gradient(*_pair(y_pred, y_true, "mse_gradient"))[1]


def _mse_with_gradient(y_pred, y_true):
    error = y_pred - y_true
    n_samples = _n_samples(error)
    loss = float(np.vdot(error, error)) / (2 * n_samples)  # vdot(e, e): the sum of squares
    error /= n_samples  # in place: error is our own array, and now the gradient
    return loss, error


def _logits_pair(logits, y_true, where):
    logits, y_true = _pair(logits, y_true, where)
    if logits.ndim != 2:
        raise ValueError(
            f"{where} expected 2-D logits and y_true of shape (n_samples, n_classes), got shape {logits.shape}."
        )
    return logits, y_true


def _log_softmax(logits):
    # Subtracting each row's largest logit changes nothing (softmax(z + c) = softmax(z)) and keeps
    # exp() from overflowing; the log of the sum is then at least log(1) = 0.
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(logits):
    """Softmax of each row: scores (logits) to probabilities that sum to 1.

    softmax(z)_k = e^{z_k} / sum_j e^{z_j}, computed as e^{z_k - max z} / sum_j e^{z_j - max z}

    Parameters
    ----------
    logits : array-like of shape (n_samples, n_classes)
        One row of scores per sample (a 1-D array is one sample).

    Returns
    -------
    ndarray, the shape of `logits`
        Each row is positive and sums to 1.

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    return np.exp(_log_softmax(as_floats(logits, "logits", "softmax")))


def softmax_cross_entropy(logits, y_true):
    """Cross-entropy of the softmax of the logits against one-hot targets, averaged over samples.

    L = -1/n * sum_i sum_k y_ik log softmax(z_i)_k, with a numerically stable log-softmax.

    Parameters
    ----------
    logits : array-like of shape (n_samples, n_classes)
        The network's outputs (an "identity" last layer).
    y_true : array-like of shape (n_samples, n_classes)
        One-hot targets (``nnlib.one_hot``), or any rows of probabilities.

    Returns
    -------
    float

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    return _softmax_cross_entropy_with_gradient(*_logits_pair(logits, y_true, "softmax_cross_entropy"))[0]


def softmax_cross_entropy_gradient(logits, y_true):
    """Gradient of ``softmax_cross_entropy`` with respect to the logits.

    dL/dz = (softmax(z) - y_true) / n

    Parameters
    ----------
    logits, y_true : array-like of shape (n_samples, n_classes)

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    logits, y_true = _logits_pair(logits, y_true, "softmax_cross_entropy_gradient")
    return _softmax_cross_entropy_with_gradient(logits, y_true)[1]


def _softmax_cross_entropy_with_gradient(logits, y_true):
    log_probabilities = _log_softmax(logits)  # once, for the loss and for the gradient
    n_samples = logits.shape[0]
    loss = -float(np.vdot(y_true, log_probabilities)) / n_samples
    return loss, (np.exp(log_probabilities) - y_true) / n_samples


#: Loss name -> (loss(y_pred, y_true) -> float, gradient(y_pred, y_true) -> dL/dy_pred).
LOSSES = {
    "mse": (mse, mse_gradient),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_gradient),
}


_WITH_GRADIENT = {"mse": _mse_with_gradient, "softmax_cross_entropy": _softmax_cross_entropy_with_gradient}


def loss_with_gradient(name):
    """(y_pred, y_true) -> (loss, dL/dy_pred), both at once, on arrays the caller has checked.

    What ``Network`` trains with. A loss added to ``LOSSES`` without a one-pass version gets its two
    functions called one after the other.
    """
    if name in _WITH_GRADIENT:
        return _WITH_GRADIENT[name]
    loss, gradient = get_loss(name)
    return lambda y_pred, y_true: (loss(y_pred, y_true), gradient(y_pred, y_true))


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
