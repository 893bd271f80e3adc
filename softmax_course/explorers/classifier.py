"""Chapter 6's explorer and pictures: the trained softmax-regression classifier.

data_figure, loss_curves_figure and decision_regions_figure return a
softmax_course.pictures.Picture (Jupyter shows it as a PNG); training_explorer
returns an Explorer with sliders for the learning rate and the number of steps.
They work for any 2-D data set with integer labels and up to five classes. The
training maths is softmax_course.reference's (gradient_descent, accuracy); the
decision regions are polygons from softmax_course.geometry.
"""

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Polygon

from softmax_course import _checks, reference
from softmax_course.data import make_blobs, one_hot, train_test_split
from softmax_course.explorers.base import MIN_FONT, NARROW_WIDTH, Explorer
from softmax_course.geometry import Box
from softmax_course.pictures import BLUE, CLASS_COLOURS, GREY, RED, REGION_COLOURS, Picture, style

MARKERS = ["o", "s", "^", "D", "v"]
LOG_MIN, LOG_MAX, LOG_STEP = -3, 1, 0.25  # learning rates 10^LOG_MIN to 10^LOG_MAX


@style()
def data_figure(X, labels, X_test=None, labels_test=None, title="the data"):
    """Scatter plot of 2-D points coloured by class (test points hollow). Returns a Picture.

    X (N, 2), labels (N,) the training set; X_test, labels_test an optional test set.
    """
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test)
    figure, ax = _figure(figsize=(6.0, 5.0))
    _scatter(ax, X, labels, X_test, labels_test, K)
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=11, frameon=True)
    ax.set_aspect("equal", adjustable="datalim")
    return figure


@style()
def loss_curves_figure(curves, title="training loss", reference_level=None, top=None):
    """Loss against step for one or more runs. curves: {label: losses (steps + 1,)}.

    reference_level: an optional (value, label) drawn as a dotted line (e.g. ln K);
    top: an optional upper limit of the loss axis (higher values run off the top).
    At most five runs. Returns a Picture.
    """
    curves = _curves(curves)
    if top is not None:
        top = _checks.number("top", top)
    figure, ax = _figure(figsize=(7.0, 4.2))
    for (label, losses), colour in zip(curves.items(), CLASS_COLOURS, strict=False):
        ax.plot(np.arange(losses.size), losses, color=colour, linewidth=2, label=label)
    if reference_level is not None:
        value, label = _level(reference_level)
        ax.axhline(value, color=GREY, linestyle=":", linewidth=1.5, label=label)
    ax.set_xlabel("gradient-descent step $t$")
    ax.set_ylabel("mean cross-entropy $L$")
    ax.set_ylim(bottom=0, top=top)
    ax.set_title(title)
    ax.legend(fontsize=11, loc="upper right", frameon=True, framealpha=0.95)
    return figure


