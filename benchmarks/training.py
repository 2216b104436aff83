"""Training epochs on the digits: nnlib against the same maths in NumPy and PyTorch (micrograd: ``scalar``).

For each batch size, every implementation first trains one epoch from the shared initial weights:
that is the correctness guard (they must reach the same loss and parameters) and the warm-up. Then
each repeat builds every implementation afresh and times a few epochs, the implementations taking
turns within a repeat (in reverse order every other repeat, so that none always goes first). The
times are the medians over repeats, per epoch and per step, of the CPU time (see ``timing``) and of
the wall time. A ratio is the median over repeats of that repeat's ratio: the two times of one repeat
are taken a few milliseconds apart, so a slow spell of a shared machine, which can last seconds and
slow everything down by half, stretches both and leaves their ratio alone.

Everything runs on one thread: PyTorch by ``torch.set_num_threads(1)``, NumPy's BLAS by threadpoolctl
(which comes with scikit-learn). Two BLAS threads on these small matrices mostly add noise, and
they would make the comparison with single-threaded PyTorch unfair.
"""
from statistics import median

import numpy as np
from threadpoolctl import threadpool_limits

from .digits import LEARNING_RATE, SIZES, batches, digits, full_loss, initial_parameters
from .implementations import IMPLEMENTATIONS, available
from .timing import timed

BATCH_SIZES = [1, 32, 256]
# Epochs per timed repeat, so that one repeat of nnlib lasts tens of ms, well above the clock's noise.
EPOCHS_PER_REPEAT = {1: 1, 32: 10, 256: 40}
# Float64 everywhere: the implementations may differ only by rounding.
AGREEMENT_TOLERANCE = 1e-9


def train(trainer, data, epochs=1):
    """Run ``trainer.step`` over the prepared batches `epochs` times; return every step's loss."""
    losses = []
    for _ in range(epochs):
        for X, Y in data:
            losses.append(trainer.step(X, Y))
    return losses


def max_difference(first, second):
    """Largest absolute difference between two lists of arrays of the same shapes."""
    return max(float(np.max(np.abs(a - b))) for a, b in zip(first, second))


def guard(names, parameters, epoch, X, Y):
    """Train one epoch with each implementation from `parameters` and compare where they end.

    Returns
    -------
    dict
        ``loss_after_one_epoch`` (full-data loss per implementation), ``max_loss_difference`` and
        ``max_parameter_difference`` (against nnlib), and ``agree`` (both below the tolerance).
    """
    ends = {}
    for name in names:
        trainer = IMPLEMENTATIONS[name][0](parameters, LEARNING_RATE)
        train(trainer, trainer.prepare(epoch))
        ends[name] = trainer.parameters()
    losses = {name: full_loss(ends[name], X, Y) for name in names}
    loss_difference = max(abs(losses[name] - losses["nnlib"]) for name in names)
    parameter_difference = max(max_difference(ends[name], ends["nnlib"]) for name in names)
    return {"loss_after_one_epoch": losses, "max_loss_difference": loss_difference,
            "max_parameter_difference": parameter_difference,
            "agree": bool(max(loss_difference, parameter_difference) < AGREEMENT_TOLERANCE)}


def time_batch_size(names, parameters, epoch, epochs, repeats):
    """Every repeat's CPU and wall seconds per epoch, of each implementation.

    Returns
    -------
    (dict, dict)
        CPU seconds and wall seconds: implementation name -> one number per repeat.
    """
    cpu, wall = {name: [] for name in names}, {name: [] for name in names}
    for repeat in range(repeats):
        for name in (names if repeat % 2 == 0 else names[::-1]):
            trainer = IMPLEMENTATIONS[name][0](parameters, LEARNING_RATE)
            data = trainer.prepare(epoch)
            wall_seconds, cpu_seconds, _ = timed(train, trainer, data, epochs)
            cpu[name].append(cpu_seconds / epochs)
            wall[name].append(wall_seconds / epochs)
    return cpu, wall


def medians(times):
    """Name -> list of numbers, to name -> their median."""
    return {name: median(values) for name, values in times.items()}


def paired_ratios(times, names):
    """The ratios nnlib/numpy and torch/nnlib (if torch ran): each the median of the repeats' ratios.

    Parameters
    ----------
    times : dict
        Implementation name -> one time per repeat, in the same order of repeats for all.
    """
    pairs = [("nnlib/numpy", "nnlib", "numpy")] + ([("torch/nnlib", "torch", "nnlib")] if "torch" in names else [])
    return {label: median(a / b for a, b in zip(times[top], times[bottom])) for label, top, bottom in pairs}


def measure_batch_size(names, parameters, X, Y, batch_size, repeats):
    """The guard, then the timed repeats, at one batch size: medians, ratios and guard results.

    ``epoch_seconds`` and ``step_seconds`` are CPU times, the ``wall`` ones wall-clock times.
    """
    epoch = batches(X, Y, batch_size)
    epochs = EPOCHS_PER_REPEAT.get(batch_size, 1)
    checked = guard(names, parameters, epoch, X, Y)
    cpu, wall = time_batch_size(names, parameters, epoch, epochs, repeats)
    epoch_seconds, epoch_wall_seconds = medians(cpu), medians(wall)
    ratios, wall_ratios = paired_ratios(cpu, names), paired_ratios(wall, names)
    return {"steps_per_epoch": len(epoch), "epochs_per_repeat": epochs,
            "epoch_seconds": epoch_seconds,
            "step_seconds": {name: seconds / len(epoch) for name, seconds in epoch_seconds.items()},
            "ratios": ratios, **checked,
            "epoch_wall_seconds": epoch_wall_seconds, "wall_ratios": wall_ratios,
            "all_epoch_seconds": cpu, "all_epoch_wall_seconds": wall}


def run(repeats=7, log=print):
    """The whole training benchmark, on one thread.

    Parameters
    ----------
    repeats : int
        Timed repeats per batch size and implementation.
    log : callable
        Called with a line of progress.

    Returns
    -------
    dict
        Ready for results.json: the set-up, then per batch size the medians, ratios and guard.
    """
    X, Y = digits()
    parameters = initial_parameters()
    vectorised = {name: entry for name, entry in IMPLEMENTATIONS.items() if name != "micrograd"}  # see scalar
    names = [name for name, (_, package) in vectorised.items() if package is None or available(package)]
    skipped = {name: f"{package} is not installed (see benchmarks/README.md)"
               for name, (_, package) in vectorised.items() if package and not available(package)}
    result = {"model": "-".join(map(str, SIZES)) + " MLP, relu hidden, identity output, "
                       "MSE 1/(2n) sum (y_pred - y)^2 on one-hot digits, plain SGD, float64, one thread",
              "samples": len(X), "learning_rate": LEARNING_RATE, "repeats": repeats,
              "implementations": names, "skipped": skipped, "batch_sizes": {}}
    with threadpool_limits(limits=1, user_api="blas"):
        for batch_size in BATCH_SIZES:
            log(f"training: batch size {batch_size} ...")
            result["batch_sizes"][str(batch_size)] = measure_batch_size(names, parameters, X, Y, batch_size, repeats)
    return result
