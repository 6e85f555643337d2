# Everyday commands. `make demo` and `make test` do all the set-up they need.
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The address emails link to in the demo: the one runserver listens on below.
DEMO_SITE_URL ?= http://127.0.0.1:$(PORT)
PYTEST_WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: bench install demo serve test check lint typecheck pytest-sqlite pytest-postgres messages compilemessages clean lock

$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed"'
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

# axe-core for the browser tests (the demo itself needs no Node.js).
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

install: $(BIN)/.installed compilemessages

compilemessages: $(BIN)/.installed
	@$(BIN)/python scripts/i18n.py compile

demo: install
	DEMO=1 $(BIN)/python manage.py migrate --noinput -v 0
	DEMO=1 SITE_URL=$(DEMO_SITE_URL) $(BIN)/python manage.py demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (the task worker and the tick run beside it; Ctrl-C stops all)"
	@DEMO=1 SITE_URL=$(DEMO_SITE_URL) $(BIN)/python manage.py db_worker >var/worker.log 2>&1 & W=$$!; \
	 DEMO=1 SITE_URL=$(DEMO_SITE_URL) $(BIN)/python manage.py tick --loop >var/tick.log 2>&1 & T=$$!; \
	 trap "kill $$W $$T 2>/dev/null" EXIT INT TERM; \
	 DEMO=1 SITE_URL=$(DEMO_SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/djade --check $$(find src -name '*.html')
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

typecheck: $(BIN)/.installed
	DEMO=1 $(BIN)/mypy src

check: install
	$(BIN)/python scripts/i18n.py check
	SECRET_KEY=ci-check-$$RANDOM-$$RANDOM-$$RANDOM-$$RANDOM-long-enough-secret-key $(BIN)/python manage.py makemigrations --check --dry-run

pytest-sqlite: install node_modules/.installed
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

pytest-postgres: install node_modules/.installed
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test: lint typecheck check pytest-sqlite pytest-postgres

# Search at national scale (100,000 groups), then an import of 10,000 groups; not part
# of `make test`. See bench/search.py and bench/imports.py.
bench: install
	$(BIN)/python bench/search.py
	$(BIN)/python bench/imports.py

# Extract the messages of the code into the .po files (needs GNU gettext).
messages: $(BIN)/.installed
	cd src/entraide && ../../$(BIN)/python ../../manage.py makemessages -l fr -l de -l it -l en --no-location --no-obsolete -i "static/*"
	$(BIN)/python scripts/i18n.py fill-english

lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --universal --python-version 3.12 --no-header --no-annotate -o requirements.lock

clean:
	rm -rf $(VENV) node_modules var
