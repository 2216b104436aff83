"""Chapter 5's figures: optimisers' paths on a two-parameter valley, and their loss step by step.

Shared by the chapter's plots, the kernel-free replay and the live explorer. The valley is drawn once
(contour lines of the loss); each path is a line with small markers, changed in place by
``update_paths``.
"""
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator

from .losses import COLORS
from .plots import TITLE, new_figure

XLIM, YLIM = (-5.0, 5.0), (-2.2, 2.2)
"""The part of the valley drawn: long along w1, narrow along w2."""


@dataclass
class ValleyArtists:
    """The artists of ``draw_valley`` and ``draw_paths``.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    paths : list of Line2D
        One per optimiser, in order (empty until ``draw_paths``).
    ends : list of Line2D
        The current point of each path, a larger marker.
    """

    ax: object
    paths: list
    ends: list


def draw_valley(ax, valley, xlim=XLIM, ylim=YLIM):
    """Draw the contour lines of ``valley.loss`` (log-spaced levels) and mark the minimum.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    valley : nnlib.landscape.Valley
    xlim, ylim : (float, float)

    Returns
    -------
    ValleyArtists
        With no paths yet.

    See chapter 5, "A valley".
    """
    w1, w2 = np.meshgrid(np.linspace(*xlim, 161), np.linspace(*ylim, 81))
    loss = valley.loss(np.stack([w1, w2], axis=-1))
    ax.contour(w1, w2, loss, levels=np.geomspace(0.005, loss.max(), 12), colors="0.6", linewidths=0.6)
    ax.plot([0], [0], "*", color="0.2", ms=9, zorder=4)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$ (along the valley)")
    ax.set_ylabel("$w_2$")
    ax.set_title("the valley: loss contours, minimum at ★", fontsize=10, **TITLE)
    return ValleyArtists(ax, [], [])


def draw_paths(artists, labels):
    """Add one empty path per label (colours of ``nnlib.figures.losses.COLORS``) and a legend.

    Returns
    -------
    list of Line2D
        The paths, also appended to ``artists.paths``.
    """
    if not 1 <= len(labels) <= len(COLORS):
        raise ValueError(f"draw_paths expected 1 to {len(COLORS)} paths (one colour each), got {len(labels)}.")
    for label, color in zip(labels, COLORS):
        (line,) = artists.ax.plot([], [], "-o", color=color, lw=1.2, ms=2.5, label=label)
        (end,) = artists.ax.plot([], [], "o", color=color, ms=6, mec="white", zorder=5)
        artists.paths.append(line)
        artists.ends.append(end)
    artists.ax.legend(loc="upper right", fontsize=8)
    return artists.paths


def update_paths(artists, paths, up_to=None):
    """Show each path's points (arrays of shape (n, 2)) up to step `up_to` (all by default), in place.

    Points that are not finite (a diverged walk) are left out.
    """
    for line, end, points in zip(artists.paths, artists.ends, paths):
        shown = np.asarray(points)[: None if up_to is None else up_to + 1]
        shown = shown[np.isfinite(shown).all(axis=1)]
        line.set_data(shown[:, 0], shown[:, 1])
        end.set_data(shown[-1:, 0], shown[-1:, 1])


def draw_step_losses(ax, labels, n_steps, loss_range=(1e-6, 10.0), xlabel="step"):
    """Empty loss-per-step curves, one per label, on a log axis fixed to `loss_range`.

    Returns
    -------
    list of Line2D
    """
    lines = [ax.plot([], [], color=color, lw=1.4, label=label)[0] for label, color in zip(labels, COLORS)]
    ax.set_yscale("log")
    ax.set_ylim(*loss_range)
    ax.set_xlim(0, n_steps)
    ax.set_xlabel(xlabel)
    ax.set_title("loss", fontsize=10, **TITLE)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(LogLocator(numticks=5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.minorticks_off()
    ax.grid(alpha=0.3)
    return lines


def update_step_losses(lines, losses, up_to=None):
    """Show each run's losses up to step `up_to` (all by default), in place; non-finite ones are cut."""
    for line, values in zip(lines, losses):
        values = np.asarray(values, dtype=float)[: None if up_to is None else up_to + 1]
        steps = np.arange(len(values))
        keep = np.isfinite(values)
        line.set_data(steps[keep], values[keep])


def draw_valley_figure(valley, labels, n_steps, figsize=(8.4, 3.0), loss_range=(1e-6, 10.0)):
    """Chapter 5's two panels: the paths on the valley (left), the loss per step (right).

    Returns
    -------
    (Figure, ValleyArtists, list of Line2D)

    See chapter 5, "A valley".
    """
    fig = new_figure(figsize=figsize)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.17, top=0.9, wspace=0.22)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
    artists = draw_valley(left, valley)
    draw_paths(artists, labels)
    return fig, artists, draw_step_losses(right, labels, n_steps, loss_range)


def _loss_words(value):
    return "diverged" if not np.isfinite(value) or value > 1e6 else f"{value:.3g}"


def valley_alt(labels, losses, step):
    """Alt text for the valley figure: whose paths it shows, and each one's loss at `step`.

    Parameters
    ----------
    labels : sequence of str
        One per optimiser, as in the legend.
    losses : sequence of sequence of float
        Each optimiser's loss after 0, 1, 2, ... steps.
    step : int
        The step the figure shows.
    """
    each = "; ".join(f"{label}: {_loss_words(values[step])}" for label, values in zip(labels, losses))
    return (f"Contour map of a long narrow valley with the paths of {', '.join(labels)} after {step} steps, "
            f"and their losses per step on a log scale. Loss at step {step}: {each}.")
