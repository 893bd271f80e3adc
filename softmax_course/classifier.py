"""Plumbing for chapter 6, the trained softmax-regression classifier.

Figures of 2-D data, loss curves and decision regions, a cached batch
gradient-descent trajectory, and `training_explorer` (sliders for the learning
rate and the number of steps). Works for any 2-D data set with integer labels;
the maths comes from softmax_course.reference.
"""

import functools
import io

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from softmax_course import _checks, reference
from softmax_course.data import one_hot
from softmax_course.explorers import BLUE, GREEN, GREY, ORANGE, RED, STYLE, Explorer

CLASS_COLOURS = [BLUE, ORANGE, GREEN, RED, "#CC79A7"]
REGION_COLOURS = ["#B3D4EA", "#F5DDA8", "#A8DCCB", "#F0BFA3", "#EBCBDD"]
MARKERS = ["o", "s", "^", "D", "v"]
LOG_MIN, LOG_MAX, LOG_STEP = -3, 1, 0.25  # learning rates 10^LOG_MIN to 10^LOG_MAX


def _styled(make_figure):
    """Run a figure function inside the explorers' style (readable font sizes)."""
    @functools.wraps(make_figure)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return make_figure(*args, **kwargs)
    return styled


def gradient_descent(W, b, X, Y, learning_rate, steps):
    """Batch gradient descent on the mean cross-entropy, from (W, b), `steps` times.

    W (K, D), b (K,), X (N, D), Y (N, K). Returns the whole trajectory:
    weights (steps + 1, K, D), biases (steps + 1, K) and losses (steps + 1,),
    index t holding the parameters after t steps (index 0: the start).
    W and b themselves are not modified.
    """
    learning_rate = _checks.positive_number("learning_rate", learning_rate)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    W = _checks.real_array("W", W).astype(np.float64)
    b = _checks.real_array("b", b).astype(np.float64)
    Y = _checks.distributions("Y", Y)
    weights, biases, losses = [W], [b], [_mean_loss(W, b, X, Y)]
    for _ in range(steps):
        dW, db = reference.grad_params(W, b, X, Y)
        W, b = W - learning_rate * dW, b - learning_rate * db
        weights.append(W)
        biases.append(b)
        losses.append(_mean_loss(W, b, X, Y))
    return np.array(weights), np.array(biases), np.array(losses)


def predictions(W, b, X):
    """The predicted class of each row of X: the index of its largest logit. (N,) ints."""
    return np.argmax(reference.logits(W, b, X), axis=-1)


@_styled
def data_figure(X, labels, X_test=None, labels_test=None, title="the data"):
    """Scatter plot of 2-D points coloured by class (test points hollow). Returns a Figure."""
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test)
    figure, ax = _figure(figsize=(6.0, 5.0))
    _scatter(ax, X, labels, X_test, labels_test, K)
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=11, frameon=True)
    ax.set_aspect("equal", adjustable="datalim")
    return figure


@_styled
def loss_curves_figure(curves, title="training loss", reference_level=None, top=None):
    """Loss against step for one or more runs. curves: {label: losses (steps + 1,)}.

    reference_level: an optional (value, label) drawn as a dotted line (e.g. ln K);
    top: an optional upper limit of the loss axis (higher values run off the top).
    Returns a Figure.
    """
    figure, ax = _figure(figsize=(7.0, 4.2))
    for (label, losses), colour in zip(curves.items(), CLASS_COLOURS):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(losses.size), losses, color=colour, linewidth=2, label=label)
    if reference_level is not None:
        value, label = reference_level
        ax.axhline(value, color=GREY, linestyle=":", linewidth=1.5, label=label)
    ax.set_xlabel("gradient-descent step $t$")
    ax.set_ylabel("mean cross-entropy $L$")
    ax.set_ylim(bottom=0, top=top)
    ax.set_title(title)
    ax.legend(fontsize=11, loc="upper right", frameon=True, framealpha=0.95)
    return figure


