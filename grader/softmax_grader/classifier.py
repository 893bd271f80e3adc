"""Graders of chapter 6, the whole classifier trained: train_step and accuracy."""

from dataclasses import dataclass

import numpy as np

from softmax_course import reference
from softmax_grader import inputs
from softmax_grader.core import BASIC, EXTREMES, Grader, Mistake, Rule, Screen, case


def train_step_cases(generator=None):
    rng = inputs.rng(generator)
    cases = []
    for k, d, n, rate, targets in [(3, 3, 5, 1.0, inputs.one_hot), (3, 2, 6, 0.1, inputs.one_hot),
                                   (2, 1, 4, 0.5, inputs.one_hot), (4, 3, 7, 0.05, inputs.soft_targets),
                                   (3, 4, 1, 0.2, inputs.one_hot)]:
        cases.append(case(BASIC if n > 1 else EXTREMES, W=inputs.logits(rng, (k, d)),
                          b=inputs.logits(rng, (k,)), X=inputs.logits(rng, (n, d)), Y=targets(rng, (n, k)),
                          learning_rate=rate))
    cases.append(case(EXTREMES, inputs.ROWS_APART, W=np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]]),
                      b=np.zeros(3), X=np.array([[2.0, 0.0], [-4.0, 0.5], [0.0, 1.0]]),
                      Y=np.eye(3)[[1, 0, 2]], learning_rate=0.3))
    return cases


def parameters_in_order(W, b, X, Y, learning_rate):
    """(b, W) would be reported as wrong shapes: name the swap instead."""
    return [Screen(f"train_step returned (b, W): return the weights first, (W, b), shapes {W.shape} and "
                   f"{b.shape}.", "swapped_pair", (W.shape, b.shape))]


def train_step_mistakes(W, b, X, Y, learning_rate):
    rate, n = learning_rate, X.shape[0]
    dW, db = reference.grad_params(W, b, X, Y)
    uphill = ("train_step steps uphill: gradient descent subtracts the gradient, "
              "W - learning_rate * dL/dW (and likewise for b); you added it.")
    no_mean = ("train_step uses the sum of the per-example gradients, not their mean: the loss of "
               "a batch is the mean over its N rows, so dL/dW = (A - Y)^T X / N and dL/db = "
               "the column sums of (A - Y) / N.")
    twice = "train_step divides by N twice: (A - Y)^T X / N already is the mean over the batch."
    no_rate = "train_step ignores the learning rate: the step is learning_rate times the gradient."
    gradients = ("train_step returned the gradient, not the updated parameters: return "
                 "(W - learning_rate * dW, b - learning_rate * db).")
    mistakes = [Mistake(uphill, W + rate * dW)]
    if n > 1:
        mistakes += [Mistake(no_mean, W - rate * n * dW), Mistake(no_mean, b - rate * n * db, part=1)]
    mistakes += [
        Mistake(twice, W - rate * dW / n), Mistake(no_rate, W - dW), Mistake(gradients, dW),
        Mistake(uphill, b + rate * db, part=1), Mistake(twice, b - rate * db / n, part=1),
        Mistake(no_rate, b - db, part=1), Mistake(gradients, db, part=1),
        Mistake("train_step returned b unchanged: the biases learn too, "
                "b - learning_rate * dL/db with dL/db = the column sums of (A - Y) / N.", b, part=1),
    ]
    if dW.shape[0] == dW.shape[1]:
        mistakes.append(Mistake("train_step's dL/dW is transposed: it has the shape of W, (K, D), "
                                "and is (A - Y)^T X / N; you computed X^T (A - Y) / N.", W - rate * dW.T))
    return mistakes


def train_step_rules(W, b, X, Y, learning_rate):
    """Where the right step lowers the loss (with the old b), a learner's step must too."""
    loss = reference.mean_loss(W, b, X, Y)
    W_right = reference.train_step(W, b, X, Y, learning_rate)[0]
    if reference.mean_loss(W_right, b, X, Y) >= loss:
        return []
    return [LowersTheLoss("This step of gradient descent should lower the loss, but with your new W (and "
                          "the old b) the mean cross-entropy went up.", "lowers_the_loss", loss,
                          parameters=(b, X, Y))]


