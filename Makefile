# The README's commands. Each one installs what it needs first.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# options of the benchmark, e.g. make bench BENCH_ARGS="--scale province --runs 5"
BENCH_ARGS ?=
COST_ARGS ?=

.PHONY: run test lint bench bench-voice bench-cost install system-deps voice-deps clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "Python 3.11 is required ($(PY) not found)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Debian packages the tests need: Chromium for the screens (never a downloaded browser), espeak-ng for
## the default Vietnamese voice clips, redis-server for the several-processes test, Tesseract with its
## Vietnamese model to read printed tickets back, libfaketime to run a live server across midnight,
## LibreOffice Writer to open the Word report as a reader would.
system-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr tesseract-ocr-vie"; \
	ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || missing="$$missing faketime"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing Debian packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	else echo "Install$$missing (Debian packages) to run every test"; exit 1; fi

## The voice needs espeak-ng once, to make its default clips; without it the displays still show calls.
voice-deps:
	@command -v espeak-ng >/dev/null || { command -v apt-get >/dev/null && \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ) && \
		{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq espeak-ng >/dev/null; } \
		|| echo "note: espeak-ng not installed; displays will show calls without speaking them"; }

run: install voice-deps
	$(BIN)/xephang serve --demo

test: install system-deps
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python -m tests.bench $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-voice

## Announcement lengths and the voice backlog figures (needs espeak-ng, like the default clips).
bench-voice: install
	$(BIN)/python -m tests.bench_voice

## What one request costs the server in machine instructions (valgrind's callgrind, installed here when missing):
## the same figure on a busy or a quiet machine. Options: make bench-cost COST_ARGS="--requests 200 --halls province"
bench-cost: install
	@command -v valgrind >/dev/null || { command -v apt-get >/dev/null && \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ) && \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq valgrind >/dev/null; } \
		|| true  # without apt-get, the bench says what to install
	$(BIN)/python -m tests.bench_cost $(COST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
