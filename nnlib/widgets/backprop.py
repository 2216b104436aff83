"""Chapter 3's widgets: gradient descent on the seed's 3-3-2-1 network, live (``backprop_explorer``) or replayed
(``backprop_replay``)."""
import ipywidgets as widgets
import numpy as np

from ..figures.backprop import backprop_alt, draw_backprop_figure, show_backprop_state
from ..figures.plots import figure_to_png
from ..figures.readouts import number
from ..losses import mse
from ..seed import SEED_BACKPROP_INPUTS, SEED_BACKPROP_TARGET, seed_backprop_network
from .explorer import Explorer
from .scrubber import scrubber


def backprop_explorer():
    """Chapter 3: train the seed's 3-3-2-1 network on its one sample (target 1), a step at a time.

    The diagram's edges show the gradients dL/dW at the current weights: where the next Step pushes.

    Returns
    -------
    Explorer
        Controls ``learning_rate`` (default 0.01), ``steps`` (per click), ``step``, ``undo`` and
        ``reset`` buttons; the readout shows the loss, the prediction and every layer's weights and
        gradients; the figure, the diagram and the loss after each step. ``explorer.network`` is the
        network now. A click whose steps diverge is taken back whole: the network returns to where
        it was before the click (or further back, to the last state with a finite loss), and
        ``status`` says so.
    """
    X, y = np.array([SEED_BACKPROP_INPUTS], dtype=float), np.array([[SEED_BACKPROP_TARGET]], dtype=float)
    controls = {
        "learning_rate": widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=1, step=0.1,
                                                description="learning rate", readout_format=".4g",
                                                style={"description_width": "7em"}),
        # ipywidgets 8 puts a ToggleButtons' label on a line of its own: its own width, not 7em, so
        # that it is never cut ("steps per click" did not fit 7em on the website).
        "steps": widgets.ToggleButtons(options=[1, 10, 100], value=1, description="steps per click",
                                       style={"description_width": "initial", "button_width": "3.5em"}),
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
        box.show_figure(backprop_alt(view, box.network))

    def loss_of(network):
        with np.errstate(over="ignore", invalid="ignore"):
            return mse(network.forward(X), y)

    def step(_):
        learning_rate, before, start = controls["learning_rate"].value, box.network.copy(), len(box.losses)
        losses = []
        try:
            for _ in range(controls["steps"].value):
                losses.append(box.network.train_step(X, y, learning_rate))
        except FloatingPointError:
            diverged_at = start + len(losses) + 1
            box.network = before
            while box.history and not np.isfinite(loss_of(box.network)):  # a state that had already overflowed
                box.network, start = box.history.pop()
            del box.losses[start:]
            refresh()
            raise FloatingPointError(
                f"Training diverged at step {diverged_at}: the loss overflowed at learning rate {learning_rate:.4g}. "
                f"The network is back at step {start} (loss {number(loss_of(box.network), 4)}), the last state before "
                "this click with a finite loss: lower the learning rate and press Step again.") from None
        box.history.append((before, start))
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
    frames, readouts, alts = [], [], []
    for k, network in enumerate(networks):
        readouts.append(show_backprop_state(view, network, X, y, losses[:k], autoscale=False))
        frames.append(figure_to_png(view.figure))
        alts.append(backprop_alt(view, network))
    return scrubber(frames, [f"step {k}" for k in range(n_steps + 1)], readouts, description="step", alts=alts)
