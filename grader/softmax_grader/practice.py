"""Graders of chapter 7, the gradient in practice: the warm-ups log_softmax, cross_entropy_from_logits
and grad_logits_temperature, and the graded task grad_temperature."""

import numpy as np

from softmax_course import _checks, reference
from softmax_grader import inputs
from softmax_grader.core import EXTREMES, Grader, Mistake, Rule, Screen, case
from softmax_grader.forward import LOSS_ATOL, LOSS_RTOL
from softmax_grader.gradient import per_row_mean

HUGE_LOGITS = ("Hint: these logits reach 10^4. exp overflows above about 709 and underflows to 0 below "
               "about -745, so never exponentiate z itself: ln a_i = z_i - m - ln sum_k e^{z_k - m} with "
               "m = the row's largest logit, where every exponent is <= 0 and the sum is at least 1.")


def log_softmax_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (4,))),
        case(z=inputs.logits(rng, (2,))),
        case(z=inputs.logits(rng, (3, 3))),
        case(EXTREMES, z=inputs.logits(rng, (3, 4))),
        case(EXTREMES, z=np.array([0.3])),
        case(EXTREMES, z=inputs.logits(rng, (4, 1))),
        case(EXTREMES, HUGE_LOGITS, z=np.array([1e4, -1e4, 0.0, 9999.5])),
        case(EXTREMES, HUGE_LOGITS, z=np.array([[800.0, 0.0, -800.0], [-1e4, -1e4 - 3.0, -1e4 + 1.0]])),
    ]


@np.errstate(all="ignore")
def log_softmax_mistakes(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    right = "ln softmax(z)_i = z_i - ln sum_k e^{z_k}, computed as z_i - m - ln sum_k e^{z_k - m}"
    mistakes = [
        Mistake(f"log_softmax takes the log of softmax(z): where a probability underflows to 0 that is "
                f"ln 0 = -inf, though ln a_i itself is a finite number. {right}.",
                np.log(reference.softmax(z)), gives_nan=True),
        Mistake(f"log_softmax subtracts only the largest logit and forgets the log-sum-exp: {right}.",
                shifted),
        Mistake(f"log_softmax has the wrong sign: every ln a_i <= 0. {right}.", -reference.log_softmax(z)),
    ]
    if z.ndim == 2:
        whole = z - z.max() - np.log(np.exp(z - z.max()).sum())
        mistakes.append(Mistake(f"log_softmax normalises over the whole batch; each row (one example) is "
                                f"normalised on its own, along axis=-1 with keepdims=True. {right}.", whole))
    if z.ndim == 2 and z.shape[0] == z.shape[1]:
        mistakes.append(Mistake("log_softmax's log-sum-exp broadcasts along the wrong axis: sum(axis=-1) has "
                                "shape (N,); add keepdims=True to get (N, 1).",
                                shifted - np.log(np.exp(shifted).sum(axis=-1))))
    return mistakes


def log_softmax_rules(z):
    return [Rule("Each row of log_softmax must be the log of a distribution: its exponentials sum to 1 "
                 "and every entry is <= 0. Yours are not.", "log_of_distributions")]


LOG_SOFTMAX = Grader(
    name="log_softmax", cases=log_softmax_cases, reference=reference.log_softmax,
    mistakes=log_softmax_mistakes, rules=log_softmax_rules,
    doc="""Check log_softmax(z): ln softmax(z) along the last axis, z (K,) or (N, K), finite and
    accurate for logits up to +-10^4.

    Catches: the log of softmax (-inf where it underflows), the max-shift without the
    log-sum-exp, the sign, the whole batch normalised at once, a missing keepdims;
    then rows whose exponentials do not sum to 1.
    """)


def cross_entropy_from_logits_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (3,)), y=np.array([0.0, 1.0, 0.0])),
        case(z=inputs.logits(rng, (4,)), y=inputs.soft_targets(rng, (4,))),
        case(z=inputs.logits(rng, (5, 3)), y=inputs.one_hot(rng, (5, 3))),
        case(EXTREMES, z=inputs.logits(rng, (3, 4)), y=inputs.soft_targets(rng, (3, 4))),
        case(EXTREMES, z=np.array([2.5]), y=np.array([1.0])),
        case(EXTREMES, HUGE_LOGITS, z=np.array([800.0, 0.0, -800.0]), y=np.array([0.0, 0.0, 1.0])),
        case(EXTREMES, HUGE_LOGITS, z=np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 2.0, -1e4 - 1.0]]),
             y=np.array([[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])),
    ]


