"""Every formula of the course, once: the chapters derive them, the graders compare
with them, the explorers draw them, and the tests check them.

Notation: K classes, D input features, N examples; logits z = W x + b with
W of shape (K, D) and b of shape (K,); a = softmax(z); targets y whose rows sum
to 1; batches are rows, so a batch of inputs X has shape (N, D), and the loss of a
batch is the mean over its rows.

Bad input raises TypeError (a wrong type) or ValueError (a wrong value or shape),
naming the argument.

By chapter: 1 logits, softmax, cross_entropy, log_sum_exp; 2 numerical_gradient, relative_error,
linear_backward, backward_to_input; 3 softmax_diagonal, steepest_logit;
4 softmax_jacobian, softmax_jacobian_batch, softmax_vjp; 5 grad_logits,
smoothed_targets, grad_logits_smoothed, grad_params, mean_loss; 6 predictions,
accuracy, train_step, gradient_descent, l2_grad_params; 7 log_softmax,
cross_entropy_from_logits, grad_logits_temperature.
"""

import numpy as np

from softmax_course import _checks


def logits(W, b, x):
    """z = W x + b. W (K, D), b (K,), x (D,) or (N, D) -> z (K,) or (N, K)."""
    W, b, x = _linear_inputs(W, b, x)
    return x @ W.T + b


def softmax(z):
    """Softmax along the last axis. z (K,) or (N, K) -> a of the same shape.

    The row maximum is subtracted before exponentiating, which changes nothing
    mathematically and keeps every exponent <= 0, so nothing overflows.
    """
    z = _checks.rows_of_classes("z", z)
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


def log_softmax(z):
    """ln softmax(z) along the last axis, z - logsumexp(z). z (K,) or (N, K) -> the same shape.

    Computed from the logits with the max-shift, so it stays finite (and exact to
    rounding) where softmax underflows to 0 and its log would be -inf.
    """
    z = _checks.rows_of_classes("z", z)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def log_sum_exp(z):
    """lse(z) = ln sum_k e^{z_k}, along the last axis. z (K,) -> a float; z (N, K) -> (N,).

    Computed with the max-shift, m + ln sum_k e^{z_k - m} with m the largest logit of
    the row, so it is finite for any finite logits. Its gradient is softmax(z), and
    the loss from the logits is lse(z) - y^T z when y sums to 1.
    """
    z = _checks.rows_of_classes("z", z)
    row_max = z.max(axis=-1, keepdims=True)
    result = (row_max + np.log(np.exp(z - row_max).sum(axis=-1, keepdims=True)))[..., 0]
    return float(result) if z.ndim == 1 else result


def cross_entropy(a, y):
    """L = -sum_i y_i ln a_i; for a batch, the mean over rows. Returns a float.

    a, y of the same shape (K,) or (N, K); rows of y sum to 1. A term with
    y_i = 0 counts as 0 even where a_i = 0.
    """
    a = _checks.probabilities("a", a)
    y = _checks.distributions("y", y)
    _checks.same_shape("a", a, "y", y)
    with np.errstate(divide="ignore"):
        terms = np.where(y > 0, -y * np.log(np.where(y > 0, a, 1.0)), 0.0)
    per_example = terms.sum(axis=-1)
    return float(np.mean(per_example))


def cross_entropy_from_logits(z, y):
    """cross_entropy(softmax(z), y), computed as -sum_i y_i log_softmax(z)_i. Returns a float.

    z, y of the same shape (K,) or (N, K); rows of y sum to 1; the mean over rows for
    a batch. Finite for any finite logits, where softmax-then-log can give inf.
    """
    log_a = log_softmax(z)
    y = _checks.distributions("y", y)
    _checks.same_shape("z", log_a, "y", y)
    return float(np.mean(-np.sum(y * log_a, axis=-1)))


def numerical_gradient(f, x, eps=1e-6):
    """Central differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps).

    f maps an array shaped like x to a scalar; x of any shape. Returns an array
    shaped like x; x itself is not modified.
    """
    f = _checks.function("f", f)
    x = _checks.real_array("x", x).astype(np.float64)
    eps = _checks.positive_number("eps", eps)
    gradient = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        gradient[index] = (_scalar(f(x + step)) - _scalar(f(x - step))) / (2 * eps)
    return gradient