@_styled
def decision_regions_figure(W, b, X, labels, X_test=None, labels_test=None, title=None):
    """The plane coloured by predicted class argmax_i z_i, with the data on top.

    W (K, 2), b (K,), X (N, 2), labels (N,). Returns a Figure.
    """
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test, classes=len(b))
    figure, ax = _figure(figsize=(6.0, 5.0))
    box = _Box(_all_points(X, X_test))
    _set_regions(_region_patches(ax, K), box.regions(W, b))
    _scatter(ax, X, labels, X_test, labels_test, K)
    ax.set_xlim(box.extent[:2])
    ax.set_ylim(box.extent[2:])
    ax.set_title(title or "decision regions: the class with the largest logit")
    ax.legend(loc="upper right", fontsize=11, frameon=True)
    return figure


class TrainingExplorer(Explorer):
    """Learning-rate and step sliders; the loss curve and the decision regions so far.

    The trajectory for `max_steps` steps is computed up front for every position of
    the learning-rate slider, so moving a slider only looks up parameters and redraws.
    """

    def __init__(self, X, labels, X_test, labels_test, W, b, learning_rate, steps, max_steps):
        self.X, self.labels, self.X_test, self.labels_test = X, labels, X_test, labels_test
        self.W0, self.b0 = W, b
        self.K = W.shape[0]
        self.Y = one_hot(labels, self.K)
        self.max_steps = max_steps
        self.box = _Box(_all_points(X, X_test))
        self._trajectories = {}
        for exponent in np.arange(LOG_MIN, LOG_MAX + LOG_STEP / 2, LOG_STEP):
            self.trajectory(10.0 ** exponent)
        controls = {
            "learning_rate": widgets.FloatLogSlider(
                value=learning_rate, base=10, min=LOG_MIN, max=LOG_MAX, step=LOG_STEP,
                description="learning rate", readout_format=".3g",
                style={"description_width": "initial"}),
            "steps": widgets.IntSlider(value=steps, min=0, max=max_steps, step=1,
                                       description="steps", continuous_update=True),
        }
        super().__init__(controls, figsize=(7.2, 3.6))

    def trajectory(self, learning_rate):
        """(weights, biases, losses) for max_steps steps at this learning rate (cached).

        The learning rate is first rounded to the slider's grid (exponent steps of
        LOG_STEP), so that every position of the slider is computed once.
        """
        exponent = self._exponent(learning_rate)
        if exponent not in self._trajectories:
            self._trajectories[exponent] = gradient_descent(
                self.W0, self.b0, self.X, self.Y, 10.0 ** exponent, self.max_steps)
        return self._trajectories[exponent]

    @staticmethod
    def _exponent(learning_rate):
        return round(round(float(np.log10(learning_rate)) / LOG_STEP) * LOG_STEP, 6)

    def _build(self):
        self.figure.subplots_adjust(left=0.1, right=0.98, bottom=0.25, top=0.9, wspace=0.32)
        self.ax_loss, self.ax_regions = self.figure.subplots(1, 2)
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=BLUE, linewidth=2)
        (self.loss_point,) = ax.plot([], [], "o", color=RED, markersize=7)
        ax.axhline(np.log(self.K), color=GREY, linestyle=":", linewidth=1.5)
        ax.text(self.max_steps, np.log(self.K), "ln K", ha="right", va="bottom", fontsize=11,
                color="#555555")
        ax.set_xlim(0, self.max_steps)
        ax.set_ylim(0, 1.6 * np.log(self.K))
        ax.set_xlabel("step $t$")
        ax.set_ylabel("training loss $L$")
        ax.set_title("loss curve")
        ax = self.ax_regions
        self.regions = _region_patches(ax, self.K)
        points = _scatter(ax, self.X, self.labels, self.X_test, self.labels_test, self.K)
        ax.set_xlim(self.box.extent[:2])
        ax.set_ylim(self.box.extent[2:])
        ax.set_title("decision regions at step $t$")
        self.numbers = self.figure.text(0.01, 0.02, "", fontsize=11, va="bottom")
        # The regions are repainted on every move, so the points must be drawn after them.
        self._changing(self.loss_line, self.loss_point, *reversed(self.regions), *points,
                       self.numbers)

    def _compute(self):
        learning_rate = self.controls["learning_rate"].value
        t = self.controls["steps"].value
        weights, biases, losses = self.trajectory(learning_rate)
        learning_rate = 10.0 ** self._exponent(learning_rate)
        W, b = weights[t], biases[t]
        values = {"learning_rate": learning_rate, "steps": t, "W": W, "b": b,
                  "losses": losses[:t + 1], "loss": float(losses[t]),
                  "train_accuracy": _accuracy(W, b, self.X, self.labels)}
        if self.X_test is not None:
            values["test_accuracy"] = _accuracy(W, b, self.X_test, self.labels_test)
        return values

    def _draw(self, v):
        losses = v["losses"]
        self.loss_line.set_data(np.arange(losses.size), losses)
        self.loss_point.set_data([v["steps"]], [min(v["loss"], self.ax_loss.get_ylim()[1])])
        _set_regions(self.regions, self.box.regions(v["W"], v["b"]))
        text = (f"learning rate {v['learning_rate']:.3g}, step {v['steps']}: loss {v['loss']:.3f}; "
                f"accuracy {v['train_accuracy']:.1%} train")
        if "test_accuracy" in v:
            text += f", {v['test_accuracy']:.1%} test"
        self.numbers.set_text(text)

    def describe(self):
        v = self.values
        text = (f"training_explorer: after {v['steps']} steps of gradient descent with "
                f"learning rate {v['learning_rate']:.3g}, the training loss is {v['loss']:.4f} "
                f"and the training accuracy {v['train_accuracy']:.1%}")
        if "test_accuracy" in v:
            text += f" (test accuracy {v['test_accuracy']:.1%})"
        return text


