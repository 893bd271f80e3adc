"""Graders of chapter 4, the case j != i and the Jacobian: the warm-ups softmax_jacobian,
softmax_jacobian_batch and softmax_vjp, and the graded task normalise_jacobian."""

import numpy as np

from softmax_course import _checks, reference
from softmax_grader import inputs
from softmax_grader.core import EXTREMES, Grader, Mistake, Rule, case

JACOBIAN = "J[j, i] = da_j/dz_i = a_j (1[j = i] - a_i), that is diag(a) - a a^T"
VJP = "(dL/dz)_i = a_i (g_i - sum_j a_j g_j)"


def softmax_jacobian_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(a=inputs.probabilities(rng, (4,))),
        case(a=inputs.probabilities(rng, (2,))),
        case(EXTREMES, a=np.array([1.0])),
        case(a=inputs.probabilities(rng, (5,))),
        case(EXTREMES, a=np.array([0.6, 0.0, 0.4])),
        case(EXTREMES, a=inputs.with_a_zero(rng, (5,))),
    ]


def softmax_jacobian_mistakes(a):
    diagonal = np.diag(a * (1 - a))
    outer = np.outer(a, a)
    return [
        Mistake(f"softmax_jacobian returned only the diagonal a (1 - a), as a vector; the Jacobian is "
                f"the full K x K matrix, {JACOBIAN}.", a * (1 - a)),
        Mistake(f"softmax_jacobian has only the diagonal: the off-diagonal entries da_j/dz_i = -a_j a_i "
                f"(j != i) are missing. {JACOBIAN}.", diagonal),
        Mistake(f"The off-diagonal entries of softmax_jacobian have the wrong sign: raising z_i lowers "
                f"every other a_j, so da_j/dz_i = -a_j a_i for j != i. {JACOBIAN}.",
                2 * diagonal - (np.diag(a) - outer)),
        Mistake(f"softmax_jacobian is missing the diagonal term: -a a^T alone gives -a_i^2 on the "
                f"diagonal, but da_i/dz_i = a_i - a_i^2. {JACOBIAN}.", -outer),
        Mistake(f"softmax_jacobian returned a a^T. {JACOBIAN}.", outer),
        Mistake(f"softmax_jacobian returned diag(a) only: subtract a a^T. {JACOBIAN}.", np.diag(a)),
        Mistake(f"softmax_jacobian has every sign flipped: {JACOBIAN}, not a a^T - diag(a).",
                outer - np.diag(a)),
        Mistake(f"softmax_jacobian adds a a^T instead of subtracting it: {JACOBIAN}.", np.diag(a) + outer),
        Mistake(f"softmax_jacobian uses a @ a.T, which for a 1-D a is the number sum_i a_i^2, not the "
                f"K x K matrix a a^T: use np.outer(a, a). {JACOBIAN}.", np.diag(a) - a @ a),
        Mistake(f"softmax_jacobian subtracts a_i^2 in every row, as a * a does (the elementwise square, "
                f"broadcast along the rows) or a factor a_i where a_j belongs: entry [j, i] off the "
                f"diagonal is -a_j a_i, the outer product np.outer(a, a). {JACOBIAN}.", np.diag(a) - a * a),
        Mistake("softmax_jacobian uses the identity where diag(a) belongs: in a_j (1[j = i] - a_i) the "
                "1[j = i] is multiplied by a_j, so J = diag(a) - a a^T, not I - a a^T.",
                np.eye(a.size) - outer),
        Mistake(f"softmax_jacobian applies softmax to its argument, but a already holds the "
                f"probabilities a = softmax(z): use a directly. {JACOBIAN}.",
                reference.softmax_jacobian(reference.softmax(a))),
    ]


def softmax_jacobian_rules(a):
    return [
        Rule("Each row of the Jacobian must sum to 0: adding the same number to every logit leaves a "
             "unchanged, so sum_i da_j/dz_i = 0.", "rows_sum_to", 0.0),
        Rule("The Jacobian of softmax is symmetric, J[j, i] = a_j (1[j = i] - a_i) = J[i, j]; yours is "
             "not: check which index goes where.", "symmetric"),
    ]


