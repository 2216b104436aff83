"""Live explorers: drive every control from code and check what the widget shows."""

import ipywidgets as widgets
import numpy as np
import pytest

import nnlib.widgets.neuron as neuron_module
from matplotlib.backends.backend_agg import FigureCanvasAgg
from nnlib import ACTIVATIONS, Neuron, seed
from nnlib.widgets import backprop_explorer, network_explorer, neuron_explorer
from nnlib.figures.diagram import get_parameter, set_parameter
from nnlib.figures.readouts import number

X_FORWARD = np.array([seed.SEED_FORWARD_INPUTS], dtype=float)
X_BACKPROP = np.array([seed.SEED_BACKPROP_INPUTS], dtype=float)
Y_BACKPROP = np.array([[seed.SEED_BACKPROP_TARGET]], dtype=float)

# A PNG signature and header (4 x 4 pixels) and a counter: distinct, and enough for figure_html.
def sweep(slider, n=5):
    """Values across a slider's whole range, ends included."""
    return np.linspace(slider.min, slider.max, n)


def assert_fine(explorer):
    assert explorer.status.value == ""
    assert explorer.png.startswith(b"\x89PNG") and "<img" in explorer.image.value


@pytest.mark.parametrize("build", [neuron_explorer, network_explorer, backprop_explorer])
def test_explorers_expose_their_parts(build):
    explorer = build()
    assert isinstance(explorer, widgets.VBox)
    for part in ("readout", "image", "status"):
        assert getattr(explorer, part) in explorer.children
    assert explorer.figure.canvas.manager is None  # not a pyplot figure: nothing shows by itself
    assert all(isinstance(control, widgets.Widget) for control in explorer.controls.values())
    assert_fine(explorer)


# --- chapter 1: one neuron ---------------------------------------------------------------------------

def neuron_state(explorer):
    c = explorer.controls
    neuron = Neuron([c["w1"].value, c["w2"].value, c["w3"].value], c["bias"].value, c["activation"].value)
    a = neuron.forward([c["x1"].value, c["x2"].value, c["x3"].value])
    return neuron.z, a


def test_neuron_explorer_starts_at_the_seed_neuron():
    explorer = neuron_explorer()
    assert "0.3×1 + 0.6×2 + 0.7×3 + 2 = <b>5.6</b>" in explorer.readout.value
    assert "relu(5.6) = <b>5.6</b>" in explorer.readout.value
    (z,), (a,) = explorer.figure.axes[0].lines[1].get_data()
    assert (z, a) == pytest.approx((5.6, 5.6))


def test_neuron_explorer_bias_plus_one_gives_z_6_6():
    explorer = neuron_explorer()
    before = explorer.image.value
    explorer.controls["bias"].value += 1
    assert "= <b>6.6</b>" in explorer.readout.value
    assert explorer.image.value != before
    assert_fine(explorer)


@pytest.mark.parametrize("name", ["x1", "x2", "x3", "w1", "w2", "w3", "bias"])
def test_neuron_explorer_sliders_over_their_range(name, quick_png):
    explorer = neuron_explorer()
    marker = explorer.figure.axes[0].lines[1]
    for value in sweep(explorer.controls[name]):
        explorer.controls[name].value = value
        z, a = neuron_state(explorer)
        assert marker.get_data() == ([z], [a])
        assert f"= <b>{number(z)}</b>" in explorer.readout.value
        assert f"relu({number(z)}) = <b>{number(a)}</b>" in explorer.readout.value
        assert_fine(explorer)


def test_neuron_explorer_every_activation():
    explorer = neuron_explorer()
    explorer.controls["bias"].value = -5  # z = -1.4: the activations differ here
    for name in ACTIVATIONS:
        explorer.controls["activation"].value = name
        z, a = neuron_state(explorer)
        assert explorer.figure.axes[0].lines[1].get_data() == ([z], [a])
        assert f"{name}(z)" in explorer.readout.value and f"activation: {name}" == explorer.figure.axes[0].get_title()
        assert_fine(explorer)


def test_a_failing_callback_shows_its_message_instead_of_raising(monkeypatch):
    explorer = neuron_explorer()

    def broken(*args):
        raise ValueError("something <odd> happened")

    monkeypatch.setattr(neuron_module, "Neuron", broken)
    explorer.controls["w1"].value = 1.0  # must not raise
    assert "something &lt;odd&gt; happened" in explorer.status.value and "ValueError" in explorer.status.value
    monkeypatch.undo()
    explorer.controls["w1"].value = 0.5
    assert explorer.status.value == ""


