"""Chapter 4's live explorer: train a network on XOR, moons, spirals or the digits, and watch it learn.

Train runs in short chunks of epochs on the kernel's event loop, redrawing after each chunk and
yielding in between, so the figure moves while it trains and a click on Pause is handled at once.
A run is paced for the eye: about ``FRAMES_PER_TRAIN`` redraws, each on screen for at least
``MIN_FRAME_SECONDS``, so the boundary is seen to form (300 spiral epochs took 0.5 s and two redraws).
With no event loop running (plain Python, the tests) Train and Step run to the end before returning.
"""
import asyncio
import time

import ipywidgets as widgets
import numpy as np

from .._checks import check_choice
from ..activations import ACTIVATIONS
from ..classification import one_hot
from ..data import DATASETS, load
from ..figures.training import draw_training_figure, show_training_state, training_alt
from ..network import Network
from ..training import History, _start, train
from .explorer import Explorer

CHUNK_SECONDS = 0.15
"""While training in the background: train at most this long, then redraw and let clicks in."""
FRAMES_PER_TRAIN = 50
"""A Train run redraws about this many times: every epochs/50 epochs (at least every epoch)."""
MIN_FRAME_SECONDS = 0.08
"""Each redraw stays on screen at least this long, however fast the epochs are."""
_WIDE = {"style": {"description_width": "7.5em"}, "layout": {"width": "270px"}}


class TrainingSession:
    """A network being trained on one data set, and what has happened so far.

    Attributes
    ----------
    X, Y : ndarray
        Training inputs (n_samples, n_inputs) and one-hot targets (n_samples, n_classes).
    labels : ndarray of int, shape (n_samples,)
    X_test, Y_test : ndarray or None
        The held-out digits and their one-hot targets; None for 2-D data.
    network : Network
    history : nnlib.training.History
        Loss (and accuracy) after each epoch so far.
    rng : numpy.random.Generator
        Shuffles the mini-batches.
    """

    def __init__(self, dataset, n_layers, n_neurons, activation, seed):
        self.X, self.labels, self.X_test, labels_test = load(dataset)
        n_classes = int(self.labels.max()) + 1
        self.Y = one_hot(self.labels, n_classes)
        self.Y_test = None if labels_test is None else one_hot(labels_test, n_classes)
        self.dataset = dataset
        self.rebuild(n_layers, n_neurons, activation, seed)

    def rebuild(self, n_layers, n_neurons, activation, seed):
        """A new random network (``Network.random`` with ``default_rng(seed)``) and an empty history."""
        sizes = [self.X.shape[1], *[n_neurons] * n_layers, self.Y.shape[1]]
        self.rng = np.random.default_rng(seed)
        self.network = Network.random(sizes, [activation] * n_layers + ["identity"], self.rng,
                                      loss="softmax_cross_entropy")
        self.history = _start(History(), self.network, self.X, self.Y, self.X_test, self.Y_test)

    def train(self, epochs, learning_rate, batch_size):
        """Train `epochs` more epochs; a divergence raises FloatingPointError with what to do."""
        try:
            train(self.network, self.X, self.Y, epochs, learning_rate, batch_size, self.rng,
                  X_val=self.X_test, y_val=self.Y_test, history=self.history)
        except FloatingPointError:
            raise FloatingPointError(
                f"Training diverged in epoch {self.history.epochs + 1} at learning rate {learning_rate:.3g}: "
                "the numbers overflowed to inf or NaN. Lower the learning rate and press Train or Step again, or press "
                f"Reset. The network stays as it was after the last good step.") from None


