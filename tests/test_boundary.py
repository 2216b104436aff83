"""Drawing for chapter 4: the decision boundary, the training figure, and the kernel-free replay."""
import numpy as np
import pytest
from ipywidgets.widgets.widget_link import DirectionalLink

from nnlib import History, Network, one_hot, predict_proba, train
from nnlib.figures.boundary import class_one_probability, draw_decision_boundary, update_decision_boundary
from nnlib.data import spirals, xor
from nnlib.figures.plots import new_figure
from nnlib.figures.readouts import number
from nnlib.figures.training import draw_training_figure, show_training_state
from nnlib.widgets import training_replay


def network(sizes=(2, 8, 2), seed=0):
    return Network.random(list(sizes), ["tanh"] * (len(sizes) - 2) + ["identity"], np.random.default_rng(seed),
                          loss="softmax_cross_entropy")


def test_the_background_is_the_class_one_probability_on_a_grid():
    X, labels = xor()
    net = network()
    artists = draw_decision_boundary(new_figure().add_subplot(), net, X, labels, resolution=30)
    image = np.asarray(artists.image.get_array())
    assert image.shape == (30, 30) and artists.grid.shape == (900, 2)
    assert image.ravel() == pytest.approx(predict_proba(net, artists.grid)[:, 1])
    # row by row from the bottom left, as imshow(origin="lower") shows it
    assert np.allclose(artists.grid[0], [-0.15, -0.15]) and np.allclose(artists.grid[29], [1.15, -0.15])
    assert artists.ax.get_xlim() == pytest.approx((-0.15, 1.15))
    assert len(artists.points.get_offsets()) == 4


def test_update_recolours_in_place():
    X, labels = xor()
    net = network()
    artists = draw_decision_boundary(new_figure().add_subplot(), net, X, labels, resolution=20)
    before, image = artists.image.get_array().copy(), artists.image
    train(net, X, one_hot(labels), 200, 0.5, 4, np.random.default_rng(0))
    update_decision_boundary(artists, net, title="trained")
    assert artists.image is image and not np.allclose(image.get_array(), before)
    assert artists.ax.get_title() == "trained"
    at_points = class_one_probability(net, X)
    assert ((at_points > 0.5) == labels.astype(bool)).all()


def test_a_one_output_network_shows_its_output():
    net = Network.random([2, 1], "sigmoid", np.random.default_rng(0))
    X = np.random.default_rng(1).normal(size=(5, 2))
    assert class_one_probability(net, X) == pytest.approx(net.predict(X)[:, 0])


@pytest.mark.parametrize("sizes, X, labels, message", [
    ((3, 2), np.ones((2, 3)), [0, 1],
     "draw_decision_boundary expected a network with 2 inputs .a plane to draw., got 3"),
    ((2, 3), np.ones((2, 2)), [0, 1],
     "class_one_probability expected a network with 1 or 2 outputs .two classes., got 3"),
    ((2, 2), np.ones((2, 2)), [0, 2], "draw_decision_boundary expected labels 0 and 1 .two classes., got 2"),
    ((2, 2), np.ones((2, 2)), [0], r"draw_decision_boundary expected labels with 2 labels, got shape \(1,\)"),
])
def test_boundary_errors(sizes, X, labels, message):
    with pytest.raises(ValueError, match=message):
        draw_decision_boundary(new_figure().add_subplot(), network(sizes), X, labels)


def test_training_figure_for_2d_data_and_for_digits():
    X, labels = xor()
    net = network()
    view = draw_training_figure(net, X, labels)
    history = train(net, X, one_hot(labels), 5, 0.1, rng=np.random.default_rng(0))
    readout = show_training_state(view, net, history)
    assert view.accuracy is None and view.boundary is not None
    assert view.boundary.ax.get_title().startswith("epoch 5: ") and view.boundary.ax.get_title().endswith(" of 4 right")
    assert list(view.loss.line.get_ydata()) == history.loss
    assert f'vertical-align:top">{number(history.loss[-1], 4)}</td>' in readout

    rng = np.random.default_rng(0)
    X_many, labels_many = rng.uniform(size=(30, 5)), rng.integers(0, 3, 30)
    net = network((5, 4, 3))
    view = draw_training_figure(net, X_many, labels_many)
    history = train(net, X_many, one_hot(labels_many), 3, 0.1, rng=rng,
                    X_val=X_many[:10], y_val=one_hot(labels_many[:10], 3))
    readout = show_training_state(view, net, history)
    assert view.boundary is None
    assert list(view.accuracy[0].get_ydata()) == history.accuracy
    assert list(view.accuracy[1].get_ydata()) == history.val_accuracy
    assert "held-out accuracy" in readout and f"{history.val_accuracy[-1]:.1%}" in readout
    assert "of held-out digits right" in view.accuracy[0].axes.get_title()


def test_replay_records_the_same_run_as_train():
    rng = np.random.default_rng(0)
    X, labels = spirals(40, 0.05, rng)
    net = network((2, 8, 8, 2))
    replay = training_replay(net, X, labels, epochs=12, learning_rate=0.1, batch_size=8,
                             rng=np.random.default_rng(5), n_frames=5)
    assert replay.labels == ["epoch 0", "epoch 3", "epoch 6", "epoch 9", "epoch 12"]
    assert all(frame.startswith(b"\x89PNG") for frame in replay.frames) and len(set(replay.frames)) == 5
    assert any(isinstance(link, DirectionalLink) and link.source == (replay.slider, "index") for link in replay.links)
    assert replay.play is not None and replay.slider.description == "epoch"
    same = net.copy()
    history = train(same, X, one_hot(labels), 12, 0.1, 8, np.random.default_rng(5))
    assert replay.history.loss == history.loss and replay.history.epochs == 12
    assert all((a == b).all() for a, b in zip(replay.network.parameters(), same.parameters()))
    assert net.parameters()[0] is not replay.network.parameters()[0]  # the network given is left alone
    assert number(history.loss[3], 4) in replay.readouts[1] and number(history.loss[-1], 4) in replay.readouts[-1]


def test_replay_has_at_most_one_frame_per_epoch():
    X, labels = xor()
    replay = training_replay(network(), X, labels, epochs=3, learning_rate=0.1, rng=np.random.default_rng(0))
    assert replay.labels == ["epoch 0", "epoch 1", "epoch 2", "epoch 3"]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_frames": 1}, ValueError, "training_replay expected n_frames of at least 2"),
    ({"epochs": 0}, ValueError, "training_replay expected epochs to be a positive integer, got 0"),
    ({"network": Network.random([2, 2], "sigmoid", np.random.default_rng(0))}, ValueError,
     "training_replay expected a network with loss 'softmax_cross_entropy', got 'mse'"),
    ({"labels": [0, 1, 2, 0]}, ValueError, r"one_hot expected labels from 0 to 1 \(n_classes=2\), got 2"),
])
def test_replay_errors(kwargs, error, message):
    X, labels = xor()
    arguments = {"network": network(), "X": X, "labels": labels, "epochs": 2, "learning_rate": 0.1, **kwargs}
    with pytest.raises(error, match=message):
        training_replay(**arguments)


def test_history_epochs():
    assert History([0.5]).epochs == 0 and History([0.5, 0.4, 0.3]).epochs == 2
