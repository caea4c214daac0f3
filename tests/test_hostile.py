"""Hostile input: each case has one exact outcome, every call returns, and no text reaches eval or sympify.

The cases go through the public :func:`explorer.analyze`, which runs the work
in :mod:`explorer.workers`' processes. Tripwires replace
``builtins.eval``, ``sympy.sympify`` and ``parse_expr`` both here and inside
every worker (installed by the pool's ``initializer``, because a patch made
in this process does not reach a worker), and write a marker file when
called; each case asserts that the marker never appears.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import json
import re
import threading
from dataclasses import asdict, dataclass

import pytest
import sympy
from hanging import hanging
from hypothesis import given
from hypothesis import strategies as st
from rendering import needs_renderer
from texing import compile_pdf, needs_tex

import explorer
from explorer import bounded, checking, workers
from explorer.drawing import dot as render
from explorer.errors import ExplorerError, ExpressionError, TimedOutError
from explorer.exports.formats import filename
from explorer.language.printing import exact
from explorer.teach.notation import MAX_TEX

BUDGET = 60.0  # seconds per analysis: generous, so no outcome depends on how loaded the machine is
STOP = 2.0  # the budget of the cases that must be stopped (they would run for minutes)
SLACK = 30.0  # machines are noisy: a call must return, but not within a tight bound
HINT = workers.HINT


# -- tripwires --------------------------------------------------------------------------------------


def install_tripwires(marker: str, setattr=setattr) -> None:
    """Make eval, and sympify/parse_expr of a string, write ``marker`` and raise."""

    def tripped(name):
        def wire(*args, **kwargs):
            with open(marker, "a") as file:
                file.write(f"{name}{args!r:.200}\n")
            raise AssertionError(f"tripwire: {name} was called")

        return wire

    def only_strings(name, original):
        wire = tripped(name)

        def guarded(a, *args, **kwargs):
            return wire(a) if isinstance(a, str) else original(a, *args, **kwargs)

        return guarded

    # sympy sympifies its own constant strings when some modules are first imported, and numpy.random
    # builds a namedtuple (with eval) when it is (hypothesis seeds it, the subset search draws from it)
    importlib.import_module("sympy.physics.units")
    importlib.import_module("numpy.random")
    # the package loads its modules lazily; some of theirs (dataclasses, namedtuples) are made with eval
    for module in ("explorer.notebook", "explorer.bounded", "explorer.checking", "explorer.exports.formats"):
        importlib.import_module(module)
    # sympy.core.sympify is also the name of a function, so fetch the modules themselves
    sympify_module = importlib.import_module("sympy.core.sympify")
    parser_module = importlib.import_module("sympy.parsing.sympy_parser")
    setattr(builtins, "eval", tripped("eval"))
    sympify = only_strings("sympify", sympify_module.sympify)
    setattr(sympy, "sympify", sympify)
    setattr(sympify_module, "sympify", sympify)
    setattr(sympy, "parse_expr", tripped("parse_expr"))
    setattr(parser_module, "parse_expr", tripped("parse_expr"))


def sympify_a_string():
    return sympy.sympify("1 + 1")


@pytest.fixture(scope="module")
def marker(tmp_path_factory):
    path = tmp_path_factory.mktemp("tripwire") / "marker"
    previous = workers.settings()
    workers.configure(workers=2, timeout=STOP, wait=30, initializer=install_tripwires, initargs=(str(path),))
    yield path
    workers.configure(**asdict(previous))
    workers.shutdown()


@pytest.fixture
def tripwires(marker, monkeypatch):
    install_tripwires(str(marker), monkeypatch.setattr)
    yield
    assert not marker.exists(), marker.read_text()


def test_the_tripwires_are_live_inside_the_workers(marker):
    """The check below is only meaningful if a worker really trips."""
    with pytest.raises(AssertionError, match="tripwire: sympify was called"):
        workers.run(sympify_a_string)
    assert marker.read_text().startswith("sympify('1 + 1',)")
    marker.unlink()


def returned(func, *args, budget=BUDGET, **kwargs):
    """Call ``func(*args, budget=budget, **kwargs)`` in a thread; fail, rather than hang, if it does not return."""
    box = {}

    def call():
        try:
            box["result"] = func(*args, budget=budget, **kwargs)
        except BaseException as error:  # handed to the test thread below
            box["error"] = error

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(budget + SLACK)
    assert not thread.is_alive(), "the call did not return"
    if "error" in box:
        raise box["error"]
    return box["result"]


# -- the cases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One input and its one outcome: an exact error, or exact facts of the result."""

    id: str
    text: str
    error: str | None = None  # str() of the error; None when the analysis succeeds
    kind: type[ExplorerError] = ExpressionError  # the exact error type
    wrt: str | None = None
    at: object = None
    total: str | None = None  # str(analysis.total)
    inputs: tuple[str, ...] | None = None
    values: tuple | None = None  # analysis.total_values
    notes: tuple[str, ...] | None = None
    verification: tuple[str, ...] | None = None  # the verdicts allowed (never 'failed' for a right total)
    xfail: str | None = None  # a known bug, with the reason; the test fails once it is fixed
    budget: float = BUDGET


