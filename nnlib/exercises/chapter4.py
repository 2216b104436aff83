"""Checkers for chapter 4, "Training": a learning rate that diverges, one-hot labels, softmax, accuracy."""

import numpy as np

from .feedback import Stop, attempt, call, changed, checker, correct, judge, read_array, read_number, wrong
from ..losses import mse
from ..network import Network

#: The run of exercise "a learning rate that diverges": XOR as regression (targets 0 and 1), a
#: 2 -> 4 tanh -> 1 identity network from ``Network.random`` with ``np.random.default_rng(0)``, and
#: ``DIVERGENCE_STEPS`` full-batch ``train_step``s.
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
DIVERGENCE_STEPS = 100


def xor_losses(learning_rate, n_steps=DIVERGENCE_STEPS):
    """The loss before each of `n_steps` steps of gradient descent on XOR, and after the last: never raises.

    Always from the same starting weights (``np.random.default_rng(0)``). If the numbers overflow (the
    loss or a gradient passes about 1.8e308, the largest float), training cannot go on: that step's
    loss and every later one are ``inf``. The list always has ``n_steps + 1`` entries.

    Parameters
    ----------
    learning_rate : float > 0
    n_steps : int, default=100

    Returns
    -------
    list of float

    See chapter 4, "Training", exercise 1.
    """
    network = Network.random([2, 4, 1], ["tanh", "identity"], rng=np.random.default_rng(0))
    losses = []
    for _ in range(n_steps):
        try:
            losses.append(network.train_step(XOR_X, XOR_Y, learning_rate))
        except FloatingPointError:
            return losses + [np.inf] * (n_steps + 1 - len(losses))
    with np.errstate(over="ignore", invalid="ignore"):
        last = mse(network.predict(XOR_X), XOR_Y)
    return losses + [last if np.isfinite(last) else np.inf]


@checker
def check_diverging_learning_rate(answer):
    """Check a learning rate that makes the XOR run of ``xor_losses`` diverge, by running it.

    Diverging means the loss overflows, or ends more than 100 times higher than it started.

    Parameters
    ----------
    answer : float
        A learning rate.

    Returns
    -------
    Feedback
    """
    rate = read_number(answer, "a learning rate, a positive number")
    if rate <= 0:
        raise Stop(wrong(f"a learning rate is positive; with {rate:g}, each step would move the weights "
                         "uphill or not at all.", "look for a large positive learning rate."))
    losses = xor_losses(rate)
    start, end = losses[0], losses[-1]
    if not np.isfinite(end):
        n_steps = next(k for k, loss in enumerate(losses) if not np.isfinite(loss))
        peak = max(losses[:n_steps])
        grew = (f"the loss grew from {start:.3g} to {peak:.3g}, and after {n_steps} steps the numbers overflowed"
                if n_steps > 1 else "the very first step made the numbers overflow")
        return correct(f"With learning_rate={rate:g} {grew} (past about 1.8e308, the largest float): training "
                       "diverged.")
    if end > 100 * start:
        return correct(f"With learning_rate={rate:g} the loss grew from {start:.3g} to {end:.3g} in "
                       f"{DIVERGENCE_STEPS} steps instead of shrinking: steps this long overshoot the minimum.")
    peak = max(losses)
    rule = "Diverging here means ending more than 100 times higher than at the start, or overflowing."
    if np.isclose(end, start, rtol=1e-9, atol=0):
        return wrong(f"with learning_rate={rate:g} the loss did not move in {DIVERGENCE_STEPS} steps ({start:.3g}): "
                     f"steps this short change nothing. {rule}", "try learning rates around 1 and above.")
    if end < start:
        close = f", although it rose to {peak:.3g} on the way: you are close to the edge" if peak > 2 * start else ""
        return wrong(f"with learning_rate={rate:g}, after {DIVERGENCE_STEPS} steps the loss is lower than at the "
                     f"start, {end:.3g} against {start:.3g}{close}. {rule}",
                     "a larger learning rate takes longer steps; try doubling it until the loss grows.")
    return wrong(f"with learning_rate={rate:g}, after {DIVERGENCE_STEPS} steps the loss is {end / start:.3g} times what "
                 f"it was at the start ({start:.3g} to {end:.3g}): higher, but not more than 100 times. {rule}",
                 "a somewhat larger learning rate may tip it over.")


