"""Checkers for chapter 6, "Build it yourself": a whole two-layer network in raw NumPy, step by step.

The reader writes ``init_params``, ``forward``, ``loss``, ``backward`` and ``train``. Each check runs
them on hidden random networks (a batch of 1 and scores of about +-1000 among them) and compares
with nnlib and with central differences; the training check trains on nnlib's spirals and asks for
the held-out accuracy ``capstone.PASS_ACCURACY``, calibrated in ``capstone.CALIBRATION``. The right
computations and the hidden networks live in ``nnlib.exercises.capstone``. ``capstone_ready`` tells
the cells after the exercises whether the functions they need pass their checks.
"""

import re
import time

import numpy as np

from .capstone import (CACHE_KEYS, KEYS, PASS_ACCURACY, TRAINING, accuracy, capstone_network,
                       hidden_networks, numeric_gradients, reference_forward, reference_gradients, training_run)
from .feedback import (Stop, attempt, call, changed, checker, correct, describe, judge, raised, read_array,
                       reader_frame, require_function, unanswered, where_raised, wrong)
from ..gradcheck import TOLERANCE, relative_error, rounding_floor
from ..losses import softmax, softmax_cross_entropy

_SHAPES = {"W1": "(n_in, n_hidden)", "b1": "(n_hidden,)", "W2": "(n_hidden, n_out)", "b2": "(n_out,)"}


# ---- reading the reader's functions ------------------------------------------------------------------------------

def _names(function):
    """Every global or attribute name `function`'s code (and the code nested in it) refers to."""
    names, stack = set(), [getattr(function, "__code__", None)]
    while stack:
        code = stack.pop()
        if code is not None:
            names.update(code.co_names)
            stack.extend(const for const in code.co_consts if hasattr(const, "co_names"))
    return names


def _raw_numpy_only(function, name):
    used = _names(function) & {"Network", "Dense", "train", "train_step"}
    if "nnlib" in _names(function) and used:
        raise Stop(wrong(f"`{name}` uses nnlib ({', '.join(sorted(used))}): in this chapter you build the network "
                         "yourself.", "use NumPy only inside the five functions; nnlib is what you compare with."))


def _dict_of_arrays(result, keys, what, shapes, name):
    """`result` as a dict of float arrays with `keys` (and `shapes`, unless None); stop with feedback otherwise."""
    if not isinstance(result, dict):
        raise Stop(wrong(f"`{name}` should give {what}, a dict with the keys {', '.join(keys)}; got "
                         f"{describe(result)}.", "build it as `{" + ", ".join(f'"{key}": ...' for key in keys) + "}`."))
    missing = [key for key in keys if key not in result]
    if missing:
        raise Stop(wrong(f"{what} has no {', '.join(repr(key) for key in missing)}.",
                         f"the keys are {', '.join(repr(key) for key in keys)}, spelled exactly so."))
    arrays = {key: read_array(result[key], f'{what}["{key}"], an array') for key in keys}
    for key in keys if shapes else ():
        if arrays[key].shape != shapes[key]:
            flip = arrays[key].ndim == 2 and arrays[key].shape[::-1] == shapes[key]
            raise Stop(wrong(f'{what}["{key}"] has shape {arrays[key].shape}, expected {shapes[key]}'
                             + (": it is transposed." if flip else "."),
                             f"{key} has shape {_SHAPES.get(key, 'like its parameter')}; rows are inputs, columns "
                             "are neurons, and a bias is flat."))
    return arrays


def _numpy_says(first, second):
    """numpy's messages for a product, or an elementwise operation, of arrays of these shapes that fails."""
    said = set()
    for operation in (np.matmul, np.dot, np.divide):
        try:
            operation(np.zeros(first), np.zeros(second))
        except ValueError as error:
            said.add(str(error))
    return said