def relative_error(analytic, numerical, floor=1e-8):
    """The worst entry of |analytic - numerical| / max(|analytic|, |numerical|, floor).

    analytic, numerical: arrays of the same shape (any), e.g. a formula's gradient and
    central differences. Returns a float. Each entry is compared on its own scale, so a
    small entry cannot hide behind a large one; the floor stops entries that are both
    near 0 (where rounding leaves only absolute noise) from dividing by almost nothing.
    """
    analytic = _checks.real_array("analytic", analytic)
    numerical = _checks.real_array("numerical", numerical)
    _checks.same_shape("analytic", analytic, "numerical", numerical)
    floor = _checks.positive_number("floor", floor)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numerical)), floor)
    return float(np.max(np.abs(analytic - numerical) / scale, initial=0.0))


def linear_backward(delta, x):
    """Gradients of L through z = W x + b, given delta = dL/dz.

    One example: delta (K,), x (D,) -> dW = delta x^T (K, D), db = delta (K,).
    A batch: delta (N, K), x (N, D) -> dW = delta^T x (K, D), db = sum of the rows of delta.
    """
    delta = _checks.rows_of_classes("delta", delta)
    x = _checks.rows_of_classes("x", x)
    if delta.ndim != x.ndim:
        raise ValueError(f"delta has shape {delta.shape} and x has shape {x.shape}: "
                         "give both as one example (1-D) or both as a batch (2-D)")
    if delta.ndim == 1:
        return np.outer(delta, x), delta.copy()
    if delta.shape[0] != x.shape[0]:
        raise ValueError(f"delta has {delta.shape[0]} rows but x has {x.shape[0]}; "
                         "they must be the same batch")
    return delta.T @ x, delta.sum(axis=0)


def backward_to_input(delta, W):
    """dL/dx through z = W x + b, given delta = dL/dz: W^T delta, row by row.

    delta (K,) -> (D,); delta (N, K) -> delta W, shape (N, D). W (K, D). No 1/N here:
    delta already carries the mean's 1/N.
    """
    delta = _checks.rows_of_classes("delta", delta)
    W = _checks.real_array("W", W)
    if W.ndim != 2 or W.shape[0] != delta.shape[-1]:
        raise ValueError(f"W must have shape (K, D) with K = {delta.shape[-1]} rows to match delta, "
                         f"got shape {W.shape}")
    return delta @ W


def softmax_diagonal(a):
    """da_i/dz_i = a_i (1 - a_i) for every class i: the diagonal of the Jacobian.

    a (K,) or (N, K) probabilities -> the same shape.
    """
    a = _checks.distributions("a", a)
    return a * (1 - a)


def steepest_logit(z, i):
    """The value of z_i, the other logits held fixed, where da_i/dz_i is largest.

    The slope a_i (1 - a_i) peaks where a_i = 1/2, that is where e^{z_i} equals
    sum_{k != i} e^{z_k}: z_i = ln sum_{k != i} e^{z_k}, computed with a max-shift.
    z (K,) with K >= 2 (the entry z[i] is ignored); i a class index. Returns a float.
    """
    z = _checks.rows_of_classes("z", z)
    if z.ndim != 1 or z.shape[0] < 2:
        raise ValueError(f"z must have shape (K,) with K >= 2, got shape {z.shape}")
    i = _checks.class_index("i", i, z.shape[0])
    others = np.delete(z, i)
    top = others.max()
    return float(top + np.log(np.exp(others - top).sum()))


def softmax_jacobian(a):
    """J[j, i] = da_j/dz_i = a_j (1[j = i] - a_i), that is diag(a) - a a^T (1[j = i]: 1 if j = i, else 0).

    a (K,) probabilities summing to 1 -> J (K, K).
    """
    a = _checks.distributions("a", a)
    if a.ndim != 1:
        raise ValueError(f"a must have shape (K,) (one example), got shape {a.shape}")
    return np.diag(a) - np.outer(a, a)


