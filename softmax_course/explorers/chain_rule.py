"""Chapter 2's explorer, the gradient check: nudge one weight, compare the change of the loss with
the gradient."""

import ipywidgets as widgets
import numpy as np

from softmax_course import _checks, reference
from softmax_course.explorers.base import (
    NARROW_WIDTH,
    Explorer,
    _readout,
    _sci,
    _sci_tex,
    _signed,
    _sub,
)
from softmax_course.pictures import BLUE, GREEN, RED


class GradientCheckExplorer(Explorer):
    """Nudge one weight w_il by h: the actual change in L against h dL/dw_il."""

    K, D, N = 3, 4, 6
    STEPS = np.logspace(-4, 0, 41)
    FLIPBOOK = {"h": 17}  # four steps per decade
    OFFSETS = np.linspace(-1, 1, 81)

    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.W = rng.normal(0.0, 1.0, (self.K, self.D))
        self.b = rng.normal(0.0, 0.5, self.K)
        self.X = rng.normal(0.0, 1.0, (self.N, self.D))
        self.Y = np.eye(self.K)[rng.integers(0, self.K, self.N)]
        self.dW = reference.grad_params(self.W, self.b, self.X, self.Y)[0]
        self.base_loss = self.loss(self.W)
        weights = list(np.ndindex(self.K, self.D))
        self.curves = {(i, feature): np.array([self._loss_change(i, feature, t) for t in self.OFFSETS])
                       for i, feature in weights}
        self.errors = {(i, feature): np.array([abs(self._loss_change(i, feature, h)
                                                   - h * self.dW[i, feature]) for h in self.STEPS])
                       for i, feature in weights}
        i, feature = np.unravel_index(np.argmax(np.abs(self.dW)), self.dW.shape)
        controls = {
            "i": widgets.IntSlider(value=i + 1, min=1, max=self.K, description="class i"),
            "l": widgets.IntSlider(value=feature + 1, min=1, max=self.D, description="feature l"),
            "h": widgets.FloatLogSlider(value=0.1, base=10, min=-4, max=0, step=0.1,
                                        description="step h", readout_format=".1e"),
        }
        super().__init__(controls, figsize=(NARROW_WIDTH, 9.4))

    def loss(self, W):
        """L(W): the mean cross-entropy of the fixed batch (X, Y) with biases b."""
        return reference.mean_loss(W, self.b, self.X, self.Y)

    def _loss_change(self, i, feature, h):
        """L(W + h E_il) - L(W): the change in the loss when w_il alone moves by h."""
        nudged = self.W.copy()
        nudged[i, feature] += h
        return self.loss(nudged) - self.base_loss

    def _build(self):
        self.ax_curve = self.figure.add_axes((0.19, 0.72, 0.77, 0.21))
        self.ax_error = self.figure.add_axes((0.19, 0.3, 0.77, 0.2))
        ax = self.ax_curve
        (self.curve,) = ax.plot([], [], "-o", color=BLUE, linewidth=2, markevery=[],
                                label="actual change $L(W + tE_{il}) - L(W)$")
        (self.tangent,) = ax.plot([], [], "--s", color=RED, linewidth=1.8, markevery=[],
                                  label="predicted change $t\\,\\partial L/\\partial w_{il}$")
        (self.actual_point,) = ax.plot([], [], "o", color=BLUE, markersize=9)
        (self.predicted_point,) = ax.plot([], [], "s", color=RED, markersize=6)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_xlim(-1.05, 1.05)
        low = min(min(curve.min() for curve in self.curves.values()), -np.abs(self.dW).max())
        high = max(max(curve.max() for curve in self.curves.values()), np.abs(self.dW).max())
        ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
        ax.set_xlabel("nudge $t$ added to $w_{il}$")
        ax.set_ylabel("change in $L$")
        self.figure.legend(handles=[self.curve, self.tangent], loc="upper left",
                           bbox_to_anchor=(0.02, 0.645), fontsize=12, frameon=False,
                           title="above: lines over $t$, markers at $t = h$", title_fontsize=12,
                           alignment="left", borderaxespad=0)
        ax = self.ax_error
        ax.set_xscale("log")
        ax.set_yscale("log")
        (self.error_curve,) = ax.plot([], [], color=GREEN, linewidth=2)
        (self.error_point,) = ax.plot([], [], "o", color=GREEN, markersize=8)
        ax.set_xlim(self.STEPS[0], self.STEPS[-1])
        all_errors = np.concatenate(list(self.errors.values()))
        ax.set_ylim(max(all_errors.min(), 1e-18) / 5, all_errors.max() * 5)
        ax.set_xlabel("step $h$")
        ax.set_ylabel("|actual $-$ predicted|")
        ax.set_title("the difference shrinks like $h^2$")
        labels = ("step $h$ =", "$\\partial L/\\partial w_{il}$ =",
                  "actual change $L(W + hE_{il}) - L(W)$ =",
                  "predicted change $h\\,\\partial L/\\partial w_{il}$ =", "difference =")
        self.readouts = [_readout(self.figure, 0.72, 0.18 - 0.035 * row, label)
                         for row, label in enumerate(labels)]
        self._changing(self.curve, self.tangent, self.actual_point, self.predicted_point,
                       self.error_curve, self.error_point, self.ax_curve.title, *self.readouts)

    def _compute(self):
        i, feature = self.controls["i"].value - 1, self.controls["l"].value - 1
        h = self.controls["h"].value
        gradient = float(self.dW[i, feature])
        actual = self._loss_change(i, feature, h)
        return {"i": i, "l": feature, "h": h, "gradient": gradient, "actual": actual,
                "predicted": h * gradient, "difference": actual - h * gradient}

    def _draw(self, v):
        i, feature, h = v["i"], v["l"], v["h"]
        self.curve.set_data(self.OFFSETS, self.curves[i, feature])
        self.tangent.set_data(self.OFFSETS, self.OFFSETS * v["gradient"])
        self.actual_point.set_data([h], [v["actual"]])
        self.predicted_point.set_data([h], [v["predicted"]])
        self.ax_curve.set_title(f"nudging $w_{{{i + 1}{feature + 1}}}$ alone\n(all other weights fixed)")
        self.error_curve.set_data(self.STEPS, self.errors[i, feature])
        self.error_point.set_data([h], [abs(v["difference"])])
        numbers = (_sci_tex(h, 1), _signed(f"{v['gradient']:+.6f}"), _sci_tex(v["actual"], 3, True),
                   _sci_tex(v["predicted"], 3, True), _sci_tex(v["difference"], 1, True))
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe_html(self):
        v = self.values
        weight = _sub("w", f"{v['i'] + 1}{v['l'] + 1}")
        return (f"Nudging the weight {weight} by the step h = {_sci(v['h'], 1)} changes the loss "
                f"by {_sci(v['actual'], 3, sign=True)}; the gradient predicts "
                f"h \u00b7 \u2202L/\u2202{weight} = {_sci(v['predicted'], 3, sign=True)}, "
                f"a difference of {_sci(v['difference'], 1, sign=True)}.")


def gradient_check_explorer(seed=0):
    """A fixed small problem (K=3, D=4, N=6, drawn with `seed`): nudge one weight.

    Sliders pick the weight w_il and the step h (1e-4 to 1); the picture compares
    L(W + h E_il) - L(W) with h dL/dw_il, and shows their difference against h.
    """
    return GradientCheckExplorer(_checks.integer("seed", seed))
