# The README's two commands: `make demo` and `make test`. Only Python 3.11+ and make needed.
# Dependencies come from the committed lock (requirements.lock, with hashes); `make lock` refreshes it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
RUNTIME_LOCK := requirements-runtime.lock
WHEELHOUSE ?= build/wheelhouse
# the uv that compiles the locks, in its own environment (pinned: its output format is part of the lock)
UV_VERSION := 0.13.9
UV := $(VENV)/tools/bin/uv
COMPILE := pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade)
export JUNXIU_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: setup demo test fuzz mutation docs schema lock floors wheelhouse clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python $(LOCK) pyproject.toml examples/junxiu-meals/pyproject.toml examples/tutorial-plugin/pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e . -e examples/junxiu-meals -e examples/tutorial-plugin
	touch $(STAMP)

setup: $(STAMP)

# PORT=8001 when 8000 is taken
demo: setup
	$(BIN)/junxiu demo $(if $(PORT),--port $(PORT))

test: setup
	$(BIN)/ruff check core plugins tests examples bench
	$(BIN)/python -m pytest -q -p no:cacheprovider
	@if $(BIN)/python tests/postgres_available.py; then \
		JUNXIU_TEST_DB=postgres $(BIN)/python -m pytest -q -p no:cacheprovider; \
	elif [ -n "$$JUNXIU_TEST_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL does not answer at $$JUNXIU_TEST_POSTGRES_URL" >&2; exit 1; \
	else \
		echo "PostgreSQL does not answer at $$JUNXIU_TEST_POSTGRES_URL: its run is skipped"; \
	fi

# a long schemathesis run (the test suite runs a small budget of the same tests)
fuzz: setup
	JUNXIU_FUZZ_EXAMPLES=$${JUNXIU_FUZZ_EXAMPLES:-200} $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

# mutation testing of the modules that guard personal data and the rules (tests/mutation_run.py):
# hours on two cores, so not part of `make test`; GROUPS="scope crypto" runs some groups
mutation: setup
	$(BIN)/python tests/mutation_run.py $(GROUPS)

docs: setup
	$(BIN)/junxiu docs build

schema: setup
	JUNXIU_PLUGINS= $(BIN)/junxiu schema export --all-builtin -o graphql/schema.graphql

$(UV):
	$(PYTHON) -m venv $(VENV)/tools
	$(VENV)/tools/bin/python -m pip install --quiet uv==$(UV_VERSION)

# the development lock (what setup installs) and the runtime lock (what a server needs);
# keeps the pinned versions where pyproject.toml allows them, UPGRADE=1 takes the newest
lock: $(UV)
	$(UV) $(COMPILE) --extra test --extra docs --extra metrics --extra mutation -o $(LOCK)
	$(UV) $(COMPILE) --extra metrics -o $(RUNTIME_LOCK)

# the floors pyproject.toml declares, installed together (uv's lowest-direct resolution) in a
# scratch environment, and the suite run on them: a floor that does not work fails here
FLOORS := build/floors
floors: $(UV)
	$(UV) pip compile pyproject.toml --extra test --extra docs --extra metrics --resolution lowest-direct \
		--python-version 3.11 --quiet -o $(FLOORS).txt
	rm -rf $(FLOORS) && $(PYTHON) -m venv $(FLOORS)
	$(UV) pip install --quiet --python $(FLOORS)/bin/python -r $(FLOORS).txt
	$(UV) pip install --quiet --python $(FLOORS)/bin/python --no-deps -e . -e examples/junxiu-meals -e examples/tutorial-plugin
	JUNXIU_TEST_FLOORS=1 $(FLOORS)/bin/python -m pytest -q -p no:cacheprovider

# everything an intranet server without registries installs from: the runtime lock's wheels
# for this machine's Python and platform (or WHEELHOUSE_FOR="--python-version 3.12" …),
# junxiu's own wheel, and the lock (docs/operations/index.md, 离线安装)
wheelhouse: $(BIN)/python
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet --require-hashes --only-binary=:all: $(WHEELHOUSE_FOR) \
		-r $(RUNTIME_LOCK) -d $(WHEELHOUSE)
	$(BIN)/python -m pip wheel --quiet --no-deps . -w $(WHEELHOUSE)
	cp $(RUNTIME_LOCK) $(WHEELHOUSE)/

clean:
	rm -rf $(VENV) site build
