"""Chapter 5: the valley, the optimiser replay and explorer, and the chapter's checkers."""
import ipywidgets as widgets
import numpy as np
import pytest

import nnlib
from nnlib import exercises
from nnlib.landscape import Valley, steps_to_reach
from nnlib.optimizers import SGD, Adam
from nnlib.widgets import optimizer_explorer, optimizer_replay
from nnlib.widgets.optimizers import START, NetworkRun


def test_the_valley_is_the_quadratic_it_says():
    valley = Valley(steep=3.0, flat=0.5)
    w = np.array([2.0, -1.0])
    assert valley.loss(w) == pytest.approx(0.5 * (0.5 * 4 + 3.0 * 1))
    assert valley.gradient(w) == pytest.approx([1.0, -3.0])
    assert valley.loss(np.zeros((4, 3, 2))).shape == (4, 3)


@pytest.mark.parametrize("rate, converges", [(0.5, True), (1.99, True), (2.01, False)])
def test_gradient_descent_on_the_valley_diverges_exactly_above_two_over_the_curvature(rate, converges):
    path = Valley(steep=1.0, flat=0.02).path(SGD(rate), START, 2000)
    w, expected = np.array(START), [np.array(START)]
    for _ in range(2000):
        w = w * (1 - rate * np.array([0.02, 1.0]))
        expected.append(w)
    finite = np.isfinite(path).all(axis=1)
    assert np.allclose(path[finite], np.array(expected)[finite])
    assert (np.abs(path[-1]).max() < 1e-6) if converges else not np.abs(path[-1]).max() < 1e6


def test_steps_to_reach():
    assert steps_to_reach([1.0, 0.5, 0.1, 0.2], 0.1) == 2
    assert steps_to_reach([1.0, 0.5], 0.1) is None
    with pytest.raises(ValueError, match="target"):
        steps_to_reach([1.0], 0)


def test_bad_valley_arguments():
    with pytest.raises(ValueError, match="steep"):
        Valley(steep=-1)
    with pytest.raises(ValueError, match="start to be 2 finite numbers"):
        Valley().path(SGD(0.1), [1.0, 2.0, 3.0], 5)
    with pytest.raises(ValueError, match="float arrays and one gradient of the same shape"):
        SGD(0.1).update([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(TypeError, match="lists of arrays"):
        SGD(0.1).update(np.zeros(2), np.zeros(2))


def test_update_keeps_its_state_for_the_same_shapes_only():
    optimizer = Adam(0.1)
    optimizer.update([np.zeros(2)], [np.ones(2)])
    with pytest.raises(ValueError, match="Make a new optimiser"):
        optimizer.update([np.zeros(3)], [np.ones(3)])


def test_replay_frames_are_the_walks():
    optimizers = {"SGD": SGD(1.9), "momentum": SGD(0.5, momentum=0.9), "Adam": Adam(0.3)}
    replay = optimizer_replay(optimizers, n_steps=20, n_frames=5)
    assert replay.labels == ["step 0", "step 5", "step 10", "step 15", "step 20"]
    assert len(replay.frames) == 5 and all(frame.startswith(b"\x89PNG") for frame in replay.frames)
    assert len(set(replay.frames)) == 5
    assert np.allclose(replay.paths[1], Valley().path(SGD(0.5, momentum=0.9), START, 20))
    assert np.allclose(replay.losses[2], Valley().loss(Valley().path(Adam(0.3), START, 20)))
    assert "step 20" in replay.readouts[-1] and "Adam" in replay.readouts[-1]
    loss = replay.losses[2][20]
    assert replay.alts[-1].startswith("Contour map of a long narrow valley with the paths of SGD, momentum, Adam after 20")
    assert f"Adam: {loss:.3g}." in replay.alts[-1] and replay.alts[0] != replay.alts[-1]
    assert len(replay.links) == 3  # slider -> images, slider -> readouts, play <-> slider


def test_replay_says_when_a_walk_diverged():
    replay = optimizer_replay({"too fast": SGD(2.5)}, n_steps=200, n_frames=2)
    assert "diverged" in replay.readouts[-1]


def test_bad_replay_arguments():
    with pytest.raises(TypeError, match="dict of label -> SGD or Adam"):
        optimizer_replay([SGD(0.1)])
    with pytest.raises(ValueError, match="n_frames of at least 2"):
        optimizer_replay({"a": SGD(0.1)}, n_frames=1)


def test_explorer_shows_the_path_and_the_run_of_its_settings():
    explorer = optimizer_explorer()
    assert isinstance(explorer, widgets.VBox) and explorer.status.value == ""
    assert explorer.png.startswith(b"\x89PNG") and "<img" in explorer.image.value
    assert "Contour map of a long narrow valley" in explorer.image.value and "validation loss" in explorer.image.value
    assert np.allclose(explorer.path, Valley().path(SGD(0.5), START, 60))
    history, problem = NetworkRun().train(SGD(0.5), 1.0)
    assert problem is None and explorer.history.val_loss == history.val_loss
    assert "validation accuracy" in explorer.readout.value


def test_explorer_controls_over_their_range(quick_png):
    explorer = optimizer_explorer()
    c = explorer.controls
    c["optimizer"].value = "Adam"
    assert c["momentum"].disabled
    assert np.allclose(explorer.path, Valley().path(Adam(0.5), START, 60))
    c["optimizer"].value = "SGD"
    seen = set()
    for name in ("learning_rate", "momentum", "init_scale"):
        for value in np.linspace(c[name].min, c[name].max, 4):
            c[name].value = float(10 ** value if isinstance(c[name], widgets.FloatLogSlider) else value)
            assert explorer.status.value == "", explorer.status.value
            seen.add(explorer.readout.value)
    for value in c["weight_decay"].options:
        c["weight_decay"].value = value
        assert explorer.status.value == ""
        seen.add(explorer.readout.value)
    assert len(seen) > 10
    c["momentum"].value, c["learning_rate"].value = 0.0, 2.5
    assert "diverged" in explorer.readout.value  # the valley walk at 2.5 > 2 / 1


def test_explorer_weight_decay_shrinks_the_weights():
    run = NetworkRun()
    plain, _ = run.train(SGD(0.5), 1.0)
    decayed, _ = run.train(SGD(0.5, weight_decay=0.1), 1.0)
    assert decayed.loss[-1] > plain.loss[-1]  # the penalty keeps it from fitting the 40 points as closely


@pytest.mark.parametrize("check, answer, phrase", [
    ("check_he_std", np.sqrt(1 / 50), "Xavier"),
    ("check_he_std", 0.04, "variance"),
    ("check_learning_rate_edge", 20.0, "flat direction"),
    ("check_learning_rate_edge", 0.25, "lands on its minimum"),
    ("check_adam_first_step", 0.01 * 0.0002 / np.sqrt(4e-9), "bias correction"),
    ("check_adam_first_step", 0.0316, "bias correction"),  # the same slip, rounded to 3 digits
    ("check_adam_first_step", 2e-5, "plain gradient descent"),
    ("check_adam_first_step", 0.00999, "under it by only 5e-08"),  # "a hair under" 0.01 is 5e-8 under
    ("check_adam_first_step", 0.0099, "under it by only 5e-08"),
    ("check_momentum_step", lambda w, v, g, lr, m: (w - lr * v, m * v + g), "old velocity"),
    ("check_momentum_step", lambda w, v, g, lr, m: (w - lr * g, m * v + g), "plain gradient descent"),
    ("check_momentum_step", lambda w, v, g, lr, m: w, "two arrays"),
    ("check_momentum_step", lambda w, v, g, lr, m: (w - (m * v + lr * g), m * v + lr * g), "learning rate inside it"),
    ("check_momentum_step", lambda w, v, g, lr, m: (w + (m * v - lr * g), m * v - lr * g), "and the minus sign"),
    ("check_momentum_step", lambda w, v, g, lr, m: (w - lr * (m * v + (1 - m) * g), m * v + (1 - m) * g),
     "an average of gradients"),
])
def test_chapter5_mistakes_are_named(check, answer, phrase):
    feedback = getattr(exercises, check)(answer)
    assert not feedback.correct and phrase in feedback.message, feedback.message


def test_a_velocity_with_the_learning_rate_inside_is_not_called_an_average():
    """v = momentum * v + learning_rate * gradient, then w - v: its own mistake, its own hint (in the first
    case the learning rate is not 1 - momentum, where the two would coincide)."""
    def inside(w, v, g, lr, m):
        v = m * v + lr * g
        return w - v, v
    feedback = exercises.check_momentum_step(inside)
    assert not feedback and "average" not in feedback.message, feedback.message
    assert "learning rate inside it" in feedback.text and "without the learning rate" in feedback.hint
    w, v, g, rate, beta = exercises.chapter5._momentum_cases()[0]
    assert not np.isclose(rate, 1 - beta)


def test_chapter5_checkers_accept_the_right_answers():
    assert exercises.check_he_std(0.2).correct
    assert exercises.check_learning_rate_edge(0.5).correct
    assert exercises.check_adam_first_step(0.01).correct  # right to 6 digits: the step is 0.0099999500
    assert exercises.check_adam_first_step(0.00999995).correct and exercises.check_adam_first_step(-0.01).correct

    def momentum_step(w, v, g, lr, m):
        v = m * v + g
        return w - lr * v, v
    assert exercises.check_momentum_step(momentum_step).correct
