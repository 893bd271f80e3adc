"""Graders of chapter 5, putting the cases together: the warm-ups grad_logits, grad_logits_smoothed
and grad_params, and the graded task grad_logits_focal."""

import numpy as np

from softmax_course import _checks, reference
from softmax_grader import inputs
from softmax_grader.chain_rule import backward_mistakes
from softmax_grader.core import BASIC, EXTREMES, Grader, Mistake, Rule, case


def grad_logits_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (3,)), y=np.array([0.0, 0.0, 1.0])),
        case(z=inputs.logits(rng, (2,)), y=np.array([0.8, 0.2])),
        case(EXTREMES, z=np.array([0.3]), y=np.array([1.0])),
        case(EXTREMES, z=inputs.logits(rng, (4, 3)), y=inputs.one_hot(rng, (4, 3))),
        case(EXTREMES, z=inputs.logits(rng, (3, 5)), y=inputs.soft_targets(rng, (3, 5))),
        case(EXTREMES, z=inputs.logits(rng, (1, 4)), y=inputs.one_hot(rng, (1, 4))),
        case(EXTREMES, inputs.LARGE_LOGITS, z=np.array([1000.0, -1000.0, 0.0]), y=np.array([0.0, 1.0, 0.0])),
        case(EXTREMES, inputs.ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5]]),
             y=np.array([[1.0, 0.0, 0.0], [0.1, 0.1, 0.8]])),
    ]


THROUGH_ONE_OVER_A = ("goes through dL/da = -y / a, which divides by a: here a probability underflows "
                      "to 0 where y_i > 0, so -y_i / a_i = -inf and the result is nan. Simplify before "
                      "computing: J^T (-y / a) = a - y, with no division.")
ONE_HOT_ONLY = ("assumes one-hot targets: it subtracts 1 at the class with the largest target, but with "
                "soft targets (a row of y such as [0.8, 0.2]) dL/dz = a - y uses every entry of y.")


def per_row_mean(values):
    """values (K,) as they are, values (N, K) divided by N: the 1/N of the mean loss."""
    return values if values.ndim == 1 else values / values.shape[0]


@np.errstate(all="ignore")
def through_one_over_a(z, y):
    """dL/dz computed as J^T (-y / a), row by row, nan where a probability is 0 and y is not."""
    a = reference.softmax(z)
    g = -y / a
    return per_row_mean(a * (g - np.sum(a * g, axis=-1, keepdims=True)))


def one_hot_only(z, y):
    """a - e_c with c the class of each row's largest target, with the batch's 1/N."""
    hot = np.eye(np.shape(y)[-1])[np.argmax(y, axis=-1)]
    return per_row_mean(reference.softmax(z) - hot)


def grad_logits_mistakes(z, y):
    difference = reference.softmax(z) - y
    mistakes = [
        Mistake(f"grad_logits {THROUGH_ONE_OVER_A}", through_one_over_a(z, y), gives_nan=True),
        Mistake(f"grad_logits {ONE_HOT_ONLY}", one_hot_only(z, y)),
        Mistake("grad_logits has the wrong sign: dL/dz = a - y, not y - a.", -difference),
        Mistake("grad_logits returned a = softmax(z); subtract the targets: dL/dz = a - y.",
                difference + y),
    ]
    if z.ndim == 1:
        mistakes.append(Mistake("grad_logits divided a single example by K, the number of classes; a 1-D "
                                "z is one example and dL/dz = a - y, with no 1/N.", difference / z.shape[0]))
    else:
        n, k = z.shape
        mistakes += [
            Mistake("grad_logits forgot the 1/N: the loss of a batch is the mean over its N rows, so "
                    "dL/dz = (a - y) / N.", difference),
            Mistake("grad_logits divided by N twice: dL/dz = (a - y) / N.", difference / n ** 2),
            Mistake("grad_logits divided by K, the number of classes; divide by N, the number of rows: "
                    "dL/dz = (a - y) / N.", difference / k),
            Mistake("grad_logits averaged over the rows; it must keep one row per example, shape (N, K): "
                    "dL/dz = (a - y) / N.", difference.mean(axis=0)),
        ]
    return mistakes


GRAD_LOGITS = Grader(
    name="grad_logits", cases=grad_logits_cases, reference=reference.grad_logits,
    mistakes=grad_logits_mistakes,
    doc="""Check grad_logits(z, y) -> dL/dz: a - y for one example, (a - y) / N for a batch.

    Catches: y - a, a without subtracting y, a batch without the 1/N or with it twice,
    dividing a single example by K, dividing a batch by K instead of N, averaging over
    the rows, overflow at logits of +-1000, a shift by the batch's maximum.
    """)


