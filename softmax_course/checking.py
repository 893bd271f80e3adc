"""Checking a learner's function on cases whose answers are already known: call it, read
what it returns, compare, and say what looks wrong. No answer is computed here.

Two places use this module. The exercises' own checks (`softmax_course.selfcheck`) run it
in the learner's kernel on the visible cases, whose expected results and typical wrong
results ship as numbers. The instructor's grader runs the learner's function in a sandbox
(`call` there), gets back plain numbers (`encode`, `decode`), and judges them on its own
side on fixed and fresh cases, with the same messages (`judge`).

What counts as right:
- an array result may be anything np.asarray turns into numbers of the right shape
  (a list of lists built by loops is fine);
- a scalar result must be one number: a Python float or a numpy scalar, not an array;
- values match within the grader's tolerance, which is float32's (FLOAT32_RTOL and FLOAT32_ATOL)
  unless a grader needs a finer one, and never finer than float32's for a float32 result: a
  right answer computed in float32 anywhere along the way passes;
- the function may change its array arguments in place (it is called on copies), except
  those its statement asks it to keep (`keeps`: numerical_gradient's x, train_step's W and b).
The message for a wrong answer names, in this order: the call that failed, a screen the
raw result matches, a named mistake, a wrong shape, nan or inf, a broken rule, or else the
wrong values, always with the input that showed it.
"""

import numbers
import traceback
from dataclasses import dataclass, field

import numpy as np

RTOL, ATOL = 1e-6, 1e-8
FLOAT32_RTOL, FLOAT32_ATOL = 1e-4, 1e-6
BASIC, EXTREMES = "basic", "extremes"  # the two stages of cases, graded (and scored) apart


@dataclass(frozen=True)
class Formula:
    """A test function f(x) given by a NumPy expression in x and named parameters, such
    as Formula("float(np.sum(np.sin(10.0 * x)))"). It can travel as text and numbers."""

    expression: str
    params: dict = field(default_factory=dict)

    def __call__(self, x):
        return eval(self.expression, {"np": np}, {**self.params, "x": x})  # noqa: S307 (the course's own text)


@dataclass(frozen=True)
class Case:
    """One call of the learner's function: its arguments by name (passed in this
    order), a printable description of them, a hint for when it fails, the expected
    result when the grader does not compute it (None: the grader computes it), a
    tolerance (rtol, atol) when the grader's own does not fit this case (None: the
    grader's), and its stage: BASIC (ordinary single examples) or EXTREMES (batches,
    one class or one row, huge logits, zeros)."""

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


def _rows_sum_to(got, value):
    return bool(np.allclose(got.sum(axis=-1), value, atol=1e-6))


def _symmetric(got, value):
    return bool(np.allclose(got, np.swapaxes(got, -1, -2), atol=1e-8))


def _between_0_and(got, value):
    return bool(np.all((got >= 0) & (got <= value)))


def _log_of_distributions(got, value):
    return bool(np.all(got <= 1e-12)) and bool(np.allclose(np.exp(got).sum(axis=-1), 1.0, atol=1e-6))


PROPERTIES = {"rows_sum_to": _rows_sum_to, "symmetric": _symmetric, "between_0_and": _between_0_and,
              "log_of_distributions": _log_of_distributions}


@dataclass(frozen=True)
class Rule:
    """A property every right answer has, one of PROPERTIES with its value (the sum of
    each row, the upper bound), for one part of the result; and the message for a result
    that breaks it."""

    message: str
    kind: str
    value: float = 0.0
    part: int = 0

    def holds(self, got):
        return PROPERTIES[self.kind](got, self.value)


@dataclass(frozen=True)
class Screen:
    """A look at the raw result before it is read, for a mistake that reading it would
    hide: "close_to" (the raw result is close to `value`, e.g. per-example losses where
    one mean was due) or "swapped_pair" (a pair whose shapes are those of `value`, the
    right pair's shapes, in the other order)."""

    message: str
    kind: str
    value: object = None

    def matches(self, result):
        if self.kind == "close_to":
            return close(result, self.value, 1e-5, 1e-6)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return False
        shapes = tuple(np.shape(part) for part in result)
        return shapes == tuple(reversed(self.value)) and shapes[0] != shapes[1]


