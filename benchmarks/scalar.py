"""micrograd against nnlib: a graph node for every multiplication, or one matrix product per layer.

micrograd (Karpathy's scalar autograd engine) trains the training part's network, from the same
weights, on the same mini-batches: the first 64 samples of the batch-1 epoch, one step each, and the
first 64 of the batch-32 epoch, in steps of 32 (8 samples with ``--quick``). In each repeat nnlib trains on the
same steps too (``NNLIB_PASSES`` times over, so that its few milliseconds rise above the clock's
noise), so the ratio micrograd / nnlib is paired, as in ``training``.

micrograd builds a graph of Python objects full of reference cycles, which only Python's garbage
collector frees. It is timed with the collector paused (as every other time of the benchmark is, and
as ``timeit`` does) and running (as in a notebook, where the collector's sweeps through micrograd's
graphs take most of the time; how long they take also depends on everything else the process holds).
nnlib makes no reference cycles: its times are taken with the collector paused.

micrograd is not timed at batch 256: its loss over 256 samples is a chain of 2,560 additions, and its
backward pass walks the graph recursively, deeper than Python's default recursion limit (1,000 calls)
allows: it stops with a RecursionError.
"""
import gc
from statistics import median

from threadpoolctl import threadpool_limits

from .digits import LEARNING_RATE, batches, digits, initial_parameters
from .implementations import MicrogradMLP, NnlibMLP, available
from .timing import timed

BATCH_SIZES = [1, 32]
NOT_TIMED = {"256": "its loss is a chain of 2,560 additions, and its recursive backward pass goes deeper than "
                    "Python's default recursion limit (1,000): it stops with a RecursionError"}
NNLIB_PASSES = 50
AGREEMENT_TOLERANCE = 1e-9
RUNS = {"micrograd": True, "micrograd, garbage collector running": False}
"""The two ways micrograd is timed: name -> whether the garbage collector is paused."""


def train(trainer, data, passes=1):
    """``trainer.step`` over the prepared batches, `passes` times; the losses of the first pass."""
    losses = [trainer.step(X, Y) for X, Y in data]
    for _ in range(passes - 1):
        for X, Y in data:
            trainer.step(X, Y)
    return losses


def measure_batch_size(parameters, X, Y, batch_size, samples, repeats):
    """CPU seconds per step of micrograd (collector paused and running) and nnlib, on the same steps.

    Returns
    -------
    dict
        ``steps``, ``samples``, median ``step_seconds`` per run, the paired ``ratios`` to nnlib, and
        the guard: ``max_loss_difference`` between micrograd's and nnlib's step losses, ``agree``.
    """
    steps = batches(X, Y, batch_size)[:max(1, samples // batch_size)]
    times = {name: [] for name in [*RUNS, "nnlib"]}
    for _ in range(repeats):
        for name, pause_gc in RUNS.items():
            trainer = MicrogradMLP(parameters, LEARNING_RATE)
            data = trainer.prepare(steps)
            gc.collect()  # no garbage of an earlier run left to collect during this one
            _, cpu_seconds, micrograd_losses = timed(train, trainer, data, pause_gc=pause_gc)
            times[name].append(cpu_seconds / len(steps))
        trainer = NnlibMLP(parameters, LEARNING_RATE)
        _, cpu_seconds, _ = timed(train, trainer, trainer.prepare(steps), NNLIB_PASSES)
        times["nnlib"].append(cpu_seconds / (len(steps) * NNLIB_PASSES))
    nnlib_losses = train(NnlibMLP(parameters, LEARNING_RATE), steps)
    difference = max(abs(a - b) for a, b in zip(micrograd_losses, nnlib_losses))
    return {"steps": len(steps), "samples": sum(len(X_batch) for X_batch, _ in steps),
            "step_seconds": {name: median(values) for name, values in times.items()},
            "ratios": {f"{name}/nnlib": median(a / b for a, b in zip(times[name], times["nnlib"])) for name in RUNS},
            "max_loss_difference": difference, "agree": bool(difference < AGREEMENT_TOLERANCE),
            "all_step_seconds": times}


def run(repeats=3, samples=64, log=print):
    """The micrograd part: batch sizes 1 and 32, or a note that micrograd is not installed.

    Parameters
    ----------
    repeats : int
        Timed repeats per batch size (each times micrograd twice and nnlib once).
    samples : int
        Samples trained on per batch size and repeat.
    log : callable
        Called with a line of progress.

    Returns
    -------
    dict
        Ready for results.json.
    """
    if not available("micrograd"):
        return {"skipped": "micrograd is not installed (pip install micrograd; see benchmarks/README.md)"}
    X, Y = digits()
    parameters = initial_parameters()
    result = {"samples_per_batch_size": samples, "repeats": repeats, "nnlib_passes": NNLIB_PASSES,
              "batch_sizes": {}, "not_timed": NOT_TIMED}
    with threadpool_limits(limits=1, user_api="blas"):  # nnlib on one thread, as in ``training``
        for batch_size in BATCH_SIZES:
            log(f"micrograd: batch size {batch_size} ...")
            result["batch_sizes"][str(batch_size)] = measure_batch_size(parameters, X, Y, batch_size, samples,
                                                                        repeats)
    return result
