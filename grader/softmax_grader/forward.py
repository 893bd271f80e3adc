"""Graders of chapter 1, the forward pass: softmax and cross_entropy (warm-ups), and the graded task
binary_cross_entropy_from_logits."""

import numpy as np

from softmax_course import _checks, reference
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


def _binary_cross_entropy_from_logits_reference(z, y):
    """The mean binary cross-entropy of sigmoid(z) against y, computed from the logits. Returns a float.

    One example: z and y of shape () (or plain numbers); a batch: z and y of shape (N,), and the
    mean over the N examples. Each example's loss -y ln sigma(z) - (1 - y) ln(1 - sigma(z)), with
    sigma(z) = 1 / (1 + e^-z) and a target y in [0, 1], is ln(1 + e^z) - y z: sigma(z) and
    1 - sigma(z) are the softmax of the two logits (z, 0), and y + (1 - y) = 1. np.logaddexp(0, z)
    takes ln(1 + e^z) with the max-shift, max(z, 0) + ln(1 + e^-|z|), so it is finite for any
    finite logit.
    """
    z = _checks.real_array("z", z)
    y = _checks.real_array("y", y)
    if z.ndim > 1 or z.size == 0:
        raise ValueError(f"z must be one number or have shape (N,) with N >= 1, got shape {z.shape}")
    _checks.same_shape("z", z, "y", y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError(f"y must hold targets in [0, 1], got values in [{y.min():.3g}, {y.max():.3g}]")
    return float(np.mean(_binary_losses(z, y)))


def _binary_losses(z, y):
    """Each example's binary cross-entropy from its logit: z, y numbers or (N,) -> the same shape."""
    return np.logaddexp(0.0, z) - y * z


def binary_targets(generator, shape):
    """Soft targets in [0, 1] of the given shape, rounded to 2 decimals."""
    return np.round(generator.uniform(size=shape), 2)


def logit_off_zero(generator):
    """One random logit, shape (), other than 0 (where the losses of several mistakes coincide)."""
    z = inputs.logits(generator, ())
    return np.array(z if z != 0 else 0.5)


def binary_labels(generator, shape):
    """Hard targets, each 0.0 or 1.0."""
    return generator.integers(2, size=shape).astype(float)


SIGMOID_ROUNDS_TO_ONE = ("Hint: here sigmoid(z) = 1 / (1 + e^-z) rounds to exactly 1 in float64 (for z above "
                         "about 37, e^-z is lost next to 1), so ln(1 - sigmoid(z)) is ln 0 = -inf, and 0 * "
                         "(-inf) is nan. Clipping sigmoid(z) away from 1 is no cure: it caps the loss near "
                         "-ln of the clip. Write each loss with exponentials of the logit, never forming "
                         "sigmoid(z) or 1 - sigmoid(z).")
HUGE_BINARY_LOGITS = ("Hint: here the exact losses are in the hundreds: a confidently wrong logit costs "
                      "about its size. With logits of +-1000, np.exp overflows (e^710 is already inf), "
                      "sigmoid(z) rounds to exactly 0 or 1 and its logarithm is -inf; a guard such as "
                      "clipping sigmoid(z) caps each loss near -ln of the guard instead. Compute each loss "
                      "from the logit and take out the largest exponential, as the chapter's max-shift "
                      "does, so that every exponent is <= 0.")
BINARY_LOGITS_APART = ("Hint: the logits of this batch lie a thousand and more apart. Each example is its "
                       "own two-outcome problem: take out the larger exponential of each example on its own, "
                       "not one shift for the whole batch. Without a shift np.exp overflows, and after one "
                       "shift for the whole batch the exponentials of the entries far below it all underflow "
                       "to 0, whose logarithm is -inf.")


def binary_cross_entropy_from_logits_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=logit_off_zero(rng), y=np.array(np.round(rng.uniform(0.1, 0.45), 2))),
        case(z=np.array(inputs.logits(rng, ())), y=np.array(1.0)),
        case(z=np.array(inputs.logits(rng, ())), y=np.array(0.0)),
        case(EXTREMES, z=inputs.logits(rng, (5,)), y=binary_labels(rng, (5,))),
        case(EXTREMES, z=inputs.logits(rng, (4,)), y=binary_targets(rng, (4,))),
        case(EXTREMES, z=inputs.logits(rng, (2,)), y=binary_targets(rng, (2,))),
        case(EXTREMES, z=inputs.logits(rng, (1,)), y=binary_targets(rng, (1,))),
        case(EXTREMES, SIGMOID_ROUNDS_TO_ONE, z=np.array([40.0, -40.0, 45.5]), y=np.array([1.0, 0.0, 0.25])),
        case(EXTREMES, HUGE_BINARY_LOGITS, z=np.array([1000.0, 999.5, 998.0]), y=np.array([0.0, 1.0, 0.3])),
        case(EXTREMES, HUGE_BINARY_LOGITS, z=np.array([-1000.0, -998.5]), y=np.array([1.0, 0.6])),
        case(EXTREMES, BINARY_LOGITS_APART, z=np.array([1000.0, 2.5, -1000.0]), y=np.array([0.5, 0.4, 0.0])),
    ]


