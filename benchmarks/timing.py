"""How the benchmarks read the clock: wall time and CPU time around one call.

On a shared machine, other programs can take the CPU away in the middle of a measurement: the wall
time then grows, the process's CPU time much less. Training runs on one thread, so on an idle
machine the two agree, and its tables show CPU time. The explorers use NumPy's BLAS threads as a
notebook does, whose waiting counts as CPU time, so their tables show wall time. results.json keeps
both.
"""
import gc
import time


def timed(function, *args, pause_gc=True, **kwargs):
    """Call ``function(*args, **kwargs)`` once and measure how long it takes.

    Parameters
    ----------
    pause_gc : bool, default=True
        Collect garbage first, then pause Python's garbage collector during the call, as ``timeit``
        does, so that a collection left over from earlier work does not land in this measurement.
        False leaves the collector alone, as in a notebook.

    Returns
    -------
    (wall_seconds, cpu_seconds, result) : (float, float, object)
        ``time.perf_counter`` and ``time.process_time`` (all threads of this process) differences.
    """
    if pause_gc:
        gc.collect()
        gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        gc.enable()
    return wall, cpu, result
