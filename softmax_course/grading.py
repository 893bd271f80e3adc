"""Graders for the learner's functions: check_<name>(fn) returns None when fn is right
and raises AssertionError with a message saying what went wrong when it is not.

Every grader calls fn on inputs it makes itself (fixed-seed random cases of several
shapes, then edge cases: one class, one row, logits of +-1000, rows far apart, soft
targets, zero probabilities) and compares with softmax_course.reference. When the
answer is wrong, the grader first checks the typical mistakes (for each it computes
what that mistake would return on the same input), then the shape, nan or inf, the
rules every right answer obeys, and only then reports plain wrong values.

What counts as right:
- an array result may be anything np.asarray turns into numbers of the right shape
  (a list of lists built by loops is fine);
- a scalar result (cross_entropy, steepest_logit) must be one number: a Python float
  or a numpy scalar such as np.float64, not an array;
- values match the reference within RTOL and ATOL (float64), or within FLOAT32_RTOL
  and FLOAT32_ATOL when the result is float32; cross_entropy within LOSS_RTOL and
  LOSS_ATOL, which leaves room for the common guard of a tiny epsilon (up to 1e-7)
  added to a or clipping a into [1e-7, 1 - 1e-7] before the log;
- the learner's function must not change its arguments.
"""

import numbers
import traceback
from dataclasses import dataclass

import numpy as np

from softmax_course import reference

RTOL, ATOL = 1e-6, 1e-8
FLOAT32_RTOL, FLOAT32_ATOL = 1e-4, 1e-6
LOSS_RTOL, LOSS_ATOL = 1e-5, 1e-6
SEED = 20180821

_LARGE_LOGITS = ("Hint: with logits this large np.exp overflows (e^710 is already inf) or "
                 "underflows to 0. Subtract the largest logit first: softmax(z - c) = softmax(z) "
                 "for any constant c, and then every exponent is <= 0.")
_ROWS_APART = ("Hint: the logits here are in the thousands and the rows of the batch differ by thousands. "
               "Subtract each row's own maximum, z.max(axis=-1, keepdims=True), before exponentiating: "
               "without a shift np.exp overflows, and after a shift by the largest entry of the whole "
               "batch every exponential of a low row underflows to 0, and 0/0 is nan.")
_LOG_SUM_EXP = ("Hint: with logits of +-1000 np.exp overflows to inf or underflows to 0. Take out the "
                "largest of the other logits, m: ln sum_{k != i} e^{z_k} = m + ln sum_{k != i} e^{z_k - m}, "
                "and then every exponent is <= 0.")
_ZERO_TIMES_LOG_ZERO = ("Hint: here some a_i = 0 where y_i = 0. Such a term counts as 0, but in numpy "
                        "0 * ln 0 = 0 * (-inf) = nan: leave out the terms with y_i = 0 "
                        "(e.g. with np.where(y > 0, ...)).")
_ANY_SHAPE = ("Hint: this x is not 1-D. numerical_gradient must nudge every entry of an array of any "
              "shape, e.g. looping over np.ndindex(x.shape), not only x[0], ..., x[len(x) - 1].")


@dataclass(frozen=True)
class _Case:
    """One call of the learner's function: its arguments by name (passed in this
    order), a printable description of them, and a hint for when it fails."""

    args: dict
    text: str
    hint: str = ""


def _case(hint="", **args):
    """A _Case whose description lists every argument."""
    return _Case(args, _describe(**args), hint)


def _describe(**values):
    """One indented line (or block) per value: arrays printed with their shape."""
    lines = []
    for name, value in values.items():
        if isinstance(value, np.ndarray):
            prefix = f"  {name} = "
            lines.append(f"{prefix}{_show(value, prefix)}  (shape {value.shape})")
        else:
            lines.append(f"  {name} = {value!r}")
    return "\n".join(lines)


def _show(value, prefix=""):
    return np.array2string(np.asarray(value), precision=6, separator=", ", prefix=prefix)


def _kind(value):
    """A few words on what a value is, for messages."""
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"a value of type {type(value).__name__}"


# Calling the learner's function

def _require_function(fn, name):
    """Fail plainly when the grader was given something other than a function."""
    if not callable(fn):
        raise AssertionError(f"check_{name} needs your function itself, as in check_{name}({name}) "
                             f"(the name without parentheses), but it got {_kind(fn)}.")


def _call(fn, name, case):
    """fn(*case.args) on copies of the arrays; the result, or an AssertionError if fn
    is the blank stub, raises, or changes an argument in place."""
    copies = {key: value.copy() if isinstance(value, np.ndarray) else value
              for key, value in case.args.items()}
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

def _array_result(result, what):
    """The result as a numpy array of real numbers (lists are fine)."""
    if result is None:
        raise AssertionError(f"{what} is None: did you forget the `return` statement?")
    try:
        array = np.asarray(result)
    except ValueError:
        raise AssertionError(f"{what} should be an array of numbers, but np.asarray cannot make one "
                             f"from {_kind(result)} (rows of different lengths?).") from None
    if array.dtype.kind not in "iuf":
        raise AssertionError(f"{what} should hold real numbers, got {_kind(result)} of dtype {array.dtype}.")
    return array


def _scalar_result(result, what):
    """The result, which must be one real number, as a 0-d array (keeping float32)."""
    if result is None:
        raise AssertionError(f"{what} is None: did you forget the `return` statement?")
    if isinstance(result, numbers.Real) and not isinstance(result, bool):
        return np.asarray(result)
    advice = " Wrap it in float(...)." if np.size(result) == 1 else ""
    raise AssertionError(f"{what} should be a single float, got {_kind(result)}.{advice}")


def _pair_result(result, name, names=("dW", "db")):
    """The two arrays returned by name, called `names` in messages."""
    first, second = names
    if result is None:
        raise AssertionError(f"{name} returned None: did you forget the `return` statement? "
                             f"Return the pair ({first}, {second}).")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{name} should return two arrays, ({first}, {second}), got {_kind(result)}.")
    return (_array_result(result[0], f"{first} returned by {name}"),
            _array_result(result[1], f"{second} returned by {name}"))


