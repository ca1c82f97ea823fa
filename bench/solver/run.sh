#!/bin/sh
# Scenario S1: the Swift finite-volume solver (bench-runner, release build) against the
# SciPy peer on the same semi-discretisation. Prints the reference JS(50), each setting's
# JS(50) and time error, then PAIRS alternating runs of both with each program's own
# solve-only clock, their medians and the ratio; and /usr/bin/time whole-process figures.
#   usage: sh bench/solver/run.sh [PAIRS]   (default 7; from anywhere)
set -e
cd "$(dirname "$0")/../.."
PAIRS=${1:-7}
swift build -c release --package-path bench --product bench-runner >/dev/null
R=bench/.build/release/bench-runner
REF=$($R s1 bdf2 1e-13 | awk '{print $2}')
echo "reference JS(50) (BDF2, local tolerance 1e-13): $REF"
relerr() { python3 -c "print('%.2e' % (abs($1 - $REF) / $REF))"; }
for setting in "ndf 1e-5" "ndf 1e-6" "bdf 1e-6" "bdf2 1e-8"; do
    out=$($R s1 $setting)
    v=$(echo "$out" | awk '{print $2}')
    echo "ganflow $setting: time error $(relerr $v); $out"
done
p=$(python3 bench/solver/peer.py 1e-5 1e-8)
v=$(echo "$p" | awk '{print $2}')
echo "SciPy BDF rtol 1e-5 atol 1e-8: time error $(relerr $v); $p"

echo "solve-only seconds, $PAIRS alternating pairs (ganflow ndf 1e-6 | SciPy rtol 1e-5):"
A_FILE=$(mktemp /tmp/bench-s1-ganflow.XXXXXX); B_FILE=$(mktemp /tmp/bench-s1-scipy.XXXXXX)
i=0
while [ $i -lt "$PAIRS" ]; do
    $R s1 ndf 1e-6 | sed 's/.* solve \([0-9.e-]*\) s.*/\1/' >> "$A_FILE"
    python3 bench/solver/peer.py 1e-5 1e-8 | sed 's/.*solve \([0-9.e-]*\) s.*/\1/' >> "$B_FILE"
    i=$((i + 1))
done
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
A=$(median "$A_FILE"); B=$(median "$B_FILE")
echo "ganflow: $(sort -g "$A_FILE" | tr '\n' ' ')"
echo "SciPy:   $(sort -g "$B_FILE" | tr '\n' ' ')"
python3 -c "print('medians: ganflow %.4f s, SciPy %.4f s, SciPy/ganflow = %.1f' % ($A, $B, $B / $A))"
rm -f "$A_FILE" "$B_FILE"

echo "whole process (start-up, set-up and solve):"
/usr/bin/time -f "  ganflow ndf 1e-6: %e s wall, %U s user, %S s sys, %M KiB peak" $R s1 ndf 1e-6 >/dev/null
/usr/bin/time -f "  SciPy rtol 1e-5:  %e s wall, %U s user, %S s sys, %M KiB peak" python3 bench/solver/peer.py 1e-5 1e-8 >/dev/null
