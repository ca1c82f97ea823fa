#!/bin/sh
# Scenario S1 (issue 3): the Swift finite-volume solver (release build) and the SciPy peer,
# each timed as a whole process, plus their own solve-only timings and JS(50).
set -e
cd "$(dirname "$0")/../.."
swift build -c release >/dev/null
S1="--target normal(0,1) --initial normal(-3,0.5) --domain -8,8 --cells 2000 --times 50"
echo "reference JS(50) (BDF2, local tolerance 1e-13):"
.build/release/ganflow simulate $S1 --tolerance 1e-13 --json | python3 -c 'import sys,json; print("%.15e" % json.load(sys.stdin)["js"][0])'
echo "Swift, tolerance 1e-8:"
/usr/bin/time -f "whole process %e s wall, %U s user" .build/release/ganflow simulate $S1 --tolerance 1e-8 --json --stats
echo "SciPy solve_ivp BDF, rtol 1e-5, atol 1e-8:"
/usr/bin/time -f "whole process %e s wall, %U s user" python3 bench/solver/peer.py 1e-5 1e-8
