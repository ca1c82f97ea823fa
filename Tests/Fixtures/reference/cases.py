"""The fixture's cases: (id, class, P, Q, domain or None), in the fixture's order.

Classes: scale (mass at scales far from 1: narrow, distant, very wide),
normaliser (Student with large nu, truncations deep in a tail, concentrated
beta), endpoint (power-law singularities and jumps at support ends, finite and
infinite chi2), construction (nested mixtures, mixtures with many components,
truncated mixtures), allkinds (one kind infinite or unrepresentable while the
others are finite), chi2shape (chi2 whose integrand p^2/q has its mass at its own
scale: q narrower than p near the integrability border sigma_q = sigma_p/sqrt 2,
narrow Laplace/logistic q that move the peak of p^2/q to mu +- sigma^2/(2b), tails
near their ties, truncations and mixtures of those; added after the random sweep,
Tests/Fixtures/sweep_divergences.py).
"""


def nested(depth):
    s = "normal(%d,1)" % depth
    for i in range(depth - 1, -1, -1):
        s = "mixture(0.5*normal(%d,%s),0.5*%s)" % (i, "1" if i % 2 == 0 else "0.5", s)
    return s


def many_normals(n, spacing, sigma, w):
    return "mixture(" + ",".join("%s*normal(%s,%s)" % (w, repr(spacing * i), sigma) for i in range(n)) + ")"


