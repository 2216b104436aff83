"""Drawing a classifier's decision boundary over a 2-D data set, updated in place as it trains. See chapter 4.

The background shows, at every point of the plane, the probability the network gives class 1: blue
for class 0, orange for class 1, white where it cannot decide (the boundary). The samples are dots
in their class's colour. As in ``nnlib.figures.plots``, ``draw_decision_boundary`` draws once and returns
the artists, and ``update_decision_boundary`` recolours the background in place.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .plots import BLUE, ORANGE, TITLE
from ..classification import _check_labels, _check_network, predict_proba

CLASS_COLORS = [BLUE, ORANGE]
"""Colours of class 0 and class 1."""
BACKGROUND = LinearSegmentedColormap.from_list("nnlib_boundary", ["#8fb3dc", "white", "#f5b78a"])
"""Probability of class 1, 0 to 1: light blue, white, light orange (the dots stay visible on it)."""


@dataclass
class BoundaryArtists:
    """Artists of a decision-boundary plot (see ``draw_decision_boundary``).

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    image : matplotlib.image.AxesImage
        The background: P(class 1) on a ``resolution x resolution`` grid.
    points : matplotlib.collections.PathCollection
        The samples.
    grid : ndarray of shape (resolution * resolution, 2)
        The points of the plane where the network is evaluated, row by row.
    resolution : int
    """

    ax: object
    image: object
    points: object
    grid: np.ndarray
    resolution: int


def class_one_probability(network, X):
    """P(class 1 | x) for each row of X: the softmax's second column, or a single output clipped to [0, 1].

    Parameters
    ----------
    network : Network
        With 2 outputs (softmax cross-entropy) or 1 output (e.g. a sigmoid).
    X : array-like of shape (n_samples, n_inputs)

    Returns
    -------
    ndarray of shape (n_samples,)

    See chapter 4, "XOR: a problem one neuron cannot solve".
    """
    network = _check_network(network, "class_one_probability")
    if network.layers[-1].n_neurons > 2:
        raise ValueError(f"class_one_probability expected a network with 1 or 2 outputs (two classes), "
                         f"got {network.layers[-1].n_neurons} outputs.")
    probability = predict_proba(network, X)
    return probability[:, 1] if probability.shape[1] == 2 else np.clip(probability[:, 0], 0, 1)


def draw_decision_boundary(ax, network, X, labels, resolution=100, margin=0.15):
    """Draw a 2-input, two-class network's decision regions and the samples.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    network : Network
        2 inputs; 2 outputs (softmax cross-entropy) or 1 output (e.g. sigmoid).
    X : array-like of shape (n_samples, 2)
    labels : array-like of int, shape (n_samples,)
        Classes 0 and 1.
    resolution : int, default=100
        The background is a ``resolution x resolution`` grid.
    margin : float, default=0.15
        Space around the samples, as a fraction of their range.

    Returns
    -------
    BoundaryArtists

    See chapter 4, "XOR: a problem one neuron cannot solve".
    """
    network = _check_network(network, "draw_decision_boundary")
    if network.layers[0].n_inputs != 2:
        raise ValueError(f"draw_decision_boundary expected a network with 2 inputs (a plane to draw), "
                         f"got {network.layers[0].n_inputs} inputs.")
    X = network._check_X(X, "draw_decision_boundary")
    labels = _check_labels(labels, "labels", "draw_decision_boundary", X.shape[0])
    if labels.max() > 1:
        raise ValueError(f"draw_decision_boundary expected labels 0 and 1 (two classes), got {labels.max()}.")
    low, high = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(high - low, 1e-9)
    (x0, y0), (x1, y1) = low - pad, high + pad
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    grid = np.column_stack([np.tile(xs, resolution), np.repeat(ys, resolution)])
    image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", extent=(x0, x1, y0, y1),
                      cmap=BACKGROUND, vmin=0, vmax=1, interpolation="bilinear", aspect="auto")
    points = ax.scatter(X[:, 0], X[:, 1], c=np.array(CLASS_COLORS)[labels], s=70 if len(X) <= 20 else 22,
                        edgecolors="white", linewidths=0.6, zorder=3)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xticks([])
    ax.set_yticks([])
    artists = BoundaryArtists(ax, image, points, grid, resolution)
    update_decision_boundary(artists, network)
    return artists


def update_decision_boundary(artists, network, title=None):
    """Recolour the background for `network` (e.g. after more training), in place.

    Parameters
    ----------
    artists : BoundaryArtists
        From ``draw_decision_boundary``.
    network : Network
    title : str, optional
        A new title for the axes.

    See chapter 4, "Two spirals: watching a boundary form".
    """
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged network: show what there is
        probability = class_one_probability(network, artists.grid)
    artists.image.set_data(np.nan_to_num(probability, nan=0.5).reshape(artists.resolution, artists.resolution))
    if title is not None:
        artists.ax.set_title(title, fontsize=10, **TITLE)