# Comparing

def _close(got, expected, rtol=RTOL, atol=ATOL):
    """Same shape and equal within tolerance (at least the float32 one when got is float32)."""
    try:
        got, expected = np.asarray(got), np.asarray(expected)
    except ValueError:
        return False
    if got.shape != expected.shape or got.dtype.kind not in "iuf":
        return False
    if got.dtype == np.float32:
        rtol, atol = max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_ATOL)
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def _compare(got, expected, what, case, mistakes=(), rules=(), tolerance=(RTOL, ATOL)):
    """Return if got matches expected; otherwise raise the most specific message:
    a known mistake (message, what it returns) that got matches, a wrong shape, nan or
    inf, a broken rule (holds(got) -> bool, message), or else the wrong values."""
    if _close(got, expected, *tolerance):
        return
    seen = f"\nSeen with\n{case.text}"
    for message, wrong in mistakes:
        if _close(got, wrong, *tolerance):
            raise AssertionError(message + seen)
    expected = np.asarray(expected)
    hint = f"\n{case.hint}" if case.hint else ""
    if got.shape != expected.shape:
        raise AssertionError(f"{what} should have shape {expected.shape}, got shape {got.shape}, "
                             f"with\n{case.text}{hint}")
    if not np.all(np.isfinite(got)):
        raise AssertionError(f"{what} contains nan or inf with\n{case.text}\ngot {_show(got, 'got ')}{hint}")
    for holds, message in rules:
        if not holds(got):
            raise AssertionError(f"{message}{seen}\ngot {_show(got, 'got ')}")
    raise AssertionError(f"{what} is wrong with\n{case.text}\nexpected {_show(expected, 'expected ')}\n"
                         f"got      {_show(got, 'got      ')}{hint}")


# Inputs

def _rng():
    return np.random.default_rng(SEED)


def _logits(rng, shape):
    """Random logits rounded to 2 decimals, so a printed case can be typed back in."""
    return np.round(2.0 * rng.normal(size=shape), 2)


def _probabilities(rng, shape):
    return reference.softmax(_logits(rng, shape))


def _one_hot(rng, shape):
    return np.eye(shape[-1])[rng.integers(shape[-1], size=shape[:-1])]


def _soft_targets(rng, shape):
    return rng.dirichlet(np.ones(shape[-1]), size=shape[:-1] or None)


def _rows_sum_to(value):
    """A rule: every row (last axis) of the result sums to value."""
    return lambda got: np.allclose(got.sum(axis=-1), value, atol=1e-6)


# Chapter 1: the forward pass

def check_softmax(fn):
    """Check softmax(z): z (K,) or (N, K) -> probabilities of the same shape, row by row.

    Catches: exp without normalising, the wrong axis, normalising over the whole batch,
    a missing keepdims, no max-shift (overflow at large logits), a shift by the
    batch's maximum instead of each row's (nan when rows differ by thousands).
    """
    _require_function(fn, "softmax")
    for case in _softmax_cases():
        z = case.args["z"]
        got = _array_result(_call(fn, "softmax", case), "the result of softmax")
        _compare(got, reference.softmax(z), "the result of softmax", case, _softmax_mistakes(z),
                 [(_rows_sum_to(1.0), "Each row of softmax's output must sum to 1: it is a probability "
                                      "distribution over the K classes. Yours does not.")])


def _softmax_cases():
    rng = _rng()
    return [
        _case(z=_logits(rng, (4,))),
        _case(z=_logits(rng, (2,))),
        _case(z=np.array([0.7])),
        _case(z=_logits(rng, (3, 3))),
        _case(z=_logits(rng, (5, 3))),
        _case(z=_logits(rng, (1, 4))),
        _case(z=_logits(rng, (4, 1))),
        _case(_LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0, 999.5])),
        _case(_ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5],
                                       [3.0, -2.0, 0.5]])),
    ]


@np.errstate(all="ignore")
def _softmax_mistakes(z):
    unnormalised = ("softmax returned the exponentials without normalising: divide them by their sum, "
                    "so that each row sums to 1.")
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    mistakes = [(unnormalised, np.exp(z)), (unnormalised, shifted)]
    if z.ndim == 2:
        down_columns = np.exp(z - z.max(axis=0))
        everything = np.exp(z - z.max())
        mistakes += [
            ("softmax normalised along the wrong axis: your columns sum to 1, but each row (one "
             "example) must. Use axis=-1 (the last axis) with keepdims=True.",
             down_columns / down_columns.sum(axis=0)),
            ("softmax normalised over the whole batch: your whole array sums to 1, but each row "
             "must sum to 1 on its own. Sum along axis=-1 with keepdims=True.",
             everything / everything.sum()),
        ]
    if z.ndim == 2 and z.shape[0] == z.shape[1]:
        mistakes.append(("softmax divides by row sums that broadcast along the wrong axis: "
                         "sum(axis=-1) gives shape (N,); write sum(axis=-1, keepdims=True) to get "
                         "(N, 1), so that row n is divided by its own sum.",
                         shifted / shifted.sum(axis=-1)))
    return mistakes


def check_cross_entropy(fn):
    """Check cross_entropy(a, y) -> float: -sum_i y_i ln a_i, the mean over rows for a batch.

    Catches: a missing minus sign, log10 or log2 instead of ln, only the class with the
    largest target (wrong for soft targets), a and y swapped, the sum instead of the mean
    over a batch, a mean over the classes, per-example losses or other arrays instead of
    one float, nan from 0 * ln 0.
    """
    _require_function(fn, "cross_entropy")
    for case in _cross_entropy_cases():
        a, y = case.args["a"], case.args["y"]
        result = _call(fn, "cross_entropy", case)
        if a.ndim == 2 and _close(result, _losses_per_example(a, y), LOSS_RTOL, LOSS_ATOL):
            raise AssertionError("cross_entropy returned the loss of every example; for a batch "
                                 f"return their mean, one float.\nSeen with\n{case.text}")
        got = _scalar_result(result, "the result of cross_entropy")
        _compare(got, reference.cross_entropy(a, y), "the result of cross_entropy", case,
                 _cross_entropy_mistakes(a, y), tolerance=(LOSS_RTOL, LOSS_ATOL))


