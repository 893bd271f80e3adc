"""nbgrader validates every solution, and every test fails on the student version.

One nbgrader run validates all the notebooks (it prints one verdict per notebook, in order)."""

import pytest

from course_testing.nbgrader_run import SOLUTION_NOTEBOOKS, nbgrader

pytestmark = pytest.mark.slow


def test_every_solution_passes_every_test():
    output = nbgrader("validate", *(f"solutions/{notebook}" for notebook in SOLUTION_NOTEBOOKS))
    assert output.count("Success! Your notebook passes all the tests.") == len(SOLUTION_NOTEBOOKS), output


def test_every_test_fails_on_the_student_versions():
    output = nbgrader("validate", "--invert", *(f"exercises/{notebook}" for notebook in SOLUTION_NOTEBOOKS))
    assert output.count("Success! The notebook does not pass any tests.") == len(SOLUTION_NOTEBOOKS), output
