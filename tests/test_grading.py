"""The graders accept every correct implementation in tests/implementations.py and
reject every wrong one with a message naming the mistake; every named mistake and
every rule of every grader is raised by at least one wrong implementation."""

import numpy as np
import pytest

from implementations import CORRECT, WRONG
from softmax_course import grading, reference
from softmax_course.grading import core
from softmax_course.grading.registry import GRADERS

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
def test_the_course_implementation_handed_in_is_refused(name):
    with pytest.raises(AssertionError, match=f"This is the course's own {name}"):
        check(name)(getattr(reference, name))


@pytest.mark.parametrize("name", NAMES)
def test_a_function_that_calls_the_course_implementation_is_refused(name):
    course = getattr(reference, name)

    def wrapper(*args):
        return course(*args)

    with pytest.raises(AssertionError, match=f"calls the course's own softmax_course.reference.{name}"):
        check(name)(wrapper)


LATER_OR_EQUIVALENT = [
    ("softmax", lambda z: np.exp(reference.log_softmax(z)), "log_softmax"),
    ("softmax", lambda z: reference.grad_logits(z, np.ones(np.shape(z)) / np.shape(z)[-1])
     + 1 / np.shape(z)[-1], "softmax"),
    ("cross_entropy", lambda a, y: reference.cross_entropy_from_logits(np.log(a), y),
     "cross_entropy_from_logits"),
    ("grad_logits", lambda z, y: reference.grad_params(np.eye(np.shape(z)[-1]), np.zeros(np.shape(z)[-1]),
                                                     z, y)[0], "grad_logits"),
    ("grad_params", lambda W, b, x, y: tuple(p - q for p, q in zip(
        (W, b), reference.train_step(W, b, x, y, 1.0), strict=True)), "grad_params"),
    ("softmax_diagonal", lambda a: np.diag(reference.softmax_jacobian(a)), "softmax_jacobian"),
    ("accuracy", lambda W, b, X, labels: float(np.mean(reference.predictions(W, b, X) == labels)),
     "predictions"),
]


@pytest.mark.parametrize("name, fn, used", LATER_OR_EQUIVALENT, ids=[row[0] for row in LATER_OR_EQUIVALENT])
def test_a_later_or_equivalent_course_function_is_refused(name, fn, used):
    with pytest.raises(AssertionError, match=f"calls the course's own softmax_course.reference.{used},"):
        check(name)(fn)


def test_earlier_course_functions_stay_usable_as_building_blocks():
    def grad_logits(z, y):
        rows = np.shape(z)[0] if np.ndim(z) == 2 else 1
        return (reference.softmax(z) - y) / rows

    assert check("grad_logits")(grad_logits) is None


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
    assert error.value.__suppress_context__ and error.value.__cause__ is None


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
    from implementations import softmax_no_shift

    assert grading.check_softmax(softmax_no_shift, core.BASIC) is None
    with pytest.raises(AssertionError, match="Subtract the largest logit"):
        grading.check_softmax(softmax_no_shift, core.EXTREMES)
    with pytest.raises(ValueError, match="stage must be"):
        grading.check_softmax(softmax_no_shift, "all")
