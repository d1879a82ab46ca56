# Fault Lines. `make run` sets everything up and serves the dashboard on
# http://localhost:8501; `make test` sets everything up and runs every test.
# Needs only python3 (with venv) and the package registries; `make test` also installs
# Debian's chromium for the browser tests when it is missing and it can.

VENV    := .venv
PYTHON  := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# make run [HOST=0.0.0.0] [PORT=8600] [SERVER_NAME=dashboard.example.org]: without them the
# address and port of .streamlit/config.toml apply (127.0.0.1:8501). Serving a network
# address, the server answers to SERVER_NAME (default: this machine's name) and localhost,
# prints that URL, and refuses any other Host header (DNS rebinding).
HOST        ?=
PORT        ?=
NETWORK     := $(filter-out 127.0.0.1 localhost ::1,$(HOST))
SERVER_NAME ?= $(if $(NETWORK),$(shell hostname -f 2>/dev/null || hostname))
HOST_NAMES  := localhost 127.0.0.1 ::1 $(SERVER_NAME) \
               $(if $(NETWORK),$(shell hostname -I 2>/dev/null))
RUN_FLAGS   := $(if $(HOST),--server.address $(HOST)) $(if $(PORT),--server.port $(PORT)) \
               $(if $(SERVER_NAME),--browser.serverAddress $(SERVER_NAME) \
                 $(foreach name,$(HOST_NAMES),--server.allowedHosts $(name)))

.PHONY: setup run test lint format chromium lock validate benchmark clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# `streamlit run app.py` with the startup hardening of src/dashboard/ui/server.py. One BLAS
# thread: the server's linear algebra is small (a 40-actor network), and threaded OpenBLAS
# made it 30 times slower on a 2-core machine while readers' sessions compete for the cores.
run: setup
	OPENBLAS_NUM_THREADS=1 $(PYTHON) -m dashboard.ui.server $(strip $(RUN_FLAGS))

chromium:
	@scripts/ensure_chromium.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: setup chromium lint
	$(PYTHON) -m pytest

validate: setup
	$(VENV)/bin/dashboard validate data

benchmark: setup
	$(PYTHON) benchmarks/page_times.py

# Re-resolve the pinned dependencies after editing pyproject.toml.
lock: setup
	$(PYTHON) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache
