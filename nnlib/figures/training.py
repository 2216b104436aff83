"""Chapter 4's training figure: what the network does now (left) and the loss so far (right).

Shared by the live training explorer and the kernel-free replay, so both draw the same thing. For a
2-D data set the left panel is the decision boundary; for the digits (64 inputs) it is the accuracy
on the training and held-out samples, epoch by epoch.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from .boundary import draw_decision_boundary, update_decision_boundary
from .plots import BLUE, ORANGE, TITLE, draw_loss_curve, new_figure, update_loss_curve
from .readouts import number, table


@dataclass
class TrainingView:
    """The artists of ``draw_training_figure``.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    loss : nnlib.figures.plots.LossArtists
        The loss after each epoch (right).
    boundary : nnlib.figures.boundary.BoundaryArtists or None
        The decision boundary (left), for 2-D data.
    accuracy : tuple of two Line2D, or None
        Training and held-out accuracy per epoch (left), when the data is not 2-D.
    """

    figure: object
    loss: object
    boundary: object = None
    accuracy: tuple = None


def draw_training_figure(network, X, labels, figsize=(7.6, 3.2)):
    """Draw the two panels for `network` on the data (X, labels), before any training.

    Parameters
    ----------
    network : Network
    X : array-like of shape (n_samples, n_inputs)
        2 inputs: the left panel is the decision boundary; otherwise it is the accuracy.
    labels : array-like of int, shape (n_samples,)
    figsize : (float, float)

    Returns
    -------
    TrainingView

    See chapter 4, "Two spirals: watching a boundary form".
    """
    fig = new_figure(figsize=figsize)
    fig.subplots_adjust(left=0.03, right=0.97, bottom=0.15, top=0.9, wspace=0.25)
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    view = TrainingView(fig, draw_loss_curve(right))
    right.set_xlabel("epoch")
    if np.shape(X)[1] == 2:
        view.boundary = draw_decision_boundary(left, network, X, labels)
    else:
        fig.subplots_adjust(left=0.09)
        (train,) = left.plot([], [], color=BLUE, lw=1.5, label="training")
        (held_out,) = left.plot([], [], color=ORANGE, lw=1.5, label="held out")
        left.set_xlabel("epoch")
        left.set_ylim(0, 1.02)
        left.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        left.legend(loc="lower right", fontsize=8)
        left.grid(alpha=0.3)
        view.accuracy = (train, held_out)
    return view


def show_training_state(view, network, history, x_max=None):
    """Show `network` and its `history` in the view's panels, in place; return the readout.

    Parameters
    ----------
    view : TrainingView
        From ``draw_training_figure``.
    network : Network
    history : nnlib.training.History
    x_max : int, optional
        Fix the epoch axes to 0..x_max and the loss axis to the whole history (frames of a replay);
        by default the axes follow the curves.

    Returns
    -------
    str
        HTML: the epoch, the loss and, for classifiers, the accuracy.

    See chapter 4, "Two spirals: watching a boundary form".
    """
    update_loss_curve(view.loss, history.loss, autoscale=x_max is None)
    epochs = history.epochs
    right = (history.val_accuracy or history.accuracy or [None])[-1]
    if view.boundary is not None:
        n_samples = len(view.boundary.points.get_offsets())
        title = f"epoch {epochs}" + ("" if right is None else f": {round(right * n_samples)} of {n_samples} right")
        update_decision_boundary(view.boundary, network, title)
    else:
        steps = np.arange(epochs + 1)
        view.accuracy[0].set_data(steps, history.accuracy)
        view.accuracy[1].set_data(steps, history.val_accuracy or [])
        view.accuracy[0].axes.set_xlim(0, max(x_max or epochs, 1))
        view.accuracy[0].axes.set_title(f"epoch {epochs}: {right:.1%} of held-out digits right", fontsize=10, **TITLE)
    if x_max is not None:
        view.loss.ax.set_xlim(0, max(x_max, 1))
    header, row = ["epoch", "loss"], [str(epochs), number(history.loss[-1], 4)]
    for name, label in [("accuracy", "accuracy"), ("val_loss", "held-out loss"), ("val_accuracy", "held-out accuracy")]:
        values = getattr(history, name)
        if values:
            header.append(label)
            row.append(f"{values[-1]:.1%}" if "accuracy" in name else number(values[-1], 4))
    return table(header, [row])


def training_alt(view, history):
    """Alt text for ``draw_training_figure`` after ``show_training_state``: what the panels show now.

    Parameters
    ----------
    view : TrainingView
    history : nnlib.training.History
    """
    loss = f"the loss per epoch, now {number(history.loss[-1], 4)}"
    if view.boundary is not None:
        left = f"the decision boundary over the data after {view.boundary.ax.get_title()}"
    else:
        left = f"the accuracy per epoch on training and held-out digits ({view.accuracy[0].axes.get_title()})"
    return f"Two plots: {left}; {loss}."