def softmax_jacobian_batch(a):
    """One Jacobian diag(a_n) - a_n a_n^T per row: a (N, K) -> (N, K, K); a (K,) -> (K, K)."""
    a = _checks.distributions("a", a)
    eye = np.eye(a.shape[-1])
    return a[..., :, None] * eye - a[..., :, None] * a[..., None, :]


def softmax_vjp(a, g):
    """dL/dz from g = dL/da through the softmax, without building the Jacobian.

    (J^T g)_i = sum_j g_j da_j/dz_i = a_i (g_i - sum_j a_j g_j), row by row.
    a (K,) or (N, K) probabilities summing to 1, g of the same shape -> the same shape.
    """
    a = _checks.distributions("a", a)
    g = _checks.real_array("g", g)
    _checks.same_shape("a", a, "g", g)
    return a * (g - np.sum(a * g, axis=-1, keepdims=True))


def grad_logits(z, y):
    """dL/dz for L = cross_entropy(softmax(z), y).

    One example: z, y (K,) -> a - y. A batch: z, y (N, K) -> (a - y) / N,
    because the loss is the mean over the N rows.
    """
    z = _checks.rows_of_classes("z", z)
    y = _checks.distributions("y", y)
    _checks.same_shape("z", z, "y", y)
    difference = softmax(z) - y
    if z.ndim == 1:
        return difference
    return difference / z.shape[0]


def smoothed_targets(labels, K, smoothing):
    """Label-smoothed targets y = (1 - s) e_c + s / K for the class c of each label.

    labels: one int, or ints of shape (N,); K classes; smoothing s in [0, 1).
    Returns (K,) or (N, K); each row sums to 1.
    """
    K = _checks.integer("K", K, low=1)
    smoothing = _checks.number("smoothing", smoothing)
    if not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must lie in [0, 1), got {smoothing!r}")
    if np.ndim(labels) == 0:
        hot = np.eye(K)[_checks.class_index("labels", labels, K)]
    else:
        hot = np.eye(K)[_checks.class_labels("labels", labels, K)]
    return (1 - smoothing) * hot + smoothing / K


def grad_logits_smoothed(z, labels, smoothing):
    """dL/dz of the mean cross-entropy against label-smoothed targets: a - y.

    z (K,) with one int label -> (K,); z (N, K) with labels (N,) -> (a - y) / N, (N, K).
    y = smoothed_targets(labels, K, smoothing).
    """
    z = _checks.rows_of_classes("z", z)
    y = smoothed_targets(labels, z.shape[-1], smoothing)
    _checks.same_shape("z", z, "the targets of labels", y)
    return grad_logits(z, y)


def grad_params(W, b, x, y):
    """(dL/dW, dL/db) for L = cross_entropy(softmax(W x + b), y).

    W (K, D), b (K,), x (D,) or (N, D), y (K,) or (N, K) -> dW (K, D), db (K,).
    """
    z = logits(W, b, x)
    y = _checks.distributions("y", y)
    _checks.same_shape("z = W x + b", z, "y", y)
    return linear_backward(grad_logits(z, y), _checks.real_array("x", x))


def mean_loss(W, b, x, y):
    """L(W, b) = cross_entropy(softmax(W x + b), y), the loss of the parameters. Returns a float.

    W (K, D), b (K,); one example x (D,), y (K,), or a batch x (N, D), y (N, K) (the
    mean over rows). Computed from the logits, so it stays finite for large logits.
    """
    return cross_entropy_from_logits(logits(W, b, x), y)


def predictions(W, b, x):
    """The predicted class, the index of the largest logit of W x + b.

    W (K, D), b (K,), x (D,) -> an int; x (N, D) -> (N,) ints. Ties go to the lower index.
    """
    return np.argmax(logits(W, b, x), axis=-1)


