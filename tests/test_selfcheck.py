"""The exercises' own checks: the visible cases are up to date with the graders, they accept
every correct implementation and name the same mistakes as the graders, and nothing in them
computes an answer."""

import ast
import inspect
import json

import pytest

from course_testing.implementations import CORRECT, WRONG
from softmax_course import selfcheck
from softmax_grader import selfchecks
from softmax_grader.core import Rule
from softmax_grader.registry import GRADERS

NAMES = list(GRADERS)


def test_the_visible_cases_are_those_the_graders_write():
    assert selfcheck.CASES_FILE.read_text() == selfchecks.text(), \
        "softmax_course/selfcheck_cases.json is out of date: run `make selfchecks`"


@pytest.mark.parametrize("name", NAMES)
def test_every_correct_implementation_passes(name):
    for fn in CORRECT[name]:
        selfcheck.check(name, fn)


def grader_only_rule(grader):
    """Whether some case of the grader has a rule that only the grader's side can judge."""
    return any(type(rule) is not Rule for one in grader.cases() for rule in grader.rules(**one.args))


@pytest.mark.parametrize("name", NAMES)
def test_every_wrong_implementation_gets_the_graders_message(name):
    """On the visible cases the check says what the grader says, word for word; where the grader
    has a rule it alone can judge (it needs the loss), the check may fall back to the plain
    'wrong values' message."""
    for fn, _ in WRONG[name]:
        with pytest.raises(AssertionError) as grader_says:
            GRADERS[name].check(fn)
        with pytest.raises(AssertionError) as check_says:
            selfcheck.check(name, fn)
        if str(check_says.value) != str(grader_says.value):
            plain = " is wrong with\n" in str(check_says.value)
            assert grader_only_rule(GRADERS[name]) and plain, fn.__name__


def test_a_stage_or_name_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="stage must be"):
        selfcheck.check("softmax", CORRECT["softmax"][0], "all")
    with pytest.raises(ValueError, match="name must be one of the graded functions"):
        selfcheck.check("softmaxx", CORRECT["softmax"][0])


def test_the_check_computes_no_answer():
    """selfcheck and checking call numpy only to read and compare: neither names a graded
    function, and the visible cases carry numbers and the course's test functions f(x) only."""
    from softmax_course import checking

    for module in (selfcheck, checking):
        tree = ast.parse(inspect.getsource(module))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert not names & set(NAMES), f"{module.__name__} names {names & set(NAMES)}"
    kinds = set()

    def walk(value):
        if isinstance(value, dict):
            kinds.add(value.get("type"))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(selfcheck.CASES_FILE.read_text()))
    assert kinds - {None} <= {"array", "float", "int", "tuple", "scalar", "formula"}
