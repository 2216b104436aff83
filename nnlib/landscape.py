"""A loss in two parameters: a long, narrow valley, to watch optimisers walk. See chapter 5.

Near a minimum every smooth loss looks like a quadratic bowl, L(w) = 1/2 w^T H w, whose curvatures
are the eigenvalues of H. When one curvature is much larger than another the bowl is a narrow
valley, and a learning rate small enough for the steep walls crawls along the flat floor.
"""
import numpy as np

from ._checks import as_floats, check_positive_int, check_positive_number


class Valley:
    """The quadratic loss L(w) = 1/2 w^T H w in two parameters, with its minimum L = 0 at w = 0.

    Parameters
    ----------
    steep : float > 0, default=1.0
        The curvature across the valley (along w2).
    flat : float > 0, default=0.02
        The curvature along it (along w1).

    Attributes
    ----------
    hessian : ndarray of shape (2, 2)
        ``diag(flat, steep)``.

    See chapter 5, "A valley".
    """

    def __init__(self, steep=1.0, flat=0.02):
        steep = check_positive_number(steep, "steep", "Valley")
        flat = check_positive_number(flat, "flat", "Valley")
        self.hessian = np.diag([flat, steep])

    def loss(self, w):
        """L(w) for a point (shape (2,)) or for many points (shape (..., 2)): 1/2 w^T H w."""
        w = np.asarray(w, dtype=float)
        return 0.5 * np.einsum("...i,ij,...j->...", w, self.hessian, w)

    def gradient(self, w):
        """dL/dw = H w, shape (2,)."""
        return self.hessian @ np.asarray(w, dtype=float)

    def path(self, optimizer, start, n_steps):
        """Walk `n_steps` steps of `optimizer` (``optimizer.update``) from `start`.

        Parameters
        ----------
        optimizer : nnlib.optimizers.SGD or Adam
            A new one: its running state starts here.
        start : array-like of shape (2,)
        n_steps : int >= 1

        Returns
        -------
        ndarray of shape (n_steps + 1, 2)
            The points, from `start`. If the walk overflows (too large a learning rate), the rest are inf.
        """
        w = as_floats(start, "start", "Valley.path").copy()
        if w.shape != (2,) or not np.isfinite(w).all():
            raise ValueError(f"Valley.path expected start to be 2 finite numbers (w1, w2), got {start!r}.")
        n_steps = check_positive_int(n_steps, "n_steps", "Valley.path")
        points = np.full((n_steps + 1, 2), np.inf)
        points[0] = w
        with np.errstate(over="ignore", invalid="ignore"):
            for k in range(1, n_steps + 1):
                optimizer.update([w], [self.gradient(w)])
                if not np.isfinite(w).all() or np.abs(w).max() > 1e12:
                    break
                points[k] = w
        return points


def steps_to_reach(losses, target):
    """The first step at which `losses` is at or below `target`, or None if it never is. See chapter 5."""
    target = check_positive_number(target, "target", "steps_to_reach")
    below = np.flatnonzero(np.asarray(losses, dtype=float) <= target)
    return int(below[0]) if below.size else None
