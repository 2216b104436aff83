"""The appendix "How fast is nnlib?": its tables and its plot, from a benchmark run's ``results.json``.

``make benchmark`` (the ``benchmarks`` package at the repository's root) writes ``results.json``; these
functions only read the dictionary it holds, so the appendix notebook stays a few short cells. The
tables are Markdown text (the book renders them as tables); the plot draws onto a given ``ax``.
micrograd is timed by its own part of the benchmark (``results["micrograd"]``), at batch sizes 1 and 32.
``loss_guard`` and ``readings`` print the figures the appendix's prose quotes. The chapters in the
browser are in ``in_the_browser``, the course's speed goals in ``speed_goals``.
"""
import textwrap

import numpy as np

from .losses import COLORS

IMPLEMENTATIONS = ("nnlib", "numpy", "torch", "micrograd")
"""The columns of the training table, in order; one that the run did not time is left out."""
NAMES = {"nnlib": "nnlib", "numpy": "NumPy by hand", "torch": "PyTorch", "micrograd": "micrograd"}
"""How the tables and the plot name each implementation."""
GC_RUNNING = "micrograd, garbage collector running"
"""The key of micrograd's times with Python's garbage collector running, as in a notebook."""


def _check_training(results):
    if not isinstance(results, dict) or "training" not in results or "batch_sizes" not in results["training"]:
        got = sorted(results) if isinstance(results, dict) else type(results).__name__
        raise ValueError(f"expected the dictionary of a benchmark run with a 'training' part (results.json), "
                         f"got {got}.")
    return results["training"]["batch_sizes"]


def _micrograd(results):
    return results.get("micrograd", {}).get("batch_sizes", {})


def implementations(results):
    """The implementations a run timed, among ``IMPLEMENTATIONS``, in that order.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    list of str
        Those the training part timed at every batch size, and "micrograd" if its part timed it.
    """
    batches = _check_training(results)
    timed = set.intersection(*(set(run["step_seconds"]) for run in batches.values()))
    if _micrograd(results):
        timed.add("micrograd")
    return [name for name in IMPLEMENTATIONS if name in timed]


def step_seconds(results, name, batch_size):
    """CPU seconds per training step of one implementation at one batch size, or None if not timed.

    micrograd's is its time with the garbage collector paused, like every other time of the table.
    """
    if name == "micrograd":
        return _micrograd(results).get(str(batch_size), {}).get("step_seconds", {}).get("micrograd")
    return _check_training(results)[str(batch_size)]["step_seconds"].get(name)


def format_seconds(seconds):
    """A time in the unit that suits it, with about three significant digits: "32.0 µs", "265 ms", "2.10 s".

    The space is a no-break space, so that a table's narrow column never puts the unit on a line of its own.
    """
    for unit, scale in (("µs", 1e-6), ("ms", 1e-3)):
        if seconds < 1000 * scale:
            value = seconds / scale
            return f"{value:.1f}\u00a0{unit}" if value < 100 else f"{value:.0f}\u00a0{unit}"
    return f"{seconds:.2f}\u00a0s"


def format_ratio(ratio):
    """A ratio as "1.17x", "6.4x", "238x" or "6,660x" (three significant digits from 100 on)."""
    if ratio < 100:
        return f"{ratio:.2f}x" if ratio < 2 else f"{ratio:.1f}x"
    return f"{float(f'{ratio:.3g}'):,.0f}x"


def describe_machine(results):
    """Say with what command, on what machine and when each part shown in the appendix was measured.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``; a part measured again later with
        ``--only PART --merge`` has its own date and load in ``results["merged"]``.

    Returns
    -------
    str
        A few lines, each under 80 characters.
    """
    machine = results["machine"]
    lines = [f"measured with `{results['command']}` on {machine['cpu']}, {machine['cores']} cores",
             f"Python {machine['python']}, NumPy {machine['numpy']}, PyTorch {machine.get('torch') or 'not installed'}, "
             f"micrograd {machine.get('micrograd') or 'not installed'}"]
    for part, label in (("training", "training"), ("micrograd", "micrograd"), ("browser", "in the browser"),
                        ("live", "the live page")):
        if part in results and not isinstance(results[part].get("skipped"), str):
            run = results.get("merged", {}).get(part, {"date": results["date"], "machine": machine})
            lines.append(f"{label}: {run['date'][:10]}, 1-minute load average at the start "
                         f"{run['machine']['load_average_at_start'][0]:.1f}")
    return "\n".join(lines)


