"""Chapter 4's data sets: XOR, moons and spirals from NumPy, and scikit-learn's digits (shipped with nnlib)."""
import numpy as np
import pytest

from nnlib.data import digits, load, moons, spirals, xor


def test_xor_is_the_truth_table():
    X, labels = xor()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert labels.tolist() == [0, 1, 1, 0] == (X[:, 0] != X[:, 1]).astype(int).tolist()


@pytest.mark.parametrize("make", [moons, spirals])
def test_two_class_sets_are_seeded_and_balanced(make):
    X, labels = make(101, 0.1, np.random.default_rng(0))
    assert X.shape == (101, 2) and labels.shape == (101,)
    assert np.bincount(labels).tolist() == [50, 51]
    again, _ = make(101, 0.1, np.random.default_rng(0))
    other, _ = make(101, 0.1, np.random.default_rng(1))
    assert (X == again).all() and not (X == other).all()
    assert np.abs(X).max() < 2


def test_spirals_without_noise_lie_on_their_spirals():
    X, labels = spirals(40, 0.0, np.random.default_rng(0), turns=1.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius[labels == 0] == pytest.approx(np.linspace(0.05, 1, 20))
    # class 1 is class 0 turned half a turn: the same points with opposite signs
    assert X[labels == 1] == pytest.approx(-X[labels == 0])


def test_moons_without_noise_are_two_half_circles():
    X, labels = moons(40, 0.0, np.random.default_rng(0))
    upper, lower = X[labels == 0] + [0.5, 0.25], X[labels == 1] + [0.5, 0.25]
    assert np.hypot(*upper.T) == pytest.approx(np.ones(20))
    assert np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5) == pytest.approx(np.ones(20))


@pytest.mark.parametrize("make", [moons, spirals])
@pytest.mark.parametrize("kwargs, error, message", [
    ({"n_samples": 1}, ValueError, "expected n_samples of at least 2 .one per class., got 1"),
    ({"n_samples": 0}, ValueError, "expected n_samples to be a positive integer, got 0"),
    ({"noise": -0.1}, ValueError, "expected noise to be a number >= 0, got -0.1"),
    ({"rng": 3}, TypeError, "expected rng to be a numpy.random.Generator"),
])
def test_two_class_set_errors(make, kwargs, error, message):
    with pytest.raises(error, match=f"{make.__name__} {message}"):
        make(**{"n_samples": 10, "noise": 0.1, "rng": np.random.default_rng(0), **kwargs})


def test_spirals_turns_must_be_positive():
    with pytest.raises(ValueError, match="spirals expected turns to be a positive number, got 0"):
        spirals(10, 0.1, np.random.default_rng(0), turns=0)


def test_digits_split_is_seeded_stratified_and_scaled():
    X_train, X_test, labels_train, labels_test = digits(0.25, np.random.default_rng(0))
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert labels_train.shape == (1347,) and labels_test.shape == (450,)
    assert X_train.min() == 0 and X_train.max() == 1
    assert np.abs(np.bincount(labels_test) - 45).max() <= 1  # a quarter of ~180 per digit
    again = digits(0.25, np.random.default_rng(0))
    assert (again[1] == X_test).all() and (again[3] == labels_test).all()
    other = digits(0.25, np.random.default_rng(1))
    assert not (other[3] == labels_test).all()
    rows = {row.tobytes() for row in X_train}  # no image is in both parts
    assert not any(row.tobytes() in rows for row in X_test)


@pytest.mark.parametrize("test_size", [0, 1, 1.5, "half", True])
def test_digits_test_size_errors(test_size):
    with pytest.raises(ValueError, match="digits expected test_size to be a fraction strictly between 0 and 1"):
        digits(test_size, np.random.default_rng(0))


def test_load_gives_the_explorers_data_sets():
    X, labels, X_test, labels_test = load("spirals")
    same, _ = spirals(200, 0.05, np.random.default_rng(0))
    assert (X == same).all() and X_test is None and labels_test is None
    assert load("xor")[0].shape == (4, 2) and load("moons")[0].shape == (200, 2)
    with pytest.raises(ValueError, match="The dataset must be one of 'xor', 'moons', 'spirals', 'digits'. Got 'mnist'"):
        load("mnist")


def test_shipped_digits_are_scikit_learns():
    """nnlib reads the digits from its own copy of scikit-learn's file (the in-browser Python has no
    scikit-learn): the same images and labels, in the same order, as sklearn.datasets.load_digits."""
    from sklearn.datasets import load_digits

    from nnlib.data import _all_digits

    X, labels = _all_digits()
    reference = load_digits()
    assert X.shape == (1797, 64) and labels.dtype.kind == "i"
    assert (X == reference.data / 16.0).all() and (labels == reference.target).all()