def training_explorer(X, labels, X_test=None, labels_test=None, learning_rate=0.1, steps=50,
                      max_steps=200, W=None, b=None):
    """Sliders for the learning rate (log scale, 1e-3 to 10) and the number of steps.

    X (N, 2), labels (N,) the training set; X_test, labels_test an optional test set.
    Training starts from W (K, 2) and b (K,), zeros by default (K = the largest
    label + 1). The picture shows the training loss up to the chosen step and the
    decision regions of the parameters reached there.
    """
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test,
                                              classes=None if b is None else len(b))
    W = np.zeros((K, 2)) if W is None else _checks.real_array("W", W).astype(np.float64)
    b = np.zeros(K) if b is None else _checks.real_array("b", b).astype(np.float64)
    if W.shape != (K, 2) or b.shape != (K,):
        raise ValueError(f"W must have shape ({K}, 2) and b shape ({K},), "
                         f"got {W.shape} and {b.shape}")
    learning_rate = _checks.positive_number("learning_rate", learning_rate)
    if not 1e-3 <= learning_rate <= 10:
        raise ValueError(f"learning_rate must lie in [0.001, 10], got {learning_rate}")
    for name, value in (("max_steps", max_steps), ("steps", steps)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if max_steps < 1 or steps > max_steps:
        raise ValueError(f"need 0 <= steps <= max_steps and max_steps >= 1, "
                         f"got steps = {steps}, max_steps = {max_steps}")
    return TrainingExplorer(X, labels, X_test, labels_test, W, b, learning_rate, int(steps),
                            int(max_steps))


# ---------------------------------------------------------------- helpers


class _Box:
    """The points' bounding box plus a margin, and the decision regions clipped to it."""

    def __init__(self, points, margin=0.1):
        low, high = points.min(axis=0), points.max(axis=0)
        pad = margin * (high - low) + 1e-9
        (x0, y0), (x1, y1) = low - pad, high + pad
        self.extent = (x0, x1, y0, y1)
        self.corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])

    def regions(self, W, b):
        """One polygon (M, 2) per class: the points of the box where z_k is the largest logit.

        Region k is the box cut by the K - 1 half-planes z_k - z_j >= 0, each a straight
        line because z_k - z_j = (w_k - w_j) . x + (b_k - b_j) is linear in x.
        """
        W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
        polygons = []
        for k in range(len(b)):
            polygon = self.corners
            for j in range(len(b)):
                if j != k:
                    polygon = _clip(polygon, W[k] - W[j], b[k] - b[j])
            polygons.append(polygon)
        return polygons