def per_example_binary_screens(z, y):
    """Per-example losses would be reported as 'not a single float': name the mistake instead."""
    if np.ndim(z) != 1:
        return []
    return [Screen("binary_cross_entropy_from_logits returned the loss of every example; for a batch return "
                   "their mean, one float.", "close_to", _binary_losses(z, y))]


@np.errstate(all="ignore")
def binary_cross_entropy_from_logits_mistakes(z, y):
    losses = _binary_losses(z, y)
    name = "binary_cross_entropy_from_logits"
    mistakes = [
        Mistake(f"{name} has the wrong sign: each example's loss is minus the logarithm of a probability, "
                "so it is never negative, and yours is. Check the minus signs of the definition.",
                -losses.mean()),
        Mistake(f"{name} gives sigmoid(z) to the wrong outcome: sigmoid(z) = 1 / (1 + e^-z) is the "
                "probability of the label 1, which the target y weighs, and 1 - sigmoid(z) that of the label "
                "0, weighed by 1 - y. Check also the sign of the exponent in your sigmoid.",
                _binary_losses(z, 1 - y).mean()),
        Mistake(f"{name} leaves out the term of the label 0: the loss of an example counts both "
                "outcomes, -y ln sigmoid(z) for the label 1 and -(1 - y) ln(1 - sigmoid(z)) for the label 0; "
                "with y = 0 or a soft target the second term is not 0.", (y * np.logaddexp(0.0, -z)).mean()),
        Mistake(f"{name} dropped the logarithm that is left after the shift: taking the larger exponential "
                "out of the sum leaves the logarithm of a sum between 1 and 2, which lies between 0 and ln 2 "
                "and is not 0 unless the logit is far from 0.", (np.maximum(z, 0.0) - y * z).mean()),
    ]
    if np.ndim(z) == 1:
        mistakes.append(Mistake(f"{name} adds up the losses of the examples; the loss of a batch is their "
                                "mean: divide by the number of examples N.", losses.sum()))
    mistakes.append(Mistake(f"{name} took one softmax over all the entries of z, as if they were the K "
                            "logits of one example (a softmax over a single logit is 1, and its loss 0). "
                            "Each entry of z is the logit of its own example, with two outcomes (the label 1 "
                            "or 0), and an example's loss depends on its own logit only.",
                            -np.sum(y * reference.log_softmax(np.atleast_1d(z)))))
    return mistakes


def binary_cross_entropy_from_logits_rules(z, y):
    return [Rule("binary_cross_entropy_from_logits must lie between 0 and the mean over the examples of "
                 "|z| + ln 2: each example's loss is minus the logarithm of a probability, so at least 0, "
                 "and a logit z costs at most |z| + ln 2, however wrong its sign. Yours does not.",
                 "between_0_and", float(np.mean(np.abs(z)) + np.log(2)))]


BINARY_CROSS_ENTROPY_FROM_LOGITS = Grader(
    name="binary_cross_entropy_from_logits", cases=binary_cross_entropy_from_logits_cases,
    reference=_binary_cross_entropy_from_logits_reference, returns="scalar",
    mistakes=binary_cross_entropy_from_logits_mistakes, rules=binary_cross_entropy_from_logits_rules,
    screens=per_example_binary_screens,
    doc="""Check binary_cross_entropy_from_logits(z, y) -> float: the binary cross-entropy
    -y ln sigma(z) - (1 - y) ln(1 - sigma(z)) = ln(1 + e^z) - y z of a sigmoid unit, for one example
    (z, y of shape ()) or the mean over a batch (z, y of shape (N,)), y in [0, 1].

    Catches: the sign, sigmoid(z) given to the wrong outcome (y and 1 - y swapped), only the term
    of the label 1, the log-sum left after the shift dropped, the sum instead of the mean over a
    batch, one softmax over the whole batch, per-example losses or other arrays instead of one
    float; inf or nan from sigmoid(z) rounding to 1, from overflow at logits of +-1000 and from one
    shift for a batch whose logits lie thousands apart, and a loss capped by clipping sigmoid(z).
    """)

GRADERS = (SOFTMAX, CROSS_ENTROPY, BINARY_CROSS_ENTROPY_FROM_LOGITS)
