"""Chapter 1's explorer, the forward pass: logits z -> probabilities a = softmax(z) -> loss."""

import numpy as np

from softmax_course import _checks, reference
from softmax_course.explorers.base import (
    MINUS,
    NARROW_WIDTH,
    Explorer,
    _class_selector,
    _digits,
    _logit_sliders,
    _logit_vector,
    _logits_from,
    _number,
    _readout,
    _set_bars,
    _sub,
    _value_texts,
    _vector_html,
)
from softmax_course.pictures import BLUE, GREY, RED


class ForwardExplorer(Explorer):
    """Logits z -> probabilities a = softmax(z) -> loss L = -ln a_true."""

    FLIPBOOK = {"z_0": 21, "true_class": None}  # the first logit and every true class

    def __init__(self, z, true_class):
        self.K = len(z)
        controls = _logit_sliders(z)
        controls["true_class"] = _class_selector("true class", self.K, true_class)
        super().__init__(controls, figsize=(NARROW_WIDTH, 6.8))

    def _build(self):
        self.figure.subplots_adjust(left=0.15, right=0.97, bottom=0.08, top=0.8, hspace=0.6)
        self.ax_z, self.ax_a = self.figure.subplots(2, 1)
        classes = np.arange(self.K)
        labels = [f"{j + 1}" for j in classes]
        self.z_bars = self.ax_z.bar(classes, np.zeros(self.K), color=GREY, tick_label=labels)
        self.ax_z.axhline(0, color="black", linewidth=0.8)
        self.ax_z.set_title("logits $z_j$ (any real numbers)")
        self.ax_z.set_xlabel("class $j$")
        self.ax_z.set_ylabel("$z_j$")
        bound = self.controls["z_0"].max
        self.ax_z.set_ylim(-bound * 1.15, bound * 1.15)
        self.z_texts = _value_texts(self.ax_z, self.z_bars)
        self.a_bars = self.ax_a.bar(classes, np.zeros(self.K), color=BLUE, tick_label=labels)
        self.ax_a.set_ylim(0, 1.12)
        self.ax_a.set_title(r"$a = \mathrm{softmax}(z)$, $a_j = e^{z_j} / \Sigma_k\, e^{z_k}$")
        self.ax_a.set_xlabel("class $j$")
        self.ax_a.set_ylabel("probability $a_j$")
        self.a_texts = _value_texts(self.ax_a, self.a_bars)
        self.true_text = _readout(self.figure, 0.68, 0.95, "true class $c$ (hatched bar) =", 14)
        self.loss_text = _readout(self.figure, 0.45, 0.9, "loss $L = -\\ln a_c = -\\ln$", 14)
        self._changing(*self.z_bars, *self.z_texts, *self.a_bars, *self.a_texts, self.true_text,
                       self.loss_text)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        true = self.controls["true_class"].value
        y = np.eye(self.K)[true]
        return {"z": z, "a": a, "true_class": true, "loss": reference.cross_entropy(a, y)}

    def _draw(self, values):
        true = values["true_class"]
        _set_bars(self.z_bars, self.z_texts, values["z"], gap=0.15, digits=1)
        _set_bars(self.a_bars, self.a_texts, values["a"], digits=_digits(self.K))
        for j, bar in enumerate(self.a_bars):
            bar.set_facecolor(RED if j == true else BLUE)
            bar.set_edgecolor("black" if j == true else BLUE)
            bar.set_hatch("//" if j == true else "")
        self.true_text.set_text(str(true + 1))
        self.loss_text.set_text(f"{_number(values['a'][true])} = {_number(values['loss'])}")

    def describe_html(self):
        v = self.values
        c = v["true_class"] + 1
        return (f"The logits z = {_vector_html(v['z'], 1)} give the probabilities "
                f"a = softmax(z) = {_vector_html(v['a'])}. With true class c = {c}, the loss is "
                f"L = {MINUS}ln {_sub('a', c)} = {_number(v['loss'])}.")


def forward_explorer(z=(2.0, 1.0, 0.1), true_class=0):
    """Logit sliders and a true-class selector; bars of z and a = softmax(z); the loss.

    z: 2 to 5 logits (K classes); true_class: an index 0..K-1.
    """
    z = _logit_vector(z)
    return ForwardExplorer(z, _checks.class_index("true_class", true_class, len(z)))
