"""Supporting code for the course module on the gradient of softmax with cross-entropy.

reference: the mathematics, once. selfcheck: the exercises' own checks, on visible cases
shipped as numbers; checking: calling a learner's function, reading and comparing its
result, and the messages (shared with the instructor's grader, which is not part of this
package). explorers: the interactive figures; temperature: chapter 7's explorer; classifier:
chapter 6's figures and explorer; pictures: the one style and PNG renderer; geometry:
decision-region polygons; data: small seeded data sets.
"""
