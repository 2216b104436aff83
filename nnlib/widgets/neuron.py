"""Chapter 1's widgets: one neuron, a = f(w·x + b), live (``neuron_explorer``) or precomputed (``neuron_sweep``)."""
import ipywidgets as widgets
import numpy as np

from ..activations import ACTIVATIONS
from ..figures.plots import draw_activation, figure_to_png, LayeredCanvas, new_figure, update_activation
from ..figures.readouts import neuron_alt, neuron_readout, number
from ..neuron import Neuron
from ..seed import SEED_LAYER_INPUTS, seed_layer
from .explorer import Explorer, sliders
from .scrubber import scrubber


def neuron_explorer():
    """Chapter 1: one neuron, a = f(w·x + b), with sliders for its inputs, weights and bias.

    Starts at the seed's first neuron: x = [1, 2, 3], w = [0.3, 0.6, 0.7], b = 2, so z = 5.6.

    Returns
    -------
    Explorer
        Controls ``x1 x2 x3 w1 w2 w3 bias activation``; the readout writes z = w·x + b out with
        its numbers; the figure shows the activation curve with the point (z, a).
    """
    layer = seed_layer()  # the seed's first neuron is column 0 of its first layer
    controls = {**sliders(["x1", "x2", "x3"], SEED_LAYER_INPUTS, -5, 5, 0.1),
                **sliders(["w1", "w2", "w3"], layer.weights[:, 0], -2, 2, 0.01),
                **sliders(["bias"], [layer.bias[0]], -10, 10, 0.1),
                "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=layer.activation,
                                               description="f", layout={"width": "250px"},
                                               style={"description_width": "2.5em"})}
    columns = [widgets.VBox([controls[n] for n in names])
               for names in (["x1", "x2", "x3"], ["w1", "w2", "w3"], ["bias", "activation"])]
    fig = new_figure(figsize=(6.4, 3.0))
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.16, top=0.9)
    artists = draw_activation(fig.add_subplot(), layer.activation)
    canvas = LayeredCanvas(fig, moving=[artists.point, artists.label])
    box = Explorer(controls, [widgets.HBox(columns)], fig)

    def refresh(_=None):
        x = [controls[n].value for n in ("x1", "x2", "x3")]
        w = [controls[n].value for n in ("w1", "w2", "w3")]
        b, name = controls["bias"].value, controls["activation"].value
        neuron = Neuron(w, b, name)
        a = neuron.forward(x)
        update_activation(artists, name, neuron.z, a)
        canvas.still = (name, artists.ax.get_xlim(), artists.ax.get_ylim())  # the rest of the figure
        box.readout.value = neuron_readout(x, w, b, neuron.z, a, name)
        box.show_figure(neuron_alt(name, neuron.z, a))

    refresh()
    for control in controls.values():
        control.observe(box.guard(refresh), names="value")
    return box


def neuron_sweep(parameter="bias", values=None, activation="relu"):
    """Chapter 1: the seed's first neuron as one of its parameters sweeps a range (no kernel needed).

    Parameters
    ----------
    parameter : {"bias", "w1", "w2", "w3"}
        What to sweep; the others stay at the seed's x = [1, 2, 3], w = [0.3, 0.6, 0.7], b = 2.
    values : sequence of float, optional
        The values, about 11 to 21 of them; by default bias -8, -7, ..., 2 (z from -4.4 to 5.6,
        across ReLU's kink) or weights -2, -1.6, ..., 2.
    activation : str
        A key of ``nnlib.ACTIVATIONS``.

    Returns
    -------
    Scrubber
        Each frame: the activation curve with the point (z, a); each readout: z = w·x + b written out.
    """
    names = ["bias", "w1", "w2", "w3"]
    if parameter not in names:
        raise ValueError(f"The 'parameter' parameter of neuron_sweep must be one of {names}. Got {parameter!r} instead.")
    if values is None:
        values = np.arange(-8.0, 3.0) if parameter == "bias" else np.linspace(-2, 2, 11)
    layer, x = seed_layer(), np.array(SEED_LAYER_INPUTS, dtype=float)
    neurons = []
    for value in values:
        weights, bias = layer.weights[:, 0].copy(), layer.bias[0]
        if parameter == "bias":
            bias = value
        else:
            weights[names.index(parameter) - 1] = value
        neurons.append(Neuron(weights, bias, activation))
        neurons[-1].forward(x)
    fig = new_figure(figsize=(6.4, 3.0))
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.16, top=0.9)
    z_max = max(6.0, 1.1 * max(abs(n.z) for n in neurons))  # one z axis for every frame
    artists = draw_activation(fig.add_subplot(), activation, z_max)
    frames = []
    for neuron in neurons:
        update_activation(artists, activation, neuron.z, neuron.a, z_max)
        frames.append(figure_to_png(fig))
    readouts = [neuron_readout(x, n.weights, n.bias, n.z, n.a, activation) for n in neurons]
    labels = [f"{parameter} = {number(v, 3)}" for v in values]
    alts = [neuron_alt(activation, n.z, n.a) + f" ({label})" for n, label in zip(neurons, labels)]
    return scrubber(frames, labels, readouts, description=parameter, alts=alts)
