"""Re-execute the course notebooks in place: one clean, top-to-bottom run each, in a fresh kernel.

    python tools/execute_notebooks.py                 # every notebook in book/
    python tools/execute_notebooks.py book/01_*.ipynb  # some of them

The stored outputs are what strict nbval compares and what the website shows, so they must come from
exactly this: execution counts 1, 2, 3, ...; the widget state saved in the notebook's metadata (without
it, widgets render as nothing on the site); no timing metadata; a fixed hash seed; one BLAS thread and
the same kernels on every processor. Randomness in the chapters comes from seeded numpy Generators, so
two runs store the same text.
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
# As `make test` runs the notebooks (the Makefile says why): one BLAS thread, and the same kernels of
# OpenBLAS and NumPy on every x86-64 processor, so that every machine prints the same digits.
SAME_DIGITS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "OPENBLAS_CORETYPE": "Haswell", "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"}


def execute(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nbformat.write(notebook, path)


def main(paths: list[str]) -> None:
    os.environ["PYTHONHASHSEED"] = "0"  # inherited by the kernel: set/dict order never varies
    os.environ.update(SAME_DIGITS)
    notebooks = [Path(p).resolve() for p in paths] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in notebooks:
        start = time.perf_counter()
        execute(path)
        size = path.stat().st_size / 1e6
        print(f"executed {path.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s ({size:.2f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