def refused(id, text, error, **kw):
    return Case(id, text, error=error, **kw)


def accepted(id, text, total, **kw):
    return Case(id, text, total=total, **kw)


def quotes(column):
    return f"quotes are not allowed; names are written without quotes at column {column}"


def attribute(column):
    return f"a '.' must be part of a number such as 0.5; attribute access is not allowed at column {column}"


def unknown(name, nearest):
    """An unknown name called as a function: the nearest known functions, and no product (it is no variable)."""
    return f"unknown function '{name}'; the nearest known functions are {nearest} at column 1"


def digits(count, column):
    return (
        f"this power would have about {count} digits; "
        f"exact results of more than 1000 digits are refused at column {column}"
    )


def keyword(name, column):
    return f"{name!r} is a Python keyword; choose another name at column {column}"


def dunder(name, column):
    return f"names may not start with '__' ({name!r}) at column {column}"


def too_deep(column):
    return f"nesting is too deep: at most 200 levels are allowed at column {column}"


DOUBLINGS = "\n".join(["u1 = x*x", *(f"u{i} = u{i - 1}*u{i - 1}" for i in range(2, 61))])

CODE_EXECUTION = [
    refused("import-call", "__import__('os').system('touch /tmp/pwned')", dunder("__import__", 1)),
    refused("globals-chain", "x.subs.__globals__['__builtins__']", attribute(2)),
    refused("subclasses", "().__class__.__bases__[0].__subclasses__()", attribute(3)),
    refused("lambda", "lambda: 1", keyword("lambda", 1)),
    refused("eval", "eval('1')", quotes(6)),
    refused("exec", "exec('x=1')", quotes(6)),
    refused("f-string", 'f"{x}"', quotes(2)),
    refused("open", "open('/etc/passwd')", quotes(6)),
    refused("dunder-attribute", "x.__class__", attribute(2)),
    refused("getattr", "getattr(x, 'y')", quotes(12)),
    refused("sympify", "sympify('x')", quotes(9)),
    refused("module-attribute", "os.system", attribute(3)),
    refused("comprehension", "[i for i in range(10)]", keyword("for", 4)),
    refused(
        "subscript",
        "x[0]",
        "subscripts are not supported: name the entries (w = [w1, w2]) and write w1 at column 2",
    ),
    refused(
        "matmul-of-scalars",
        "x @ y",
        "'@' multiplies matrices and vectors, but x is a scalar: multiply by a scalar with '*' at column 3",
    ),
    refused("comment", "x # comment", "comments are not supported at column 3"),
    refused("walrus", "x := 1", "':' is not supported; write a statement as name = expression at column 3"),
    refused("conditional", "x if x else 1", keyword("if", 3)),
    refused("statement", "x; import os", keyword("import", 4)),
    refused("dunder-call", "__import__(x)", dunder("__import__", 1)),
    refused("exec-call", "exec(x)", unknown("exec", "sec, exp and sech")),
    # names are only names, and as a second layer Python keywords and dunder-like names are refused
    refused("dunder-names", "__class__ + x", dunder("__class__", 1)),
    refused("import-as-a-name", "import os", keyword("import", 1)),
    refused("assign-dunder", "x = __import__", dunder("__import__", 5)),
    accepted("keyword-like-names", "lambda_ + match", "1", inputs=("lambda_", "match")),
]