# --- chapter 2: the 5-3-2-1 network ------------------------------------------------------------------

def test_network_explorer_starts_at_the_seed():
    explorer = network_explorer()
    for numbers in ["[9.12, 10.384, 11.045]", "[11.3353, 21.645588]", "output: <b>30.37543</b>"]:
        assert numbers in explorer.readout.value
    texts = [text.get_text() for text in explorer.figure.axes[0].texts[:11]]
    assert texts[-1] == "30.4"


@pytest.mark.parametrize("k", range(5))
def test_network_explorer_input_sliders(k, quick_png):
    explorer = network_explorer()
    slider = explorer.controls[f"x{k + 1}"]
    for value in sweep(slider):
        before = explorer.image.value
        slider.value = value
        X = X_FORWARD.copy()
        X[0, k] = value
        expected = seed.seed_forward_network().forward(X)[0, 0]
        assert f"output: <b>{number(expected)}</b>" in explorer.readout.value
        assert explorer.network.layers[0].inputs[0, k] == value
        assert explorer.image.value != before or value == seed.SEED_FORWARD_INPUTS[k]
        assert_fine(explorer)


def test_network_explorer_every_parameter(quick_png):
    explorer = network_explorer()
    network, reference = explorer.network, seed.seed_forward_network()
    highlight = explorer.figure.axes[0].lines
    for label, key in explorer.controls["parameter"].options:
        explorer.controls["parameter"].value = key
        assert explorer.controls["value"].value == get_parameter(reference, key)
        assert sum(len(line.get_xdata()) for line in highlight) in (1, 2)  # a ring or an edge
        explorer.controls["value"].value = -1.25
        set_parameter(reference, key, -1.25)
        assert get_parameter(network, key) == -1.25
        assert f"output: <b>{number(reference.forward(X_FORWARD)[0, 0])}</b>" in explorer.readout.value
        assert_fine(explorer)
    for layer, expected in zip(network.layers, reference.layers):
        np.testing.assert_array_equal(layer.weights, expected.weights)
        np.testing.assert_array_equal(layer.bias, expected.bias)


def test_network_explorer_highlights_the_chosen_parameter_even_when_its_value_is_the_same():
    explorer = network_explorer()
    highlight = explorer.figure.axes[0].lines[0]
    before = explorer.image.value
    explorer.controls["parameter"].value = ("weights", 1, 0, 0)  # 0.3, like layer 1 w[0,0] shown first
    assert explorer.controls["value"].value == 0.3
    assert list(highlight.get_xdata()) == [1, 2]
    assert explorer.image.value != before
    assert_fine(explorer)


# --- chapter 3: backpropagation ----------------------------------------------------------------------

def parameters(network):
    return [p.copy() for p in network.parameters()]


def assert_same(a, b):
    assert len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


def test_backprop_explorer_starts_with_the_seed_gradients():
    explorer = backprop_explorer()
    assert explorer.controls["learning_rate"].value == 0.01
    assert "prediction <b>7.188368</b>" in explorer.readout.value and "loss <b>19.147949</b>" in explorer.readout.value
    assert "[33.7588]<br>[40.2071]" in explorer.readout.value  # dL/dW of the output layer
    assert explorer.controls["undo"].disabled


def test_one_step_at_learning_rate_0_1_gives_the_seed_weights():
    explorer = backprop_explorer()
    explorer.controls["learning_rate"].value = 0.1
    before = explorer.image.value
    explorer.controls["step"].click()
    np.testing.assert_allclose(explorer.network.layers[-1].weights, [[-3.04587851], [-3.36070646]])
    assert "[-3.0459]<br>[-3.3607]" in explorer.readout.value and "step <b>1</b>" in explorer.readout.value
    assert explorer.image.value != before and not explorer.controls["undo"].disabled
    assert_fine(explorer)


def test_many_steps_lower_the_loss_and_draw_the_gradients(quick_png):
    explorer = backprop_explorer()
    for _ in range(25):
        explorer.controls["step"].click()
    losses = explorer.losses
    assert len(losses) == 25 and all(b < a for a, b in zip(losses, losses[1:]))
    curve = explorer.figure.axes[1].lines[0]
    assert len(curve.get_xdata()) == 26
    edges = explorer.figure.axes[0].collections[1].get_array()
    np.testing.assert_array_equal(edges, np.concatenate([l.dweights.ravel() for l in explorer.network.layers]))
    explorer.controls["steps"].value = 10
    explorer.controls["step"].click()
    assert len(explorer.losses) == 35
    assert_fine(explorer)


