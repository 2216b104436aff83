"""What every exercise checker shares: the Feedback it returns and the helpers that read an answer.

A checker never raises: whatever the reader typed (None, a string, a wrong shape, NaN, a function that
raises), it returns a Feedback that says what it found and, for a wrong answer, how to fix it.
"""

import copy
import functools
import html
import os
import re
import sysconfig
import traceback
import warnings

import numpy as np

_LABELS = {"correct": "Correct!", "wrong": "Not quite:", "unanswered": "Not answered yet:"}
_COLOURS = {"correct": "46, 125, 50", "wrong": "199, 119, 0", "unanswered": "96, 125, 139"}  # green, amber, grey


class Feedback:
    """A checker's verdict: truthy when the answer is right, shown in a notebook as its message.

    Attributes
    ----------
    correct : bool
        True when the answer is right.
    status : str
        "correct", "wrong" or "unanswered".
    message : str
        What the checker found and, for a wrong answer, a hint (never the solution): the
        ``text`` and the ``hint`` (or None), each also an attribute.

    See the Exercises section of each chapter.
    """

    def __init__(self, status, text, hint=None):
        self.status, self.correct = status, status == "correct"
        self.text, self.hint = text, hint
        self.message = f"{_LABELS[status]} {text}" + (f"\nHint: {hint}" if hint else "")

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return self.message

    def _repr_html_(self):
        def render(text):  # `code` in backticks; line breaks kept
            return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text)).replace("\n", "<br>")
        hint = f"<br><em>Hint:</em> {render(self.hint)}" if self.hint else ""
        rgb = _COLOURS[self.status]
        return (f'<div class="nnlib-feedback" style="border-left: 4px solid rgb({rgb}); '
                f'background: rgba({rgb}, 0.12); padding: 0.4em 0.8em; margin: 0.2em 0;">'
                f"<strong>{_LABELS[self.status]}</strong> {render(self.text)}{hint}</div>")


class Stop(Exception):
    """Raised by the helpers below to end a check early with `feedback`."""

    def __init__(self, feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def correct(text):
    return Feedback("correct", text)


def wrong(text, hint=None):
    return Feedback("wrong", text, hint)


def unanswered(text):
    return Feedback("unanswered", text)


def checker(check):
    """Make `check(answer)` total: it returns Feedback whatever the answer, never a traceback."""
    @functools.wraps(check)
    def wrapped(answer):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):  # NaN and overflow get words instead
                warnings.simplefilter("ignore")
                return check(answer)
        except Stop as stop:
            return stop.feedback
        except Exception as error:  # a bug of the checker's own, on an answer nobody foresaw
            return wrong(f"the checker could not read this answer ({describe_error(error)}).",
                         "compare your answer's type and shape with what the exercise asks for.")
    return wrapped


def describe(value):
    """A few words for what `value` is: "the string 'abc'", "a list", "an array of shape (2, 3)"."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}" + ("" if value.dtype.kind in "biuf" else f" and dtype {value.dtype}")
    if callable(value):
        return "a function"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def describe_error(error):
    text = str(error)
    return f"{type(error).__name__}: {text[:200]}{'...' if len(text) > 200 else ''}" if text else type(error).__name__


# Where libraries live: a frame in one of them is not the reader's (nnlib, numpy, the standard library).
_LIBRARIES = tuple({os.path.normcase(os.path.realpath(folder)) + os.sep for folder in [
    os.path.dirname(os.path.dirname(__file__)), os.path.dirname(np.__file__),
    *(sysconfig.get_paths().get(key) for key in ("stdlib", "platstdlib", "purelib", "platlib"))] if folder})
# The file names a cell's code gets: IPython's own (also in the in-browser Pythons), ipykernel's
# (JupyterLab, Binder), and exec's and the console's.
_CELLS = re.compile(r"<ipython-input-|.*ipykernel_|<cell|<string>$|<stdin>$|<exec>$")


def reader_frame(error):
    """The frame of the reader's code where `error` was raised (a traceback.FrameSummary), or None.

    The innermost frame of the traceback outside nnlib, numpy and the standard library. IPython names
    a cell's file "<ipython-input-...>", ipykernel ".../ipykernel_.../....py".
    """
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        filename = frame.filename
        if _CELLS.match(filename) or not (filename.startswith("<")  # "<frozen ...>", numpy's "<__array_...>"
                                          or os.path.normcase(os.path.realpath(filename)).startswith(_LIBRARIES)):
            return frame
    return None


def where_raised(error):
    """Where in the reader's code `error` was raised: "line 7 of your cell, in `forward`", or None."""
    frame = reader_frame(error)
    if frame is None:
        return None
    cell = _CELLS.match(frame.filename)
    place = f"line {frame.lineno} of {'your cell' if cell else os.path.basename(frame.filename)}"
    return place + (f", in `{frame.name}`" if frame.name != "<module>" else "")


def raised(error):
    """What the reader's code raised, and where: "ValueError at line 7 of your cell, in `f`: ..."."""
    place, name = where_raised(error), type(error).__name__
    return describe_error(error) if place is None else f"{name} at {place}{describe_error(error)[len(name):]}"


