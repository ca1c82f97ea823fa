"""The independent mpmath reference behind Tests/Fixtures (see Tests/Fixtures/README.md).

Generator (make_divergence_reference.py):
    logspace      points measured from an anchor, log-sum-exp, raised precision
    densities     the spec grammar's densities in log space
    spec          the spec parser and a case's pair (P, Q)
    finiteness    tail and end-point rules: which KL and chi2 are infinite
    quadrature    pieces of the line, mpmath quadrature, crossings (evaluations A, B)
    integrands    the five never-cancelling integrands
    closed_forms  closed forms per family (evaluation C)
    evaluation    one case: finiteness, A, B, C, the recorded value and error
    cases         the fixture's case list
    fixture       the run: parallel cases, cache, table, JSON fixture
Sweep (sweep_divergences.py):
    sweep_pairs      random pairs in a standard frame, rendered after an affine map
    tanh_sinh        the lean tanh-sinh quadrature of all kinds at once
    sweep_reference  the sweep's reference from the generator's densities
    sweep            running ganflow, judging each kind, the counts
Both:
    cli           option parsing, --help, progress lines
"""
