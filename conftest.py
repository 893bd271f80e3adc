"""Shared by every test run, whatever the caller's environment.

- Notebook kernels draw with matplotlib's inline backend, as in Jupyter, whatever MPLBACKEND
  the caller set (with Agg, common on servers, figure cells lose their outputs).
- Jupyter's checkpoint copies and editors' backup and lock files are never collected.
- Slow tests (notebooks under nbval, nbgrader runs, browsers) carry the `slow` marker:
  `pytest -m "not slow"` is the quick suite. A test module marks its own slow tests
  (`pytestmark = pytest.mark.slow`, or `@pytest.mark.slow` on one test); notebook cells, which
  have no Python to carry a marker, are marked here.
- Tests are spread over pytest-xdist's workers a test file at a time, so that a module's
  fixtures are made once; a file in SPLIT is spread a value of its tests' first parameter at a
  time (a module-scoped fixture parametrized by it stands alone for each value). The files in
  LONGEST start first, so that no worker is left running a long one while the other has finished.
"""

import os
from fnmatch import fnmatch

import pytest
from xdist.scheduler import LoadScopeScheduling

# Kernels inherit this process's environment, so this is set before any of them starts.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

EDITOR_COPIES = ("*-checkpoint.ipynb", "*~", ".#*", "#*#")
# Test files whose module fixture is parametrized: each value goes to a worker of its own.
SPLIT = ("tests/test_red_team.py",)
# The test files that take longest on 2 cores (`pytest --durations=0`), longest first.
LONGEST = ("tests/test_site.py", "tests/test_site_phone.py", "tests/test_site_flipbook.py",
           "tests/test_jupyterlab.py", "tests/test_class_site.py", "tests/test_course_kit.py",
           "tests/test_course_flow.py", "tests/test_hub.py", "tests/test_red_team.py")


def pytest_ignore_collect(collection_path):
    """Skip .ipynb_checkpoints/ and editors' copies wherever they are."""
    if ".ipynb_checkpoints" in collection_path.parts:
        return True
    if any(fnmatch(collection_path.name, pattern) for pattern in EDITOR_COPIES):
        return True
    return None


def worker_group(nodeid):
    """The group of tests one xdist worker runs together: the test's file, or for a file in
    SPLIT its file and the first parameter of the test's id ("01_forward" of
    "test_x[01_forward-blank]")."""
    path, _, name = nodeid.partition("::")
    if path not in SPLIT:
        return path
    return f"{path}[{name.partition('[')[2].rstrip(']').split('-')[0]}]"


class LongestFirst(LoadScopeScheduling):
    """xdist's scheduling by groups of tests (worker_group), in the order of collection."""

    def _split_scope(self, nodeid):
        return worker_group(nodeid)


def pytest_xdist_make_scheduler(config, log):
    return LongestFirst(config, log)


def start_rank(item, root):
    """0 for the longest file, 1 for the next... and len(LONGEST) for any other."""
    path = item.path.relative_to(root).as_posix()
    return LONGEST.index(path) if path in LONGEST else len(LONGEST)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every notebook cell (nbval) as `slow`; put the longest files first (xdist's own
    order, by number of tests, is switched off in pytest.ini)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: start_rank(item, config.rootpath))
