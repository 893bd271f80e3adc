"""Learner implementations of chapter 7's graded task, grad_temperature(z, y, T): the derivative
dL/dT with respect to the temperature T > 0 of the cross-entropy L of softmax(z / T) against y, for
one example (z, y of shape (K,)) or the mean over a batch (z, y of shape (N, K)); one float.

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, scipy.special, one example at a time through the derivative of the log-softmax).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
Each function is self-contained (NumPy and math, and scipy where it says so), so that its source
can stand in a notebook's answer cell.
"""

import math

import numpy as np
from scipy.special import softmax as scipy_softmax

# Correct

def grad_temperature_vectorised(z, y, T):
    u = z / T
    u = u - u.max(axis=-1, keepdims=True)
    a = np.exp(u) / np.exp(u).sum(axis=-1, keepdims=True)
    return float(np.mean(np.sum((y - a) * u, axis=-1)) / T)


def grad_temperature_loops(z, y, T):
    def one(logits, targets):
        top = max(logits)
        exponentials = [math.exp((v - top) / T) for v in logits]
        total = sum(exponentials)
        pairs = zip(targets, exponentials, logits, strict=True)
        return sum((t - e / total) * v for t, e, v in pairs) / T ** 2
    if np.ndim(z) == 1:
        return one(list(z), list(y))
    values = [one(list(row), list(targets)) for row, targets in zip(z, y, strict=True)]
    return sum(values) / len(values)


def grad_temperature_float32(z, y, T):
    z = np.asarray(z, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    T = np.float32(T)
    u = z / T
    u -= u.max(axis=-1, keepdims=True)
    log_a = u - np.log(np.exp(u).sum(axis=-1, keepdims=True))
    return float(np.mean(np.sum((y - np.exp(log_a)) * u, axis=-1)) / T)


def grad_temperature_in_place(z, y, T):
    z /= T
    z -= z.max(axis=-1, keepdims=True)
    a = np.exp(z)
    a /= a.sum(axis=-1, keepdims=True)
    y -= a
    y *= z
    return float(y.sum(axis=-1).mean() / T)


def grad_temperature_scipy(z, y, T):
    a = scipy_softmax(z / T, axis=-1)
    return float(np.mean(np.einsum("...k,...k->...", y - a, z)) / T ** 2)


def grad_temperature_log_softmax(z, y, T):
    def one(logits, targets):
        u = logits / T
        log_a = u - u.max() - np.log(np.sum(np.exp(u - u.max())))
        # d ln a_j / dT = -(u_j - sum_i a_i u_i) / T, with u shifted: the shift cancels
        centred = u - u.max()
        derivative = -(centred - np.exp(log_a) @ centred) / T
        return -targets @ derivative
    if z.ndim == 1:
        return float(one(z, y))
    return float(np.mean([one(row, targets) for row, targets in zip(z, y, strict=True)]))


# Wrong

def grad_temperature_blank(z, y, T):
    raise NotImplementedError()


def _probabilities(z, T):
    u = z / T
    e = np.exp(u - u.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def grad_temperature_wrong_sign(z, y, T):
    return float(np.mean(np.sum((_probabilities(z, T) - y) * z, axis=-1)) / T ** 2)


def grad_temperature_log_sum_exp_only(z, y, T):
    return float(np.mean(-np.sum(_probabilities(z, T) * z, axis=-1)) / T ** 2)


def grad_temperature_one_power_of_T(z, y, T):
    return float(np.mean(np.sum((y - _probabilities(z, T)) * z, axis=-1)) / T)


def grad_temperature_tempered_and_squared(z, y, T):
    u = z / T
    return float(np.mean(np.sum((y - _probabilities(z, T)) * u, axis=-1)) / T ** 2)


def grad_temperature_untempered_softmax(z, y, T):
    return float(np.mean(np.sum((y - _probabilities(z, 1.0)) * z, axis=-1)) / T ** 2)


def grad_temperature_mean_over_everything(z, y, T):
    return float(np.mean((y - _probabilities(z, T)) * z) / T ** 2)


def grad_temperature_sum_over_batch(z, y, T):
    return float(np.sum((y - _probabilities(z, T)) * z) / T ** 2)


def grad_temperature_per_example(z, y, T):
    return np.sum((y - _probabilities(z, T)) * z, axis=-1) / T ** 2


def grad_temperature_gradient_of_logits(z, y, T):
    difference = (_probabilities(z, T) - y) / T
    return difference if z.ndim == 1 else difference / z.shape[0]


def grad_temperature_no_shift(z, y, T):
    e = np.exp(z / T)
    a = e / e.sum(axis=-1, keepdims=True)
    return float(np.mean(np.sum((y - a) * z, axis=-1)) / T ** 2)


def grad_temperature_batch_shift(z, y, T):
    u = z / T
    e = np.exp(u - u.max())
    a = e / e.sum(axis=-1, keepdims=True)
    return float(np.mean(np.sum((y - a) * u, axis=-1)) / T)


CORRECT = {"grad_temperature": [
    grad_temperature_vectorised, grad_temperature_loops, grad_temperature_float32, grad_temperature_in_place,
    grad_temperature_scipy, grad_temperature_log_softmax,
]}

WRONG = {"grad_temperature": [
    (grad_temperature_blank, r"grad_temperature is not implemented yet"),
    (grad_temperature_wrong_sign, r"has the wrong sign"),
    (grad_temperature_log_sum_exp_only, r"differentiated only the log-sum-exp part"),
    (grad_temperature_one_power_of_T, r"is T times too large"),
    (grad_temperature_tempered_and_squared, r"is T times too small"),
    (grad_temperature_untempered_softmax, r"uses the probabilities softmax\(z\) of the logits themselves"),
    (grad_temperature_mean_over_everything, r"averages over the classes too"),
    (grad_temperature_sum_over_batch, r"adds up the derivatives of the examples"),
    (grad_temperature_per_example, r"returned one derivative for every example"),
    (grad_temperature_gradient_of_logits, r"returned the gradient with respect to the logits z"),
    (grad_temperature_no_shift, r"(?s)contains nan or inf.*Subtract each row's largest tempered logit"),
    (grad_temperature_batch_shift, r"(?s)contains nan or inf.*Subtract each row's own maximum"),
]}

HALF_RIGHT = {"grad_temperature": grad_temperature_no_shift}
