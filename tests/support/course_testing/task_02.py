"""Learner implementations of chapter 2's graded task, low_rank_backward(delta, U, V, x): the
gradients (dL/dU, dL/dV) through z = U V x + b, a layer whose weights W = U V are stored as two
factors U (K, R) and V (R, D), given delta = dL/dz, for one example (delta (K,), x (D,)) or a
batch (delta (N, K) with the mean's 1/N already inside, x (N, D)).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, np.einsum, through the chapter's dW, one example at a time).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
Each function is self-contained (NumPy only), so that its source can stand in a notebook's
answer cell.
"""

import numpy as np

# Correct

def low_rank_backward_vectorised(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ (x @ V.T), (delta @ U).T @ x


def low_rank_backward_loops(delta, U, V, x):
    single = np.ndim(delta) == 1
    rows = [delta] if single else delta
    inputs = [x] if single else x
    K, R = len(U), len(U[0])
    D = len(V[0])
    dU = [[0.0] * R for _ in range(K)]
    dV = [[0.0] * D for _ in range(R)]
    for d, v in zip(rows, inputs, strict=True):
        inner = [sum(V[r][l] * v[l] for l in range(D)) for r in range(R)]
        back = [sum(U[i][r] * d[i] for i in range(K)) for r in range(R)]
        for i in range(K):
            for r in range(R):
                dU[i][r] += d[i] * inner[r]
        for r in range(R):
            for l in range(D):
                dV[r][l] += back[r] * v[l]
    return dU, dV


def low_rank_backward_float32(delta, U, V, x):
    delta = np.atleast_2d(np.asarray(delta, dtype=np.float32))
    x = np.atleast_2d(np.asarray(x, dtype=np.float32))
    U, V = U.astype(np.float32), V.astype(np.float32)
    return delta.T @ (x @ V.T), (delta @ U).T @ x


def low_rank_backward_in_place(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    inner = x @ V.T
    back = delta @ U
    np.matmul(delta.T, inner, out=U)
    np.matmul(back.T, x, out=V)
    return U, V


def low_rank_backward_einsum(delta, U, V, x):
    if delta.ndim == 1:
        delta, x = delta[None, :], x[None, :]
    dU = np.einsum("ni,rl,nl->ir", delta, V, x)
    dV = np.einsum("ni,ir,nl->rl", delta, U, x)
    return dU, dV


def low_rank_backward_through_dW(delta, U, V, x):
    if delta.ndim == 1:
        dW = np.outer(delta, x)
    else:
        dW = delta.T @ x
    return dW @ V.T, U.T @ dW


def low_rank_backward_one_at_a_time(delta, U, V, x):
    def one(d, v):
        return np.outer(d, V @ v), np.outer(U.T @ d, v)
    if delta.ndim == 1:
        return one(delta, x)
    dU, dV = np.zeros(U.shape), np.zeros(V.shape)
    for d, v in zip(delta, x, strict=True):
        dU_one, dV_one = one(d, v)
        dU += dU_one
        dV += dV_one
    return dU, dV


# Wrong

def low_rank_backward_blank(delta, U, V, x):
    raise NotImplementedError()


def low_rank_backward_without_V(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ x, (delta @ U).T @ x


def low_rank_backward_without_U(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ (x @ V.T), delta.T @ x


def low_rank_backward_dU_transposed(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return (x @ V.T).T @ delta, (delta @ U).T @ x


def low_rank_backward_dV_transposed(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ (x @ V.T), x.T @ (delta @ U)


def low_rank_backward_U_not_transposed(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ (x @ V.T), (delta @ U.T).T @ x


def low_rank_backward_V_not_transposed(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    return delta.T @ (x @ V), (delta @ U).T @ x


def low_rank_backward_mean(delta, U, V, x):
    dU, dV = low_rank_backward_vectorised(delta, U, V, x)
    n = len(delta) if delta.ndim == 2 else 1
    return dU / n, dV / n


def low_rank_backward_sums_first(delta, U, V, x):
    delta, x = np.atleast_2d(delta), np.atleast_2d(x)
    d, v = delta.sum(axis=0), x.sum(axis=0)
    return np.outer(d, V @ v), np.outer(U.T @ d, v)


def low_rank_backward_swapped(delta, U, V, x):
    dU, dV = low_rank_backward_vectorised(delta, U, V, x)
    return dV, dU


def low_rank_backward_one_example_only(delta, U, V, x):
    return np.outer(delta, V @ x), np.outer(U.T @ delta, x)


CORRECT = {"low_rank_backward": [
    low_rank_backward_vectorised, low_rank_backward_loops, low_rank_backward_float32,
    low_rank_backward_in_place, low_rank_backward_einsum, low_rank_backward_through_dW,
    low_rank_backward_one_at_a_time,
]}

WRONG = {"low_rank_backward": [
    (low_rank_backward_blank, r"low_rank_backward is not implemented yet"),
    (low_rank_backward_without_V, r"dU leaves out V"),
    (low_rank_backward_without_U, r"dV leaves out U"),
    (low_rank_backward_dU_transposed, r"dU is transposed"),
    (low_rank_backward_dV_transposed, r"dV is transposed"),
    (low_rank_backward_U_not_transposed, r"carries delta back through U the wrong way round"),
    (low_rank_backward_V_not_transposed, r"takes x through V the wrong way round"),
    (low_rank_backward_mean, r"divides by N"),
    (low_rank_backward_sums_first, r"sums delta and the inputs over the batch first"),
    (low_rank_backward_swapped, r"returned \(dV, dU\)"),
    (low_rank_backward_one_example_only, r"(?s)low_rank_backward raised ValueError.*one example per row"),
]}

HALF_RIGHT = {"low_rank_backward": low_rank_backward_one_example_only}
