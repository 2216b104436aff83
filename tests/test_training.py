"""The training loop: mini-batches, epochs, the History, and scoring a classifier."""
import numpy as np
import pytest

from nnlib import (History, Network, accuracy, batches, confusion_matrix, mse, one_hot, predict_classes,
                   predict_proba, softmax, softmax_cross_entropy, train)
from nnlib.data import xor


def xor_network(seed=0, hidden=4):
    return Network.random([2, hidden, 2], ["tanh", "identity"], np.random.default_rng(seed),
                          loss="softmax_cross_entropy")


# --- batches ------------------------------------------------------------------------------------------

def test_batches_hold_every_sample_once_in_a_seeded_order():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    parts = list(batches(X, y, 4, np.random.default_rng(0)))
    assert [len(xb) for xb, _ in parts] == [4, 4, 2]
    seen = np.concatenate([yb for _, yb in parts])
    assert sorted(seen) == list(range(10)) and list(seen) != list(range(10))
    for X_batch, y_batch in parts:  # rows stay with their targets
        assert (X_batch[:, 0] == 2 * y_batch).all()
    again = np.concatenate([yb for _, yb in batches(X, y, 4, np.random.default_rng(0))])
    assert (again == seen).all()


def test_one_batch_when_batch_size_covers_the_data():
    (X_batch, _), = batches(np.ones((3, 2)), np.ones((3, 1)), 100, np.random.default_rng(0))
    assert X_batch.shape == (3, 2)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"batch_size": 0}, ValueError, "batches expected batch_size to be a positive integer, got 0"),
    ({"batch_size": 2.5}, TypeError, "batches expected batch_size to be a positive integer, got float"),
    ({"y": np.ones(4)}, ValueError, r"batches expected y with 3 rows \(one per row of X\), got shape \(4,\)"),
    ({"X": np.ones(3)}, ValueError, r"batches expected a non-empty 2-D X .* got shape \(3,\)"),
    ({"rng": 0}, TypeError, "batches expected rng to be a numpy.random.Generator"),
])
def test_batches_errors(kwargs, error, message):
    arguments = {"X": np.ones((3, 2)), "y": np.ones(3), "batch_size": 2, "rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(error, match=message):
        batches(**arguments)


# --- train --------------------------------------------------------------------------------------------

def test_train_solves_xor_and_records_each_epoch():
    X, labels = xor()
    network = xor_network()
    history = train(network, X, one_hot(labels), epochs=300, learning_rate=0.5, batch_size=4,
                    rng=np.random.default_rng(0))
    assert isinstance(history, History) and history.epochs == 300
    assert len(history.loss) == len(history.accuracy) == 301
    assert history.loss[0] == pytest.approx(softmax_cross_entropy(xor_network().predict(X), one_hot(labels)))
    assert history.loss[-1] < 0.05 * history.loss[0]
    assert history.accuracy[-1] == 1.0 and (predict_classes(network, X) == labels).all()
    assert history.val_loss is None and history.val_accuracy is None


def test_train_is_the_loop_written_out():
    X, labels = xor()
    Y = one_hot(labels)
    by_hand, rng = xor_network(), np.random.default_rng(1)
    losses = [softmax_cross_entropy(by_hand.predict(X), Y)]
    for _ in range(5):
        order = rng.permutation(4)
        for start in range(0, 4, 3):
            part = order[start:start + 3]
            by_hand.train_step(X[part], Y[part], 0.3)
        losses.append(softmax_cross_entropy(by_hand.predict(X), Y))
    network = xor_network()
    history = train(network, X, Y, 5, 0.3, batch_size=3, rng=np.random.default_rng(1))
    assert history.loss == pytest.approx(losses, rel=1e-12)
    for mine, theirs in zip(network.parameters(), by_hand.parameters()):
        assert (mine == theirs).all()


def test_train_in_two_calls_continues_the_history():
    X, labels = xor()
    one, two = xor_network(), xor_network()
    whole = train(one, X, one_hot(labels), 6, 0.3, 2, np.random.default_rng(3))
    rng = np.random.default_rng(3)
    parts = train(two, X, one_hot(labels), 2, 0.3, 2, rng)
    assert train(two, X, one_hot(labels), 4, 0.3, 2, rng, history=parts) is parts
    assert parts.loss == whole.loss and parts.accuracy == whole.accuracy and parts.epochs == 6


def test_train_measures_a_validation_set_and_mse_networks():
    X, labels = xor()
    history = train(xor_network(), X, one_hot(labels), 3, 0.1, rng=np.random.default_rng(0),
                    X_val=X[:2], y_val=one_hot(labels[:2], 2))
    assert len(history.val_loss) == len(history.val_accuracy) == 4
    regression = Network.random([2, 3, 1], ["tanh", "identity"], np.random.default_rng(0))
    history = train(regression, X, labels[:, None], 3, 0.1, rng=np.random.default_rng(0))
    assert history.accuracy is None and history.loss[-1] == pytest.approx(mse(regression.predict(X), labels[:, None]))


def test_train_prints_progress(capsys):
    X, labels = xor()
    train(xor_network(), X, one_hot(labels), 20, 0.1, rng=np.random.default_rng(0), progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[0].startswith("epoch  2/20  loss ") and "accuracy" in lines[0]
    train(xor_network(), X, one_hot(labels), 5, 0.1, rng=np.random.default_rng(0), progress=2)
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["2/5", "4/5", "5/5"]


def test_train_reports_divergence_and_keeps_the_history():
    X, labels = xor()
    network = xor_network()
    network.layers[0].weights[:] = 1e200  # the next forward pass overflows
    history = History([])
    with pytest.raises(FloatingPointError, match=r"train: epoch 1: training diverged: .* Lower the learning rate"):
        train(network, X * 1e200, one_hot(labels), 3, 0.1, rng=np.random.default_rng(0), history=history)
    assert history.epochs == 0


@pytest.mark.parametrize("kwargs, error, message", [
    ({"epochs": 0}, ValueError, "train expected epochs to be a positive integer, got 0"),
    ({"batch_size": 0}, ValueError, "train expected batch_size to be a positive integer, got 0"),
    ({"learning_rate": -1}, ValueError, "train expected learning_rate to be a positive number, got -1"),
    ({"y": np.ones((4, 3))}, ValueError, r"train expected y with 2 columns \(n_outputs\), got shape \(4, 3\)"),
    ({"X": np.ones((4, 3))}, ValueError, r"train expected X with 2 columns \(n_inputs\), got shape \(4, 3\)"),
    ({"X_val": np.ones((2, 2))}, ValueError, "train expected both X_val and y_val, or neither"),
    ({"progress": "yes"}, ValueError, "train expected progress to be True, False or a positive integer, got 'yes'"),
    ({"history": [1]}, TypeError, "train expected history to be a History or None, got list"),
    ({"network": "net"}, TypeError, "train expected a Network, got str"),
])
def test_train_errors(kwargs, error, message):
    X, labels = xor()
    arguments = {"network": xor_network(), "X": X, "y": one_hot(labels), "epochs": 2, "learning_rate": 0.1,
                 "rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(error, match=message):
        train(**arguments)


def test_train_refuses_a_history_of_another_kind():
    X, labels = xor()
    history = train(xor_network(), X, one_hot(labels), 1, 0.1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"train expected a history of loss, accuracy, val_loss, val_accuracy "
                                         r"\(as this call records\), got one of loss, accuracy. Pass history=None"):
        train(xor_network(), X, one_hot(labels), 1, 0.1, X_val=X, y_val=one_hot(labels), history=history)


# --- scoring ------------------------------------------------------------------------------------------

def test_one_hot():
    assert (one_hot([2, 0, 1]) == np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]])).all()
    assert one_hot(np.array([1.0, 0.0]), n_classes=4).shape == (2, 4)


