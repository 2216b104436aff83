"""Scoring a classifier: one-hot targets, its probabilities and classes, accuracy, the confusion matrix. See chapter 4.

Class labels are integers 0, 1, ..., n_classes - 1, one per sample; a network that classifies has one
output (score) per class and, for probabilities, the loss "softmax_cross_entropy".
"""

import numpy as np

from ._checks import check_positive_int
from .losses import softmax
from .network import Network


def _check_network(network, where):
    if not isinstance(network, Network):
        raise TypeError(f"{where} expected a Network, got {type(network).__name__}.")
    return network


def one_hot(labels, n_classes=None):
    """One-hot rows for integer class labels: row i is 1 in column labels[i], 0 elsewhere.

    Parameters
    ----------
    labels : array-like of int, shape (n_samples,)
        Classes 0, 1, ..., n_classes - 1.
    n_classes : int, optional
        Number of columns; ``max(labels) + 1`` by default.

    Returns
    -------
    ndarray of shape (n_samples, n_classes), float64

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    labels = _check_labels(labels, "labels", "one_hot")
    n_classes = _n_classes(n_classes, [labels], "one_hot")
    return np.eye(n_classes)[labels]


def _check_labels(labels, name, where, n_samples=None):
    array = np.asarray(labels)
    if array.dtype.kind not in "iub":
        if array.dtype.kind == "f" and array.size and np.all(array == np.round(array)):
            array = array.astype(int)
        else:
            raise TypeError(f"{where} expected {name} to be integer class labels, got dtype {array.dtype}.")
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{where} expected {name} as a non-empty 1-D array (n_samples,), got shape {array.shape}.")
    if n_samples is not None and array.shape[0] != n_samples:
        raise ValueError(f"{where} expected {name} with {n_samples} labels, got shape {array.shape}.")
    if array.min() < 0:
        raise ValueError(f"{where} expected {name} to be classes 0, 1, 2, ..., got {array.min()}.")
    return array.astype(int)


def _n_classes(n_classes, label_arrays, where):
    largest = max(int(labels.max()) for labels in label_arrays)
    if n_classes is None:
        return largest + 1
    n_classes = check_positive_int(n_classes, "n_classes", where)
    if largest >= n_classes:
        raise ValueError(
            f"{where} expected labels from 0 to {n_classes - 1} (n_classes={n_classes}), got {largest}.")
    return n_classes


def predict_proba(network, X):
    """The network's class probabilities: the softmax of its outputs (for "softmax_cross_entropy").

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)

    Returns
    -------
    ndarray of shape (n_samples, n_outputs)
        ``softmax(network.predict(X))`` for a "softmax_cross_entropy" network, else the outputs as they are.

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    output = _check_network(network, "predict_proba").predict(X)
    return softmax(output) if network.loss == "softmax_cross_entropy" else output


def predict_classes(network, X):
    """The class the network picks for each sample: its largest output.

    A network with one output picks class 1 where the output is above 0.5 (a sigmoid output).

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)

    Returns
    -------
    ndarray of int, shape (n_samples,)

    See chapter 4, "Scores for classes: softmax and cross-entropy".
    """
    output = _check_network(network, "predict_classes").predict(X)
    return (output[:, 0] > 0.5).astype(int) if output.shape[1] == 1 else output.argmax(axis=1)


def accuracy(labels_true, labels_pred):
    """The fraction of samples classified right.

    Parameters
    ----------
    labels_true, labels_pred : array-like of int, shape (n_samples,)

    Returns
    -------
    float
        Between 0 and 1.

    See chapter 4, "The training loop".
    """
    labels_true = _check_labels(labels_true, "labels_true", "accuracy")
    labels_pred = _check_labels(labels_pred, "labels_pred", "accuracy", labels_true.shape[0])
    return float(np.mean(labels_true == labels_pred))


def confusion_matrix(labels_true, labels_pred, n_classes=None):
    """Count, for every true class, how often each class was predicted.

    Parameters
    ----------
    labels_true, labels_pred : array-like of int, shape (n_samples,)
    n_classes : int, optional
        Size of the matrix; by default one more than the largest label.

    Returns
    -------
    ndarray of int, shape (n_classes, n_classes)
        Entry [i, j]: samples of class i predicted as class j; the diagonal holds the right ones.

    See chapter 4, "Real data: handwritten digits".
    """
    labels_true = _check_labels(labels_true, "labels_true", "confusion_matrix")
    labels_pred = _check_labels(labels_pred, "labels_pred", "confusion_matrix", labels_true.shape[0])
    n_classes = _n_classes(n_classes, [labels_true, labels_pred], "confusion_matrix")
    counts = np.bincount(labels_true * n_classes + labels_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)
