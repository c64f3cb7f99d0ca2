# Development tasks; a fresh clone needs only Python 3.11 and GNU make.
# With DATABASE_URL and REDIS_URL unset, the targets start a private PostgreSQL and Redis
# under var/ (scripts/devservers.py) and leave them running: `make stop` stops them.
# With those variables set, their servers are used and nothing is started.

PYTHON ?= $(if $(shell command -v python3.11),python3.11,python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
WEB_PORT ?= 8000
# pytest-xdist processes for `make test`; each has its own test database and Redis database.
TEST_WORKERS ?= 2

# The make targets are for development: DEBUG is on (with its development SECRET_KEY) unless
# the environment says otherwise, also when DATABASE_URL and REDIS_URL point at real servers.
export DEBUG ?= true

# The venv's gunicorn, celery, honcho and ruff, for the recipes and the Procfile alike.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.DEFAULT_GOAL := help
.PHONY: help install requirements system-packages servers stop status clean-servers migrate reference demo run shell test screenshots lint check-messages fuzz loadtest bench-growth

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# Reinstalls only when a requirements file changed (or the venv was removed).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## create .venv and install the pinned requirements

# The pins are compiled from the direct dependencies (requirements.in, requirements-dev.in);
# existing pins are kept, so change a version with ARGS="--upgrade-package NAME".
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras $(ARGS)
requirements: install ## compile requirements*.txt from requirements*.in (pip-tools)
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

# Debian's Chromium, CJK fonts and gettext (scripts/system_packages.sh): installed when
# missing and run as root; otherwise one sentence says which command to run.
system-packages: ## install the system packages the tests need, if missing
	@scripts/system_packages.sh

servers: install ## start the private PostgreSQL and Redis (if their URLs are unset)
	$(PY) scripts/devservers.py start

stop: ## stop the private PostgreSQL and Redis
	@if [ -x $(PY) ]; then $(PY) scripts/devservers.py stop; fi

status: ## tell whether the private servers are running
	@$(PY) scripts/devservers.py status

clean-servers: stop ## stop the private servers and delete their data
	rm -rf var/postgres var/redis var/devservers.env

migrate: servers ## apply the database migrations
	$(MANAGE) migrate --noinput

reference: migrate ## load the reference data (regions, occupations)
	$(MANAGE) load_reference

demo: reference ## load a small demo data set
	$(MANAGE) seed_demo --scale small --seed 1

run: demo ## everything above, then serve the portal with its worker and beat
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo
	@echo "The portal: http://127.0.0.1:$(WEB_PORT)/   (Ctrl-C ends it; the servers stay up until make stop)"
	@$(MANAGE) demo_logins --url http://127.0.0.1:$(WEB_PORT)/
	@# Links in e-mails (account activation) point at this server unless PORTAL_URL says otherwise.
	PORTAL_URL=$${PORTAL_URL:-http://127.0.0.1:$(WEB_PORT)} honcho start -f Procfile -p $(WEB_PORT)

shell: servers ## a Django shell
	$(MANAGE) shell

# pytest exits 5 when it collected no tests: not a failure (e.g. ARGS="-k" matching nothing).
test: system-packages servers ## run the tests (ARGS="-n 2" or ARGS="-m 'not browser'" pass through)
	$(PY) -m pytest -q -n $(TEST_WORKERS) $(ARGS); status=$$?; [ $$status -eq 5 ] || exit $$status

# The browser tests' walk over every page of every role (tests/browser/test_page_widths.py).
screenshots: system-packages servers ## every page of every role, 390 and 1280 px, both languages, in var/screenshots/
	rm -rf var/screenshots
	SCREENSHOTS_DIR=$(CURDIR)/var/screenshots $(PY) -m pytest -q -n 0 -p no:randomly tests/browser/test_page_widths.py -k screenshots
	@echo "Screenshots: var/screenshots/<width>-<language>/<role>-<page>.png ($$(find var/screenshots -name '*.png' | wc -l) files)"

lint: install ## ruff lint and format check, and the import layers (pyproject.toml)
	ruff check .
	ruff format --check .
	lint-imports

check-messages: install ## the message catalogue is complete (no fuzzy, nothing untranslated) and current
	scripts/check_messages.sh

# FUZZ_EXAMPLES cases per API operation and role (5 roles, 68 operations): 8 gives 2,720.
FUZZ_EXAMPLES ?= 8
fuzz: demo ## schemathesis against /api/v1/ as every role; one JSON line (README "Fuzzing")
	$(MANAGE) fuzz_api --examples $(FUZZ_EXAMPLES)

# LOADTEST_ARGS: e.g. "--users 100 --seconds 60 --scale medium --workers 4 --runs 3 --warmup 20
# --settle-load 1.0 --settle-timeout 300" (the defaults on 2 cores).
loadtest: servers ## locust, 100 users for 60 s, against gunicorn; one JSON line (README "Load test")
	@$(PY) scripts/loadtest.py $(LOADTEST_ARGS)

# GROWTH_SIZES=full|small|tiny (the preset), GROWTH_ARGS e.g. "--matching 250000,500000 --keep".
bench-growth: servers ## matching, search and the quarterly report at growing sizes, each in a scratch database; var/bench/growth.{json,md,png} (README "Benchmarks")
	@$(PY) scripts/bench_growth.py $(GROWTH_ARGS)