@style()
def decision_regions_figure(W, b, X, labels, X_test=None, labels_test=None, title=None):
    """The plane coloured by predicted class argmax_i z_i, with the data on top.

    W (K, 2), b (K,), X (N, 2), labels (N,); X_test, labels_test an optional test set.
    Returns a Picture.
    """
    if X is labels is X_test is labels_test is None:
        X, labels, X_test, labels_test = train_test_split(*make_blobs())
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test, K=_classes(b))
    W, b = _parameters(W, b)
    figure, ax = _figure(figsize=(6.0, 5.0))
    box = Box(_all_points(X, X_test))
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

    FLIPBOOK = {"learning_rate": 5, "steps": 9}  # one rate per decade, every max_steps / 8 steps

    def __init__(self, X, labels, X_test, labels_test, W, b, learning_rate, steps, max_steps):
        self.X, self.labels, self.X_test, self.labels_test = X, labels, X_test, labels_test
        self.W0, self.b0 = W, b
        self.K = W.shape[0]
        self.Y = one_hot(labels, self.K)
        self.max_steps = max_steps
        self.box = Box(_all_points(X, X_test))
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
        super().__init__(controls, figsize=(NARROW_WIDTH, 8.4))

    def trajectory(self, learning_rate):
        """(weights, biases, losses) for max_steps steps at this learning rate (cached).

        The learning rate is first rounded to the slider's grid (exponent steps of
        LOG_STEP), so that every position of the slider is computed once.
        """
        exponent = self._exponent(learning_rate)
        if exponent not in self._trajectories:
            self._trajectories[exponent] = reference.gradient_descent(
                self.W0, self.b0, self.X, self.Y, 10.0 ** exponent, self.max_steps)
        return self._trajectories[exponent]

    @staticmethod
    def _exponent(learning_rate):
        return round(round(float(np.log10(learning_rate)) / LOG_STEP) * LOG_STEP, 6)

    def _build(self):
        self.ax_loss = self.figure.add_axes((0.15, 0.71, 0.8, 0.24))
        self.ax_regions = self.figure.add_axes((0.15, 0.16, 0.8, 0.45))
        ax = self.ax_loss
        (self.loss_line,) = ax.plot([], [], color=BLUE, linewidth=2)
        (self.loss_point,) = ax.plot([], [], "o", color=RED, markersize=7)
        ax.axhline(np.log(self.K), color=GREY, linestyle=":", linewidth=1.5)
        ax.text(self.max_steps, np.log(self.K), "ln K", ha="right", va="bottom", fontsize=MIN_FONT,
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
        self.numbers = self.figure.text(0.02, 0.015, "", fontsize=MIN_FONT, va="bottom")
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
                  "train_accuracy": reference.accuracy(W, b, self.X, self.labels)}
        if self.X_test is not None:
            values["test_accuracy"] = reference.accuracy(W, b, self.X_test, self.labels_test)
        return values

    def _draw(self, v):
        losses = v["losses"]
        self.loss_line.set_data(np.arange(losses.size), losses)
        self.loss_point.set_data([v["steps"]], [min(v["loss"], self.ax_loss.get_ylim()[1])])
        _set_regions(self.regions, self.box.regions(v["W"], v["b"]))
        text = (f"learning rate {v['learning_rate']:.3g}, step {v['steps']}: loss {v['loss']:.3f}\n"
                f"accuracy {v['train_accuracy']:.1%} train")
        if "test_accuracy" in v:
            text += f", {v['test_accuracy']:.1%} test"
        self.numbers.set_text(text)

    def describe_html(self):
        v = self.values
        text = (f"After {v['steps']} steps of gradient descent with the learning rate "
                f"\u03b7 = {v['learning_rate']:.3g}, the training loss is {v['loss']:.4f} "
                f"and the training accuracy {v['train_accuracy']:.1%}")
        if "test_accuracy" in v:
            text += f" (test accuracy {v['test_accuracy']:.1%})"
        return text + "."


def training_explorer(X=None, labels=None, X_test=None, labels_test=None, learning_rate=0.1, steps=50,
                      max_steps=200, W=None, b=None):
    """Sliders for the learning rate (log scale, 1e-3 to 10) and the number of steps.

    X (N, 2), labels (N,) the training set; X_test, labels_test an optional test set. Without
    any of the four, chapter 6's data: make_blobs() split by train_test_split().
    Training starts from W (K, 2) and b (K,), zeros by default (K = the largest
    label + 1). The picture shows the training loss up to the chosen step and the
    decision regions of the parameters reached there.
    """
    if X is labels is X_test is labels_test is None:
        X, labels, X_test, labels_test = train_test_split(*make_blobs())
    X, labels, X_test, labels_test, K = _data(X, labels, X_test, labels_test,
                                              K=None if b is None else _classes(b))
    W, b = _parameters(np.zeros((K, 2)) if W is None else W, np.zeros(K) if b is None else b)
    learning_rate = _checks.positive_number("learning_rate", learning_rate)
    if not 10.0 ** LOG_MIN <= learning_rate <= 10.0 ** LOG_MAX:
        raise ValueError(f"learning_rate must lie in [{10.0 ** LOG_MIN:g}, {10.0 ** LOG_MAX:g}], "
                         f"got {learning_rate}")
    max_steps = _checks.integer("max_steps", max_steps, low=1)
    steps = _checks.integer("steps", steps)
    if steps > max_steps:
        raise ValueError(f"steps must be at most max_steps = {max_steps}, got {steps}")
    return TrainingExplorer(X, labels, X_test, labels_test, W, b, learning_rate, steps, max_steps)


