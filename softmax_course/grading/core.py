"""The core every grader shares: call the learner's function, read what it returns,
compare it with the course's reference, and report.

A grader is declared as data (`Grader`): the cases it tries, the reference it compares
with, the typical mistakes it names (`Mistake`) and the rules every right answer obeys
(`Rule`). `Grader.check(fn)` returns None when fn is right and raises AssertionError
with a message saying what went wrong when it is not. For a wrong answer the message
is, in this order: a named mistake the result matches, a wrong shape, nan or inf, a
broken rule, or else the plain wrong values, always with the input that showed it.

What counts as right:
- an array result may be anything np.asarray turns into numbers of the right shape
  (a list of lists built by loops is fine);
- a scalar result must be one number: a Python float or a numpy scalar, not an array;
- values match the reference within RTOL and ATOL (float64), or within FLOAT32_RTOL
  and FLOAT32_ATOL when the result is float32, or within the grader's own tolerance;
- the learner's function must not change its arguments.
"""

import numbers
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

RTOL, ATOL = 1e-6, 1e-8
BASIC, EXTREMES = "basic", "extremes"  # the two stages of cases, graded (and scored) apart
FLOAT32_RTOL, FLOAT32_ATOL = 1e-4, 1e-6


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments by name (passed in this
    order), a printable description of them, a hint for when it fails, the expected
    result when it is not the reference's (None: ask the reference), a tolerance
    (rtol, atol) when the grader's own does not fit this case (None: the grader's),
    and its stage: BASIC (ordinary single examples) or EXTREMES (batches, one class or
    one row, huge logits, zeros)."""

    args: dict
    text: str
    hint: str = ""
    expected: object = None
    tolerance: tuple = None
    stage: str = BASIC


def case(stage=BASIC, hint="", tolerance=None, **args):
    """A Case whose description lists every argument."""
    return Case(args, describe(**args), hint, tolerance=tolerance, stage=stage)


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: what a function making it returns on one case (one part of
    the result: 0, or 1 for the second array of a pair), and the message naming it.
    gives_nan: the mistake's result has nan, and a result with nan in the same places
    (and the rest equal) is taken for it."""

    message: str
    wrong: object
    part: int = 0
    gives_nan: bool = False


@dataclass(frozen=True)
class Rule:
    """A property every right answer has (holds(got) -> bool for one part of the
    result), and the message for a result that breaks it."""

    message: str
    holds: Callable
    part: int = 0


def _nothing(**args):
    return []


@dataclass(frozen=True)
class Grader:
    """One graded function, declared as data.

    name: the learner's function; cases(): the Cases to try, in order; reference: the
    course's implementation, called with a case's arguments for the expected result;
    gives_away: other functions of the course whose use would hand in the answer (the
    reference itself, and any course function that calls it, are always refused);
    returns: "array", "scalar", or the names of a pair of arrays such as ("dW", "db");
    mistakes(**args) -> [Mistake] and rules(**args) -> [Rule] for one case's arguments;
    screen(result, **args): an optional look at the raw result before it is read, for
    mistakes that reading it would hide; tolerance: (rtol, atol); doc: what the grader
    checks and the mistakes it names.
    """

    name: str
    cases: Callable
    reference: Callable
    returns: object = "array"
    mistakes: Callable = _nothing
    rules: Callable = _nothing
    screen: Callable = None
    gives_away: tuple = ()
    tolerance: tuple = (RTOL, ATOL)
    doc: str = field(default="", compare=False)

    def check(self, fn, stage=None):
        """None when fn is right on the cases of `stage` (BASIC, EXTREMES, or None for
        both); otherwise AssertionError with a message naming what is wrong."""
        __tracebackhide__ = True
        if stage not in (None, BASIC, EXTREMES):
            raise ValueError(f"stage must be {BASIC!r}, {EXTREMES!r} or None, got {stage!r}")
        require_function(fn, self.name)
        refuse_the_course_implementation(fn, self.name, self.reference)
        for one in self.cases():
            if stage is not None and one.stage != stage:
                continue
            result = call(fn, self.name, one, (self.reference,) + self.gives_away)
            if self.screen is not None:
                self.screen(result, **one.args)
            self._compare(self._read(result), self._expected(one), one)

    def parts(self):
        """How messages call each part of the result."""
        if self.returns in ("array", "scalar"):
            return (f"the result of {self.name}",)
        return tuple(f"{part} returned by {self.name}" for part in self.returns)

    def _read(self, result):
        if self.returns == "array":
            return (array_result(result, self.parts()[0]),)
        if self.returns == "scalar":
            return (scalar_result(result, self.parts()[0]),)
        return pair_result(result, self.name, self.returns)

    def _expected(self, one):
        expected = self.reference(**one.args) if one.expected is None else one.expected
        return expected if isinstance(expected, tuple) else (expected,)

    def _compare(self, got, expected, one):
        tolerance = one.tolerance or self.tolerance
        if all(close(g, e, *tolerance) for g, e in zip(got, expected, strict=True)):
            return
        mistakes, rules = self.mistakes(**one.args), self.rules(**one.args)
        for part, (g, e, what) in enumerate(zip(got, expected, self.parts(), strict=True)):
            compare(g, e, what, one, [m for m in mistakes if m.part == part],
                    [r for r in rules if r.part == part], tolerance)