def accuracy(W, b, X, labels):
    """The fraction of rows of X (N, D) whose prediction equals labels (N,). Returns a float."""
    z = logits(W, b, X)
    if z.ndim != 2:
        raise ValueError(f"X must have shape (N, D), a batch of rows, got shape {np.shape(X)}")
    labels = _checks.class_labels("labels", labels, z.shape[1])
    _checks.same_shape("labels", labels, "one prediction per row of X", z[:, 0])
    return float(np.mean(np.argmax(z, axis=1) == labels))


def train_step(W, b, X, Y, learning_rate):
    """One step of gradient descent on the mean loss: (W - eta dL/dW, b - eta dL/db).

    W (K, D), b (K,), X (N, D), Y (N, K), learning_rate eta > 0 -> (W_new (K, D),
    b_new (K,)). W and b themselves are not changed.
    """
    learning_rate = _checks.positive_number("learning_rate", learning_rate)
    dW, db = grad_params(W, b, X, Y)
    W, b = _checks.real_array("W", W), _checks.real_array("b", b)
    return W - learning_rate * dW, b - learning_rate * db


def gradient_descent(W, b, X, Y, learning_rate, steps):
    """`steps` steps of train_step from (W, b), and the whole trajectory.

    W (K, D), b (K,), X (N, D), Y (N, K). Returns weights (steps + 1, K, D), biases
    (steps + 1, K) and losses (steps + 1,), index t holding the parameters after t
    steps (index 0: the start) and their mean_loss.
    """
    steps = _checks.integer("steps", steps)
    W = _checks.real_array("W", W).astype(np.float64)
    b = _checks.real_array("b", b).astype(np.float64)
    weights, biases, losses = [W], [b], [mean_loss(W, b, X, Y)]
    for _ in range(steps):
        W, b = train_step(W, b, X, Y, learning_rate)
        weights.append(W)
        biases.append(b)
        losses.append(mean_loss(W, b, X, Y))
    return np.array(weights), np.array(biases), np.array(losses)


def l2_grad_params(W, b, X, Y, lam):
    """(dL/dW, dL/db) for L = mean cross-entropy + (lam / 2) * sum of the squares of W.

    As grad_params, plus lam * W in dL/dW; b is not regularised. W (K, D), b (K,),
    X (D,) or (N, D), Y (K,) or (N, K), lam >= 0 -> dW (K, D), db (K,).
    """
    lam = _checks.number("lam", lam)
    if not lam >= 0:
        raise ValueError(f"lam must be a number >= 0, got {lam!r}")
    dW, db = grad_params(W, b, X, Y)
    return dW + lam * _checks.real_array("W", W), db


def grad_logits_temperature(z, y, T):
    """dL/dz for L = cross_entropy(softmax(z / T), y), T > 0: (softmax(z / T) - y) / T.

    Same shapes and batch convention as grad_logits: z, y (K,) or (N, K), and for a
    batch the 1/N of the mean.
    """
    T = _checks.positive_number("T", T)
    z = _checks.rows_of_classes("z", z)
    return grad_logits(z / T, y) / T


def _linear_inputs(W, b, x):
    W = _checks.real_array("W", W)
    b = _checks.real_array("b", b)
    x = _checks.rows_of_classes("x", x)
    if W.ndim != 2 or 0 in W.shape:
        raise ValueError(f"W must have shape (K, D), got shape {W.shape}")
    if b.shape != (W.shape[0],):
        raise ValueError(f"b must have shape (K,) = ({W.shape[0]},) to match W, got shape {b.shape}")
    if x.shape[-1] != W.shape[1]:
        raise ValueError(f"x has {x.shape[-1]} features but W has D = {W.shape[1]} columns")
    return W, b, x


def _scalar(value):
    """The value f returned, as a float: one finite real number."""
    value = np.asarray(value)
    if value.dtype.kind not in "iuf":
        raise TypeError(f"f must return one real number, got {value.dtype} data")
    if value.size != 1:
        raise ValueError(f"f must return one real number, got an array of shape {value.shape}")
    number = float(value.reshape(()))
    if not np.isfinite(number):
        raise ValueError(f"f returned a non-finite value ({number})")
    return number
