"""Learner implementations of chapter 4's graded task, normalise_jacobian(x): the Jacobian
J[j, i] = dp_j/dx_i of the sum-normalisation p = x / sum_k x_k, for non-negative x of shape (K,)
(one K x K matrix) or (N, K) (one per row, shape (N, K, K)).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, the quotient rule as it comes, a stack of one matrix per row, np.einsum).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
"""

import numpy as np

# Correct

def normalise_jacobian_vectorised(x):
    total = x.sum(axis=-1, keepdims=True)
    p = x / total
    return (np.eye(x.shape[-1]) - p[..., :, None]) / total[..., None]


def normalise_jacobian_loops(x):
    def one_row(row):
        total = sum(row)
        return [[((1.0 if j == i else 0.0) - row[j] / total) / total for i in range(len(row))]
                for j in range(len(row))]
    x = np.asarray(x).tolist()
    return one_row(x) if not isinstance(x[0], list) else [one_row(row) for row in x]


def normalise_jacobian_float32(x):
    x = np.asarray(x, dtype=np.float32)
    total = x.sum(axis=-1, keepdims=True)
    p = x / total
    return (np.eye(x.shape[-1], dtype=np.float32) - p[..., :, None]) / total[..., None]


def normalise_jacobian_in_place(x):
    total = x.sum(axis=-1, keepdims=True)
    x /= total
    x *= -1
    J = np.repeat(x[..., :, None], x.shape[-1], axis=-1)
    J += np.eye(x.shape[-1])
    J /= total[..., None]
    return J


def normalise_jacobian_quotient_rule(x):
    total = x.sum(axis=-1, keepdims=True)[..., None]
    return (np.eye(x.shape[-1]) * total - x[..., :, None]) / total**2


def normalise_jacobian_stacked(x):
    def one(row):
        total = row.sum()
        p = row / total
        return (np.eye(row.size) - np.outer(p, np.ones(row.size))) / total
    return one(x) if x.ndim == 1 else np.stack([one(row) for row in x])


def normalise_jacobian_einsum(x):
    total = x.sum(axis=-1, keepdims=True)
    p = x / total
    K = x.shape[-1]
    return np.einsum("...j,...i->...ji", 1 / total, np.ones(K)) * (np.eye(K) - p[..., :, None])


# Wrong

def normalise_jacobian_stub(x):
    raise NotImplementedError()


def normalise_jacobian_transposed(x):
    return np.swapaxes(normalise_jacobian_vectorised(x), -1, -2)


def normalise_jacobian_diagonal_only(x):
    total = x.sum(axis=-1, keepdims=True)
    return (1 - x / total)[..., :, None] * np.eye(x.shape[-1]) / total[..., None]


def normalise_jacobian_softmax(x):
    p = x / x.sum(axis=-1, keepdims=True)
    return p[..., :, None] * np.eye(x.shape[-1]) - p[..., :, None] * p[..., None, :]


def normalise_jacobian_constant_sum(x):
    total = x.sum(axis=-1, keepdims=True)
    return np.eye(x.shape[-1]) / total[..., None]


def normalise_jacobian_wrong_sign(x):
    total = x.sum(axis=-1, keepdims=True)
    return (x[..., :, None] / total[..., None] - np.eye(x.shape[-1])) / total[..., None]


def normalise_jacobian_no_one_over_sum(x):
    return np.eye(x.shape[-1]) - (x / x.sum(axis=-1, keepdims=True))[..., :, None]


def normalise_jacobian_whole_batch(x):
    total = x.sum()
    return (np.eye(x.shape[-1]) - x[..., :, None] / total) / total


def normalise_jacobian_log_derivative(x):
    total = x.sum(axis=-1, keepdims=True)
    p = x / total
    return p[..., :, None] * (np.eye(x.shape[-1]) / x[..., :, None] - 1 / total[..., None])


def normalise_jacobian_one_example(x):
    total = x.sum()
    p = x / total
    return (np.eye(len(x)) - np.outer(p, np.ones(len(x)))) / total


CORRECT = {"normalise_jacobian": [
    normalise_jacobian_vectorised, normalise_jacobian_loops, normalise_jacobian_float32,
    normalise_jacobian_in_place, normalise_jacobian_quotient_rule, normalise_jacobian_stacked,
    normalise_jacobian_einsum,
]}

WRONG = {"normalise_jacobian": [
    (normalise_jacobian_stub, r"not implemented yet"),
    (normalise_jacobian_transposed, r"indices swapped"),
    (normalise_jacobian_diagonal_only, r"only the diagonal"),
    (normalise_jacobian_softmax, r"the softmax's Jacobian"),
    (normalise_jacobian_constant_sum, r"treats the sum S as a constant"),
    (normalise_jacobian_wrong_sign, r"every sign flipped"),
    (normalise_jacobian_no_one_over_sum, r"missing a factor"),
    (normalise_jacobian_whole_batch, r"normalised over the whole batch"),
    (normalise_jacobian_log_derivative, r"nan or inf(.|\n)*divides by x_j"),
    (normalise_jacobian_one_example, r"normalise_jacobian raised ValueError"),
]}

HALF_RIGHT = {"normalise_jacobian": normalise_jacobian_one_example}