RESOURCE_EXHAUSTION = [
    refused("tower-9", "9**9**9", digits("369,693,099", 2)),
    refused("tower-2", "2**2**2**2**2", digits("19,728", 2)),
    refused("big-power", "10**1000000", digits("1,000,000", 3)),
    refused("irrational-power", "4323024^(999/1000)", digits("6,629", 8)),
    refused("huge-decimal", "1e1000", "number 1e1000 is too large: at most 1000 digits are allowed at column 1"),
    refused(
        "huge-literal",
        "1" * 1200,
        "number 1111111111…111111 (1200 characters) is too large: at most 1000 digits are allowed at column 1",
    ),
    refused("too-long", "x" * 9000, "the input is too long: 9000 characters, at most 8000 are allowed"),
    refused("too-many-operations", "x+" * 2500 + "x", "too many operations: at most 2000 are allowed at column 4002"),
    refused("deep-calls", "sin(" * 201 + "x" + ")" * 201, too_deep(401)),
    refused("deep-signs", "-" * 500 + "x", too_deep(200)),
    refused("deep-powers", "x" + "**x" * 200, too_deep(599)),
    # sympy would factor a 10,625-digit integer for minutes: refused from its size, before that
    refused("slow-power", "(43269147216*x)^(999/1000)", digits("10,625", 16)),
    refused("slow-power-program", "u = x/43269147216; y = u^(999/1000)", digits("10,625", 25)),
    refused(
        "overflow-constant", "exp(exp(exp(100)))", "the constant exp(exp(100)) is too large (overflow) at column 5"
    ),
    accepted(
        "overflow-at-point",
        "exp(exp(exp(x)))",
        "exp(x)*exp(exp(x))*exp(exp(exp(x)))",
        at={"x": 100},
        values=(None,),
        notes=("u2 = exp(u1) is too large (overflow) at this point",),
    ),
    accepted("deep-parentheses", "(" * 150 + "x" + ")" * 150, "1"),
    # the floor for real work; about 6 s of CPU in this engine today, hence its own budget
    accepted("thousand-operations", "x*" * 1000 + "x", "1001*x**1000"),
    accepted("doublings", DOUBLINGS, "1152921504606846976*x**1152921504606846975"),
    accepted("huge-exponent", "x**(10**100)", f"{10**100}*x**{10**100 - 1}", values=(0.0,)),
    accepted("power-tower", "(x+1)**1000", "1000*(x + 1)**999"),
    accepted(
        "two-thousand-operations",
        "x*" * 1999 + "x",
        "2000*x**1999",
    ),
    # constant powers are sized before they are computed, whatever the base
    refused("sqrt-power", "sqrt(2)^1e999", digits("astronomically many", 8)),
    refused("two-pi-power", "(2*pi)^1e999", digits("astronomically many", 7)),
    refused("irrational-power-size", "x*e^5000", digits("2,171", 4)),
    # results with more digits than Python will print by default: printed, never a ValueError
    accepted("big-coefficient", "(10*x)^5000", "5" + "0" * 5003 + "*x**4999"),
    accepted("big-product", "x*1e999*1e999*1e999*1e999*1e999", "1" + "0" * 4995),
    # a nested program whose derivative prints exponentially long: analysed in its budget
    accepted(
        "nested-program",
        "u1 = sin(x)\n" + "\n".join(f"u{i} = sin(u{i - 1})*cos(u{i - 1})" for i in range(2, 12)),
        None,
    ),
]

