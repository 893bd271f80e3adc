"""Shared by every test run, whatever the caller's environment.

- Notebook kernels draw with matplotlib's inline backend, as in Jupyter, whatever MPLBACKEND
  the caller set (with Agg, common on servers, figure cells lose their outputs).
- Jupyter's checkpoint copies and editors' backup and lock files are never collected.
- Slow tests (notebooks under nbval, nbgrader runs, browsers) carry the `slow` marker:
  `pytest -m "not slow"` is the quick suite. A test module marks its own slow tests
  (`pytestmark = pytest.mark.slow`, or `@pytest.mark.slow` on one test); notebook cells, which
  have no Python to carry a marker, are marked here.
- pytest-xdist's workers take the tests a file at a time (the red team an assignment at a
  time), the longest files first: `course_testing.scheduling`.
"""

import os
from fnmatch import fnmatch

import pytest

from course_testing.scheduling import ByGroup, start_rank

# Kernels inherit this process's environment, so this is set before any of them starts.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

EDITOR_COPIES = ("*-checkpoint.ipynb", "*~", ".#*", "#*#")


def pytest_ignore_collect(collection_path):
    """Skip .ipynb_checkpoints/ and editors' copies wherever they are."""
    if ".ipynb_checkpoints" in collection_path.parts:
        return True
    if any(fnmatch(collection_path.name, pattern) for pattern in EDITOR_COPIES):
        return True
    return None


def pytest_xdist_make_scheduler(config, log):
    return ByGroup(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every notebook cell (nbval) as `slow`; put the longest files first (xdist's own
    order, by number of tests, is switched off in pytest.ini)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: start_rank(item.path.relative_to(config.rootpath).as_posix()))
