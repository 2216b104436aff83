"""The network diagram of chapters 2-4: neurons in columns, edges coloured by weight or gradient.

``draw_network`` builds the artists once; ``update_network`` recolours edges and rewrites the neuron
values in place, so a widget can redraw after every slider move or training step.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize

CMAP = "PuOr_r"
"""Diverging and colour-blind safe: negative values purple, positive orange, zero white."""
EDGE_LABELS = {"weights": "weight", "gradients": "gradient ∂L/∂w"}
FILL = {"input": "#e8e8e8", "hidden": "#dce9f5", "output": "#fde3cf"}


@dataclass
class NetworkDrawing:
    """Artists of a network diagram (see ``draw_network``)."""

    ax: object
    edges: object  # LineCollection, one segment per weight, layer by layer, weights[i, j] row-major
    neurons: object  # PathCollection, input column first
    values: list  # one Text per neuron, in the order of ``neurons``
    key: list  # colour key: texts for -vmax, +vmax and the key's title
    highlight_edge: object
    highlight_neuron: object
    positions: list  # per column, an (n, 2) array of neuron centres


def parameter_choices(network):
    """List every weight and bias of a network with a readable label.

    Parameters
    ----------
    network : nnlib.Network

    Returns
    -------
    list of (str, tuple)
        ``("layer 1, w[0,2]", ("weights", 0, 0, 2))`` and ``("layer 1, b[2]", ("bias", 0, 2))``;
        layers count from 1 as in the book, indices from 0 as in NumPy. Ready for a Dropdown.
    """
    choices = []
    for k, layer in enumerate(network.layers):
        choices += [(f"layer {k + 1}, w[{i},{j}]", ("weights", k, i, j))
                    for i in range(layer.n_inputs) for j in range(layer.n_neurons)]
        choices += [(f"layer {k + 1}, b[{j}]", ("bias", k, j)) for j in range(layer.n_neurons)]
    return choices


def get_parameter(network, key):
    """Return the value of the weight or bias named by ``key`` (from ``parameter_choices``)."""
    kind, k, *index = key
    return float(getattr(network.layers[k], kind)[tuple(index)])


def set_parameter(network, key, value):
    """Set the weight or bias named by ``key`` (from ``parameter_choices``) to ``value``, in place."""
    kind, k, *index = key
    getattr(network.layers[k], kind)[tuple(index)] = value


def _short(value):
    """A label that fits a neuron's circle: 0.25, 1.5, 12.3, 1.8e-4 (not 0.000181), -9e154 (not -9.4e+154)."""
    text = f"{value:.3g}"
    if "e" in text or 0 < abs(value) < 1e-2:
        for decimals in (1, 0):  # at most 6 characters: the circle's width in the diagram's font
            mantissa, exponent = f"{value:.{decimals}e}".split("e")
            text = f"{mantissa}e{int(exponent)}"
            if len(text) <= 6:
                break
    return "0" if text == "-0" else text


def _draw_key(ax):
    strip = ax.inset_axes([0.74, 0.92, 0.24, 0.035])
    strip.imshow(np.linspace(-1, 1, 64)[None], cmap=CMAP, aspect="auto")
    strip.set_axis_off()
    place = dict(transform=strip.transAxes, fontsize=7, color="0.3")
    return [strip.text(0, -0.4, "", ha="left", va="top", **place),
            strip.text(1, -0.4, "", ha="right", va="top", **place),
            strip.text(0.5, 1.4, "", ha="center", va="bottom", **place)]