def _cross_entropy_cases():
    rng = _rng()
    return [
        _case(a=_probabilities(rng, (3,)), y=np.array([0.0, 1.0, 0.0])),
        _case(a=_probabilities(rng, (2,)), y=np.array([0.3, 0.7])),
        _case(a=np.array([1.0]), y=np.array([1.0])),
        _case(a=_probabilities(rng, (5, 3)), y=_one_hot(rng, (5, 3))),
        _case(a=_probabilities(rng, (4, 3)), y=_soft_targets(rng, (4, 3))),
        _case(a=_probabilities(rng, (1, 4)), y=_soft_targets(rng, (1, 4))),
        _case(_ZERO_TIMES_LOG_ZERO, a=np.array([0.75, 0.25, 0.0]), y=np.array([1.0, 0.0, 0.0])),
        _case(_ZERO_TIMES_LOG_ZERO, a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]),
              y=np.array([[0.2, 0.0, 0.8], [0.0, 1.0, 0.0]])),
    ]


def _losses_per_example(a, y):
    """-sum_i y_i ln a_i for every row, with the terms where y_i = 0 left out."""
    with np.errstate(divide="ignore"):
        return -np.sum(np.where(y > 0, y * np.log(np.where(y > 0, a, 1.0)), 0.0), axis=-1)


@np.errstate(all="ignore")
def _cross_entropy_mistakes(a, y):
    losses = _losses_per_example(a, y)
    loss = losses.mean()
    top_class = np.take_along_axis(np.atleast_2d(a), np.atleast_2d(y).argmax(axis=-1)[:, None], -1)
    mistakes = [
        ("cross_entropy has the wrong sign: L = -sum_i y_i ln a_i. Each ln a_i <= 0, so L >= 0; "
         "yours is negative. Put the minus sign in front of the sum.", -loss),
        ("cross_entropy uses the base-10 logarithm: the loss uses the natural log ln, np.log "
         "(not np.log10).", loss / np.log(10)),
        ("cross_entropy uses the base-2 logarithm: the loss uses the natural log ln, np.log "
         "(not np.log2).", loss / np.log(2)),
        ("cross_entropy uses only the class with the largest target, -ln a_c. That is right for "
         "one-hot targets only; with soft targets every class contributes -y_i ln a_i: sum them all.",
         -np.log(top_class).mean()),
        ("cross_entropy seems to have its arguments swapped: it takes the probabilities a first and "
         "the targets y second, and L = -sum_i y_i ln a_i.", -np.mean(np.sum(a * np.log(y), axis=-1))),
        ("cross_entropy averages over the classes: sum -y_i ln a_i over the classes of an example "
         "(and for a batch take the mean over the rows only).", loss / a.shape[-1]),
    ]
    if a.ndim == 2:
        mistakes.append(("cross_entropy sums the losses of the examples; for a batch it is their mean: "
                         "divide by the number of rows N.", losses.sum()))
    return mistakes


# Chapter 2: the chain rule

def check_numerical_gradient(fn):
    """Check numerical_gradient(f, x, eps=1e-6): central differences at x of any shape.

    Compares with exact gradients of smooth functions, called as fn(f, x), and with
    central differences at a large step, called as fn(f, x, eps).
    Catches: forward or backward differences, dividing by eps instead of 2 eps, ignoring
    eps, changing x in place (even when not restoring it exactly), working for 1-D x only.
    """
    _require_function(fn, "numerical_gradient")
    for case, expected in _numerical_gradient_cases():
        f, x = case.args["f"], case.args["x"]
        eps = case.args.get("eps", 1e-6)
        got = _array_result(_call(fn, "numerical_gradient", case), "the result of numerical_gradient")
        _compare(got, expected, "the result of numerical_gradient", case,
                 _numerical_gradient_mistakes(f, x, eps))


def _bowl(centre):
    """f(x) = 1000 sum (x - c)^2 and its gradient: curved enough that one-sided
    differences at eps = 1e-6 are off by 1e-3 while central ones are exact."""
    def f(x):
        return float(1000.0 * np.sum((x - centre) ** 2))
    text = f"  f(x) = 1000 * sum((x - c)**2)\n{_describe(c=centre)}"
    return f, text, lambda x: 2000.0 * (x - centre)


def _log_sum_exp(x):
    """f(x) = ln sum_k e^{x_k} over all entries; its gradient is the softmax of the entries."""
    return float(np.log(np.sum(np.exp(x))))


def _wave(x):
    """f(x) = sum sin(10 x): with eps = 0.01 central differences are off by about 2e-3."""
    return float(np.sum(np.sin(10.0 * x)))


def _numerical_gradient_cases():
    """Pairs (case, expected result): exact gradients at the default eps, and the
    reference's central differences when the case passes eps = 0.01."""
    rng = _rng()

    def bowl_case(shape, hint=""):
        x = _logits(rng, shape)
        f, text, gradient = _bowl(x - np.round(1e-3 * rng.normal(size=shape), 5))
        return _Case({"f": f, "x": x}, f"{text}\n{_describe(x=x)}", hint), gradient(x)

    def log_sum_exp_case(shape, hint=""):
        x = _logits(rng, shape)
        text = f"  f(x) = ln(sum(exp(x)))\n{_describe(x=x)}"
        return _Case({"f": _log_sum_exp, "x": x}, text, hint), reference.softmax(x.ravel()).reshape(shape)

    def wave_case(shape, eps):
        x = _logits(rng, shape)
        text = f"  f(x) = sum(sin(10 * x))\n{_describe(x=x, eps=eps)}"
        return _Case({"f": _wave, "x": x, "eps": eps}, text), reference.numerical_gradient(_wave, x, eps)

    return [bowl_case((4,)), log_sum_exp_case((1,)), log_sum_exp_case((3,)), wave_case((3,), 0.01),
            bowl_case((2, 3), _ANY_SHAPE), log_sum_exp_case((2, 2, 2), _ANY_SHAPE)]


