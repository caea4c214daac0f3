"""The allowlist parser: what it accepts, what it refuses, and where it says the problem is."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explorer.errors import ExpressionError
from explorer.language.lexer import LIMITS
from explorer.language.operations import FUNCTIONS
from explorer.language.parse import Syntax, parse


def tree(text: str) -> Syntax:
    (statement,) = parse(text).statements
    (value,) = statement.values
    return value


def show(node: Syntax) -> str:
    """A fully parenthesised rendering of the tree, to compare structure."""
    if node.kind in ("num", "name", "const"):
        return node.op
    if node.kind == "call":
        return f"{node.op}({', '.join(show(a) for a in node.args)})"
    if node.op == "neg":
        return f"(-{show(node.args[0])})"
    if node.op == "**":
        return f"({show(node.args[0])} ** {show(node.args[1])})"
    signs = {"+": ("+", "-"), "*": ("*", "/")}[node.op]
    first = ("-" if node.inverted[0] else "") + show(node.args[0])
    rest = "".join(f" {signs[inv]} {show(a)}" for a, inv in zip(node.args[1:], node.inverted[1:]))
    return f"({first}{rest})"


class TestGrammar:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("x + x**2", "(x + (x ** 2))"),
            ("x*x**2", "(x * (x ** 2))"),
            ("-x**2", "(-(x ** 2))"),
            ("x**-1", "(x ** (-1))"),
            ("2^3^2", "(2 ** (3 ** 2))"),
            ("x^2", "(x ** 2)"),
            ("a - b - c", "(a - b - c)"),
            ("a / b / c", "(a / b / c)"),
            ("a*b/c*d", "(a * b / c * d)"),
            ("-x + y", "(-x + y)"),
            ("(a + b) + c", "((a + b) + c)"),
            ("a - (b - c)", "(a - (b - c))"),
            ("x*y + z", "((x * y) + z)"),
            ("ln(sin(x**3)**2)", "log(((sin((x ** 3))) ** 2))"),
            ("log(x, 2)", "log(x, 2)"),
            ("max(a, b)", "max(a, b)"),
            ("arcsin(x)", "asin(x)"),
            ("pi*e", "(pi * e)"),
            ("+x", "x"),
        ],
    )
    def test_precedence_and_associativity(self, text, expected):
        assert show(tree(text)).replace("((sin((x ** 3))) ** 2)", "(sin((x ** 3)) ** 2)") == expected.replace(
            "((sin((x ** 3))) ** 2)", "(sin((x ** 3)) ** 2)"
        )

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2x", "(2 * x)"),
            ("3 sin(x)", "(3 * sin(x))"),
            ("2(x + 1)", "(2 * (x + 1))"),
            ("(x + 1)(x - 1)", "((x + 1) * (x - 1))"),
            ("x²", "(x ** 2)"),
            ("x³ + 2x²", "((x ** 3) + (2 * (x ** 2)))"),
            ("x⁻¹", "(x ** -1)"),
            ("sin²(x)", "(sin(x) ** 2)"),
            ("x·y", "(x * y)"),
            ("x×y", "(x * y)"),
            ("x − y", "(x - y)"),
            ("x ÷ y", "(x / y)"),
            ("2x**2", "(2 * (x ** 2))"),
            ("w x", "(w * x)"),
            ("π", "π"),
        ],
    )
    def test_typing_habits(self, text, expected):
        assert show(tree(text)) == expected

    def test_numbers_are_exact(self):
        assert tree("3/2").args[0].value == 3
        assert tree("0.1").value == Fraction(1, 10)
        assert tree("1e-3").value == Fraction(1, 1000)
        assert tree("2.5e2").value == 250

    def test_program_statements(self):
        program = parse("u1 = x**3\nu2 = sin(u1); y = ln(u2**2)")
        assert [s.name for s in program.statements] == ["u1", "u2", "y"]

    def test_vector(self):
        statement = parse("[ln(x**2), sin(3*x)]").statements[0]
        assert statement.is_vector and len(statement.values) == 2

    def test_every_function_parses_with_its_arity(self):
        for name, row in FUNCTIONS.items():
            args = ", ".join(["x"] * row.arity[0])
            node = tree(f"{name}({args})")
            assert (node.kind, node.op) == ("call", row.name)

    def test_sums_and_products_are_n_ary(self):
        total = tree("x + y - z + 1")
        assert (total.op, len(total.args), total.inverted) == ("+", 4, (False, False, True, False))
        product = tree("2x y/z")
        assert (product.op, len(product.args), product.inverted) == ("*", 4, (False, False, False, True))
        assert parse("+".join(["x"] * 101)).operations == 100


class TestRejections:
    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("x + ", "expression ends too early", 5),
            ("x +* 2", "'*' needs something on its left", 4),
            ("foo(x)", "unknown function 'foo'", 1),
            ("sin(x, y)", "sin() takes 1 argument, got 2", 1),
            ("max(x)", "max() takes at least 2 arguments, got 1", 1),
            ("log()", "log() takes 1 to 2 arguments, got 0", 1),
            ("sin x", "sin is a function: write sin(...)", 1),
            ("x(y + 1)", "unknown function 'x' (to multiply, write x*(...))", 1),
            ("(x + 1", "'(' is never closed", 1),
            ("sin(", "'(' is never closed: add an expression and ')'", 4),
            ("2 * (x + sin(", "'(' is never closed", 13),
            ("sigmoud(x)", "unknown function 'sigmoud'; did you mean sigmoid?", 1),
            ("Sin(x)", "unknown function 'Sin'; did you mean sin?", 1),
            ("log10(x)", "unknown function 'log10'; write log(x, 10)", 1),
            ("arctan2(y, x)", "unknown function 'arctan2'; write atan(y/x)", 1),
            ("u1 = x**3 u2 = sin(u1)", "if a line break was lost, separate the statements with ';'", 14),
            ("x + 1)", "unmatched ')'", 6),
            ("x // 2", "floor division", 3),
            ("x % 2", "remainder", 3),
            ("x.real", "attribute access is not allowed", 2),
            ("__import__('os')", "names may not start with '__' ('__import__')", 1),
            ("f('os')", "quotes are not allowed", 3),
            ("lambda_ + 1", None, None),
            ("x == 1", "comparisons are not supported", 3),
            ("x 2", "missing operator", 3),
            ("sin = x", "'sin' is a function and cannot be assigned", 1),
            ("pi = 3", "'pi' is a constant", 1),
            ("[x, [y]]", "a vector's entries are numbers or expressions, not vectors", 5),
            ("x[0]", "subscripts are not supported", 2),
            ("[x, y", "'[' is never closed", 1),
            ("[]", "a vector needs at least one entry", 1),
            ("x; y = [x, 1]", "only the last statement may be a bare expression", 1),
            ("()", "empty parentheses", 2),
            ("x $ y", "'$' is not supported", 3),
            (".²", "a '.' must be part of a number", 1),
            ("lambda: 1", "'lambda' is a Python keyword; choose another name", 1),
            ("x if x else 1", "'if' is a Python keyword", 3),
        ],
    )
    def test_message_and_column(self, text, message, column):
        if message is None:  # close to a refused form, but fine
            assert parse(text)
            return
        with pytest.raises(ExpressionError) as info:
            parse(text)
        assert message in str(info.value)
        assert info.value.column == column

    def test_error_is_a_value_error_with_line(self):
        with pytest.raises(ValueError) as info:
            parse("u1 = x**2\ny = u1 +")
        assert info.value.line == 2 and info.value.column == 9
        assert "line 2, column 9" in str(info.value)
        assert info.value.source_line == "y = u1 +"

    @pytest.mark.parametrize("text", ["", "   ", "\n;\n"])
    def test_empty(self, text):
        with pytest.raises(ExpressionError, match="empty"):
            parse(text)


class TestLimits:
    def test_long_input_refused_before_parsing(self):
        with pytest.raises(ExpressionError, match="too long"):
            parse("x+" * LIMITS.max_chars + "x")

    def test_deep_nesting_refused(self):
        with pytest.raises(ExpressionError, match="nesting is too deep"):
            parse("(" * 500 + "x" + ")" * 500)

    def test_nesting_of_100_accepted(self):
        assert parse("(" * 100 + "x" + ")" * 100)

    def test_thousand_operations_accepted(self):
        assert parse("+".join(["x"] * 1001)).operations == 1000

    def test_too_many_operations_refused(self):
        with pytest.raises(ExpressionError, match="too many operations"):
            parse("+".join(["x"] * (LIMITS.max_operations + 2)))

    def test_huge_literal_refused(self):
        with pytest.raises(ExpressionError, match="too large"):
            parse("9" * 1500)

    def test_long_unary_chain_refused_not_crashing(self):
        with pytest.raises(ExpressionError, match="nesting is too deep"):
            parse("-" * 3000 + "x")


@given(st.text(max_size=60))
def test_random_text_raises_only_expression_error(text):
    try:
        parse(text)
    except ExpressionError as err:
        assert err.message
        if err.position is not None:
            assert 0 <= err.position <= len(text)


@given(st.text(alphabet="x y2()+-*/^.,;=[]sinlogexp²·e", max_size=40))
def test_random_grammar_soup_raises_only_expression_error(text):
    try:
        parse(text)
    except ExpressionError as err:
        assert err.column is None or err.column >= 1


class TestMatrices:
    def test_a_matrix_is_a_list_of_rows(self):
        matrix = tree("[[a, b, c], [d, e, f]]")
        assert matrix.kind == "matrix" and [len(row.args) for row in matrix.args] == [3, 3]
        assert [show(e) for row in matrix.args for e in row.args] == list("abcdef")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("W @ x", "(W @ x)"),
            ("A @ B @ x", "((A @ B) @ x)"),
            ("2*W @ x*3", "(((2 * W) @ x) * 3)"),
            ("W @ x + b", "((W @ x) + b)"),
            ("Wᵀ @ x", "(transpose(W) @ x)"),
            ("x @ -W", "(x @ (-W))"),
        ],
    )
    def test_the_matrix_product_binds_as_times_left_to_right(self, text, expected):
        def shown(node):
            if node.kind == "op" and node.op == "@":
                return f"({shown(node.args[0])} @ {shown(node.args[1])})"
            if node.kind == "call":
                return f"{node.op}({', '.join(shown(a) for a in node.args)})"
            if node.kind == "op" and node.op == "*":
                return "(" + " * ".join(shown(a) for a in node.args) + ")"
            if node.kind == "op" and node.op == "+":
                return "(" + " + ".join(shown(a) for a in node.args) + ")"
            if node.kind == "op" and node.op == "neg":
                return f"(-{shown(node.args[0])})"
            return node.op

        assert shown(tree(text)) == expected

    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("W = [[a, b], [c]]", "row 2 of the matrix has 1 entry but row 1 has 2 entries", 14),
            ("[[a], [b, c], [d]]", "row 2 of the matrix has 2 entries but row 1 has 1 entry", 7),
            ("[[a, b], c]", "a matrix is a list of rows, every one in brackets", 10),
            ("[[[a]]]", "arrays of more than two dimensions are not supported", 3),
            ("[[a, b]", "'[' is never closed", 1),
            ("[[" + ", ".join("a" * 17) + "]]", "a matrix may have at most 16 columns; row 1 has 17", 2),
            ("[" + ", ".join(["[a]"] * 17) + "]", "a matrix may have at most 16 rows", 82),
            ("@ x", "'@' needs something on its left", 1),
            ("ᵀ", "'ᵀ' (transpose) must follow a name", 1),
        ],
    )
    def test_refusals_name_the_row_and_the_column(self, text, message, column):
        with pytest.raises(ExpressionError) as info:
            parse(text)
        assert message in str(info.value)
        assert info.value.column == column

    def test_the_side_limit_is_a_limit(self):
        from dataclasses import replace

        with pytest.raises(ExpressionError, match="at most 2 columns"):
            parse("[[a, b, c]]", limits=replace(LIMITS, max_side=2))


class TestTextbookFunctionPowers:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("sin^2(x)", "(sin(x) ** 2)"),
            ("sin**2(x)", "(sin(x) ** 2)"),
            ("cos^3(x) + tan^2(x)", "((cos(x) ** 3) + (tan(x) ** 2))"),
            ("ln^2(x)", "(log(x) ** 2)"),
            ("tanh^2(x)", "(tanh(x) ** 2)"),
            ("sin^-1(x)", "asin(x)"),
            ("sin⁻¹(x)", "asin(x)"),
            ("cos^-1(x)", "acos(x)"),
            ("tanh^-1(x)", "atanh(x)"),
            ("sin^-2(x)", "(sin(x) ** -2)"),
            ("sin²(x)", "(sin(x) ** 2)"),
        ],
    )
    def test_a_power_of_a_function_is_the_textbooks(self, text, expected):
        assert show(tree(text)) == expected

    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("ln^-1(x)", "would be the inverse function of ln, which the language does not have", 3),
            ("sin^x(y)", "to raise sin to a power, write sin^2(...)", 4),
            ("sin^2 x", "to raise sin to a power, write sin^2(...) (a whole number, then the parentheses)", 4),
            ("sin^2.5(x)", "to raise sin to a power", 4),
        ],
    )
    def test_refusals(self, text, message, column):
        with pytest.raises(ExpressionError) as info:
            parse(text)
        assert message in str(info.value)
        assert info.value.column == column


class TestThePrintersForms:
    """|x| and √x, as the printers write them, read back."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("|x|", "abs(x)"),
            ("|x − 1|·|y|", "(abs((x - 1)) * abs(y))"),
            ("|x||y|", "(abs(x) * abs(y))"),
            ("|x·|y||", "abs((x * abs(y)))"),
            ("2|x|", "(2 * abs(x))"),
            ("|x|²", "(abs(x) ** 2)"),
            ("-|x|", "(-abs(x))"),
            ("|x·(2|y|)|", "abs((x * (2 * abs(y))))"),
            ("√x", "sqrt(x)"),
            ("√2·x", "(sqrt(2) * x)"),
            ("2√x", "(2 * sqrt(x))"),
            ("√x²", "sqrt((x ** 2))"),
            ("1/(2·√x)", "(1 / (2 * sqrt(x)))"),
            ("√(x + 1)", "sqrt((x + 1))"),
            ("√|x|", "sqrt(abs(x))"),
        ],
    )
    def test_bars_and_roots(self, text, expected):
        assert show(tree(text)) == expected

    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("|x", "'|' is never closed: add '|'", 1),
            ("||", "empty bars", 2),
            ("x|", "'|' is never closed: add an expression and '|'", 2),
            ("√", "expression ends too early", 2),
        ],
    )
    def test_refusals(self, text, message, column):
        with pytest.raises(ExpressionError) as info:
            parse(text)
        assert message in str(info.value) and info.value.column == column