def training_table(results):
    """The training benchmark as a Markdown table: one row per batch size, time per step and ratios.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    str
        Columns: the batch size, the CPU time of one training step for each implementation, then
        nnlib's time over the hand-written NumPy's and PyTorch's over nnlib's (each the median of the
        repeats' own ratios), and micrograd's time over nnlib's (the quotient of the two cells: micrograd
        was timed in its own part). "—" where a run did not time it.
    """
    batches = _check_training(results)
    columns = implementations(results)
    ratios = [("nnlib / NumPy", "numpy", "nnlib/numpy"), ("PyTorch / nnlib", "torch", "torch/nnlib"),
              ("micrograd / nnlib", "micrograd", None)]
    ratios = [ratio for ratio in ratios if ratio[1] in columns]
    rows = ["| batch | " + " | ".join(NAMES[name] for name in columns) + " | "
            + " | ".join(label for label, *_ in ratios) + " |",
            "|---:|" + "---:|" * (len(columns) + len(ratios))]
    for size, run in batches.items():
        times = [step_seconds(results, name, size) for name in columns]
        cells = [format_seconds(t) if t is not None else "—" for t in times]
        for _, name, key in ratios:
            ratio = run["ratios"].get(key)
            if name == "micrograd":
                micrograd = step_seconds(results, "micrograd", size)
                ratio = None if micrograd is None else micrograd / run["step_seconds"]["nnlib"]
            cells.append(format_ratio(ratio) if ratio is not None else "—")
        rows.append(f"| {size} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def micrograd_method(results, width=80):
    """How micrograd was timed, and its times with the garbage collector running, as lines of text.

    Parameters
    ----------
    results : dict
        A benchmark run with a ``micrograd`` part.
    width : int, default=80
        No line is longer.

    Returns
    -------
    str
        The samples and repeats; per batch size, micrograd's time per step with the collector running
        (as in a notebook) and that time over nnlib's in the training table; why batch 256 is missing.
    """
    micrograd = results.get("micrograd", {})
    if "batch_sizes" not in micrograd:
        return "micrograd: " + micrograd.get("skipped", "not measured")
    lines = textwrap.wrap(f"micrograd: the first {micrograd['samples_per_batch_size']} samples of each batch "
                          f"size's epoch, the median of {micrograd['repeats']} repeats, with Python's garbage "
                          "collector paused, like every time in the table. With the collector running, as in "
                          "a notebook:", width)
    for size, run in micrograd["batch_sizes"].items():
        running = run["step_seconds"][GC_RUNNING]
        nnlib_seconds = step_seconds(results, "nnlib", size)
        lines.append(f"  batch {size}: {format_seconds(running)} per step, "
                     f"{format_ratio(running / nnlib_seconds)} nnlib's time")
    for size, why in micrograd.get("not_timed", {}).items():
        lines += textwrap.wrap(f"micrograd at batch {size} is not timed: {why}.", width)
    return "\n".join(lines)


def draw_time_per_sample(ax, results):
    """Bars of training time per sample, one group per batch size, on a log scale.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    list of matplotlib.container.BarContainer
        One per implementation, in the order of ``implementations(results)``; micrograd has bars only
        at the batch sizes it was timed at.
    """
    batches = _check_training(results)
    columns = implementations(results)
    sizes = list(batches)
    width = 0.8 / len(columns)
    bars = []
    for k, (name, color) in enumerate(zip(columns, COLORS)):
        seconds = [step_seconds(results, name, size) for size in sizes]
        per_sample = [np.nan if s is None else s / int(size) * 1e6 for s, size in zip(seconds, sizes)]
        offset = (k - (len(columns) - 1) / 2) * width
        bars.append(ax.bar(np.arange(len(sizes)) + offset, per_sample, width, label=NAMES[name], color=color))
    ax.set_yscale("log")
    ax.set_ylim(top=np.nanmax([patch.get_height() for group in bars for patch in group]) * 100)  # legend room
    ax.set_xticks(range(len(sizes)), [f"batch {size}" for size in sizes])
    ax.set_ylabel("µs of training per sample")
    ax.set_title("Time per sample: lower is faster", fontsize=10)
    ax.legend(fontsize=8, frameon=False, ncols=len(columns))
    return bars


def loss_guard(results, width=80):
    """The correctness guard: how far each implementation's loss is from nnlib's, as lines of text.

    Parameters
    ----------
    results : dict
        A benchmark run with a ``training`` part (and a ``micrograd`` part, if it ran).
    width : int, default=80
        No line is longer.

    Returns
    -------
    str
        Per batch size, the largest difference between nnlib's loss after one epoch on all the samples
        and another implementation's; micrograd's, between its step losses and nnlib's; and whether
        every comparison agreed.
    """
    batches = _check_training(results)
    samples = results["training"].get("samples")
    on = f"on all {samples} samples" if samples else "on all the samples"
    lines = textwrap.wrap(f"the same losses: the largest difference from nnlib's loss after one epoch, {on}: "
                          + ", ".join(f"batch {size}: {_difference(run)}" for size, run in batches.items()),
                          width, subsequent_indent="  ")
    checks = [run["agree"] for run in batches.values()]
    micrograd = _micrograd(results)
    if micrograd:
        lines += textwrap.wrap("micrograd, its step losses against nnlib's: "
                               + ", ".join(f"batch {size}: {_difference(run)}" for size, run in micrograd.items()),
                               width, subsequent_indent="  ")
        checks += [run["agree"] for run in micrograd.values()]
    lines.append("every implementation agrees with nnlib" if all(checks) else
                 "NOT every implementation agrees with nnlib: the times compare different computations")
    return "\n".join(lines)


def _difference(run):
    difference = run["max_loss_difference"]
    return f"{difference:.1e}" if difference else "0"


def readings(results, width=80):
    """The figures the appendix's reading of the training table quotes, as lines of text.

    Parameters
    ----------
    results : dict
        A benchmark run with a ``training`` part (and a ``micrograd`` part, if it ran).
    width : int, default=80
        No line is longer.

    Returns
    -------
    str
        nnlib's time over the hand-written NumPy's as a percentage more (or less) per batch size; and
        how many times as long a step on a batch of 32 takes as one on a single sample, for nnlib and
        for micrograd (if both batch sizes were timed).
    """
    batches = _check_training(results)
    lines = textwrap.wrap("nnlib's time over the hand-written NumPy's: " + ", ".join(
        f"{100 * (run['ratios']['nnlib/numpy'] - 1):+.0f}% at batch {size}" for size, run in batches.items()
        if "nnlib/numpy" in run["ratios"]), width, subsequent_indent="  ")
    growth = []
    for name in ("nnlib", "micrograd"):
        one, many = step_seconds(results, name, 1), step_seconds(results, name, 32) if "32" in batches else None
        if one and many:
            growth.append(f"{NAMES[name]} {many / one:.2f} times as long" if name == "nnlib" else
                          f"{NAMES[name]} {many / one:.1f} times")
    if growth:
        lines += textwrap.wrap("a step on a batch of 32 against one on a single sample: " + ", ".join(growth),
                               width, subsequent_indent="  ")
    return "\n".join(lines)


def check_run(results, where):
    """Raise a ValueError naming `where` unless `results` is a dictionary (a run, as results.json holds it)."""
    if not isinstance(results, dict):
        raise ValueError(f"{where} expected the dictionary of a benchmark run (results.json), "
                         f"got {type(results).__name__}.")


def not_measured(part):
    """Why a part of a run (a dict, maybe empty) holds no figures: "not measured yet", or why it was skipped."""
    return f"not measured ({part['skipped']})" if isinstance(part.get("skipped"), str) else "not measured yet"
