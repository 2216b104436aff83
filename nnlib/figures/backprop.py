"""The chapter-3 figure: a network's gradients on its diagram, next to the loss so far.

Shared by the live ``backprop_explorer`` and the kernel-free ``backprop_replay``, so both show a
training state the same way: the network now, the gradients dL/dW at its current weights (where the
next step pushes), and the loss after each step taken.
"""
from dataclasses import dataclass

import numpy as np

from .diagram import draw_network, update_network
from ..losses import mse
from .plots import TITLE, draw_loss_curve, new_figure, update_loss_curve
from .readouts import number, training_readout


@dataclass
class BackpropFigure:
    """A figure with a network diagram (``drawing``) and a loss curve (``curve``)."""

    figure: object
    drawing: object
    curve: object


def draw_backprop_figure(network, X):
    """Build the figure: the network diagram on the left, the loss curve on the right.

    Parameters
    ----------
    network : nnlib.Network
    X : array, shape (1, n_inputs)
        The training sample.

    Returns
    -------
    BackpropFigure
    """
    fig = new_figure()
    grid = fig.add_gridspec(1, 2, width_ratios=[1.5, 1], left=0.01, right=0.97, bottom=0.14, top=0.88,
                            wspace=0.22)
    drawing = draw_network(fig.add_subplot(grid[0]), network, X)
    drawing.ax.set_title("gradients ∂L/∂w on the edges", fontsize=10, **TITLE)
    return BackpropFigure(fig, drawing, draw_loss_curve(fig.add_subplot(grid[1])))


def show_backprop_state(view, network, X, y, losses, autoscale=True):
    """Evaluate the network on (X, y), draw its gradients and the losses, and describe it.

    Runs ``forward`` and ``backward`` (no update), so the diagram's edges show dL/dW at the current
    weights and the neurons their current outputs.

    Parameters
    ----------
    view : BackpropFigure
    network : nnlib.Network
    X : array, shape (1, n_inputs)
    y : array, shape (1, n_outputs)
    losses : list of float
        The loss before each step taken so far; the current loss is drawn after them.
    autoscale : bool
        Refit the loss axes (False keeps limits set once, for animation frames).

    Returns
    -------
    str
        HTML readout: the step, loss and prediction, then every layer's weights and gradients.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # near divergence, inf is the honest answer
        prediction = network.forward(X)
        loss = mse(prediction, y)
        network.backward(y)
    update_network(view.drawing, network, edge_values="gradients")
    update_loss_curve(view.curve, [*losses, loss], autoscale)
    return (f"<div>step <b>{len(losses)}</b> · loss <b>{number(loss)}</b> · prediction "
            f"<b>{number(prediction[0, 0])}</b> (target {number(y[0, 0])})</div>" + training_readout(network))


def backprop_alt(view, network):
    """Alt text for the chapter-3 figure after ``show_backprop_state``: the steps taken and the loss now.

    Parameters
    ----------
    view : BackpropFigure
    network : nnlib.Network
        The one just shown (its last ``forward`` gave the prediction).
    """
    prediction = number(np.atleast_2d(network.layers[-1].a)[0, 0], 4)
    steps = len(view.curve.line.get_xdata()) - 1
    return (f"Diagram of the network with the gradients dL/dw on its edges, prediction {prediction}; next to it "
            f"the loss after each of {steps} steps ({view.curve.ax.get_title()}).")
