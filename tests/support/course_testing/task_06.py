"""Learner implementations of chapter 6's graded task, hidden_layer_grads(W1, b1, W2, b2, X, Y):
the gradient (dL/dW1, dL/db1) of the mean cross-entropy of a classifier with one tanh hidden
layer, h = tanh(W1 x + b1), z = W2 h + b2, a = softmax(z), for one example X (D,) with Y (K,) or
a batch X (N, D) with Y (N, K).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, scipy.special, log-sum-exp, one example and a batch apart).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
Each function is self-contained (NumPy, and scipy where it says so), so that its source can
stand in a notebook's answer cell.
"""

import math

import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax


def hidden_layer_grads_vectorised(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    Delta = (E / E.sum(axis=1, keepdims=True) - Y) / X.shape[0]
    dU = (Delta @ W2) * (1 - H ** 2)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_loops(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X).tolist(), np.atleast_2d(Y).tolist()
    W1, b1, W2, b2 = W1.tolist(), b1.tolist(), W2.tolist(), b2.tolist()
    n, hidden, classes, features = len(X), len(b1), len(b2), len(X[0])
    dW1 = [[0.0] * features for _ in range(hidden)]
    db1 = [0.0] * hidden
    for x, y in zip(X, Y, strict=True):
        h = [math.tanh(sum(W1[j][l] * x[l] for l in range(features)) + b1[j]) for j in range(hidden)]
        z = [sum(W2[k][j] * h[j] for j in range(hidden)) + b2[k] for k in range(classes)]
        top = max(z)
        exponentials = [math.exp(value - top) for value in z]
        total = sum(exponentials)
        delta = [(exponentials[k] / total - y[k]) / n for k in range(classes)]
        for j in range(hidden):
            du = sum(delta[k] * W2[k][j] for k in range(classes)) * (1 - h[j] ** 2)
            db1[j] += du
            for l in range(features):
                dW1[j][l] += du * x[l]
    return dW1, db1


def hidden_layer_grads_float32(W1, b1, W2, b2, X, Y):
    X = np.atleast_2d(X).astype(np.float32)
    Y = np.atleast_2d(Y).astype(np.float32)
    W1, b1, W2, b2 = (p.astype(np.float32) for p in (W1, b1, W2, b2))
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    A = np.exp(Z - Z.max(axis=1, keepdims=True))
    A /= A.sum(axis=1, keepdims=True)
    dU = ((A - Y) @ W2) * (1 - H * H) / np.float32(len(X))
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_in_place(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = X @ W1.T
    H += b1
    np.tanh(H, out=H)
    Z = H @ W2.T
    Z += b2
    Z -= Z.max(axis=1, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=1, keepdims=True)
    Z -= Y
    Z /= len(X)
    np.square(H, out=H)
    np.subtract(1, H, out=H)
    H *= Z @ W2
    W1[...] = H.T @ X
    b1[...] = H.sum(axis=0)
    return W1, b1


def hidden_layer_grads_scipy(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    A = scipy_softmax(H @ W2.T + b2, axis=1)
    dU = (A - Y) @ W2 / len(X) / np.cosh(X @ W1.T + b1) ** 2
    return np.einsum("nj,nl->jl", dU, X), dU.sum(axis=0)


def hidden_layer_grads_logsumexp(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    A = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))
    dU = np.einsum("nk,kj,nj->nj", A - Y, W2, 1 - H ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_one_or_many(W1, b1, W2, b2, X, Y):
    if X.ndim == 1:
        h = np.tanh(W1 @ X + b1)
        z = W2 @ h + b2
        a = np.exp(z - z.max())
        a /= a.sum()
        du = (W2.T @ (a - Y)) * (1 - h ** 2)
        return np.outer(du, X), du
    dW1, db1 = np.zeros_like(W1, dtype=float), np.zeros_like(b1, dtype=float)
    for x, y in zip(X, Y, strict=True):
        dW1_one, db1_one = hidden_layer_grads_one_or_many(W1, b1, W2, b2, x, y)
        dW1 += dW1_one / len(X)
        db1 += db1_one / len(X)
    return dW1, db1


def hidden_layer_grads_blank(W1, b1, W2, b2, X, Y):
    raise NotImplementedError()


def hidden_layer_grads_uphill(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((Y - E / E.sum(axis=1, keepdims=True)) @ W2) * (1 - H ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_no_slope(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = (E / E.sum(axis=1, keepdims=True) - Y) @ W2 / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_slope_of_u(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    U = X @ W1.T + b1
    Z = np.tanh(U) @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2) * (1 - U ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_sigmoid_slope(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2) * H * (1 - H) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_sum(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2) * (1 - H ** 2)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_mean_twice(W1, b1, W2, b2, X, Y):
    dW1, db1 = hidden_layer_grads_vectorised(W1, b1, W2, b2, X, Y)
    n = len(np.atleast_2d(X))
    return dW1 / n, db1 / n


def hidden_layer_grads_w2_not_transposed(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2.T) * (1 - H ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_swapped(W1, b1, W2, b2, X, Y):
    dW1, db1 = hidden_layer_grads_vectorised(W1, b1, W2, b2, X, Y)
    return db1, dW1


def hidden_layer_grads_no_shift(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    E = np.exp(H @ W2.T + b2)
    A = E / E.sum(axis=1, keepdims=True)
    dU = ((A - Y) @ W2) * (1 - H ** 2) / X.shape[0]
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_batch_shift(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    H = np.tanh(X @ W1.T + b1)
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max())
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2) * (1 - H ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_tanh_by_exp(W1, b1, W2, b2, X, Y):
    X, Y = np.atleast_2d(X), np.atleast_2d(Y)
    U = X @ W1.T + b1
    H = (np.exp(U) - np.exp(-U)) / (np.exp(U) + np.exp(-U))
    Z = H @ W2.T + b2
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    dU = ((E / E.sum(axis=1, keepdims=True) - Y) @ W2) * (1 - H ** 2) / len(X)
    return dU.T @ X, dU.sum(axis=0)


def hidden_layer_grads_one_example_only(W1, b1, W2, b2, X, Y):
    h = np.tanh(W1 @ X + b1)
    z = W2 @ h + b2
    a = np.exp(z - z.max())
    a /= a.sum()
    du = (W2.T @ (a - Y)) * (1 - h ** 2)
    return np.outer(du, X), du


CORRECT = {"hidden_layer_grads": [
    hidden_layer_grads_vectorised, hidden_layer_grads_loops, hidden_layer_grads_float32,
    hidden_layer_grads_in_place, hidden_layer_grads_scipy, hidden_layer_grads_logsumexp,
    hidden_layer_grads_one_or_many,
]}

WRONG = {"hidden_layer_grads": [
    (hidden_layer_grads_blank, r"hidden_layer_grads is not implemented yet"),
    (hidden_layer_grads_uphill, r"has the wrong sign"),
    (hidden_layer_grads_no_slope, r"leaves out the derivative of tanh"),
    (hidden_layer_grads_slope_of_u, r"takes tanh's slope at the wrong point"),
    (hidden_layer_grads_sigmoid_slope, r"uses the logistic sigmoid's slope"),
    (hidden_layer_grads_sum, r"sums the gradients of the examples"),
    (hidden_layer_grads_mean_twice, r"divides by N twice"),
    (hidden_layer_grads_w2_not_transposed, r"back through W2 the wrong way round"),
    (hidden_layer_grads_swapped, r"returned \(db1, dW1\)"),
    (hidden_layer_grads_no_shift, r"(?s)contains nan or inf.*Subtract the largest logit first"),
    (hidden_layer_grads_batch_shift, r"(?s)contains nan or inf.*Subtract each row's own maximum"),
    (hidden_layer_grads_tanh_by_exp, r"(?s)contains nan or inf.*use np\.tanh"),
    (hidden_layer_grads_one_example_only, r"hidden_layer_grads raised ValueError"),
]}

HALF_RIGHT = {"hidden_layer_grads": hidden_layer_grads_no_shift}
