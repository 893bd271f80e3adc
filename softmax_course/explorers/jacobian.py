"""Chapter 4's explorer: the softmax Jacobian as a heatmap."""

import numpy as np

from softmax_course import reference
from softmax_course.explorers.base import (
    MIN_FONT,
    MINUS,
    NARROW_WIDTH,
    Explorer,
    _digits,
    _logit_sliders,
    _logit_vector,
    _logits_from,
    _number,
    _set_bars,
    _value_texts,
    _vector_html,
)
from softmax_course.pictures import BLUE


class JacobianExplorer(Explorer):
    """The K x K Jacobian J = diag(a) - a a^T as an annotated heatmap."""

    FLIPBOOK = {"z_0": 21}

    def __init__(self, z):
        self.K = len(z)
        super().__init__(_logit_sliders(z), figsize=(NARROW_WIDTH, 8.0))

    def _build(self):
        K = self.K
        self.ax_a = self.figure.add_axes((0.17, 0.71, 0.6, 0.22))
        self.ax_j = self.figure.add_axes((0.15, 0.08, 0.56, 0.45))
        colorbar_ax = self.figure.add_axes((0.85, 0.08, 0.025, 0.45))
        classes = np.arange(K)
        self.a_bars = self.ax_a.bar(classes, np.zeros(K), color=BLUE,
                                    tick_label=[str(j + 1) for j in classes])
        self.ax_a.set_ylim(0, 1.12)
        self.ax_a.set_xlabel("class $j$")
        self.ax_a.set_ylabel("$a_j$")
        self.ax_a.set_title("$a = \\mathrm{softmax}(z)$")
        self.a_texts = _value_texts(self.ax_a, self.a_bars)
        self.heatmap = self.ax_j.imshow(np.zeros((K, K)), cmap="RdBu_r", vmin=-0.25, vmax=0.25)
        self.figure.colorbar(self.heatmap, cax=colorbar_ax, ticks=[-0.25, 0, 0.25])
        self.ax_j.set_xticks(classes, [str(i + 1) for i in classes])
        self.ax_j.set_yticks(classes, [str(j + 1) for j in classes])
        self.ax_j.set_xlabel("$i$ (logit $z_i$ moved)")
        self.ax_j.set_ylabel("$j$ (output $a_j$)")
        self.ax_j.set_title("$J_{ji} = \\partial a_j/\\partial z_i$\n"
                            "$J = \\mathrm{diag}(a) - a a^T$")
        self.ax_j.spines[:].set_visible(False)
        size = 13 if K <= 3 else MIN_FONT
        self.cell_texts = [[self.ax_j.text(i, j, "", ha="center", va="center", fontsize=size)
                            for i in range(K)] for j in range(K)]
        self.ax_j.text(K - 0.4, -0.55, "row\nsum", ha="left", va="bottom", fontsize=12)
        self.row_texts = [self.ax_j.text(K - 0.4, j, "", ha="left", va="center", fontsize=12)
                          for j in range(K)]
        self._changing(*self.a_bars, *self.a_texts, self.heatmap,
                       *[text for row in self.cell_texts for text in row], *self.row_texts)

    def _compute(self):
        z = _logits_from(self.controls, self.K)
        a = reference.softmax(z)
        J = reference.softmax_jacobian(a)
        return {"z": z, "a": a, "J": J, "row_sums": J.sum(axis=1)}

    def _draw(self, v):
        _set_bars(self.a_bars, self.a_texts, v["a"], digits=_digits(self.K))
        self.heatmap.set_array(v["J"])
        for j in range(self.K):
            for i in range(self.K):
                value = v["J"][j, i]
                self.cell_texts[j][i].set_text(_number(value, _digits(self.K)))
                self.cell_texts[j][i].set_color("white" if abs(value) > 0.15 else "black")
            self.row_texts[j].set_text(_number(v['row_sums'][j]))

    def describe_html(self):
        v = self.values
        rows = "; ".join(_vector_html(row) for row in v["J"])
        return (f"The logits z = {_vector_html(v['z'], 1)} give a = {_vector_html(v['a'])}. "
                f"The Jacobian J = diag(a) {MINUS} a a<sup>T</sup> has the rows {rows}; "
                f"every row sums to 0.")


def jacobian_explorer(z=(2.0, 1.0, 0.1)):
    """Logit sliders; the softmax Jacobian as a heatmap with values and row sums.

    z: 2 to 5 logits.
    """
    return JacobianExplorer(_logit_vector(z))
