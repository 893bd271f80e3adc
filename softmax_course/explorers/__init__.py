"""Interactive explorers: sliders that redraw a figure of the derivation, laid out like the
grader (softmax_grader): `base` holds what every explorer shares (the Explorer widget, its
flip-book, the readout pieces), one module per chapter, named by the chapter's slug in
softmax_course.chapters, holds that chapter's explorers, and `registry.EXPLORERS` lists them all.

- forward.forward_explorer(z=(2.0, 1.0, 0.1), true_class=0): logits -> softmax -> loss (chapter 1);
- chain_rule.gradient_check_explorer(seed=0): nudge one weight, compare with the gradient (chapter 2);
- diagonal.diagonal_explorer(z=(1.0, 0.0, -1.0), i=0): a_i against z_i and its slope (chapter 3);
- jacobian.jacobian_explorer(z=(2.0, 1.0, 0.1)): the softmax Jacobian as a heatmap (chapter 4);
- gradient.target_explorer(z=(2.0, 1.0, 0.1), true_class=0, smoothing=0.0): a, y and a - y (chapter 5);
- classifier.training_explorer(X=None, labels=None, X_test=None, labels_test=None, ...): gradient
  descent on a data set (chapter 6's without one), its loss and decision regions (chapter 6; the
  module also draws the chapter's still pictures);
- practice.temperature_explorer(gap=800.0, T=1.0, dtype="float64"): temperature, the logit gap and
  floating-point limits (chapter 7).

Every explorer function is importable from here (`from softmax_course.explorers import
forward_explorer`), as are Explorer, FLIPBOOK_ENV and plain_text from `base`.
"""

from softmax_course.explorers.base import FLIPBOOK_ENV, Explorer, plain_text
from softmax_course.explorers.registry import EXPLORERS

globals().update(EXPLORERS)

__all__ = ["EXPLORERS", "FLIPBOOK_ENV", "Explorer", "plain_text", *EXPLORERS]