def _shape_error(error, what, shapes, slips):
    """Feedback for a product (or sum) whose shapes do not match in the reader's function, or None.

    `shapes` are the arrays' shapes in this network, by name; `slips` are (what the reader wrote, the
    names it uses, the shape of its first operand, of its second, what is meant) for the slips that
    raise such an error. A slip is named when numpy's message is its message and the reader's line
    (when known) uses its names.
    """
    said = str(error)
    if not isinstance(error, ValueError) or not any(words in said for words in ("matmul", "not aligned",
                                                                               "broadcast")):
        return None
    frame, place = reader_frame(error), where_raised(error)
    at = f", at {place}" + (f": `{frame.line}`" if frame.line else "") if place else ""
    kind = "a product's shapes don't match" if "broadcast" not in said else "two arrays' shapes don't match"
    rule = "in A @ B each row of A meets each column of B: A has as many columns as B has rows."
    used = set(re.findall(r"\w+", frame.line)) if frame is not None and frame.line else None
    for wrote, names, first, second, meant in slips:
        if said in _numpy_says(first, second) and (used is None or used >= set(names)):
            if "broadcast" in said:
                return wrong(f"for {what}: {kind}{at}. {meant}",
                             "`keepdims=True` keeps the summed axis: the result is a column, one number per row.")
            return wrong(f"for {what}: {kind}{at}. {wrote} is {first} by {second}; {meant}", rule)
    listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
    return wrong(f"for {what}: {kind}{at} (numpy says: {said.strip()[:160]}).", f"the shapes here are {listed}; {rule}")


# ---- exercise 1: init_params ---------------------------------------------------------------------------------

@checker
def check_capstone_init(answer):
    """Check ``init_params(n_in, n_hidden, n_out, rng)``: He-initialised weights, zero biases, a dict.

    Parameters
    ----------
    answer : callable
        The reader's ``init_params``, called with large sizes (to measure the spread) and small ones.

    Returns
    -------
    Feedback
    """
    _raw_numpy_only(answer, "init_params")
    hint = "He initialisation: W ~ Normal(0, std sqrt(2 / n_inputs)), n_inputs being the layer's inputs; b = 0."

    def draw(sizes, seed):
        n_in, n_hidden, n_out = sizes
        shapes = {"W1": (n_in, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, n_out), "b2": (n_out,)}
        result, _ = call(answer, "init_params", (*sizes, np.random.default_rng(seed)), hint,
                         f"{n_in}, {n_hidden}, {n_out}, rng")
        params = _dict_of_arrays(result, KEYS, "the result", shapes, "init_params")
        for key in ("b1", "b2"):
            if np.any(params[key] != 0):
                raise Stop(wrong(f"{key} is not all zeros.", "biases start at 0: the random weights already make "
                                 "the neurons differ (chapter 5)."))
        return params

    draw((3, 5, 2), 0)
    params = draw((400, 300, 200), 0)  # enough weights to measure their spread to 1%
    for key, n_inputs in [("W1", 400), ("W2", 300)]:
        std, mean = params[key].std(), params[key].mean()
        right = np.sqrt(2 / n_inputs)
        named = [(np.sqrt(1 / n_inputs), "that is Xavier's spread, sqrt(1 / n_inputs); He doubles the variance "
                  "for ReLU layers"), (2 / n_inputs, "that is the variance, 2 / n_inputs; numpy's scale is the "
                  "standard deviation"), (1.0, "that is a standard normal, std 1: far too large"),
                 (0.01, "that is 0.01 * randn, the old rule of thumb, not He"),
                 (np.sqrt(2 / params[key].shape[1]), "it uses the layer's outputs, not its inputs")]
        if abs(std / right - 1) > 0.02 or abs(mean) > 0.05 * right:
            for value, text in named:
                if abs(std / value - 1) < 0.02:
                    raise Stop(wrong(f"{key}: the spread of its weights is off: {text}.", hint))
            raise Stop(wrong(f"{key}: the weights' standard deviation is {std:.3g} and their mean {mean:.2g}; He "
                             "asks for mean 0 and another spread.", hint))
    if not np.array_equal(draw((400, 300, 200), 0)["W1"], params["W1"]):
        return wrong("two calls with the same rng seed gave different weights.",
                     "draw from the `rng` you are given (`rng.normal(...)`), not from np.random.")
    if np.array_equal(draw((400, 300, 200), 1)["W1"], params["W1"]):
        return wrong("two different rngs gave the same weights.", "draw the weights from the `rng` you are given.")
    return correct(f"W1 and W2 have mean 0 and the spread sqrt(2 / n_inputs) (measured {params['W2'].std():.4f} for "
                   f"300 inputs, where He says {np.sqrt(2 / 300):.4f}); the biases are 0; and the same rng gives the "
                   "same weights.")


