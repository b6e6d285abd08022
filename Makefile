# The README's two commands: `make demo` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export JUNXIU_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: setup demo test fuzz docs schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml examples/junxiu-meals/pyproject.toml examples/tutorial-plugin/pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,docs,metrics]" -e examples/junxiu-meals -e examples/tutorial-plugin
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/junxiu demo

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

docs: setup
	$(BIN)/junxiu docs build

schema: setup
	JUNXIU_PLUGINS= $(BIN)/junxiu schema export --all-builtin -o graphql/schema.graphql

clean:
	rm -rf $(VENV) site
