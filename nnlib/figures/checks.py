"""Text tables for chapter 3's gradient check: a report per parameter, and errors per way of computing them.

Errors below ``SHOWN`` are rounding noise whose digits change from machine to machine (and from one
BLAS to another), so they print as "< 1e-4"; what matters is that they are far below
``nnlib.gradcheck.TOLERANCE``.
"""
import numpy as np

SHOWN = 1e-4
"""Errors below this print as "< 1e-4": a tenth of TOLERANCE, and far above any digits that vary."""


def error_text(error):
    """One error as text: "< 1e-4" below ``SHOWN``, else two significant digits."""
    return f"< {SHOWN:.0e}".replace("e-0", "e-") if error < SHOWN else f"{error:.2g}"


def report_table(report):
    """``gradient_report``'s records as a table: shape, largest |gradient|, largest error, kinks.

    Parameters
    ----------
    report : list of nnlib.GradientRecord

    Returns
    -------
    str
    """
    lines = [f"{'parameter':<17}{'shape':<9}{'max |gradient|':>15}{'max error':>11}{'kinks':>7}"]
    for record in report:
        lines.append(f"{record.name:<17}{str(record.analytic.shape):<9}{np.abs(record.analytic).max():>15.4f}"
                     f"{error_text(record.max_relative_error):>11}{int(record.kinks.sum()):>7}")
    return "\n".join(lines)


def error_table(errors, column_labels):
    """Rows of errors, one per way of computing the gradients, one column per parameter.

    Parameters
    ----------
    errors : dict of str to sequence of float
        ``{"nnlib backward": [error of W1, b1, ...], ...}``.
    column_labels : sequence of str

    Returns
    -------
    str
    """
    width = max(len(label) for label in errors) + 2
    lines = [" " * width + "".join(f"{label:>9}" for label in column_labels)]
    lines += [f"{label:<{width}}" + "".join(f"{error_text(e):>9}" for e in row) for label, row in errors.items()]
    return "\n".join(lines)