SYNTAX = [
    refused("empty", "", "the expression is empty"),
    refused("blank", "  \n\t ", "the expression is empty"),
    refused("dangling-operator", "x +", "expression ends too early: expected a number, a name or '(' at column 4"),
    refused("unclosed", "(x", "'(' is never closed: add ')' at column 1"),
    refused("unmatched", "x)", "unmatched ')' at column 2"),
    refused("double-comma", "x,,y", "unexpected ','; write a vector as [f1, f2] at column 2"),
    refused("empty-vector", "[]", "a vector needs at least one entry, as in [a, b] at column 1"),
    refused(
        "three-dimensions",
        "[[[x]]]",
        "a matrix's entries are numbers or expressions: arrays of more than two dimensions are not supported "
        "at column 3",
    ),
    refused(
        "ragged-rows",
        "W = [[a, b], [c]]",
        "row 2 of the matrix has 1 entry but row 1 has 2 entries: every row needs the same number at column 14",
    ),
    refused(
        "matrix-times-vector",
        "W = [[a, b], [c, d]]; x = [p, q, r]; y = W @ x",
        "cannot multiply W @ x: W is 2×2 but x has 3 entries; W's 2 columns must match x's 3 entries at column 44",
    ),
    refused(
        "matrix-entrywise",
        "W = [[a, b], [c, d]]; x = [p, q]; y = W*x + b",
        "cannot multiply W and x entry by entry: W is 2×2 but x has 2 entries; '*' works entry by entry on equal "
        "shapes: for the matrix product write A @ B at column 40",
    ),
    refused(
        "matrix-too-wide",
        "W = [[" + ", ".join(["a"] * 17) + "]]",
        "a matrix may have at most 16 columns; row 1 has 17 at column 6",
    ),
    refused(
        "entries-past-the-budget",
        "A = [["
        + "], [".join(", ".join(f"a{16 * i + j}" for j in range(16)) for i in range(16))
        + "]]; y = sum(A @ A)",
        "this program works out to more than 2000 operations entry by entry; use smaller vectors or matrices "
        "at column 1475",
    ),
    refused(
        "vector-of-vectors",
        "w = [a, b]; y = [w, c]",
        "a vector's entries must be scalars; this one is a vector of 2 at column 18",
    ),
    refused(
        "vector-lengths",
        "w = [a, b, c]; x = [d, e]; y = w*x",
        "cannot multiply vectors of lengths 3 and 2 entry by entry: give them the same length at column 33",
    ),
    refused(
        "dot-lengths", "y = dot([a, b], [c])", "dot() needs vectors of the same length, got lengths 2 and 1 at column 5"
    ),
    refused(
        "sum-of-a-scalar",
        "y = sum(x)",
        "sum() takes a vector, such as sum([a, b]) or sum(w) for w = [w1, w2] at column 5",
    ),
    refused(
        "assign-number",
        "1 = x",
        "'=' may appear once per statement, after a name (u1 = x**2); "
        "if a line break was lost, separate the statements with ';' at column 3",
    ),
    refused("assign-twice", "x = 1; x = 2", "'x' is assigned twice; give each step its own name at column 8"),
    refused("triple-star", "x***y", "'*' needs something on its left at column 4"),
    refused("two-dots", "2..3", "malformed number '2..3' at column 1"),
    refused("factorial", "x!", "'!' (factorial) is not supported at column 2"),
    refused("null-byte", "x\x00", "unexpected character 'U+0000' at column 2"),
    refused("bidi-override", "x\u202e+1", "unexpected character 'U+202E' at column 2"),
    refused("zero-width", "x\u200by", "unexpected character 'U+200B' at column 2"),
    refused("emoji", "x 😀", "unexpected character '😀' at column 3"),
    refused("backslash", "x + \\\n y", "backslashes are not allowed; write sin(x), not \\sin x at column 5"),
    # Python number syntax that juxtaposition would misread (1_000 as 1·_000): refused with a hint
    refused("digit-separator", "1_000*x", "'_' cannot separate digits; write 1000 at column 2"),
    refused("binary", "0b101*x", "binary numbers such as 0b… are not supported; write the decimal value at column 1"),
    refused(
        "hexadecimal", "0x1F", "hexadecimal numbers such as 0x… are not supported; write the decimal value at column 1"
    ),
    refused(
        "imaginary",
        "1j",
        "1j is Python's imaginary number; complex numbers are not supported (for a variable named j, write 1*j) "
        "at column 1",
    ),
    refused(
        "long-decimal",
        "x*0." + "0" * 5000 + "1",
        "number 0.00000000…000001 (5003 characters) has too many digits: at most 1000 are allowed at column 3",
    ),
    refused(
        "leading-zeros",
        "0" * 4400 + "1*x",
        "number 0000000000…000001 (4401 characters) has too many digits: at most 1000 are allowed at column 1",
    ),
]

