"""Input checks shared by every public function.

Each names the argument: a wrong type raises TypeError, a wrong value or shape
raises ValueError, as Python and NumPy do.
"""

import numbers

import numpy as np


def real_array(name, value):
    """`value` as a float array (float32 kept, other numbers to float64), all finite."""
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of numbers (rows of equal length)") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
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


def integer(name, value, low=0):
    """A Python or NumPy integer (not a bool) that is at least `low`, as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def class_index(name, value, K):
    """An integer in 0 .. K-1, naming one class."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer class index, got {value!r}")
    if not 0 <= value < K:
        raise ValueError(f"{name} = {value} is out of range for K = {K} classes (0 to {K - 1})")
    return int(value)


def class_labels(name, value, K):
    """Integer class indices in 0 .. K-1 of shape (N,), as an intp array."""
    labels = np.asarray(value)
    if labels.dtype == bool or labels.dtype.kind not in "iu":
        whole = labels.dtype.kind == "f" and labels.size and np.all(labels == np.round(labels))
        hint = " (whole numbers stored as floats: use labels.astype(int))" if whole else ""
        raise TypeError(f"{name} must be integer class indices, got dtype {labels.dtype}{hint}")
    if labels.ndim != 1:
        raise ValueError(f"{name} must have shape (N,), one class index per example, "
                         f"got shape {labels.shape}")
    outside = labels[(labels < 0) | (labels >= K)]
    if outside.size:
        raise ValueError(f"{name} must lie in 0..{K - 1} for K = {K} classes, found {outside[0]}")
    return labels.astype(np.intp)


def number(name, value):
    """A real number (not a bool), as a float; TypeError for anything else."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return float(value)


def positive_number(name, value):
    """A finite real number > 0, as a float."""
    value = number(name, value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return value


def function(name, value):
    """Something callable."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {type(value).__name__}")
    return value


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