def per_example_screens(z, y):
    """Per-example losses would be reported as 'not a single float': name the mistake instead."""
    if z.ndim != 2:
        return []
    return [Screen("cross_entropy_from_logits returned the loss of every example; for a batch return "
                   "their mean, one float.", "close_to", -np.sum(y * reference.log_softmax(z), axis=-1))]


@np.errstate(all="ignore")
def cross_entropy_from_logits_mistakes(z, y):
    losses = -np.sum(y * reference.log_softmax(z), axis=-1)
    loss = losses.mean()
    right = "L = -sum_i y_i ln softmax(z)_i = logsumexp(z) - sum_i y_i z_i (the mean over rows for a batch)"
    mistakes = [
        Mistake(f"cross_entropy_from_logits goes through softmax and then the log: where a probability "
                f"underflows to 0 that gives ln 0 = -inf and an infinite loss, though the loss is finite. "
                f"{right}.", -np.mean(np.sum(y * np.log(reference.softmax(z)), axis=-1)), gives_nan=True),
        Mistake(f"cross_entropy_from_logits has the wrong sign: L >= 0. {right}.", -loss),
        Mistake(f"cross_entropy_from_logits forgot the log-sum-exp: -sum_i y_i z_i alone is not the loss. "
                f"{right}.", -np.mean(np.sum(y * z, axis=-1))),
    ]
    if z.ndim == 2:
        mistakes.append(Mistake(f"cross_entropy_from_logits sums the losses of the examples; for a batch "
                                f"it is their mean. {right}.", losses.sum()))
    return mistakes


CROSS_ENTROPY_FROM_LOGITS = Grader(
    name="cross_entropy_from_logits", cases=cross_entropy_from_logits_cases,
    reference=reference.cross_entropy_from_logits, returns="scalar",
    mistakes=cross_entropy_from_logits_mistakes, screens=per_example_screens,
    tolerance=(LOSS_RTOL, LOSS_ATOL),
    doc="""Check cross_entropy_from_logits(z, y) -> float: the cross-entropy of softmax(z)
    against y, the mean over rows for a batch, finite for logits up to +-10^4.

    Catches: softmax then log (inf where a probability underflows), the sign, the
    log-sum-exp forgotten, the sum instead of the mean, per-example losses.
    """)


def grad_logits_temperature_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (3,)), y=np.array([0.0, 0.0, 1.0]), T=2.0),
        case(z=inputs.logits(rng, (4,)), y=inputs.soft_targets(rng, (4,)), T=0.5),
        case(z=inputs.logits(rng, (3,)), y=np.array([1.0, 0.0, 0.0]), T=1.0),
        case(EXTREMES, z=inputs.logits(rng, (4, 3)), y=inputs.one_hot(rng, (4, 3)), T=3.0),
        case(EXTREMES, z=inputs.logits(rng, (2, 5)), y=inputs.soft_targets(rng, (2, 5)), T=0.25),
        case(EXTREMES, z=np.array([[0.4]]), y=np.array([[1.0]]), T=5.0),
        case(EXTREMES, inputs.LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0]), y=np.array([0.0, 1.0, 0.0]),
             T=0.1),
    ]


def grad_logits_temperature_mistakes(z, y, T):
    right = ("dL/dz = (softmax(z / T) - y) / T (and / N for a batch): the chain rule through z / T "
             "gives the 1/T")
    difference = reference.softmax(z / T) - y
    mistakes = [
        Mistake(f"grad_logits_temperature forgot the outer 1/T: {right}.", per_row_mean(difference)),
        Mistake(f"grad_logits_temperature forgot to divide z by T inside the softmax: {right}.",
                per_row_mean(reference.softmax(z) - y) / T),
        Mistake(f"grad_logits_temperature multiplies by T: {right}.", per_row_mean(difference) * T),
        Mistake(f"grad_logits_temperature divides by T twice: {right}.", per_row_mean(difference) / T ** 2),
        Mistake(f"grad_logits_temperature has the wrong sign: {right}.", -per_row_mean(difference) / T),
    ]
    if z.ndim == 2:
        mistakes.append(Mistake(f"grad_logits_temperature forgot the 1/N of the mean loss: {right}.",
                                difference / T))
    return mistakes


