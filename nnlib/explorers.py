"""Live widgets for chapters 1-3: move a slider, see the neuron or network recompute. Need a kernel.

Each explorer builds its figure once, connects ``observe`` callbacks that update the figure's artists
in place and show it again as a PNG (``ipywidgets.Image``), and returns the widget without displaying
it. A callback never lets an exception vanish: its message appears in red in the explorer's ``status``.
For pages read without a kernel, see ``nnlib.scrubbers``.
"""
import functools

import ipywidgets as widgets
import numpy as np

from .activations import ACTIVATIONS
from .backprop_figure import draw_backprop_figure, show_backprop_state
from .diagram import draw_network, get_parameter, highlight_parameter, parameter_choices, set_parameter, update_network
from .neuron import Neuron
from .plots import TITLE, LayeredCanvas, draw_activation, figure_to_png, new_figure, update_activation
from .readouts import error_html, layers_readout, neuron_readout, number
from .seed import (SEED_BACKPROP_INPUTS, SEED_BACKPROP_TARGET, SEED_FORWARD_INPUTS, SEED_LAYER_INPUTS,
                   seed_backprop_network, seed_forward_network, seed_layer)

_SLIDER = dict(continuous_update=True, style={"description_width": "2.5em"}, layout={"width": "250px"})


class Explorer(widgets.VBox):
    """A live widget: controls, a status line, a readout and a figure shown as a PNG image.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The controls by name, e.g. ``controls["bias"].value = 3`` works like moving the slider.
    readout : ipywidgets.HTML
        The numbers behind the figure.
    image : ipywidgets.Image
        The figure as a PNG, redrawn after every change.
    figure : matplotlib.figure.Figure
        The figure itself (its artists are updated in place).
    status : ipywidgets.HTML
        Empty, or a red message when the last change failed.
    """

    def __init__(self, controls, rows, figure):
        self.controls, self.figure = controls, figure
        self.readout, self.status = widgets.HTML(), widgets.HTML()
        self.image = widgets.Image(format="png")
        super().__init__([*rows, self.status, self.readout, self.image])

    def guard(self, function):
        """Wrap a callback so that any exception shows in ``status`` instead of vanishing."""
        @functools.wraps(function)
        def callback(*args):
            self.status.value = ""  # cleared first, so a callback nested in this one can still report
            try:
                function(*args)
            except Exception as error:  # a widget callback has no caller to raise to
                self.report(error)
        return callback

    def report(self, error):
        """Show an exception's message in red in ``status``."""
        self.status.value = error_html(f"{error} ({type(error).__name__})")

    def show_figure(self):
        """Render the figure into ``image``."""
        self.image.value = figure_to_png(self.figure)


def _sliders(names, values, low, high, step):
    return {name: widgets.FloatSlider(value=v, min=low, max=high, step=step, description=name, **_SLIDER)
            for name, v in zip(names, values)}


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
    controls = {**_sliders(["x1", "x2", "x3"], SEED_LAYER_INPUTS, -5, 5, 0.1),
                **_sliders(["w1", "w2", "w3"], layer.weights[:, 0], -2, 2, 0.01),
                **_sliders(["bias"], [layer.bias[0]], -10, 10, 0.1),
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
        box.show_figure()

    refresh()
    for control in controls.values():
        control.observe(box.guard(refresh), names="value")
    return box


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
    controls = {**_sliders(names, SEED_FORWARD_INPUTS, -10, 10, 0.1),
                "parameter": widgets.Dropdown(options=choices, value=choices[0][1], description="parameter",
                                              layout={"width": "250px"}),
                **_sliders(["value"], [get_parameter(network, choices[0][1])], -10, 10, 0.001)}
    controls["value"].readout_format = ".3f"
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
        box.show_figure()

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


def backprop_explorer():
    """Chapter 3: train the seed's 3-3-2-1 network on its one sample (target 1), a step at a time.

    The diagram's edges show the gradients dL/dW at the current weights: where the next Step pushes.

    Returns
    -------
    Explorer
        Controls ``learning_rate`` (default 0.01), ``steps`` (per click), ``step``, ``undo`` and
        ``reset`` buttons; the readout shows the loss, the prediction and every layer's weights and
        gradients; the figure, the diagram and the loss after each step. ``explorer.network`` is the
        network now; a learning rate that makes training diverge leaves it at its last good state and
        says so in ``status``.
    """
    X, y = np.array([SEED_BACKPROP_INPUTS], dtype=float), np.array([[SEED_BACKPROP_TARGET]], dtype=float)
    controls = {
        "learning_rate": widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=1, step=0.1,
                                                description="learning rate", readout_format=".4g",
                                                style={"description_width": "7em"}),
        "steps": widgets.ToggleButtons(options=[1, 10, 100], value=1, description="steps per click",
                                       style={"description_width": "7em", "button_width": "3.5em"}),
        "step": widgets.Button(description="Step", button_style="primary"),
        "undo": widgets.Button(description="Undo"),
        "reset": widgets.Button(description="Reset"),
    }
    network = seed_backprop_network()
    view = draw_backprop_figure(network, X)
    rows = [widgets.HBox([controls["learning_rate"], controls["steps"]]),
            widgets.HBox([controls[name] for name in ("step", "undo", "reset")])]
    box = Explorer(controls, rows, view.figure)
    # history: one (network before the click, number of steps before it) per click that trained
    box.network, box.losses, box.history = network, [], []

    def refresh():
        box.readout.value = show_backprop_state(view, box.network, X, y, box.losses)
        controls["undo"].disabled = not box.history
        box.show_figure()

    def step(_):
        learning_rate, before = controls["learning_rate"].value, box.network.copy()
        losses = []
        try:
            for _ in range(controls["steps"].value):
                losses.append(box.network.train_step(X, y, learning_rate))
        except FloatingPointError:
            raise FloatingPointError(
                f"Training diverged at step {len(box.losses) + len(losses) + 1}: lower the learning rate "
                f"(now {learning_rate:.4g}) and press Step again, or press Undo or Reset. The network stays "
                f"at its last good state (step {len(box.losses) + len(losses)}).") from None
        finally:
            if losses:
                box.history.append((before, len(box.losses)))
                box.losses += losses
            refresh()

    def undo(_):
        if not box.history:  # the button is disabled then; click() from code still lands here
            return
        box.network, n_steps = box.history.pop()
        del box.losses[n_steps:]
        refresh()

    def reset(_):
        box.network = seed_backprop_network()
        box.losses.clear()
        box.history.clear()
        refresh()

    refresh()
    for name, callback in [("step", step), ("undo", undo), ("reset", reset)]:
        controls[name].on_click(box.guard(callback))
    return box


from .training_explorer import training_explorer  # noqa: E402,F401  re-exported: chapter 4, in a module of its own