# Describing values in messages

def describe(**values):
    """One indented line (or block) per value: arrays printed with their shape."""
    lines = []
    for name, value in values.items():
        if isinstance(value, np.ndarray):
            prefix = f"  {name} = "
            lines.append(f"{prefix}{show(value, prefix)}  (shape {value.shape})")
        else:
            lines.append(f"  {name} = {value!r}")
    return "\n".join(lines)


def show(value, prefix=""):
    return np.array2string(np.asarray(value), precision=6, separator=", ", prefix=prefix)


def kind(value):
    """A few words on what a value is, for messages."""
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a value of type {type(value).__name__}"


# Calling the learner's function

def require_function(fn, name):
    """Fail plainly when the grader was given something other than a function."""
    if not callable(fn):
        raise AssertionError(f"check_{name} needs your function itself, as in check_{name}({name}) "
                             f"(the name without parentheses), but it got {kind(fn)}.")


def _where(code):
    """Where a function's code comes from: the same for the same function loaded twice."""
    return code.co_filename, code.co_firstlineno, code.co_name


def refuse_the_course_implementation(fn, name, reference):
    """Fail when fn is the course's own implementation of the graded function."""
    __tracebackhide__ = True
    code = getattr(fn, "__code__", None)
    if code is not None and _where(code) == _where(reference.__code__):
        raise AssertionError(f"This is the course's own {name}, softmax_course.reference."
                             f"{reference.__name__}: the exercise is to write {name} yourself.")


class _Watch:
    """A profiler hook that notes whether any of the given functions runs."""

    def __init__(self, functions):
        self.places = {_where(function.__code__): function for function in functions}
        self.seen = None

    def __call__(self, frame, event, arg):
        if event == "call" and self.seen is None:
            self.seen = self.places.get(_where(frame.f_code))


def call(fn, name, case, forbidden=()):
    """fn(*case.args) on copies of the arrays; the result, or an AssertionError if fn
    is the blank stub, raises, changes an argument in place, or runs one of the
    `forbidden` functions (the course's answer) at any depth."""
    __tracebackhide__ = True
    copies = {key: value.copy() if isinstance(value, np.ndarray) else value
              for key, value in case.args.items()}
    watch = _Watch(forbidden)
    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        with np.errstate(all="ignore"):
            result = fn(*copies.values())
    except NotImplementedError:
        raise AssertionError(f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                             "with your code.") from None
    except Exception as error:
        hint = f"\n{case.hint}" if case.hint else ""
        raise AssertionError(f"{name} raised {type(error).__name__}: {error}{_learner_line(error, fn)}\n"
                             f"when called with\n{case.text}{hint}") from None
    finally:
        sys.setprofile(previous)
    if watch.seen is not None:
        raise AssertionError(f"{name} calls the course's own softmax_course.reference.{watch.seen.__name__}, "
                             f"which computes the answer: write {name} yourself (functions you wrote "
                             f"in earlier exercises are fine as building blocks).")
    for key, value in case.args.items():
        if isinstance(value, np.ndarray) and not np.array_equal(copies[key], value):
            raise AssertionError(
                f"{name} changed its argument {key} in place: after the call the caller's array is "
                f"different. Work on a copy: `{key} = {key} - ...` makes a new array, while "
                f"`{key} -= ...` or `{key}[k] = ...` overwrites the caller's. If you change entries "
                f"on purpose, put back their exact saved values.\nSeen with\n{case.text}")
    return result


