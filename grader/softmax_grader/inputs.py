"""The inputs graders try: random cases of several shapes (a fixed seed, or fresh), and the hints
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


def rng(generator=None):
    """The generator of a grader's cases: the fixed seed's, or the one given for fresh cases."""
    return np.random.default_rng(SEED) if generator is None else generator


def logits(generator, shape):
    """Random logits rounded to 2 decimals, so a printed case can be typed back in."""
    return np.round(2.0 * generator.normal(size=shape), 2)


def probabilities(generator, shape):
    """Rows of probabilities, none below 0.02 / K: a loss guard of up to 1e-7 (added to a or
    clipping it) stays within the graders' tolerance."""
    return 0.98 * reference.softmax(logits(generator, shape)) + 0.02 / shape[-1]


def with_a_zero(generator, shape):
    """Rows of probabilities with one entry exactly 0 in each."""
    a = probabilities(generator, shape)
    rows = a.reshape(-1, shape[-1])
    rows[np.arange(len(rows)), generator.integers(shape[-1], size=len(rows))] = 0.0
    return a / a.sum(axis=-1, keepdims=True)


def one_hot(generator, shape):
    return np.eye(shape[-1])[generator.integers(shape[-1], size=shape[:-1])]


def soft_targets(generator, shape):
    return generator.dirichlet(np.ones(shape[-1]), size=shape[:-1] or None)


