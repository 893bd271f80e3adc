"""Supporting code for the course module on the gradient of softmax with cross-entropy.

reference: the mathematics, once. selfcheck: the exercises' own checks, on visible cases
shipped as numbers; checking: calling a learner's function, reading and comparing its
result, and the messages (shared with the instructor's grader, which is not part of this
package). chapters: the table of chapters (number, slug, page, assignment, graded task,
explorers) that everything going chapter by chapter reads. explorers: the interactive figures,
one module per chapter (chapter 6's still pictures with its explorer, in explorers.classifier);
pictures: the one style and PNG renderer; geometry: decision-region polygons; data: small
seeded data sets.
"""