def _learner_line(error, fn):
    """Where in fn's file (the learner's code) the error was raised, as a line for messages."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.filename == code.co_filename]
    if not frames or not frames[-1].line:
        return ""
    return f"\nat line {frames[-1].lineno} of your code: {frames[-1].line}"


# Reading the learner's result

def array_result(result, what):
    """The result as a numpy array of real numbers (lists are fine)."""
    if result is None:
        raise AssertionError(f"{what} is None: did you forget the `return` statement?")
    try:
        array = np.asarray(result)
    except ValueError:
        raise AssertionError(f"{what} should be an array of numbers, but np.asarray cannot make one "
                             f"from {kind(result)} (rows of different lengths?).") from None
    if array.dtype.kind not in "iuf":
        raise AssertionError(f"{what} should hold real numbers, got {kind(result)} of dtype {array.dtype}.")
    return array


def scalar_result(result, what):
    """The result, which must be one real number, as a 0-d array (keeping float32)."""
    if result is None:
        raise AssertionError(f"{what} is None: did you forget the `return` statement?")
    if isinstance(result, numbers.Real) and not isinstance(result, bool):
        return np.asarray(result)
    advice = " Wrap it in float(...)." if np.size(result) == 1 else ""
    raise AssertionError(f"{what} should be a single float, got {kind(result)}.{advice}")


def pair_result(result, name, names=("dW", "db")):
    """The two arrays returned by name, called `names` in messages."""
    first, second = names
    if result is None:
        raise AssertionError(f"{name} returned None: did you forget the `return` statement? "
                             f"Return the pair ({first}, {second}).")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{name} should return two arrays, ({first}, {second}), got {kind(result)}.")
    return (array_result(result[0], f"{first} returned by {name}"),
            array_result(result[1], f"{second} returned by {name}"))


# Comparing

def close(got, expected, rtol=RTOL, atol=ATOL, equal_nan=False):
    """Same shape and equal within tolerance (at least the float32 one when got is float32);
    with equal_nan, nan in the same places counts as equal (for mistakes that give nan)."""
    try:
        got, expected = np.asarray(got), np.asarray(expected)
    except ValueError:
        return False
    if got.shape != expected.shape or got.dtype.kind not in "iuf":
        return False
    if got.dtype == np.float32:
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan))


def compare(got, expected, what, case, mistakes=(), rules=(), tolerance=(RTOL, ATOL)):
    """Return if got matches expected; otherwise raise the most specific message:
    a Mistake that got matches, a wrong shape, nan or inf, a broken Rule, or else the
    wrong values."""
    if close(got, expected, *tolerance):
        return
    seen = f"\nSeen with\n{case.text}"
    for mistake in mistakes:
        if close(got, mistake.wrong, *tolerance, equal_nan=mistake.gives_nan):
            raise AssertionError(mistake.message + seen)
    expected = np.asarray(expected)
    hint = f"\n{case.hint}" if case.hint else ""
    if got.shape != expected.shape:
        raise AssertionError(f"{what} should have shape {expected.shape}, got shape {got.shape}, "
                             f"with\n{case.text}{hint}")
    if not np.all(np.isfinite(got)):
        raise AssertionError(f"{what} contains nan or inf with\n{case.text}\ngot {show(got, 'got ')}{hint}")
    for rule in rules:
        if not rule.holds(got):
            raise AssertionError(f"{rule.message}{seen}\ngot {show(got, 'got ')}")
    raise AssertionError(f"{what} is wrong with\n{case.text}\nexpected {show(expected, 'expected ')}\n"
                         f"got      {show(got, 'got      ')}{hint}")