GRAD_LOGITS_TEMPERATURE = Grader(
    name="grad_logits_temperature", cases=grad_logits_temperature_cases,
    reference=reference.grad_logits_temperature, mistakes=grad_logits_temperature_mistakes,
    doc="""Check grad_logits_temperature(z, y, T) -> dL/dz for L = cross_entropy(softmax(z / T), y):
    (softmax(z / T) - y) / T, with the 1/N of a batch as in grad_logits.

    Catches: the outer 1/T forgotten, z not divided by T, times T, 1/T twice, the sign,
    the missing 1/N.
    """)


def _grad_temperature_reference(z, y, T):
    """dL/dT for L = the cross-entropy of softmax(z / T) against y, T > 0. Returns a float.

    One example: z, y of shape (K,); a batch: z, y of shape (N, K), and L the mean of the N examples'
    losses. With u = z / T and rows of y summing to 1, each example's loss is lse(u) - y . u, whose
    derivative with respect to u is softmax(u) - y; and du/dT = -u / T. So an example contributes
    (y - softmax(u)) . u / T, and a batch the mean of these (T is shared by every example). As y and
    softmax(u) both sum to 1, u may first be shifted by its row's maximum, so that every exponent is
    <= 0 and no number of the size of z / T is formed: finite and accurate at logits of +-1000.
    """
    T = _checks.positive_number("T", T)
    z = _checks.rows_of_classes("z", z)
    y = _checks.distributions("y", y)
    _checks.same_shape("z", z, "y", y)
    return float(np.mean(_temperature_terms(z, y, T)))


def _temperature_terms(z, y, T):
    """Each example's dL/dT: z, y (K,) -> shape (); z, y (N, K) -> (N,)."""
    shifted = z / T - np.max(z / T, axis=-1, keepdims=True)
    return np.sum((y - reference.softmax(shifted)) * shifted, axis=-1) / T


TEMPERED_OVERFLOW = ("Hint: here z / T reaches the thousands (a small temperature makes even moderate "
                     "logits huge), and np.exp overflows above about 709 (e^710 is already inf), so the "
                     "probabilities come out as inf / inf = nan. Subtract each row's largest tempered logit "
                     "before exponentiating, as chapter 1's max-shift does: the probabilities do not change, "
                     "and every exponent is <= 0.")
TEMPERED_ROWS_APART = ("Hint: the tempered logits z / T of this batch are in the thousands and its rows lie "
                       "thousands apart. Subtract each row's own maximum, along axis=-1 with keepdims=True: "
                       "without a shift np.exp overflows, and after one shift by the largest entry of the "
                       "whole batch every exponential of a low row underflows to 0, and 0/0 is nan.")


def grad_temperature_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (3,)), y=np.array([0.0, 1.0, 0.0]), T=2.0),
        case(z=inputs.logits(rng, (4,)), y=inputs.soft_targets(rng, (4,)), T=0.5),
        case(z=inputs.logits(rng, (2,)), y=np.array([1.0, 0.0]), T=3.0),
        case(EXTREMES, z=inputs.logits(rng, (4, 3)), y=inputs.one_hot(rng, (4, 3)), T=1.5),
        case(EXTREMES, z=inputs.logits(rng, (3, 5)), y=inputs.soft_targets(rng, (3, 5)), T=0.25),
        case(EXTREMES, z=inputs.logits(rng, (5, 2)), y=inputs.soft_targets(rng, (5, 2)), T=4.0),
        case(EXTREMES, z=inputs.logits(rng, (1, 4)), y=inputs.one_hot(rng, (1, 4)), T=2.0),
        case(EXTREMES, z=inputs.logits(rng, (3, 1)), y=np.ones((3, 1)), T=0.5),
        case(EXTREMES, TEMPERED_OVERFLOW, z=np.array([1000.0, -1000.0, 0.0]), y=np.array([0.0, 1.0, 0.0]),
             T=0.1),
        case(EXTREMES, TEMPERED_OVERFLOW, z=np.array([5.0, 4.0, -2.0]), y=np.array([0.0, 1.0, 0.0]), T=0.004),
        case(EXTREMES, TEMPERED_ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5]]),
             y=np.array([[1.0, 0.0, 0.0], [0.1, 0.1, 0.8]]), T=0.5),
    ]