def _numerical_gradient_mistakes(f, x, eps):
    central = reference.numerical_gradient(f, x, eps)
    forward = _one_sided_differences(f, x, eps, 1.0)
    mistakes = [
        ("numerical_gradient uses forward differences (f(x + eps e_k) - f(x)) / eps. Use central "
         "differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps): their error shrinks like eps^2, "
         "not like eps.", forward),
        ("numerical_gradient uses backward differences (f(x) - f(x - eps e_k)) / eps. Use central "
         "differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps): their error shrinks like eps^2, "
         "not like eps.", _one_sided_differences(f, x, eps, -1.0)),
        ("numerical_gradient divides by eps, but the central difference spans 2 eps: "
         "(f(x + eps e_k) - f(x - eps e_k)) / (2 eps).", 2.0 * central),
        ("numerical_gradient divides a one-sided difference (f(x + eps e_k) - f(x)) by 2 eps: "
         "use (f(x + eps e_k) - f(x - eps e_k)) / (2 eps).", forward / 2.0),
    ]
    if eps != 1e-6:
        mistakes.append((f"numerical_gradient ignores its eps argument: called with eps = {eps} it "
                         f"should step by {eps}, not by its default.", reference.numerical_gradient(f, x)))
    return mistakes


def _one_sided_differences(f, x, eps, direction):
    """(f(x + direction eps e_k) - f(x)) / (direction eps) for every entry k."""
    gradient = np.zeros_like(x)
    base = f(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = direction * eps
        gradient[index] = (f(x + step) - base) / (direction * eps)
    return gradient


def check_linear_backward(fn):
    """Check linear_backward(delta, x) -> (dW, db).

    One example: delta (K,), x (D,) -> outer(delta, x), delta. A batch: delta (N, K),
    x (N, D) -> delta.T @ x, delta.sum(axis=0).
    Catches: dW transposed (the outer product reversed), dW or db averaged instead of
    summed over the batch, db not summed or summed along the wrong axis, delta and x
    summed over the batch before multiplying.
    """
    _require_function(fn, "linear_backward")
    for case in _linear_backward_cases():
        delta, x = case.args["delta"], case.args["x"]
        dW, db = _pair_result(_call(fn, "linear_backward", case), "linear_backward")
        expected_dW, expected_db = reference.linear_backward(delta, x)
        dW_mistakes, db_mistakes = _backward_mistakes(delta, x, expected_dW)
        if delta.ndim == 2:
            n = delta.shape[0]
            dW_mistakes.append(("For a batch dW = delta.T @ x sums over the examples; you divided by N. "
                                "Any 1/N from a mean loss is already inside delta.", expected_dW / n))
            db_mistakes.append(("For a batch db = delta.sum(axis=0) sums over the examples; you took "
                                "the mean. Any 1/N from a mean loss is already inside delta.",
                                expected_db / n))
        _compare(dW, expected_dW, "dW returned by linear_backward", case, dW_mistakes)
        _compare(db, expected_db, "db returned by linear_backward", case, db_mistakes)


def _linear_backward_cases():
    rng = _rng()
    return [
        _case(delta=_logits(rng, (3,)), x=_logits(rng, (4,))),
        _case(delta=_logits(rng, (1,)), x=_logits(rng, (2,))),
        _case(delta=_logits(rng, (2,)), x=_logits(rng, (1,))),
        _case(delta=_logits(rng, (3,)), x=_logits(rng, (3,))),
        _case(delta=_logits(rng, (5, 3)), x=_logits(rng, (5, 4))),
        _case(delta=_logits(rng, (4, 3)), x=_logits(rng, (4, 3))),
        _case(delta=_logits(rng, (1, 3)), x=_logits(rng, (1, 2))),
    ]


def _backward_mistakes(delta, x, dW):
    """Lists (message, wrong result) for dW and for db, shared by linear_backward and
    grad_params: delta = dL/dz of shape (K,) or (N, K), x (D,) or (N, D), dW the right answer."""
    dW_mistakes = [("dW is transposed: dW has the shape of W, (K, D), with entry [i, l] = "
                    "delta_i x_l (delta x^T, or delta.T @ x for a batch); you computed x delta^T.",
                    dW.T)]
    db_mistakes = []
    if delta.ndim == 2:
        dW_mistakes.append(("For a batch dW is the sum over the examples of delta_n x_n^T, which is "
                            "delta.T @ x; you summed delta and x over the batch first and multiplied "
                            "the sums.", np.outer(delta.sum(axis=0), x.sum(axis=0))))
        db_mistakes += [
            ("db must be summed over the examples: db = delta.sum(axis=0) has shape (K,); "
             "you returned one row per example.", delta),
            ("db is summed along the wrong axis: sum over the examples (axis=0) to get shape (K,).",
             delta.sum(axis=1)),
        ]
    return dW_mistakes, db_mistakes


# Chapter 3: the diagonal case

def check_softmax_diagonal(fn):
    """Check softmax_diagonal(a) -> a (1 - a), for a (K,) or (N, K).

    Catches: a^2, 1 - a, a (1 + a), a itself, the sign flipped.
    """
    _require_function(fn, "softmax_diagonal")
    for case in _softmax_diagonal_cases():
        a = case.args["a"]
        got = _array_result(_call(fn, "softmax_diagonal", case), "the result of softmax_diagonal")
        _compare(got, reference.softmax_diagonal(a), "the result of softmax_diagonal", case,
                 _softmax_diagonal_mistakes(a),
                 [(lambda got: np.all((got >= 0) & (got <= 0.25)),
                   "Every da_i/dz_i = a_i (1 - a_i) lies between 0 and 1/4 (the peak, at a_i = 1/2); "
                   "some of yours do not.")])


def _softmax_diagonal_cases():
    rng = _rng()
    return [
        _case(a=_probabilities(rng, (4,))),
        _case(a=_probabilities(rng, (2,))),
        _case(a=np.array([1.0])),
        _case(a=_probabilities(rng, (3, 4))),
        _case(a=_probabilities(rng, (1, 3))),
        _case(a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]])),
    ]