UNKNOWN_NAMES = [
    refused("unknown-function", "foo(x)", unknown("foo", "log, erf and dot")),
    refused("symbol-call", "Symbol(x)", unknown("Symbol", "sigmoid, sum and softplus")),
    refused("print-call", "print(x)", unknown("print", "arsinh, arcsin and sin")),
    refused("arity", "sin(x, y)", "sin() takes 1 argument, got 2 at column 1"),
    refused("arity-max", "max(x)", "max() takes at least 2 arguments, got 1 at column 1"),
    refused("arity-log", "log(x, 2, 3)", "log() takes 1 to 2 arguments, got 3 at column 1"),
    refused("bare-function", "sin + x", "sin is a function: write sin(...) with parentheses at column 1"),
    refused("assign-constant", "e = 3", "'e' is a constant and cannot be assigned at column 1"),
    refused("assign-function", "sin = x", "'sin' is a function and cannot be assigned at column 1"),
    refused(
        "self-reference", "x = x + 1", "'x' is used before it is assigned; define each step before using it at column 5"
    ),
    refused("wrt-dunder", "x*y", "'__class__' is not an input of this expression (inputs: x, y)", wrt="__class__"),
    refused("wrt-code", "x*y", "'x; import os' is not an input of this expression (inputs: x, y)", wrt="x; import os"),
    accepted("name-collision", "u1 + u1**2", "2*u1 + 1", inputs=("u1",)),
]

NUMERIC_DOMAIN = [
    accepted(
        "log-negative", "ln(x)", "1/x", at={"x": -1}, values=(None,), notes=("y = ln(x) is complex at this point",)
    ),
    accepted(
        "pole",
        "1/x",
        "-1/x**2",
        at={"x": 0},
        values=(None,),
        notes=("y = 1/x is undefined (division by zero) at this point",),
    ),
    refused("zero-over-zero", "0/0", "division by zero at column 2"),
    accepted(
        "sqrt-at-zero",
        "sqrt(x)",
        "1/(2*sqrt(x))",
        at={"x": 0},
        values=(None,),
        notes=("∂y/∂x = 1/(2·√x) is undefined (division by zero) at this point",),
    ),
    accepted("asin-outside", "asin(x)", "1/sqrt(1 - x**2)", at={"x": 2}, values=(None,)),
    accepted(
        "abs-kink",
        "abs(x)",
        "sign(x)",
        at={"x": 0},
        values=(None,),
        notes=("y = |x| is not differentiable here (a kink): ∂y/∂x is undefined",),
    ),
    accepted(
        "relu-kink",
        "relu(x)",
        "Heaviside(x)",
        at={"x": 0},
        values=(None,),
        notes=("y = relu(x) is not differentiable here (a kink): ∂y/∂x is undefined",),
    ),
    accepted(
        "max-kink",
        "max(x, 1)",
        "Heaviside(x - 1)",
        at={"x": 1},
        values=(None,),
        notes=("y = max(1, x) is not differentiable here (a kink): ∂y/∂x is undefined",),
    ),
    accepted(
        "exp-overflow",
        "exp(x)",
        "exp(x)",
        at={"x": 1000},
        values=(None,),
        notes=("y = exp(x) is too large (overflow) at this point",),
    ),
    accepted("sigmoid-saturates", "sigmoid(x)", "(1 - sigmoid(x))*sigmoid(x)", at={"x": -1000}, values=(0.0,)),
    refused("point-overflow", "x", "x is infinite (overflow or a pole)", at="x=1e999"),
    refused("point-nan", "x", "the value of x must be a finite number", at={"x": float("nan")}),
    refused("point-complex", "x", "the value of x must be a number, not complex", at={"x": 1j}),
    refused("point-code", "x", "x: " + dunder("__import__", 1), at={"x": "__import__('os')"}),
    refused("point-tower", "x", "x: " + digits("369,693,099", 2), at={"x": "9**9**9"}),
    refused(
        "point-huge-int",
        "x",
        "the value of x is too large",
        at={"x": 10**400},
    ),
    refused(
        "point-long-decimal",
        "x",
        "x: number 0.00000000…000001 (5003 characters) has too many digits: at most 1000 are allowed at column 1",
        at="x=0." + "0" * 5000 + "1",
    ),
    refused(
        "point-list",
        "x",
        "the point must be a mapping such as {'x': 0.5} or text such as 'x=0.5', not list",
        at=[("x", 1)],
    ),
    refused(
        "point-number", "x", "the point must be a mapping such as {'x': 0.5} or text such as 'x=0.5', not int", at=5
    ),
    # a bounded function of a huge argument is a number in [-1, 1], evaluated with mpmath
    accepted("sine-of-huge", "sin(1e999) + x", "1", values=(1.0,)),
    # where a kink's partial meets an exact zero, the derivative is zero, and the kink is still said
    accepted(
        "abs-squared-at-kink",
        "abs(x)^2",
        "2*Abs(x)*sign(x)",
        at={"x": 0},
        values=(0.0,),
        notes=("u1 = |x| is not differentiable here (a kink): ∂u1/∂x is undefined",),
    ),
    accepted("x-abs-at-kink", "x*abs(x)", "x*sign(x) + Abs(x)", at={"x": 0}, values=(0.0,)),
    accepted("relu-squared-at-kink", "relu(x)^2", "2*Heaviside(x)*relu(x)", at={"x": 0}, values=(0.0,)),
    # an overflow on the way is not an overflow of the value: sech(1e308) is about 0
    accepted("sech-far-out", "sech(x)", "-tanh(x)*sech(x)", at={"x": 1e308}, values=(0.0,), notes=()),
    # names Python would read differently in generated code (NFKC: ｘ is x; ａｂｓ is abs): checked, not 'failed'
    accepted(
        "fullwidth-duplicate",
        "sqrt(x**2) + ｘ",
        "x/Abs(x)",
        inputs=("x", "ｘ"),
        verification=("symbolic", "numeric"),
    ),
    accepted("fullwidth-builtin", "sqrt(ａｂｓ**2)", "ａｂｓ/Abs(ａｂｓ)", verification=("symbolic", "numeric")),
]

