"""Private validation helpers, called once per public entry point (never on the hot path).

Every message says where the check ran, what was expected and what was given, e.g.
"Dense.forward expected X with 3 columns (n_inputs), got shape (4, 2)."
"""

import math
import numbers

import numpy as np

_FLOAT64 = np.dtype(np.float64)  # comparing with a dtype is faster than with the type np.float64


def _describe(value, array):
    """Name what a non-numeric value is, for TypeError messages."""
    kinds = {"U": "strings", "S": "bytes", "c": "complex numbers", "M": "dates", "m": "time deltas"}
    if array.dtype.kind in kinds:
        return f"{kinds[array.dtype.kind]} (dtype {array.dtype})"
    if array.ndim == 0:
        return type(value).__name__
    return "a sequence holding non-numbers (dtype object)"


def as_floats(value, name, where):
    """Return `value` as a float64 array (the same object if it already is one)."""
    if type(value) is np.ndarray and value.dtype == _FLOAT64:
        return value
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(
            f"{where} expected {name} to be a rectangular array of numbers, "
            "got a ragged nested sequence (rows of different lengths)."
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{where} expected {name} to be numeric, got {_describe(value, array)}.")
    return array.astype(np.float64, copy=False)


def check_finite(array, name, where):
    """Raise ValueError if `array` holds NaN or infinity."""
    if not np.isfinite(array).all():
        n_bad = array.size - np.count_nonzero(np.isfinite(array))
        raise ValueError(f"{where} expected {name} without NaN or infinity, got {n_bad} such value(s).")


def check_matrix(value, n_columns, where, name="X", columns="n_inputs", n_rows=None, finite=True):
    """Validate a 2-D float array of shape (n_samples, n_columns), finite unless told; never reshape it."""
    array = as_floats(value, name, where)
    if array.ndim != 2:
        hint = ""
        if array.ndim == 1:
            hint = (
                f" Reshape your data with {name}.reshape(1, -1) if it is a single sample, "
                f"or {name}.reshape(-1, 1) if it has a single feature."
            )
        raise ValueError(
            f"{where} expected a 2-D {name} of shape (n_samples, {n_columns}), "
            f"got a {array.ndim}-D array of shape {array.shape}.{hint}"
        )
    if array.shape[1] != n_columns:
        raise ValueError(f"{where} expected {name} with {n_columns} columns ({columns}), got shape {array.shape}.")
    if array.shape[0] == 0:
        raise ValueError(f"{where} expected {name} with at least one row (sample), got shape {array.shape}.")
    if n_rows is not None and array.shape[0] != n_rows:
        raise ValueError(
            f"{where} expected {name} with {n_rows} rows (one per sample), got shape {array.shape}."
        )
    if finite:
        check_finite(array, name, where)
    return array


def check_positive_number(value, name, where):
    """Return `value` as a float after checking it is a finite number > 0."""
    if type(value) is float and 0.0 < value < math.inf:  # the usual case, quickly
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where} expected {name} to be a positive number, got {type(value).__name__}.")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{where} expected {name} to be a positive number, got {value!r}.")
    return float(value)


def check_positive_int(value, name, where):
    """Return `value` after checking it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where} expected {name} to be a positive integer, got {type(value).__name__}.")
    if value < 1:
        raise ValueError(f"{where} expected {name} to be a positive integer, got {value!r}.")
    return int(value)


def check_rng(rng, where):
    """Return a numpy Generator: `rng` itself, or a fresh one for None."""
    if rng is None:
        return np.random.default_rng()
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where} expected rng to be a numpy.random.Generator such as np.random.default_rng(0), "
            f"or None, got {type(rng).__name__}."
        )
    return rng


def check_layers(layers, layer_type):
    """Check that `layers` is a non-empty list of `layer_type` whose sizes chain."""
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"Network expected a list of Dense layers, got {type(layers).__name__}.")
    if not layers:
        raise ValueError("Network expected at least one layer, got an empty list.")
    for k, layer in enumerate(layers, start=1):
        if not isinstance(layer, layer_type):
            raise TypeError(f"Network expected a list of Dense layers, got {type(layer).__name__} as layer {k}.")
    for k, (before, after) in enumerate(zip(layers, layers[1:]), start=1):
        if after.n_inputs != before.n_neurons:
            raise ValueError(
                f"Network layers do not chain: layer {k + 1} expects {after.n_inputs} inputs "
                f"(n_inputs) but layer {k} has {before.n_neurons} neurons (n_neurons)."
            )


def check_sizes(sizes, activations, where):
    """Check layer sizes [n_inputs, ..., n_outputs] and one activation per layer (a str: all alike)."""
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"{where} expected sizes as a list of at least 2 integers, got {sizes!r}.")
    sizes = [check_positive_int(size, "every size", where) for size in sizes]
    if isinstance(activations, str):
        activations = [activations] * (len(sizes) - 1)
    if not isinstance(activations, (list, tuple)) or len(activations) != len(sizes) - 1:
        raise ValueError(
            f"{where} expected {len(sizes) - 1} activations (one per layer for sizes {sizes}), got {activations!r}."
        )
    return sizes, activations


def check_choice(name, table, what):
    """Look `name` up in `table`, listing the valid names if it is not there."""
    try:
        return table[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(key) for key in table)
        raise ValueError(f"The {what} must be one of {valid}. Got {name!r} instead.") from None
