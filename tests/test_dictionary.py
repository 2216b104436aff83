"""Chapter 5's dictionary from nnlib to scikit-learn and PyTorch: the losses it pairs, computed by each."""
import numpy as np
import pytest

import nnlib

torch = pytest.importorskip("torch")  # pinned in requirements-dev.txt: in `make test` and CI it is there


@pytest.mark.parametrize("n_outputs", [1, 3])
def test_nnlib_mse_is_half_of_pytorchs_mse_loss_for_one_output(n_outputs):
    # nnlib: 1/(2n) sum over samples and outputs; MSELoss: 1/(n K) sum over both. So nnlib = K/2 MSELoss.
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.normal(size=(9, n_outputs)), rng.normal(size=(9, n_outputs))
    theirs = torch.nn.MSELoss()(torch.from_numpy(y_pred), torch.from_numpy(y_true)).item()
    assert nnlib.mse(y_pred, y_true) == pytest.approx(n_outputs / 2 * theirs, rel=1e-12)


def test_nnlib_mse_is_scikit_learns_squared_error_for_one_output():
    base = pytest.importorskip("sklearn.neural_network._base")  # MLPRegressor's loss
    rng = np.random.default_rng(1)
    y_pred, y_true = rng.normal(size=(9, 1)), rng.normal(size=(9, 1))
    assert nnlib.mse(y_pred, y_true) == pytest.approx(base.squared_loss(y_true, y_pred), rel=1e-12)


def test_softmax_cross_entropy_is_pytorchs_cross_entropy_loss_on_integer_labels():
    rng = np.random.default_rng(2)
    logits, labels = rng.normal(size=(9, 4)), rng.integers(0, 4, size=9)
    theirs = torch.nn.CrossEntropyLoss()(torch.from_numpy(logits), torch.from_numpy(labels)).item()
    assert nnlib.softmax_cross_entropy(logits, nnlib.one_hot(labels, 4)) == pytest.approx(theirs, rel=1e-12)