# ---- exercise 2: forward ---------------------------------------------------------------------------------------

def _unstable(Z2, raw, what):
    """Feedback on inf or NaN in P for huge scores, from which shift reproduces it."""
    fix = ("softmax(z) = softmax(z - c): with c each row's largest score, every exponent is 0 or less and "
           "np.exp cannot overflow.")
    for shift, text in [(0.0, "no max-shift: e^1000 overflows to inf, and inf / inf is NaN"),
                        (Z2.max(), "you subtracted the largest score of the whole batch, so a sample whose scores "
                         "are all far below it underflows to 0 / 0")]:
        with np.errstate(all="ignore"):
            e = np.exp(Z2 - shift)
            if np.allclose(raw, e / e.sum(axis=1, keepdims=True), equal_nan=True):
                return wrong(f"for {what} P holds inf or NaN: {text}.", fix)
    return wrong(f"for {what} P holds inf or NaN: an exponential overflowed, or a row summed to 0.", fix)


def _forward_shapes(X, params):
    """The arrays' shapes in a forward pass, and the slips whose shapes do not match."""
    (n, n_in), (n_hidden, n_out) = X.shape, params["W2"].shape
    shapes = {"X": (n, n_in), "W1": (n_in, n_hidden), "Z1 and H": (n, n_hidden), "W2": (n_hidden, n_out),
              "Z2 and P": (n, n_out)}
    slips = [("X @ W1.T", ("X", "W1"), (n, n_in), (n_hidden, n_in), f"the layer is Z1 = X W1, {(n, n_in)} by "
              f"{(n_in, n_hidden)}: W1 as it is, since its rows are the inputs."),
             ("W1 @ X", ("X", "W1"), (n_in, n_hidden), (n, n_in), f"the layer is Z1 = X W1, {(n, n_in)} by "
              f"{(n_in, n_hidden)}: the samples first, one row each."),
             ("H @ W2.T", ("H", "W2"), (n, n_hidden), (n_out, n_hidden), f"the scores are Z2 = H W2, "
              f"{(n, n_hidden)} by {(n_hidden, n_out)}: W2 as it is."),
             ("W2 @ H", ("H", "W2"), (n_hidden, n_out), (n, n_hidden), f"the scores are Z2 = H W2, "
              f"{(n, n_hidden)} by {(n_hidden, n_out)}: the samples first."),
             ("a sum or maximum over each row without keepdims", ("axis",), (n, n_out), (n,),
              f"Summed (or maximised) over each row without keepdims, the {n} rows give an array of shape {(n,)}, "
              f"which numpy lines up with the {n_out} columns of a {(n, n_out)} array, not with its {n} rows.")]
    return shapes, slips


