"""Drawing: plots.py, diagram.py, readouts.py and backprop_figure.py draw what the maths says, in place."""
import base64
import hashlib
import importlib.util
import io
import json
import warnings

import numpy as np
import pytest
from PIL import Image

from nnlib import ACTIVATIONS, Network, mse, seed
from nnlib.figures.backprop import draw_backprop_figure, show_backprop_state
from nnlib.figures.diagram import (draw_network, get_parameter, highlight_parameter, parameter_choices, set_parameter,
                           update_network)
from nnlib.figures.plots import (draw_activation, draw_loss_curve, figure_to_png, new_figure, update_activation,
                         update_loss_curve)
from conftest import ROOT
from nnlib.figures.diagram import _short
from nnlib.figures.readouts import figure_html
from nnlib.figures.readouts import error_html, layers_readout, neuron_readout, number, training_readout

X_FORWARD = np.array([seed.SEED_FORWARD_INPUTS], dtype=float)
X_BACKPROP = np.array([seed.SEED_BACKPROP_INPUTS], dtype=float)
Y_BACKPROP = np.array([[seed.SEED_BACKPROP_TARGET]], dtype=float)


def diagram(network, X=None, **kwargs):
    fig = new_figure()
    return fig, draw_network(fig.add_subplot(), network, X, **kwargs)


# --- figures and PNGs ------------------------------------------------------------------------------

def test_new_figure_is_not_managed_by_pyplot():
    fig = new_figure()
    assert fig.canvas.manager is None  # pyplot would have given it a manager, and inline would show it
    assert fig.get_facecolor()[:3] == (1, 1, 1)


@pytest.mark.parametrize("colors", [128, None])
def test_figure_to_png_is_a_small_white_png_of_the_figure_size(colors):
    fig = new_figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    png = figure_to_png(fig, colors=colors)
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    assert image.size == (576, 306)
    assert image.convert("RGB").getpixel((1, 1)) == (255, 255, 255)
    if colors:
        assert len(png) < 40_000


def test_figure_to_png_at_another_dpi():
    fig = new_figure(figsize=(4, 2), dpi=90)
    image = Image.open(io.BytesIO(figure_to_png(fig, dpi=45)))
    assert image.size == (180, 90)


# --- activation curve ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_curve_and_point(name):
    fig = new_figure()
    artists = draw_activation(fig.add_subplot(), name)
    z = np.array([-1.5])
    a = float(ACTIVATIONS[name][0](z)[0])
    update_activation(artists, name, -1.5, a)
    zs, curve = artists.curve.get_data()
    np.testing.assert_allclose(curve, ACTIVATIONS[name][0](zs))
    assert artists.point.get_data() == ([-1.5], [a])
    assert f"{name}(z)" in artists.label.get_text() and "-1.5" in artists.label.get_text()


def test_activation_axis_widens_in_place_to_keep_the_point_in_view():
    fig = new_figure()
    artists = draw_activation(fig.add_subplot(), "relu")
    curve_before, n_lines = artists.curve, len(artists.ax.lines)
    update_activation(artists, "relu", 23.0, 23.0)
    low, high = artists.ax.get_xlim()
    assert low < 23 < high and artists.ax.get_ylim()[1] > 23
    assert artists.curve is curve_before and len(artists.ax.lines) == n_lines
    update_activation(artists, "sigmoid", None, None)
    assert artists.point.get_data() == ([], []) and artists.label.get_text() == ""


# --- loss curve --------------------------------------------------------------------------------------

def test_loss_curve_follows_the_losses():
    fig = new_figure()
    artists = draw_loss_curve(fig.add_subplot())
    assert artists.ax.get_yscale() == "log"
    losses = [19.1, 2.5, 0.7, 0.1]
    update_loss_curve(artists, losses)
    steps, shown = artists.line.get_data()
    np.testing.assert_array_equal(steps, [0, 1, 2, 3])
    np.testing.assert_array_equal(shown, losses)
    np.testing.assert_array_equal(artists.point.get_data()[1], [0.1])
    assert artists.ax.get_title() == "loss = 0.1"