@dataclass(frozen=True)
class LowersTheLoss(Rule):
    """The rule that a step lowers the loss below `value`, with the old b: judged on the grader's
    side only, since it needs the loss."""

    parameters: tuple = ()

    def holds(self, got):
        b, X, Y = self.parameters
        return reference.mean_loss(got, b, X, Y) < self.value


TRAIN_STEP = Grader(
    name="train_step", cases=train_step_cases, reference=reference.train_step,
    returns=("W", "b"), mistakes=train_step_mistakes, rules=train_step_rules,
    screens=parameters_in_order, keeps=("W", "b"),
    doc="""Check train_step(W, b, X, Y, learning_rate) -> (W_new, b_new): one step of batch
    gradient descent on the mean cross-entropy, W - learning_rate * dL/dW and
    b - learning_rate * dL/db, leaving W and b themselves unchanged.

    Catches: a step uphill (the sign), the sum instead of the mean over the batch (no 1/N)
    or 1/N twice, no learning rate, the gradients returned instead of the parameters,
    only W updated, (b, W) swapped, dW transposed, W or b changed in place; then a step
    that does not lower the loss.
    """)


def accuracy_cases(generator=None):
    rng = inputs.rng(generator)
    cases = []
    for k, d, n, scale in [(3, 2, 10, 1.0), (4, 3, 8, 0.3), (2, 1, 6, 1.0), (5, 4, 12, 0.3),
                           (3, 2, 1, 1.0)]:
        W, b = scale * inputs.logits(rng, (k, d)), scale * inputs.logits(rng, (k,))
        X = inputs.logits(rng, (n, d))
        predicted = reference.predictions(W, b, X)
        wrong = (predicted + rng.integers(1, k, size=n)) % k
        labels = np.where(np.arange(n) % 3 == 1, wrong, predicted)
        cases.append(case(BASIC if n > 1 else EXTREMES, W=W, b=b, X=X, labels=labels))
    cases.append(case(EXTREMES, inputs.LARGE_LOGITS, W=np.array([[400.0, 0.0], [-400.0, 0.0], [0.0, 1.0]]),
                      b=np.zeros(3), X=np.array([[2.5, 0.0], [-3.0, 0.5], [0.0, 1.0], [1.0, 2.0]]),
                      labels=np.array([0, 1, 1, 0])))
    return cases


def accuracy_mistakes(W, b, X, labels):
    expected = reference.accuracy(W, b, X, labels)
    n, k = X.shape[0], W.shape[0]
    rows = np.arange(n)
    a = reference.softmax(reference.logits(W, b, X))
    predicted_one_hot = np.eye(k)[reference.predictions(W, b, X)]
    argmax = "The prediction for a row is the class with the largest logit, np.argmax(z, axis=1)"
    return [
        Mistake(f"accuracy returned the mean probability of the true class, a[n, labels[n]]. {argmax}; "
                "accuracy is the fraction of rows where it equals the label.", a[rows, labels].mean()),
        Mistake(f"accuracy counted the rows where the true class has a probability above 1/2. {argmax}, "
                "and with K > 2 classes the largest probability can be below 1/2.",
                np.mean(a[rows, labels] > 0.5)),
        Mistake("accuracy compared one-hot arrays entry by entry, so a wrong row still scores (K - 2)/K. "
                "Compare one predicted class index per row with labels: np.mean(predicted == labels).",
                np.mean(predicted_one_hot == np.eye(k)[labels])),
        Mistake("accuracy returned the number of correct rows; divide by the number of rows N.",
                expected * n),
        Mistake("accuracy returned a percentage; return the fraction, between 0 and 1.", 100 * expected),
        Mistake("accuracy returned the error rate, the fraction of wrong rows; return the fraction "
                "of rows predicted right.", 1 - expected),
        Mistake("accuracy compared an (N, 1) column of predictions with the (N,) labels, so broadcasting "
                "compared every row with every label. Take np.argmax(z, axis=1) without keepdims, "
                "shape (N,).", np.mean(reference.predictions(W, b, X)[:, None] == labels)),
        Mistake(f"accuracy predicts with argmin. {argmax}.",
                np.mean(np.argmin(reference.logits(W, b, X), axis=1) == labels)),
    ]


