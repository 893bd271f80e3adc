"""Graders of chapter 3, the case j = i: softmax_diagonal and steepest_logit (warm-ups), and the
graded task softmax_second_diagonal."""

import numpy as np

from softmax_course import reference
from softmax_grader import inputs
from softmax_grader.core import EXTREMES, Grader, Mistake, Rule, case

LOG_SUM_EXP = ("Hint: with logits of +-1000 np.exp overflows to inf or underflows to 0. Take out the "
               "largest of the other logits, m: ln sum_{k != i} e^{z_k} = m + ln sum_{k != i} e^{z_k - m}, "
               "and then every exponent is <= 0.")


def softmax_diagonal_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(a=inputs.probabilities(rng, (4,))),
        case(a=inputs.probabilities(rng, (2,))),
        case(EXTREMES, a=np.array([1.0])),
        case(EXTREMES, a=inputs.probabilities(rng, (3, 4))),
        case(EXTREMES, a=inputs.probabilities(rng, (1, 3))),
        case(EXTREMES, a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]])),
    ]


def softmax_diagonal_mistakes(a):
    formula = "da_i/dz_i = a_i (1 - a_i) = a_i - a_i^2"
    return [
        Mistake(f"softmax_diagonal returned a_i^2; {formula}.", a ** 2),
        Mistake(f"softmax_diagonal returned 1 - a_i; multiply by a_i: {formula}.", 1 - a),
        Mistake(f"softmax_diagonal returned a_i (1 + a_i); the sign inside is wrong: {formula}.",
                a * (1 + a)),
        Mistake(f"softmax_diagonal returned a itself; {formula}.", a),
        Mistake(f"softmax_diagonal has the wrong sign: raising z_i raises a_i, so {formula} >= 0.",
                -a * (1 - a)),
    ]


def softmax_diagonal_rules(a):
    return [Rule("Every da_i/dz_i = a_i (1 - a_i) lies between 0 and 1/4 (the peak, at a_i = 1/2); "
                 "some of yours do not.", "between_0_and", 0.25)]


SOFTMAX_DIAGONAL = Grader(
    name="softmax_diagonal", cases=softmax_diagonal_cases, reference=reference.softmax_diagonal,
    mistakes=softmax_diagonal_mistakes, rules=softmax_diagonal_rules,
    doc="""Check softmax_diagonal(a) -> a (1 - a), for a (K,) or (N, K).

    Catches: a^2, 1 - a, a (1 + a), a itself, the sign flipped; then entries outside [0, 1/4].
    """)


def steepest_logit_cases(generator=None):
    rng = inputs.rng(generator)
    z_i_largest = inputs.logits(rng, (3,))
    z_i_largest[0] = z_i_largest.max() + 2.0
    return [
        case(z=inputs.logits(rng, (4,)), i=1),
        case(z=z_i_largest, i=0),
        case(z=inputs.logits(rng, (2,)), i=1),
        case(z=inputs.logits(rng, (5,)), i=4),
        case(EXTREMES, LOG_SUM_EXP, z=np.array([1000.0, 999.0, -1000.0, 0.0]), i=2),
        case(EXTREMES, LOG_SUM_EXP, z=np.array([-1000.0, -999.0, -1001.0]), i=0),
        case(EXTREMES, LOG_SUM_EXP, z=np.round(inputs.logits(rng, (5,)) + 900.0, 2), i=3),
    ]


def steepest_logit_mistakes(z, i):
    others = np.delete(z, i)
    answer = reference.steepest_logit(z, i)
    return [
        Mistake("steepest_logit returned the largest of the other logits. The slope a_i (1 - a_i) peaks "
                "where a_i = 1/2, that is where e^{z_i} equals the sum of all the other e^{z_k}: "
                "z_i = ln sum_{k != i} e^{z_k}, which lies above the largest of them.", others.max()),
        Mistake("steepest_logit includes z_i itself in the sum: the sum runs over the other classes "
                "k != i only (the value of z[i] must not matter).",
                z.max() + np.log(np.exp(z - z.max()).sum())),
        Mistake("steepest_logit has the wrong sign: z_i = ln sum_{k != i} e^{z_k}.", -answer),
    ]


