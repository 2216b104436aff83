"""Checkers for chapter 2, "Forward propagation": shapes through a network, a switched-off neuron, forward()."""

import numbers

import numpy as np

from .feedback import (Stop, call, changed, checker, correct, describe, judge, read_array, read_number,
                              unanswered, wrong)
from ..activations import identity, relu, sigmoid, tanh
from ..seed import SEED_FORWARD_INPUTS, seed_forward_network

# Exercise 1: 6 inputs -> 4 -> 3 -> 2 outputs, a batch of 10 samples.
SHAPES = {"X": (10, 6), "W1": (6, 4), "b1": (4,), "A1": (10, 4), "W2": (4, 3), "b2": (3,), "A2": (10, 3),
          "W3": (3, 2), "b3": (2,), "y_hat": (10, 2)}
_SHAPE_HINTS = {"X": "X was filled in for you: 10 samples of 6 inputs, (10, 6).",
                "W": "A weight matrix is (n_inputs, n_neurons) of its layer: one column per neuron.",
                "b": "A bias is flat, (n_neurons,): one number per neuron, added to every row.",
                "A": "An activation has one row per sample and one column per neuron of its layer.",
                "y": "An activation has one row per sample and one column per neuron of its layer."}


def _read_shape(value):
    """A shape as a tuple of ints, or a string saying why `value` is not one."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return f"{value} is a number, not a shape: write ({value},), with the comma ((4) is just 4 in Python)."
    if isinstance(value, np.ndarray):
        return "that is an array: give its shape, a tuple such as (10, 6)."
    if not isinstance(value, (tuple, list)) or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in value):
        return f"expected a shape, a tuple such as (10, 6), got {describe(value)}."
    return tuple(int(n) for n in value)


def _shape_mistake(name, got, expected):
    kind = name[0]
    others = [other for other, shape in SHAPES.items() if shape == got and other[0] == kind and other != name]
    if kind == "W" and got == expected[::-1]:
        return "that is one ROW per neuron, the seed notebook's single-layer form; here W is (n_inputs, n_neurons)."
    if kind == "W" and SHAPES["X"][0] in got:
        return "weights do not depend on the number of samples."
    if kind == "b" and got == (1, expected[0]):
        return (f"a row bias {got} would work in NumPy: it broadcasts over the samples exactly like "
                f"({expected[0]},) and gives the same result; but this course keeps a bias flat, ({expected[0]},), "
                "one number per neuron, as nnlib's Dense does.")
    if kind == "b" and got == (expected[0], 1):
        return (f"a column bias {got} does not line up with the columns of X @ W (one per neuron): NumPy would "
                f"need a transpose to add it; here biases are flat, ({expected[0]},).")
    if kind == "b" and got == (SHAPES["X"][0], expected[0]):
        return "one bias per neuron, shared by every sample, not one per sample."
    if kind in "Ay" and got == expected[::-1]:
        return "transposed: rows are samples."
    if kind in "Ay" and got in {(expected[1],), (1, expected[1])}:
        return f"that is for one sample; the batch has {SHAPES['X'][0]}, one row each."
    if others:
        return f"that is the shape of {others[0]}: one layer off?"
    return f"not {name}'s shape."


@checker
def check_shapes(answer):
    """Check the shapes of chapter 2's exercise 1: a 6 -> 4 -> 3 -> 2 network on a batch of 10 samples.

    Parameters
    ----------
    answer : dict
        Name ("W1", "b1", "A1", ..., "y_hat") -> shape, a tuple.

    Returns
    -------
    Feedback
    """
    if not isinstance(answer, dict):
        if answer is None:
            raise Stop(unanswered("fill in the dict of shapes."))
        raise Stop(wrong(f"expected the dict of the exercise cell, name -> shape, got {describe(answer)}."))
    missing = [name for name in SHAPES if name not in answer]
    if missing:
        return wrong(f"the dict has no entry for {', '.join(missing)}.",
                     "start again from the dict in the exercise cell.")
    todo, problems, hints = [], [], []
    for name, expected in SHAPES.items():
        if answer[name] is None:
            todo.append(name)
            continue
        got = _read_shape(answer[name])
        if isinstance(got, str):
            problems.append(f"{name}: {got}")
            hints.append("A shape is a tuple of whole numbers, such as (10, 6), or (4,) for one dimension.")
        elif got != expected:
            problems.append(f"{name} = {got}: {_shape_mistake(name, got, expected)}")
            hints.append(_SHAPE_HINTS[name[0]])
    hint = " ".join(dict.fromkeys(hints)) or None
    if problems:
        still = f"\n(Still None: {', '.join(todo)}.)" if todo else ""
        return wrong("\n".join(problems) + still, hint)
    if len(todo) == len(SHAPES) - 1:
        return unanswered("replace each None with a shape, a tuple such as (10, 6).")
    if todo:
        return unanswered(f"{len(SHAPES) - len(todo)} of {len(SHAPES)} shapes filled in, all right so far; "
                          f"still None: {', '.join(todo)}.")
    chain = " -> ".join(f"{name} {SHAPES[name]}" for name in ("X", "A1", "A2", "y_hat"))
    return correct(f"{chain}: the number of samples rides along, the weights set the columns.")


# Exercise 2: the seed notebook's network; the second neuron of layer 2 has weights (0.8, 0.232, w), bias 2.
_A1 = np.array([9.12, 10.384, 11.045])


@checker
def check_switch_off_weight(answer):
    """Check the value of w (W2[2, 1], 0.9 in the seed notebook) below which layer 2's second neuron switches off.

    Parameters
    ----------
    answer : float
        The w where z = 0.8 a_1 + 0.232 a_2 + w a_3 + 2 is exactly 0, with A1 = (9.12, 10.384, 11.045).

    Returns
    -------
    Feedback
    """
    w = read_number(answer, "the value of w, a number")
    rest = 0.8 * _A1[0] + 0.232 * _A1[1]
    expected = -(rest + 2) / _A1[2]
    hint = "write z = 0.8 a_1 + 0.232 a_2 + w a_3 + 2 with layer 1's outputs, set z = 0 and solve for w."
    mistakes = [
        (-(0.3 * _A1[0] + 0.2 * _A1[1] + 1) / _A1[2], "that is the first neuron of layer 2 (the chapter's); "
         "this exercise is about the second.", "the second neuron's weights are column 1 of W2: 0.8, 0.232, w."),
        (-rest / _A1[2], "it looks like you forgot the bias.", hint),
        (-(rest + 1) / _A1[2], "you used the first neuron's bias, 1; the second neuron's is 2.", hint),
        (expected - 0.9, "you kept the old term 0.9 a_3 in the sum: w replaces 0.9, it is not added to it.", hint),
        (-(0.8 * 1 + 0.232 * 2 + 2) / 3, "layer 2 reads layer 1's outputs A1, not the network's inputs x.", hint),
        (rest + 2 + 0.9 * _A1[2], "that is the neuron's z (and output) with w = 0.9, the seed notebook's weight.", hint),
    ]
    return judge(w, expected, mistakes, what="the switch-off weight", hint=hint,
                 praise=f"Below w = {expected:.4f}, z < 0 and the neuron outputs 0: the network's output no "
                        "longer depends on w at all.")


def _reference(X, layers, skip_f=False, skip_b=False, relu_all=False, n_layers=None):
    A = X
    for W, b, f in layers[:n_layers]:
        Z = A @ W + (0 if skip_b else b)
        A = Z if skip_f else (relu if relu_all else f)(Z)
    return A


def _forward_cases():
    """(X, layers, what) to call forward with: the seed notebook's network, a random mixed one, a single layer."""
    seed = [(layer.weights.copy(), layer.bias.copy(), relu) for layer in seed_forward_network().layers]
    rng = np.random.default_rng(2)
    sizes, functions = [4, 5, 3, 2], [tanh, relu, identity]
    mixed = [(rng.normal(size=(m, n)), rng.normal(size=n), f) for m, n, f in zip(sizes, sizes[1:], functions)]
    single = [(rng.normal(size=(3, 2)), rng.normal(size=2), sigmoid)]
    return [(np.array([SEED_FORWARD_INPUTS], dtype=float), seed, "the seed notebook's network and input"),
            (rng.normal(size=(6, 4)), mixed, "a 4 -> 5 -> 3 -> 2 network (tanh, relu, identity) on 6 samples"),
            (rng.normal(size=(2, 3)), single, "a single sigmoid layer on 2 samples")]


