"""The activation table: values, derivatives, stability. Chapter 1."""

import warnings

import numpy as np
import pytest

import nnlib
from nnlib import ACTIVATIONS, get_activation

Z = np.linspace(-6, 6, 241)
Z = Z[np.abs(Z) > 1e-3]  # keep central differences away from ReLU's kink


def test_table_names_in_order():
    assert list(ACTIVATIONS) == ["relu", "sigmoid", "tanh", "identity"]
    assert ACTIVATIONS["relu"][0] is nnlib.relu
    assert ACTIVATIONS["sigmoid"][0] is nnlib.sigmoid
    assert ACTIVATIONS["tanh"][0] is nnlib.tanh
    assert ACTIVATIONS["identity"][0] is nnlib.identity


def test_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(nnlib.relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(nnlib.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)
    np.testing.assert_allclose(nnlib.tanh(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(nnlib.identity(z), z)
    assert nnlib.sigmoid(0.0) == 0.5


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    f, df = ACTIVATIONS[name]
    eps = 1e-6
    numeric = (f(Z + eps) - f(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(df(Z), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_from_kept_activation_is_the_same(name):
    f, df = ACTIVATIONS[name]
    np.testing.assert_array_equal(df(Z, f(Z)), df(Z))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_floats_in_numbers_out(name):
    f, df = ACTIVATIONS[name]
    assert np.ndim(f(0.5)) == 0 and np.ndim(df(0.5)) == 0
    assert isinstance(float(f(0.5)), float)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_derivative_is_float_array_of_same_shape(name):
    _, df = ACTIVATIONS[name]
    d = df(np.zeros((2, 3)))
    assert d.shape == (2, 3) and d.dtype == np.float64


def test_relu_derivative_at_zero_is_zero_as_in_the_seed():
    np.testing.assert_array_equal(nnlib.relu_derivative(np.array([-1.0, 0.0, 1.0])), [0.0, 0.0, 1.0])


def test_sigmoid_is_stable_for_large_inputs():
    z = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nnlib.sigmoid(z)
        d = nnlib.sigmoid_derivative(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(d))
    np.testing.assert_array_equal(s[[0, 1, -2, -1]], [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_allclose(s[2], np.exp(-40.0), rtol=1e-12)  # keeps relative precision
    assert s[3] == 0.5


def test_get_activation_returns_the_table_entry():
    for name, pair in ACTIVATIONS.items():
        assert get_activation(name) is pair


@pytest.mark.parametrize("bad", ["Relu", "softmax", "", None, 3, ["relu"]])
def test_get_activation_lists_valid_names(bad):
    with pytest.raises(ValueError, match=r"activation must be one of 'relu', 'sigmoid', 'tanh', 'identity'\. Got"):
        get_activation(bad)