@checker
def check_capstone_forward(answer):
    """Check ``forward(params, X)`` returning ``(P, cache)``: ReLU hidden layer, a stable softmax, the cache.

    Parameters
    ----------
    answer : callable
        The reader's ``forward``, on hidden random networks: square ones, a batch of 1 and scores of
        about +-1000 among them. ``cache`` must be a dict with ``CACHE_KEYS``.

    Returns
    -------
    Feedback
    """
    _raw_numpy_only(answer, "forward")
    hint = "Z1 = X W1 + b1, H = max(0, Z1), Z2 = H W2 + b2, P = softmax of each row of Z2 (chapters 2 and 4)."
    for params, X, _, what in hidden_networks():
        sizes, slips = _forward_shapes(X, params)
        result, (params_seen, X_seen) = call(answer, "forward", (params, X), hint, "params, X", f" for {what}",
                                             explain=lambda error: _shape_error(error, what, sizes, slips))
        if changed([X, *params.values()], [X_seen, *(params_seen.get(k) for k in params)]):
            return wrong("your function changed params or X in place.", "compute new arrays instead.")
        if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)) or len(result) != 2:
            return wrong(f"`forward` should return two things, (P, cache); got {describe(result)}.",
                         "end with `return P, cache`.")
        raw, cache = result
        Z2, right = reference_forward(params, X)
        P_right = softmax(capstone_network(params).predict(X))  # nnlib's forward
        try:
            raw = np.asarray(raw, dtype=float)
        except Exception:
            raw = None
        if raw is not None and raw.shape == Z2.shape and not np.isfinite(raw).all() and np.abs(Z2).max() > 500:
            return _unstable(Z2, raw, what)
        P = read_array(result[0], "P, an array (n_samples, n_classes)")
        mistakes = [(softmax(reference_forward(params, X, slip)[0]), text, hint) for slip, text in [
            ("no relu", "the hidden layer has no ReLU: H = max(0, Z1)."), ("no b1", "you forgot the bias b1."),
            ("no b2", "you forgot the bias b2.")]]
        mistakes += [(attempt(lambda: softmax(reference_forward(params, X, slip)[0])),
                      "a transposed product: in A W the rows of A (samples) meet the columns of W (neurons), so "
                      "W is used as it is, (n_inputs, n_neurons).", hint)
                     for slip in ("transposed W1", "transposed W2", "transposed")]
        mistakes += [(softmax(np.maximum(0, Z2)), "a ReLU on the scores too: the output layer has none.", hint),
                     (Z2, "that is the scores Z2: softmax turns them into probabilities.", hint),
                     (1 / (1 + np.exp(-Z2)), "that is the sigmoid of each score: softmax normalises each row.", hint)]
        e = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
        mistakes += [(e / e.sum(axis=0), "each column sums to 1: rows are samples, normalise each row.", hint),
                     (e / e.sum(), "all entries together sum to 1; each row (sample) must.", hint)]
        feedback = judge(P, P_right, mistakes, what="P", hint=hint, praise="", rtol=1e-6, atol=1e-12)
        if not feedback:
            return wrong(f"for {what}: {feedback.text}", feedback.hint)
        shapes = {key: value.shape for key, value in right.items()}
        cache = _dict_of_arrays(cache, CACHE_KEYS, "cache", shapes, "forward")
        for key, text in [("X", "the input X"), ("Z1", "the hidden sums X W1 + b1, before the ReLU"),
                          ("H", "the hidden outputs max(0, Z1)"), ("P", "the probabilities, the P you return")]:
            if not np.allclose(cache[key], right[key], rtol=1e-6, atol=1e-12):
                return wrong(f'for {what}: cache["{key}"] should be {text}.',
                             "backward reads these four arrays from the cache.")
    return correct("Right for every hidden network, a batch of 1 and scores of +-1000 included (no overflow), and "
                   "the cache holds what backward needs.")


# ---- exercise 3: loss --------------------------------------------------------------------------------------------

def _loss_cases():
    rng = np.random.default_rng(7)
    Z_huge = np.array([[1000.0, 999.0, -1000.0], [-1000.0, 1000.0, 1000.0], [0.0, -2000.0, 1.0]])
    return [(rng.normal(size=(5, 3)), rng.integers(0, 3, 5), "5 samples, 3 classes"),
            (rng.normal(size=(1, 4)), np.array([2]), "a batch of 1 sample"),
            (Z_huge, np.array([1, 2, 0]), "probabilities from scores of +-1000 (some exactly 0)")]


