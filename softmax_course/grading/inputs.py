"""The inputs graders try: fixed-seed random cases of several shapes, and the hints
shared by the graders whose edge cases have huge logits."""

import numpy as np

from softmax_course import reference

SEED = 20180821

LARGE_LOGITS = ("Hint: with logits this large np.exp overflows (e^710 is already inf) or "
                "underflows to 0. Subtract the largest logit first: softmax(z - c) = softmax(z) "
                "for any constant c, and then every exponent is <= 0.")
ROWS_APART = ("Hint: the logits here are in the thousands and the rows of the batch differ by thousands. "
              "Subtract each row's own maximum, z.max(axis=-1, keepdims=True), before exponentiating: "
              "without a shift np.exp overflows, and after a shift by the largest entry of the whole "
              "batch every exponential of a low row underflows to 0, and 0/0 is nan.")


def rng():
    return np.random.default_rng(SEED)


def logits(generator, shape):
    """Random logits rounded to 2 decimals, so a printed case can be typed back in."""
    return np.round(2.0 * generator.normal(size=shape), 2)


def probabilities(generator, shape):
    return reference.softmax(logits(generator, shape))


def one_hot(generator, shape):
    return np.eye(shape[-1])[generator.integers(shape[-1], size=shape[:-1])]


def soft_targets(generator, shape):
    return generator.dirichlet(np.ones(shape[-1]), size=shape[:-1] or None)


def rows_sum_to(value):
    """A rule's test: every row (last axis) of the result sums to value."""
    return lambda got: np.allclose(got.sum(axis=-1), value, atol=1e-6)