INJECTION = [
    refused("html", "<script>alert(1)</script>", "comparisons are not supported at column 1"),
    refused("html-tag", "x<br>", "comparisons are not supported at column 2"),
    refused("entity", "&amp;x", "'&' is not an arithmetic operator at column 1"),
    refused("url", "javascript:x", "':' is not supported; write a statement as name = expression at column 11"),
    refused("dot-label", 'x"];evil[label="', quotes(2)),
    refused("braces", "{x}", "use parentheses ( ) for grouping, not braces at column 1"),
    refused("math-markdown", "$x$", "'$' is not supported at column 1"),
    refused("latex", "\\frac{1}{x}", "backslashes are not allowed; write sin(x), not \\sin x at column 1"),
    refused("format-string", "%(x)s", "'%' (remainder) is not supported at column 1"),
    refused("backtick", "`x`", "unexpected character '`' at column 1"),
]

GROUPS = {
    "code execution": CODE_EXECUTION,
    "resource exhaustion": RESOURCE_EXHAUSTION,
    "syntax": SYNTAX,
    "unknown names": UNKNOWN_NAMES,
    "numeric domain": NUMERIC_DOMAIN,
    "injection": INJECTION,
}


def _params(cases):
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail)] if c.xfail else []) for c in cases]


def _case(id):
    return next(c for cases in GROUPS.values() for c in cases if c.id == id)


