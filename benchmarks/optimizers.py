"""What the optimisers of chapter 5 cost per step, next to plain SGD, and how fast their explorer answers.

The training benchmark's network and data (``digits``): a 64-32-10 MLP on the digits, the same
pre-cut batches. Each repeat times one epoch of steps of each way to step, in turn (in reverse order
every other repeat): ``Network._train_step`` (plain SGD, what ``nnlib.train`` runs without an
optimiser), and ``nnlib.train``'s optimiser step (forward, backward, ``optimizer.step``) with
``SGD(momentum=0)``, ``SGD(momentum=0.9)`` and ``Adam``. Reported: the median CPU time per step
and the median over repeats of each one's ratio to plain SGD. Then the default path of ``nnlib.train``
itself (a whole epoch, shuffling and the loss measured included) with and without ``optimizer=SGD``.
Last, ``optimizer_explorer``'s controls, timed as ``explorers`` times the other explorers.
"""
from statistics import median

import numpy as np
from threadpoolctl import threadpool_limits

import nnlib
from nnlib.optimizers import SGD, Adam
from nnlib.training import _optimizer_step

from .digits import LEARNING_RATE, batches, digits, initial_network
from .explorers import time_explorer
from .timing import timed

BATCH_SIZES = [32, 256]
EPOCHS_PER_REPEAT = {32: 10, 256: 40}
STEPPERS = {
    "plain SGD": None,
    "SGD(momentum=0)": lambda: SGD(LEARNING_RATE),
    "SGD(momentum=0.9)": lambda: SGD(LEARNING_RATE, momentum=0.9),
    "Adam": lambda: Adam(0.001),
}


def epochs_of_steps(name, data, epochs):
    """Train a fresh copy of the benchmark network `epochs` times over `data` with one way to step."""
    network, make = initial_network(), STEPPERS[name]
    optimizer = make() if make else None

    def run():
        for _ in range(epochs):
            for X, Y in data:
                if optimizer is None:
                    network._train_step(X, Y, LEARNING_RATE)
                else:
                    _optimizer_step(network, X, Y, optimizer)
    return timed(run)


def time_steps(data, epochs, repeats):
    names, cpu = list(STEPPERS), {name: [] for name in STEPPERS}
    for repeat in range(repeats):
        for name in (names if repeat % 2 == 0 else names[::-1]):
            _, seconds, _ = epochs_of_steps(name, data, epochs)
            cpu[name].append(seconds / (epochs * len(data)))
    return {"step_seconds": {name: median(values) for name, values in cpu.items()},
            "ratios_to_plain": {name: median(a / b for a, b in zip(cpu[name], cpu["plain SGD"])) for name in names},
            "all_step_seconds": cpu}


def time_train(X, Y, repeats, epochs=10):
    """``nnlib.train`` for `epochs` epochs at batch 32: plain (learning_rate) and with optimizer=SGD."""
    ways = {"train(learning_rate)": dict(learning_rate=LEARNING_RATE),
            "train(optimizer=SGD)": dict(optimizer=None)}
    cpu = {name: [] for name in ways}
    for repeat in range(repeats):
        for name in (list(ways) if repeat % 2 == 0 else list(ways)[::-1]):
            arguments = ways[name] if "learning_rate" in ways[name] else {"optimizer": SGD(LEARNING_RATE)}
            _, seconds, _ = timed(nnlib.train, initial_network(), X, Y, epochs, batch_size=32,
                                  rng=np.random.default_rng(0), **arguments)
            cpu[name].append(seconds / epochs)
    return {"epoch_seconds": {name: median(values) for name, values in cpu.items()},
            "ratio": median(a / b for a, b in zip(cpu["train(optimizer=SGD)"], cpu["train(learning_rate)"]))}


def run(repeats=7, updates=30, log=print):
    """The optimisers' part of the benchmark; returns a dict ready for results.json."""
    X, Y = digits()
    result = {"model": "the training part's 64-32-10 MLP on the digits, float64, one thread",
              "repeats": repeats, "batch_sizes": {}}
    with threadpool_limits(limits=1, user_api="blas"):
        for batch_size in BATCH_SIZES:
            log(f"optimizers: batch size {batch_size} ...")
            data = batches(X, Y, batch_size)
            entry = time_steps(data, EPOCHS_PER_REPEAT[batch_size], repeats)
            result["batch_sizes"][str(batch_size)] = {"steps_per_epoch": len(data), **entry}
        log("optimizers: nnlib.train ...")
        result["train"] = time_train(X, Y, repeats)
    log("optimizers: optimizer_explorer ...")
    result["explorer"] = time_explorer(nnlib.widgets.optimizer_explorer, updates)
    return result


def table(optimizers):
    """The report's lines for this part."""
    names = list(STEPPERS)
    lines = ["Optimisers (chapter 5): CPU time per step on the training part's network, "
             f"median of {optimizers['repeats']} repeats",
             f"{'batch':>5}" + "".join(f"{name:>20}" for name in names)]
    for size, entry in optimizers["batch_sizes"].items():
        lines.append(f"{size:>5}" + "".join(f"{entry['step_seconds'][n] * 1e6:11.1f} µs {entry['ratios_to_plain'][n]:5.2f}x"
                                            for n in names))
    train = optimizers["train"]
    lines.append("nnlib.train, one epoch at batch 32: " + ", ".join(
        f"{name} {seconds * 1e3:.2f} ms" for name, seconds in train["epoch_seconds"].items())
        + f" (ratio {train['ratio']:.2f}x)")
    explorer = optimizers["explorer"]
    lines.append(f"optimizer_explorer: built in {explorer['build_seconds'] * 1e3:.0f} ms; median update per control: "
                 + ", ".join(f"{control} {entry['median_seconds'] * 1e3:.1f} ms"
                             for control, entry in explorer["controls"].items()))
    return lines