def draw_network(ax, network, X=None, edge_values="weights", key=True):
    """Draw a small network: one column of circles per layer, one coloured line per weight.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    network : nnlib.Network
        Up to about 10 neurons a layer.
    X : array, shape (n_samples, n_inputs), optional
        Neurons show their values for the first row of ``X``; by default, the values cached by the
        network's last ``forward``, if any.
    edge_values : {"weights", "gradients"}
        Colour edges by ``weights`` or by ``dweights`` (after ``backward``).
    key : bool
        Add a small colour key (the edge values at both ends of the colour scale) at the top right.

    Returns
    -------
    NetworkDrawing
    """
    sizes = [network.layers[0].n_inputs] + [layer.n_neurons for layer in network.layers]
    tallest = max(sizes)
    positions = [np.column_stack([np.full(n, c), (n - 1) / 2 - np.arange(n)]) for c, n in enumerate(sizes)]
    segments = [(a, b) for left, right in zip(positions, positions[1:]) for a in left for b in right]
    ax.add_collection(LineCollection(segments, colors="0.85", linewidths=0.6, zorder=1))
    edges = LineCollection(segments, cmap=CMAP, norm=Normalize(-1, 1), zorder=2, capstyle="round")
    ax.add_collection(edges)
    (highlight_edge,) = ax.plot([], [], color="black", lw=9, alpha=0.18, solid_capstyle="round", zorder=1.5)

    ax.set_xlim(-0.45, len(sizes) - 0.55)
    ax.set_ylim(-tallest / 2 - 0.55, tallest / 2)
    ax.axis("off")
    fig = ax.get_figure()
    box = ax.get_position()
    slot = min(box.height * fig.get_figheight() * 72 / (tallest + 0.55),
               box.width * fig.get_figwidth() * 72 / (len(sizes) - 0.1) * 0.55)
    diameter = min(0.78 * slot, 40)
    kinds = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    centres = np.concatenate(positions)
    fills = [FILL[kind] for kind, n in zip(kinds, sizes) for _ in range(n)]
    neurons = ax.scatter(*centres.T, s=diameter ** 2, c=fills, edgecolors="0.25", linewidths=1, zorder=3)
    (highlight_neuron,) = ax.plot([], [], "o", ms=diameter * 1.25, mfc="none", mec="black", mew=2.5, zorder=4)
    fontsize = float(np.clip(0.33 * diameter, 6.5, 9))
    values = [ax.text(x, y, "", ha="center", va="center", fontsize=fontsize, zorder=5) for x, y in centres]

    names = [f"layer {k + 1}" for k in range(len(network.layers) - 1)] + ["output"]
    labels = ["inputs"] + [f"{name}\n{layer.activation}" for name, layer in zip(names, network.layers)]
    for c, label in enumerate(labels):
        ax.text(c, -tallest / 2 - 0.05, label, ha="center", va="top", fontsize=8, color="0.3")
    # A hand-made key, not fig.colorbar: a colorbar's ticks would double the time of every redraw.
    drawing = NetworkDrawing(ax, edges, neurons, values, _draw_key(ax) if key else [],
                             highlight_edge, highlight_neuron, positions)
    update_network(drawing, network, X, edge_values)
    return drawing


def _neuron_values(network, X):
    if X is not None:
        network = network.copy()  # a drawing must not change the cached state that backward uses
        network.forward(np.atleast_2d(np.asarray(X, dtype=float))[:1])
    if network.layers[0].inputs is None:  # no forward yet
        return None
    columns = [network.layers[0].inputs] + [layer.a for layer in network.layers]
    return np.concatenate([np.atleast_2d(column)[0] for column in columns])


def update_network(drawing, network, X=None, edge_values="weights", vmax=None):
    """Recolour the edges and rewrite the neuron values of a diagram, in place.

    Parameters
    ----------
    drawing : NetworkDrawing
        From ``draw_network`` for a network of the same shape.
    network : nnlib.Network
    X : array, shape (n_samples, n_inputs), optional
        As in ``draw_network``; it runs ``forward`` on a copy, so ``network`` is left unchanged.
    edge_values : {"weights", "gradients"}
        Edge colour and width show ``weights`` or the gradients ``dweights`` of the last ``backward``.
    vmax : float, optional
        The colour scale spans ``-vmax .. vmax``; by default the largest absolute edge value.
    """
    if edge_values not in EDGE_LABELS:
        raise ValueError(f"The 'edge_values' parameter of update_network must be 'weights' or "
                         f"'gradients'. Got {edge_values!r} instead.")
    attribute = "weights" if edge_values == "weights" else "dweights"
    arrays = [getattr(layer, attribute) for layer in network.layers]
    if any(array is None for array in arrays):
        raise ValueError("update_network(edge_values='gradients') needs gradients: "
                         "call network.backward(y) or network.train_step(...) first.")
    edge = np.concatenate([np.ravel(array) for array in arrays])
    if vmax is None:
        vmax = float(np.max(np.abs(edge))) if np.all(np.isfinite(edge)) else 1.0
    vmax = vmax if vmax > 0 else 1.0
    drawing.edges.set_array(edge)
    drawing.edges.set_clim(-vmax, vmax)
    drawing.edges.set_linewidths(0.8 + 3.7 * np.clip(np.abs(edge) / vmax, 0, 1))
    if drawing.key:
        for text, label in zip(drawing.key, [_short(-vmax), _short(vmax), EDGE_LABELS[edge_values]]):
            text.set_text(label)
    values = _neuron_values(network, X)
    for k, text in enumerate(drawing.values):
        text.set_text("" if values is None else _short(values[k]))


def highlight_parameter(drawing, key=None):
    """Mark one parameter on a diagram: a shaded edge for a weight, a ring for a bias or input.

    Parameters
    ----------
    drawing : NetworkDrawing
    key : tuple or None
        ``("weights", layer, i, j)`` or ``("bias", layer, j)`` as in ``parameter_choices``, or
        ``("input", i)``; None removes the mark.
    """
    edge, ring = [], []
    if key is not None and key[0] == "weights":
        _, k, i, j = key
        edge = [drawing.positions[k][i], drawing.positions[k + 1][j]]
    elif key is not None:
        column, row = (0, key[1]) if key[0] == "input" else (key[1] + 1, key[2])
        ring = [drawing.positions[column][row]]
    drawing.highlight_edge.set_data(*np.reshape(edge, (-1, 2)).T)
    drawing.highlight_neuron.set_data(*np.reshape(ring, (-1, 2)).T)