def grad_params_cases(generator=None):
    rng = inputs.rng(generator)
    cases = []
    for k, d, rows, targets in [(3, 4, None, inputs.one_hot), (2, 1, None, inputs.soft_targets),
                                (3, 3, None, inputs.one_hot), (3, 4, 5, inputs.one_hot),
                                (3, 3, 4, inputs.soft_targets), (4, 2, 1, inputs.soft_targets)]:
        batch = () if rows is None else (rows,)
        cases.append(case(BASIC if rows is None else EXTREMES, W=inputs.logits(rng, (k, d)),
                          b=inputs.logits(rng, (k,)), x=inputs.logits(rng, batch + (d,)),
                          y=targets(rng, batch + (k,))))
    cases += [
        case(EXTREMES, inputs.ROWS_APART, W=np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]]),
             b=np.zeros(3), x=np.array([[2.0, 0.0], [-4.0, 0.5]]),
             y=np.array([[0.0, 1.0, 0.0], [0.2, 0.0, 0.8]])),
        case(EXTREMES, W=inputs.logits(rng, (1, 3)), b=inputs.logits(rng, (1,)),
             x=inputs.logits(rng, (3,)), y=np.array([1.0])),
    ]
    return cases


def grad_params_mistakes(W, b, x, y):
    dW, db = reference.grad_params(W, b, x, y)
    delta = reference.grad_logits(reference.logits(W, b, x), y)
    sign = "The gradient has the wrong sign: dL/dz = a - y, not y - a."
    mistakes = backward_mistakes(delta, x) + [Mistake(sign, -dW), Mistake(sign, -db, part=1)]
    for message, wrong_delta in [(f"grad_params {THROUGH_ONE_OVER_A}", through_one_over_a),
                                 (f"grad_params {ONE_HOT_ONLY}", one_hot_only)]:
        with np.errstate(all="ignore"):
            wrong_dW, wrong_db = linear_backward_unchecked(wrong_delta(reference.logits(W, b, x), y), x)
        mistakes += [Mistake(message, wrong_dW, gives_nan=True),
                     Mistake(message, wrong_db, part=1, gives_nan=True)]
    if x.ndim == 2:
        n = x.shape[0]
        forgot = ("Forgot the 1/N: the loss of a batch is the mean over its N examples, so "
                  "delta = (a - y) / N before summing over the examples.")
        twice = ("Divided by N twice: delta = (a - y) / N already carries the mean; then sum "
                 "(do not average) over the examples.")
        mistakes += [
            Mistake(forgot, n * dW), Mistake(twice, dW / n),
            Mistake(forgot, n * db, part=1), Mistake(twice, db / n, part=1),
            Mistake("db must be summed over the examples: db = sum of the rows of (a - y) / N, "
                    "shape (K,); you returned one row per example.", n * delta, part=1),
        ]
    return mistakes


def linear_backward_unchecked(delta, x):
    """delta x^T and delta for one example, delta^T x and the column sums for a batch,
    without the reference's input checks, which refuse the nan of a mistake."""
    if delta.ndim == 1:
        return np.outer(delta, x), delta
    return delta.T @ x, delta.sum(axis=0)


GRAD_PARAMS = Grader(
    name="grad_params", cases=grad_params_cases, reference=reference.grad_params,
    returns=("dW", "db"), mistakes=grad_params_mistakes,
    doc="""Check grad_params(W, b, x, y) -> (dW, db) for L = cross_entropy(softmax(W x + b), y).

    Catches: dW transposed, the sign flipped, a batch without the 1/N or with it twice,
    db not summed over the examples or summed along the wrong axis, sums taken before
    multiplying, overflow for logits of +-1000.
    """)

def grad_logits_smoothed_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (4,)), labels=2, smoothing=0.1),
        case(z=inputs.logits(rng, (3,)), labels=0, smoothing=0.3),
        case(z=inputs.logits(rng, (5,)), labels=4, smoothing=0.0),
        case(EXTREMES, z=inputs.logits(rng, (4, 3)), labels=np.array([0, 2, 1, 2]), smoothing=0.2),
        case(EXTREMES, z=inputs.logits(rng, (1, 5)), labels=np.array([3]), smoothing=0.5),
        case(EXTREMES, z=inputs.logits(rng, (3, 1)), labels=np.array([0, 0, 0]), smoothing=0.25),
        case(EXTREMES, inputs.ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5]]),
             labels=np.array([2, 0]), smoothing=0.1),
    ]


