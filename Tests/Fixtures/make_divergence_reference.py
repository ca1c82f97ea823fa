#!/usr/bin/env python3
"""Independent high-precision reference for ganflow's divergences.

Run (from the repository root; needs Python 3 with mpmath >= 1.3, nothing else):

    python3 Tests/Fixtures/make_divergence_reference.py

It rewrites Tests/Fixtures/divergence-reference.json and prints a table
(id, kind, finite, value, error) and the run time. Options: `--only ID[,ID...]`
runs a subset and prints without writing; `--out PATH` writes elsewhere;
`--merge` (with `--only` or `--class`) writes the cases it computed into the
existing fixture, replacing those with the same id and keeping the others;
`--class NAME` runs the cases of one class;
`--jobs N` runs N cases at once (default 2); `--cache DIR` keeps each case's
result in DIR and reuses it while neither the case nor the computing code (the
modules in COMPUTING of reference/fixture.py, without their docstrings) changed;
`--help` prints this text.
Run time (measured on the shared 2-core machine at load 10-17): 8 s to 8 min of
wall time per case, about 2.4 hours of wall time summed over the first 55 cases,
so about 30 minutes with --jobs 4-7; the nested and many-component mixtures
take the longest. Use --jobs and --cache.

What is computed
----------------
For each case (reference/cases.py), a pair of densities P, Q given in ganflow's
spec grammar (normal, laplace, logistic, student, beta, uniform, mixture, truncated;
reference/spec.py, reference/densities.py) and an optional domain [a, b] (both
densities truncated to it and renormalised), the five divergences JS, KL, chi2, TV
and H^2 in natural logarithms, from never-cancelling integrands
(reference/integrands.py). A kind is recorded `finite: false` only when the tail
and end-point rules prove it infinite (reference/finiteness.py). Each finite value
is obtained by two independent quadratures, A at 30 and B at 50 digits
(reference/quadrature.py), and a closed form C where one exists
(reference/closed_forms.py); the recorded value and its `error` are formed in
reference/evaluation.py, the fixture is written by reference/fixture.py.
"""

import sys

from reference.cli import wants_help
from reference.fixture import main

if __name__ == "__main__":
    if not wants_help(sys.argv, __doc__):
        main(sys.argv)
