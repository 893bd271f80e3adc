# The two commands of the README:
#   make site   set up (idempotent: scripts/setup.sh), then build the site into _build/html
#   make test   set up, then lint (ruff) and run every test
# and `make quick`, the tests without notebooks, nbgrader and browsers (pytest -m "not slow"),
# and `make class-site`, the site for a class doing the exercises (no solutions) in _build/class/html,
# and `make selfchecks`, the visible cases of the exercises' own checks, written anew from the graders,
# and `make exercises`, the student notebooks generated anew from solutions/ (then the selfchecks),
# and `make notebooks`, every chapter run and stored with its outputs (after an explorer or package change),
# and `make bench`, the measured figures against their budgets (tools/bench.py).
# Every command runs in .venv; PYTHON=... names another Python 3.11 to make it with.

VENV := $(CURDIR)/.venv
export VIRTUAL_ENV := $(VENV)
export PATH := $(VENV)/bin:$(PATH)
# Notebooks draw with Jupyter's inline backend whatever the caller's MPLBACKEND (Agg loses figures).
export MPLBACKEND := module://matplotlib_inline.backend_inline
PYTHON ?= python3.11
export PYTHON

.PHONY: site test quick class-site selfchecks exercises notebooks bench setup

site: setup
	jupyter-book build -W --keep-going .

test: setup
	ruff check --no-cache .
	python -m pytest

quick: setup
	python -m pytest -m "not slow"

class-site: setup
	python tools/class_site.py

selfchecks: setup
	python -m softmax_grader.selfchecks

exercises: setup
	nbgrader generate_assignment "*" --force --no-db
	python -m softmax_grader.selfchecks

notebooks: setup
	python tools/store_notebooks.py book/*.ipynb

bench: setup
	python tools/bench.py

setup:
	bash scripts/setup.sh