class TestAnotherVocabulary:
    """An answer reads more names than an expression (explorer.language.answers.ANSWER_FUNCTIONS)."""

    def test_the_expression_language_does_not_know_them(self):
        for name in ("H(x)", "Heaviside(x)", "sign(x)", "Max(x, 1)", "σ(x)"):
            with pytest.raises(ExpressionError):
                parse(name)

    def test_an_answers_vocabulary(self):
        from explorer.language.answers import ANSWER_CONSTANTS, ANSWER_FUNCTIONS

        text = "H(x)·sign(x) + Max(x, 1) + σ(x) + Abs(x) + E"
        (statement,) = parse(text, functions=ANSWER_FUNCTIONS, constants=ANSWER_CONSTANTS).statements
        assert show(statement.values[0]) == "((heaviside(x) * sign(x)) + max(x, 1) + sigmoid(x) + abs(x) + e)"


class TestUnknownFunctions:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("softmx(z)", "unknown function 'softmx'; did you mean softmax?"),
            ("cross_entropy(p, t)", "unknown function 'cross_entropy'; write -sum(t*ln(softmax(z)))"),
            ("foo(x)", "unknown function 'foo'; the nearest known functions are log, erf and dot"),
        ],
    )
    def test_an_unknown_function_lists_the_nearest_and_no_product(self, text, message):
        with pytest.raises(ExpressionError) as info:
            parse(text)
        assert str(info.value) == f"{message} at column 1"
        assert "to multiply" not in str(info.value)

    @pytest.mark.parametrize("text", ["a = 2*x; y = a(x + 1)", "k*x + k(x + 1)", "w1(x + 1)", "θ(x + 1)"])
    def test_a_variable_followed_by_a_parenthesis_suggests_a_product(self, text):
        with pytest.raises(ExpressionError, match=r"to multiply, write .*\*\(\.\.\.\)"):
            parse(text)

    def test_a_long_name_used_as_a_variable_elsewhere_suggests_a_product(self):
        with pytest.raises(ExpressionError, match=r"unknown function 'rate' \(to multiply, write rate\*"):
            parse("rate*x + rate(x + 1)")
