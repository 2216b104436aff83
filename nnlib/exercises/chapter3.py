"""Checkers for chapter 3, "Backpropagation": dL/dp, one weight's gradient by hand, dL/db, a layer's backward."""

import numpy as np

from .feedback import (Stop, attempt, call, changed, checker, correct, describe, judge, read_array, read_number,
                              unanswered, wrong)

# Exercise 1: predictions and targets of 4 samples, L = nnlib.mse(P, Y) = 1/(2n) sum (p - y)^2.
LOSS_P = np.array([[2.5], [0.5], [-1.0], [3.0]])
LOSS_Y = np.array([[3.0], [0.0], [1.0], [0.5]])


@checker
def check_loss_gradient(answer):
    """Check dL/dP for chapter 3's exercise 1: L = mse(P, Y) on 4 samples, an array of shape (4, 1).

    Parameters
    ----------
    answer : array-like of shape (4, 1)
        dL/dP for ``LOSS_P`` and ``LOSS_Y``.

    Returns
    -------
    Feedback
    """
    dP = read_array(answer, "dL/dP, an array of shape (4, 1)")
    P, Y, n = LOSS_P, LOSS_Y, len(LOSS_P)
    hint = "L = 1/(2n) sum_s (p_s - y_s)^2: differentiate with respect to one p_s; every other term is constant."
    loss = float(np.sum((P - Y) ** 2)) / (2 * n)
    if dP.size == 1 and np.isclose(dP.ravel()[0], loss, rtol=5e-3):
        raise Stop(wrong("that is the loss L itself, one number; its gradient has one entry per prediction.", hint))
    mistakes = [
        ((Y - P) / n, "the sign is flipped: that is (y - p) / n.",
         "the loss grows when p moves away from y above it, so dL/dp is positive where p > y."),
        (P - Y, f"you forgot the 1/n: nnlib.mse averages over the {n} samples.", hint),
        (Y - P, "the sign is flipped and the 1/n is missing.", hint),
        (2 * (P - Y) / n, "off by a factor of 2: the 1/2 in the loss cancels the 2 from differentiating the square.",
         hint),
        (2 * (P - Y), "the 1/2 of the loss cancels the 2 from the square, and the 1/n is still there.", hint),
    ]
    return judge(dP, (P - Y) / n, mistakes, what="dL/dP", hint=hint,
                 praise="dL/dp_s = (p_s - y_s) / n: positive where the prediction is too high, so gradient "
                        "descent pushes it down.")


# Exercise 2: x -> h = relu(w1 x + b1) -> p = w2 h + b2, L = 1/(2n) sum_s (p_s - y_s)^2, two samples. The
# hidden neuron is off for the second one (z1 = -3): a forgotten relu'(z1) counts its path too.
CHAIN = {"x": np.array([1.5, -1.0]), "y": np.array([0.3, 0.5]), "w1": 2.0, "b1": -1.0, "w2": -0.75, "b2": 1.0}


@checker
def check_weight_gradient(answer):
    """Check dL/dw1 for chapter 3's exercise 2: the two-neuron chain on two samples, by hand (a number).

    Parameters
    ----------
    answer : float
        dL/dw1 for the numbers in ``CHAIN``.

    Returns
    -------
    Feedback
    """
    x, y, w1, b1, w2, b2 = CHAIN.values()
    z1 = w1 * x + b1
    h = np.maximum(z1, 0.0)
    p = w2 * h + b2
    dp = (p - y) / len(x)  # dL/dp_s, the 1/n included
    on = (z1 > 0).astype(float)  # relu'(z1): 1 for the first sample, 0 for the second
    terms = dp * w2 * on * x  # each sample's path from w1 to the loss
    given = read_array(answer, "dL/dw1, a number")
    if given.size == 2 and np.allclose(given.ravel(), terms):
        return wrong("those are the two samples' terms: dL/dw1 is their sum.",
                     "w1 is the same weight for both samples, so its gradient adds up their paths.")
    g = read_number(answer, "dL/dw1, a number")
    hint = ("chain rule along w1 -> z1 -> h -> p -> L for each sample: multiply dL/dp_s, dp/dh, "
            "dh/dz1 and dz1/dw1, then add up the samples.")
    relu_hint = "relu'(z1) is 1 where z1 > 0 and 0 where z1 <= 0: work out z1 for each sample first."
    mistakes = [
        (np.sum(dp * w2 * x), "you counted the second sample's path, but its hidden neuron is off "
         "(z1 < 0 there): relu'(z1) = 0, so w1 does not reach its loss.", relu_hint),
        (np.sum(terms) * len(x), "you forgot the 1/n: this chapter's loss averages over the n = 2 samples.", hint),
        (np.sum(dp * w2 * x) * len(x), "relu'(z1) of the second sample and the 1/n are both missing.", relu_hint),
        (np.sum(dp * w2 * on), "that is dL/db1: a weight's gradient is also multiplied by the input it "
         "multiplies, x.", hint),
        (np.sum(dp * on * x), "you left out w2: the path from w1 to the loss goes through the output weight.", hint),
        (np.sum(dp * w2 * on * h), "you multiplied by h, the hidden neuron's output; w1 multiplies the input x.",
         hint),
        (np.sum(dp * h), "that is dL/dw2, the output weight's gradient.", hint),
        (np.sum(dp), "that is dL/db2 (dL/dp summed over the samples).", hint),
        (0.0, "relu'(z1) is 1 for the first sample: its neuron is on, so w1 does reach its loss.", relu_hint),
        (np.sum((p - y) ** 2) / (2 * len(x)), "that is the loss itself.", hint),
    ]
    return judge(g, np.sum(terms), mistakes, what="dL/dw1", hint=hint,
                 praise="Only the first sample's path counts: the second sample switches the hidden neuron off, "
                        "relu'(z1) = 0, so w1 cannot change its prediction.")