def _one_hot_cases():
    return [(np.array([2, 0, 1, 2]), 3), (np.array([3, 3, 0]), 5), (np.array([1, 0, 1, 1, 0]), 2)]


@checker
def check_one_hot(answer):
    """Check a function ``one_hot(labels, n_classes)`` returning (n_samples, n_classes) one-hot rows.

    Parameters
    ----------
    answer : callable
        The reader's ``one_hot``, called on several label arrays.

    Returns
    -------
    Feedback
    """
    hint = "row i is all zeros except a 1 in column labels[i]; there are n_classes columns."
    for labels, n_classes in _one_hot_cases():
        what = f"labels = {labels.tolist()}, n_classes = {n_classes}"
        result, (seen, _) = call(answer, "one_hot", (labels, n_classes), hint, "labels, n_classes", f" for {what}")
        if changed(labels, seen):
            return wrong("your function changed labels in place.", "build a new array for the result.")
        if isinstance(result, np.ndarray) and result.dtype == bool:
            result = result.astype(float)
        got = read_array(result, "an array of shape (n_samples, n_classes)")
        eye = np.eye(n_classes)
        mistakes = [
            (eye[labels - 1], "the columns are shifted by one: classes count from 0, so class k goes in column k.",
             hint),
            (eye[n_classes - 1 - labels], "the columns are in reverse order: class k goes in column k.", hint),
            (np.eye(labels.max() + 1)[labels], "you ignored n_classes: a class that no sample has still needs "
             "its column.", hint),
            (labels.reshape(-1, 1), "that is the labels as a column, not one-hot rows.", hint),
            (labels, "that is the labels themselves.", hint),
        ]
        feedback = judge(got, eye[labels], mistakes, what="the one-hot array", hint=hint, praise="", rtol=0, atol=1e-12)
        if not feedback:
            if feedback.text.startswith("the sign") or "factor of 2" in feedback.text:
                feedback = wrong("each row must hold a single 1 and zeros.", hint)
            return wrong(f"for {what}: {feedback.text}", feedback.hint)
    return correct("One row per sample, one column per class, a single 1 in each row.")


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _softmax_cases():
    rng = np.random.default_rng(4)
    return [(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), "Z = [[1, 2, 3], [1, 1, 1]]"),
            (rng.normal(size=(3, 3)), "a square Z, 3 samples and 3 classes"),
            (np.array([[0.5, -1.0, 2.0, 0.0]]), "a single sample of 4 scores"),
            (np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),
             "Z = [[1000, 1001, 1002], [-1000, -1000, -999]]"),
            (np.array([[1000.0, 0.0], [0.0, -2000.0]]), "Z = [[1000, 0], [0, -2000]]")]


def _shifted(Z, shift):
    e = np.exp(Z - shift)
    return e / e.sum(axis=1, keepdims=True)


def _overflow_feedback(Z, raw, what):
    """What went wrong when a softmax gives inf or NaN on huge scores, judged by which shift reproduces it."""
    why = "np.exp overflows to inf above about 709, and inf / inf is NaN"
    fix = ("softmax(z) = softmax(z - c) for any c; with c = the row's largest score every exponent is 0 or less, "
           "so e^(z - c) is at most 1 and cannot overflow.")
    shifts = [
        (0.0, f"for {what} you get inf or NaN: e^1000 overflows ({why}).", fix),
        (Z.min(axis=1, keepdims=True), f"for {what} you get inf or NaN: you subtracted each row's smallest score, "
         f"which leaves the others positive, and e^(1000 - 0) still overflows ({why}).",
         "subtract each row's largest score instead: " + fix),
        (Z.mean(axis=1, keepdims=True), f"for {what} you get inf or NaN: you subtracted each row's mean, which "
         f"leaves the scores above it positive, and e^(0 - (-1000)) still overflows ({why}).",
         "subtract each row's largest score instead: " + fix),
        (Z.max(), f"for {what} a row is not finite: you subtracted the largest score of the whole batch, so a row "
         "of much smaller scores underflows to 0 / 0.", "subtract each row's own maximum."),
    ]
    for shift, text, hint in shifts:
        if np.allclose(raw, _shifted(Z, shift), equal_nan=True):
            return wrong(text, hint)
    return wrong(f"for {what} you get inf or NaN: an exponential overflowed or a sum was 0 ({why}).", fix)