def check(case: Case) -> None:
    """The case's one outcome; a total of None means only that the analysis succeeds."""
    # no simplification: whether it finishes in the budget depends on the machine's load, the outcome must not
    kwargs = {"wrt": case.wrt, "at": case.at, "budget": case.budget, "simplify": False}
    if case.error is not None:
        with pytest.raises(ExplorerError) as caught:
            returned(explorer.analyze, case.text, **kwargs)
        assert type(caught.value) is case.kind
        if case.kind is TimedOutError:  # the stage it names is the engine's business
            assert str(caught.value).startswith(case.error + "; ") or str(caught.value).startswith(
                case.error + " while"
            )
        else:
            assert str(caught.value) == case.error
        return
    analysis = returned(explorer.analyze, case.text, **kwargs)
    assert case.total is None or exact(analysis.total) == case.total
    if case.inputs is not None:
        assert analysis.inputs == case.inputs
    if case.values is not None:
        assert analysis.total_values == case.values
    if case.notes is not None:
        assert analysis.notes == case.notes
    if case.verification is not None:
        assert analysis.verification in case.verification


@pytest.mark.usefixtures("tripwires")
class TestCodeExecution:
    @pytest.mark.parametrize("case", _params(CODE_EXECUTION))
    def test_case(self, case):
        check(case)


@pytest.mark.usefixtures("tripwires")
class TestResourceExhaustion:
    @pytest.mark.parametrize("case", _params(RESOURCE_EXHAUSTION))
    def test_case(self, case):
        check(case)

    def test_the_server_is_usable_after_a_stop(self):
        check(_case("slow-power"))
        assert str(returned(explorer.analyze, "x*x**2").total) == "3*x**2"


@pytest.mark.usefixtures("tripwires")
class TestSyntax:
    @pytest.mark.parametrize("case", _params(SYNTAX))
    def test_case(self, case):
        check(case)


@pytest.mark.usefixtures("tripwires")
class TestUnknownNames:
    @pytest.mark.parametrize("case", _params(UNKNOWN_NAMES))
    def test_case(self, case):
        check(case)


@pytest.mark.usefixtures("tripwires")
class TestNumericDomain:
    @pytest.mark.parametrize("case", _params(NUMERIC_DOMAIN))
    def test_case(self, case):
        check(case)


@pytest.mark.usefixtures("tripwires")
class TestInjection:
    @pytest.mark.parametrize("case", _params(INJECTION))
    def test_case(self, case):
        check(case)

    @pytest.mark.parametrize("text", ["_class_ + x", "import_ * os", "α*x + lambda_", "u1 + u1**2", "ｘ + 1"])
    def test_dot_has_no_links_and_only_quoted_plain_labels(self, text):
        dot = render.to_dot(returned(explorer.analyze, text))
        assert re.search(r"\b(URL|href|tooltip|target)\s*=", dot) is None
        assert re.search(r"label=<", dot) is None  # never an HTML-like label
        assert all(label.startswith('"') for label in re.findall(r"label=(.)", dot))

    @pytest.mark.parametrize(
        "text", ["../../etc/passwd", "x\x00.svg", "<script>", "CON", 'a"b', "x\r\ny", "😀" * 50, " " * 10]
    )
    def test_download_names_are_plain(self, text):
        assert re.fullmatch(r"chain-rule(_[A-Za-z0-9_]{1,60})?\.svg", filename(text, "svg"))


ACCEPTED = [case for cases in GROUPS.values() for case in cases if case.error is None and not case.xfail]


@needs_renderer
@needs_tex
@pytest.mark.usefixtures("tripwires")
class TestDocuments:
    @pytest.mark.parametrize("case", _params(ACCEPTED))
    def test_the_latex_and_beamer_downloads_compile(self, case, tmp_path):
        """Every accepted input: the handout and the slides, as the page downloads them, compile with pdflatex."""
        kwargs = {"wrt": case.wrt, "at": case.at, "budget": case.budget, "simplify": False}
        analysis = returned(bounded.analyze, case.text, **kwargs)
        for fmt in ("latex", "beamer"):
            compile_pdf(returned(bounded.export, analysis, fmt), tmp_path, fmt)


def test_at_least_sixty_cases_in_six_groups():
    assert len(GROUPS) == 6
    assert sum(len(cases) for cases in GROUPS.values()) >= 60


# -- random text ------------------------------------------------------------------------------------

TOKENS = [*"xyzw0123456789.e+-*/^()[],=;  \n", "**", "sin(", "exp(", "ln(", "log(", "max(", "abs(", "u1", "u2", "pi"]


