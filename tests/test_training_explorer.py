"""Chapter 4's live training explorer: drive every control from code and check what it shows."""
import asyncio
import time

import ipywidgets as widgets
import numpy as np
import pytest

import nnlib.widgets.training as training_explorer_module
from nnlib import Network, one_hot, train
from nnlib.widgets import training_explorer
from nnlib.data import load

# A PNG signature and header (4 x 4 pixels) and a counter: distinct, and enough for figure_html.
def explorer_on(dataset, **values):
    explorer = training_explorer(dataset)
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer


def loss_line(explorer):
    return explorer.view.loss.line.get_ydata()


def test_it_starts_untrained_with_every_part():
    explorer = training_explorer()
    assert isinstance(explorer, widgets.VBox)
    for part in ("readout", "image", "status"):
        assert getattr(explorer, part) in explorer.children
    assert explorer.figure.canvas.manager is None  # not pyplot's: nothing shows by itself
    assert explorer.status.value == "" and explorer.png.startswith(b"\x89PNG") and "<img" in explorer.image.value
    assert explorer.session.dataset == "spirals" and explorer.session.history.epochs == 0
    assert repr(explorer.session.network) == (
        "Network(2 -> 16 relu -> 16 relu -> 2 identity, loss=softmax_cross_entropy)")
    assert explorer.progress_label.value == "epoch 0"
    assert explorer.controls["pause"].disabled and not explorer.controls["train"].disabled
    assert explorer.view.boundary.ax.get_title().startswith("epoch 0: ")


def test_step_trains_one_epoch_like_nnlib_train(quick_png):
    explorer = explorer_on("xor", learning_rate=0.5, batch_size=1, layers=1, neurons=4, activation="tanh")
    image = explorer.view.boundary.image
    before = np.asarray(image.get_array()).copy()
    for _ in range(30):
        explorer.controls["step"].click()
    assert explorer.status.value == "" and explorer.session.history.epochs == 30
    assert len(loss_line(explorer)) == 31 and loss_line(explorer)[-1] < loss_line(explorer)[0]
    assert not np.allclose(image.get_array(), before)
    assert "<td" in explorer.readout.value and ">30<" in explorer.readout.value
    # the same as nnlib.train: Network.random and then the shuffles draw from default_rng(0)
    X, labels, _, _ = load("xor")
    rng = np.random.default_rng(0)
    same = Network.random([2, 4, 2], ["tanh", "identity"], rng, loss="softmax_cross_entropy")
    history = train(same, X, one_hot(labels), 30, 0.5, 1, rng)
    assert explorer.session.history.loss == history.loss
    assert all((a == b).all() for a, b in zip(explorer.session.network.parameters(), same.parameters()))


def test_train_runs_its_epochs_and_learns_xor(quick_png):
    explorer = explorer_on("xor", learning_rate=0.3, epochs=300)
    frame = explorer.image.value
    explorer.controls["train"].click()  # no event loop here: trains to the end before returning
    history = explorer.session.history
    assert explorer.status.value == "" and history.epochs == 300 and history.accuracy[-1] == 1.0
    assert explorer.progress.value == explorer.progress.max == 300
    assert explorer.progress_label.value == "epoch 300"
    assert explorer.image.value != frame and "4 of 4 right" in explorer.view.boundary.ax.get_title()
    assert not explorer.running and explorer.controls["pause"].disabled
    explorer.controls["epochs"].value = 100
    explorer.controls["train"].click()
    assert history.epochs == 400 and len(loss_line(explorer)) == 401


def test_reset_and_the_network_controls_start_again(quick_png):
    explorer = explorer_on("xor")
    explorer.controls["step"].click()
    first = explorer.session.network.parameters()[0].copy()
    explorer.controls["reset"].click()
    assert explorer.session.history.epochs == 0 and len(loss_line(explorer)) == 1
    assert not np.allclose(explorer.session.network.parameters()[0], first)  # new random weights
    explorer.controls["layers"].value = 1
    explorer.controls["neurons"].value = 8
    explorer.controls["activation"].value = "sigmoid"
    assert repr(explorer.session.network) == "Network(2 -> 8 sigmoid -> 2 identity, loss=softmax_cross_entropy)"
    explorer.controls["step"].click()
    explorer.controls["activation"].value = "tanh"
    assert explorer.session.history.epochs == 0 and explorer.status.value == ""


def test_every_data_set(quick_png):
    explorer = explorer_on("xor", epochs=100)
    for name, n_samples in [("moons", 200), ("spirals", 200), ("xor", 4)]:
        explorer.controls["dataset"].value = name
        explorer.controls["train"].click()
        assert explorer.status.value == "" and explorer.session.history.epochs == 100
        assert len(explorer.view.boundary.points.get_offsets()) == n_samples
        assert explorer.figure is explorer.view.figure


def test_coming_back_to_a_data_set_reuses_its_figure_and_shows_what_a_new_one_would():
    explorer = explorer_on("spirals", epochs=100)
    explorer.controls["train"].click()
    first = explorer.figure
    for name in ("digits", "xor", "spirals"):
        explorer.controls["dataset"].value = name
    assert explorer.figure is first and explorer.session.history.epochs == 0
    explorer.controls["step"].click()
    fresh = explorer_on("spirals")
    fresh.controls["step"].click()
    assert explorer.readout.value == fresh.readout.value
    assert explorer.image.value == fresh.image.value  # the same pixels: nothing of the old run is left