def _softmax_diagonal_mistakes(a):
    formula = "da_i/dz_i = a_i (1 - a_i) = a_i - a_i^2"
    return [
        (f"softmax_diagonal returned a_i^2; {formula}.", a ** 2),
        (f"softmax_diagonal returned 1 - a_i; multiply by a_i: {formula}.", 1 - a),
        (f"softmax_diagonal returned a_i (1 + a_i); the sign inside is wrong: {formula}.", a * (1 + a)),
        (f"softmax_diagonal returned a itself; {formula}.", a),
        (f"softmax_diagonal has the wrong sign: raising z_i raises a_i, so {formula} >= 0.",
         -a * (1 - a)),
    ]


def check_steepest_logit(fn):
    """Check steepest_logit(z, i) -> float: ln sum_{k != i} e^{z_k}, where a_i = 1/2.

    Catches: the largest other logit, including z_i itself in the sum, the sign flipped,
    overflow or underflow for logits of +-1000 (no log-sum-exp shift), arrays instead of
    one float.
    """
    _require_function(fn, "steepest_logit")
    for case in _steepest_logit_cases():
        z, i = case.args["z"], case.args["i"]
        got = _scalar_result(_call(fn, "steepest_logit", case), "the result of steepest_logit")
        _compare(got, reference.steepest_logit(z, i), "the result of steepest_logit", case,
                 _steepest_logit_mistakes(z, i))


def _steepest_logit_cases():
    rng = _rng()
    z_i_largest = _logits(rng, (3,))
    z_i_largest[0] = z_i_largest.max() + 2.0
    return [
        _case(z=_logits(rng, (4,)), i=1),
        _case(z=z_i_largest, i=0),
        _case(z=_logits(rng, (2,)), i=1),
        _case(z=_logits(rng, (5,)), i=4),
        _case(_LOG_SUM_EXP, z=np.array([1000.0, 999.0, -1000.0, 0.0]), i=2),
        _case(_LOG_SUM_EXP, z=np.array([-1000.0, -999.0, -1001.0]), i=0),
    ]


def _steepest_logit_mistakes(z, i):
    others = np.delete(z, i)
    answer = reference.steepest_logit(z, i)
    return [
        ("steepest_logit returned the largest of the other logits. The slope a_i (1 - a_i) peaks "
         "where a_i = 1/2, that is where e^{z_i} equals the sum of all the other e^{z_k}: "
         "z_i = ln sum_{k != i} e^{z_k}, which lies above the largest of them.", others.max()),
        ("steepest_logit includes z_i itself in the sum: the sum runs over the other classes "
         "k != i only (the value of z[i] must not matter).", z.max() + np.log(np.exp(z - z.max()).sum())),
        ("steepest_logit has the wrong sign: z_i = ln sum_{k != i} e^{z_k}.", -answer),
    ]


# Chapter 4: the Jacobian

def check_softmax_jacobian(fn):
    """Check softmax_jacobian(a) -> J (K, K), J[j, i] = da_j/dz_i = diag(a) - a a^T.

    Catches: the diagonal only (as a matrix or a vector), off-diagonal entries with the
    wrong sign, a missing diagonal term (-a a^T), a a^T, diag(a) only, every sign flipped;
    then rows that do not sum to 0 and a J that is not symmetric.
    """
    _require_function(fn, "softmax_jacobian")
    for case in _softmax_jacobian_cases():
        a = case.args["a"]
        got = _array_result(_call(fn, "softmax_jacobian", case), "the result of softmax_jacobian")
        _compare(got, reference.softmax_jacobian(a), "the result of softmax_jacobian", case,
                 _softmax_jacobian_mistakes(a),
                 [(_rows_sum_to(0.0), "Each row of the Jacobian must sum to 0: adding the same number "
                                      "to every logit leaves a unchanged, so sum_i da_j/dz_i = 0."),
                  (lambda got: np.allclose(got, got.T, atol=1e-8),
                   "The Jacobian of softmax is symmetric, J[j, i] = a_j (delta_ji - a_i) = J[i, j]; "
                   "yours is not: check which index goes where.")])


def _softmax_jacobian_cases():
    rng = _rng()
    return [
        _case(a=_probabilities(rng, (4,))),
        _case(a=_probabilities(rng, (2,))),
        _case(a=np.array([1.0])),
        _case(a=_probabilities(rng, (5,))),
        _case(a=np.array([0.6, 0.0, 0.4])),
    ]


def _softmax_jacobian_mistakes(a):
    diagonal = np.diag(a * (1 - a))
    outer = np.outer(a, a)
    formula = "J[j, i] = da_j/dz_i = a_j (delta_ji - a_i), that is diag(a) - a a^T"
    return [
        (f"softmax_jacobian returned only the diagonal a (1 - a), as a vector; the Jacobian is the "
         f"full K x K matrix, {formula}.", a * (1 - a)),
        (f"softmax_jacobian has only the diagonal: the off-diagonal entries da_j/dz_i = -a_j a_i "
         f"(j != i) are missing. {formula}.", diagonal),
        (f"The off-diagonal entries of softmax_jacobian have the wrong sign: raising z_i lowers every "
         f"other a_j, so da_j/dz_i = -a_j a_i for j != i. {formula}.", 2 * diagonal - (np.diag(a) - outer)),
        (f"softmax_jacobian is missing the diagonal term: -a a^T alone gives -a_i^2 on the diagonal, "
         f"but da_i/dz_i = a_i - a_i^2. {formula}.", -outer),
        (f"softmax_jacobian returned a a^T. {formula}.", outer),
        (f"softmax_jacobian returned diag(a) only: subtract a a^T. {formula}.", np.diag(a)),
        (f"softmax_jacobian has every sign flipped: {formula}, not a a^T - diag(a).", outer - np.diag(a)),
        (f"softmax_jacobian adds a a^T instead of subtracting it: {formula}.", np.diag(a) + outer),
    ]


