"""The graders accept every correct implementation in tests/implementations.py and
reject every wrong one with a message naming the mistake; every named mistake and
every rule of every grader is raised by at least one wrong implementation; fresh cases
change every stage's numbers and every correct implementation passes them."""

import numpy as np
import pytest

import softmax_grader as grading
from course_testing.implementations import CORRECT, WRONG
from softmax_grader import core
from softmax_grader.registry import GRADERS

NAMES = list(GRADERS)


def check(name):
    return getattr(grading, f"check_{name}")


def test_every_grader_is_public_and_has_implementations():
    assert set(CORRECT) == set(WRONG) == set(NAMES)
    assert set(grading.__all__) == {"GRADERS"} | {f"check_{name}" for name in NAMES}
    for name in NAMES:
        assert check(name).__doc__ == GRADERS[name].doc and GRADERS[name].doc


@pytest.mark.parametrize("name, fn", [(name, fn) for name in NAMES for fn in CORRECT[name]],
                         ids=lambda value: getattr(value, "__name__", value))
def test_correct_implementation_is_accepted(name, fn):
    assert check(name)(fn) is None


@pytest.mark.parametrize("name, fn, pattern",
                         [(name, fn, pattern) for name in NAMES for fn, pattern in WRONG[name]],
                         ids=lambda value: getattr(value, "__name__", None))
def test_wrong_implementation_is_rejected_with_its_diagnosis(name, fn, pattern):
    with pytest.raises(AssertionError, match=pattern):
        check(name)(fn)


def named_diagnoses(grader):
    """Every message of a named mistake or rule the grader can give, over all its cases."""
    messages = set()
    for one in grader.cases():
        messages |= {mistake.message for mistake in grader.mistakes(**one.args)}
        messages |= {rule.message for rule in grader.rules(**one.args)}
    return messages


def raised_messages(grader, functions):
    messages = []
    for fn in functions:
        try:
            grader.check(fn)
        except AssertionError as error:
            messages.append(str(error))
    return messages


@pytest.mark.parametrize("name", NAMES)
def test_every_named_mistake_and_rule_is_raised_by_some_wrong_implementation(name):
    grader = GRADERS[name]
    raised = raised_messages(grader, [fn for fn, _ in WRONG[name]])
    never = [message for message in named_diagnoses(grader)
             if not any(text.startswith(message) for text in raised)]
    assert not never, f"check_{name} never gives these messages:\n" + "\n".join(never)


@pytest.mark.parametrize("name", NAMES)
def test_fresh_cases_change_the_numbers_of_every_stage(name):
    """A table of outputs for the fixed cases cannot pass: each stage has cases whose inputs a
    fresh draw changes."""
    grader = GRADERS[name]
    for stage in (core.BASIC, core.EXTREMES):
        fixed = {one.text for one in grader.stage_cases(stage)}
        fresh = {one.text for one in grader.stage_cases(stage, np.random.default_rng(7))}
        assert fresh - fixed, f"{name}'s {stage} cases are the same on every draw"


@pytest.mark.parametrize("name", NAMES)
def test_correct_implementations_pass_fresh_cases(name):
    for seed in range(5):
        for fn in CORRECT[name]:
            GRADERS[name].check(fn, rng=np.random.default_rng(seed))


@pytest.mark.parametrize("name", NAMES)
def test_blank_stub_is_reported_as_not_implemented(name):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match=r"not implemented yet: replace `raise NotImplementedError\(\)`"):
        check(name)(stub)


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_with_the_input_and_without_the_graders_traceback(name):
    def broken(*args):
        raise ValueError("something went wrong")

    with pytest.raises(AssertionError) as error:
        check(name)(broken)
    message = str(error.value)
    assert f"{name} raised ValueError: something went wrong" in message
    assert 'at line' in message and 'raise ValueError("something went wrong")' in message
    assert "shape (" in message
    assert error.value.__context__ is None and error.value.__cause__ is None


def test_message_shows_the_input_so_the_learner_can_retry_it():
    def softmax_reversed(z):
        exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
        return (exponentials / exponentials.sum(axis=-1, keepdims=True))[..., ::-1]

    with pytest.raises(AssertionError) as error:
        grading.check_softmax(softmax_reversed)
    message = str(error.value)
    assert "z = [" in message and "(shape (4,))" in message
    assert "expected [" in message and "got      [" in message


def test_a_float32_result_is_held_to_a_looser_tolerance_only():
    expected = np.array([0.25, 0.75])
    assert core.close(np.float32(expected * (1 + 3e-5)), expected)
    assert not core.close(expected * (1 + 3e-5), expected)


@pytest.mark.parametrize("name", NAMES)
def test_every_grader_has_basic_and_extreme_cases(name):
    stages = [one.stage for one in GRADERS[name].cases()]
    assert core.BASIC in stages and core.EXTREMES in stages


def test_the_stages_are_graded_apart_for_partial_credit():
    from course_testing.implementations import softmax_no_shift

    assert grading.check_softmax(softmax_no_shift, core.BASIC) is None
    with pytest.raises(AssertionError, match="Subtract the largest logit"):
        grading.check_softmax(softmax_no_shift, core.EXTREMES)
    with pytest.raises(ValueError, match="stage must be"):
        grading.check_softmax(softmax_no_shift, "all")