def test_digits_show_the_accuracy(quick_png):
    explorer = explorer_on("digits", layers=1, neurons=16, epochs=100, batch_size=64)
    assert explorer.view.boundary is None
    assert repr(explorer.session.network) == "Network(64 -> 16 relu -> 10 identity, loss=softmax_cross_entropy)"
    for _ in range(3):
        explorer.controls["step"].click()
    history = explorer.session.history
    assert explorer.status.value == "" and history.epochs == 3
    assert list(explorer.view.accuracy[1].get_ydata()) == history.val_accuracy
    assert history.val_accuracy[-1] > 0.5
    assert "held-out accuracy" in explorer.readout.value


def test_divergence_is_reported_not_raised(quick_png):
    explorer = explorer_on("xor", learning_rate=10)
    explorer.session.network.layers[0].weights[:] = 1e308  # the next forward pass overflows
    explorer.controls["step"].click()
    assert "Training diverged in epoch 1 at learning rate 10" in explorer.status.value
    assert "Traceback" not in explorer.status.value and explorer.session.history.epochs == 0
    explorer.controls["train"].click()
    assert "Training diverged" in explorer.status.value and not explorer.running
    assert not explorer.controls["train"].disabled  # ready for another try
    explorer.controls["reset"].click()
    explorer.controls["learning_rate"].value = 0.1
    explorer.controls["step"].click()
    assert explorer.status.value == "" and explorer.session.history.epochs == 1


def test_an_unknown_data_set_is_refused():
    with pytest.raises(ValueError, match="The dataset must be one of 'xor', 'moons', 'spirals', 'digits'. Got 'mnist'"):
        training_explorer("mnist")


def test_pause_does_nothing_when_idle(quick_png):
    explorer = explorer_on("xor")
    explorer.controls["pause"].click()
    assert explorer.status.value == "" and explorer.session.history.epochs == 0


def test_on_an_event_loop_it_trains_in_the_background_and_pauses(quick_png, monkeypatch):
    # Chunks are timed; XOR is so fast that 1000 epochs could fit in one chunk, before Pause lands.
    # One epoch per chunk makes the test independent of the machine's speed.
    monkeypatch.setattr(training_explorer_module, "CHUNK_SECONDS", 1e-9)

    async def scenario():
        explorer = explorer_on("xor", epochs=1000)
        explorer.controls["train"].click()
        assert explorer.running and explorer.task is not None  # the click returned at once
        assert explorer.controls["train"].disabled and explorer.controls["step"].disabled
        while explorer.session.history.epochs == 0:
            await asyncio.sleep(0.01)
        assert "training…" in explorer.progress_label.value and explorer.progress.value > 0
        explorer.controls["pause"].click()
        await explorer.task
        paused_at = explorer.session.history.epochs
        assert not explorer.running and 0 < paused_at < 1000
        assert explorer.progress_label.value == f"epoch {paused_at}: paused"
        await asyncio.sleep(0.05)
        assert explorer.session.history.epochs == paused_at  # it really stopped

        explorer.controls["epochs"].value = 100
        explorer.controls["train"].click()  # carries on, 100 more
        await explorer.task
        assert explorer.session.history.epochs == paused_at + 100 and explorer.status.value == ""

        explorer.controls["train"].click()
        explorer.controls["reset"].click()  # while training: stops, and the old run leaves the new network alone
        await explorer.task
        assert explorer.session.history.epochs == 0 and not explorer.running
    asyncio.run(scenario())


def test_on_an_event_loop_errors_show_in_the_status(quick_png, monkeypatch):
    async def scenario():
        explorer = explorer_on("xor", epochs=100)
        explorer.session.network.layers[0].weights[:] = 1e308
        explorer.controls["train"].click()
        await explorer.task
        assert "Training diverged in epoch 1" in explorer.status.value and not explorer.running

        explorer.controls["reset"].click()
        monkeypatch.setattr(explorer, "show_figure", lambda alt: 1 / 0)
        explorer.controls["train"].click()
        await explorer.task
        assert "division by zero (ZeroDivisionError)" in explorer.status.value and not explorer.running
    asyncio.run(scenario())


def test_a_train_run_is_paced_so_the_boundary_is_seen_forming(quick_png, monkeypatch):
    """300 spiral epochs: about FRAMES_PER_TRAIN redraws, every 6 epochs, each on screen at least a moment."""
    monkeypatch.setattr(training_explorer_module, "MIN_FRAME_SECONDS", 0.02)  # the real 0.08 s would make this test slow

    async def scenario():
        explorer = explorer_on("spirals", epochs=300)
        drawn = []
        show = explorer.show_figure
        monkeypatch.setattr(explorer, "show_figure", lambda alt: drawn.append(explorer.session.history.epochs) or show(alt))
        start = time.perf_counter()
        explorer.controls["train"].click()
        await explorer.task
        return drawn, time.perf_counter() - start

    drawn, seconds = asyncio.run(scenario())
    assert drawn[-1] == 300 and training_explorer_module.FRAMES_PER_TRAIN <= len(drawn) <= training_explorer_module.FRAMES_PER_TRAIN + 2
    assert max(np.diff(drawn)) <= 6 and seconds >= training_explorer_module.FRAMES_PER_TRAIN * 0.02
