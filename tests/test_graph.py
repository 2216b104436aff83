"""nnlib.figures.graph: chapter 3's computational graph shows the network's numbers and the paths of a weight."""
import numpy as np
import pytest

from nnlib import Dense, Network, seed
from nnlib.figures import new_figure
from nnlib.figures.graph import ORANGE, draw_graph, paths_to_loss
from matplotlib.colors import to_rgba


def graph(network=None, x=seed.SEED_BACKPROP_INPUTS, target=1.0, weight=None):
    fig = new_figure()
    return draw_graph(fig.add_subplot(), network or seed.seed_backprop_network(), x, target, weight)


def test_nodes_show_the_forward_pass_and_the_loss():
    drawing = graph()
    assert len(drawing.nodes) == 3 + 3 + 2 + 1 + 1 and len(drawing.edges) == 9 + 6 + 2 + 1
    assert [drawing.values[(1, j)].get_text() for j in range(3)] == ["3.99", "3.29", "2.59"]
    assert [drawing.values[(2, j)].get_text() for j in range(2)] == ["5.455", "6.497"]
    assert drawing.values[(3, 0)].get_text() == "7.188" and drawing.values[(4, 0)].get_text() == "19.15"
    assert drawing.paths == [] and drawing.ax.get_title() == ""


def test_a_first_layer_weight_has_two_paths_to_the_loss():
    drawing = graph(weight=(1, 0, 0))
    assert drawing.paths == [[(1, 0), (2, 0), (3, 0), (4, 0)], [(1, 0), (2, 1), (3, 0), (4, 0)]]
    assert drawing.ax.get_title() == "2 paths from weight W1[0, 0] to the loss"
    lit = {key for key, line in drawing.edges.items() if line.get_color() == ORANGE}
    assert lit == {(1, 0, 0), (2, 0, 0), (2, 0, 1), (3, 0, 0), (3, 1, 0), (4, 0, 0)}
    assert drawing.nodes[(1, 0)].get_edgecolor() == to_rgba(ORANGE) != drawing.nodes[(1, 1)].get_edgecolor()


def test_paths_multiply_through_every_later_layer():
    wide = Network.random([2, 4, 3, 1], ["tanh", "tanh", "identity"], rng=np.random.default_rng(0))
    assert len(paths_to_loss(wide, 1, 2)) == 3 and len(paths_to_loss(wide, 2, 0)) == 1
    assert len(paths_to_loss(wide, 3, 0)) == 1
    assert graph(wide, x=[0.5, -1.0], weight=(1, 1, 2)).paths == paths_to_loss(wide, 1, 2)


def test_only_single_output_networks_and_matching_samples():
    two_outputs = Network([Dense([[1.0, 2.0]], [0.0, 0.0], "identity")])
    with pytest.raises(ValueError, match="one output and x of shape \\(1,\\), got 2 outputs"):
        graph(two_outputs, x=[1.0])
    with pytest.raises(ValueError, match="x of shape \\(3,\\), got 1 outputs and x of shape \\(2,\\)"):
        graph(x=[1.0, 2.0])
