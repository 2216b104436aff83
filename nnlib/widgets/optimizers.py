"""Chapter 5's widgets: optimisers walking a valley, as a kernel-free replay and as a live explorer.

``optimizer_replay`` walks each optimiser once, when the notebook runs, and draws a frame at chosen
steps with ``nnlib.figures.optimizers``; ``nnlib.widgets.scrubber`` stacks them behind a slider that
works in the browser alone. ``optimizer_explorer`` recomputes on every change: the path on the valley
(left) and a small network's training and validation loss (right).
"""
import ipywidgets as widgets
import numpy as np

from .._checks import check_positive_int
from ..classification import one_hot
from ..data import moons
from ..figures.optimizers import draw_valley_figure, update_paths, update_step_losses, valley_alt
from ..figures.plots import LayeredCanvas, figure_to_png
from ..figures.readouts import number, table
from ..landscape import Valley, steps_to_reach
from ..network import Network
from ..optimizers import SGD, Adam, Optimizer
from ..training import History, train
from .explorer import Explorer
from .scrubber import scrubber

TARGET = 1e-3
"""The loss the readouts count steps to."""
START = (-4.5, 1.5)
"""Where every walk on the valley starts: far along the floor, up one wall."""


def _walk(valley, optimizers, start, n_steps):
    paths = [valley.path(optimizer, start, n_steps) for optimizer in optimizers]
    with np.errstate(over="ignore", invalid="ignore"):
        return paths, [valley.loss(path) for path in paths]


def _reached(losses, up_to=None):
    step = steps_to_reach(losses[: None if up_to is None else up_to + 1], TARGET)
    if step is not None:
        return f"step {step}"
    last = losses[: None if up_to is None else up_to + 1][-1]
    return "diverged" if not np.isfinite(last) or last > 100 * losses[0] else "not yet"


def optimizer_replay(optimizers, valley=None, start=START, n_steps=60, n_frames=13):
    """Walk each optimiser on the valley and record frames at evenly spaced steps.

    Parameters
    ----------
    optimizers : dict of str to nnlib.optimizers.SGD or Adam
        New optimisers by label, e.g. ``{"SGD 1.9": SGD(1.9)}``; at most 5.
    valley : nnlib.landscape.Valley, optional
        By default ``Valley()``.
    start : (float, float)
    n_steps : int >= 1
    n_frames : int >= 2

    Returns
    -------
    nnlib.widgets.Scrubber
        Frame k: the paths and the losses up to the k-th recorded step; its readout, each
        optimiser's loss then and the step it first reached ``TARGET``. ``replay.paths`` and
        ``replay.losses`` hold the whole walks.

    See chapter 5, "Momentum and Adam".
    """
    if not isinstance(optimizers, dict) or not all(isinstance(o, Optimizer) for o in optimizers.values()):
        raise TypeError(f"optimizer_replay expected a dict of label -> SGD or Adam, got {optimizers!r}.")
    valley = Valley() if valley is None else valley
    n_steps = check_positive_int(n_steps, "n_steps", "optimizer_replay")
    n_frames = check_positive_int(n_frames, "n_frames", "optimizer_replay")
    if n_frames < 2:
        raise ValueError(f"optimizer_replay expected n_frames of at least 2 (first and last), got {n_frames}.")
    labels = list(optimizers)
    paths, losses = _walk(valley, optimizers.values(), start, n_steps)
    figure, artists, lines = draw_valley_figure(valley, labels, n_steps)
    frames, readouts, alts = [], [], []
    shown = np.unique(np.linspace(0, n_steps, n_frames).round().astype(int))
    for step in shown:
        update_paths(artists, paths, step)
        update_step_losses(lines, losses, step)
        frames.append(figure_to_png(figure))
        alts.append(valley_alt(labels, losses, step))
        rows = [[label, number(values[step], 4), _reached(values, step)] for label, values in zip(labels, losses)]
        readouts.append(table(["optimiser", f"loss at step {step}", f"loss below {TARGET:g}"], rows))
    box = scrubber(frames, [f"step {step}" for step in shown], readouts, description="step", alts=alts)
    box.paths, box.losses = paths, losses
    return box


