"""Kernel-free widgets for the static website: precomputed frames, switched in the browser.

On the website no Python runs, so these widgets use no ``observe`` callbacks: every frame is drawn in
advance (PNG bytes from the same drawing code as the live explorers) and stacked, and browser-side
links (``jslink``/``jsdlink``) tie a slider and a play button to the stack that is shown. The frames
travel inside the notebook's saved widget state, so they are kept small (palette PNGs of ~10-15 KB).
"""
import ipywidgets as widgets
import numpy as np

from .backprop_figure import draw_backprop_figure, show_backprop_state
from .diagram import draw_network, highlight_parameter, parameter_choices, set_parameter, update_network
from .losses import mse
from .neuron import Neuron
from .plots import TITLE, draw_activation, figure_to_png, new_figure, update_activation
from .readouts import layers_readout, neuron_readout, number
from .seed import (SEED_BACKPROP_INPUTS, SEED_BACKPROP_TARGET, SEED_FORWARD_INPUTS, SEED_LAYER_INPUTS,
                   seed_backprop_network, seed_forward_network, seed_layer)

CAPTION = "Drag the slider or press play: this works right here on the page, no Python needed."


class Scrubber(widgets.VBox):
    """Precomputed frames with a slider (and a play button) that pick the frame, in the browser.

    Attributes
    ----------
    frames : list of bytes
        The PNG images, one per slider position.
    labels : list of str
        The slider's labels, one per frame.
    readouts : list of str or None
        HTML shown under each frame.
    slider : ipywidgets.SelectionSlider
    play : ipywidgets.Play or None
    stack : ipywidgets.Stack
        One ``Image`` per frame.
    readout_stack : ipywidgets.Stack or None
        One ``HTML`` per frame.
    links : list of ipywidgets.Link
        The browser-side links: slider index -> each stack (``jsdlink``), play <-> slider (``jslink``).
    caption : ipywidgets.HTML
    """


def scrubber(frames, labels, readouts=None, description="", play=True):
    """Build a kernel-free widget that flips through precomputed frames.

    The slider drives the stacks one way (``jsdlink``: nothing else changes a stack); the play
    button and the slider are linked both ways (``jslink``), so dragging the slider also moves
    where play continues from. No Python callback is involved, so it works on a static page.

    Parameters
    ----------
    frames : list of bytes
        PNG images, at least one.
    labels : list of str
        One distinct label per frame, shown by the slider (e.g. ``"w = -1.0"``).
    readouts : list of str, optional
        One HTML readout per frame.
    description : str
        The slider's description.
    play : bool
        Add a play button that steps through the frames.

    Returns
    -------
    Scrubber
    """
    frames, labels = list(frames), [str(label) for label in labels]
    if not frames or len(frames) != len(labels):
        raise ValueError(f"scrubber expected one label per frame and at least one frame, "
                         f"got {len(frames)} frames and {len(labels)} labels.")
    if len(set(labels)) != len(labels):
        raise ValueError(f"scrubber expected distinct labels (the slider tells frames apart by them), got {labels}.")
    if readouts is not None and len(readouts) != len(frames):
        raise ValueError(f"scrubber expected one readout per frame, got {len(readouts)} for {len(frames)} frames.")
    stack = widgets.Stack([widgets.Image(value=frame, format="png") for frame in frames], selected_index=0)
    slider = widgets.SelectionSlider(options=labels, index=0, description=description, continuous_update=True,
                                     layout={"width": "420px"})
    links = [widgets.jsdlink((slider, "index"), (stack, "selected_index"))]
    readout_stack = player = None
    if readouts is not None:
        readout_stack = widgets.Stack([widgets.HTML(text) for text in readouts], selected_index=0)
        links.append(widgets.jsdlink((slider, "index"), (readout_stack, "selected_index")))
    if play:
        player = widgets.Play(value=0, min=0, max=len(frames) - 1, interval=700, layout={"width": "auto"})
        links.append(widgets.jslink((player, "value"), (slider, "index")))
    text = CAPTION if play else CAPTION.replace(" or press play", "")
    caption = widgets.HTML(f'<span style="font-size:0.85em;opacity:0.75"><i>{text}</i></span>')
    controls = widgets.HBox([player, slider] if play else [slider])
    box = Scrubber([caption, controls, stack] + ([readout_stack] if readouts is not None else []))
    box.add_class("nnlib-scrubber")  # how the website's browser test finds the kernel-free controls
    box.frames, box.labels, box.readouts, box.links, box.caption = frames, labels, readouts, links, caption
    box.slider, box.play, box.stack, box.readout_stack = slider, player, stack, readout_stack
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
    return scrubber(frames, labels, readouts, description=parameter)


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
    frames, readouts = [], []
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
    labels = [f"{parameter} = {number(v, 3)}" for v in values]
    return scrubber(frames, labels, readouts, description=parameter.split(", ")[-1])


def backprop_replay(n_steps=25, learning_rate=0.01):
    """Chapter 3: replay the first steps of gradient descent on the seed's 3-3-2-1 network (no kernel).

    Parameters
    ----------
    n_steps : int
        Steps to record; there are ``n_steps + 1`` frames (step 0 is the seed network).
    learning_rate : float

    Returns
    -------
    Scrubber
        Frame k: the network after k steps with its gradients on the edges, and the loss curve up to
        step k; readout k: the step, loss, prediction, and every layer's weights and gradients.
    """
    X = np.array([SEED_BACKPROP_INPUTS], dtype=float)
    y = np.array([[SEED_BACKPROP_TARGET]], dtype=float)
    networks, losses = [seed_backprop_network()], []
    for _ in range(n_steps):
        networks.append(networks[-1].copy())
        losses.append(networks[-1].train_step(X, y, learning_rate))
    view = draw_backprop_figure(networks[0], X)
    every = [*losses, mse(networks[-1].predict(X), y)]
    view.curve.ax.set_xlim(0, max(n_steps, 1))  # fixed axes for every frame: the curve grows, the axes stay
    view.curve.ax.set_ylim(min(every) / 2, max(every) * 2)
    frames, readouts = [], []
    for k, network in enumerate(networks):
        readouts.append(show_backprop_state(view, network, X, y, losses[:k], autoscale=False))
        frames.append(figure_to_png(view.figure))
    return scrubber(frames, [f"step {k}" for k in range(n_steps + 1)], readouts, description="step")
