"""Supporting code for the course module on the gradient of softmax with cross-entropy.

reference: the mathematics, once. grading: checks of a learner's functions.
explorers: the interactive figures. data: small data sets for the classifier.
"""