# ---------------------------------------------------------------- helpers


def _region_patches(ax, K):
    """K filled polygons, class 0 on top so that ties go to the lower index, like argmax."""
    return [ax.add_patch(Polygon(np.zeros((3, 2)), closed=True, facecolor=REGION_COLOURS[k],
                                 edgecolor="none", zorder=-10 - k))
            for k in range(K)]


def _set_regions(patches, polygons):
    for patch, polygon in zip(patches, polygons, strict=True):
        patch.set_visible(len(polygon) >= 3)
        if len(polygon) >= 3:
            patch.set_xy(polygon)


def _data(X, labels, X_test, labels_test, K=None):
    """Validate a 2-D training set and an optional test set; K from the labels unless given."""
    X = _points("X", X)
    if (X_test is None) != (labels_test is None):
        raise ValueError("give X_test and labels_test together, or neither")
    if K is None:
        labels = _checks.class_labels("labels", labels, np.iinfo(np.intp).max)
        K = max(int(labels.max()) + 1 if labels.size else 0, 2)
        _drawable("labels", K)
    labels = _matching_labels("labels", labels, X, K)
    if X_test is not None:
        X_test = _points("X_test", X_test)
        labels_test = _matching_labels("labels_test", labels_test, X_test, K)
    return X, labels, X_test, labels_test, K


def _classes(b):
    """The number of classes K given by the biases b (K,)."""
    b = _checks.real_array("b", b)
    if b.ndim != 1 or b.size < 2:
        raise ValueError(f"b must have shape (K,) with K >= 2 classes, got shape {b.shape}")
    _drawable("b", b.size)
    return b.size


def _drawable(name, K):
    if K > len(CLASS_COLOURS):
        raise ValueError(f"{name} gives K = {K} classes; at most {len(CLASS_COLOURS)} can be drawn")


def _parameters(W, b):
    """W (K, 2) and b (K,) as float64 arrays, K given by b."""
    K = _classes(b)
    W = _checks.real_array("W", W).astype(np.float64)
    if W.shape != (K, 2):
        raise ValueError(f"W must have shape (K, 2) = ({K}, 2), got shape {W.shape}")
    return W, _checks.real_array("b", b).astype(np.float64)


def _curves(curves):
    """{label: losses (T,)} with 1 to 5 runs, the losses as float arrays."""
    if not isinstance(curves, Mapping):
        raise TypeError(f"curves must be a dict {{label: losses}}, got {type(curves).__name__}")
    if not 1 <= len(curves) <= len(CLASS_COLOURS):
        raise ValueError(f"curves must hold 1 to {len(CLASS_COLOURS)} runs, got {len(curves)}")
    checked = {}
    for label, losses in curves.items():
        name = f"curves[{label!r}]"
        losses = _checks.real_array(name, losses)
        if losses.ndim != 1 or losses.size == 0:
            raise ValueError(f"{name} must have shape (T,), one loss per step, got shape {losses.shape}")
        checked[label] = losses
    return checked


def _level(reference_level):
    """(value, label): a number and its text."""
    if not isinstance(reference_level, tuple) or len(reference_level) != 2:
        raise TypeError(f"reference_level must be a pair (value, label), got {reference_level!r}")
    value, label = reference_level
    return _checks.number("reference_level value", value), str(label)


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


def _figure(figsize):
    figure = Picture(figsize, layout="constrained")
    return figure, figure.add_subplot()


def _scatter(ax, X, labels, X_test, labels_test, K):
    """Training points filled, test points hollow, one colour and marker per class."""
    artists = []
    for k in range(K):
        marker = {"marker": MARKERS[k], "s": 36, "linewidths": 1.2}
        chosen = X[labels == k]
        artists.append(ax.scatter(chosen[:, 0], chosen[:, 1], color=CLASS_COLOURS[k],
                                  edgecolors="black", label=f"class {k + 1}", **marker))
        if X_test is not None:
            chosen = X_test[labels_test == k]
            artists.append(ax.scatter(chosen[:, 0], chosen[:, 1], facecolors="none",
                                      edgecolors=CLASS_COLOURS[k], **marker))
    ax.set_xlabel("feature $x_1$")
    ax.set_ylabel("feature $x_2$")
    return artists