def training_explorer(dataset="spirals"):
    """Chapter 4: train a classifier live, on XOR, two moons, two spirals or the digits.

    Parameters
    ----------
    dataset : {"xor", "moons", "spirals", "digits"}
        The data set to start with.

    Returns
    -------
    Explorer
        Controls ``dataset``, ``layers`` (hidden layers), ``neurons`` (per hidden layer),
        ``activation``, ``learning_rate``, ``batch_size``, ``epochs`` (per Train click) and the
        buttons ``train``, ``pause``, ``step`` (one epoch) and ``reset`` (new random weights).
        The figure shows the decision boundary (or, for the digits, the accuracy) and the loss
        per epoch; ``progress`` and ``progress_label`` follow a Train run. ``explorer.session``
        (a ``TrainingSession``) holds the network and its history; ``explorer.task`` is the
        background training task, if any.
    """
    check_choice(dataset, dict.fromkeys(DATASETS), "dataset")
    controls = {
        "dataset": widgets.Dropdown(options=DATASETS, value=dataset, description="data set", **_WIDE),
        "layers": widgets.ToggleButtons(options=[1, 2], value=2, description="hidden layers",
                                        style={"description_width": "7.5em", "button_width": "3em"}),
        "neurons": widgets.Dropdown(options=[2, 4, 8, 16, 32, 64], value=16, description="neurons each", **_WIDE),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value="relu", description="activation", **_WIDE),
        "learning_rate": widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, step=0.1,
                                                description="learning rate", readout_format=".3g", **_WIDE),
        "batch_size": widgets.Dropdown(options=[1, 4, 16, 64, 256], value=16, description="batch size", **_WIDE),
        # its label sits above its buttons (ipywidgets 8), as wide as its words: 7.5em cut "epochs per Train"
        "epochs": widgets.ToggleButtons(options=[100, 300, 1000], value=300, description="epochs per Train",
                                        style={"description_width": "initial", "button_width": "5em"}),
        "train": widgets.Button(description="Train", button_style="primary", icon="play"),
        "pause": widgets.Button(description="Pause", icon="pause", disabled=True),
        "step": widgets.Button(description="Step", tooltip="one epoch"),
        "reset": widgets.Button(description="Reset", tooltip="new random weights"),
    }
    network_shape = ("layers", "neurons", "activation")
    session = TrainingSession(dataset, *(controls[name].value for name in network_shape), seed=0)
    view = draw_training_figure(session.network, session.X, session.labels)
    progress = widgets.IntProgress(value=0, min=0, max=1, layout={"width": "180px"})
    progress_label = widgets.HTML()
    rows = [widgets.HBox([widgets.VBox([controls[name] for name in ("dataset", *network_shape)]),
                          widgets.VBox([controls[name] for name in ("learning_rate", "batch_size", "epochs")])]),
            widgets.HBox([*(controls[name] for name in ("train", "pause", "step", "reset")), progress,
                          progress_label])]
    box = Explorer(controls, rows, view.figure)
    box.session, box.view, box.progress, box.progress_label = session, view, progress, progress_label
    box.task, box.running, box.seed, box.start, box.target, box.per_frame = None, False, 0, 0, 0, 1
    box.run = 0  # which Train run is current: Pause, Reset and rebuilding start a new count
    box.views = {dataset: view}  # a figure per data set, made on first use (a new one takes 50-100 ms)

    def refresh():
        history = box.session.history
        box.readout.value = show_training_state(box.view, box.session.network, history)
        progress.value = min(max(history.epochs - box.start, 0), progress.max)
        if box.running:
            progress_label.value = f"epoch {history.epochs} of {box.target}: training…"
        else:
            progress_label.value = f"epoch {history.epochs}" + (": paused" if history.epochs < box.target else "")
        box.show_figure(training_alt(box.view, history))

    def set_running(running):
        box.running = running
        controls["train"].disabled = controls["step"].disabled = running
        controls["pause"].disabled = not running

    def stop():
        box.run += 1  # a background run checks this, and stops
        set_running(False)

    def train_chunk(seconds):
        """Train towards box.target: box.per_frame epochs or about `seconds`, whichever ends first (None: all)."""
        start, end = time.perf_counter(), min(box.target, box.session.history.epochs + box.per_frame)
        while box.session.history.epochs < (end if seconds else box.target):
            remaining = box.target - box.session.history.epochs
            box.session.train(1 if seconds else remaining, controls["learning_rate"].value,
                              controls["batch_size"].value)
            if seconds and time.perf_counter() - start > seconds:
                break

    async def train_in_background(run):
        try:
            while box.run == run and box.session.history.epochs < box.target:
                start = time.perf_counter()
                train_chunk(CHUNK_SECONDS)
                refresh()
                # at least MIN_FRAME_SECONDS a frame; the pause also lets the kernel handle a click (Pause)
                await asyncio.sleep(max(0.01, MIN_FRAME_SECONDS - (time.perf_counter() - start)))
        except Exception as error:  # a background task has no caller to raise to
            if box.run == run:
                box.report(error)
        if box.run == run:  # finished, failed or paused: Pause and Reset have already tidied up
            set_running(False)
            try:
                refresh()
            except Exception as error:
                box.report(error)

    def start_training(_):
        if box.running:  # the button is disabled then; click() from code still lands here
            return
        box.start = box.session.history.epochs
        box.target = box.start + controls["epochs"].value
        box.per_frame = -(-controls["epochs"].value // FRAMES_PER_TRAIN)  # ceil: 300 epochs, a frame every 6
        progress.max, progress.value = controls["epochs"].value, 0
        set_running(True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (plain Python, tests): train here and now
            loop = None
        if loop is None:
            try:
                train_chunk(None)
            finally:
                set_running(False)
                refresh()
        else:
            box.task = loop.create_task(train_in_background(box.run))

    def pause(_):
        if box.running:
            stop()
            refresh()

    def step(_):
        if box.running:
            return
        try:
            box.session.train(1, controls["learning_rate"].value, controls["batch_size"].value)
        finally:
            box.target = max(box.target, box.session.history.epochs)
            refresh()

    def rebuild(_=None):
        stop()
        values = [controls[name].value for name in network_shape]
        if controls["dataset"].value != box.session.dataset:
            box.session = TrainingSession(controls["dataset"].value, *values, seed=box.seed)
            if box.session.dataset not in box.views:  # the figure depends on the data, not the network
                box.views[box.session.dataset] = draw_training_figure(box.session.network, box.session.X,
                                                                      box.session.labels)
            box.view = box.views[box.session.dataset]
            box.figure = box.view.figure
        else:
            box.session.rebuild(*values, seed=box.seed)
        box.start = box.target = 0
        refresh()

    def reset(_):
        box.seed += 1
        rebuild()

    refresh()
    for name in ("dataset", *network_shape):
        controls[name].observe(box.guard(rebuild), names="value")
    for name, callback in [("train", start_training), ("pause", pause), ("step", step), ("reset", reset)]:
        controls[name].on_click(box.guard(callback))
    return box
