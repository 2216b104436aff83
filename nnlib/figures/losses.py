"""Drawing for chapter 4's comparisons: the loss of several training runs, epoch by epoch, on one plot.

Each run is one line with its label in the legend, on a log scale (losses shrink by orders of
magnitude); an optional dashed line marks a reference loss, such as that of guessing.
"""
import numpy as np

from .plots import BLUE, ORANGE

COLORS = [BLUE, ORANGE, "#1b9e77", "#7b3294", "0.35"]
"""The runs' colours in order: distinct for colour-blind readers, and on a white background."""


def draw_loss_curves(ax, curves, title="loss", reference=None, xlabel="epoch"):
    """Draw one loss curve per run, labelled, on a log scale.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    curves : dict of str to sequence of float
        One run per label, e.g. ``{"learning rate 0.1": history.loss}``: the loss before training,
        then after each epoch. At most ``len(COLORS)`` runs.
    title : str
    reference : (str, float), optional
        A label and a loss drawn as a dashed horizontal line, e.g. ``("log 2: guessing", np.log(2))``.
    xlabel : str

    Returns
    -------
    list of matplotlib.lines.Line2D
        One line per run, in the order of `curves`.

    See chapter 4, "Training".
    """
    if not 1 <= len(curves) <= len(COLORS):
        raise ValueError(f"draw_loss_curves expected 1 to {len(COLORS)} runs (one colour each), got {len(curves)}.")
    # the first run on top: where runs overlap (a slow start, say), the first one named stays visible
    lines = [ax.plot(np.asarray(losses, dtype=float), color=color, lw=1.3, label=label, zorder=3 - k / 10)[0]
             for k, ((label, losses), color) in enumerate(zip(curves.items(), COLORS))]
    if reference is not None:
        label, value = reference
        ax.axhline(value, color="0.3", lw=0.8, ls="--", label=label)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return lines
