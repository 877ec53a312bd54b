# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Certificates and the demo's printed links name the address the site is served at.
export SITE_URL ?= http://127.0.0.1:$(PORT)
DJANGO_SETTINGS_MODULE ?= config.settings.dev
# Test processes (pytest-xdist): one per core by default; 0 runs the suite in this process.
# `--dist load` hands each worker its tests in pytest-django's order (database tests first, then
# the transactional ones, which flush the database); worksteal and loadfile break that order.
# PYTEST_ARGS passes more options, e.g. PYTEST_ARGS="tests/awards -x".
PYTEST_WORKERS ?= auto

.PHONY: run test install messages migrate seed lint check-deploy prod-smoke benchmark load-test clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Compile our Vietnamese catalogues (the compiled .mo files are also committed, so a machine
# without gettext still runs in Vietnamese).
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0; \
	else echo "msgfmt not found: using the committed .mo files"; fi

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo

# The task worker (e-mails) runs in the background beside the development server and stops with
# it, whether by Ctrl-C or because the server could not start.
run: messages seed
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Wagtail admin: /admin/); task worker alongside"
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(date +%s)-a-long-random-enough-value-for-the-check} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-thidua.example.vn} \
	$(PY) manage.py check --deploy --fail-level WARNING

# The real stack with the production settings: a fresh PostgreSQL database, Redis as the cache,
# two gunicorn instances and two task workers (deploy/smoke.py; it stops all it starts).
prod-smoke: install
	$(PY) deploy/smoke.py

benchmark: migrate
	$(PY) benchmarks/tree.py
	$(PY) benchmarks/reviews.py
	$(PY) benchmarks/public_site.py --requests 100

# The public site under load (issue 14 §8): gunicorn with two workers, 20 visitors for 60 s, on
# the PostgreSQL database in BENCH_DATABASE_URL (built by benchmarks/national.py).
load-test: install
	$(PY) -m pip install --quiet -e ".[dev,load]"
	$(PY) benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
