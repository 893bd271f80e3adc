"""Chapter 5's explorer, putting the cases together: a, the target y and the gradient a - y."""

import ipywidgets as widgets
import numpy as np

from softmax_course import _checks, reference
from softmax_course.explorers.base import (
    MIN_FONT,
    MINUS,
    NARROW_WIDTH,
    Explorer,
    _class_selector,
    _logit_sliders,
    _logit_vector,
    _logits_from,
    _number,
    _readout,
    _set_bars,
    _value_texts,
    _vector_html,
)
from softmax_course.pictures import BLUE, GREEN, ORANGE


class TargetExplorer(Explorer):
    """a, the target y (one-hot or label-smoothed) and the gradient a - y."""

    FLIPBOOK = {"true_class": None, "smoothing": 20}  # every true class; s = 0, 0.05, ..., 0.95

    def __init__(self, z, true_class, smoothing):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        controls["smoothing"] = widgets.FloatSlider(value=smoothing, min=0.0, max=0.95, step=0.05,
                                                    description="smoothing s",
                                                    style={"description_width": "initial"})
        super().__init__(controls, figsize=(NARROW_WIDTH, 6.6))

    def _build(self):
        K = self.K
        self.ax = self.figure.add_axes((0.13, 0.3, 0.84, 0.5))
        width = 0.27
        classes = np.arange(K)
        self.bar_groups = {}
        for offset, key, label, colour in ((-width, "a", "$a$ (prediction)", BLUE),
                                           (0.0, "y", "$y$ (target)", ORANGE),
                                           (width, "a - y", r"$a - y = \partial L/\partial z$",
                                            GREEN)):
            bars = self.ax.bar(classes + offset, np.zeros(K), width=width * 0.95, color=colour,
                               label=label)
            self.bar_groups[key] = (bars, _value_texts(self.ax, bars, fontsize=MIN_FONT,
                                                       rotation=90))
        self.ax.axhline(0, color="black", linewidth=0.8)
        self.ax.set_xticks(classes, [str(i + 1) for i in classes])
        self.ax.set_xlabel("class $i$")
        self.ax.set_ylim(-1.8, 1.6)
        self.figure.legend(loc="upper left", bbox_to_anchor=(0.02, 0.99), ncol=1, frameon=False,
                           fontsize=12, borderaxespad=0)
        self.ax.set_title("target $y = (1-s)\\,e_c + s/K$", fontsize=13)
        labels = ("true class $c$ =", "smoothing $s$ =", "$L = -\\Sigma_i\\, y_i \\ln a_i$ =",
                  "$\\Sigma_i\\,(a_i - y_i)$ =")
        places = ((0.3, 0.12), (0.3, 0.05), (0.8, 0.12), (0.8, 0.05))
        self.readouts = [_readout(self.figure, x, y, label)
                         for (x, y), label in zip(places, labels, strict=True)]
        for bars, texts in self.bar_groups.values():
            self._changing(*bars, *texts)
        self._changing(*self.readouts)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        true = self.controls["true_class"].value
        s = self.controls["smoothing"].value
        y = reference.smoothed_targets(true, self.K, s)
        return {"z": z, "a": a, "y": y, "true_class": true, "smoothing": s,
                "gradient": reference.grad_logits(z, y), "loss": reference.cross_entropy(a, y)}

    def _draw(self, v):
        for key, heights in (("a", v["a"]), ("y", v["y"]), ("a - y", v["gradient"])):
            _set_bars(*self.bar_groups[key], heights, gap=0.03)
        numbers = (str(v["true_class"] + 1), f"{v['smoothing']:.2f}", _number(v["loss"]),
                   _number(v["gradient"].sum()))
        for readout, number in zip(self.readouts, numbers, strict=True):
            readout.set_text(number)

    def describe_html(self):
        v = self.values
        return (f"The prediction a = {_vector_html(v['a'])} and the target "
                f"y = {_vector_html(v['y'])} (true class c = {v['true_class'] + 1}, smoothing "
                f"s = {v['smoothing']:.2f}) give the gradient a {MINUS} y = "
                f"{_vector_html(v['gradient'])} and the loss L = {_number(v['loss'])}.")


def target_explorer(z=(2.0, 1.0, 0.1), true_class=0, smoothing=0.0):
    """Logit sliders, a true-class selector and a label-smoothing slider s in [0, 0.95].

    The target is y = (1 - s) e_c + s / K (reference.smoothed_targets), c = true_class; the picture shows a, y
    and the gradient dL/dz = a - y side by side. z: 2 to 5 logits.
    """
    z = _logit_vector(z)
    true_class = _checks.class_index("true_class", true_class, len(z))
    smoothing = _checks.number("smoothing", smoothing)
    if not 0.0 <= smoothing <= 0.95:
        raise ValueError(f"smoothing must be a number in [0, 0.95], got {smoothing!r}")
    return TargetExplorer(z, true_class, smoothing)
