"""The appendix "How fast is nnlib?": its tables and its plot, from a benchmark run's ``results.json``.

``make benchmark`` (the ``benchmarks`` package at the repository's root) writes ``results.json``; these
functions only read the dictionary it holds, so the appendix notebook stays a few short cells. The
tables are Markdown text (the book renders them as tables); the plot draws onto a given ``ax``.
"""
import numpy as np

from .losses import COLORS

IMPLEMENTATIONS = ("nnlib", "numpy", "torch")
"""The columns of the training table, in order; one that the run skipped (no PyTorch) is left out."""


def _check_training(results):
    if not isinstance(results, dict) or "training" not in results or "batch_sizes" not in results["training"]:
        got = sorted(results) if isinstance(results, dict) else type(results).__name__
        raise ValueError(f"expected the dictionary of a benchmark run with a 'training' part (results.json), "
                         f"got {got}.")
    return results["training"]["batch_sizes"]


def implementations(results):
    """The implementations a run timed, among ``IMPLEMENTATIONS``, in that order.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    list of str
    """
    batches = _check_training(results)
    timed = set.intersection(*(set(run["step_seconds"]) for run in batches.values()))
    return [name for name in IMPLEMENTATIONS if name in timed]


def describe_machine(results):
    """Say when, with what command and on what machine a run was measured, in four lines.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    str
    """
    machine = results["machine"]
    return "\n".join([
        f"measured {results['date'][:10]} with `{results['command']}`",
        f"on {machine['cpu']}, {machine['cores']} cores",
        f"Python {machine['python']}, NumPy {machine['numpy']}, PyTorch {machine.get('torch') or 'not installed'}, "
        f"micrograd {machine.get('micrograd') or 'not installed'}",
        f"1-minute load average at the start: {machine['load_average_at_start'][0]:.1f}",
    ])


def training_table(results):
    """The training benchmark as a Markdown table: one row per batch size, time per step and ratios.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    str
        Columns: the batch size, microseconds per training step for each implementation, nnlib's time
        over the hand-written NumPy's, and PyTorch's over nnlib's ("n/a" when PyTorch was not timed).
    """
    batches = _check_training(results)
    columns = implementations(results)
    rows = ["| batch | " + " | ".join(f"{name} (µs/step)" for name in columns) + " | nnlib / numpy | torch / nnlib |",
            "|---:|" + "---:|" * (len(columns) + 2)]
    for size, run in batches.items():
        times = " | ".join(f"{run['step_seconds'][name] * 1e6:.1f}" for name in columns)
        torch_ratio = run["ratios"].get("torch/nnlib")
        torch_text = f"{torch_ratio:.1f}x" if torch_ratio else "n/a"
        rows.append(f"| {size} | {times} | {run['ratios']['nnlib/numpy']:.2f}x | {torch_text} |")
    return "\n".join(rows)


def draw_time_per_sample(ax, results):
    """Bars of training time per sample, one group per batch size, on a log scale; micrograd as a line.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.

    Returns
    -------
    list of matplotlib.container.BarContainer
        One per implementation, in the order of ``implementations(results)``. micrograd, timed at batch
        size 1 only, is a dashed horizontal line, when the run timed it.
    """
    batches = _check_training(results)
    columns = implementations(results)
    sizes = list(batches)
    width = 0.8 / len(columns)
    bars = []
    for k, (name, color) in enumerate(zip(columns, COLORS)):
        per_sample = [batches[size]["step_seconds"][name] / int(size) * 1e6 for size in sizes]
        offset = (k - (len(columns) - 1) / 2) * width
        bars.append(ax.bar(np.arange(len(sizes)) + offset, per_sample, width, label=name, color=color))
    micrograd = results["training"].get("micrograd", {}).get("sample_seconds", {}).get("micrograd")
    if micrograd is not None:
        ax.axhline(micrograd * 1e6, color="0.3", ls="--", lw=1)
        ax.text(len(sizes) - 0.55, micrograd * 1e6 / 1.4, "micrograd, batch 1", ha="right", va="top", fontsize=8,
                color="0.3")  # under its line: above it, the label would run into the title
    ax.set_yscale("log")
    ax.set_xticks(range(len(sizes)), [f"batch {size}" for size in sizes])
    ax.set_ylabel("µs of training per sample")
    ax.set_title("Time per sample: lower is faster", fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    return bars


def goal_part(goal):
    """Which part of the benchmark a goal is about: "explorers", "tests" or "training".

    Parameters
    ----------
    goal : dict
        One entry of a run's ``goals`` list, with the key "goal" (its text).

    Returns
    -------
    str
    """
    text = goal["goal"]
    if "explorer" in text:
        return "explorers"
    if "test suite" in text:
        return "tests"
    return "training"


def goals_of(results, part="training"):
    """The goals a run checked for one part of the benchmark, in the run's order.

    Parameters
    ----------
    results : dict
        A benchmark run, as read from ``benchmarks/results.json``.
    part : {"training", "explorers", "tests"}

    Returns
    -------
    list of dict
        Each with the keys "goal", "measured" and "status" (PASS, MISS or SKIP).
    """
    if part not in ("training", "explorers", "tests"):
        raise ValueError(f"goals_of expected part 'training', 'explorers' or 'tests', got {part!r}.")
    return [goal for goal in results.get("goals", []) if goal_part(goal) == part]


def goals_table(goals):
    """Goals as a Markdown table: the goal, what was measured, and the verdict.

    Parameters
    ----------
    goals : list of dict
        From ``goals_of``.

    Returns
    -------
    str
        A "|" inside a cell (as in "max |loss difference|") is escaped, so the table keeps its columns.
    """
    def cell(text):
        return str(text).replace("|", "\\|")

    rows = ["| goal | measured | verdict |", "|---|---|---|"]
    rows += [f"| {cell(goal['goal'])} | {cell(goal['measured'])} | {goal['status']} |" for goal in goals]
    return "\n".join(rows)


def browser_table(results):
    """The in-browser benchmark as a Markdown table: one row per chapter, from opening it to running it.

    Parameters
    ----------
    results : dict
        A benchmark run (``benchmarks/results.json``) with a ``browser`` part.

    Returns
    -------
    str
        Columns: the chapter, seconds until its kernel is ready, seconds for its first run of every
        cell, and megabytes loaded by then.
    """
    if not isinstance(results, dict) or "chapters" not in results.get("browser", {}):
        raise ValueError("browser_table expected the dictionary of a benchmark run with a 'browser' part "
                         "(python -m benchmarks --only browser --merge).")
    rows = ["| chapter | kernel ready (s) | first run of every cell (s) | loaded by then (MB) |",
            "|---|---:|---:|---:|"]
    for name, chapter in results["browser"]["chapters"].items():
        rows.append(f"| {name.removesuffix('.ipynb')} | {chapter['kernel_ready_seconds']:.1f} | "
                    f"{chapter['run_all_seconds']:.1f} | {chapter['bytes_after_run_all'] / 1e6:.1f} |")
    return "\n".join(rows)