def _clip(polygon, normal, offset):
    """The part of a convex polygon (M, 2) where normal . x + offset >= 0 (Sutherland-Hodgman)."""
    values = polygon @ normal + offset
    kept = []
    for p, q, vp, vq in zip(polygon, np.roll(polygon, -1, axis=0), values, np.roll(values, -1)):
        if vp >= 0:
            kept.append(p)
        if (vp >= 0) != (vq >= 0):
            kept.append(p + (q - p) * vp / (vp - vq))
    return np.array(kept).reshape(-1, 2)


def _region_patches(ax, K):
    """K filled polygons, class 0 on top so that ties go to the lower index, like argmax."""
    return [ax.add_patch(Polygon(np.zeros((3, 2)), closed=True, facecolor=REGION_COLOURS[k],
                                 edgecolor="none", zorder=-10 - k))
            for k in range(K)]


def _set_regions(patches, polygons):
    for patch, polygon in zip(patches, polygons):
        patch.set_visible(len(polygon) >= 3)
        if len(polygon) >= 3:
            patch.set_xy(polygon)


def _mean_loss(W, b, X, Y):
    return reference.cross_entropy(reference.softmax(reference.logits(W, b, X)), Y)


def _accuracy(W, b, X, labels):
    return float(np.mean(predictions(W, b, X) == labels))


def _data(X, labels, X_test, labels_test, classes=None):
    """Validate a 2-D training set and an optional test set; K from `classes` or the labels."""
    X = _points("X", X)
    labels = np.asarray(labels)
    if (X_test is None) != (labels_test is None):
        raise ValueError("give X_test and labels_test together, or neither")
    K = classes
    if K is None:
        _checks.class_labels("labels", labels, np.iinfo(np.intp).max)
        K = max(int(labels.max()) + 1 if labels.size else 0, 2)
    labels = _matching_labels("labels", labels, X, K)
    if X_test is not None:
        X_test = _points("X_test", X_test)
        labels_test = _matching_labels("labels_test", labels_test, X_test, K)
    if K > len(CLASS_COLOURS):
        raise ValueError(f"at most {len(CLASS_COLOURS)} classes can be drawn, got K = {K}")
    return X, labels, X_test, labels_test, K


def _points(name, X):
    X = _checks.real_array(name, X)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] < 1:
        raise ValueError(f"{name} must have shape (N, 2): points in the plane, got shape {X.shape}")
    return X


def _matching_labels(name, labels, X, K):
    labels = _checks.class_labels(name, labels, K)
    if labels.shape != (X.shape[0],):
        raise ValueError(f"{name} must have one label per row of the points, "
                         f"got shape {labels.shape} for {X.shape[0]} points")
    return labels


def _all_points(X, X_test):
    return X if X_test is None else np.concatenate([X, X_test])


class _Picture(Figure):
    """A matplotlib Figure that Jupyter shows as a PNG, with no pyplot involved."""

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


def _figure(figsize):
    figure = _Picture(figsize=figsize, dpi=100, layout="constrained")
    return figure, figure.add_subplot()


def _scatter(ax, X, labels, X_test, labels_test, K):
    """Training points filled, test points hollow, one colour and marker per class."""
    artists = []
    for k in range(K):
        style = {"marker": MARKERS[k], "s": 36, "linewidths": 1.2}
        chosen = X[labels == k]
        artists.append(ax.scatter(chosen[:, 0], chosen[:, 1], color=CLASS_COLOURS[k],
                                  edgecolors="black", label=f"class {k}", **style))
        if X_test is not None:
            chosen = X_test[labels_test == k]
            artists.append(ax.scatter(chosen[:, 0], chosen[:, 1], facecolors="none",
                                      edgecolors=CLASS_COLOURS[k], **style))
    ax.set_xlabel("feature $x_1$")
    ax.set_ylabel("feature $x_2$")
    return artists