@checker
def check_capstone_loss(answer):
    """Check ``loss(P, Y)``: the mean cross-entropy of probabilities P against one-hot Y, one number.

    Parameters
    ----------
    answer : callable
        The reader's ``loss``, on probabilities from random scores, a batch of 1, and probabilities
        with exact zeros (from scores of +-1000) where the right class's is not 0.

    Returns
    -------
    Feedback
    """
    _raw_numpy_only(answer, "loss")
    hint = "L = -1/n sum_i log p_i,y_i: minus the log of each sample's right-class probability, averaged."
    for Z, labels, what in _loss_cases():
        n, K = Z.shape
        P, Y = softmax(Z), np.eye(K)[labels]
        result, (P_seen, Y_seen) = call(answer, "loss", (P, Y), hint, "P, Y", f" for {what}")
        if changed([P, Y], [P_seen, Y_seen]):
            return wrong("your function changed P or Y in place.", "compute new arrays instead.")
        try:
            raw = np.asarray(result, dtype=float)
        except Exception:
            raw = None
        if raw is not None and raw.size == 1 and np.isnan(raw).all() and np.any(P == 0):
            return wrong(f"for {what} your loss is NaN: a wrong class's probability is exactly 0, and 0 * log(0) "
                         "is 0 * -inf = NaN.", "take the log of the right class's probability only: "
                         "np.sum(P * Y, axis=1) picks it out of each row.")
        value = read_array(result, "the loss, one number")
        right = softmax_cross_entropy(Z, Y)  # nnlib's, from the scores
        per_sample = -np.log(P[np.arange(n), labels])
        if value.shape == (n,) and n > 1 and np.allclose(value, per_sample, rtol=1e-6):
            return wrong("that is each sample's loss; return one number, their mean.", hint)
        if value.size != 1:
            return wrong(f"expected one number, got shape {value.shape}.", hint)
        mistakes = [(n * right, "a sum where a mean is meant: divide by the number of samples n.", hint),
                    (right / K, "you averaged over every entry of the (n, K) array: np.mean(Y * log P) divides by n K; "
                     "sum over the classes and average over the samples.", hint),
                    (right / np.log(10), "that is log10: the cross-entropy uses the natural log, np.log.", hint)]
        with np.errstate(all="ignore"):
            binary = -np.mean(np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P), axis=1))
        if np.isfinite(binary):
            mistakes.append((binary, "that is the binary cross-entropy, which also counts the wrong classes; "
                             "softmax's loss looks at the right class only.", hint))
        feedback = judge(float(value.reshape(())), right, mistakes, what="the loss", hint=hint, praise="",
                         rtol=1e-6, atol=1e-12)
        if not feedback:
            return wrong(f"for {what}: {feedback.text}", feedback.hint)
    return correct("The mean cross-entropy, also when some probabilities are exactly 0.")


# ---- exercise 4: backward ----------------------------------------------------------------------------------------

_SLIPS = {
    "no 1/n": "the gradients are n times too large: the loss is a mean, so dL/dZ2 = (P - Y) / n; the 1/n is missing.",
    "bias mean": "a mean where a sum is meant: dZ already holds the 1/n, so add it up over the samples.",
    "1/n twice": "divided by n twice: dZ2 = (P - Y) / n already holds the mean's 1/n, so dW and db only add up.",
    "no relu": "relu' is missing: the gradient passes back only through hidden neurons that were on, "
               "dZ1 = dH * (Z1 > 0).",
    "relu at 0": "relu'(0) is taken as 1: where a hidden neuron's score is exactly 0 (here, the first sample's), "
                 "the neuron is off, and nnlib, as in chapter 3, takes its slope there as 0.",
    "transposed": "a transposed product: the gradient reaching the hidden layer is dH = dZ2 W2^T (W2 transposed).",
    "bias summed over all": "every neuron got the same bias gradient, np.sum(dZ) over samples and neurons together "
                            "(for the output layer that is 0: each row of P - Y adds up to 0).",
}
_SLIP_HINTS = {"bias summed over all": "sum over the samples only: dZ.sum(axis=0), one number per neuron.",
               "relu at 0": "dZ1 = dH * (Z1 > 0), with >, not >=.",
               "bias mean": "add dZ up over the samples (axis=0) instead of averaging it."}


