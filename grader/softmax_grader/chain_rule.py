"""Graders of chapter 2, the chain rule: the warm-ups numerical_gradient, linear_backward and
backward_to_input, and the graded task low_rank_backward."""

import numpy as np

from softmax_course import _checks, reference
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



def _low_rank_inputs(delta, U, V, x):
    """delta (K,) or (N, K), U (K, R), V (R, D) and x (D,) or (N, D) as float arrays, or TypeError
    or ValueError naming the argument that does not fit."""
    delta = _checks.rows_of_classes("delta", delta)
    x = _checks.rows_of_classes("x", x)
    U = _checks.real_array("U", U)
    V = _checks.real_array("V", V)
    if U.ndim != 2 or U.shape[0] != delta.shape[-1] or U.shape[1] == 0:
        raise ValueError(f"U must have shape (K, R) with K = {delta.shape[-1]} rows to match delta and "
                         f"R >= 1, got shape {U.shape}")
    if V.shape != (U.shape[1], x.shape[-1]):
        raise ValueError(f"V must have shape (R, D) = ({U.shape[1]}, {x.shape[-1]}) to match U and x, "
                         f"got shape {V.shape}")
    if delta.ndim != x.ndim:
        raise ValueError(f"delta has shape {delta.shape} and x has shape {x.shape}: "
                         "give both as one example (1-D) or both as a batch (2-D)")
    if delta.shape[:-1] != x.shape[:-1]:
        raise ValueError(f"delta has {delta.shape[0]} rows but x has {x.shape[0]}; "
                         "they must be the same batch")
    return delta, U, V, x


def _low_rank_backward_reference(delta, U, V, x):
    """(dL/dU, dL/dV) through z = U V x + b, a layer whose weights W = U V are stored as two
    factors, given delta = dL/dz.

    U (K, R), V (R, D). One example: delta (K,), x (D,) -> dU = delta (V x)^T (K, R) and
    dV = (U^T delta) x^T (R, D). A batch: delta (N, K), with the mean's 1/N already inside,
    x (N, D) -> the sums of those over the examples, delta^T (x V^T) and (delta U)^T x.
    """
    delta, U, V, x = _low_rank_inputs(delta, U, V, x)
    rows, X = np.atleast_2d(delta), np.atleast_2d(x)
    return rows.T @ (X @ V.T), (rows @ U).T @ X


BATCH_OF_EXAMPLES = ("Hint: here delta and x are a batch, one example per row. U and V are shared by every "
                     "example, so each of their gradients adds up one contribution per example, with the "
                     "shape of U or V whatever N is; the 1/N of the mean loss is already inside delta.")


def low_rank_backward_cases(generator=None):
    rng = inputs.rng(generator)

    def one(n, k, r, d):
        """One example (n None, a BASIC case) or a batch of n rows (EXTREMES), K = k, R = r, D = d."""
        if n is None:
            return case(delta=inputs.logits(rng, (k,)), U=inputs.logits(rng, (k, r)),
                        V=inputs.logits(rng, (r, d)), x=inputs.logits(rng, (d,)))
        return case(EXTREMES, BATCH_OF_EXAMPLES, delta=inputs.logits(rng, (n, k)),
                    U=inputs.logits(rng, (k, r)), V=inputs.logits(rng, (r, d)), x=inputs.logits(rng, (n, d)))

    return [one(n, k, r, d) for n, k, r, d in [(None, 3, 3, 3), (None, 3, 2, 4), (None, 4, 2, 2),
                                               (5, 3, 2, 4), (4, 3, 3, 3), (1, 2, 3, 2), (3, 1, 1, 2),
                                               (6, 2, 4, 3), (3, 3, 2, 1)]]


def low_rank_backward_mistakes(delta, U, V, x):
    """Each typical mistake as (message, its dU, its dV), None for a part it gets right; a mistake of a
    transpose only where the matrix is square, and those of the batch only for N > 1."""
    rows, X = np.atleast_2d(delta), np.atleast_2d(x)
    n, through_V, back_through_U = rows.shape[0], X @ V.T, rows @ U
    dU, dV = rows.T @ through_V, back_through_U.T @ X
    name = "low_rank_backward"
    wrongs = [
        ("dU leaves out V: U does not multiply x itself but what the first factor V makes of it. Write one "
         "logit z_i with its sums over r and l, and read off what U[i, r] multiplies.", rows.T @ X, None),
        ("dV leaves out U: an entry V[r, l] reaches the logits only through U, and it moves every z_i, each "
         "through its own U[i, r]. The chain rule adds up those K paths, as backward_to_input does for x.",
         None, rows.T @ X),
        ("dU is transposed: a gradient has the shape of its parameter, here U's (K, R), with a row per class "
         "i and a column per inner unit r.", dU.T, None),
        ("dV is transposed: a gradient has the shape of its parameter, here V's (R, D), with a row per inner "
         "unit r and a column per feature l.", None, dV.T),
    ]
    if U.shape[0] == U.shape[1]:
        wrongs.append((f"{name} carries delta back through U the wrong way round: inner unit r reaches logit "
                       "z_i through U[i, r], so its share of the gradient sums over the classes i, down "
                       "column r of U.", None, (rows @ U.T).T @ X))
    if V.shape[0] == V.shape[1]:
        wrongs.append((f"{name} takes x through V the wrong way round: inner unit r of the first factor "
                       "collects the features along row r of V, with the weights V[r, l].",
                       rows.T @ (X @ V), None))
    if delta.ndim == 2 and n > 1:
        wrongs += [
            (f"{name} divides by N: delta already carries the 1/N of the mean loss, so the steps back "
             "through U and V add up the examples' contributions without dividing again.", dU / n, dV / n),
            (f"{name} sums delta and the inputs over the batch first and multiplies the sums: each example "
             "moves the logits through its own x, so each contributes its own product; multiply example "
             "by example, then add up.", np.outer(rows.sum(axis=0), through_V.sum(axis=0)),
             np.outer(back_through_U.sum(axis=0), X.sum(axis=0))),
        ]
    wrongs.append((f"{name} returned (dV, dU): return U's gradient first, (dU, dV), dU of U's shape "
                   "(K, R) and dV of V's shape (R, D).", dV, dU))
    return [Mistake(message, wrong, part=part) for message, *both in wrongs
            for part, wrong in enumerate(both) if wrong is not None]


LOW_RANK_BACKWARD = Grader(
    name="low_rank_backward", cases=low_rank_backward_cases, reference=_low_rank_backward_reference,
    returns=("dU", "dV"), mistakes=low_rank_backward_mistakes,
    doc="""Check low_rank_backward(delta, U, V, x) -> (dU, dV): the gradients through
    z = U V x + b, a layer whose weights W = U V are two factors U (K, R) and V (R, D), given
    delta = dL/dz. One example: delta (K,), x (D,) -> delta (V x)^T, (U^T delta) x^T. A batch:
    delta (N, K) (the 1/N inside), x (N, D) -> delta^T X V^T, U^T delta^T X, with no extra 1/N.

    Catches: dU without V, dV without U (the sum over the K logits left out), dU or dV
    transposed, U or V not transposed on the way, a 1/N too many, delta and x summed over the
    batch before multiplying, (dV, dU) swapped; a function for one example only fails the batches.
    """)

GRADERS = (NUMERICAL_GRADIENT, LINEAR_BACKWARD, BACKWARD_TO_INPUT, LOW_RANK_BACKWARD)
