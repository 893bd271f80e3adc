"""Graders of chapter 1, the forward pass: softmax and cross_entropy."""

import numpy as np

from softmax_course import reference
from softmax_grader import inputs
from softmax_grader.core import EXTREMES, Grader, Mistake, Rule, Screen, case

LOSS_RTOL, LOSS_ATOL = 1e-5, 1e-6  # room for a tiny guard (<= 1e-7) added to a or clipping a
CONFIDENTLY_WRONG = ("Hint: here the true class has probability 1e-5, so the loss is -ln(1e-5) = 11.51. "
                     "A guard against ln 0 must be tiny (1e-12 to 1e-7, added to a or clipping a); "
                     "a larger one, such as clipping a at 1e-3, caps the loss of a confidently wrong "
                     "prediction and hides exactly the mistakes the loss must punish.")
ZERO_TIMES_LOG_ZERO = ("Hint: here some a_i = 0 where y_i = 0. Such a term counts as 0, but in numpy "
                       "0 * ln 0 = 0 * (-inf) = nan: leave out the terms with y_i = 0 "
                       "(e.g. with np.where(y > 0, ...)).")


def softmax_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (4,))),
        case(z=inputs.logits(rng, (2,))),
        case(EXTREMES, z=np.array([0.7])),
        case(EXTREMES, z=inputs.logits(rng, (3, 3))),
        case(EXTREMES, z=inputs.logits(rng, (5, 3))),
        case(EXTREMES, z=inputs.logits(rng, (1, 4))),
        case(EXTREMES, z=inputs.logits(rng, (4, 1))),
        case(EXTREMES, inputs.LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0, 999.5])),
        case(EXTREMES, inputs.ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5],
                                            [3.0, -2.0, 0.5]])),
    ]


@np.errstate(all="ignore")
def softmax_mistakes(z):
    unnormalised = ("softmax returned the exponentials without normalising: divide them by their sum, "
                    "so that each row sums to 1.")
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    mistakes = [Mistake(unnormalised, np.exp(z)), Mistake(unnormalised, shifted)]
    if z.ndim == 2:
        down_columns = np.exp(z - z.max(axis=0))
        everything = np.exp(z - z.max())
        mistakes += [
            Mistake("softmax normalised along the wrong axis: your columns sum to 1, but each row (one "
                    "example) must. Use axis=-1 (the last axis) with keepdims=True.",
                    down_columns / down_columns.sum(axis=0)),
            Mistake("softmax normalised over the whole batch: your whole array sums to 1, but each row "
                    "must sum to 1 on its own. Sum along axis=-1 with keepdims=True.",
                    everything / everything.sum()),
        ]
    if z.ndim == 2 and z.shape[0] == z.shape[1]:
        mistakes.append(Mistake("softmax divides by row sums that broadcast along the wrong axis: "
                                "sum(axis=-1) gives shape (N,); write sum(axis=-1, keepdims=True) to get "
                                "(N, 1), so that row n is divided by its own sum.",
                                shifted / shifted.sum(axis=-1)))
    return mistakes


def softmax_rules(z):
    return [Rule("Each row of softmax's output must sum to 1: it is a probability distribution over "
                 "the K classes. Yours does not.", "rows_sum_to", 1.0)]


SOFTMAX = Grader(
    name="softmax", cases=softmax_cases, reference=reference.softmax,
    mistakes=softmax_mistakes, rules=softmax_rules,
    doc="""Check softmax(z): z (K,) or (N, K) -> probabilities of the same shape, row by row.

    Catches: exp without normalising, the wrong axis, normalising over the whole batch,
    a missing keepdims, no max-shift (overflow at large logits), a shift by the
    batch's maximum instead of each row's (nan when rows differ by thousands).
    """)


