# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Everything else here is what those two need: system packages, the virtualenv, the
# LibreOffice helper venv for unoserver, the database.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UNOVENV := var/unovenv
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` keeps a warm LibreOffice pool (manage.py pdf_pool) beside the dev server and
# stops it when the server exits; PDF_POOL=0 → no pool, PDFs are converted by a cold soffice.
PDF_POOL ?= 1

# Debian packages: python venv support, LibreOffice for DOCX → PDF with UNO bindings and
# fonts metric-compatible with Times New Roman/Arial/Calibri/Cambria, Chromium for the
# browser tests, poppler for looking at PDFs.
APT_PACKAGES := python3-venv libreoffice-writer-nogui python3-uno fonts-liberation2 \
	fonts-crosextra-carlito fonts-crosextra-caladea chromium poppler-utils

.PHONY: run test test-dates lint bench system venv unovenv migrate seed worker beat pdf-pool clean

run: system venv unovenv migrate
	$(BIN)/python manage.py seed_demo --if-empty
	@if [ "$(PDF_POOL)" = 1 ]; then \
		$(BIN)/python manage.py pdf_pool & pool=$$!; \
		trap 'kill -TERM $$pool 2>/dev/null; wait $$pool' EXIT; trap 'exit 130' INT TERM; \
	fi; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs in one test process per core (pytest-xdist); PYTEST_WORKERS=0 → one process.
PYTEST_WORKERS ?= auto

test: system venv unovenv
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

# The suite once more at each hard date (tests/conftest.py --today): New Year's Eve and Day (the
# ПП 474 cap period ends on 31.12.2026), 28/29 February, the first day of a month after a 28- and
# a 30-day one. Browser tests and the tests marked `dateless` (they read no date, or pin their own) run once.
# CI's hard-date pass: four of the dates the suite once failed on (31.12 and 28.02 run by hand: HARD_DATES="…")
HARD_DATES ?= 2027-01-01 2027-03-01 2027-05-01 2028-02-29
test-dates: system venv unovenv
	@set -e; for day in $(HARD_DATES); do \
		echo "=== today = $$day"; \
		$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --today $$day -m "not browser and not dateless" -p no:warnings; \
	done

# Pass 0 of .ci/run: ruff, then the import contracts of pyproject.toml (docs/architecture.md).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: system venv unovenv
	$(BIN)/python -m bench

migrate: venv
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

worker: venv
	$(BIN)/celery -A config worker --loglevel=INFO

beat: venv
	$(BIN)/celery -A config beat --loglevel=INFO

# The warm LibreOffice pool for DOCX → PDF, in the foreground (stop with Ctrl-C / SIGTERM).
# Every process of this machine converting documents (server, Celery workers) uses it.
pdf-pool: system venv unovenv
	$(BIN)/python manage.py pdf_pool

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages: $$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "Missing system packages. Run as root:"; \
			echo "  sudo apt-get install -y --no-install-recommends $$missing"; \
			exit 1; \
		fi; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

# unoserver's server must run under Debian's Python, which has the `uno` module.
unovenv: $(UNOVENV)/.installed

$(UNOVENV)/.installed: requirements.lock
	@mkdir -p var
	test -x $(UNOVENV)/bin/python || /usr/bin/python3 -m venv --system-site-packages $(UNOVENV)
	$(UNOVENV)/bin/pip install -q --disable-pip-version-check "$$(grep -E '^unoserver==' requirements.lock)"
	touch $@

clean:
	rm -rf $(VENV) var
