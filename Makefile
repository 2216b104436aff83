# Neural networks from scratch: build the website, run every test, re-execute the notebooks.
# Each target sets up what it needs on a fresh machine: a virtual environment in .venv (from
# requirements-dev.txt) and the site's JavaScript from npm (package-lock.json).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The same stored digits on every machine. One BLAS thread: the same summation order (and faster for
# the course's small matrices than threads fighting over two cores). The same machine code on every
# x86-64 processor since 2013 (AVX2 and FMA): OpenBLAS and NumPy otherwise pick kernels by processor
# (OpenBLAS's SkylakeX kernels on an Intel Xeon, its Haswell ones on an AMD EPYC; NumPy's exp and log
# for AVX-512 where it has it), and they differ in the last bit, which the course's chaotic runs at the
# edge of stability (chapters 4 and 5) turn into other printed numbers. tools/execute_notebooks.py sets
# the same.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export OPENBLAS_CORETYPE := Haswell
export NPY_DISABLE_CPU_FEATURES := X86_V4 AVX512_ICL AVX512_SPR

SOURCES := _config.yml _toc.yml $(wildcard book/*.ipynb book/*.md _assets/*.js _assets/*.css _ext/*.py _templates/*.html live/*)
# The in-browser part (_build/html/lite) also holds nnlib's wheel, built from the repository.
SOURCES += tools/build_lite.py tools/pyodide_compile.mjs requirements-lite.txt pyproject.toml $(wildcard nnlib/*.py nnlib/*/*.py nnlib/*.gz)

.PHONY: book test execute lab benchmark vendor clean

book: _build/html/index.html  ## build the website into _build/html, with its in-browser part in _build/html/lite

test: $(VENV)/.installed _assets/npm/LICENSES.md  ## run every test: unit, notebooks (strict nbval), site in Chromium
	$(BIN)/python -m pytest tests book --nbval --nbval-current-env -q

execute: $(VENV)/.installed  ## re-execute every notebook in place (one clean run each), for authors
	$(BIN)/python tools/execute_notebooks.py

lab: $(VENV)/.installed  ## open the notebooks live in JupyterLab
	$(BIN)/jupyter lab book/

benchmark: $(VENV)/.installed  ## time nnlib against hand-written NumPy (and PyTorch, micrograd if present)
	$(BIN)/python -m benchmarks

vendor: _assets/npm/LICENSES.md

_build/html/index.html: $(VENV)/.installed _assets/npm/LICENSES.md $(SOURCES)
	@# From scratch (about 10 s): Sphinx 7.4 never overwrites a static file it copied before, so an
	@# edited _assets/ file would stay stale in an incremental build.
	rm -rf _build
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The website is in _build/html: open _build/html/index.html, or serve it to run chapters in the"
	@echo "browser (Pyodide cannot load from file://): $(PYTHON) -m http.server -d _build/html, then http://localhost:8000"

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

_assets/npm/LICENSES.md: package.json package-lock.json tools/vendor_assets.py $(wildcard live/*)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PYTHON) tools/vendor_assets.py

clean:
	rm -rf _build _assets/npm _assets/live node_modules build .lite-cache