# What one call of the learner's function gave

@dataclass(frozen=True)
class Outcome:
    """What calling the learner's function on one case gave. status: "returned" (result
    holds what it returned), "raised" (error is "TypeError: ..." and line the learner's
    line it came from), "not_implemented", "not_defined" (no such name), "not_callable"
    (error says what the name holds), "timed_out", or "lost" (grading stopped before the
    call). changed: the names of the arguments it changed in place."""

    status: str
    result: object = None
    error: str = ""
    line: str = ""
    changed: tuple = ()


def call(fn, case):
    """fn(*case.args) on copies of the arrays, as an Outcome."""
    if not callable(fn):
        return Outcome("not_callable", error=kind(fn))
    copies = {key: value.copy() if isinstance(value, np.ndarray) else value
              for key, value in case.args.items()}
    try:
        with np.errstate(all="ignore"):
            result = fn(*copies.values())
    except NotImplementedError:
        return Outcome("not_implemented")
    except Exception as error:
        return Outcome("raised", error=f"{type(error).__name__}: {error}", line=_learner_line(error, fn))
    changed = tuple(key for key, value in case.args.items()
                    if isinstance(value, np.ndarray) and not np.array_equal(copies[key], value))
    return Outcome("returned", result, changed=changed)


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


def refuse_failed_call(name, case, outcome, keeps=()):
    """Raise the message for a call that gave no result to judge, or that changed an
    argument in `keeps`, one its statement asks it to leave as it was."""
    hint = f"\n{case.hint}" if case.hint else ""
    messages = {
        "not_implemented": f"{name} is not implemented yet: replace `raise NotImplementedError()` with "
                           "your code.",
        "not_defined": f"{name} is not defined: run from the top, the notebook defines no function "
                       f"named {name} (was it renamed, or is it in a cell that fails?).",
        "not_callable": f"{name} should be your function, but the notebook binds that name to "
                        f"{outcome.error}.",
        "raised": f"{name} raised {outcome.error}{outcome.line}\nwhen called with\n{case.text}{hint}",
        "timed_out": f"{name} did not return in time when called with\n{case.text}\n"
                     "Look for a loop that never ends.",
        "lost": f"Grading stopped before {name} was called with\n{case.text}\n{outcome.error}",
    }
    if outcome.status in messages:
        raise AssertionError(messages[outcome.status])
    kept = [key for key in outcome.changed if key in keeps]
    if kept:
        key = kept[0]
        raise AssertionError(
            f"{name} changed its argument {key} in place, which its statement asks you to leave as "
            f"it was: after the call the caller's array is different. Work on a copy: "
            f"`{key} = {key} - ...` makes a new array, while `{key} -= ...` or `{key}[k] = ...` "
            f"overwrites the caller's. If you change entries on purpose, put back their exact saved "
            f"values.\nSeen with\n{case.text}")


def judge(name, returns, case, outcome, expected, mistakes=(), rules=(), screens=(),
          tolerance=(FLOAT32_RTOL, FLOAT32_ATOL), keeps=()):
    """Return when the outcome of calling `name` on case is right, that is matches
    `expected` (a tuple, one entry per part of the result); otherwise raise
    AssertionError with the most specific message."""
    refuse_failed_call(name, case, outcome, keeps)
    for screen in screens:
        if screen.matches(outcome.result):
            raise AssertionError(f"{screen.message}\nSeen with\n{case.text}")
    what = parts(name, returns)
    got = read(outcome.result, name, returns)
    if all(close(g, e, *tolerance) for g, e in zip(got, expected, strict=True)):
        return
    for part, (g, e) in enumerate(zip(got, expected, strict=True)):
        compare(g, e, what[part], case, [m for m in mistakes if m.part == part],
                [r for r in rules if r.part == part], tolerance)


def parts(name, returns):
    """How messages call each part of the result: returns is "array", "scalar" or the
    names of a pair of arrays such as ("dW", "db")."""
    if returns in ("array", "scalar"):
        return (f"the result of {name}",)
    return tuple(f"{part} returned by {name}" for part in returns)


