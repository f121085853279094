"""Phrasings people send, each with the kind the explainer must read and the result it must reach.

Expected results are written by hand and compared symbolically (never as text), so ``x*2`` and ``2*x`` agree.
"""

from sympy import Eq, Rational, cos, exp, log, sin, sqrt, symbols

x, y, z, t, n = symbols("x y z t n")
a, b, c = symbols("a b c", positive=True)

# (problem, kind, expected): expected is an expression, a set of solutions, or {symbol: value}
CORPUS = [
    # derivatives
    ("show why the derivative of x² is 2x", "derivative", 2 * x),
    ("Find the derivative of x^3 + 2x", "derivative", 3 * x**2 + 2),
    ("differentiate sin x", "derivative", cos(x)),
    ("d/dx (x^2 sin x)", "derivative", 2 * x * sin(x) + x**2 * cos(x)),
    ("What is the derivative of e^(2x)?", "derivative", 2 * exp(2 * x)),
    ("differentiate ln(x) with respect to x", "derivative", 1 / x),
    ("find the derivative of 5x⁴ - 3x² + 7", "derivative", 20 * x**3 - 6 * x),
    ("Using first principles, find the derivative of x^3", "derivative", 3 * x**2),
    ("find the derivative of 3x^2 + 1 from first principles", "derivative", 6 * x),
    ("Prove that the derivative of sin(x) is cos(x)", "derivative", cos(x)),
    ("derivative of sqrt(x)", "derivative", 1 / (2 * sqrt(x))),
    ("differentiate (x^2 + 1)^3", "derivative", 6 * x * (x**2 + 1) ** 2),
    ("find the slope of the tangent to x^2 - 4x at x = 3", "derivative", 2),
    ("what is the rate of change of t^2 + 3t", "derivative", 2 * t + 3),
    ("derivative of cos(3x)", "derivative", -3 * sin(3 * x)),
    ("please differentiate x/(x+1)", "derivative", 1 / (x + 1) ** 2),
    # integrals
    ("integrate x^2", "integral", x**3 / 3),
    ("find the integral of 3x² + 2x dx", "integral", x**3 + x**2),
    ("Integrate x^2 from 0 to 2", "integral", Rational(8, 3)),
    ("integral of sin x from 0 to pi", "integral", 2),
    ("find the area under y = x^2 from 1 to 3", "integral", Rational(26, 3)),
    ("integrate e^x", "integral", exp(x)),
    ("What is the integral of 1/x?", "integral", log(x)),
    ("evaluate the definite integral of 2x + 1 from 0 to 4", "integral", 20),
    ("integrate cos(x) from 0 to pi/2", "integral", 1),
    ("antiderivative of 4x^3", "integral", x**4),
    ("integrate x^3 - x from -1 to 2", "integral", Rational(9, 4)),
    # limits
    ("limit of (x^2 - 1)/(x - 1) as x approaches 1", "limit", 2),
    ("find the limit of sin(x)/x as x approaches 0", "limit", 1),
    ("What is the limit of (x^2 - 4)/(x - 2) as x -> 2?", "limit", 4),
    ("limit of 3x + 2 as x approaches 4", "limit", 14),
    ("limit of (2x^2 + 1)/(x^2 + 3) as x approaches infinity", "limit", 2),
    ("lim x->0 (1 - cos x)/x^2", "limit", Rational(1, 2)),
    ("limit of (e^x - 1)/x as x tends to 0", "limit", 1),
    # equations
    ("solve 2x + 3 = 11", "solve", {4}),
    ("Solve for x: 5x - 7 = 3x + 1", "solve", {4}),
    ("solve x^2 - 5x + 6 = 0", "solve", {2, 3}),
    ("find x if x² = 9", "solve", {-3, 3}),
    ("solve x^2 + 2x - 1 = 0", "solve", {-1 + sqrt(2), -1 - sqrt(2)}),
    ("Solve the equation 2x^2 - 8 = 0", "solve", {-2, 2}),
    ("find the roots of x^2 - 3x - 10", "solve", {-2, 5}),
    ("solve 3(x - 2) = 9", "solve", {5}),
    ("x/2 + 1 = 4", "solve", {6}),
    ("solve x^2 + x + 1 = 0", "solve", set()),
    ("solve x^3 - x = 0", "solve", {-1, 0, 1}),
    ("solve 4x^2 - 4x + 1 = 0", "solve", {Rational(1, 2)}),
    # systems
    ("solve x + y = 10 and x - y = 2", "system", {x: 6, y: 4}),
    ("Solve the system 2x + y = 7, x - y = -1", "system", {x: 2, y: 3}),
    ("solve x + y + z = 6, x - y = 0, x + z = 4", "system", {x: 2, y: 2, z: 2}),
    ("3x + 2y = 12 and x = y - 1", "system", {x: 2, y: 3}),
    # simplify / factor / expand
    ("simplify (x^2 - 1)/(x + 1)", "simplify", x - 1),
    ("Simplify sin(x)^2 + cos(x)^2", "simplify", 1),
    ("factor x^2 - 9", "factor", (x - 3) * (x + 3)),
    ("factorise x^2 + 5x + 6", "factor", (x + 2) * (x + 3)),
    ("fully factorize 2x^3 - 8x", "factor", 2 * x * (x - 2) * (x + 2)),
    ("expand (x + 2)^2", "expand", x**2 + 4 * x + 4),
    ("expand (x - 1)(x + 4)", "expand", x**2 + 3 * x - 4),
    ("multiply out (2x + 1)^3", "expand", 8 * x**3 + 12 * x**2 + 6 * x + 1),
    # evaluate
    ("evaluate 2^10", "evaluate", 1024),
    ("What is 3/4 + 5/6?", "evaluate", Rational(19, 12)),
    ("calculate sqrt(50)", "evaluate", 5 * sqrt(2)),
    ("evaluate x^2 + 3x at x = 2", "evaluate", 10),
    ("what is 7 times 8 plus 6", "evaluate", 62),
    ("compute sin(pi/6)", "evaluate", Rational(1, 2)),
    ("evaluate ln(e^3)", "evaluate", 3),
    # plots
    ("plot y = x^2 - 4", "plot", x**2 - 4),
    ("graph y = sin x", "plot", sin(x)),
    ("Sketch the graph of y = 2x + 1", "plot", 2 * x + 1),
    ("draw y = x³ - 3x", "plot", x**3 - 3 * x),
    ("plot f(x) = e^(-x^2)", "plot", exp(-(x**2))),
    # notation variants (issue 25): the arrow, another language's wording, a function written straight after 3x
    ("limit of sin(x)/x as x→0", "limit", 1),
    ("Leite x^3 ab", "derivative", 3 * x**2),
    ("find the derivative of 3xsin(x)", "derivative", 3 * sin(x) + 3 * x * cos(x)),
    ("integrate x e^x", "integral", (x - 1) * exp(x)),
    ("integrate x sin x", "integral", sin(x) - x * cos(x)),
    # tangent lines and stationary points
    ("find the tangent line to y = x^2 at x = 1", "tangent", 2 * x - 1),
    ("equation of the tangent to x^3 - 2x at x = 2", "tangent", 10 * x - 16),
    ("find the stationary points of x^3 - 3x", "stationary", ((-1, 2), (1, -2))),
    ("turning points of x^2 + 2x + 5", "stationary", ((-1, 4),)),
    # proofs with a picture, series, probability
    ("prove that the sum of the first n odd numbers is n²", "odd_squares", n**2),
    ("what is the sum of the first 10 odd numbers", "odd_squares", 100),
    ("why is 1 + 3 + 5 + ... + (2n-1) = n^2", "odd_squares", n**2),
    ("prove the Pythagorean theorem", "pythagoras", Eq(a**2 + b**2, c**2)),
    ("Show that a^2 + b^2 = c^2 for a right triangle", "pythagoras", Eq(a**2 + b**2, c**2)),
    ("find the sum of the geometric series 1 + 1/2 + 1/4 + 1/8 + ...", "series", 2),
    ("sum of (1/2)^n from n = 1 to infinity", "series", 1),
    ("sum of the first 8 terms of 3 + 6 + 12 + ...", "series", 765),
    ("what is the probability that the sum of two dice is 7", "probability", Rational(1, 6)),
    ("probability of rolling a total of at least 10 with two dice", "probability", Rational(1, 6)),
    ("probability of doubles with two dice", "probability", Rational(1, 6)),
    ("chance of rolling a 6 with one die", "probability", Rational(1, 6)),
    ("probability of exactly 2 heads in 3 coin tosses", "probability", Rational(3, 8)),
    ("probability of getting at least one heads when tossing a coin 3 times", "probability", Rational(7, 8)),
]

# Texts the explainer must refuse (they fall through to the degraded scene).
NOT_UNDERSTOOD = [
    "tell me a joke",
    "what is the meaning of life",
    "prove Fermat's last theorem",
    "",
    "solve",
    "integrate the happiness of mankind",
    "x" * 500,
    "find the sum of 1 + 2 + 4 + 8 + ...",  # geometric, but with no sum: said so, not made up
    "sum of 1 + 2 + 3 + 4 + ...",  # not geometric
]
