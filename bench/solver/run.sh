#!/bin/sh
# Scenario S1 (issue 3): the Swift finite-volume solver (release build) against the SciPy
# peer on the same semi-discretisation. Prints the reference JS(50), each setting's JS(50)
# and time error, then PAIRS alternating runs of both with each program's own solve-only
# clock, their medians and the ratio; and /usr/bin/time whole-process figures.
#   usage: bench/solver/run.sh [PAIRS]   (default 7)
set -e
cd "$(dirname "$0")/../.."
PAIRS=${1:-7}
swift build -c release >/dev/null
G=.build/release/ganflow
S1="--target normal(0,1) --initial normal(-3,0.5) --domain -8,8 --cells 2000 --times 50"
js() { python3 -c 'import sys,json; print("%.15e" % json.loads(sys.stdin.read().split("\n")[-2])["js"][0])'; }
REF=$($G simulate $S1 --integrator bdf2 --tolerance 1e-13 --json | js)
echo "reference JS(50) (BDF2, local tolerance 1e-13): $REF"
relerr() { python3 -c "print('%.2e' % (abs($1 - $REF) / $REF))"; }
for setting in "ndf 1e-5" "ndf 1e-6" "bdf 1e-6" "bdf2 1e-8"; do
    set -- $setting
    out=$($G simulate $S1 --integrator $1 --tolerance $2 --json --stats 2>&1)
    v=$(echo "$out" | js)
    echo "ganflow $1 tolerance $2: JS(50) $v, time error $(relerr $v); $(echo "$out" | head -1)"
done
p=$(python3 bench/solver/peer.py 1e-5 1e-8)
v=$(echo "$p" | awk '{print $2}')
echo "SciPy BDF rtol 1e-5 atol 1e-8: JS(50) $v, time error $(relerr $v); $p"

echo "solve-only seconds, $PAIRS alternating pairs (ganflow ndf 1e-6 | SciPy rtol 1e-5):"
: > /tmp/ganflow-s1-a; : > /tmp/ganflow-s1-b
i=0
while [ $i -lt "$PAIRS" ]; do
    $G simulate $S1 --integrator ndf --tolerance 1e-6 --json --stats 2>&1 | head -1 | sed 's/.*solve \([0-9.e-]*\) s.*/\1/' >> /tmp/ganflow-s1-a
    python3 bench/solver/peer.py 1e-5 1e-8 | sed 's/.*solve \([0-9.e-]*\) s.*/\1/' >> /tmp/ganflow-s1-b
    i=$((i + 1))
done
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
A=$(median /tmp/ganflow-s1-a); B=$(median /tmp/ganflow-s1-b)
echo "ganflow: $(sort -g /tmp/ganflow-s1-a | tr '\n' ' ')"
echo "SciPy:   $(sort -g /tmp/ganflow-s1-b | tr '\n' ' ')"
python3 -c "print('medians: ganflow %.4f s, SciPy %.4f s, SciPy/ganflow = %.1f' % ($A, $B, $B / $A))"

echo "whole process:"
/usr/bin/time -f "  ganflow ndf 1e-6: %e s wall, %U s user" $G simulate $S1 --integrator ndf --tolerance 1e-6 --json >/dev/null
/usr/bin/time -f "  SciPy rtol 1e-5:  %e s wall, %U s user" python3 bench/solver/peer.py 1e-5 1e-8 >/dev/null