@checker
def check_softmax(answer):
    """Check a function ``softmax(Z)``: each row of Z (n_samples, n_classes) to probabilities summing to 1.

    Parameters
    ----------
    answer : callable
        The reader's ``softmax``, called on small, square, single-row and huge scores. An unstable one
        (no shift, or a shift by the row's minimum or mean, or by the batch's maximum) is told why it
        overflows.

    Returns
    -------
    Feedback
    """
    hint = "softmax(z)_k = e^(z_k) / sum_j e^(z_j), for each row (sample) separately."
    for Z, what in _softmax_cases():
        result, (seen,) = call(answer, "softmax", (Z,), lambda error: (
            "to divide each row by its own sum, keep the summed axis: `keepdims=True`." if "broadcast" in str(error)
            else hint), "Z", f" for {what}")
        if changed(Z, seen):
            return wrong("your function changed Z in place.", "compute new arrays instead of `Z -= ...`.")
        try:
            raw = np.asarray(result, dtype=float)
        except Exception:
            raw = None
        if raw is not None and raw.shape == Z.shape and not np.isfinite(raw).all() and np.abs(Z).max() > 100:
            return _overflow_feedback(Z, raw, what)
        got = read_array(result, "an array of probabilities, the shape of Z")
        mistakes = [(1 / (1 + np.exp(-Z)), "that is the sigmoid of each score; softmax normalises over the row.", hint),
                    (Z / Z.sum(axis=1, keepdims=True), "you divided the scores themselves: exponentiate first.", hint)]
        for e in (np.exp(Z), np.exp(Z - Z.max(axis=1, keepdims=True))):  # with or without the shift
            mistakes += [
                (e / e.sum(), "all the entries together sum to 1; each row (sample) must.", hint),
                (e / e.sum(axis=0), "each column sums to 1: rows are samples, normalise each row.", hint),
                (attempt(lambda: e / e.sum(axis=1)), "you divided column k by row k's sum: the sum over each row "
                 "needs keepdims=True (or [:, None]) to line up with the rows.", hint),
                (e, "you forgot to divide by the sum.", hint),
            ]
        feedback = judge(got, _softmax(Z), mistakes, what="softmax(Z)", hint=hint, praise="", rtol=1e-6, atol=1e-12)
        if not feedback:
            return wrong(f"for {what}: {feedback.text}", feedback.hint)
    return correct("Each row sums to 1, and huge scores do not overflow.")


# Exercise "accuracy": 5 samples, 3 classes.
ACCURACY_PROBABILITIES = np.array([[0.7, 0.2, 0.1], [0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.2, 0.6, 0.2],
                                   [0.5, 0.1, 0.4]])
ACCURACY_LABELS = np.array([0, 2, 2, 1, 2])


@checker
def check_accuracy(answer):
    """Check the accuracy of ``ACCURACY_PROBABILITIES`` against ``ACCURACY_LABELS`` (a fraction).

    Parameters
    ----------
    answer : float
        The fraction of samples whose most probable class is their label.

    Returns
    -------
    Feedback
    """
    value = read_number(answer, "the accuracy, a fraction between 0 and 1")
    P, labels = ACCURACY_PROBABILITIES, ACCURACY_LABELS
    hits = P.argmax(axis=1) == labels
    hint = "a sample counts as right when its most probable class (the largest entry of its row) is its label."
    mistakes = [
        (100 * hits.mean(), "that is a percentage: give the fraction, between 0 and 1.", hint),
        (1 - hits.mean(), "that is the error rate, the fraction classified wrong.", hint),
        (hits.sum(), "that is how many samples are right: divide by the number of samples.", hint),
        ((~hits).sum(), "that is how many samples are wrong.", hint),
        (P[np.arange(len(P)), labels].mean(), "that is the mean probability of the right class; accuracy counts "
         "the samples whose most probable class is right.", hint),
        (P.max(axis=1).mean(), "that is the mean of the largest probabilities (the network's confidence), not how "
         "often it is right.", hint),
    ]
    return judge(value, hits.mean(), mistakes, what="the accuracy", hint=hint, rtol=1e-6, atol=1e-9,
                 praise=f"{hits.sum()} of the {len(P)} samples have their label as most probable class.")


__all__ = ["xor_losses", "check_diverging_learning_rate", "check_one_hot", "check_softmax", "check_accuracy"]