def grad_temperature_screens(z, y, T):
    """Arrays where one float was due would be reported as 'not a single float': name the mistake."""
    screens = [Screen("grad_temperature returned the gradient with respect to the logits z, as the warm-up "
                      "grad_logits_temperature does. This task asks for the derivative of the same loss with "
                      "respect to the temperature T: one float, since T is one number.", "close_to",
                      reference.grad_logits_temperature(z, y, T))]
    if z.ndim == 2:
        screens.append(Screen("grad_temperature returned one derivative for every example; the loss of a "
                              "batch is the mean of its examples' losses, so return the mean of their "
                              "derivatives, one float.", "close_to", _temperature_terms(z, y, T)))
    return screens


@np.errstate(all="ignore")
def grad_temperature_mistakes(z, y, T):
    terms = _temperature_terms(z, y, T)
    right = terms.mean()
    name = "grad_temperature"
    mistakes = [
        Mistake(f"{name} has the wrong sign. Check it against the loss itself: raise T a little and see "
                "whether the loss goes up or down (a finite difference of your "
                "cross_entropy_from_logits(z / T, y)).",
                -right),
        Mistake(f"{name} differentiated only the log-sum-exp part of the loss. The part with the targets "
                "depends on T as well, through the tempered logits z / T: differentiate it too.",
                np.mean(-np.sum(reference.softmax(z / T) * z, axis=-1)) / T ** 2),
        Mistake(f"{name} is T times too large: it misses one factor 1/T. The loss depends on T through the "
                "tempered logits z / T; differentiate z / T with respect to T (the inner function of the "
                "chain rule) and check the power of T it brings.", right * T),
        Mistake(f"{name} is T times too small: it divides by T once too often. If you work with the tempered "
                "logits u = z / T, remember that u already carries one 1/T.", right / T),
        Mistake(f"{name} uses the probabilities softmax(z) of the logits themselves; the loss uses those of "
                "the tempered logits, softmax(z / T).",
                np.mean(np.sum((y - reference.softmax(z)) * z, axis=-1)) / T ** 2),
        Mistake(f"{name} averages over the classes too (np.mean over every entry?). Each example's loss is a "
                "sum over its K classes; only the examples of a batch are averaged.", right / z.shape[-1]),
    ]
    if z.ndim == 2:
        mistakes.append(Mistake(f"{name} adds up the derivatives of the examples; the loss of a batch is "
                                "their mean: divide by the number of examples N.", terms.sum()))
    return mistakes


GRAD_TEMPERATURE = Grader(
    name="grad_temperature", cases=grad_temperature_cases, reference=_grad_temperature_reference,
    returns="scalar", mistakes=grad_temperature_mistakes, screens=grad_temperature_screens,
    doc="""Check grad_temperature(z, y, T) -> float: dL/dT for L = the cross-entropy of softmax(z / T)
    against y, T > 0, for one example (z, y of shape (K,)) or the mean over a batch (z, y of shape
    (N, K)). With u = z / T and a = softmax(u), one example gives (y - a) . z / T^2 = (y - a) . u / T,
    a batch the mean of these over its rows.

    Catches: the sign, only the log-sum-exp term differentiated, one factor 1/T too few or too many,
    softmax(z) instead of softmax(z / T), a mean over the classes, the sum instead of the mean over
    a batch, the gradient with respect to z or one derivative per example instead of one float;
    inf or nan from overflow where z / T is in the thousands and from one shift for a batch whose
    rows lie thousands apart.
    """)

GRADERS = (LOG_SOFTMAX, CROSS_ENTROPY_FROM_LOGITS, GRAD_LOGITS_TEMPERATURE, GRAD_TEMPERATURE)