SOFTMAX_JACOBIAN = Grader(
    name="softmax_jacobian", cases=softmax_jacobian_cases, reference=reference.softmax_jacobian,
    mistakes=softmax_jacobian_mistakes, rules=softmax_jacobian_rules,
    doc="""Check softmax_jacobian(a) -> J (K, K), J[j, i] = da_j/dz_i = diag(a) - a a^T.

    Catches: the diagonal only (as a matrix or a vector), off-diagonal entries with the
    wrong sign, a missing diagonal term (-a a^T), a a^T, diag(a) only, every sign flipped;
    then rows that do not sum to 0 and a J that is not symmetric.
    """)


def softmax_vjp_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(a=inputs.probabilities(rng, (3,)), g=inputs.logits(rng, (3,))),
        case(a=inputs.probabilities(rng, (2,)), g=inputs.logits(rng, (2,))),
        case(EXTREMES, a=np.array([1.0]), g=np.array([-1.5])),
        case(EXTREMES, a=inputs.probabilities(rng, (3, 3)), g=inputs.logits(rng, (3, 3))),
        case(EXTREMES, a=inputs.probabilities(rng, (4, 3)), g=inputs.logits(rng, (4, 3))),
        case(EXTREMES, a=inputs.probabilities(rng, (1, 5)), g=inputs.logits(rng, (1, 5))),
        case(EXTREMES, a=np.array([[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]]), g=inputs.logits(rng, (2, 3))),
    ]


def softmax_vjp_mistakes(a, g):
    weighted = np.sum(a * g, axis=-1, keepdims=True)
    mistakes = [
        Mistake(f"softmax_vjp forgot to multiply by a: {VJP}.", g - weighted),
        Mistake(f"softmax_vjp uses only the diagonal of the Jacobian, a_i (1 - a_i) g_i; the "
                f"off-diagonal terms -a_i a_j g_j count too: {VJP}.", a * (1 - a) * g),
        Mistake(f"softmax_vjp has the wrong sign: {VJP}.", a * (weighted - g)),
    ]
    if a.ndim == 2:
        mistakes.append(Mistake(f"softmax_vjp must work row by row on a batch: take sum_j a_j g_j within "
                                f"each row, np.sum(a * g, axis=-1, keepdims=True), not over the whole "
                                f"batch. {VJP}.", a * (g - np.sum(a * g))))
    if a.ndim == 2 and a.shape[0] == a.shape[1]:
        mistakes.append(Mistake("softmax_vjp's row sums broadcast along the wrong axis: "
                                "np.sum(a * g, axis=-1) has shape (N,); add keepdims=True to get (N, 1), "
                                "so that each row uses its own sum.", a * (g - np.sum(a * g, axis=-1))))
    return mistakes


def softmax_vjp_rules(a, g):
    return [Rule("Each row of dL/dz must sum to 0 (moving every logit of an example by the same amount "
                 "changes nothing); yours does not.", "rows_sum_to", 0.0)]


SOFTMAX_VJP = Grader(
    name="softmax_vjp", cases=softmax_vjp_cases, reference=reference.softmax_vjp,
    mistakes=softmax_vjp_mistakes, rules=softmax_vjp_rules,
    doc="""Check softmax_vjp(a, g) -> a * (g - sum(a * g)) row by row; a, g (K,) or (N, K).

    Catches: g - a.g without the factor a, the diagonal only a (1 - a) g, the sign
    flipped, a batch summed as a whole instead of row by row, a missing keepdims;
    then rows that do not sum to 0.
    """)

def softmax_jacobian_batch_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(a=inputs.probabilities(rng, (2, 3))),
        case(a=inputs.probabilities(rng, (4, 4))),
        case(a=inputs.probabilities(rng, (3, 2))),
        case(EXTREMES, a=inputs.probabilities(rng, (4,))),
        case(EXTREMES, a=inputs.probabilities(rng, (1, 5))),
        case(EXTREMES, a=np.array([[0.6, 0.0, 0.4], [0.0, 1.0, 0.0]])),
        case(EXTREMES, a=np.ones((3, 1))),
    ]


