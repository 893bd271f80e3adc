"""The exercises' own checks: check("softmax", softmax, "basic") tries a function on the
visible cases of its exercise and says what looks wrong, as the grader would.

The cases, their expected results and the results of typical mistakes are numbers in
selfcheck_cases.json, written by the instructor's grader; this module computes no
answer. Passing here is a good sign, not the grade: grading also tries fresh cases.
"""

import json
from functools import cache
from pathlib import Path

from softmax_course import checking

CASES_FILE = Path(__file__).with_name("selfcheck_cases.json")


@cache
def visible_cases():
    return json.loads(CASES_FILE.read_text())


def check(name, fn, stage=None):
    """Return when fn passes the visible cases of `stage` ("basic", "extremes", or None for
    both) of the exercise `name`; otherwise raise AssertionError saying what looks wrong."""
    if name not in visible_cases():
        raise ValueError(f"name must be one of the graded functions {sorted(visible_cases())}, got {name!r}")
    if stage not in (None, checking.BASIC, checking.EXTREMES):
        raise ValueError(f"stage must be {checking.BASIC!r}, {checking.EXTREMES!r} or None, got {stage!r}")
    exercise = visible_cases()[name]
    returns = exercise["returns"] if isinstance(exercise["returns"], str) else tuple(exercise["returns"])
    for data in exercise["cases"]:
        if stage is None or data["stage"] == stage:
            try:
                judge_visible(name, returns, fn, data, tuple(exercise["keeps"]))
            except AssertionError as failure:
                raise AssertionError(str(failure)) from None


def judge_visible(name, returns, fn, data, keeps):
    """Call fn on one visible case (its JSON data) and judge the outcome; keeps: the
    arguments fn must leave as they were."""
    one = checking.Case(checking.decode_args(data["args"]), data["text"], data["hint"], stage=data["stage"])
    expected = tuple(checking.decode(part) for part in data["expected"])
    mistakes = [checking.Mistake(m["message"], checking.decode(m["wrong"]), m["part"], m["gives_nan"])
                for m in data["mistakes"]]
    rules = [checking.Rule(r["message"], r["kind"], r["value"], r["part"]) for r in data["rules"]]
    screens = [checking.Screen(s["message"], s["kind"], checking.decode(s["value"])) for s in data["screens"]]
    checking.judge(name, returns, one, checking.call(fn, one), expected, mistakes, rules, screens,
                   tuple(data["tolerance"]), keeps)
