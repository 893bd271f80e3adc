"""Chapter 3's explorer, the case j = i: a_i against its own logit z_i, and its slope."""

import ipywidgets as widgets
import numpy as np

from softmax_course import _checks, reference
from softmax_course.explorers.base import (
    MINUS,
    NARROW_WIDTH,
    Explorer,
    _logit_vector,
    _readout,
    _signed,
    _sub,
)
from softmax_course.pictures import BLUE, GREEN, GREY, RED


class DiagonalExplorer(Explorer):
    """a_i as a function of z_i (the other logits fixed) and its slope a_i (1 - a_i)."""

    def __init__(self, z, i):
        self.z, self.i = z, i
        self.peak = reference.steepest_logit(z, i)
        low = np.floor(min(z[i], self.peak) - 5)
        high = np.ceil(max(z[i], self.peak) + 5)
        self.FLIPBOOK = {f"z_{i}": np.arange(low, high + 0.25, 0.5)}  # every half unit
        self.grid = np.linspace(low, high, 201)
        controls = {f"z_{i}": widgets.FloatSlider(value=float(z[i]), min=low, max=high,
                                                  step=0.1, description=f"z_{i + 1}",
                                                  readout_format=".1f")}
        super().__init__(controls, figsize=(NARROW_WIDTH, 8.4))

    def _with_zi(self, values):
        """Logit rows equal to z except column i, set to `values`: (M,) -> (M, K)."""
        Z = np.tile(self.z, (len(values), 1))
        Z[:, self.i] = values
        return Z

    def _build(self):
        i = self.i + 1  # the class as the maths counts it, for labels
        self.ax_a = self.figure.add_axes((0.17, 0.63, 0.79, 0.29))
        self.ax_slope = self.figure.add_axes((0.17, 0.24, 0.79, 0.22))
        a_curve = reference.softmax(self._with_zi(self.grid))[:, self.i]
        slope_curve = reference.softmax_diagonal(reference.softmax(self._with_zi(self.grid)))[:, self.i]
        others = ", ".join(f"$z_{k + 1}$ = {self.z[k]:.1f}" for k in range(len(self.z)) if k != self.i)
        ax = self.ax_a
        ax.plot(self.grid, a_curve, color=BLUE, linewidth=2, label=f"$a_{i}$")
        (self.tangent,) = ax.plot([], [], color=RED, linestyle="--", linewidth=1.8,
                                  label=f"tangent, slope $a_{i}(1-a_{i})$")
        (self.point,) = ax.plot([], [], "o", color=RED, markersize=8)
        ax.set_xlim(self.grid[0], self.grid[-1])
        ax.set_ylim(-0.05, 1.45)
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_xlabel(f"$z_{i}$")
        ax.set_ylabel(f"$a_{i}$")
        ax.set_title(f"$a_{i}$ as $z_{i}$ moves\n({others} fixed)")
        ax.legend(loc="upper left", fontsize=12, frameon=False)
        ax = self.ax_slope
        ax.plot(self.grid, slope_curve, color=GREEN, linewidth=2)
        ax.axvline(self.peak, color=GREY, linestyle=":", linewidth=1.5)
        ax.annotate(f"peak 1/4 where $a_{i}$ = 1/2", xy=(self.peak, 0.25),
                    xytext=(0, 8), textcoords="offset points", ha="center", fontsize=12)
        (self.slope_point,) = ax.plot([], [], "o", color=RED, markersize=8)
        ax.set_xlim(self.grid[0], self.grid[-1])
        ax.set_ylim(0, 0.3)
        ax.set_xlabel(f"$z_{i}$")
        ax.set_ylabel(f"$\\partial a_{i} / \\partial z_{i} = a_{i}(1-a_{i})$")
        ax.set_title("slope of the curve above\n(the Jacobian's diagonal entry)")
        steepest = f"$z_{i} = \\ln \\Sigma_{{k \\neq {i}}}\\, e^{{z_k}}$ = {self.peak:.3f}"
        self.figure.text(0.02, 0.015, f"steepest ($a_{i}$ = 1/2) where\n{steepest}", fontsize=12,
                         va="bottom")
        labels = (f"$z_{i}$ =", f"$a_{i}$ =", f"$a_{i}(1 - a_{i})$ =", "finite difference =")
        places = ((0.2, 0.125), (0.2, 0.09), (0.72, 0.125), (0.72, 0.09))
        self.readouts = [_readout(self.figure, x, y, label)
                         for (x, y), label in zip(places, labels, strict=True)]
        self._changing(self.tangent, self.point, self.slope_point, *self.readouts)

    def _compute(self):
        i = self.i
        zi = self.controls[f"z_{i}"].value
        z = self._with_zi([zi])[0]
        a = reference.softmax(z)
        slope = float(reference.softmax_diagonal(a)[i])
        numerical = float(reference.numerical_gradient(
            lambda t: reference.softmax(self._with_zi(t)[0])[i], np.array([zi]))[0])
        return {"z": z, "a": a, "a_i": float(a[i]), "slope": slope,
                "numerical_slope": numerical, "steepest_z_i": self.peak}

    def _draw(self, v):
        i = self.i
        zi = v["z"][i]
        half_width = 2.0
        xs = np.array([zi - half_width, zi + half_width])
        self.tangent.set_data(xs, v["a_i"] + v["slope"] * (xs - zi))
        self.point.set_data([zi], [v["a_i"]])
        self.slope_point.set_data([zi], [v["slope"]])
        numbers = (f"{zi:+.2f}", f"{v['a_i']:.4f}", f"{v['slope']:.4f}",
                   f"{v['numerical_slope']:.4f}")
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe_html(self):
        v, i = self.values, self.i + 1
        a, z, zi = _sub("a", i), _sub("z", i), v["z"][self.i]
        return (f"With the other logits fixed, {a} = {v['a_i']:.4f} at "
                f"{z} = {_signed(f'{zi:.2f}')}; its slope {a}(1 {MINUS} {a}) = "
                f"{v['slope']:.4f} (a finite difference gives {v['numerical_slope']:.4f}) is "
                f"largest, 1/4, at {z} = {_signed(f'{self.peak:.3f}')}.")


def diagonal_explorer(z=(1.0, 0.0, -1.0), i=0):
    """A slider for z_i; a_i(z_i) with its tangent of slope a_i(1 - a_i), and that slope.

    z: 2 to 5 logits; i: the class index whose logit moves.
    """
    z = _logit_vector(z)
    return DiagonalExplorer(z, _checks.class_index("i", i, len(z)))
