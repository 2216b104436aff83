"""What the benchmarks print and save: the machine, one table per part, the goals, results.json."""
import datetime
import importlib.metadata
import json
import os
import platform

import numpy as np

from .browser import table as browser_table
from .live import table as live_table
from .explorers import BACKGROUND
from .optimizers import table as optimizer_table


def version(package):
    """The installed version of `package`, or None if it is not installed."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or ``platform.processor()`` where there is none."""
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def blas():
    """NumPy's BLAS library, its version and the threads it may use."""
    from threadpoolctl import threadpool_info  # comes with scikit-learn

    pools = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    return [{"library": pool["internal_api"], "version": pool["version"], "threads": pool["num_threads"]}
            for pool in pools]


def machine():
    """Where and with what the numbers were measured."""
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "system": platform.platform(),
            "python": platform.python_version(), "numpy": np.__version__, "blas": blas(),
            "scikit-learn": version("scikit-learn"), "matplotlib": version("matplotlib"),
            "ipywidgets": version("ipywidgets"), "torch": version("torch"), "micrograd": version("micrograd"),
            "load_average_at_start": os.getloadavg()}


def header(run):
    m = run["machine"]
    torch = f"torch {m['torch']}" if m["torch"] else "torch not installed"
    micrograd = f"micrograd {m['micrograd']}" if m["micrograd"] else "micrograd not installed"
    load = ", ".join(f"{x:.1f}" for x in m["load_average_at_start"])
    return [f"{m['cpu']}, {m['cores']} cores; Python {m['python']}, numpy {m['numpy']}, {torch}, {micrograd}",
            f"{run['date']}: {run['command']}; load average at start {load} (1, 5, 15 min)"]


def training_table(training):
    names = training["implementations"]
    lines = [f"Training a {training['model']}",
             f"{training['samples']} samples, learning rate {training['learning_rate']}, "
             f"median of {training['repeats']} repeats",
             "",
             f"{'':12}{'CPU time per epoch (ms)':^{10 * len(names)}}  {'CPU time per step (µs)':^{10 * len(names)}}",
             f"{'batch steps':12}" + "".join(f"{n:>10}" for n in names) + "  "
             + "".join(f"{n:>10}" for n in names) + "  nnlib/numpy  torch/nnlib  (wall clock)"]
    for size, entry in training["batch_sizes"].items():
        epoch = "".join(f"{entry['epoch_seconds'][n] * 1e3:10.2f}" for n in names)
        step = "".join(f"{entry['step_seconds'][n] * 1e6:10.1f}" for n in names)
        ratios = f"{entry['ratios']['nnlib/numpy']:10.2f}x"
        ratios += f"  {entry['ratios']['torch/nnlib']:10.1f}x" if "torch" in names else f"  {'-':>11}"
        wall = entry["wall_ratios"]
        ratios += f"  ({wall['nnlib/numpy']:.2f}x" + (f", {wall['torch/nnlib']:.1f}x)" if "torch" in names else ")")
        lines.append(f"{size:>5} {entry['steps_per_epoch']:>5} {epoch}  {step}  {ratios}")
    return lines + guard_lines(training)


def guard_lines(training):
    lines = ["", f"Guard: the loss on all {training['samples']} samples after one epoch from the same weights"]
    for size, entry in training["batch_sizes"].items():
        losses = ", ".join(f"{n} {loss:.10f}" for n, loss in entry["loss_after_one_epoch"].items())
        lines.append(f"  batch {size:>3}: {losses}; max |difference| {entry['max_loss_difference']:.1e} "
                     f"(parameters {entry['max_parameter_difference']:.1e})")
    if "torch" in training["skipped"]:
        lines.append(f"  torch: skipped, {training['skipped']['torch']}")
    return lines