@pytest.mark.parametrize("call, error, message", [
    (lambda: one_hot([0, 3], n_classes=3), ValueError, r"one_hot expected labels from 0 to 2 \(n_classes=3\), got 3"),
    (lambda: one_hot([0, -1]), ValueError, "one_hot expected labels to be classes 0, 1, 2, ..., got -1"),
    (lambda: one_hot([0.5]), TypeError, "one_hot expected labels to be integer class labels, got dtype float64"),
    (lambda: one_hot([[0, 1]]), ValueError,
     r"one_hot expected labels as a non-empty 1-D array \(n_samples,\), got shape \(1, 2\)"),
    (lambda: one_hot([0], n_classes=0), ValueError, "one_hot expected n_classes to be a positive integer, got 0"),
    (lambda: accuracy([0, 1], [0]), ValueError, r"accuracy expected labels_pred with 2 labels, got shape \(1,\)"),
    (lambda: confusion_matrix([0, 5], [0, 1], 3), ValueError, "confusion_matrix expected labels from 0 to 2"),
    (lambda: predict_classes([1], [[1]]), TypeError, "predict_classes expected a Network, got list"),
])
def test_scoring_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_accuracy_and_confusion_matrix_by_hand():
    true, predicted = [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]
    assert accuracy(true, predicted) == pytest.approx(4 / 6)
    assert (confusion_matrix(true, predicted) == np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])).all()
    assert confusion_matrix([0], [0], n_classes=3).shape == (3, 3)


def test_predict_proba_and_classes():
    network = xor_network()
    X = np.random.default_rng(0).normal(size=(5, 2))
    assert predict_proba(network, X) == pytest.approx(softmax(network.predict(X)))
    assert (predict_classes(network, X) == network.predict(X).argmax(axis=1)).all()
    one_output = Network.random([2, 1], "sigmoid", np.random.default_rng(0))
    assert predict_proba(one_output, X) == pytest.approx(one_output.predict(X))
    assert (predict_classes(one_output, X) == (one_output.predict(X)[:, 0] > 0.5)).all()
