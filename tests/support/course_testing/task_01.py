"""Learner implementations of chapter 1's graded task, binary_cross_entropy_from_logits(z, y): the
mean binary cross-entropy -y ln sigma(z) - (1 - y) ln(1 - sigma(z)) of a sigmoid unit with logit z
against a target y in [0, 1], for one example (z, y of shape ()) or a batch (z, y of shape (N,)).

CORRECT[name]: functions the grader must accept (vectorised, loops, float32 along the way, in
place, scipy.special, the two-class softmax with the chapter's max-shift, one example at a time,
the two terms each from the logit).
WRONG[name]: pairs (function, pattern) of typical mistakes; the grader must reject each with a
message in which re.search finds pattern.
HALF_RIGHT[name]: a natural answer that passes the basic stage and fails the extremes stage.
Each function is self-contained (NumPy and math, and scipy where it says so), so that its source
can stand in a notebook's answer cell.
"""

import math

import numpy as np
from scipy.special import log_expit

# Correct

def binary_cross_entropy_from_logits_vectorised(z, y):
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def binary_cross_entropy_from_logits_loops(z, y):
    def one(logit, target):
        top = max(logit, 0.0)
        return top + math.log(math.exp(-top) + math.exp(logit - top)) - target * logit
    if np.ndim(z) == 0:
        return one(float(z), float(y))
    losses = [one(float(logit), float(target)) for logit, target in zip(z, y, strict=True)]
    return sum(losses) / len(losses)


def binary_cross_entropy_from_logits_float32(z, y):
    z = np.asarray(z, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    softplus = np.maximum(z, np.float32(0)) + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(softplus - y * z))


def binary_cross_entropy_from_logits_in_place(z, y):
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    y *= z
    y -= np.maximum(z, 0.0)
    np.abs(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    np.log1p(z, out=z)
    z -= y
    return float(z.mean())


def binary_cross_entropy_from_logits_scipy(z, y):
    return float(np.mean(-y * log_expit(z) - (1 - y) * log_expit(-z)))


def binary_cross_entropy_from_logits_two_class_softmax(z, y):
    pairs = np.stack([np.atleast_1d(z), np.zeros(np.size(z))], axis=-1)
    targets = np.stack([np.atleast_1d(y), 1 - np.atleast_1d(y)], axis=-1)
    shifted = pairs - pairs.max(axis=-1, keepdims=True)
    log_a = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return float(np.mean(-np.sum(targets * log_a, axis=-1)))


def binary_cross_entropy_from_logits_one_at_a_time(z, y):
    def one(logit, target):
        if logit > 0:
            return (1 - target) * logit + np.log1p(np.exp(-logit))
        return -target * logit + np.log1p(np.exp(logit))
    if np.ndim(z) == 0:
        return float(one(z, y))
    return float(np.mean([one(logit, target) for logit, target in zip(z, y, strict=True)]))


def binary_cross_entropy_from_logits_two_terms(z, y):
    minus_log_sigmoid = np.logaddexp(0.0, -z)
    minus_log_one_minus_sigmoid = np.logaddexp(0.0, z)
    return float(np.mean(y * minus_log_sigmoid + (1 - y) * minus_log_one_minus_sigmoid))


# Wrong

def binary_cross_entropy_from_logits_blank(z, y):
    raise NotImplementedError()


def binary_cross_entropy_from_logits_wrong_sign(z, y):
    return float(np.mean(y * z - np.logaddexp(0.0, z)))


def binary_cross_entropy_from_logits_one_minus_sign_lost(z, y):
    return float(np.mean(y * np.logaddexp(0.0, -z) - (1 - y) * np.logaddexp(0.0, z)))


def binary_cross_entropy_from_logits_outcomes_swapped(z, y):
    return float(np.mean(y * np.logaddexp(0.0, z) + (1 - y) * np.logaddexp(0.0, -z)))


def binary_cross_entropy_from_logits_label_one_only(z, y):
    return float(np.mean(y * np.logaddexp(0.0, -z)))


def binary_cross_entropy_from_logits_no_log_after_shift(z, y):
    return float(np.mean(np.maximum(z, 0.0) - y * z))


def binary_cross_entropy_from_logits_sum(z, y):
    return float(np.sum(np.logaddexp(0.0, z) - y * z))


def binary_cross_entropy_from_logits_softmax_over_batch(z, y):
    z = np.atleast_1d(np.asarray(z, dtype=float))
    e = np.exp(z - z.max())
    return float(-np.sum(y * np.log(e / e.sum())))


def binary_cross_entropy_from_logits_per_example(z, y):
    return np.logaddexp(0.0, z) - y * z


def binary_cross_entropy_from_logits_naive(z, y):
    sigma = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return float(np.mean(-y * np.log(sigma) - (1 - y) * np.log(1 - sigma)))


def binary_cross_entropy_from_logits_clipped(z, y):
    sigma = np.clip(1 / (1 + np.exp(-np.asarray(z, dtype=float))), 1e-7, 1 - 1e-7)
    return float(np.mean(-y * np.log(sigma) - (1 - y) * np.log(1 - sigma)))


def binary_cross_entropy_from_logits_no_shift(z, y):
    return float(np.mean(np.log(1 + np.exp(z)) - y * z))


def binary_cross_entropy_from_logits_batch_shift(z, y):
    z = np.asarray(z, dtype=float)
    top = max(z.max(), 0.0)
    return float(np.mean(top + np.log(np.exp(-top) + np.exp(z - top)) - y * z))


CORRECT = {"binary_cross_entropy_from_logits": [
    binary_cross_entropy_from_logits_vectorised, binary_cross_entropy_from_logits_loops,
    binary_cross_entropy_from_logits_float32, binary_cross_entropy_from_logits_in_place,
    binary_cross_entropy_from_logits_scipy, binary_cross_entropy_from_logits_two_class_softmax,
    binary_cross_entropy_from_logits_one_at_a_time, binary_cross_entropy_from_logits_two_terms,
]}

WRONG = {"binary_cross_entropy_from_logits": [
    (binary_cross_entropy_from_logits_blank, r"binary_cross_entropy_from_logits is not implemented yet"),
    (binary_cross_entropy_from_logits_wrong_sign, r"has the wrong sign"),
    (binary_cross_entropy_from_logits_one_minus_sign_lost, r"must lie between 0 and the mean"),
    (binary_cross_entropy_from_logits_outcomes_swapped, r"gives sigmoid\(z\) to the wrong outcome"),
    (binary_cross_entropy_from_logits_label_one_only, r"leaves out the term of the label 0"),
    (binary_cross_entropy_from_logits_no_log_after_shift, r"dropped the logarithm that is left"),
    (binary_cross_entropy_from_logits_sum, r"adds up the losses of the examples"),
    (binary_cross_entropy_from_logits_softmax_over_batch, r"took one softmax over all the entries of z"),
    (binary_cross_entropy_from_logits_per_example, r"returned the loss of every example"),
    (binary_cross_entropy_from_logits_naive, r"(?s)contains nan or inf.*rounds to exactly 1"),
    (binary_cross_entropy_from_logits_clipped, r"(?s)is wrong with.*Clipping sigmoid\(z\) away from 1"),
    (binary_cross_entropy_from_logits_no_shift, r"(?s)contains nan or inf.*np\.exp overflows"),
    (binary_cross_entropy_from_logits_batch_shift, r"(?s)contains nan or inf.*one shift for the whole batch"),
]}

HALF_RIGHT = {"binary_cross_entropy_from_logits": binary_cross_entropy_from_logits_naive}