def test_loss_curve_fixed_limits_and_huge_losses_draw_quietly():
    fig = new_figure()
    artists = draw_loss_curve(fig.add_subplot())
    artists.ax.set_xlim(0, 30)
    update_loss_curve(artists, [1.0, 1e250, 1e308], autoscale=False)
    assert artists.ax.get_xlim() == (0, 30)
    update_loss_curve(artists, [1.0, 1e250, 1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_to_png(fig)


# --- network diagram ---------------------------------------------------------------------------------

def test_diagram_of_the_seed_forward_network():
    network = seed.seed_forward_network()
    _, drawing = diagram(network, X_FORWARD)
    assert len(drawing.edges.get_segments()) == 5 * 3 + 3 * 2 + 2 * 1
    assert len(drawing.values) == 5 + 3 + 2 + 1
    texts = [text.get_text() for text in drawing.values]
    assert texts == ["1", "2", "3", "4", "5", "9.12", "10.4", "11", "11.3", "21.6", "30.4"]
    weights = np.concatenate([layer.weights.ravel() for layer in network.layers])
    np.testing.assert_array_equal(drawing.edges.get_array(), weights)
    assert drawing.edges.norm.vmin == -0.9 and drawing.edges.norm.vmax == 0.9  # symmetric around 0
    assert [text.get_text() for text in drawing.key] == ["-0.9", "0.9", "weight"]
    assert network.layers[0].inputs is None  # drawing with X ran forward on a copy


def test_diagram_updates_in_place_and_shows_gradients():
    network = seed.seed_backprop_network()
    _, drawing = diagram(network, X_BACKPROP)
    ax, edges, first_text = drawing.ax, drawing.edges, drawing.values[0]
    n_artists = (len(ax.collections), len(ax.texts), len(ax.lines))
    with pytest.raises(ValueError, match="needs gradients"):
        update_network(drawing, network, edge_values="gradients")
    network.forward(X_BACKPROP)
    network.backward(Y_BACKPROP)
    update_network(drawing, network, edge_values="gradients")
    dweights = np.concatenate([layer.dweights.ravel() for layer in network.layers])
    np.testing.assert_array_equal(drawing.edges.get_array(), dweights)
    assert drawing.edges.norm.vmax == pytest.approx(np.abs(dweights).max())
    assert drawing.key[-1].get_text() == "gradient ∂L/∂w"
    assert drawing.values[-1].get_text() == "7.19"  # the cached forward, no X given
    widths = drawing.edges.get_linewidths()
    assert widths[np.argmax(np.abs(dweights))] == max(widths)
    assert (drawing.edges, drawing.values[0]) == (edges, first_text)
    assert (len(ax.collections), len(ax.texts), len(ax.lines)) == n_artists


def test_diagram_rejects_an_unknown_edge_mode():
    network = seed.seed_forward_network()
    _, drawing = diagram(network)
    assert all(text.get_text() == "" for text in drawing.values)  # no forward yet: no values to show
    with pytest.raises(ValueError, match="'edge_values' parameter of update_network must be"):
        update_network(drawing, network, edge_values="biases")


@pytest.mark.parametrize("sizes", [[2, 1], [3, 10, 10, 2], [10, 4, 1], [1, 6, 6, 6, 1]])
def test_diagram_of_any_small_network(sizes):
    network = Network.random(sizes, "tanh", rng=np.random.default_rng(0))
    fig, drawing = diagram(network, np.ones((3, sizes[0])))
    assert len(drawing.values) == sum(sizes)
    assert len(drawing.edges.get_segments()) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert all(text.get_text() for text in drawing.values)
    assert figure_to_png(fig).startswith(b"\x89PNG")


def test_parameter_choices_cover_every_weight_and_bias_and_can_be_set():
    network = seed.seed_forward_network()
    choices = parameter_choices(network)
    assert len(choices) == 15 + 3 + 6 + 2 + 2 + 1
    assert choices[0] == ("layer 1, w[0,0]", ("weights", 0, 0, 0))
    assert ("layer 3, b[0]", ("bias", 2, 0)) in choices
    assert len({label for label, _ in choices}) == len(choices)
    assert get_parameter(network, ("weights", 0, 1, 2)) == 0.27
    set_parameter(network, ("bias", 2, 0), -4.5)
    assert network.layers[2].bias[0] == -4.5


def test_highlight_marks_an_edge_a_bias_or_an_input():
    network = seed.seed_forward_network()
    _, drawing = diagram(network)
    highlight_parameter(drawing, ("weights", 1, 2, 0))
    xs, ys = drawing.highlight_edge.get_data()
    np.testing.assert_array_equal(np.column_stack([xs, ys]), [drawing.positions[1][2], drawing.positions[2][0]])
    assert len(drawing.highlight_neuron.get_data()[0]) == 0
    highlight_parameter(drawing, ("bias", 2, 0))
    np.testing.assert_array_equal(np.ravel(drawing.highlight_neuron.get_data()), drawing.positions[3][0])
    highlight_parameter(drawing, ("input", 4))
    np.testing.assert_array_equal(np.ravel(drawing.highlight_neuron.get_data()), drawing.positions[0][4])
    highlight_parameter(drawing, None)
    assert len(drawing.highlight_edge.get_data()[0]) == len(drawing.highlight_neuron.get_data()[0]) == 0


# --- readouts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [(5.6000000000000005, "5.6"), (30.37543, "30.37543"), (-0.0, "0"),
                                         (2.0, "2"), (-3.04587851, "-3.045879"), (3.2e-9, "3.2e-09"),
                                         (1.5e300, "1.5e+300"), (float("inf"), "inf")])
