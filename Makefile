# The README's commands. Each target bootstraps .venv with `python3 -m venv` when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# make test runs pytest in this many processes (pytest-xdist); 0: in one process. Most of an
# end-to-end test is waiting for the bot, so more processes than the machine's cores pay.
PYTEST_JOBS ?= 4

.PHONY: demo test run bench lint typecheck clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## the offline demo: no token, no network (BUTPHA_CHANNEL=zalo: on Zalo)
	$(BIN)/butpha demo $(if $(BUTPHA_CHANNEL),--channel $(BUTPHA_CHANNEL))

run: $(STAMP)  ## the real bot (needs BUTPHA_BOT_TOKEN, BUTPHA_ZALO_BOT_TOKEN or both)
	$(BIN)/butpha run

lint: $(STAMP)
	$(BIN)/ruff check bot handlers storage scheduler channels tests
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck  ## lint, type check, layering contracts, the whole suite
	$(BIN)/python -m pytest -q -n $(PYTEST_JOBS) --dist worksteal

bench: $(STAMP)  ## benchmark scripts; they print figures
	$(BIN)/python tests/bench/bench_import.py
	$(BIN)/python tests/bench/bench_start.py
	$(BIN)/python tests/bench/bench_progress.py
	$(BIN)/python tests/bench/bench_pages.py
	$(BIN)/python tests/bench/bench_broadcast.py
	$(BIN)/python tests/bench/bench_meetings.py
	$(BIN)/python tests/bench/bench_zalo.py
	$(BIN)/python tests/bench/bench_inspection_planner.py
	$(BIN)/python tests/bench/bench_inspection_quota_lines.py
	$(BIN)/python tests/bench/bench_rating_distribution.py
	$(BIN)/python tests/bench/bench_period_report.py
	$(BIN)/python tests/bench/bench_dues.py
	$(BIN)/python tests/bench/bench_inspection_reminders.py
	$(BIN)/python tests/bench/bench_throughput.py
	$(BIN)/python tests/bench/bench_fairness.py
	$(BIN)/python tests/bench/bench_writes.py
	$(BIN)/python tests/bench/bench_inbox.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

messages: $(STAMP)  ## refresh the translation catalogs after changing user-facing text
	$(BIN)/pybabel extract --no-location --sort-output --no-wrap -k N_ -k t -k gettext \
		-k ngettext:1,2 -k NP_:1c,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -o bot/i18n/messages.pot bot handlers storage scheduler channels
	$(BIN)/pybabel update --no-wrap --ignore-obsolete -i bot/i18n/messages.pot -d bot/i18n/locale
