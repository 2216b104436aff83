"""The computational graph of chapter 3: every number of a small network as a node, every weight as an edge.

Nodes are the inputs, each neuron (its output a = f(z)) and the loss L, in columns from left to right;
an edge from one node to the next is the weight that multiplies the first on its way into the second.
``draw_graph`` can light up one weight and every path from it to the loss: the chain rule multiplies
the local derivatives along each path, and adds up the paths.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Circle

from .plots import BLUE, GREY, ORANGE, TITLE

RADIUS = 0.2
"""Radius of a node, in data units (columns are 1 apart)."""


@dataclass
class GraphDrawing:
    """Artists of a computational graph (see ``draw_graph``)."""

    ax: object
    nodes: dict  # (column, row) -> Circle; column 0 the inputs, column k the layer k, the last the loss
    values: dict  # (column, row) -> Text, the node's value
    edges: dict  # (layer, i, j) -> Line2D for layers[layer - 1].weights[i, j]; (n_layers + 1, 0, 0) into L
    paths: list  # each a list of (column, row) nodes from the lit weight's neuron to L


def paths_to_loss(network, layer, neuron):
    """Every path of nodes from neuron `neuron` of layer `layer` (counting from 1) to the loss node.

    Returns
    -------
    list of list of (column, row)
        One path per way through the later layers: a layer-1 neuron of a 3-3-2-1 network has 2.
    """
    n_layers = len(network.layers)
    if layer == n_layers:
        return [[(layer, neuron), (n_layers + 1, 0)]]
    return [[(layer, neuron), *rest] for after in range(network.layers[layer].n_neurons)
            for rest in paths_to_loss(network, layer + 1, after)]


def _positions(sizes):
    return {(column, row): (float(column), (n - 1) / 2 - row) for column, n in enumerate(sizes) for row in range(n)}


def draw_graph(ax, network, x, target, weight=None):
    """Draw a network's computational graph for one sample, with its forward values.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    network : nnlib.Network
        A small one with a single output and the "mse" loss (the graph has one node per number).
    x : array-like of shape (n_inputs,)
        The sample.
    target : float
        Its target y: the loss node shows L = 1/2 (p - y)^2.
    weight : (layer, i, j), optional
        A weight, ``network.layers[layer - 1].weights[i, j]`` (layers count from 1): its edge and every
        path from it to L are drawn in orange, with the weights along them.

    Returns
    -------
    GraphDrawing

    See chapter 3, "Backpropagation".
    """
    x = np.asarray(x, dtype=float)
    if network.layers[-1].n_neurons != 1 or x.shape != (network.layers[0].n_inputs,):
        raise ValueError(f"draw_graph expected a network with one output and x of shape "
                         f"({network.layers[0].n_inputs},), got {network.layers[-1].n_neurons} outputs and "
                         f"x of shape {x.shape}.")
    prediction = network.predict(x[None, :])
    activations = [x]
    for layer in network.layers:
        activations.append(layer._predict(activations[-1][None, :])[0])
    loss = 0.5 * float((prediction[0, 0] - target) ** 2)
    sizes = [len(a) for a in activations] + [1]
    where = _positions(sizes)
    n_layers = len(network.layers)

    lit_nodes, lit_edges, paths = set(), set(), []
    if weight is not None:
        layer, i, j = weight
        paths = paths_to_loss(network, layer, j)
        lit_edges.add((layer, i, j))
        for path in paths:
            lit_nodes.update(path)
            lit_edges.update((column + 1, row, after_row) for (column, row), (_, after_row) in zip(path, path[1:]))

    edges = {}
    for layer_number, layer in enumerate(network.layers, start=1):
        for (i, j), w in np.ndenumerate(layer.weights):
            key = (layer_number, i, j)
            (x0, y0), (x1, y1) = where[(layer_number - 1, i)], where[(layer_number, j)]
            lit = key in lit_edges
            edges[key] = ax.plot([x0 + RADIUS, x1 - RADIUS], [y0, y1], color=ORANGE if lit else GREY,
                                 lw=2.2 if lit else 0.8, alpha=1.0 if lit else 0.5, zorder=1)[0]
            if lit:
                t = 0.3 if layer_number == weight[0] else 0.55
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 0.08, f"{w:g}", color=ORANGE, fontsize=8,
                        ha="center", zorder=4, bbox=dict(fc="white", ec="none", pad=0.5))
    (x0, y0), (x1, y1) = where[(n_layers, 0)], where[(n_layers + 1, 0)]
    lit = (n_layers + 1, 0, 0) in lit_edges
    edges[(n_layers + 1, 0, 0)] = ax.plot([x0 + RADIUS, x1 - RADIUS], [y0, y1], color=ORANGE if lit else GREY,
                                          lw=2.2 if lit else 0.8, zorder=1)[0]

    nodes, values = {}, {}
    numbers = [*activations, np.array([loss])]
    for (column, row), (cx, cy) in where.items():
        lit = (column, row) in lit_nodes or (weight is not None and (column, row) == (weight[0] - 1, weight[1]))
        nodes[(column, row)] = ax.add_patch(Circle((cx, cy), RADIUS, fc="#fde3cf" if lit else "#eef3f9",
                                                   ec=ORANGE if lit else BLUE, lw=1.5, zorder=2))
        values[(column, row)] = ax.text(cx, cy, f"{numbers[column][row]:.4g}", ha="center", va="center",
                                        fontsize=7.5, zorder=3)
    names = ["x", *(f"layer {k}\n{layer.activation}" for k, layer in enumerate(network.layers, start=1)), "loss L"]
    top = max(sizes) / 2
    for column, name in enumerate(names):
        ax.text(column, top + 0.05, name, ha="center", va="bottom", fontsize=8.5)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-top - 0.1, top + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if weight is not None:
        ax.set_title(f"{len(paths)} path{'s' * (len(paths) != 1)} from weight W{weight[0]}[{weight[1]}, {weight[2]}] "
                     "to the loss", fontsize=10, **TITLE)
    return GraphDrawing(ax, nodes, values, edges, paths)