def test_number(value, text):
    assert number(value) == text


def test_neuron_readout_writes_the_sum_out():
    html = neuron_readout([1, -2, 3], [0.3, 0.6, -0.7], -2, -4.4, 0, "relu")
    assert "0.3×1 + 0.6×(-2) + (-0.7)×3 + (-2) = <b>-4.4</b>" in html
    assert "relu(-4.4) = <b>0</b>" in html
    html = neuron_readout([1, 2, 3], [0.3, 0.6, 0.7], 2, 5.6, 5.6, "relu")
    assert "0.3×1 + 0.6×2 + 0.7×3 + 2 = <b>5.6</b>" in html


def test_layer_and_training_readouts():
    network = seed.seed_forward_network()
    network.forward(X_FORWARD)
    html = layers_readout(network)
    for numbers in ["[1, 2, 3, 4, 5]", "[9.12, 10.384, 11.045]", "[11.3353, 21.645588]", "[30.37543]"]:
        assert numbers in html
    network = seed.seed_backprop_network()
    network.forward(X_BACKPROP)
    network.backward(Y_BACKPROP)
    html = training_readout(network)
    assert "[0.33]<br>[0.66]" in html and "[33.7588]<br>[40.2071]" in html and "[6.1884]" in html


def test_error_html_is_escaped():
    assert "&lt;b&gt;" in error_html("<b> is not a number")


# --- the chapter-3 figure ----------------------------------------------------------------------------

def test_backprop_state_shows_the_seed_numbers():
    network = seed.seed_backprop_network()
    view = draw_backprop_figure(network, X_BACKPROP)
    html = show_backprop_state(view, network, X_BACKPROP, Y_BACKPROP, [])
    assert "step <b>0</b>" in html and "loss <b>19.147949</b>" in html and "prediction <b>7.188368</b>" in html
    dweights = np.concatenate([layer.dweights.ravel() for layer in network.layers])
    np.testing.assert_array_equal(view.drawing.edges.get_array(), dweights)
    np.testing.assert_allclose(view.curve.line.get_data()[1], [mse(network.forward(X_BACKPROP), Y_BACKPROP)])