class NetworkRun:
    """The explorer's small problem: two moons, 40 points to train on and 200 to validate on."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        X, labels = moons(240, noise=0.3, rng=rng)
        order = rng.permutation(len(X))  # moons come class by class: mix them before splitting
        X, Y = X[order], one_hot(labels[order])
        self.X, self.Y, self.X_val, self.Y_val = X[:40], Y[:40], X[40:], Y[40:]
        self.start = Network.random([2, 32, 32, 2], ["relu", "relu", "identity"], np.random.default_rng(seed + 1),
                                    loss="softmax_cross_entropy")

    def train(self, optimizer, init_scale, epochs=60):
        """Train a copy of the starting network, its weights times `init_scale`; return (History, error)."""
        network = self.start.copy()
        for layer in network.layers:
            layer.weights *= init_scale
        history = History()
        try:
            train(network, self.X, self.Y, epochs, batch_size=20, rng=np.random.default_rng(0),
                  X_val=self.X_val, y_val=self.Y_val, history=history, optimizer=optimizer)
        except FloatingPointError:
            return history, f"diverged in epoch {history.epochs + 1}"
        return history, None


def _optimizer(controls, weight_decay=0.0):
    if controls["optimizer"].value == "Adam":
        return Adam(controls["learning_rate"].value, weight_decay=weight_decay)
    return SGD(controls["learning_rate"].value, momentum=controls["momentum"].value, weight_decay=weight_decay)


def optimizer_explorer():
    """Chapter 5: pick an optimiser and its settings; see its path on the valley and a network train.

    Returns
    -------
    Explorer
        Controls ``optimizer`` ("SGD" or "Adam"), ``learning_rate``, ``momentum`` (SGD only),
        ``init_scale`` (the network's initial weights times this) and ``weight_decay`` (L2, on the
        network). Left: 60 steps on ``Valley()`` from ``START``. Right: the training and validation
        loss of a 2-32-32-2 ReLU network on 40 moons points, 60 epochs in batches of 20.
        ``explorer.run`` is the ``NetworkRun``; ``explorer.path`` and ``explorer.history`` the last results.
    """
    style = {"style": {"description_width": "8em"}, "layout": {"width": "300px"}}
    controls = {
        "optimizer": widgets.ToggleButtons(options=["SGD", "Adam"], value="SGD", description="optimiser",
                                           style={"description_width": "8em", "button_width": "5.5em"}),
        "learning_rate": widgets.FloatLogSlider(value=0.5, base=10, min=-3, max=0.5, step=0.05,
                                                description="learning rate", readout_format=".3g", **style),
        "momentum": widgets.FloatSlider(value=0.0, min=0.0, max=0.95, step=0.05, description="momentum", **style),
        "init_scale": widgets.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.1,
                                             description="init scale ×", readout_format=".2g", **style),
        "weight_decay": widgets.SelectionSlider(options=[0.0, 1e-4, 1e-3, 1e-2, 3e-2, 0.1], value=0.0,
                                                description="L2 decay", **style),
    }
    valley, run, n_steps = Valley(), NetworkRun(), 60
    figure, artists, (step_line,) = draw_valley_figure(valley, ["path"], n_steps, figsize=(8.4, 3.0))
    right = step_line.axes
    step_line.set_visible(False)  # the right panel shows the network's curves instead
    (train_line,) = right.plot([], [], color=artists.paths[0].get_color(), lw=1.4, label="training")
    (val_line,) = right.plot([], [], color="#e66101", lw=1.4, label="validation")
    right.set_xlim(0, 60)
    right.set_ylim(1e-3, 10)
    right.set_xlabel("epoch (network on 40 moons points)")
    right.set_title("network: loss", fontsize=10)
    right.legend(handles=[train_line, val_line], loc="lower left", fontsize=8)
    rows = [widgets.HBox([widgets.VBox([controls[name] for name in ("optimizer", "learning_rate", "momentum")]),
                          widgets.VBox([controls[name] for name in ("init_scale", "weight_decay")])])]
    # Only the path and the two curves move: the canvas keeps a picture of the contours, axes and text.
    canvas = LayeredCanvas(figure, moving=[*artists.paths, *artists.ends, train_line, val_line])
    canvas.still = "valley"
    box = Explorer(controls, rows, figure)
    box.run = run

    def update(_=None):
        controls["momentum"].disabled = controls["optimizer"].value == "Adam"
        path, losses = _walk(valley, [_optimizer(controls)], START, n_steps)
        update_paths(artists, path)
        history, problem = run.train(_optimizer(controls, controls["weight_decay"].value), controls["init_scale"].value)
        epochs = np.arange(len(history.loss))
        train_line.set_data(epochs, history.loss)
        val_line.set_data(epochs, history.val_loss)
        box.path, box.history = path[0], history
        best = int(np.argmin(history.val_loss))
        network = (f"{problem}" if problem else
                   f"training loss {number(history.loss[-1], 4)}, validation loss {number(history.val_loss[-1], 4)}"
                   f" (lowest {number(history.val_loss[best], 4)} at epoch {best}), validation accuracy "
                   f"{history.val_accuracy[-1]:.0%}")
        box.readout.value = table(["", "result"], [
            ["valley", f"loss {number(losses[0][-1], 4)} after {n_steps} steps; below {TARGET:g} at: "
                       f"{_reached(losses[0])}"],
            ["network", network]])
        box.show_figure(valley_alt([controls["optimizer"].value], losses, n_steps)
                        + f" Right: the network's training and validation loss per epoch; {network}.")

    update()
    for control in controls.values():
        control.observe(box.guard(update), names="value")
    return box
