"""Drawing for chapter 4's handwritten digits: the confusion matrix, and the digits a network got wrong."""
import numpy as np


def draw_confusion_matrix(ax, matrix, title="confusion matrix"):
    """Draw a confusion matrix as a labelled grid: rows are true classes, columns predicted ones.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    matrix : array of int, shape (n_classes, n_classes)
        From ``nnlib.confusion_matrix``: ``matrix[i, j]`` samples of class i were predicted as j.
    title : str

    Returns
    -------
    matplotlib.image.AxesImage
        Shaded by log(1 + count), so that the few mistakes show beside the large diagonal.
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"draw_confusion_matrix expected a square matrix (n_classes, n_classes), "
                         f"got shape {matrix.shape}.")
    image = ax.imshow(np.log1p(matrix), cmap="Blues")
    bright = 0.6 * np.log1p(matrix.max())  # white text on the darker cells
    for (row, column), count in np.ndenumerate(matrix):
        if count:
            ax.text(column, row, str(count), ha="center", va="center", fontsize=8,
                    color="white" if np.log1p(count) > bright else "black")
    ax.set_xticks(range(len(matrix)))
    ax.set_yticks(range(len(matrix)))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title, fontsize=10)
    return image


def draw_digits(fig, images, titles, columns=8):
    """Draw 8x8 digit images in a grid, one titled panel each.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Empty; about 1.6 inches of height per row of `columns` digits reads well.
    images : array, shape (n_digits, 64)
        Pixel values from 0 (white) to 1 (black), a row per digit, as ``nnlib.data.digits`` gives them.
    titles : sequence of str
        One per digit.
    columns : int

    Returns
    -------
    list of matplotlib.axes.Axes
        One per digit.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] != 64 or len(titles) != len(images):
        raise ValueError(f"draw_digits expected images of shape (n_digits, 64) and one title each, "
                         f"got shape {images.shape} and {len(titles)} titles.")
    rows = max(1, -(-len(images) // columns))
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.88, wspace=0.15, hspace=0.6)
    axes = []
    for k, (image, title) in enumerate(zip(images, titles)):
        ax = fig.add_subplot(rows, columns, k + 1)
        ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(title, fontsize=8)
        ax.axis("off")
        axes.append(ax)
    return axes
