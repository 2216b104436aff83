"""Chapter 2's widgets: the seed's 5-3-2-1 network, live (``network_explorer``) or precomputed (``network_sweep``)."""
import ipywidgets as widgets
import numpy as np

from ..figures.diagram import (draw_network, get_parameter, highlight_parameter, parameter_choices, set_parameter,
                               update_network)
from ..figures.plots import TITLE, LayeredCanvas, figure_to_png, new_figure
from ..figures.readouts import layers_readout, network_alt, number
from ..seed import SEED_FORWARD_INPUTS, seed_forward_network
from .explorer import Explorer, sliders
from .scrubber import scrubber


def network_explorer():
    """Chapter 2: the seed's 5-3-2-1 network, with sliders for its inputs and any one parameter.

    Starts at the seed: layers give [9.12, 10.384, 11.045], [11.3353, 21.645588], 30.37543.

    Returns
    -------
    Explorer
        Controls ``x1 .. x5``, ``parameter`` (a Dropdown of every weight and bias) and ``value``
        (its value); the figure is the network diagram, the readout every layer's z and a.
        ``explorer.network`` is the network being changed.
    """
    network = seed_forward_network()
    choices = parameter_choices(network)
    names = [f"x{k + 1}" for k in range(len(SEED_FORWARD_INPUTS))]
    controls = {**sliders(names, SEED_FORWARD_INPUTS, -10, 10, 0.1),
                "parameter": widgets.Dropdown(options=choices, value=choices[0][1], description="parameter",
                                              layout={"width": "250px"}),
                **sliders(["value"], [get_parameter(network, choices[0][1])], -10, 10, 0.01)}
    # Arrow keys move 0.01 (0.001 changed nothing visible); the readout keeps the seed's 3 decimals.
    controls["value"].readout_format = ".3f"
    controls["value"].style.description_width = "3.5em"
    fig = new_figure()
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9)
    ax = fig.add_subplot()
    drawing = draw_network(ax, network)
    ax.set_title("forward pass: outputs in the circles, weights on the edges", fontsize=10, **TITLE)
    canvas = LayeredCanvas(fig, moving=drawing.values)  # the outputs, written on top of everything
    rows = [widgets.HBox([widgets.VBox([controls[n] for n in names[:3]]),
                          widgets.VBox([controls[n] for n in names[3:]]),
                          widgets.VBox([controls["parameter"], controls["value"]])])]
    box = Explorer(controls, rows, fig)
    box.network = network

    def refresh(_=None):
        X = np.array([[controls[n].value for n in names]])
        output = network.forward(X)
        update_network(drawing, network)
        # the edges, their key and the highlight change only with the parameters and the chosen one
        canvas.still = (controls["parameter"].value, *(p.tobytes() for p in network.parameters()))
        box.readout.value = f"<div>output: <b>{number(output[0, 0])}</b></div>" + layers_readout(network)
        chosen = dict((key, label) for label, key in choices)[controls["parameter"].value]
        box.show_figure(network_alt(network, f"{chosen} = {number(controls['value'].value, 3)}"))

    def change_value(change):
        set_parameter(network, controls["parameter"].value, change["new"])
        refresh()

    def choose_parameter(change):
        highlight_parameter(drawing, change["new"])
        value = get_parameter(network, change["new"])
        if controls["value"].value != value:
            controls["value"].value = value  # change_value redraws
        else:
            refresh()

    highlight_parameter(drawing, controls["parameter"].value)
    refresh()
    for name in names:
        controls[name].observe(box.guard(refresh), names="value")
    controls["value"].observe(box.guard(change_value), names="value")
    controls["parameter"].observe(box.guard(choose_parameter), names="value")
    return box


def network_sweep(parameter="x1", values=None):
    """Chapter 2: the seed's 5-3-2-1 network as one input or parameter sweeps a range (no kernel needed).

    Parameters
    ----------
    parameter : str
        An input ``"x1"`` .. ``"x5"``, or a weight or bias as labelled by ``parameter_choices``
        (e.g. ``"layer 1, w[0,0]"``, ``"layer 3, b[0]"``).
    values : sequence of float, optional
        About 11 values; by default -5, -4, ..., 5 for an input, -2, -1.6, ..., 2 otherwise.

    Returns
    -------
    Scrubber
        Each frame: the diagram with the swept input or parameter marked; each readout: the output
        and every layer's z and a.
    """
    network = seed_forward_network()
    inputs = [f"x{k + 1}" for k in range(len(SEED_FORWARD_INPUTS))]
    keys = dict(parameter_choices(network))
    if parameter not in inputs and parameter not in keys:
        raise ValueError(f"The 'parameter' parameter of network_sweep must be an input {inputs} or a label "
                         f"from parameter_choices (e.g. 'layer 1, w[0,0]'). Got {parameter!r} instead.")
    if values is None:
        values = np.arange(-5.0, 6.0) if parameter in inputs else np.linspace(-2, 2, 11)
    key = ("input", inputs.index(parameter)) if parameter in inputs else keys[parameter]
    # One colour scale for every frame, so that only the swept edge changes colour.
    vmax = max([np.max(np.abs(layer.weights)) for layer in network.layers]
               + ([np.max(np.abs(values))] if key[0] == "weights" else []))
    fig = new_figure()
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9)
    drawing = draw_network(fig.add_subplot(), network)
    drawing.ax.set_title(f"the network as {parameter} changes", fontsize=10, **TITLE)
    highlight_parameter(drawing, key)
    frames, readouts, alts = [], [], []
    for value in values:
        X = np.array([SEED_FORWARD_INPUTS], dtype=float)
        if key[0] == "input":
            X[0, key[1]] = value
        else:
            set_parameter(network, key, value)
        output = network.forward(X)
        update_network(drawing, network, vmax=vmax)
        frames.append(figure_to_png(fig))
        readouts.append(f"<div>output: <b>{number(output[0, 0])}</b></div>" + layers_readout(network))
        alts.append(network_alt(network, f"{parameter} = {number(value, 3)}"))
    labels = [f"{parameter} = {number(v, 3)}" for v in values]
    return scrubber(frames, labels, readouts, description=parameter.split(", ")[-1], alts=alts)