def read(result, name, returns):
    """The parts of the result as arrays, or AssertionError saying why they cannot be."""
    if returns == "array":
        return (array_result(result, parts(name, returns)[0]),)
    if returns == "scalar":
        return (scalar_result(result, parts(name, returns)[0]),)
    return pair_result(result, name, returns)


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
    if isinstance(value, Unreadable):
        return value.description
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a value of type {type(value).__name__}"


# Reading the learner's result

def array_result(result, what):
    """The result as a numpy array of real numbers (lists are fine)."""
    if result is None:
        raise AssertionError(f"{what} is None: did you forget the `return` statement?")
    if isinstance(result, Unreadable):
        raise AssertionError(f"{what} should be an array of numbers, got {kind(result)}.")
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


def compare(got, expected, what, case, mistakes=(), rules=(), tolerance=(FLOAT32_RTOL, FLOAT32_ATOL)):
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


# Plain numbers across a process boundary: JSON-ready values, and back

MAX_ENTRIES = 1_000_000  # the most numbers one value may carry
MAX_DEPTH = 3
READABLE_KINDS = "biuf"


@dataclass(frozen=True)
class Unreadable:
    """A value that did not come back as numbers: only a description of it did."""

    description: str


def encode(value, depth=0):
    """value as JSON-ready data: numbers, arrays of numbers, pairs and lists of them,
    Formulas, Outcomes and dicts of arguments; anything else by its description."""
    if isinstance(value, np.generic) and value.dtype.kind in READABLE_KINDS:
        return {"type": "scalar", "dtype": value.dtype.str, "value": value.item()}
    if value is None or type(value) in (bool, int, float, str):
        return {"type": type(value).__name__, "value": value}
    if isinstance(value, np.ndarray) and value.dtype.kind in READABLE_KINDS and value.size <= MAX_ENTRIES:
        return {"type": "array", "dtype": value.dtype.str, "shape": list(value.shape),
                "data": value.ravel().tolist()}
    if isinstance(value, (tuple, list)) and depth < MAX_DEPTH and len(value) <= MAX_ENTRIES:
        return {"type": type(value).__name__, "items": [encode(item, depth + 1) for item in value]}
    if isinstance(value, Formula):
        return {"type": "formula", "expression": value.expression, "params": encode_args(value.params)}
    if isinstance(value, Outcome):
        return {"type": "outcome", "status": value.status, "result": encode(value.result),
                "error": value.error[:2000], "line": value.line[:500], "changed": list(value.changed)}
    return {"type": "unreadable", "description": kind(value)}


def encode_args(args):
    return {name: encode(value) for name, value in args.items()}


def decode(data, formulas=False):
    """The value encode(value) describes; numbers come back with their dtype. Formulas
    only where asked for (arguments written by the course, never a learner's results)."""
    kind_of = data["type"]
    if kind_of == "NoneType":
        return None
    if kind_of in ("bool", "int", "float", "str"):
        return {"bool": bool, "int": int, "float": float, "str": str}[kind_of](data["value"])
    if kind_of in ("scalar", "array"):
        dtype = np.dtype(data["dtype"])
        if dtype.kind not in READABLE_KINDS or dtype.itemsize > 8:
            return Unreadable(f"numbers of dtype {dtype}")
        if kind_of == "scalar":
            return dtype.type(data["value"])
        return np.array(data["data"], dtype=dtype).reshape(data["shape"])
    if kind_of in ("tuple", "list"):
        items = [decode(item, formulas) for item in data["items"]]
        return tuple(items) if kind_of == "tuple" else items
    if kind_of == "formula" and formulas:
        return Formula(str(data["expression"]), decode_args(data["params"]))
    if kind_of == "outcome":
        return Outcome(str(data["status"]), decode(data["result"]), str(data["error"]), str(data["line"]),
                       tuple(str(name) for name in data["changed"]))
    return Unreadable(str(data.get("description", "a value that could not be read")))


def decode_args(data):
    """Arguments written by the course, Formulas included."""
    return {str(name): decode(value, formulas=True) for name, value in data.items()}
