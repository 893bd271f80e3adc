"""The grader's side of every check: which cases a graded function is tried on, what
the right results are, and which typical mistakes and broken rules to name.

A grader is declared as data (`Grader`): the cases it tries, the reference it compares
with, the typical mistakes it names (`Mistake`), the rules every right answer obeys
(`Rule`) and the looks at the raw result that name a mistake reading it would hide
(`Screen`). Calling the learner's function, reading its result and wording the messages
is `softmax_course.checking`, shared with the exercises' own checks.

`Grader.judge(case, outcome)` returns None when the outcome of one call is right and
raises AssertionError with a message saying what went wrong when it is not; the outcome
may come from the sandbox (`softmax_grader.sandbox`) or from `Grader.check(fn)` here.
`Grader.cases(rng)` gives the fixed cases (rng None, a fixed seed: the cases the
exercises' own checks show) or fresh ones drawn from rng, the same kinds with new numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from softmax_course.checking import (  # noqa: F401 (the chapter modules import these from here)
    ATOL,
    BASIC,
    EXTREMES,
    FLOAT32_ATOL,
    FLOAT32_RTOL,
    RTOL,
    Case,
    Formula,
    Mistake,
    Rule,
    Screen,
    call,
    case,
    close,
    describe,
    judge,
    pair_result,
)


def _nothing(**args):
    return []


@dataclass(frozen=True)
class Grader:
    """One graded function, declared as data.

    name: the learner's function; cases(rng): the Cases to try, in order (rng None: the
    fixed ones); reference: the course's implementation, called with a case's arguments
    for the expected result; returns: "array", "scalar", or the names of a pair of arrays
    such as ("dW", "db"); mistakes(**args) -> [Mistake], rules(**args) -> [Rule] and
    screens(**args) -> [Screen] for one case's arguments; tolerance: (rtol, atol), float32's
    unless the mistakes need a finer one; keeps: the arguments the function must leave as they
    were (any other it may change in place: it is called on copies); doc: what the grader
    checks and the mistakes it names.
    """

    name: str
    cases: Callable
    reference: Callable
    returns: object = "array"
    mistakes: Callable = _nothing
    rules: Callable = _nothing
    screens: Callable = _nothing
    tolerance: tuple = (FLOAT32_RTOL, FLOAT32_ATOL)
    keeps: tuple = ()
    doc: str = field(default="", compare=False)

    def check(self, fn, stage=None, rng=None):
        """None when fn, called here, is right on the cases of `stage` (BASIC, EXTREMES,
        or None for both); otherwise AssertionError with a message naming what is wrong."""
        for one in self.stage_cases(stage, rng):
            self.judge(one, call(fn, one))

    def stage_cases(self, stage=None, rng=None):
        """The cases of one stage (None: all), fixed (rng None) or drawn from rng."""
        if stage not in (None, BASIC, EXTREMES):
            raise ValueError(f"stage must be {BASIC!r}, {EXTREMES!r} or None, got {stage!r}")
        return [one for one in self.cases(rng) if stage is None or one.stage == stage]

    def expected(self, one):
        """The right result of one case, as a tuple of its parts."""
        expected = self.reference(**one.args) if one.expected is None else one.expected
        return expected if isinstance(expected, tuple) else (expected,)

    def judge(self, one, outcome):
        """None when the outcome of calling the learner's function on case `one` is right;
        otherwise AssertionError with the most specific message."""
        judge(self.name, self.returns, one, outcome, self.expected(one), self.mistakes(**one.args),
              self.rules(**one.args), self.screens(**one.args), one.tolerance or self.tolerance, self.keeps)
