"""Training: epochs of gradient descent on shuffled mini-batches, and a History of the loss. See chapters 4-5."""

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_floats, check_positive_int, check_positive_number, check_rng
from .classification import _check_network
from .losses import get_loss, loss_with_gradient
from .optimizers import Optimizer


def batches(X, y, batch_size, rng=None):
    """Split a data set into mini-batches, in a new random order.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs) or (n_samples,)
        Targets or labels, one row per row of X.
    batch_size : int >= 1
        Samples per batch; the last batch holds what is left (fewer if ``n_samples`` is not a multiple).
    rng : numpy.random.Generator, optional
        Draws the order; None means ``np.random.default_rng()``.

    Returns
    -------
    iterator of (X_batch, y_batch)
        ``ceil(n_samples / batch_size)`` pairs that together hold every sample exactly once.

    See chapter 4, "The training loop".
    """
    X = as_floats(X, "X", "batches")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"batches expected a non-empty 2-D X of shape (n_samples, n_inputs), got shape {X.shape}.")
    y = np.asarray(y)
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise ValueError(f"batches expected y with {X.shape[0]} rows (one per row of X), got shape {y.shape}.")
    batch_size = check_positive_int(batch_size, "batch_size", "batches")
    order = check_rng(rng, "batches").permutation(X.shape[0])
    return ((X[part], y[part]) for part in np.array_split(order, range(batch_size, len(order), batch_size)))


@dataclass
class History:
    """What ``train`` measured after each epoch, on the whole training (and validation) set.

    Attributes
    ----------
    loss : list of float
        ``loss[k]``: the loss after k epochs; ``loss[0]`` is before training.
    accuracy : list of float or None
        The fraction classified right after k epochs; None unless the loss is "softmax_cross_entropy".
    val_loss, val_accuracy : list of float or None
        The same on the validation set, when ``train`` was given one.
    best_epoch : int or None
        With ``early_stopping``: the epoch of the lowest ``val_loss``, whose parameters the network was
        given back at the end.

    See chapter 4, "The training loop", and chapter 5, "Early stopping".
    """

    loss: list = field(default_factory=list)
    accuracy: list = None
    val_loss: list = None
    val_accuracy: list = None
    best_epoch: int = None

    @property
    def epochs(self):
        """Number of epochs trained, ``len(loss) - 1``."""
        return len(self.loss) - 1


_FIELDS = ["loss", "accuracy", "val_loss", "val_accuracy"]


def _tracked(network, validation):
    """The History lists that training `network` fills, with or without a validation set."""
    names = ["loss", "accuracy"] if network.loss == "softmax_cross_entropy" else ["loss"]
    return names + [f"val_{name}" for name in names] if validation else names


def _measure(network, X, y, X_val=None, y_val=None):
    """Name -> value of this epoch's entries: the loss (and accuracy) on X, y (and on X_val, y_val)."""
    values = {}
    for prefix, inputs, targets in [("", X, y), ("val_", X_val, y_val)]:
        if inputs is None:
            continue
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged network gives inf; train reports it
            output = network.predict(inputs)
            values[f"{prefix}loss"] = get_loss(network.loss)[0](output, targets)
        if network.loss == "softmax_cross_entropy":
            values[f"{prefix}accuracy"] = float(np.mean(output.argmax(axis=1) == targets.argmax(axis=1)))
    return values


def _start(history, network, X, y, X_val=None, y_val=None):
    """Record epoch 0 (before any training) into an empty `history`; return it."""
    if not history.loss:
        for name, value in _measure(network, X, y, X_val, y_val).items():
            setattr(history, name, [value])
    return history


def _report(history, epochs):
    parts = [f"epoch {history.epochs:>{len(str(epochs))}}/{epochs}", f"loss {history.loss[-1]:.4f}"]
    for name in _FIELDS[1:]:
        values = getattr(history, name)
        if values:
            parts.append(f"{name} {values[-1]:.4f}")
    print("  ".join(parts))