def micrograd_table(micrograd):
    if "skipped" in micrograd:
        return [f"micrograd: skipped, {micrograd['skipped']}"]
    lines = [f"micrograd against nnlib, the training network on the same steps, {micrograd['samples_per_batch_size']} "
             f"samples per batch size, median of {micrograd['repeats']} repeats (CPU time per step)",
             f"{'batch steps':12}{'micrograd':>12}{'(collector running)':>21}{'nnlib':>10}{'ratio':>9}"
             f"{'(collector running)':>21}  guard |loss difference|"]
    for size, entry in micrograd["batch_sizes"].items():
        seconds, ratios = entry["step_seconds"], entry["ratios"]
        lines.append(f"{size:>5} {entry['steps']:>5} {seconds['micrograd'] * 1e3:9.1f} ms"
                     f"{seconds['micrograd, garbage collector running'] * 1e3:18.1f} ms{seconds['nnlib'] * 1e6:7.1f} µs"
                     f"{ratios['micrograd/nnlib']:8.0f}x{ratios['micrograd, garbage collector running/nnlib']:20.0f}x"
                     f"  {entry['max_loss_difference']:.1e}")
    return lines + [f"batch {size}: not timed, {why}" for size, why in micrograd["not_timed"].items()]


def explorer_table(explorers):
    lines = ["In-process update time (wall clock) of each explorer control (setting its value or clicking it)",
             f"{'explorer':20}{'control':24}{'median':>10}{'max':>10}{'CPU median':>14}  updates"]
    for name, explorer in explorers.items():
        if "skipped" in explorer:
            lines.append(f"{name:20}skipped: {explorer['skipped']}")
            continue
        if "error" in explorer:
            lines.append(f"{name:20}ERROR {explorer['error']}")
            continue
        lines.append(f"{name:20}{'(build)':24}{explorer['build_seconds'] * 1e3:7.1f} ms{'':10}"
                     f"{explorer['build_cpu_seconds'] * 1e3:11.1f} ms")
        for control, entry in explorer["controls"].items():
            errors = f"  errors: {'; '.join(entry['errors'])}" if entry["errors"] else ""
            background = ""
            if f"{name}: {control}" in BACKGROUND:
                background = "  (runs in the background in a notebook: not an update)"
            lines.append(f"{'':20}{control:24}{entry['median_seconds'] * 1e3:7.1f} ms"
                         f"{entry['max_seconds'] * 1e3:7.1f} ms{entry['median_cpu_seconds'] * 1e3:11.1f} ms"
                         f"  {entry['updates']}{errors}{background}")
    return lines


def test_table(tests):
    lines = [f"Test suite, run once as make test runs it: {tests['summary']}",
             f"{'part':36}{'seconds':>8}"]
    for name, part in tests["parts"].items():
        lines.append(f"{name:36}{part['seconds']:8.2f}" + ("" if part["passed"] else "  (a test failed)"))
    lines.append(f"{'start-up and collection':36}{tests['startup_seconds']:8.2f}")
    lines.append(f"{'total (wall time)':36}{tests['total_seconds']:8.2f}")
    return lines


def goal_table(goals):
    return ["Goals"] + [f"  {g['status']:4}  {g['goal']}: {g['measured']}" for g in goals]


def busy_note(run):
    """A warning when other programs kept the machine's cores busy: absolute times are then inflated."""
    loads = [run["machine"]["load_average_at_start"][0], run["load_average_at_end"][0]]
    cores = run["machine"]["cores"]
    if max(loads) <= cores:  # the run itself keeps about one core busy
        return []
    return [f"Note: the machine was busy (1-minute load average {loads[0]:.1f} at start, {loads[1]:.1f} at end, "
            f"{cores} cores). Times are inflated and ratios noisier: rerun when it is quiet."]


def text(run):
    """The whole report as text, one part after the other."""
    sections = [header(run)]
    for part, table in [("training", training_table), ("micrograd", micrograd_table), ("explorers", explorer_table),
                        ("tests", test_table), ("optimizers", optimizer_table), ("browser", browser_table),
                        ("live", live_table)]:
        if part in run:
            sections.append(table(run[part]))
    goals = run["goals"] + run.get("browser", {}).get("goals", []) + run.get("live", {}).get("goals", [])
    took = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in run["part_seconds"].items())
    sections.append(goal_table(goals) + busy_note(run) + [f"This run took {took}."])
    return "\n\n".join("\n".join(lines) for lines in sections)


def new_run(quick, only):
    """The start of a run's record: machine, date and options."""
    return {"machine": machine(), "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": "python -m benchmarks" + (" --quick" if quick else "") + (f" --only {only}" if only else ""),
            "quick": quick}


def save(run, path):
    """Write the run to `path` as indented JSON (the directory is made if needed)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        json.dump(run, file, indent=1)
        file.write("\n")