def test_undo_and_reset_restore_the_exact_parameters(quick_png):
    explorer = backprop_explorer()
    seed_parameters = parameters(explorer.network)
    history = [seed_parameters]
    for learning_rate in [0.01, 0.1, 0.003, 0.01]:
        explorer.controls["learning_rate"].value = learning_rate
        explorer.controls["step"].click()
        history.append(parameters(explorer.network))
    for expected in reversed(history[:-1]):
        explorer.controls["undo"].click()
        assert_same(parameters(explorer.network), expected)
    assert explorer.losses == [] and explorer.controls["undo"].disabled
    explorer.controls["undo"].click()  # nothing left to undo: no change, no error
    assert_same(parameters(explorer.network), seed_parameters)
    for _ in range(3):
        explorer.controls["step"].click()
    explorer.controls["reset"].click()
    assert_same(parameters(explorer.network), seed_parameters)
    assert "step <b>0</b>" in explorer.readout.value and "prediction <b>7.188368</b>" in explorer.readout.value
    assert_fine(explorer)


def test_divergence_takes_the_click_back_to_a_state_with_a_finite_loss(quick_png):
    explorer = backprop_explorer()
    explorer.controls["learning_rate"].value = 10
    explorer.controls["steps"].value = 100
    for _ in range(3):
        explorer.controls["step"].click()  # must not raise
    assert "diverged at step" in explorer.status.value and "lower the learning rate" in explorer.status.value
    shown = len(explorer.losses)
    assert shown % 100 == 0 and f"back at step {shown} (loss " in explorer.status.value  # whole clicks only
    assert "Traceback" not in explorer.status.value and f"step <b>{shown}</b>" in explorer.readout.value
    reference = seed.seed_backprop_network()
    for _ in range(shown):
        reference.train_step(X_BACKPROP, Y_BACKPROP, 10)
    assert_same(parameters(explorer.network), parameters(reference))
    assert np.isfinite(np.mean((explorer.network.forward(X_BACKPROP) - Y_BACKPROP) ** 2))


def test_divergence_one_step_at_a_time_never_shows_an_infinite_loss(quick_png):
    explorer = backprop_explorer()
    explorer.controls["learning_rate"].value = 10
    for _ in range(200):
        explorer.controls["step"].click()
        if explorer.status.value:
            break
    assert "diverged" in explorer.status.value
    shown = len(explorer.losses)
    assert f"back at step {shown} (loss " in explorer.status.value
    reference = seed.seed_backprop_network()
    for _ in range(shown):
        reference.train_step(X_BACKPROP, Y_BACKPROP, 10)
    assert_same(parameters(explorer.network), parameters(reference))
    assert np.isfinite(np.mean((explorer.network.forward(X_BACKPROP) - Y_BACKPROP) ** 2))
    assert "inf" not in explorer.readout.value.split("</div>")[0]
    explorer.controls["learning_rate"].value = 0.01
    explorer.controls["undo"].click()
    assert explorer.status.value == "" and len(explorer.losses) < shown


@pytest.mark.parametrize("build, top_only, everything", [
    (neuron_explorer, ["x1", "x2", "x3", "w1", "w2", "w3", "bias"], ["activation"]),
    (network_explorer, ["x1", "x2", "x3", "x4", "x5"], ["value", "parameter"]),
])
def test_a_layered_redraw_has_the_pixels_of_a_full_one(build, top_only, everything, monkeypatch):
    # The explorer's LayeredCanvas redraws only the top layer (the marker and its label, or the neuron
    # outputs) while the rest stays; after each change, a plain Agg canvas draws everything again.
    explorer = build()
    fig, layered = explorer.figure, explorer.figure.canvas
    pastes = []

    def paste(region):  # counts the fast path
        pastes.append(region)
        type(layered).restore_region(layered, region)

    monkeypatch.setattr(layered, "restore_region", paste)
    rng = np.random.default_rng(0)
    for k in range(24):
        name = everything[(k // 6) % len(everything)] if k % 6 == 5 else top_only[rng.integers(len(top_only))]
        control = explorer.controls[name]
        if name in ("activation", "parameter"):
            control.index = (control.index + 1) % len(control.options)
        else:
            control.value = float(rng.uniform(control.min, control.max))
        assert explorer.status.value == ""
        shown = np.array(layered.buffer_rgba())
        full = FigureCanvasAgg(fig)  # becomes fig.canvas
        full.draw()
        assert np.array_equal(shown, np.array(full.buffer_rgba())), f"update {k}: {name}"
        fig.set_canvas(layered)
    assert len(pastes) >= 12  # most updates took the fast path
