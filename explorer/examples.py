"""The gallery of worked examples, shared by the app, the CLI and the tests.

The first five are the seed article's (after Parr and Howard, "The Matrix
Calculus You Need For Deep Learning"); the rest show the same rules at work
in programs of intermediate variables and in a neuron, with scalars, with
the paper's vectors, and with matrices (a dense layer, softmax cross-entropy,
a loss over samples). Each entry is plain
data, so the tests can analyse every one and the app can link to it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXAMPLES", "Example"]


@dataclass(frozen=True)
class Example:
    """One gallery entry.

    Attributes
    ----------
    title : str
        A short name for a button or a menu.
    text : str
        The input, as a user would type it.
    wrt : str or None
        The input to differentiate by; None means the default (x if present).
        Examples whose point is a weight are differentiated by it (the
        neuron by w, the dense layer by W, the two-layer net by the first
        layer's w1), in the gallery, in its links and in "next exercise".
    note : str
        One sentence on what the example shows; in an exercise it would be
        a hint, so the page shows the :attr:`task` instead.
    """

    title: str
    text: str
    wrt: str | None
    note: str

    @property
    def task(self) -> str:
        """The example as an exercise: what to find, and not a word on how (the note would be a hint).

        Examples
        --------
        >>> EXAMPLES[0].task
        'Find the derivative of x + x**2 by x with the chain rule.'
        >>> EXAMPLES[10].task
        'Find the derivative of sigmoid(w*x + b) by w with the chain rule.'
        """
        return f"Find the derivative of {self.text} by {self.wrt or 'x'} with the chain rule."


EXAMPLES: tuple[Example, ...] = (
    Example(
        "x + x²",
        "x + x**2",
        None,
        "x reaches y twice, through the sum and through the square: the total-derivative rule adds both paths.",
    ),
    Example(
        "x · x²",
        "x * x**2",
        None,
        "A product instead of a sum; the rule still adds one term per path: x² + 2x² = 3x².",
    ),
    Example(
        "x · x",
        "x * x",
        None,
        "Two operand positions, two edges from x, two paths whose products x and x add up to 2x.",
    ),
    Example(
        "ln(sin(x³)²)",
        "ln(sin(x**3)**2)",
        None,
        "A chain of single-variable functions: one path, so the single-variable chain rule is enough.",
    ),
    Example(
        "sin(x + x²)",
        "sin(x + x**2)",
        None,
        "Two paths merge in the sum before the sine; both products share the outer factor cos(x + x²).",
    ),
    Example(
        "xˣ",
        "x**x",
        None,
        "x is both base and exponent: one path through each operand.",
    ),
    Example(
        "Vector: [ln(x²), sin(3x)]",
        "[ln(x**2), sin(3*x)]",
        None,
        "A vector output: one row of the sum per output, and the Jacobian ∂y/∂g · ∂g/∂x.",
    ),
    Example(
        "Program: intermediate variables",
        "u1 = x**3; u2 = sin(u1); u3 = u2**2; y = ln(u3)",
        None,
        "ln(sin(x³)²) written as the paper's program of intermediate variables, one line per step.",
    ),
    Example(
        "Program: a shared step",
        "u = x**2; y = sin(u) * cos(u)",
        None,
        "Naming a step lets two operations share it: x → u once, then two paths from u to y.",
    ),
    Example(
        "Two inputs: x·z + sin(x)",
        "x*z + sin(x)",
        None,
        "z stays constant while x varies; switch the input to z to see the other partial derivative.",
    ),
    Example(
        "Sigmoid neuron",
        "sigmoid(w*x + b)",
        "w",
        "A neuron's activation with respect to its weight w: one path through the affine step.",
    ),
    Example(
        "Squared loss",
        "(sigmoid(w*x + b) - t)**2",
        "w",
        "The loss of one neuron on one example with target t, with respect to the weight w.",
    ),
    Example(
        "Two-layer net",
        "h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)",
        "w1",
        "The first layer's weight reaches the output through the hidden unit h: its gradient multiplies the "
        "second layer's local partials too, as backpropagation does.",
    ),
    Example(
        "Vector sum: sum(w + x)",
        "w = [w1, w2, w3]; x = [x1, x2, x3]; y = sum(w + x)",
        "w",
        "The paper's sum(w + x): add the vectors entry by entry, then sum; its gradient by w is a vector of ones.",
    ),
    Example(
        "Neuron: max(0, w·x + b)",
        "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)",
        "w",
        "The paper's ReLU neuron on vectors: ∂y/∂w = xᵀ where the unit is active, 0 where it is not.",
    ),
    Example(
        "Neuron loss",
        "w = [w1, w2, w3]; x = [x1, x2, x3]; a = max(0, dot(w, x) + b); loss = (a - t)**2",
        "w",
        "The squared error of the neuron against a target t: the gradient by w is xᵀ times 2(a − t) where active.",
    ),
    Example(
        "Dense layer: sum(tanh(W @ x + b))",
        "W = [[w11, w12, w13], [w21, w22, w23]]; x = [1, -1, -0.5]; b = [b1, b2]; y = sum(tanh(W @ x + b))",
        "W",
        "A layer on a sample x, by its 2×3 weight matrix: the Shapes view multiplies 1ᵀ · diag(tanh′) · I ⊗ xᵀ, "
        "and the gradient is the outer product δ·xᵀ.",
    ),
    Example(
        "Softmax cross-entropy",
        "z = [z1, z2, z3]; t = [0, 1, 0]; y = -sum(t * ln(softmax(z)))",
        "z",
        "The loss of the logits z against a one-hot target t: its gradient is softmax(z) − t.",
    ),
    Example(
        "Loss over three samples",
        "X = [[1, 2], [3, -1], [0.5, 2]]; t = [1, 0, 2]; w = [w1, w2]; y = mean((t - relu(X @ w + b))**2)",
        "w",
        "The mean squared error of a ReLU neuron over the three rows of X: one Jacobian per layer, X for X @ w.",
    ),
)