STEEPEST_LOGIT = Grader(
    name="steepest_logit", cases=steepest_logit_cases, reference=reference.steepest_logit,
    returns="scalar", mistakes=steepest_logit_mistakes,
    doc="""Check steepest_logit(z, i) -> float: ln sum_{k != i} e^{z_k}, where a_i = 1/2.

    Catches: the largest other logit, including z_i itself in the sum, the sign flipped,
    overflow or underflow for logits of +-1000 (no log-sum-exp shift), arrays instead of
    one float.
    """)


def _softmax_second_diagonal_reference(z):
    """d^2 a_i / dz_i^2 = a_i (1 - a_i) (1 - 2 a_i) for every class i, where a = softmax(z).

    z (K,) or (N, K) logits -> the same shape. The softmax is max-shifted row by row, so the
    result is finite for logits of +-1000 and for rows thousands apart.
    """
    a = reference.softmax(z)
    return a * (1 - a) * (1 - 2 * a)


def softmax_second_diagonal_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (4,))),
        case(z=inputs.logits(rng, (3,))),
        case(z=inputs.logits(rng, (2,))),
        case(EXTREMES, z=np.array([0.7])),
        case(EXTREMES, z=inputs.logits(rng, (3, 4))),
        case(EXTREMES, z=inputs.logits(rng, (5, 2))),
        case(EXTREMES, z=inputs.logits(rng, (1, 3))),
        case(EXTREMES, z=inputs.logits(rng, (4, 1))),
        case(EXTREMES, inputs.LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0, 999.5])),
        case(EXTREMES, inputs.ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5],
                                            [3.0, -2.0, 0.5]])),
    ]


@np.errstate(all="ignore")
def softmax_second_diagonal_mistakes(z):
    a = reference.softmax(z)
    slope = a * (1 - a)
    one_factor = ("softmax_second_diagonal differentiated only one factor of the slope a_i (1 - a_i): both "
                  "factors depend on z_i, so the product rule gives two terms, and both count.")
    mistakes = [
        Mistake("softmax_second_diagonal returned the first derivative da_i/dz_i, chapter 3's slope; "
                "differentiate that slope once more with respect to z_i.", slope),
        Mistake("softmax_second_diagonal differentiated the slope with respect to a_i and stopped there: "
                "the slope depends on z_i through a_i, so the chain rule multiplies by the derivative of "
                "the inner function, da_i/dz_i (chapter 3).", 1 - 2 * a),
        Mistake("softmax_second_diagonal has the wrong sign: while a_i < 1/2 the slope a_i (1 - a_i) grows "
                "as z_i rises (up to chapter 3's steepest logit), so the second derivative is positive "
                "there, and negative once a_i > 1/2.", -slope * (1 - 2 * a)),
        Mistake(one_factor, slope * (1 - a)),
        Mistake(one_factor, -a * slope),
        Mistake("softmax_second_diagonal differentiated the a_i^2 of a_i - a_i^2 as if a_i were the "
                "variable: a_i depends on z_i, so that term needs the chain rule too.", slope - 2 * a),
    ]
    if z.ndim == 2:
        everything = np.exp(z - z.max())
        whole = everything / everything.sum()
        mistakes += [
            Mistake("softmax_second_diagonal divided by the number of rows N: there is no loss and no mean "
                    "here, and each row holds one example's own derivatives, the same as it would be "
                    "alone.", slope * (1 - 2 * a) / z.shape[0]),
            Mistake("softmax_second_diagonal took one softmax over the whole batch: each row is one example "
                    "with its own softmax. Work along axis=-1 with keepdims=True, and subtract each row's "
                    "own maximum.", whole * (1 - whole) * (1 - 2 * whole)),
        ]
    return mistakes


SOFTMAX_SECOND_DIAGONAL = Grader(
    name="softmax_second_diagonal", cases=softmax_second_diagonal_cases,
    reference=_softmax_second_diagonal_reference, mistakes=softmax_second_diagonal_mistakes,
    doc="""Check softmax_second_diagonal(z) -> d^2 a_i / dz_i^2 for every class, z (K,) or (N, K).

    Catches: the first derivative a (1 - a), the chain rule's inner factor forgotten (1 - 2a),
    the sign flipped, one term of the product rule only, a_i^2 differentiated as if a_i were
    the variable, a 1/N for a batch, one softmax over the whole batch; overflow for logits of
    +-1000 (no max-shift) and nan for rows thousands apart (a shift by the batch's maximum).
    """)

GRADERS = (SOFTMAX_DIAGONAL, STEEPEST_LOGIT, SOFTMAX_SECOND_DIAGONAL)