def check_softmax_vjp(fn):
    """Check softmax_vjp(a, g) -> a * (g - sum(a * g)) row by row; a, g (K,) or (N, K).

    Catches: g - a.g without the factor a, the diagonal only a (1 - a) g, the sign
    flipped, a batch summed as a whole instead of row by row, a missing keepdims;
    then rows that do not sum to 0.
    """
    _require_function(fn, "softmax_vjp")
    for case in _softmax_vjp_cases():
        a, g = case.args["a"], case.args["g"]
        got = _array_result(_call(fn, "softmax_vjp", case), "the result of softmax_vjp")
        _compare(got, reference.softmax_vjp(a, g), "the result of softmax_vjp", case,
                 _softmax_vjp_mistakes(a, g),
                 [(_rows_sum_to(0.0), "Each row of dL/dz must sum to 0 (moving every logit of an "
                                      "example by the same amount changes nothing); yours does not.")])


def _softmax_vjp_cases():
    rng = _rng()
    return [
        _case(a=_probabilities(rng, (3,)), g=_logits(rng, (3,))),
        _case(a=_probabilities(rng, (2,)), g=_logits(rng, (2,))),
        _case(a=np.array([1.0]), g=np.array([-1.5])),
        _case(a=_probabilities(rng, (3, 3)), g=_logits(rng, (3, 3))),
        _case(a=_probabilities(rng, (4, 3)), g=_logits(rng, (4, 3))),
        _case(a=_probabilities(rng, (1, 5)), g=_logits(rng, (1, 5))),
        _case(a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]), g=_logits(rng, (2, 3))),
    ]


def _softmax_vjp_mistakes(a, g):
    weighted = np.sum(a * g, axis=-1, keepdims=True)
    formula = "(dL/dz)_i = a_i (g_i - sum_j a_j g_j)"
    mistakes = [
        (f"softmax_vjp forgot to multiply by a: {formula}.", g - weighted),
        (f"softmax_vjp uses only the diagonal of the Jacobian, a_i (1 - a_i) g_i; the off-diagonal "
         f"terms -a_i a_j g_j count too: {formula}.", a * (1 - a) * g),
        (f"softmax_vjp has the wrong sign: {formula}.", a * (weighted - g)),
    ]
    if a.ndim == 2:
        mistakes.append((f"softmax_vjp must work row by row on a batch: take sum_j a_j g_j within each "
                         f"row, np.sum(a * g, axis=-1, keepdims=True), not over the whole batch. {formula}.",
                         a * (g - np.sum(a * g))))
    if a.ndim == 2 and a.shape[0] == a.shape[1]:
        mistakes.append(("softmax_vjp's row sums broadcast along the wrong axis: np.sum(a * g, axis=-1) "
                         "has shape (N,); add keepdims=True to get (N, 1), so that each row uses its "
                         "own sum.",
                         a * (g - np.sum(a * g, axis=-1))))
    return mistakes


# Chapter 5: putting it together

def check_grad_logits(fn):
    """Check grad_logits(z, y) -> dL/dz: a - y for one example, (a - y) / N for a batch.

    Catches: y - a, a without subtracting y, a batch without the 1/N or with it twice,
    dividing a single example by K, dividing a batch by K instead of N, averaging over
    the rows, overflow at logits of +-1000, a shift by the batch's maximum.
    """
    _require_function(fn, "grad_logits")
    for case in _grad_logits_cases():
        z, y = case.args["z"], case.args["y"]
        got = _array_result(_call(fn, "grad_logits", case), "the result of grad_logits")
        _compare(got, reference.grad_logits(z, y), "the result of grad_logits", case,
                 _grad_logits_mistakes(z, y))


def _grad_logits_cases():
    rng = _rng()
    return [
        _case(z=_logits(rng, (3,)), y=np.array([0.0, 0.0, 1.0])),
        _case(z=_logits(rng, (2,)), y=np.array([0.8, 0.2])),
        _case(z=np.array([0.3]), y=np.array([1.0])),
        _case(z=_logits(rng, (4, 3)), y=_one_hot(rng, (4, 3))),
        _case(z=_logits(rng, (3, 5)), y=_soft_targets(rng, (3, 5))),
        _case(z=_logits(rng, (1, 4)), y=_one_hot(rng, (1, 4))),
        _case(_LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0]), y=np.array([0.0, 1.0, 0.0])),
        _case(_ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5]]),
              y=np.array([[1.0, 0.0, 0.0], [0.1, 0.1, 0.8]])),
    ]


def _grad_logits_mistakes(z, y):
    difference = reference.softmax(z) - y
    mistakes = [
        ("grad_logits has the wrong sign: dL/dz = a - y, not y - a.", -difference),
        ("grad_logits returned a = softmax(z); subtract the targets: dL/dz = a - y.", difference + y),
    ]
    if z.ndim == 1:
        mistakes.append(("grad_logits divided a single example by K, the number of classes; a 1-D z "
                         "is one example and dL/dz = a - y, with no 1/N.", difference / z.shape[0]))
    else:
        n, k = z.shape
        mistakes += [
            ("grad_logits forgot the 1/N: the loss of a batch is the mean over its N rows, so "
             "dL/dz = (a - y) / N.", difference),
            ("grad_logits divided by N twice: dL/dz = (a - y) / N.", difference / n ** 2),
            ("grad_logits divided by K, the number of classes; divide by N, the number of rows: "
             "dL/dz = (a - y) / N.", difference / k),
            ("grad_logits averaged over the rows; it must keep one row per example, shape (N, K): "
             "dL/dz = (a - y) / N.", difference.mean(axis=0)),
        ]
    return mistakes