# Exercise 3: dL/dZ of a layer of 3 neurons for a batch of 4 samples.
BIAS_DZ = np.array([[0.5, -1.0, 0.25], [1.5, 0.5, -0.75], [-0.5, 2.0, 1.0], [0.75, -0.25, 0.5]])


def _bias_mistakes(dZ, hint):
    return [
        (np.sum(dZ), "the seed notebook's slip: np.sum without an axis adds up every neuron too, one number for the whole "
         "layer.",
         "each neuron gets its own bias gradient: add up over the samples only."),
        (np.full(dZ.shape[1], np.sum(dZ)), "the seed notebook's slip: every neuron got the same gradient, the sum over all "
         "neurons.", "each neuron gets its own bias gradient: add up over the samples only."),
        (dZ.sum(axis=1), "you added up over the neurons (axis=1), one number per sample.",
         "the bias gradient has one entry per neuron: add up over the samples, axis=0."),
        (dZ.mean(axis=0), "that is the mean over the samples: dZ already includes the loss's 1/n, so add them up.",
         hint),
        (dZ, "that is dZ itself, one row per sample: add it up over the samples.", hint),
        (dZ.sum(axis=0, keepdims=True), f"the numbers are right but the shape is (1, {dZ.shape[1]}): a bias is flat, "
         f"({dZ.shape[1]},).", "drop keepdims, or take row 0."),
        (dZ[0], "that is the first sample's row only: every sample contributes.", hint),
    ]


@checker
def check_bias_gradient(answer):
    """Check dL/db for chapter 3's exercise 3: the layer's dZ (4 samples, 3 neurons) -> shape (3,).

    Parameters
    ----------
    answer : array-like of shape (3,)
        dL/db for ``BIAS_DZ``.

    Returns
    -------
    Feedback
    """
    db = read_array(answer, "dL/db, an array of shape (3,)")
    hint = ("z_sj = sum_i a_si W_ij + b_j: b_j appears in every sample's z_sj, so its gradient collects dZ_sj "
            "from all samples s.")
    return judge(db, BIAS_DZ.sum(axis=0), _bias_mistakes(BIAS_DZ, hint), what="dL/db", hint=hint, rtol=1e-6,
                 praise="One number per neuron, summed over the samples: dZ.sum(axis=0).")


def _and(names):
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _backward_cases():
    rng = np.random.default_rng(3)
    shapes = [(5, 3, 2, "5 samples, 3 inputs, 2 neurons"), (3, 3, 3, "3 samples, 3 inputs, 3 neurons (all square)"),
              (1, 4, 2, "1 sample, 4 inputs, 2 neurons")]
    return [(rng.normal(size=(n, m)), rng.normal(size=(m, k)), rng.normal(size=(n, k)), what)
            for n, m, k, what in shapes]


@checker
def check_dense_backward(answer):
    """Check a function ``dense_backward(A_prev, W, dZ)`` returning ``(dW, db, dA_prev)`` for one layer.

    Parameters
    ----------
    answer : callable
        The reader's ``dense_backward``, called on several shapes, square ones included.

    Returns
    -------
    Feedback
    """
    hint = "every gradient has the shape of what it is the gradient of: dW like W, db like b, dA_prev like A_prev."
    for A, W, dZ, what in _backward_cases():
        result, seen = call(answer, "dense_backward", (A, W, dZ), hint, "A_prev, W, dZ", f" for {what}")
        if changed([A, W, dZ], list(seen)):
            return wrong("your function changed A_prev, W or dZ in place.", "compute new arrays for the gradients.")
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return wrong(f"expected three arrays (dW, db, dA_prev), got {describe(result)}"
                         + (f" of length {len(result)}." if isinstance(result, (tuple, list)) else "."),
                         "end with `return dW, db, dA_prev`.")
        expected = [A.T @ dZ, dZ.sum(axis=0), dZ @ W.T]
        checks = [
            ("dW", [(dZ.T @ A, "dW is transposed: it must have W's shape, (n_inputs, n_neurons).", hint),
                    (attempt(lambda: A @ dZ), "dW multiplies A_prev without transposing it.",
                     "dW_ij = sum_s a_si dZ_sj."),
                    (A.T @ dZ / len(A), "dW is divided by the number of samples: dZ already includes the loss's 1/n.",
                     hint)]),
            ("db", _bias_mistakes(dZ, hint)),
            ("dA_prev", [(attempt(lambda: dZ @ W), "dA_prev multiplies by W, not by its transpose.",
                          "dA_prev_si = sum_j dZ_sj W_ij.")]),
        ]
        todo = [name for (name, _), got in zip(checks, result) if got is None]
        for (name, mistakes), got, want in zip(checks, result, expected):
            if got is None:
                continue
            feedback = judge(read_array(got, f"{name}, an array"), want, mistakes, what=name, hint=hint, praise="",
                             rtol=1e-6, atol=1e-9)
            if not feedback:
                return wrong(f"for {what}, {name}: {feedback.text}", feedback.hint)
        if todo:
            done = [name for name, _ in checks if name not in todo]
            so_far = f" ({_and(done)} {'is' if len(done) == 1 else 'are'} right so far)" if done else ""
            return unanswered(f"`dense_backward` returns None for {_and(todo)}{so_far}: replace each None with its "
                              "computation.")
    return correct("dW = A_prev^T dZ, db = dZ summed over the samples, dA_prev = dZ W^T, right for any shapes, "
                   "square ones included (where a wrong transpose would go unnoticed by NumPy).")


__all__ = ["check_loss_gradient", "check_weight_gradient", "check_bias_gradient", "check_dense_backward"]
