"""Small data sets for chapter 4: XOR, two moons and two spirals made with NumPy, and the digits.

Every function returns inputs X, one sample per row, and integer class labels (``one_hot`` turns
them into targets). Whatever is random takes a ``numpy.random.Generator``.
"""

import functools
import math
import numbers
from pathlib import Path

import numpy as np

from ._checks import check_choice, check_positive_int, check_rng

DATASETS = ("xor", "moons", "spirals", "digits")
"""The data sets by name, for ``load`` and the training explorer."""


def _check_noise(noise, where):
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real) or not (math.isfinite(noise) and noise >= 0):
        raise ValueError(f"{where} expected noise to be a number >= 0, got {noise!r}.")
    return float(noise)


def _two_classes(n_samples, where):
    n_samples = check_positive_int(n_samples, "n_samples", where)
    if n_samples < 2:
        raise ValueError(f"{where} expected n_samples of at least 2 (one per class), got {n_samples}.")
    return n_samples // 2, n_samples - n_samples // 2


def xor():
    """The four points of XOR: class 1 where exactly one input is 1.

    Returns
    -------
    X : ndarray of shape (4, 2)
        [0, 0], [0, 1], [1, 0], [1, 1].
    labels : ndarray of int, shape (4,)
        [0, 1, 1, 0].

    See chapter 4, "XOR: a problem one neuron cannot solve".
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array([0, 1, 1, 0])


def moons(n_samples=200, noise=0.1, rng=None):
    """Two interleaving half circles, one per class (like scikit-learn's ``make_moons``), centred on 0.

    Parameters
    ----------
    n_samples : int >= 2
        Half of them (rounded down) in class 0.
    noise : float >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : numpy.random.Generator, optional

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Roughly within [-1.5, 1.5] x [-1, 1].
    labels : ndarray of int, shape (n_samples,)

    See chapter 4, "Two spirals: watching a boundary form".
    """
    n_0, n_1 = _two_classes(n_samples, "moons")
    noise, rng = _check_noise(noise, "moons"), check_rng(rng, "moons")
    upper, lower = np.linspace(0, np.pi, n_0), np.linspace(0, np.pi, n_1)
    X = np.concatenate([np.column_stack([np.cos(upper), np.sin(upper)]),
                        np.column_stack([1 - np.cos(lower), 0.5 - np.sin(lower)])]) - [0.5, 0.25]
    return X + noise * rng.normal(size=X.shape), np.repeat([0, 1], [n_0, n_1])


def spirals(n_samples=200, noise=0.1, rng=None, turns=1.5):
    """Two spirals wound into each other, one per class (as in TensorFlow Playground).

    Point i of a spiral lies at radius r = t and angle 2 pi turns t (+ pi for class 1), for t
    evenly spaced from 0.05 to 1.

    Parameters
    ----------
    n_samples : int >= 2
        Half of them (rounded down) in class 0.
    noise : float >= 0
        Standard deviation of the Gaussian noise added to each coordinate.
    rng : numpy.random.Generator, optional
    turns : float > 0, default=1.5
        How many times each spiral winds around the centre.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Within about [-1, 1] x [-1, 1].
    labels : ndarray of int, shape (n_samples,)

    See chapter 4, "Two spirals: watching a boundary form".
    """
    n_0, n_1 = _two_classes(n_samples, "spirals")
    noise, rng = _check_noise(noise, "spirals"), check_rng(rng, "spirals")
    if isinstance(turns, bool) or not isinstance(turns, numbers.Real) or not (math.isfinite(turns) and turns > 0):
        raise ValueError(f"spirals expected turns to be a positive number, got {turns!r}.")
    t = np.concatenate([np.linspace(0.05, 1, n_0), np.linspace(0.05, 1, n_1)])
    labels = np.repeat([0, 1], [n_0, n_1])
    angle = 2 * np.pi * turns * t + np.pi * labels
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return X + noise * rng.normal(size=X.shape), labels


def digits(test_size=0.25, rng=None):
    """scikit-learn's 8x8 handwritten digits (1797 of them, shipped with nnlib: no download), split in two.

    Each class is split in the same proportion, so both parts have about as many of every digit.

    Parameters
    ----------
    test_size : float, 0 < test_size < 1
        Fraction of the samples held out for testing.
    rng : numpy.random.Generator, optional
        Draws which samples are held out.

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
        Pixel intensities scaled from 0..16 to [0, 1], row by row (``X.reshape(-1, 8, 8)`` gives images).
    X_test : ndarray of shape (n_test, 64)
    labels_train : ndarray of int, shape (n_train,)
        The digit, 0 to 9.
    labels_test : ndarray of int, shape (n_test,)

    See chapter 4, "Real data: handwritten digits".
    """
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real) or not 0 < test_size < 1:
        raise ValueError(f"digits expected test_size to be a fraction strictly between 0 and 1, got {test_size!r}.")
    rng = check_rng(rng, "digits")
    X, labels = _all_digits()
    test = np.zeros(len(labels), dtype=bool)
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        test[members[:round(test_size * len(members))]] = True
    return X[~test], X[test], labels[~test], labels[test]


@functools.cache
def _all_digits():
    """All 1797 digits, read once per process from the copy shipped with nnlib, read-only.

    ``digits.csv.gz`` is scikit-learn's bundled file (the test set of the UCI "Optical Recognition of
    Handwritten Digits" data, CC BY 4.0), byte for byte: one row per image, 64 pixels then the label.
    nnlib reads it itself so that the digits load the same way where scikit-learn is not installed,
    such as the course's in-browser Python (Pyodide), which would otherwise fetch SciPy and
    scikit-learn (about 25 MB) for a 57 kB file.
    """
    data = np.loadtxt(Path(__file__).with_name("digits.csv.gz"), delimiter=",")
    X, labels = data[:, :-1] / 16.0, data[:, -1].astype(int)
    X.flags.writeable = labels.flags.writeable = False  # shared by every call: digits() hands out copies
    return X, labels


def load(name):
    """A data set by name, always the same: the training explorer's data.

    Moons and spirals have 200 samples (noise 0.15 and 0.05), the digits a quarter held out; all drawn
    with ``np.random.default_rng(0)``.

    Parameters
    ----------
    name : {"xor", "moons", "spirals", "digits"}

    Returns
    -------
    X : ndarray of shape (n_samples, n_inputs)
    labels : ndarray of int, shape (n_samples,)
    X_test, labels_test : ndarray or None
        The held-out digits; None for the 2-D data sets.

    See chapter 4, "Live explorer".
    """
    check_choice(name, dict.fromkeys(DATASETS), "dataset")
    rng = np.random.default_rng(0)
    if name == "digits":
        X, X_test, labels, labels_test = digits(0.25, rng)
        return X, labels, X_test, labels_test
    X, labels = xor() if name == "xor" else moons(200, 0.15, rng) if name == "moons" else spirals(200, 0.05, rng)
    return X, labels, None, None