def test_error_map_colours_and_labels_every_cell():
    from nnlib.figures.heatmap import draw_error_map
    from nnlib.figures.plots import new_figure
    ax = new_figure().add_subplot()
    image = draw_error_map(ax, {"right": [1e-11, 0.0], "bug": [0.5, 1e-9]}, ["W1", "b1"])
    assert np.allclose(image.get_array(), [[-11, -16], [np.log10(0.5), -9]])
    assert [t.get_text() for t in ax.texts] == ["1e-11", "1e-16", "0.50", "1e-09"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["right", "bug"]
    with pytest.raises(ValueError, match=r"rows of 2 errors .* got rows of lengths \[1\]"):
        draw_error_map(ax, {"short": [0.1]}, ["W1", "b1"])


def test_loss_curves_draw_one_labelled_line_per_run_on_a_log_scale():
    from nnlib.figures.losses import COLORS, draw_loss_curves
    ax = new_figure().add_subplot()
    lines = draw_loss_curves(ax, {"fast": [1.0, 0.1, 0.01], "slow": [1.0, 0.9]}, title="spirals",
                             reference=("guessing", np.log(2)))
    assert [line.get_label() for line in lines] == ["fast", "slow"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [1.0, 0.9])
    assert [line.get_color() for line in lines] == COLORS[:2]
    assert lines[0].get_zorder() > lines[1].get_zorder()  # the first run named stays on top
    assert ax.get_yscale() == "log" and ax.get_title() == "spirals"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fast", "slow", "guessing"]
    with pytest.raises(ValueError, match=r"1 to 5 runs \(one colour each\), got 6"):
        draw_loss_curves(ax, {str(k): [1.0] for k in range(6)})


def test_confusion_matrix_writes_every_nonzero_count():
    from nnlib.figures.digits import draw_confusion_matrix
    ax = new_figure().add_subplot()
    matrix = np.array([[40, 0, 1], [2, 35, 0], [0, 0, 44]])
    image = draw_confusion_matrix(ax, matrix)
    np.testing.assert_allclose(image.get_array(), np.log1p(matrix))
    assert [t.get_text() for t in ax.texts] == ["40", "1", "2", "35", "44"]
    assert [t.get_color() for t in ax.texts] == ["white", "black", "black", "white", "white"]
    with pytest.raises(ValueError, match=r"square matrix .* got shape \(2, 3\)"):
        draw_confusion_matrix(ax, np.zeros((2, 3)))


def test_digits_are_drawn_eight_to_a_row_with_their_titles():
    from nnlib.figures.digits import draw_digits
    fig = new_figure()
    images = np.linspace(0, 1, 10 * 64).reshape(10, 64)
    axes = draw_digits(fig, images, [f"digit {k}" for k in range(10)])
    assert len(axes) == 10 and axes[9].get_subplotspec().get_geometry()[:2] == (2, 8)
    np.testing.assert_array_equal(axes[3].images[0].get_array(), images[3].reshape(8, 8))
    assert axes[3].get_title() == "digit 3"
    with pytest.raises(ValueError, match=r"shape \(n_digits, 64\) and one title each, got shape \(2, 63\) and 2"):
        draw_digits(fig, np.zeros((2, 63)), ["a", "b"])


@pytest.mark.parametrize("value, text", [(0.25, "0.25"), (12.3, "12.3"), (0.000181, "1.8e-4"), (12345.0, "1.2e4"),
                                         (-9.4e154, "-9e154"), (1.5e300, "2e300"), (float("inf"), "inf")])
def test_diagram_labels_fit_a_neuron(value, text):
    assert _short(value) == text and len(text) <= 6


def test_a_figure_ending_a_cell_carries_alt_text_in_words():
    fig = new_figure()
    draw_activation(fig.add_subplot(), "relu")
    png, metadata = fig._repr_png_()
    assert png.startswith(b"\x89PNG")
    assert metadata == {"alt": "Figure, 'activation: relu', a = f(z) against z (weighted sum)."}
    fig.alt_text = "The ReLU curve."
    assert fig._repr_png_()[1] == {"alt": "The ReLU curve."}


def test_figure_html_is_the_png_at_its_own_size_with_escaped_alt_text():
    fig = new_figure(figsize=(2, 1), dpi=50)
    html = figure_html(figure_to_png(fig), 'the "curve" <here>')
    assert 'width="100" height="50"' in html and 'alt="the &quot;curve&quot; &lt;here&gt;"' in html
    with pytest.raises(ValueError, match="expected PNG bytes"):
        figure_html(b"GIF89a" + bytes(20), "x")


def test_the_website_puts_stored_alt_text_on_the_image_with_that_hash(tmp_path):
    spec = importlib.util.spec_from_file_location("figure_alt", ROOT / "_ext" / "figure_alt.py")
    figure_alt = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figure_alt)
    fig = new_figure()
    draw_activation(fig.add_subplot(), "tanh")
    png, metadata = fig._repr_png_()
    output = {"output_type": "display_data", "data": {"image/png": base64.b64encode(png).decode()},
              "metadata": {"image/png": metadata}}
    notebook = {"cells": [{"cell_type": "code", "outputs": [output, {"output_type": "stream", "text": "x"}]}]}
    assert figure_alt._alt_texts(json.loads(json.dumps(notebook))) == {hashlib.sha256(png).hexdigest(): metadata["alt"]}