def _backward_shapes(X, params):
    """The arrays' shapes in a backward pass, and the transposed products whose shapes do not match."""
    (n, n_in), (n_hidden, n_out) = X.shape, params["W2"].shape
    shapes = {"X": (n, n_in), "W1": (n_in, n_hidden), "Z1, H, dH and dZ1": (n, n_hidden), "W2": (n_hidden, n_out),
              "P, Y and dZ2": (n, n_out)}
    slips = [("dZ2 @ W2", ("dZ2", "W2"), (n, n_out), (n_hidden, n_out), f"the gradient reaching the hidden layer "
              f"is dH = dZ2 W2^T, {(n, n_out)} by {(n_out, n_hidden)}: W2 transposed, `params[\"W2\"].T`."),
             ("H @ dZ2", ("H", "dZ2"), (n, n_hidden), (n, n_out), f"dW2 = H^T dZ2, {(n_hidden, n)} by "
              f"{(n, n_out)}: H transposed, `H.T`, so that the samples meet and are summed over."),
             ("X @ dZ1", ("X", "dZ1"), (n, n_in), (n, n_hidden), f"dW1 = X^T dZ1, {(n_in, n)} by {(n, n_hidden)}: "
              "X transposed, `X.T`, so that the samples meet and are summed over.")]
    return shapes, slips


@checker
def check_capstone_backward(answer):
    """Check ``backward(params, cache, Y)``: the gradients of the mean loss, a dict like ``params``.

    Parameters
    ----------
    answer : callable
        The reader's ``backward``, given caches of the right ``forward`` (dicts with ``CACHE_KEYS``)
        on the hidden networks; compared with ``Network.backward`` and with central differences.

    Returns
    -------
    Feedback
    """
    _raw_numpy_only(answer, "backward")
    hint = ("dZ2 = (P - Y) / n; dW2 = H^T dZ2, db2 = dZ2 summed over the samples; dH = dZ2 W2^T, dZ1 = dH * "
            "relu'(Z1); dW1 = X^T dZ1, db1 = dZ1 summed over the samples (chapters 3 and 4).")
    first = None
    for number, (params, X, Y, what) in enumerate(hidden_networks()):
        cache, (sizes, slips) = reference_forward(params, X)[1], _backward_shapes(X, params)
        result, (params_seen, cache_seen, Y_seen) = call(
            answer, "backward", (params, cache, Y),
            lambda error: (f"backward gets the cache of the right forward: a dict with the keys "
                           f"{', '.join(CACHE_KEYS)}." if isinstance(error, KeyError) else hint),
            "params, cache, Y", f" for {what}", explain=lambda error: _shape_error(error, what, sizes, slips))
        if changed([*params.values(), *cache.values(), Y],
                   [*(params_seen.get(k) for k in params), *(cache_seen.get(k) for k in cache), Y_seen]):
            return wrong("your function changed params, cache or Y in place.", "compute new arrays instead.")
        network = capstone_network(params)
        network.forward(X)
        network.backward(Y)
        right = dict(zip(KEYS, network.gradients()))  # nnlib's
        grads = _dict_of_arrays(result, KEYS, "the gradients", None, "backward")  # judge names wrong shapes
        slips = {slip: attempt(lambda: reference_gradients(params, cache, Y, slip)) for slip in _SLIPS}
        dZ2 = (cache["P"] - Y) / len(X)
        dZ = {"b2": dZ2, "b1": (dZ2 @ params["W2"].T) * (cache["Z1"] > 0)}
        for key in ("W2", "b2", "W1", "b1"):
            mistakes = [(right[key].T, f"d{key} is transposed: a gradient has the shape of its parameter.", hint)]
            mistakes += [(grads_of[key], _SLIPS[slip], _SLIP_HINTS.get(slip, hint))
                         for slip, grads_of in slips.items() if grads_of is not None]
            if key in dZ:
                mistakes += [(dZ[key].sum(axis=1), "a bias summed over the wrong axis: axis=1 adds up the "
                              "neurons, one number per sample.", _SLIP_HINTS["bias summed over all"]),
                             (np.full(dZ[key].shape[1], dZ[key].sum()), _SLIPS["bias summed over all"],
                              _SLIP_HINTS["bias summed over all"])]
            feedback = judge(grads[key], right[key], mistakes, what=f"d{key}", hint=hint, praise="",
                             rtol=1e-6, atol=1e-10)
            if not feedback:
                text = f"for {what}, d{key}: {feedback.text}"
                if number == 0 and grads[key].shape == right[key].shape:
                    numeric, _ = numeric_gradients(params, X, Y)
                    error = relative_error(grads[key], numeric[key]).max()
                    text += f" (Its error against central differences is {error:.2g}; right ones stay below 1e-3.)"
                return wrong(text, feedback.hint)
        first = first or (params, X, Y, grads)
    params, X, Y, grads = first
    numeric, loss_here = numeric_gradients(params, X, Y)
    error = max(relative_error(grads[key], numeric[key], rounding_floor(loss_here, 1e-6)).max() for key in KEYS)
    return correct(f"Your gradients agree with nnlib's on every hidden network (a batch of 1 and scores of +-1000 "
                   f"included) and with central differences (largest error {error:.1g}, below {TOLERANCE:g}).")