@checker
def check_forward(answer):
    """Check a function ``forward(X, layers)`` that propagates X through a list of (W, b, f) layers.

    Parameters
    ----------
    answer : callable
        The reader's ``forward``; it must return the last layer's output, (n_samples, n_outputs).

    Returns
    -------
    Feedback
    """
    hint = ("each layer computes A = f(A_prev W + b) with its own W, b and f, and its output is the next "
            "layer's input; forward returns the last layer's output.")
    for X, layers, what in _forward_cases():
        result, (X_seen, layers_seen) = call(answer, "forward", (X, layers),
                                             "the input of each layer is the previous layer's output A, not X; "
                                             "the shapes then chain.", "X, layers", f" on {what}")
        if changed(X, X_seen) or changed([p for W, b, f in layers for p in (W, b)],
                                         [p for W, b, f in layers_seen for p in (W, b)]):
            return wrong("your function changed X, or a layer's W or b, in place.",
                         "compute new arrays (A = ...) instead of updating the inputs with `+=` or `[...] =`.")
        expected = _reference(X, layers)
        if isinstance(result, (list, tuple)) and len(result) == len(layers) and all(
                np.shape(a) == np.shape(e) for a, e in zip(result, [_reference(X, layers, n_layers=k + 1)
                                                                    for k in range(len(layers))])):
            return wrong("you returned every layer's output; forward returns only the last one.", hint)
        got = read_array(result, "an array, the last layer's output")
        mistakes = [
            (_reference(X, layers, n_layers=1), "that is the first layer's output only: did the `return` end up "
             "inside the loop?", hint),
            (_reference(X, layers, skip_f=True), "you never applied the activation functions f.", hint),
            (_reference(X, layers, skip_b=True), "it looks like you forgot the biases.", hint),
            (_reference(X, layers, relu_all=True), "you used ReLU in every layer; use each layer's own f.", hint),
        ]
        feedback = judge(got, expected, mistakes, what="the output", hint=hint, praise="", rtol=1e-6, atol=1e-9)
        if not feedback:
            return wrong(f"on {what}: {feedback.text}", feedback.hint)
    return correct(f"On the seed notebook's network your forward gives {float(_reference(*_forward_cases()[0][:2])[0, 0]):.5f}, "
                   "and it works for any number of layers, activations and samples.")


__all__ = ["check_shapes", "check_switch_off_weight", "check_forward"]
