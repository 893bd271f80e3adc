"""Input checks shared by every public function: each raises a ValueError that
names the argument and the problem."""

import numpy as np


def real_array(name, value):
    """Return `value` as a float array (float32 kept, other numbers to float64)."""
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of numbers (rows of equal length)") from None
    if array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return array


def rows_of_classes(name, value):
    """A real array of shape (K,) or (N, K) with K >= 1 and N >= 1."""
    array = real_array(name, value)
    if array.ndim not in (1, 2) or 0 in array.shape:
        raise ValueError(
            f"{name} must have shape (K,) or (N, K) with K, N >= 1, got shape {array.shape}"
        )
    return array


def class_index(name, value, K):
    """An integer in 0 .. K-1, naming one class."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer class index, got {value!r}")
    if not 0 <= value < K:
        raise ValueError(f"{name} = {value} is out of range for K = {K} classes (0 to {K - 1})")
    return int(value)


def positive_number(name, value):
    """A finite real number > 0, as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def same_shape(name, array, other_name, other):
    if array.shape != other.shape:
        raise ValueError(
            f"{name} has shape {array.shape} but {other_name} has shape {other.shape}; they must match"
        )


def probabilities(name, value):
    """Entries in [0, 1], shape (K,) or (N, K)."""
    array = rows_of_classes(name, value)
    if np.any(array < 0) or np.any(array > 1):
        raise ValueError(f"{name} must hold probabilities in [0, 1], got values in "
                         f"[{array.min():.3g}, {array.max():.3g}]")
    return array


def distributions(name, value):
    """Probabilities whose rows (last axis) sum to 1, shape (K,) or (N, K)."""
    array = probabilities(name, value)
    tolerance = max(1e-6, 10 * array.shape[-1] * np.finfo(array.dtype).eps)
    sums = array.sum(axis=-1)
    if not np.allclose(sums, 1.0, rtol=0.0, atol=tolerance):
        worst = np.max(np.abs(sums - 1.0))
        raise ValueError(f"each row of {name} must sum to 1, found a row off by {worst:.3g}")
    return array
