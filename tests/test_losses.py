"""Losses: the seed's L = 1/2 (a - p)^2, averaged over samples. Chapter 3."""

import numpy as np
import pytest

import nnlib
from nnlib import LOSSES, get_loss, mse, mse_gradient


def test_table():
    assert LOSSES["mse"] == (mse, mse_gradient)
    assert get_loss("mse") is LOSSES["mse"]


def test_seed_single_sample_loss():
    # In[16]: prediction 7.188368, target 1: L = 1/2 (1 - 7.188368)^2, dL/dp = p - a
    assert mse([[7.188368]], [[1.0]]) == pytest.approx(0.5 * 6.188368**2, rel=1e-12)
    np.testing.assert_allclose(mse_gradient([[7.188368]], [[1.0]]), [[6.188368]], rtol=1e-12)


def test_mse_sums_outputs_and_averages_samples():
    y_pred = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    y_true = np.array([[0.0, 0.0], [3.0, 2.0], [1.0, 0.0]])
    assert mse(y_pred, y_true) == pytest.approx((1 + 4 + 0 + 4 + 1 + 0) / (2 * 3), rel=1e-15)
    assert type(mse(y_pred, y_true)) is float
    np.testing.assert_allclose(mse_gradient(y_pred, y_true), (y_pred - y_true) / 3, rtol=1e-15)


def test_gradient_matches_central_differences():
    rng = np.random.default_rng(0)
    y_pred, y_true = rng.normal(size=(5, 2)), rng.normal(size=(5, 2))
    eps, numeric = 1e-6, np.empty_like(y_pred)
    for i in np.ndindex(y_pred.shape):
        step = np.zeros_like(y_pred)
        step[i] = eps
        numeric[i] = (mse(y_pred + step, y_true) - mse(y_pred - step, y_true)) / (2 * eps)
    np.testing.assert_allclose(mse_gradient(y_pred, y_true), numeric, rtol=1e-7, atol=1e-10)


def test_one_d_means_one_output_per_sample():
    assert mse([1.0, 3.0], [0.0, 0.0]) == pytest.approx(10 / 4)


def test_errors():
    with pytest.raises(ValueError, match=r"mse expected y_pred and y_true of the same shape, got \(3, 1\) and \(3,\)"):
        mse(np.zeros((3, 1)), np.zeros(3))
    with pytest.raises(ValueError, match=r"mse_gradient expected y_pred and y_true of the same shape"):
        mse_gradient(np.zeros((3, 1)), np.zeros((2, 1)))
    with pytest.raises(TypeError, match="mse expected y_true to be numeric, got NoneType"):
        mse([1.0], None)
    with pytest.raises(ValueError, match=r"loss must be one of 'mse'.*Got 'cross_entropy' instead"):
        get_loss("cross_entropy")
    with pytest.raises(ValueError, match="loss must be one of 'mse'"):
        nnlib.Network.random([2, 1], "identity", loss="mae")


def test_a_loss_added_to_the_table_alone_trains_like_the_built_in_one(monkeypatch):
    # A new loss needs only its LOSSES entry; a network trains with its two functions, one after the other.
    monkeypatch.setitem(LOSSES, "my_mse", (mse, mse_gradient))
    X, y = np.random.default_rng(1).normal(size=(6, 3)), np.random.default_rng(2).normal(size=(6, 2))
    mine = nnlib.Network.random([3, 4, 2], ["tanh", "identity"], np.random.default_rng(0), loss="my_mse")
    built_in = nnlib.Network.random([3, 4, 2], ["tanh", "identity"], np.random.default_rng(0), loss="mse")
    for _ in range(3):
        assert mine.train_step(X, y, 0.1) == built_in.train_step(X, y, 0.1)
    for a, b in zip(mine.parameters(), built_in.parameters()):
        np.testing.assert_array_equal(a, b)
