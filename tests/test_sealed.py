"""The sealed entry point of the test cells grades with a grading package loaded
afresh, so an answer cell's tampering changes nothing."""

import sys
from runpy import run_module

import numpy as np
import pytest

import softmax_course.grading as grading
from implementations import softmax_vectorised
from softmax_course.grading import core


def sealed_grade():
    return run_module("softmax_course.grading.sealed")["grade"]


def returns_none(z):
    return None


def test_a_right_answer_passes_both_stages():
    grade = sealed_grade()
    grade("softmax", softmax_vectorised, "basic")
    grade("softmax", softmax_vectorised, "extremes")


def test_the_message_is_the_graders_without_a_chained_traceback():
    with pytest.raises(AssertionError, match="forget the `return` statement") as caught:
        sealed_grade()("softmax", returns_none)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_replacing_the_grading_modules_functions_changes_nothing(monkeypatch):
    monkeypatch.setattr(grading, "check_softmax", lambda fn, stage=None: None)
    monkeypatch.setattr(core.Grader, "check", lambda self, fn, stage=None: None)
    monkeypatch.setattr(core, "compare", lambda *args, **kwargs: None)
    with pytest.raises(AssertionError, match="forget the `return` statement"):
        sealed_grade()("softmax", returns_none)


def test_the_notebooks_own_modules_are_left_as_they_were():
    before = {key: module for key, module in sys.modules.items() if key.startswith("softmax_course")}
    sealed_grade()("softmax", softmax_vectorised)
    after = {key: module for key, module in sys.modules.items() if key.startswith("softmax_course")}
    assert after == before


@pytest.mark.parametrize("name", ["allclose", "isfinite", "asarray", "array_equal"])
def test_a_patched_numpy_function_is_refused(monkeypatch, name):
    monkeypatch.setattr(np, name, lambda *args, **kwargs: True)
    with pytest.raises(AssertionError, match=f"np.{name} is no longer NumPy's own"):
        sealed_grade()("softmax", softmax_vectorised)


def test_clean_numpy_counts_as_numpys_own():
    assert run_module("softmax_course.grading.sealed")["patched_numpy"]() == []


def test_a_replaced_profiler_hook_is_refused(monkeypatch):
    monkeypatch.setattr(sys, "setprofile", lambda hook: None)
    with pytest.raises(AssertionError, match="sys.setprofile has been changed"):
        sealed_grade()("softmax", softmax_vectorised)
