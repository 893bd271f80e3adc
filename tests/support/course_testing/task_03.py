"""Learner implementations of chapter 3's graded task, softmax_second_diagonal(z): the second
derivative d^2 a_i / dz_i^2 of each probability with respect to its own logit, for logits z of
shape (K,) or (N, K).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, scipy.special, the expanded polynomial, 1 - a_i from the other classes' exponentials).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
"""

import math

import numpy as np
from scipy.special import softmax as scipy_softmax


def _softmax(z):
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


# Correct

def second_diagonal_vectorised(z):
    a = _softmax(np.asarray(z, dtype=float))
    return a * (1 - a) * (1 - 2 * a)


def second_diagonal_loops(z):
    def one_row(row):
        top = max(row)
        exponentials = [math.exp(value - top) for value in row]
        total = sum(exponentials)
        result = []
        for value in exponentials:
            a = value / total
            result.append(a * (1 - a) * (1 - 2 * a))
        return result
    z = np.asarray(z)
    return one_row(list(z)) if z.ndim == 1 else [one_row(list(row)) for row in z]


def second_diagonal_float32(z):
    a = _softmax(np.asarray(z, dtype=np.float32))
    return a * (np.float32(1) - a) * (np.float32(1) - np.float32(2) * a)


def second_diagonal_in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    slope = z * (1 - z)
    z *= -2
    z += 1
    z *= slope
    return z


def second_diagonal_scipy(z):
    a = scipy_softmax(z, axis=-1)
    return a * (1 - a) * (1 - 2 * a)


def second_diagonal_polynomial(z):
    a = _softmax(z)
    return a - 3 * a**2 + 2 * a**3


def second_diagonal_from_the_others(z):
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    total = exponentials.sum(axis=-1, keepdims=True)
    others = total - exponentials
    return exponentials * others * (others - exponentials) / total**3


# Wrong

def second_diagonal_stub(z):
    raise NotImplementedError()


def second_diagonal_first_derivative(z):
    a = _softmax(z)
    return a * (1 - a)


def second_diagonal_no_inner_derivative(z):
    return 1 - 2 * _softmax(z)


def second_diagonal_wrong_sign(z):
    a = _softmax(z)
    return a * (1 - a) * (2 * a - 1)


def second_diagonal_one_factor(z):
    a = _softmax(z)
    return a * (1 - a) * (1 - a)


def second_diagonal_other_factor(z):
    a = _softmax(z)
    return -a * a * (1 - a)


def second_diagonal_square_as_variable(z):
    a = _softmax(z)
    return a * (1 - a) - 2 * a


def second_diagonal_over_n(z):
    result = second_diagonal_vectorised(z)
    return result if result.ndim == 1 else result / result.shape[0]


def second_diagonal_whole_batch(z):
    exponentials = np.exp(z - z.max())
    a = exponentials / exponentials.sum()
    return a * (1 - a) * (1 - 2 * a)


def second_diagonal_batch_maximum(z):
    exponentials = np.exp(z - z.max())
    a = exponentials / exponentials.sum(axis=-1, keepdims=True)
    return a * (1 - a) * (1 - 2 * a)


def second_diagonal_no_shift(z):
    exponentials = np.exp(z)
    a = exponentials / exponentials.sum(axis=-1, keepdims=True)
    return a * (1 - a) * (1 - 2 * a)


CORRECT = {"softmax_second_diagonal": [
    second_diagonal_vectorised, second_diagonal_loops, second_diagonal_float32, second_diagonal_in_place,
    second_diagonal_scipy, second_diagonal_polynomial, second_diagonal_from_the_others,
]}

WRONG = {"softmax_second_diagonal": [
    (second_diagonal_stub, r"not implemented yet"),
    (second_diagonal_first_derivative, r"returned the first derivative"),
    (second_diagonal_no_inner_derivative, r"derivative of the inner function"),
    (second_diagonal_wrong_sign, r"wrong sign"),
    (second_diagonal_one_factor, r"only one factor .* product rule"),
    (second_diagonal_other_factor, r"only one factor .* product rule"),
    (second_diagonal_square_as_variable, r"as if a_i were the variable"),
    (second_diagonal_over_n, r"divided by the number of rows N"),
    (second_diagonal_whole_batch, r"one softmax over the whole batch"),
    (second_diagonal_batch_maximum, r"nan or inf(.|\n)*each row's own maximum"),
    (second_diagonal_no_shift, r"nan or inf(.|\n)*Subtract the largest logit"),
]}

HALF_RIGHT = {"softmax_second_diagonal": second_diagonal_no_shift}