@given(st.text(max_size=120))
def test_random_text_raises_nothing_but_expression_error(text):
    with contextlib.suppress(ExpressionError):
        returned(explorer.analyze, text)


@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_random_token_soup_raises_nothing_but_expression_error(text):
    with contextlib.suppress(ExpressionError):
        returned(explorer.analyze, text)


# -- what grows with the input, beyond the analysis ------------------------------------------------------

NESTED = "u1 = sin(x)\n" + "\n".join(f"u{i} = sin(u{i - 1})*cos(u{i - 1})" for i in range(2, 13))


@pytest.fixture(scope="module")
def nested(marker):
    """A 250-character program whose derivative prints exponentially long (millions of characters)."""
    return explorer.analyze(NESTED, budget=BUDGET, simplify=False)


@pytest.mark.usefixtures("tripwires")
class TestPrintingIsBounded:
    """Printing what the page and the exports show is sized before it is done: never megabytes, never a stop."""

    def test_page_formulas_are_capped_and_cheap(self, nested):
        formulas = returned(bounded.formulas, nested)
        shown = [*formulas.sums, *(row.product for row in formulas.paths), *formulas.oracle]
        assert all(f is None or len(f) <= MAX_TEX for f in shown)
        assert None in shown  # the long ones are left to the download, and the page says so

    @pytest.mark.parametrize("fmt", ["json", "latex", "text"])
    def test_exports_finish_with_long_expressions_left_out(self, nested, fmt):
        data = returned(explorer.export, nested, fmt)
        assert len(data) < 2_000_000
        if fmt == "json":
            d = json.loads(data)
            assert d["path_count"] == 2048 and None in [p["product"] for p in d["paths"]]

    def test_names_starting_with_an_underscore_are_valid_latex(self):
        formulas = returned(bounded.formulas, returned(explorer.analyze, "_ + _a*_**2"))
        text = "".join([*formulas.sums, *(r.product for r in formulas.paths), *(r.nodes for r in formulas.paths)])
        assert r"\partial \_" in text and r"\partial _" not in text and r"d_}" not in text


# -- answers ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("tripwires")
class TestAnswers:
    """An answer to check is user text like any other: the same parser, limits and budget."""

    @pytest.mark.parametrize(
        ("answer", "error"),
        [
            ("__import__('os').system('true')", "your answer: names may not start with '__'"),
            ("x.__class__", "your answer: a '.' must be part of a number"),
            ("lambda: x", "your answer: 'lambda' is a Python keyword"),
            ("9**9**9", "your answer: "),
            ("(" * 300 + "x" + ")" * 300, "your answer: "),
            ("x + " * 2500 + "x", "your answer: the input is too long"),
            ("open(x)", "your answer: unknown function 'open'"),
            ("open('/etc/passwd')", "your answer: quotes are not allowed"),
            ("x; import os", "your answer: "),
        ],
    )
    def test_refused_answers(self, answer, error):
        with pytest.raises(ExpressionError) as caught:
            returned(explorer.check, "x + x**2", answer)
        assert str(caught.value).startswith(error)

    @pytest.mark.parametrize("answer", ["x", "cos(u11)**2 - sin(u11)**2", "u12"])
    def test_checking_a_nested_program_prints_nothing_exponential(self, nested, answer):
        checked = returned(checking.check_answer, nested, answer)
        assert checked["correct"] is False and len(json.dumps(checked)) < 20_000
        assert checked["difference"]["expr"] is None and checked["difference"]["latex"] is None  # too long
        assert "more than the 100 listed" in checked["diagnosis"][0]

    def test_a_slow_answer_is_stopped_not_hung(self):
        with hanging(), pytest.raises(TimedOutError):
            returned(explorer.check, "x + x**2", "2x + 1", budget=STOP)
        assert returned(explorer.check, "x + x**2", "2x + 1")["correct"] is True

    @given(st.text(max_size=80))
    def test_random_answers_raise_nothing_but_expression_error(self, answer):
        with contextlib.suppress(ExpressionError):
            returned(explorer.check, "x + x**2", answer)
