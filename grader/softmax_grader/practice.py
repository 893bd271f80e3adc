"""Graders of chapter 7, the gradient in practice: log_softmax, cross_entropy_from_logits
and grad_logits_temperature."""

import numpy as np

from softmax_course import reference
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

GRADERS = (LOG_SOFTMAX, CROSS_ENTROPY_FROM_LOGITS, GRAD_LOGITS_TEMPERATURE)