def _optimizer_step(network, X, y, optimizer):
    """One mini-batch step with `optimizer` (``network._train_step``'s twin): forward, backward, step."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            loss, d_output = loss_with_gradient(network.loss)(network._forward(X), y)
            if not math.isfinite(loss):
                raise FloatingPointError
            network._backward(d_output, d_inputs=False)
            optimizer._step(network)
    except FloatingPointError:
        raise FloatingPointError(
            f"training diverged: the loss, a gradient or a step overflowed to inf or NaN with {optimizer!r}. "
            "Lower the learning rate.") from None
    return loss


def _check_optimizer(learning_rate, optimizer):
    if optimizer is None:
        if learning_rate is None:
            raise TypeError("train expected a learning_rate (plain gradient descent) or an optimizer, got neither.")
        return check_positive_number(learning_rate, "learning_rate", "train"), None
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"train expected optimizer to be an nnlib.optimizers optimiser such as SGD or Adam, "
                        f"got {type(optimizer).__name__}.")
    if learning_rate is not None:
        raise TypeError(f"train expected a learning_rate or an optimizer, not both: the optimizer has its own "
                        f"(learning_rate={optimizer.learning_rate:g}); got learning_rate={learning_rate!r} too.")
    return None, optimizer


def train(network, X, y, epochs, learning_rate=None, batch_size=32, rng=None, progress=False,
          X_val=None, y_val=None, history=None, optimizer=None, early_stopping=None):
    """Train a network with mini-batch gradient descent, for a number of epochs.

    Each epoch shuffles the samples, splits them into batches (``batches``) and takes one step per
    batch: ``network.train_step``, W <- W - learning_rate * dL/dW on that batch's loss, or, given an
    `optimizer`, forward, backward and ``optimizer.step(network)``.

    Parameters
    ----------
    network : Network
        Trained in place.
    X : array-like of shape (n_samples, n_inputs)
    y : array-like of shape (n_samples, n_outputs)
        Targets; for "softmax_cross_entropy", one-hot rows (``one_hot(labels)``).
    epochs : int >= 1
        Passes over the data (at most, with `early_stopping`).
    learning_rate : float > 0, optional
        The step of plain gradient descent. Give this or `optimizer`, not both.
    batch_size : int >= 1, default=32
        Samples per step; ``batch_size >= n_samples`` is full-batch gradient descent.
    rng : numpy.random.Generator, optional
        Shuffles the samples; None means ``np.random.default_rng()``.
    progress : bool or int, default=False
        Print the measurements about ten times (True) or every `progress` epochs (an int).
    X_val, y_val : array-like, optional
        A validation set, measured after every epoch but never trained on; give both or neither.
    history : History, optional
        Carry on recording into this History (e.g. from an earlier call) instead of a new one.
    optimizer : nnlib.optimizers.SGD or Adam, optional
        Takes the steps instead of plain gradient descent (momentum, Adam, weight decay). Keep using
        the same one to carry on training the same network.
    early_stopping : int >= 1, optional
        Patience: stop when the validation loss has not improved for this many epochs, and give the
        network back the parameters of the epoch with the lowest validation loss (``history.best_epoch``).
        Needs X_val, y_val.

    Returns
    -------
    History
        The loss (and accuracy, for "softmax_cross_entropy") on the whole of X, y before training
        and after every epoch, and on X_val, y_val if given.

    Raises
    ------
    FloatingPointError
        If training diverges. `history` then holds the epochs completed before.

    See chapter 4, "The training loop", and chapter 5, "Making training work".
    """
    network = _check_network(network, "train")
    X = network._check_X(X, "train")
    y = network._check_y(y, X.shape[0], "train")
    epochs = check_positive_int(epochs, "epochs", "train")
    learning_rate, optimizer = _check_optimizer(learning_rate, optimizer)
    if optimizer is not None and optimizer._network not in (None, network):
        raise ValueError("train expected the optimizer to go on with the network it stepped before (its running "
                         "state belongs to that one), got another. Make a new optimiser for each network.")
    batch_size = check_positive_int(batch_size, "batch_size", "train")
    rng = check_rng(rng, "train")
    if (X_val is None) != (y_val is None):
        raise ValueError("train expected both X_val and y_val, or neither, got only one of them.")
    if X_val is not None:
        X_val = network._check_X(X_val, "train (X_val)")
        y_val = network._check_y(y_val, X_val.shape[0], "train (y_val)")
    if early_stopping is not None:
        early_stopping = check_positive_int(early_stopping, "early_stopping", "train")
        if X_val is None:
            raise ValueError("train expected X_val and y_val with early_stopping: it stops when the validation "
                             "loss stops improving.")
    if isinstance(progress, bool) or progress is None:
        every = max(epochs // 10, 1) if progress else 0
    elif isinstance(progress, numbers.Integral) and progress >= 1:
        every = int(progress)
    else:
        raise ValueError(f"train expected progress to be True, False or a positive integer, got {progress!r}.")
    if history is None:
        history = History()
    elif not isinstance(history, History):
        raise TypeError(f"train expected history to be a History or None, got {type(history).__name__}.")
    tracked = _tracked(network, X_val is not None)
    if history.loss and [name for name in _FIELDS if getattr(history, name) is not None] != tracked:
        raise ValueError(f"train expected a history of {', '.join(tracked)} (as this call records), got one of "
                         f"{', '.join(name for name in _FIELDS if getattr(history, name) is not None)}. "
                         "Pass history=None to start a new one.")
    _start(history, network, X, y, X_val, y_val)
    if early_stopping is not None:
        history.best_epoch = history.epochs
        best = [p.copy() for p in network.parameters()]

    for epoch in range(1, epochs + 1):
        try:
            for X_batch, y_batch in batches(X, y, batch_size, rng):
                if optimizer is None:
                    network._train_step(X_batch, y_batch, learning_rate)  # all checked above, once
                else:
                    _optimizer_step(network, X_batch, y_batch, optimizer)
        except FloatingPointError as error:
            message = str(error).removeprefix("Network.train_step: ")
            raise FloatingPointError(f"train: epoch {history.epochs + 1}: {message}") from None
        values = _measure(network, X, y, X_val, y_val)
        if not np.isfinite(values["loss"]):
            step = f"learning_rate={learning_rate:g}" if optimizer is None else repr(optimizer)
            raise FloatingPointError(
                f"train: epoch {history.epochs + 1}: training diverged: the loss became {values['loss']} "
                f"with {step}. Lower the learning rate.")
        for name, value in values.items():
            getattr(history, name).append(value)
        if every and (epoch % every == 0 or epoch == epochs):
            _report(history, epochs)
        if early_stopping is not None:
            if history.val_loss[-1] < history.val_loss[history.best_epoch]:
                history.best_epoch = history.epochs
                best = [p.copy() for p in network.parameters()]
            elif history.epochs - history.best_epoch >= early_stopping:
                break
    if early_stopping is not None:
        for parameter, kept in zip(network.parameters(), best):
            parameter[...] = kept
    return history