def accuracy_rules(W, b, X, labels):
    return [Rule("An accuracy is a fraction of the rows, between 0 and 1; yours is not.",
                 "between_0_and", 1.0)]


ACCURACY = Grader(
    name="accuracy", cases=accuracy_cases, reference=reference.accuracy,
    returns="scalar", mistakes=accuracy_mistakes, rules=accuracy_rules,
    doc="""Check accuracy(W, b, X, labels) -> float: the fraction of rows of X whose largest
    logit z = W x + b is at the index labels[n].

    Catches: the mean probability of the true class, rows with a_true > 1/2, one-hot arrays
    compared entry by entry, the number of correct rows instead of the fraction, a
    percentage, the error rate, argmin, an (N, 1) column of predictions compared with
    the (N,) labels; and anything but one number.
    """)

def l2_grad_params_cases(generator=None):
    rng = inputs.rng(generator)
    cases = [case(W=inputs.logits(rng, (k, d)), b=inputs.logits(rng, (k,)), X=inputs.logits(rng, (n, d)),
                  Y=inputs.one_hot(rng, (n, k)), lam=lam)
             for k, d, n, lam in [(3, 2, 6, 0.1), (2, 3, 4, 1.0), (4, 4, 5, 0.5)]]
    cases += [
        case(EXTREMES, W=inputs.logits(rng, (3, 2)), b=inputs.logits(rng, (3,)), X=inputs.logits(rng, (2,)),
             Y=inputs.soft_targets(rng, (3,)), lam=0.3),
        case(EXTREMES, W=inputs.logits(rng, (3, 4)), b=inputs.logits(rng, (3,)), X=inputs.logits(rng, (1, 4)),
             Y=inputs.soft_targets(rng, (1, 3)), lam=2.0),
        case(EXTREMES, W=inputs.logits(rng, (3, 2)), b=inputs.logits(rng, (3,)), X=inputs.logits(rng, (4, 2)),
             Y=inputs.one_hot(rng, (4, 3)), lam=0.0),
        case(EXTREMES, inputs.ROWS_APART, W=np.array([[500.0, 0.0], [-500.0, 0.0], [0.0, 1.0]]),
             b=np.zeros(3), X=np.array([[2.0, 0.0], [-4.0, 0.5]]),
             Y=np.array([[0.0, 1.0, 0.0], [0.2, 0.0, 0.8]]), lam=0.01),
    ]
    return cases


def l2_grad_params_mistakes(W, b, X, Y, lam):
    dW, db = reference.grad_params(W, b, X, Y)
    n = X.shape[0] if X.ndim == 2 else 1
    penalty = "L = mean cross-entropy + (lam / 2) sum W^2, so dL/dW = grad_params' dW + lam W and dL/db = db"
    return [
        Mistake(f"l2_grad_params left out the penalty: {penalty}.", dW),
        Mistake(f"l2_grad_params regularises b too: the penalty is on W only, {penalty}.", db + lam * b,
                part=1),
        Mistake(f"l2_grad_params uses (lam / 2) W: the derivative of (lam / 2) w^2 is lam w, {penalty}.",
                dW + lam / 2 * W),
        Mistake(f"l2_grad_params uses 2 lam W: the 1/2 in (lam / 2) sum W^2 cancels the 2, {penalty}.",
                dW + 2 * lam * W),
        Mistake(f"l2_grad_params divides the penalty's gradient by N: the penalty is added once to the "
                f"mean loss, not averaged over the examples, {penalty}.", dW + lam * W / n),
        Mistake(f"l2_grad_params subtracts the penalty's gradient: {penalty}.", dW - lam * W),
    ]


L2_GRAD_PARAMS = Grader(
    name="l2_grad_params", cases=l2_grad_params_cases, reference=reference.l2_grad_params,
    returns=("dW", "db"), mistakes=l2_grad_params_mistakes,
    doc="""Check l2_grad_params(W, b, X, Y, lam) -> (dW, db) for the mean cross-entropy plus
    (lam / 2) times the sum of the squares of W; b is not regularised.

    Catches: the penalty left out, b regularised, lam / 2 or 2 lam, the penalty divided
    by N, the penalty subtracted.
    """)

SATURATED = ("Hint: here the inputs of the hidden layer, u = W1 x + b1, are in the hundreds. np.tanh gives "
             "1 or -1 there, but tanh written out with np.exp overflows, and inf / inf is nan: use np.tanh.")