def grad_logits_smoothed_mistakes(z, labels, smoothing):
    K = z.shape[-1]
    a = reference.softmax(z)
    hot = reference.smoothed_targets(labels, K, 0.0)
    y = reference.smoothed_targets(labels, K, smoothing)
    others = (1 - smoothing) * hot + smoothing / max(K - 1, 1) * (1 - hot)
    target = "y = (1 - s) e_c + s / K, and dL/dz = a - y (divided by N for a batch)"
    mistakes = [
        Mistake(f"grad_logits_smoothed ignores the smoothing: with smoothing s, {target}.",
                per_row_mean(a - hot)),
        Mistake(f"grad_logits_smoothed spreads s over the K - 1 other classes only; here the smoothing "
                f"adds s / K to every class, the true one included: {target}.", per_row_mean(a - others)),
        Mistake(f"grad_logits_smoothed adds s, not s / K, to every class, so the targets no longer sum to 1: "
                f"{target}.", per_row_mean(a - ((1 - smoothing) * hot + smoothing))),
        Mistake(f"grad_logits_smoothed scales e_c by (1 - s) but forgets the s / K: {target}.",
                per_row_mean(a - (1 - smoothing) * hot)),
        Mistake(f"grad_logits_smoothed has the wrong sign: {target}, not y - a.", -per_row_mean(a - y)),
    ]
    if z.ndim == 2:
        mistakes.append(Mistake(f"grad_logits_smoothed forgot the 1/N of the mean loss: {target}.", a - y))
    return mistakes


GRAD_LOGITS_SMOOTHED = Grader(
    name="grad_logits_smoothed", cases=grad_logits_smoothed_cases,
    reference=reference.grad_logits_smoothed, mistakes=grad_logits_smoothed_mistakes,
    doc="""Check grad_logits_smoothed(z, labels, smoothing) -> dL/dz against label-smoothed
    targets y = (1 - s) e_c + s / K: a - y for z (K,) and one int label; (a - y) / N for
    z (N, K) and labels (N,).

    Catches: the smoothing ignored, s spread over the other classes only, s instead of
    s / K, the s / K forgotten, the sign, the missing 1/N.
    """)


def _grad_logits_focal_reference(z, y, gamma):
    """dL/dz of the mean focal loss L = -sum_i y_i (1 - a_i)^gamma ln a_i, a = softmax(z), gamma >= 1.

    z, y (K,) -> (K,); z, y (N, K) -> (N, K), with the 1/N of the mean over the rows. With
    h_j = a_j dL/da_j = y_j (gamma a_j (1 - a_j)^(gamma - 1) ln a_j - (1 - a_j)^gamma), the chain
    rule through the softmax gives dL/dz_i = h_i - a_i sum_j h_j: no 1/a_j is left, and ln a comes
    from the logits, so it stays finite where a probability underflows to 0.
    """
    log_a = reference.log_softmax(z)
    y = _checks.distributions("y", y)
    _checks.same_shape("z", log_a, "y", y)
    gamma = _checks.number("gamma", gamma)
    if not 1 <= gamma < np.inf:
        raise ValueError(f"gamma must be a finite number >= 1, got {gamma!r}")
    a = np.exp(log_a)
    h = _focal_h(a, log_a, -np.expm1(log_a), y, gamma)
    return per_row_mean(h - a * h.sum(axis=-1, keepdims=True))


def _focal_h(a, log_a, rest, y, gamma, inner=1.0):
    """h = a_j dL/da_j of the focal loss from a, ln a and rest = 1 - a, all (K,) or (N, K);
    inner = -1 for the mistake that drops the inner derivative -1 of (1 - a_j)^gamma."""
    return y * (inner * gamma * a * rest ** (gamma - 1) * log_a - rest ** gamma)


FOCAL_UNDERFLOW = (f"{inputs.LARGE_LOGITS} Here some probabilities also underflow to exactly 0 (e^-1000 is 0 "
                   "in float64): dividing by such an a_i, or taking np.log of it, gives inf and then nan. "
                   "Take ln a from the logits with the log-sum-exp, and simplify so that no 1/a_i is left.")


def grad_logits_focal_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(z=inputs.logits(rng, (3,)), y=np.array([0.0, 0.0, 1.0]), gamma=2.0),
        case(z=inputs.logits(rng, (4,)), y=inputs.soft_targets(rng, (4,)), gamma=1.5),
        case(z=inputs.logits(rng, (2,)), y=np.array([1.0, 0.0]), gamma=1.0),
        case(EXTREMES, z=inputs.logits(rng, (4, 3)), y=inputs.one_hot(rng, (4, 3)), gamma=2.0),
        case(EXTREMES, z=inputs.logits(rng, (3, 5)), y=inputs.soft_targets(rng, (3, 5)), gamma=1.5),
        case(EXTREMES, z=inputs.logits(rng, (5, 2)), y=inputs.soft_targets(rng, (5, 2)), gamma=3.0),
        case(EXTREMES, z=inputs.logits(rng, (1, 4)), y=inputs.one_hot(rng, (1, 4)), gamma=2.0),
        case(EXTREMES, z=inputs.logits(rng, (3, 1)), y=np.ones((3, 1)), gamma=2.0),
        case(EXTREMES, inputs.ROWS_APART, z=np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.5]]),
             y=np.array([[0.2, 0.8, 0.0], [0.0, 0.1, 0.9]]), gamma=2.0),
        case(EXTREMES, FOCAL_UNDERFLOW, z=np.array([1000.0, -1000.0, 0.0]), y=np.array([0.0, 1.0, 0.0]),
             gamma=2.0),
        case(EXTREMES, FOCAL_UNDERFLOW, z=np.array([[2.0, 1000.0, -1000.0], [-1000.0, 0.5, 999.0]]),
             y=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]), gamma=1.5),
    ]


