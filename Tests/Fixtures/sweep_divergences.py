#!/usr/bin/env python3
"""Random sweep of ganflow's divergences against an independent mpmath reference.

Run from the repository root after `swift build -c release` (needs Python 3 and mpmath):

    python3 Tests/Fixtures/sweep_divergences.py --count 300 --seed 1 --jobs 2 \
        --refs /tmp/sweep-refs.json

For `--count` random pairs (deterministic for a given `--seed`; reference/sweep_pairs.py)
it computes the five divergences (kl, js, tv, chi2, hellinger2) twice:

* the **reference**, from the generator's densities (every spec number read as the same
  double ganflow sees, densities in log space at 40 digits) and a lean tanh-sinh
  quadrature that integrates all kinds from one set of density values, in two
  evaluations on different cuts plus the closed forms (reference/sweep_reference.py,
  reference/tanh_sinh.py). A kind whose evaluations differ by more than 1e-12 relative
  is left without a reference and counted `noref`. References are cached in `--refs`
  (keyed by the pair), so rerunning the sweep after a fix in ganflow only reruns
  ganflow; `--judge-only` judges the pairs whose references are cached so far.
* **ganflow**, through the built CLI: `.build/release/ganflow divergence --p P --q Q
  --kind all --json` (`--exe PATH` names another binary).

Each kind is then counted (reference/sweep.py)

* `right`:   finite both, |value − ref| ≤ printed error + reference error; or infinite both;
* `refused`: ganflow printed no value, with a reason (`finite: null`, an `error` string);
* `wrong`:   anything else — a value off by more than both errors, a finite/infinite
  disagreement, or a value that breaks its kind's range while the exit status is 0;
* `noref`:   the reference could not establish the kind (dropped or omitted there).

Lines `WRONG …` list the wrong kinds with both values; the last line gives the counts.
`--show-refused` lists the refusals with their reasons; `--help` prints this text.
"""

import sys

from reference.cli import wants_help
from reference.sweep import main

if __name__ == "__main__":
    sys.exit(0 if wants_help(sys.argv, __doc__) else main(sys.argv))