def softmax_jacobian_batch_mistakes(a):
    one = a[..., :, None] * np.eye(a.shape[-1])
    outer = a[..., :, None] * a[..., None, :]
    per_row = "one K x K Jacobian diag(a_n) - a_n a_n^T per row, shape (N, K, K)"
    mistakes = [
        Mistake(f"softmax_jacobian_batch is missing the diagonal term diag(a_n): {per_row}.", -outer),
        Mistake(f"softmax_jacobian_batch uses the identity where diag(a_n) belongs: {per_row}.",
                np.eye(a.shape[-1]) - outer),
        Mistake(f"softmax_jacobian_batch has every sign flipped: {per_row}.", outer - one),
    ]
    if a.ndim == 2:
        mistakes += [
            Mistake(f"softmax_jacobian_batch returned one Jacobian for the whole batch, from the mean row; "
                    f"each example has its own: {per_row}.", reference.softmax_jacobian(a.mean(axis=0))),
            Mistake(f"softmax_jacobian_batch returned only the diagonals a_n (1 - a_n), shape (N, K): "
                    f"{per_row}.", a * (1 - a)),
        ]
    else:
        mistakes.append(Mistake("softmax_jacobian_batch was given one example a of shape (K,): return its "
                                "K x K Jacobian, shape (K, K), not a batch of one.", (one - outer)[None]))
    return mistakes


def softmax_jacobian_batch_rules(a):
    return [
        Rule("Each row of every Jacobian must sum to 0: adding the same number to every logit of an "
             "example leaves its a unchanged.", "rows_sum_to", 0.0),
        Rule("Each Jacobian of softmax is symmetric, J[j, i] = a_j (1[j = i] - a_i) = J[i, j]; yours are "
             "not: check which index goes where.",
             "symmetric"),
    ]


SOFTMAX_JACOBIAN_BATCH = Grader(
    name="softmax_jacobian_batch", cases=softmax_jacobian_batch_cases,
    reference=reference.softmax_jacobian_batch, mistakes=softmax_jacobian_batch_mistakes,
    rules=softmax_jacobian_batch_rules,
    doc="""Check softmax_jacobian_batch(a) -> one Jacobian per row: a (N, K) -> (N, K, K),
    a (K,) -> (K, K).

    Catches: the missing diag(a_n), the identity for diag(a_n), the sign, one Jacobian for
    the whole batch, the diagonals only, a batch of one for a 1-D a; then rows that do
    not sum to 0 and Jacobians that are not symmetric.
    """)


def _normalise_jacobian_reference(x):
    """The Jacobian of the sum-normalisation p = x / S, S = sum_k x_k, row by row:
    J[j, i] = dp_j/dx_i = (1[j = i] - p_j) / S.

    x (K,) non-negative with a positive sum -> J (K, K), row j for the output p_j, column i for
    the input x_i; x (N, K), each row one example -> (N, K, K), one Jacobian per row. Dividing x by
    S first, rather than by S^2 at the end, keeps it finite for sums far from 1.
    """
    x = _checks.rows_of_classes("x", x)
    if np.any(x < 0):
        raise ValueError(f"x must hold non-negative numbers, found {x.min():.3g}")
    total = x.sum(axis=-1, keepdims=True)
    if np.any(total <= 0):
        raise ValueError("each row of x must have a positive sum, found a row of zeros")
    p = x / total
    return (np.eye(x.shape[-1]) - p[..., :, None]) / total[..., None]


def positive_numbers(generator, shape):
    """Random numbers in [0.1, 5], rounded to 2 decimals."""
    return np.round(generator.uniform(0.1, 5.0, size=shape), 2)


def with_a_zero(generator, shape):
    """Rows of positive numbers with one entry exactly 0 in each, shape (N, K) with K >= 2."""
    x = positive_numbers(generator, shape)
    x[np.arange(shape[0]), generator.integers(shape[1], size=shape[0])] = 0.0
    return x


SCALES_APART = ("Hint: the rows here are on very different scales (sums of about 700 and 0.08). Each row "
                "is one example, normalised by its own sum alone: sum along axis=-1 with keepdims=True.")
A_ZERO = ("Hint: here some x_j = 0, so p_j = 0, but the derivatives of p_j are not all 0 (raising x_j "
          "from 0 raises p_j). A form that divides by x_j, such as one from ln p_j = ln x_j - ln S, "
          "gives 0 * inf = nan there: simplify it until nothing is divided by x_j.")


