"""Drawing for chapter 3's gradient check: relative errors as a heat map on a log scale.

One row per way of computing the gradients (nnlib's backward, a hand-written one, one with a bug),
one column per parameter, each cell labelled with its error: a bug shows as a bright column.
"""
import numpy as np

VMIN, VMAX = -12, 0
"""The colour scale in log10(relative error): 1e-12 (rounding noise) to 1 (completely wrong)."""


def draw_error_map(ax, errors, column_labels, floor=1e-16):
    """Draw relative errors as a labelled heat map, log10 colour scale.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    errors : dict of str to sequence of float
        One row per label, e.g. ``{"nnlib backward": [error of W1, b1, ...]}``, each row as long
        as `column_labels`.
    column_labels : sequence of str
        One per column, e.g. the parameters' names.
    floor : float
        Errors below it, exact zeros included, are drawn as `floor` (log10(0) has no colour).

    Returns
    -------
    matplotlib.image.AxesImage
        ``fig.colorbar(image, ax=ax)`` adds the colour key.

    See chapter 3, "Backpropagation".
    """
    rows = [list(row) for row in errors.values()]
    if not rows or any(len(row) != len(column_labels) for row in rows):
        raise ValueError(f"draw_error_map expected one or more rows of {len(column_labels)} errors "
                         f"(one per column label), got rows of lengths {[len(row) for row in rows]}.")
    grid = np.log10(np.maximum(np.array(rows, dtype=float), floor))
    image = ax.imshow(grid, cmap="magma_r", vmin=VMIN, vmax=VMAX, aspect="auto")
    for (row, column), value in np.ndenumerate(grid):
        ax.text(column, row, f"{10 ** value:.0e}" if value < -3 else f"{10 ** value:.2f}", ha="center",
                va="center", fontsize=8, color="white" if value > -4 else "black")
    ax.set_xticks(range(len(column_labels)), column_labels)
    ax.set_yticks(range(len(rows)), list(errors))
    ax.set_title("max relative error against finite differences", fontsize=10)
    return image
