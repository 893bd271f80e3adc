"""Supporting code for the course module on the gradient of softmax with cross-entropy.

reference: the mathematics, once. grading: the graders of a learner's functions, as
data (a module per chapter, a registry, and `sealed` for the notebooks' test cells).
explorers: the interactive figures; temperature: chapter 7's explorer; classifier:
chapter 6's figures and explorer; pictures: the one style and PNG renderer; geometry:
decision-region polygons; data: small seeded data sets.
"""
