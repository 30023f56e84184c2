# Both targets do their own set-up: a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUNTIME_STAMP := $(VENV)/.runtime-stamp

.PHONY: test demo lint typecheck compat unit codegen bench docs clean

# Everything CI needs (runtime + dev tools).
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP) $(RUNTIME_STAMP)

# Only what the SDK itself needs: enough for the demo, and much quicker on a fresh machine.
$(RUNTIME_STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $(RUNTIME_STAMP)

test: lint typecheck compat unit docs

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The package, and the examples: they are what users copy, and they check that the public API
# fits together for a strict caller (e.g. a real client where a protocol is expected).
typecheck: $(STAMP)
	$(PY) -m mypy --strict greengrass_sdk
	$(PY) -m mypy --strict examples

unit: $(STAMP)
	$(PY) -m coverage run -m pytest
	$(PY) -m coverage report --fail-under=80

# The client pipeline and the models on every other supported Python the machine has (3.12, 3.13).
compat: $(STAMP)
	bash .ci/compat

demo: $(RUNTIME_STAMP)
	$(PY) examples/quickstart.py

# The documentation site, strict: a broken link, reference or nav entry fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

codegen: $(STAMP)
	$(PY) -m codegen

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) .venv-3.* .coverage site