# ---- exercise 5: train -------------------------------------------------------------------------------------------

_CHECKS = {}  # filled below: name -> (exercise number, checker)
_PASSED = {}  # (train, the functions it calls) -> the Feedback of its training check


def _diverged(result):
    """Whether `result` is a dict holding a parameter of numbers that are not all finite."""
    for value in result.values() if isinstance(result, dict) else ():
        try:
            array = np.asarray(value)
            if array.dtype.kind in "iuf" and not np.isfinite(array).all():
                return True
        except Exception:
            continue  # not an array of numbers: _dict_of_arrays says what it is
    return False


def _dependencies(train):
    """(name, function) for the reader's functions that `train` calls; stop with feedback if one is not ready."""
    found = []
    space = getattr(train, "__globals__", {})
    for name in ("init_params", "forward", "loss", "backward"):
        if name not in _names(train):
            continue
        number, check = _CHECKS[name]
        if name not in space:
            raise Stop(unanswered(f"`train` calls `{name}`, which is not defined: run exercise {number}'s cell."))
        if space[name] is None:
            raise Stop(unanswered(f"`train` calls `{name}`, which is still None: write it in exercise {number}."))
        verdict = check(space[name])
        if not verdict:
            status = unanswered if verdict.status == "unanswered" else wrong
            raise Stop(status(f"`train` calls your `{name}` (exercise {number}), which does not pass its check "
                              f"yet: {verdict.text}", *([verdict.hint] if status is wrong else [])))
        found.append((name, space[name]))
    return tuple(found)


