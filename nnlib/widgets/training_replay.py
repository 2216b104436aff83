"""Chapter 4's kernel-free replay: a recorded training run, epoch by epoch, to scrub through on the page.

The network is trained once, when the notebook runs; a frame is drawn at each chosen epoch with the
live explorer's drawing code (``nnlib.figures.training``), and ``nnlib.widgets.scrubber`` stacks
the frames behind a slider and a play button that work in the browser alone.
"""
import numpy as np

from .._checks import check_positive_int, check_rng
from ..classification import _check_labels, _check_network, one_hot
from ..figures.plots import figure_to_png
from ..figures.training import draw_training_figure, show_training_state, training_alt
from ..training import History, _start, train
from .scrubber import scrubber


def training_replay(network, X, labels, epochs, learning_rate, batch_size=32, rng=None, n_frames=21):
    """Train a copy of `network` and record the decision boundary and the loss at evenly spaced epochs.

    Parameters
    ----------
    network : Network
        2 inputs, 2 outputs, loss "softmax_cross_entropy"; it is copied, not changed.
    X : array-like of shape (n_samples, 2)
    labels : array-like of int, shape (n_samples,)
        Classes 0 and 1.
    epochs : int >= 1
    learning_rate : float > 0
    batch_size : int >= 1, default=32
    rng : numpy.random.Generator, optional
        Shuffles the mini-batches, as in ``nnlib.train``.
    n_frames : int >= 2, default=21
        Frames at epochs 0, ..., `epochs`, evenly spaced (fewer if `epochs` is small).

    Returns
    -------
    nnlib.widgets.Scrubber
        Frame k: the boundary and the loss curve at the k-th recorded epoch; its readout, the loss and
        accuracy then. ``replay.network`` is the trained copy and ``replay.history`` its ``History``:
        the same as ``nnlib.train`` with the same arguments would give.

    See chapter 4, "Two spirals: watching a boundary form".
    """
    network = _check_network(network, "training_replay").copy()
    if network.loss != "softmax_cross_entropy":
        raise ValueError(f"training_replay expected a network with loss 'softmax_cross_entropy', got {network.loss!r}.")
    X = network._check_X(X, "training_replay")
    labels = _check_labels(labels, "labels", "training_replay", X.shape[0])
    epochs = check_positive_int(epochs, "epochs", "training_replay")
    n_frames = check_positive_int(n_frames, "n_frames", "training_replay")
    if n_frames < 2:
        raise ValueError(f"training_replay expected n_frames of at least 2 (before and after), got {n_frames}.")
    rng = check_rng(rng, "training_replay")
    Y = one_hot(labels, network.layers[-1].n_neurons)
    view = draw_training_figure(network, X, labels)
    history = _start(History(), network, X, Y)
    shown = np.unique(np.linspace(0, epochs, n_frames).round().astype(int))

    snapshots = []  # train first, so that every frame can share the whole run's loss axis
    for epoch in shown:
        if epoch > history.epochs:
            train(network, X, Y, int(epoch) - history.epochs, learning_rate, batch_size, rng, history=history)
        snapshots.append(network.copy())
    view.loss.ax.set_ylim(min(history.loss) / 1.5, max(history.loss) * 1.5)
    frames, readouts, alts = [], [], []
    for epoch, snapshot in zip(shown, snapshots):
        so_far = History(history.loss[:epoch + 1], history.accuracy[:epoch + 1])
        readouts.append(show_training_state(view, snapshot, so_far, x_max=epochs))
        frames.append(figure_to_png(view.figure))
        alts.append(training_alt(view, so_far))
    box = scrubber(frames, [f"epoch {epoch}" for epoch in shown], readouts, description="epoch", alts=alts)
    box.network, box.history = network, history
    return box