def check_grad_params(fn):
    """Check grad_params(W, b, x, y) -> (dW, db) for L = cross_entropy(softmax(W x + b), y).

    Catches: dW transposed, the sign flipped, a batch without the 1/N or with it twice,
    db not summed over the examples or summed along the wrong axis, sums taken before
    multiplying, overflow for logits of +-1000.
    """
    _require_function(fn, "grad_params")
    for case in _grad_params_cases():
        W, b, x, y = (case.args[name] for name in ("W", "b", "x", "y"))
        dW, db = _pair_result(_call(fn, "grad_params", case), "grad_params")
        expected_dW, expected_db = reference.grad_params(W, b, x, y)
        dW_mistakes, db_mistakes = _grad_params_mistakes(W, b, x, y, expected_dW, expected_db)
        _compare(dW, expected_dW, "dW returned by grad_params", case, dW_mistakes)
        _compare(db, expected_db, "db returned by grad_params", case, db_mistakes)


def _grad_params_cases():
    rng = _rng()
    cases = []
    for k, d, rows, targets in [(3, 4, None, _one_hot), (2, 1, None, _soft_targets),
                                (3, 3, None, _one_hot), (3, 4, 5, _one_hot),
                                (3, 3, 4, _soft_targets), (4, 2, 1, _soft_targets)]:
        batch = () if rows is None else (rows,)
        cases.append(_case(W=_logits(rng, (k, d)), b=_logits(rng, (k,)), x=_logits(rng, batch + (d,)),
                           y=targets(rng, batch + (k,))))
    cases += [
        _case(_ROWS_APART, W=np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]]), b=np.zeros(3),
              x=np.array([[2.0, 0.0], [-4.0, 0.5]]), y=np.array([[0.0, 1.0, 0.0], [0.2, 0.0, 0.8]])),
        _case(W=_logits(rng, (1, 3)), b=_logits(rng, (1,)), x=_logits(rng, (3,)), y=np.array([1.0])),
    ]
    return cases


def _grad_params_mistakes(W, b, x, y, dW, db):
    delta = reference.grad_logits(reference.logits(W, b, x), y)
    dW_mistakes, db_mistakes = _backward_mistakes(delta, x, dW)
    sign = "The gradient has the wrong sign: dL/dz = a - y, not y - a."
    dW_mistakes.append((sign, -dW))
    db_mistakes.append((sign, -db))
    if x.ndim == 2:
        n = x.shape[0]
        forgot = ("Forgot the 1/N: the loss of a batch is the mean over its N examples, so "
                  "delta = (a - y) / N before summing over the examples.")
        twice = ("Divided by N twice: delta = (a - y) / N already carries the mean; then sum "
                 "(do not average) over the examples.")
        dW_mistakes += [(forgot, n * dW), (twice, dW / n)]
        db_mistakes += [(forgot, n * db), (twice, db / n),
                        ("db must be summed over the examples: db = sum of the rows of (a - y) / N, "
                         "shape (K,); you returned one row per example.", n * delta)]
    return dW_mistakes, db_mistakes


# Chapter 6: the whole classifier, trained

def check_train_step(fn):
    """Check train_step(W, b, X, Y, learning_rate) -> (W_new, b_new): one step of batch
    gradient descent on the mean cross-entropy, W - learning_rate * dL/dW and
    b - learning_rate * dL/db, leaving W and b themselves unchanged.

    Catches: a step uphill (the sign), the sum instead of the mean over the batch (no 1/N)
    or 1/N twice, no learning rate, the gradients returned instead of the parameters,
    only W updated, (b, W) swapped, dW transposed, W or b changed in place; then a step
    that does not lower the loss.
    """
    _require_function(fn, "train_step")
    for case in _train_step_cases():
        W, b, X, Y, rate = (case.args[name] for name in ("W", "b", "X", "Y", "learning_rate"))
        W_new, b_new = _parameters_result(_call(fn, "train_step", case), W, b)
        dW, db = reference.grad_params(W, b, X, Y)
        W_mistakes, b_mistakes = _train_step_mistakes(W, b, X, rate, dW, db)
        loss = _mean_loss(W, b, X, Y)
        if _mean_loss(W - rate * dW, b, X, Y) < loss:
            rules = [(lambda got: _mean_loss(got, b, X, Y) < loss,
                      "This step of gradient descent should lower the loss, but with your new W "
                      "(and the old b) the mean cross-entropy went up.")]
        else:
            rules = []
        _compare(W_new, W - rate * dW, "W returned by train_step", case, W_mistakes, rules)
        _compare(b_new, b - rate * db, "b returned by train_step", case, b_mistakes)


def _train_step_cases():
    rng = _rng()
    cases = []
    for k, d, n, rate, targets in [(3, 2, 6, 0.1, _one_hot), (2, 1, 4, 0.5, _one_hot),
                                   (3, 3, 5, 1.0, _one_hot), (4, 3, 7, 0.05, _soft_targets),
                                   (3, 4, 1, 0.2, _one_hot)]:
        cases.append(_case(W=_logits(rng, (k, d)), b=_logits(rng, (k,)), X=_logits(rng, (n, d)),
                           Y=targets(rng, (n, k)), learning_rate=rate))
    cases.append(_case(_ROWS_APART, W=np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]]),
                       b=np.zeros(3), X=np.array([[2.0, 0.0], [-4.0, 0.5], [0.0, 1.0]]),
                       Y=np.eye(3)[[1, 0, 2]], learning_rate=0.3))
    return cases


def _parameters_result(result, W, b):
    """The two arrays (W_new, b_new) returned by train_step, in that order."""
    W_new, b_new = _pair_result(result, "train_step", names=("W", "b"))
    if W_new.shape == b.shape and b_new.shape == W.shape and W.shape != b.shape:
        raise AssertionError(f"train_step returned (b, W): return the weights first, (W, b), "
                             f"shapes {W.shape} and {b.shape}.")
    return W_new, b_new


