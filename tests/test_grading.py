"""The graders accept every correct implementation in tests/implementations.py and
reject every wrong one with a message naming the mistake."""

import numpy as np
import pytest

from implementations import CORRECT, WRONG
from softmax_course import grading

NAMES = list(CORRECT)


def grader(name):
    return getattr(grading, f"check_{name}")


def test_every_graded_function_has_implementations():
    assert set(NAMES) == set(WRONG) == {
        "softmax", "cross_entropy", "numerical_gradient", "linear_backward", "softmax_diagonal",
        "steepest_logit", "softmax_jacobian", "softmax_vjp", "grad_logits", "grad_params"}


@pytest.mark.parametrize("name, fn", [(name, fn) for name in NAMES for fn in CORRECT[name]],
                         ids=lambda value: getattr(value, "__name__", value))
def test_correct_implementation_is_accepted(name, fn):
    assert grader(name)(fn) is None


@pytest.mark.parametrize("name, fn, pattern",
                         [(name, fn, pattern) for name in NAMES for fn, pattern in WRONG[name]],
                         ids=lambda value: getattr(value, "__name__", None))
def test_wrong_implementation_is_rejected_with_its_diagnosis(name, fn, pattern):
    with pytest.raises(AssertionError, match=pattern):
        grader(name)(fn)


@pytest.mark.parametrize("name", NAMES)
def test_blank_stub_is_reported_as_not_implemented(name):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(AssertionError, match=r"not implemented yet: replace `raise NotImplementedError\(\)`"):
        grader(name)(stub)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", [3, np.zeros(3), None])
def test_something_other_than_a_function_is_rejected_plainly(name, value):
    with pytest.raises(AssertionError, match=f"check_{name} needs your function itself"):
        grader(name)(value)


@pytest.mark.parametrize("name", NAMES)
def test_an_exception_is_reported_with_the_input_and_without_the_graders_traceback(name):
    def broken(*args):
        raise ValueError("something went wrong")

    with pytest.raises(AssertionError) as error:
        grader(name)(broken)
    message = str(error.value)
    assert f"{name} raised ValueError: something went wrong" in message
    assert 'at line' in message and 'raise ValueError("something went wrong")' in message
    assert "shape (" in message
    assert error.value.__suppress_context__ and error.value.__cause__ is None


@pytest.mark.parametrize("name", NAMES)
def test_returning_none_asks_about_the_return_statement(name):
    with pytest.raises(AssertionError, match="forget the `return` statement"):
        grader(name)(lambda *args: None)


def test_message_shows_the_input_so_the_learner_can_retry_it():
    def softmax_reversed(z):
        return grading.reference.softmax(z)[..., ::-1]

    with pytest.raises(AssertionError) as error:
        grading.check_softmax(softmax_reversed)
    message = str(error.value)
    assert "z = [" in message and "(shape (4,))" in message
    assert "expected [" in message and "got      [" in message


def test_a_float32_result_is_held_to_a_looser_tolerance_only():
    expected = np.array([0.25, 0.75])
    assert grading._close(np.float32(expected * (1 + 3e-5)), expected)
    assert not grading._close(expected * (1 + 3e-5), expected)