CASES = [
    # --- 1. scale -----------------------------------------------------------
    ("scale-narrow-normal", "scale", "normal(0,1e-11)", "normal(0,1)", None),
    ("scale-narrow-normal-1e-10", "scale", "normal(0,1e-10)", "normal(0,1)", None),
    ("scale-narrow-q", "scale", "normal(0,1)", "normal(0,1e-6)", None),
    ("scale-distant-p", "scale", "normal(1e9,1)", "normal(0,1)", None),
    ("scale-wide-q", "scale", "normal(0,1)", "normal(0,1e150)", None),
    ("scale-wide-both-shifted", "scale", "normal(1e150,1e150)", "normal(0,2e150)", None),
    ("scale-tiny-both", "scale", "normal(1e-200,1e-200)", "normal(0,1.5e-200)", None),
    ("scale-narrow-uniform", "scale", "uniform(0,1e-9)", "normal(0,1)", None),
    ("scale-narrow-uniform-far", "scale", "uniform(3,3.000000001)", "laplace(0,1)", None),
    ("scale-narrow-mixture-component", "scale", "mixture(0.5*normal(0,1),0.5*normal(3,1e-8))", "normal(0,1)", None),
    ("scale-narrow-component-in-q", "scale", "normal(0,1)", "mixture(0.5*normal(0,1),0.5*normal(3,1e-8))", None),
    ("scale-narrow-laplace", "scale", "laplace(0,1e-12)", "logistic(0,1)", None),
    ("scale-wide-logistic", "scale", "logistic(0,1e12)", "laplace(0,2e12)", None),
    ("scale-far-location-1e15", "scale", "normal(1e15,1)", "normal(1e15,2)", None),
    # --- 2. normaliser ------------------------------------------------------
    ("normaliser-student-1e15", "normaliser", "student(1e15,0,1)", "normal(0,1)", None),
    ("normaliser-student-1e6", "normaliser", "student(1e6,0,1)", "normal(0,1)", None),
    ("normaliser-student-1e6-vs-1e7", "normaliser", "student(1e6,0,1)", "student(1e7,0,1)", None),
    ("normaliser-truncated-student-far", "normaliser", "truncated(student(3,1e15,1),-5,5)", "normal(0,1)", None),
    ("normaliser-truncated-normal-tail", "normaliser", "truncated(normal(0,1),30,31)", "uniform(30,31)", None),
    ("normaliser-truncated-laplace-tail", "normaliser", "truncated(laplace(0,1),500,501)", "truncated(normal(500,1),500,501)", None),
    ("normaliser-beta-1e10", "normaliser", "beta(1e10,5)", "beta(1e10,6)", None),
    ("normaliser-beta-1e10-vs-uniform", "normaliser", "beta(1e10,5)", "uniform(0,1)", None),
    ("normaliser-beta-2-1e5", "normaliser", "beta(2,1e5)", "beta(2,1.1e5)", None),
    ("normaliser-beta-large-both", "normaliser", "beta(1e8,1e8)", "beta(1.0001e8,1e8)", None),
    ("normaliser-student-small-nu", "normaliser", "student(0.5,0,1)", "student(1,0,1)", None),
    # --- 3. endpoint --------------------------------------------------------
    ("endpoint-beta25-beta52", "endpoint", "beta(2,5)", "beta(5,2)", None),
    ("endpoint-arcsine-uniform", "endpoint", "beta(0.5,0.5)", "uniform(0,1)", None),
    ("endpoint-beta-normal", "endpoint", "beta(0.855,0.532)", "normal(0,1)", None),
    ("endpoint-uniform-beta22", "endpoint", "uniform(0,1)", "beta(2,2)", None),
    ("endpoint-beta-finite-chi2", "endpoint", "beta(2,3)", "beta(1.5,2.5)", None),
    ("endpoint-beta-borderline", "endpoint", "beta(0.6,2)", "beta(0.2,2)", None),
    ("endpoint-beta-singular-both", "endpoint", "beta(0.3,0.7)", "beta(0.4,0.6)", None),
    ("endpoint-beta-vs-truncated-normal", "endpoint", "beta(0.7,1.3)", "truncated(normal(0.5,0.3),0,1)", None),
    ("endpoint-truncated-jump", "endpoint", "truncated(laplace(0,1),-1,2)", "uniform(-1,2)", None),
    ("endpoint-domain-normals", "endpoint", "normal(0,1)", "normal(0.5,0.2)", [-1.0, 1.0]),
    ("endpoint-domain-beta", "endpoint", "beta(0.5,3)", "beta(3,0.5)", [0.25, 0.75]),
    ("endpoint-uniform-nested", "endpoint", "uniform(0.2,0.3)", "uniform(0,1)", None),
    ("endpoint-uniform-in-beta", "endpoint", "uniform(0.1,0.9)", "beta(0.5,0.5)", None),
    # --- 4. construction ----------------------------------------------------
    ("construction-nested-5", "construction", nested(5), "normal(0,2)", None),
    ("construction-nested-10", "construction", nested(10), "laplace(2,3)", None),
    ("construction-many-64", "construction", many_normals(64, 1.0, "1", "0.015625"), "normal(31.5,20)", None),
    ("construction-many-128", "construction", many_normals(128, 0.5, "0.5", "0.0078125"), "logistic(32,10)", None),
    ("construction-truncated-mixture", "construction", "truncated(mixture(0.25*normal(-2,0.5),0.75*laplace(1,2)),-3,4)", "uniform(-3,4)", None),
    ("construction-mixture-of-truncated", "construction", "mixture(0.5*truncated(normal(0,1),0,1),0.5*truncated(normal(5,1),4,5))", "mixture(0.5*uniform(0,1),0.5*uniform(4,5))", None),
    ("construction-mixture-beta", "construction", "mixture(0.3*beta(2,5),0.7*beta(0.8,1.2))", "beta(1.5,1.5)", None),
    ("construction-nested-truncation", "construction", "truncated(truncated(normal(0,1),-3,3),-1,2)", "truncated(logistic(0,1),-1,2)", None),
    ("construction-mixture-zero-q-gap", "construction", "normal(2,1)", "mixture(0.5*uniform(0,1),0.5*uniform(3,4))", None),
    ("construction-mixture-student", "construction", "mixture(0.9*normal(0,1),0.1*student(3,0,1))", "student(4,0,1)", None),
    # --- 5. allkinds --------------------------------------------------------
    ("allkinds-distant-1e6", "allkinds", "normal(1e6,1)", "normal(0,1)", None),
    ("allkinds-student-normal", "allkinds", "student(5,0,1)", "normal(0,1)", None),
    ("allkinds-cauchy-normal", "allkinds", "student(2,0,1)", "normal(0,1)", None),
    ("allkinds-laplace-normal", "allkinds", "laplace(0,1)", "normal(0,1)", None),
    ("allkinds-normal-laplace", "allkinds", "normal(0,1)", "laplace(0,1)", None),
    ("allkinds-wide-normal", "allkinds", "normal(0,2)", "normal(0,1)", None),
    ("allkinds-chi2-boundary-normal", "allkinds", "normal(0,1.4)", "normal(0,1)", None),
    ("allkinds-normal-uniform", "allkinds", "normal(0,1)", "uniform(-5,5)", None),
    ("allkinds-logistic-laplace", "allkinds", "logistic(0,1)", "laplace(0,0.4)", None),
    ("allkinds-laplace-laplace", "allkinds", "laplace(0,1)", "laplace(1,1.5)", None),
    ("allkinds-student3-student6", "allkinds", "student(3,0,1)", "student(6,0,1)", None),
    ("allkinds-beta-uniform", "allkinds", "beta(2,2)", "uniform(0,1)", None),
    # --- 6. chi2shape: p^2/q's mass at its own scale (added with the random sweep) ----
    ("chi2shape-mixture-near-boundary", "chi2shape", "mixture(0.5*normal(0,1),0.5*normal(0.01,0.9))", "normal(0,0.7072)", None),
    ("chi2shape-mixture-near-boundary-mapped", "chi2shape", "mixture(0.5*normal(1000000,0.001),0.5*normal(1000000.00001,0.0009))", "normal(1000000,0.0007072)", None),
    ("chi2shape-mixture3", "chi2shape", "mixture(0.3*normal(0,1),0.3*normal(0.01,0.9),0.4*normal(-0.02,0.5))", "normal(0.001,0.7075)", None),
    ("chi2shape-normal-boundary", "chi2shape", "normal(0,1)", "normal(0,0.7072)", None),
    ("chi2shape-normal-narrow-laplace", "chi2shape", "normal(0,1)", "laplace(0,0.05)", None),
    ("chi2shape-normal-narrow-laplace-shifted", "chi2shape", "normal(0.5,1)", "laplace(0,0.04)", None),
    ("chi2shape-normal-narrow-laplace-wide", "chi2shape", "normal(3e12,1e12)", "laplace(0,5e10)", None),
    ("chi2shape-normal-narrow-logistic", "chi2shape", "normal(0,1)", "logistic(0,0.05)", None),
    ("chi2shape-logistic-laplace-tie", "chi2shape", "logistic(0,1)", "laplace(0,0.5001)", None),
    ("chi2shape-laplace-logistic", "chi2shape", "laplace(0,1)", "logistic(0,0.52)", None),
    ("chi2shape-student-narrow-student", "chi2shape", "student(3,0,1)", "student(5,0,0.01)", None),
    ("chi2shape-student-power-near-tie", "chi2shape", "student(10,0,1)", "student(19.5,0,1)", None),
    ("chi2shape-truncated-narrow-q", "chi2shape", "truncated(normal(0,1),-5,5)", "truncated(normal(0,0.3),-5,5)", None),
    ("chi2shape-truncated-logistic-q", "chi2shape", "truncated(normal(0,1),-3,3)", "truncated(logistic(0,0.2),-3,3)", None),
    ("chi2shape-laplace-mixtures", "chi2shape", "mixture(0.5*laplace(-1,1),0.5*laplace(1,1))", "mixture(0.5*laplace(-1,0.6),0.5*laplace(1,0.6))", None),
    ("chi2shape-normal-mixtures", "chi2shape", "mixture(0.5*normal(-2,1),0.5*normal(2,1))", "mixture(0.5*normal(-2,0.75),0.5*normal(2,0.75))", None),
    ("chi2shape-nested-vs-narrow", "chi2shape", "mixture(0.5*mixture(0.5*normal(0,1),0.5*normal(0.5,1)),0.5*normal(-0.5,0.8))", "normal(0,0.72)", None),
    ("chi2shape-beta-truncated-normal", "chi2shape", "beta(2,3)", "truncated(normal(0.4,0.3),0,1)", None),
    ("chi2shape-arcsine-truncated-normal", "chi2shape", "beta(0.5,0.5)", "truncated(normal(0.5,0.5),0,1)", None),
    ("chi2shape-uniform-beta", "chi2shape", "uniform(0,1)", "beta(1.2,1.3)", None),
    ("chi2shape-beta-pole-uniform", "chi2shape", "beta(3,0.6)", "uniform(0,1)", None),
    ("chi2shape-normal-student-1e15", "chi2shape", "normal(0,1)", "student(1e15,0,0.71)", None),
    ("chi2shape-laplace-normal-tiny", "chi2shape", "laplace(1e-9,1e-12)", "normal(1e-9,1e-12)", None),
    ("chi2shape-truncated-student-deep", "chi2shape", "truncated(student(2,0,1),10000,20000)", "uniform(10000,20000)", None),
    ("chi2shape-truncated-laplace-normal", "chi2shape", "truncated(laplace(0,1),600,601)", "truncated(normal(600,0.5),600,601)", None),
    ("chi2shape-logistic-narrow-component", "chi2shape", "mixture(0.5*logistic(0,1),0.5*logistic(0.001,0.001))", "logistic(0,0.6)", None),
    ("chi2shape-normal-vs-narrow-mixture", "chi2shape", "normal(0,1)", "mixture(0.5*normal(-0.1,0.72),0.5*normal(0.1,0.72))", None),
    ("chi2shape-student-vs-mixture", "chi2shape", "student(4,0,1)", "mixture(0.5*student(6,0,0.6),0.5*normal(0,2))", None),
    ("chi2shape-logistic-far", "chi2shape", "logistic(1e15,1)", "logistic(1e15,0.6)", None),
    ("chi2shape-laplace-tiny-mixture", "chi2shape", "laplace(0,1e-12)", "mixture(0.5*laplace(0,6e-13),0.5*logistic(1e-12,1e-12))", None),
    ("chi2shape-mixed-uniform-normal", "chi2shape", "mixture(0.4*uniform(0,1),0.6*normal(0.5,0.2))", "truncated(normal(0.5,0.3),-1,2)", None),
    ("chi2shape-student-wide-normal", "chi2shape", "normal(0,1)", "student(3,0,0.75)", None),
]