def cross_entropy_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(a=inputs.probabilities(rng, (3,)), y=np.array([0.0, 1.0, 0.0])),
        case(a=inputs.probabilities(rng, (2,)), y=np.array([0.3, 0.7])),
        case(EXTREMES, a=np.array([1.0]), y=np.array([1.0])),
        case(EXTREMES, a=inputs.probabilities(rng, (5, 3)), y=inputs.one_hot(rng, (5, 3))),
        case(EXTREMES, a=inputs.probabilities(rng, (4, 3)), y=inputs.soft_targets(rng, (4, 3))),
        case(EXTREMES, a=inputs.probabilities(rng, (1, 4)), y=inputs.soft_targets(rng, (1, 4))),
        case(EXTREMES, CONFIDENTLY_WRONG, tolerance=(2e-3, 1e-6), a=np.array([1e-5, 0.99998, 1e-5]),
             y=np.array([1.0, 0.0, 0.0])),
        case(EXTREMES, ZERO_TIMES_LOG_ZERO, a=np.array([0.75, 0.25, 0.0]), y=np.array([1.0, 0.0, 0.0])),
        case(EXTREMES, ZERO_TIMES_LOG_ZERO, a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]),
             y=np.array([[0.2, 0.0, 0.8], [0.0, 1.0, 0.0]])),
    ]


def losses_per_example(a, y):
    """-sum_i y_i ln a_i for every row, with the terms where y_i = 0 left out."""
    with np.errstate(divide="ignore"):
        return -np.sum(np.where(y > 0, y * np.log(np.where(y > 0, a, 1.0)), 0.0), axis=-1)


def per_example_screens(a, y):
    """Per-example losses would be reported as 'not a single float': name the mistake instead."""
    if a.ndim != 2:
        return []
    return [Screen("cross_entropy returned the loss of every example; for a batch return their mean, "
                   "one float.", "close_to", losses_per_example(a, y))]


@np.errstate(all="ignore")
def cross_entropy_mistakes(a, y):
    losses = losses_per_example(a, y)
    loss = losses.mean()
    top_class = np.take_along_axis(np.atleast_2d(a), np.atleast_2d(y).argmax(axis=-1)[:, None], -1)
    mistakes = [
        Mistake("cross_entropy has the wrong sign: L = -sum_i y_i ln a_i. Each ln a_i <= 0, so L >= 0; "
                "yours is negative. Put the minus sign in front of the sum.", -loss),
        Mistake("cross_entropy uses the base-10 logarithm: the loss uses the natural log ln, np.log "
                "(not np.log10).", loss / np.log(10)),
        Mistake("cross_entropy uses the base-2 logarithm: the loss uses the natural log ln, np.log "
                "(not np.log2).", loss / np.log(2)),
        Mistake("cross_entropy uses only the class with the largest target, -ln a_c. That is right for "
                "one-hot targets only; with soft targets every class contributes -y_i ln a_i: sum them "
                "all.", -np.log(top_class).mean()),
        Mistake("cross_entropy seems to have its arguments swapped: it takes the probabilities a first "
                "and the targets y second, and L = -sum_i y_i ln a_i.",
                -np.mean(np.sum(a * np.log(y), axis=-1))),
        Mistake("cross_entropy averages over the classes: sum -y_i ln a_i over the classes of an "
                "example (and for a batch take the mean over the rows only).", loss / a.shape[-1]),
    ]
    if a.ndim == 2:
        mistakes.append(Mistake("cross_entropy sums the losses of the examples; for a batch it is "
                                "their mean: divide by the number of rows N.", losses.sum()))
    return mistakes


CROSS_ENTROPY = Grader(
    name="cross_entropy", cases=cross_entropy_cases, reference=reference.cross_entropy,
    returns="scalar", mistakes=cross_entropy_mistakes, screens=per_example_screens,
    tolerance=(LOSS_RTOL, LOSS_ATOL),
    doc="""Check cross_entropy(a, y) -> float: -sum_i y_i ln a_i, the mean over rows for a batch.

    Catches: a missing minus sign, log10 or log2 instead of ln, only the class with the
    largest target (wrong for soft targets), a and y swapped, the sum instead of the mean
    over a batch, a mean over the classes, per-example losses or other arrays instead of
    one float, nan from 0 * ln 0.
    """)

GRADERS = (SOFTMAX, CROSS_ENTROPY)