def read_array(value, what, unanswered_text=None):
    """`value` as a float array, any shape; stop with feedback if it is not numbers."""
    if value is None:
        raise Stop(unanswered(unanswered_text or f"replace None with {what}."))
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            raise Stop(wrong(f"expected {what}, got {describe(value)}.")) from None
        raise Stop(wrong(f"expected {what}, got {describe(value)}: a number in quotes is text.",
                         "remove the quotes."))
    if callable(value) or isinstance(value, (dict, set, bool, np.bool_)):
        raise Stop(wrong(f"expected {what}, got {describe(value)}."))
    try:
        array = np.asarray(value)
    except Exception:
        raise Stop(wrong(f"expected {what}, got a ragged nested sequence (rows of different lengths).")) from None
    if array.dtype.kind not in "iuf" or array.size == 0:
        if array.dtype.kind == "b":
            raise Stop(wrong(f"expected {what}, got booleans (True/False)."))
        raise Stop(wrong(f"expected {what}, got {describe(value)}" + ("." if array.size else ", which is empty.")))
    array = array.astype(float)
    if not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "infinity"
        raise Stop(wrong(f"your answer contains {bad}.", "NaN comes from 0/0 or inf - inf, infinity from an "
                         "overflow (np.exp of a large number, say): look for where it first appears."))
    return array


def read_number(value, what):
    """`value` as one float (a size-1 array will do); stop with feedback otherwise."""
    array = read_array(value, what)
    if array.size != 1:
        raise Stop(wrong(f"expected {what}, one number, got {array.size} numbers (shape {array.shape})."))
    return float(array.reshape(()))


def matches(answer, value, rtol, atol):
    value = np.asarray(value, dtype=float)
    return answer.shape == value.shape and bool(np.allclose(answer, value, rtol=rtol, atol=atol))


def judge(answer, expected, mistakes=(), *, what, hint, praise, rtol=5e-3, atol=1e-6):
    """Feedback on a numeric answer: right, one of the known `mistakes`, or how it differs.

    `mistakes` are (value, text, hint) for typical wrong answers, most specific first (a value of None
    is skipped: see ``attempt``); the sign, a factor of 2, a transpose and a lost shape are always
    tried after them. No message shows `expected`.
    """
    answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    if matches(answer, expected, rtol, atol):
        return correct(praise)
    generic = [(-expected, "the sign is flipped.", hint),
               (2 * expected, "off by a factor of 2: your answer is twice the right value.", hint),
               (expected / 2, "off by a factor of 2: your answer is half the right value.", hint)]
    if expected.ndim == 2:
        generic.append((expected.T, f"your answer is transposed: shape {answer.shape}, expected "
                        f"{expected.shape}.", "rows are samples: one row per sample."))
    for value, text, tip in [*mistakes, *generic]:  # a typical slip, rounded as readers round: 0.5%
        if value is not None and matches(answer, value, max(rtol, 5e-3), atol):
            return wrong(text, tip)
    if answer.shape != expected.shape:
        if answer.size == expected.size and np.allclose(answer.reshape(expected.shape), expected, rtol=rtol, atol=atol):
            return wrong(f"the numbers are right but the shape is {answer.shape}, expected {expected.shape}.",
                         "do not flatten or reshape the result.")
        return wrong(f"{what} should have shape {expected.shape}, yours has shape {answer.shape}.", hint)
    if answer.ndim == 0:
        if abs(answer - expected) <= 0.03 * abs(expected):
            return wrong("close, but not within rounding.", "keep more digits in the intermediate steps.")
        return wrong(f"that is not {what}.", hint)
    right = np.isclose(answer, expected, rtol=rtol, atol=atol)
    return wrong(f"{int(right.sum())} of the {right.size} entries of {what} are right.", hint)


def attempt(compute):
    """`compute()`, or None if it raises: a typical wrong answer that some shapes make impossible."""
    try:
        return compute()
    except ValueError:
        return None


def require_function(function, name):
    """Stop with feedback unless `function` is a function: None is unanswered, anything else wrong."""
    if function is None:
        raise Stop(unanswered(f"replace None with your function `{name}`."))
    if not callable(function):
        raise Stop(wrong(f"expected a function, got {describe(function)}.",
                         f"give the function itself, `{name}`, without calling it."))


def call(function, name, args, hint, show_args, context="", explain=None):
    """`function(*args)` on copies of `args`; stop with feedback if it is no function, raises or returns None.

    `hint` is a string, or a function of the exception that returns one; `explain`, if given, a
    function of the exception that returns Feedback for the errors it knows (None for others). The
    feedback on an exception says where in the reader's code it was raised. Returns (result, copies):
    the copies tell whether the function changed its inputs in place.
    """
    require_function(function, name)
    copies = copy.deepcopy(args)
    try:
        result = function(*copies)
    except Exception as error:
        known = explain(error) if explain else None
        if known is not None:
            raise Stop(known) from None
        raise Stop(wrong(f"`{name}({show_args})`{context} raised {raised(error)}",
                         hint(error) if callable(hint) else hint)) from None
    if result is None:
        raise Stop(unanswered(f"`{name}` returns None: replace `return None` with your computation "
                              "(or add the missing `return`)."))
    return result, copies


def changed(before, after):
    """Whether a function changed arrays it was given (compares the originals with the copies it got)."""
    if isinstance(before, np.ndarray):
        return before.shape != np.shape(after) or not np.array_equal(before, after, equal_nan=True)
    if isinstance(before, (list, tuple)):
        return any(changed(b, a) for b, a in zip(before, after))
    return False