def normalise_jacobian_cases(generator=None):
    rng = inputs.rng(generator)
    return [
        case(x=positive_numbers(rng, (4,))),
        case(x=positive_numbers(rng, (3,))),
        case(x=positive_numbers(rng, (2,))),
        case(EXTREMES, x=positive_numbers(rng, (1,))),
        case(EXTREMES, x=positive_numbers(rng, (3, 4))),
        case(EXTREMES, x=positive_numbers(rng, (5, 2))),
        case(EXTREMES, x=positive_numbers(rng, (1, 3))),
        case(EXTREMES, x=positive_numbers(rng, (4, 1))),
        case(EXTREMES, A_ZERO, x=np.array([0.0, 1.5, 2.5])),
        case(EXTREMES, A_ZERO, x=with_a_zero(rng, (3, 4))),
        case(EXTREMES, SCALES_APART, x=np.array([[120.0, 340.0, 250.0], [0.02, 0.05, 0.01],
                                                 [1.2, 0.4, 2.0]])),
    ]


def normalise_jacobian_mistakes(x):
    total = x.sum(axis=-1, keepdims=True)[..., None]
    p = x[..., :, None] / total
    eye = np.eye(x.shape[-1])
    right = (eye - p) / total
    name = "normalise_jacobian"
    mistakes = [
        Mistake(f"{name} has its indices swapped: row j belongs to the output p_j and column i to the input "
                "x_i, as in softmax_jacobian. Unlike the softmax's, this Jacobian is not symmetric, so the "
                "transpose is wrong: in the right one each column sums to 0, since the p_j always add up "
                "to 1.", np.swapaxes(right, -1, -2)),
        Mistake(f"{name} has only the diagonal, the case j = i. Raising x_i also raises the sum S, so every "
                "other p_j goes down: the case j != i of the quotient rule is missing (chapter 4 worked "
                "it out for the softmax).", right * eye),
        Mistake(f"{name} returned the softmax's Jacobian of p. There is no exponential here: p_j = x_j / S "
                "with S = sum_k x_k, so the derivative of the numerator is different. Redo chapter 4's "
                "quotient rule with x_j in place of e^(z_j).", eye * p - p * np.swapaxes(p, -1, -2)),
        Mistake(f"{name} treats the sum S as a constant, but S contains x_i too: the quotient rule has a "
                "second term, from the derivative of the denominator (chapter 4's fact 2).", eye / total),
        Mistake(f"{name} has every sign flipped: raising x_i raises its own p_i, so the diagonal is "
                "positive, and lowers every other p_j, so the entries off the diagonal are negative "
                "(or 0).", -right),
        Mistake(f"{name} is missing a factor. p does not change when x is scaled, so its derivatives shrink "
                "as x grows: doubling x must halve every entry. Check the denominator of the quotient "
                "rule, the square of S.", eye - p),
    ]
    if x.ndim == 2:
        everything = x.sum()
        mistakes.append(Mistake(f"{name} normalised over the whole batch: each row is one example, "
                                "divided by its own sum only. Sum along axis=-1 with keepdims=True, and "
                                "give each row its own K x K Jacobian.",
                                (eye - x[..., :, None] / everything) / everything))
    return mistakes


NORMALISE_JACOBIAN = Grader(
    name="normalise_jacobian", cases=normalise_jacobian_cases, reference=_normalise_jacobian_reference,
    mistakes=normalise_jacobian_mistakes,
    doc="""Check normalise_jacobian(x) -> the Jacobian of p = x / sum_k x_k for non-negative x:
    J[j, i] = dp_j/dx_i = (1[j = i] - p_j) / S with S = sum_k x_k; x (K,) -> (K, K), and
    x (N, K) -> (N, K, K), one Jacobian per row.

    Catches: the transpose (rows and columns swapped), the diagonal only, the softmax's
    Jacobian diag(p) - p p^T, the sum S taken as a constant, the signs flipped, the factor
    1/S missing, a batch normalised as a whole instead of row by row; then nan where some
    x_j = 0 (a form that divides by x_j).
    """)

GRADERS = (SOFTMAX_JACOBIAN, SOFTMAX_JACOBIAN_BATCH, SOFTMAX_VJP, NORMALISE_JACOBIAN)