def _hidden_weights(generator, shape):
    """Random first-layer parameters rounded to 2 decimals, small enough (sd 0.5) that on the cases'
    inputs tanh is mostly away from its flat ends, where its slope vanishes."""
    return np.round(0.5 * generator.normal(size=shape), 2)


def _hidden_layer_backward(W1, b1, W2, b2, X, Y):
    """The pieces of the gradient of the mean cross-entropy of h = tanh(W1 x + b1), z = W2 h + b2,
    a = softmax(z): the rows X (N, D) (X (D,) is one row), the pre-activations u = W1 x + b1 and
    the hidden outputs h, (N, H), and dL/dz (N, K), with the mean's 1/N. Finite for logits of any
    size: the softmax is max-shifted row by row."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    U = X @ W1.T + b1
    hidden = np.tanh(U)
    Delta = (reference.softmax(hidden @ W2.T + b2) - np.atleast_2d(Y)) / X.shape[0]
    return X, U, hidden, Delta


def _first_layer(dU, X):
    """(dL/dW1 (H, D), dL/db1 (H,)) from dL/du (N, H), u = W1 x + b1, and the rows X (N, D)."""
    return dU.T @ X, dU.sum(axis=0)


def _hidden_layer_grads_reference(W1, b1, W2, b2, X, Y):
    """(dL/dW1, dL/db1) of the mean cross-entropy of the classifier with one tanh hidden layer,
    h = tanh(W1 x + b1), z = W2 h + b2, a = softmax(z).

    W1 (H, D), b1 (H,), W2 (K, H), b2 (K,); one example X (D,) with Y (K,), or a batch X (N, D)
    with Y (N, K) whose rows sum to 1 -> dW1 (H, D), db1 (H,). Finite for logits of any size.
    """
    X, _, hidden, Delta = _hidden_layer_backward(W1, b1, W2, b2, X, Y)
    return _first_layer(Delta @ W2 * (1.0 - hidden ** 2), X)


def hidden_layer_grads_cases(generator=None):
    rng = inputs.rng(generator)
    cases = []
    for h, d, k, n, targets in [(3, 2, 3, None, inputs.one_hot), (2, 3, 4, None, inputs.soft_targets),
                                (4, 2, 4, None, inputs.one_hot), (3, 2, 3, 5, inputs.one_hot),
                                (4, 3, 4, 4, inputs.soft_targets), (3, 2, 2, 6, inputs.one_hot),
                                (2, 2, 1, 3, inputs.one_hot), (3, 4, 3, 1, inputs.soft_targets)]:
        rows = () if n is None else (n,)
        cases.append(case(BASIC if n is None else EXTREMES, W1=_hidden_weights(rng, (h, d)),
                          b1=_hidden_weights(rng, (h,)), W2=inputs.logits(rng, (k, h)),
                          b2=inputs.logits(rng, (k,)), X=inputs.logits(rng, rows + (d,)),
                          Y=targets(rng, rows + (k,))))
    cases += [
        case(EXTREMES, inputs.LARGE_LOGITS, W1=np.array([[1.0, -0.5], [0.3, 0.8]]), b1=np.array([0.1, -0.2]),
             W2=np.array([[300.0, -200.0], [-300.0, 0.0], [310.0, -190.0]]),
             b2=np.array([700.0, -1000.0, 690.0]), X=np.array([0.4, -0.7]), Y=np.array([0.0, 0.0, 1.0])),
        case(EXTREMES, inputs.ROWS_APART, W1=np.array([[1.5, 0.0], [0.0, 1.0]]), b1=np.zeros(2),
             W2=np.array([[1000.0, 0.0], [1000.0, 5.0], [998.0, -3.0]]), b2=np.zeros(3),
             X=np.array([[2.0, 0.0], [-4.0, 0.5], [0.5, 1.0]]), Y=np.eye(3)[[1, 0, 2]]),
        case(EXTREMES, SATURATED, W1=np.array([[300.0, 0.0], [0.0, 0.5], [-250.0, 200.0]]), b1=np.zeros(3),
             W2=np.array([[1.0, 2.0, -1.0], [-0.5, -1.0, 0.5]]), b2=np.array([0.2, -0.1]),
             X=np.array([[2.0, 1.0], [-3.0, 0.5]]), Y=np.array([[1.0, 0.0], [0.3, 0.7]])),
    ]
    return cases


def gradients_in_order(W1, b1, W2, b2, X, Y):
    """(db1, dW1) would be reported as wrong shapes: name the swap instead."""
    return [Screen(f"hidden_layer_grads returned (db1, dW1): return the weights' gradient first, "
                   f"(dW1, db1), shapes {W1.shape} and {b1.shape}.", "swapped_pair", (W1.shape, b1.shape))]


def hidden_layer_grads_mistakes(W1, b1, W2, b2, X, Y):
    X, U, hidden, Delta = _hidden_layer_backward(W1, b1, W2, b2, X, Y)
    n, back, slope = X.shape[0], Delta @ W2, 1.0 - hidden ** 2
    dW1, db1 = _first_layer(back * slope, X)
    wrongs = [
        ("hidden_layer_grads has the wrong sign: the loss must go down along minus the gradient. Start from "
         "chapter 5's dL/dz at the output, not its negative, and carry it back without changing its sign.",
         (-dW1, -db1)),
        ("hidden_layer_grads leaves out the derivative of tanh: the gradient reaches W1 and b1 through "
         "h = tanh(u), so the chain rule multiplies it by tanh's slope at each hidden unit, unit by unit.",
         _first_layer(back, X)),
        ("hidden_layer_grads takes tanh's slope at the wrong point: written through tanh's own output, the "
         "slope needs h = tanh(u), and you put the hidden layer's input u = W1 x + b1 in its place.",
         _first_layer(back * (1.0 - U ** 2), X)),
        ("hidden_layer_grads uses the logistic sigmoid's slope, h (1 - h): the hidden layer is tanh, whose "
         "slope is another function of h. Differentiate tanh itself (the quotient rule of chapter 3 "
         "works on it).", _first_layer(back * hidden * (1.0 - hidden), X)),
    ]
    if n > 1:
        wrongs += [
            ("hidden_layer_grads sums the gradients of the examples: the loss of a batch is the mean over "
             "its N rows, so its gradient is the mean of theirs: divide by N once.", (n * dW1, n * db1)),
            ("hidden_layer_grads divides by N twice: the 1/N of the mean enters once, at the output's "
             "dL/dz, and the steps back through W2, tanh and W1 carry it along without dividing again.",
             (dW1 / n, db1 / n)),
        ]
    if W2.shape[0] == W2.shape[1]:
        wrongs.append(("hidden_layer_grads carries the gradient back through W2 the wrong way round: hidden "
                       "unit j reaches every logit z_k through the weight W2[k, j], so its gradient sums "
                       "over the classes k, down column j of W2, as chapter 2's backward_to_input did for x.",
                       _first_layer(Delta @ W2.T * slope, X)))
    return [Mistake(message, wrong[part], part=part) for message, wrong in wrongs for part in (0, 1)]


HIDDEN_LAYER_GRADS = Grader(
    name="hidden_layer_grads", cases=hidden_layer_grads_cases, reference=_hidden_layer_grads_reference,
    returns=("dW1", "db1"), mistakes=hidden_layer_grads_mistakes, screens=gradients_in_order,
    doc="""Check hidden_layer_grads(W1, b1, W2, b2, X, Y) -> (dW1, db1): the gradient of the
    mean cross-entropy of a classifier with one tanh hidden layer, h = tanh(W1 x + b1),
    z = W2 h + b2, a = softmax(z), with respect to the first layer's W1 (H, D) and b1 (H,),
    for one example X (D,) or a batch X (N, D).

    Catches: the wrong sign, tanh's derivative left out, taken at the pre-activation u or
    replaced by the sigmoid's h (1 - h), 1/N twice, the sum instead of the mean over the
    batch, W2 not transposed on the way back, (db1, dW1) swapped; no max-shift (overflow
    at large logits), a shift by the batch's maximum (nan when rows differ by thousands),
    tanh written with exponentials (nan when the hidden inputs are in the hundreds).
    """)

GRADERS = (TRAIN_STEP, ACCURACY, L2_GRAD_PARAMS, HIDDEN_LAYER_GRADS)
