"""Graders of chapter 2, the chain rule: numerical_gradient and linear_backward."""

import numpy as np

from softmax_course import reference
from softmax_grader import inputs
from softmax_grader.core import ATOL, BASIC, EXTREMES, RTOL, Case, Formula, Grader, Mistake, case, describe

ANY_SHAPE = ("Hint: this x is not 1-D. numerical_gradient must nudge every entry of an array of any "
             "shape, e.g. looping over np.ndindex(x.shape), not only x[0], ..., x[len(x) - 1].")
DEFAULT_EPS = 1e-6


def bowl(centre):
    """f(x) = 1000 sum (x - c)^2 and its gradient: curved enough that one-sided
    differences at eps = 1e-6 are off by 1e-3 while central ones are exact."""
    f = Formula("float(1000.0 * np.sum((x - c) ** 2))", {"c": centre})
    text = f"  f(x) = 1000 * sum((x - c)**2)\n{describe(c=centre)}"
    return f, text, lambda x: 2000.0 * (x - centre)


# f(x) = ln sum_k e^{x_k} over all entries; its gradient is the softmax of the entries.
log_sum_exp = Formula("float(np.log(np.sum(np.exp(x))))")
# f(x) = sum sin(10 x): with eps = 0.01 central differences are off by about 2e-3.
wave = Formula("float(np.sum(np.sin(10.0 * x)))")


def numerical_gradient_cases(generator=None):
    """Exact gradients at the default eps, and the reference's central differences
    when the case passes eps = 0.01."""
    rng = inputs.rng(generator)

    def bowl_case(shape, hint=""):
        x = inputs.logits(rng, shape)
        f, text, gradient = bowl(x - np.round(1e-3 * rng.normal(size=shape), 5))
        return Case({"f": f, "x": x}, f"{text}\n{describe(x=x)}", hint, gradient(x),
                    stage=EXTREMES if hint else BASIC)

    def log_sum_exp_case(shape, hint=""):
        x = inputs.logits(rng, shape)
        text = f"  f(x) = ln(sum(exp(x)))\n{describe(x=x)}"
        return Case({"f": log_sum_exp, "x": x}, text, hint, reference.softmax(x.ravel()).reshape(shape),
                    stage=EXTREMES if hint else BASIC)

    def wave_case(shape, eps):
        x = inputs.logits(rng, shape)
        text = f"  f(x) = sum(sin(10 * x))\n{describe(x=x, eps=eps)}"
        return Case({"f": wave, "x": x, "eps": eps}, text)

    return [bowl_case((4,)), log_sum_exp_case((1,)), log_sum_exp_case((3,)), wave_case((3,), 0.01),
            bowl_case((2, 3), ANY_SHAPE), log_sum_exp_case((2, 2, 2), ANY_SHAPE)]


def one_sided_differences(f, x, eps, direction):
    """(f(x + direction eps e_k) - f(x)) / (direction eps) for every entry k."""
    gradient = np.zeros_like(x)
    base = f(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = direction * eps
        gradient[index] = (f(x + step) - base) / (direction * eps)
    return gradient


def numerical_gradient_mistakes(f, x, eps=DEFAULT_EPS):
    central = reference.numerical_gradient(f, x, eps)
    forward = one_sided_differences(f, x, eps, 1.0)
    mistakes = [
        Mistake("numerical_gradient uses forward differences (f(x + eps e_k) - f(x)) / eps. Use central "
                "differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps): their error shrinks like "
                "eps^2, not like eps.", forward),
        Mistake("numerical_gradient uses backward differences (f(x) - f(x - eps e_k)) / eps. Use central "
                "differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps): their error shrinks like "
                "eps^2, not like eps.", one_sided_differences(f, x, eps, -1.0)),
        Mistake("numerical_gradient divides by eps, but the central difference spans 2 eps: "
                "(f(x + eps e_k) - f(x - eps e_k)) / (2 eps).", 2.0 * central),
        Mistake("numerical_gradient divides a one-sided difference (f(x + eps e_k) - f(x)) by 2 eps: "
                "use (f(x + eps e_k) - f(x - eps e_k)) / (2 eps).", forward / 2.0),
    ]
    if eps != DEFAULT_EPS:
        mistakes.append(Mistake(f"numerical_gradient ignores its eps argument: called with eps = {eps} "
                                f"it should step by {eps}, not by its default.",
                                reference.numerical_gradient(f, x)))
    return mistakes


NUMERICAL_GRADIENT = Grader(
    name="numerical_gradient", cases=numerical_gradient_cases, reference=reference.numerical_gradient,
    mistakes=numerical_gradient_mistakes, keeps=("x",),
    # Finer than float32's: forward differences differ from central ones by about eps.
    tolerance=(RTOL, ATOL),
    doc="""Check numerical_gradient(f, x, eps=1e-6): central differences at x of any shape.

    Compares with exact gradients of smooth functions, called as fn(f, x), and with
    central differences at a large step, called as fn(f, x, eps).
    Catches: forward or backward differences, dividing by eps instead of 2 eps, ignoring
    eps, changing x in place (even when not restoring it exactly), working for 1-D x only.
    """)


def linear_backward_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(delta=inputs.logits(rng, (3,)), x=inputs.logits(rng, (4,))),
        case(delta=inputs.logits(rng, (1,)), x=inputs.logits(rng, (2,))),
        case(delta=inputs.logits(rng, (2,)), x=inputs.logits(rng, (1,))),
        case(delta=inputs.logits(rng, (3,)), x=inputs.logits(rng, (3,))),
        case(EXTREMES, delta=inputs.logits(rng, (5, 3)), x=inputs.logits(rng, (5, 4))),
        case(EXTREMES, delta=inputs.logits(rng, (4, 3)), x=inputs.logits(rng, (4, 3))),
        case(EXTREMES, delta=inputs.logits(rng, (1, 3)), x=inputs.logits(rng, (1, 2))),
    ]