def _mean_loss(W, b, X, Y):
    with np.errstate(all="ignore"):
        return reference.cross_entropy(reference.softmax(reference.logits(W, b, X)), Y)


def _train_step_mistakes(W, b, X, rate, dW, db):
    n = X.shape[0]
    uphill = ("train_step steps uphill: gradient descent subtracts the gradient, "
              "W - learning_rate * dL/dW (and likewise for b); you added it.")
    no_mean = ("train_step uses the sum of the per-example gradients, not their mean: the loss of "
               "a batch is the mean over its N rows, so dL/dW = (A - Y)^T X / N and dL/db = "
               "the column sums of (A - Y) / N.")
    twice = ("train_step divides by N twice: (A - Y)^T X / N already is the mean over the batch.")
    no_rate = ("train_step ignores the learning rate: the step is learning_rate times the gradient.")
    gradients = ("train_step returned the gradient, not the updated parameters: return "
                 "(W - learning_rate * dW, b - learning_rate * db).")
    W_mistakes = [(uphill, W + rate * dW), (twice, W - rate * dW / n), (no_rate, W - dW),
                  (gradients, dW)]
    b_mistakes = [(uphill, b + rate * db), (twice, b - rate * db / n), (no_rate, b - db),
                  (gradients, db),
                  ("train_step returned b unchanged: the biases learn too, "
                   "b - learning_rate * dL/db with dL/db = the column sums of (A - Y) / N.", b)]
    if n > 1:
        W_mistakes.insert(1, (no_mean, W - rate * n * dW))
        b_mistakes.insert(1, (no_mean, b - rate * n * db))
    if dW.shape[0] == dW.shape[1]:
        W_mistakes.append(("train_step's dL/dW is transposed: it has the shape of W, (K, D), "
                           "and is (A - Y)^T X / N; you computed X^T (A - Y) / N.", W - rate * dW.T))
    return W_mistakes, b_mistakes


def check_accuracy(fn):
    """Check accuracy(W, b, X, labels) -> float: the fraction of rows of X whose largest
    logit z = W x + b is at the index labels[n].

    Catches: the mean probability of the true class, rows with a_true > 1/2, one-hot arrays
    compared entry by entry, the number of correct rows instead of the fraction, a
    percentage, the error rate, argmin, an (N, 1) column of predictions compared with
    the (N,) labels; and anything but one number.
    """
    _require_function(fn, "accuracy")
    for case in _accuracy_cases():
        W, b, X, labels = (case.args[name] for name in ("W", "b", "X", "labels"))
        got = _scalar_result(_call(fn, "accuracy", case), "the result of accuracy")
        expected = np.mean(np.argmax(reference.logits(W, b, X), axis=1) == labels)
        _compare(got, expected, "the result of accuracy", case,
                 _accuracy_mistakes(W, b, X, labels, expected),
                 [(lambda got: 0 <= got <= 1, "An accuracy is a fraction of the rows, between 0 "
                                              "and 1; yours is not.")])


def _accuracy_cases():
    rng = _rng()
    cases = []
    for k, d, n, scale in [(3, 2, 10, 1.0), (4, 3, 8, 0.3), (2, 1, 6, 1.0), (5, 4, 12, 0.3),
                           (3, 2, 1, 1.0)]:
        W, b, X = scale * _logits(rng, (k, d)), scale * _logits(rng, (k,)), _logits(rng, (n, d))
        predicted = np.argmax(reference.logits(W, b, X), axis=1)
        wrong = (predicted + rng.integers(1, k, size=n)) % k
        labels = np.where(np.arange(n) % 3 == 1, wrong, predicted)
        cases.append(_case(W=W, b=b, X=X, labels=labels))
    cases.append(_case(_LARGE_LOGITS, W=np.array([[400.0, 0.0], [-400.0, 0.0], [0.0, 1.0]]),
                       b=np.zeros(3), X=np.array([[2.5, 0.0], [-3.0, 0.5], [0.0, 1.0], [1.0, 2.0]]),
                       labels=np.array([0, 1, 1, 0])))
    return cases


def _accuracy_mistakes(W, b, X, labels, expected):
    n, k = X.shape[0], W.shape[0]
    rows = np.arange(n)
    a = reference.softmax(reference.logits(W, b, X))
    predicted_one_hot = np.eye(k)[np.argmax(a, axis=1)]
    argmax = "The prediction for a row is the class with the largest logit, np.argmax(z, axis=1)"
    return [
        (f"accuracy returned the mean probability of the true class, a[n, labels[n]]. {argmax}; "
         "accuracy is the fraction of rows where it equals the label.", a[rows, labels].mean()),
        (f"accuracy counted the rows where the true class has a probability above 1/2. {argmax}, "
         "and with K > 2 classes the largest probability can be below 1/2.",
         np.mean(a[rows, labels] > 0.5)),
        ("accuracy compared one-hot arrays entry by entry, so a wrong row still scores (K - 2)/K. "
         "Compare one predicted class index per row with labels: np.mean(predicted == labels).",
         np.mean(predicted_one_hot == np.eye(k)[labels])),
        ("accuracy returned the number of correct rows; divide by the number of rows N.",
         expected * n),
        ("accuracy returned a percentage; return the fraction, between 0 and 1.", 100 * expected),
        ("accuracy returned the error rate, the fraction of wrong rows; return the fraction "
         "of rows predicted right.", 1 - expected),
        ("accuracy compared an (N, 1) column of predictions with the (N,) labels, so broadcasting "
         "compared every row with every label. Take np.argmax(z, axis=1) without keepdims, "
         "shape (N,).", np.mean(np.argmax(a, axis=1)[:, None] == labels)),
        (f"accuracy predicts with argmin. {argmax}.",
         np.mean(np.argmin(reference.logits(W, b, X), axis=1) == labels)),
    ]