@checker
def check_capstone_training(answer):
    """Check ``train(X, labels, n_hidden, learning_rate, epochs, batch_size, rng)`` on the spirals.

    First the reader's functions that ``train`` calls must pass their own checks; then ``train`` runs
    with the ``TRAINING`` settings on 200 spiral points, and the network it returns must classify at
    least ``PASS_ACCURACY`` of 400 new points right, having shuffled with ``rng`` every epoch. The
    feedback says how long training took.

    Parameters
    ----------
    answer : callable

    Returns
    -------
    Feedback
    """
    require_function(answer, "train")
    _raw_numpy_only(answer, "train")
    key = (answer, _dependencies(answer))
    if key in _PASSED:
        return _PASSED[key]
    X, labels, X_test, labels_test, rng = training_run(0)
    hint = ("each epoch: order = rng.permutation(n); for each batch of batch_size samples in that order: forward, "
            "backward, then W <- W - learning_rate * dW for all four arrays.")
    settings = ", ".join(f"{k}={v}" for k, v in TRAINING.items())
    start = time.perf_counter()
    try:
        result = answer(X.copy(), labels.copy(), **TRAINING, rng=rng)
    except Exception as error:
        raise Stop(wrong(f"`train(X, labels, {settings}, rng)` on the spirals raised {raised(error)}",
                         hint)) from None
    seconds = time.perf_counter() - start
    if result is None:
        raise Stop(unanswered("`train` returns None: return the trained params (or add the missing `return`)."))
    n_hidden = TRAINING["n_hidden"]
    shapes = {"W1": (2, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, 2), "b2": (2,)}
    if _diverged(result):
        return wrong(f"the trained params hold NaN or infinity: training diverged (it took {seconds:.1f} s).",
                     "is the step W - learning_rate * dW, with a minus? " + hint)
    params = _dict_of_arrays(result, KEYS, "the trained params", shapes, "train")
    if rng.shuffles < TRAINING["epochs"]:
        times = {0: "never", 1: "once"}.get(rng.shuffles, f"{rng.shuffles} times")
        return wrong(f"`train` shuffled the samples {times} with the rng it was given, in {TRAINING['epochs']} "
                     f"epochs (training took {seconds:.1f} s).",
                     "shuffle at the start of every epoch with `rng.permutation(n)`: batches of one order, always "
                     "the same, pull the network back and forth (and np.random would make runs unrepeatable).")
    right = accuracy(params, X_test, labels_test)
    if right < PASS_ACCURACY:
        if right < 0.6:
            hint = ("the network learned nearly nothing: is the step W - learning_rate * dW (minus), and does it "
                    "change the params that train returns? " + hint)
        return wrong(f"held-out accuracy {right:.1%} on 400 new spiral points, below the {PASS_ACCURACY:.0%} a "
                     f"right train reaches on every seed we tried (training took {seconds:.1f} s).", hint)
    _PASSED[key] = feedback = correct(
        f"{right:.1%} of 400 new spiral points right (the check asks {PASS_ACCURACY:.0%}), after "
        f"{TRAINING['epochs']} epochs that took {seconds:.1f} s.")
    return feedback


_CHECKS.update({"init_params": (1, check_capstone_init), "forward": (2, check_capstone_forward),
                "loss": (3, check_capstone_loss), "backward": (4, check_capstone_backward),
                "train": (5, check_capstone_training)})


def _gives_gradients(backward):
    """Whether `backward` returns a dict of gradients shaped like the parameters (right or not)."""
    params, X, Y, _ = hidden_networks()[0]
    try:
        with np.errstate(all="ignore"):
            grads = backward(params, reference_forward(params, X)[1], Y)
        return isinstance(grads, dict) and all(np.shape(grads[key]) == params[key].shape for key in KEYS)
    except Exception:
        return False


def capstone_ready(*, answered=(), **functions):
    """Whether each of the reader's functions passes its exercise's check; if not, print what is missing.

    For the cells after the exercises: ``if capstone_ready(forward=forward, backward=backward): ...``.

    Parameters
    ----------
    answered : sequence of str, default=()
        Only "backward" so far: it need not pass its check, only return gradients of the right shapes
        (for the cell that gradient-checks it, which shows where a wrong one differs).
    **functions
        Keyword arguments named after the exercises: init_params, forward, loss, backward, train.

    Returns
    -------
    bool

    See chapter 6, "Build it yourself".
    """
    unknown = [name for name in functions if name not in _CHECKS]
    if unknown:
        raise TypeError(f"capstone_ready expected functions named {', '.join(_CHECKS)}, got {', '.join(unknown)}.")
    if set(answered) - {"backward"}:
        raise ValueError(f"capstone_ready expected answered to hold only 'backward', got {list(answered)}.")
    missing = []
    for name, function in functions.items():
        number, check = _CHECKS[name]
        verdict = check(function)
        if verdict or (name in answered and verdict.status == "wrong" and _gives_gradients(function)):
            if not verdict:
                print(f"(Your {name} does not pass its check yet: here is where it differs.)")
            continue
        state = "not answered yet" if verdict.status == "unanswered" else "does not pass its check yet"
        missing.append(f"  {name} (exercise {number}): {state}")
    if missing:
        print("This cell needs your functions from the exercises above:", *missing,
              "Answer them (each check says Correct!), then run this cell again.", sep="\n")
    return not missing


__all__ = ["check_capstone_init", "check_capstone_forward", "check_capstone_loss", "check_capstone_backward",
           "check_capstone_training", "capstone_ready", "capstone_network"]