def backward_mistakes(delta, x):
    """Mistakes in dW (part 0) and db (part 1) through z = W x + b, given delta = dL/dz of
    shape (K,) or (N, K) and x (D,) or (N, D): shared by linear_backward and grad_params."""
    dW = reference.linear_backward(delta, x)[0]
    mistakes = [Mistake("dW is transposed: dW has the shape of W, (K, D), with entry [i, l] = "
                        "delta_i x_l (delta x^T, or delta.T @ x for a batch); you computed x delta^T.",
                        dW.T)]
    if delta.ndim == 2:
        mistakes += [
            Mistake("For a batch dW is the sum over the examples of delta_n x_n^T, which is "
                    "delta.T @ x; you summed delta and x over the batch first and multiplied "
                    "the sums.", np.outer(delta.sum(axis=0), x.sum(axis=0))),
            Mistake("db must be summed over the examples: db = delta.sum(axis=0) has shape (K,); "
                    "you returned one row per example.", delta, part=1),
            Mistake("db is summed along the wrong axis: sum over the examples (axis=0) to get shape (K,).",
                    delta.sum(axis=1), part=1),
        ]
    return mistakes


def linear_backward_mistakes(delta, x):
    mistakes = backward_mistakes(delta, x)
    if delta.ndim == 2:
        n = delta.shape[0]
        dW, db = reference.linear_backward(delta, x)
        mistakes += [
            Mistake("For a batch dW = delta.T @ x sums over the examples; you divided by N. "
                    "Any 1/N from a mean loss is already inside delta.", dW / n),
            Mistake("For a batch db = delta.sum(axis=0) sums over the examples; you took "
                    "the mean. Any 1/N from a mean loss is already inside delta.", db / n, part=1),
        ]
    return mistakes


LINEAR_BACKWARD = Grader(
    name="linear_backward", cases=linear_backward_cases, reference=reference.linear_backward,
    returns=("dW", "db"), mistakes=linear_backward_mistakes,
    doc="""Check linear_backward(delta, x) -> (dW, db).

    One example: delta (K,), x (D,) -> outer(delta, x), delta. A batch: delta (N, K),
    x (N, D) -> delta.T @ x, delta.sum(axis=0).
    Catches: dW transposed (the outer product reversed), dW or db averaged instead of
    summed over the batch, db not summed or summed along the wrong axis, delta and x
    summed over the batch before multiplying.
    """)

def backward_to_input_cases(generator=None):
    rng = inputs.rng(generator)
    cases = [case(delta=inputs.logits(rng, (k,)), W=inputs.logits(rng, (k, d)))
             for k, d in [(3, 3), (3, 4), (2, 5)]]
    cases += [case(EXTREMES, delta=inputs.logits(rng, (n, k)), W=inputs.logits(rng, (k, d)))
              for n, k, d in [(5, 3, 4), (4, 3, 3), (1, 2, 3), (3, 1, 2)]]
    return cases


def backward_to_input_mistakes(delta, W):
    dx = reference.backward_to_input(delta, W)
    rule = "dL/dx_l = sum_i delta_i W[i, l], that is W^T delta (delta @ W for a batch, one row per example)"
    mistakes = [Mistake(f"backward_to_input multiplies by W where W^T belongs: {rule}.", delta @ W.T)
                if W.shape[0] == W.shape[1] else None,
                Mistake(f"backward_to_input has the wrong sign: {rule}.", -dx)]
    if delta.ndim == 2:
        n = delta.shape[0]
        mistakes += [
            Mistake(f"backward_to_input divides by N: delta = dL/dz already carries the 1/N of the mean "
                    f"loss, so no extra 1/N. {rule}.", dx / n),
            Mistake(f"backward_to_input sums over the batch: each example has its own input, so dL/dX has "
                    f"one row per example, shape (N, D). {rule}.", dx.sum(axis=0)),
        ]
    return [mistake for mistake in mistakes if mistake is not None]


BACKWARD_TO_INPUT = Grader(
    name="backward_to_input", cases=backward_to_input_cases, reference=reference.backward_to_input,
    mistakes=backward_to_input_mistakes,
    doc="""Check backward_to_input(delta, W) -> dL/dx for z = W x + b, given delta = dL/dz.

    delta (K,) -> W^T delta (D,); delta (N, K) -> delta @ W (N, D), with no extra 1/N.
    Catches: W instead of W^T, the sign, a 1/N too many, the batch summed into one row.
    """)

GRADERS = (NUMERICAL_GRADIENT, LINEAR_BACKWARD, BACKWARD_TO_INPUT)