@np.errstate(all="ignore")
def grad_logits_focal_mistakes(z, y, gamma):
    log_a = reference.log_softmax(z)
    a, rest = np.exp(log_a), -np.expm1(log_a)
    right = _focal_h(a, log_a, rest, y, gamma)

    def through_softmax(h):
        return per_row_mean(h - a * h.sum(axis=-1, keepdims=True))

    name = "grad_logits_focal"
    mistakes = [
        Mistake(f"{name} treats the factor (1 - a_i)^gamma as a constant weight. It depends on the logits "
                "through a_i, so the derivative of the loss with respect to a_i has two terms (product "
                "rule): differentiate the factor too.", through_softmax(-y * rest ** gamma)),
        Mistake(f"{name} forgot the derivative of the inner function of (1 - a_i)^gamma: d(1 - a_i)/da_i "
                "= -1, which flips the sign of the term that comes from differentiating the factor.",
                through_softmax(_focal_h(a, log_a, rest, y, gamma, inner=-1.0))),
        Mistake(f"{name} keeps only the term j = i of the chain rule. Every a_j depends on z_i through the "
                "softmax's denominator: sum over every j, with both cases of da_j/dz_i (chapters 3 and 4).",
                per_row_mean(right * (1 - a))),
        Mistake(f"{name} has the wrong sign: yours points the way the loss goes down, but the gradient "
                "points the way it goes up (gradient descent then moves against it).",
                -through_softmax(right)),
        Mistake(f"{name} gives nan where a probability underflows to 0: it divides by a_i or takes np.log "
                "of a probability that is 0. Compute ln a from the logits (log-sum-exp with the max-shift), "
                "and let the factor a_j of da_j/dz_i cancel the 1/a_j before you compute anything.",
                through_softmax(_focal_h(a, np.log(a), rest, y, gamma)), gives_nan=True),
    ]
    if z.ndim == 2:
        n = z.shape[0]
        mistakes += [
            Mistake(f"{name} forgot the 1/N: the loss of a batch is the mean of its N examples' losses, so "
                    "each row of the gradient is 1/N of that example's own.", n * through_softmax(right)),
            Mistake(f"{name} sums over the whole batch where the chain rule sums over the classes of one "
                    "example: each row has its own sum, along axis=-1 with keepdims=True.",
                    (right - a * right.sum()) / n),
        ]
    return mistakes


def grad_logits_focal_rules(z, y, gamma):
    return [Rule("Each row of grad_logits_focal's result must sum to 0: adding the same number to every "
                 "logit of an example changes none of its probabilities, so it cannot change the loss. "
                 "Yours does not.", "rows_sum_to", 0.0)]


GRAD_LOGITS_FOCAL = Grader(
    name="grad_logits_focal", cases=grad_logits_focal_cases, reference=_grad_logits_focal_reference,
    mistakes=grad_logits_focal_mistakes, rules=grad_logits_focal_rules,
    doc="""Check grad_logits_focal(z, y, gamma) -> dL/dz of the mean focal loss
    L = -sum_i y_i (1 - a_i)^gamma ln a_i, a = softmax(z), gamma >= 1: for one example z, y (K,),
    h_i - a_i sum_j h_j with h_j = y_j (gamma a_j (1 - a_j)^(gamma - 1) ln a_j - (1 - a_j)^gamma);
    for a batch z, y (N, K), the same row by row, divided by N.

    Catches: the factor (1 - a_i)^gamma taken as a constant, the inner derivative -1 forgotten,
    only the term j = i of the chain rule, the sign, nan from 1/a or ln 0 where a probability
    underflows, a batch without the 1/N, the sum over the classes taken over the whole batch,
    overflow at logits of +-1000.
    """)

GRADERS = (GRAD_LOGITS, GRAD_LOGITS_SMOOTHED, GRAD_PARAMS, GRAD_LOGITS_FOCAL)
