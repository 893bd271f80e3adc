"""What a graded test cell runs, so that an answer cell cannot switch grading off:

    from runpy import run_module
    grade = run_module("softmax_course.grading.sealed")["grade"]
    grade("softmax", softmax, "basic")

run_module executes this file afresh for every test cell, and `grade` loads the
grading package afresh from its files. So rebinding a grader's name in the notebook,
or replacing a function of the grading modules already imported, changes nothing;
and a patched NumPy function is refused before any case runs.
"""

import importlib
import inspect
import sys
import types
from pathlib import Path

import numpy as np

PACKAGE = "softmax_course"


def grade(name, fn, stage=None):
    """Grade fn as the function `name` on the cases of `stage` ("basic", "extremes" or
    None for both), with a grading package loaded afresh. Raises AssertionError, whose
    message is the grader's, when fn is wrong or NumPy has been patched."""
    __tracebackhide__ = True
    patched = patched_numpy()
    if patched:
        raise AssertionError("NumPy has been changed in this notebook: np." + ", np.".join(patched) +
                             " is no longer NumPy's own. Restart the kernel and run the notebook again "
                             "without changing NumPy.")
    if not all(isinstance(hook, types.BuiltinFunctionType) for hook in (sys.setprofile, sys.getprofile)):
        raise AssertionError("sys.setprofile has been changed in this notebook, and the graders need it. "
                             "Restart the kernel and run the notebook again without changing it.")
    grader = fresh_grading().GRADERS[name]
    try:
        grader.check(fn, stage)
    except AssertionError as error:
        raise AssertionError(str(error)) from None


def fresh_grading():
    """The package softmax_course.grading executed anew from its files; the modules
    the notebook has already imported are put back afterwards, untouched."""
    ours = [key for key in sys.modules if key == PACKAGE or key.startswith(PACKAGE + ".")]
    saved = {key: sys.modules.pop(key) for key in ours}
    try:
        return importlib.import_module(PACKAGE + ".grading")
    finally:
        for key in [key for key in sys.modules if key == PACKAGE or key.startswith(PACKAGE + ".")]:
            del sys.modules[key]
        sys.modules.update(saved)


def patched_numpy():
    """The names of NumPy's public functions that are no longer NumPy's own code."""
    root = str(Path(np.__file__).parent)
    return sorted(name for name, value in vars(np).items()
                  if not name.startswith("_") and callable(value) and not _numpys_own(value, root))


def _numpys_own(value, root):
    if isinstance(value, (np.ufunc, type)):
        return True
    implementation = inspect.unwrap(getattr(value, "_implementation", value))
    if isinstance(implementation, types.FunctionType):
        return implementation.__code__.co_filename.startswith(root)
    if isinstance(implementation, types.BuiltinFunctionType):
        return (implementation.__module__ or "").startswith("numpy")
    return type(value).__module__.startswith("numpy")
