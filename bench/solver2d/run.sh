#!/bin/sh
# The 2D ring scenario: ganflow's split finite-volume solver (`ganflow simulate`, release
# build) against the SciPy peer (peer.py: solve_ivp BDF, sparse Jacobian) on the same
# semi-discretisation. Prints
#   1. the agreement check: 24 × 24 cells to t = 0.1, L¹ difference of the cell averages
#      (ganflow at tolerances 1e-8, 1e-10, 1e-12 against SciPy at rtol 1e-12);
#   2. the reference JS(10) on 200 × 200 cells (SciPy at rtol REF_RTOL, skipped when REF is
#      given) and each timed setting's JS(10) and its error;
#   3. PAIRS alternating runs of both at the accuracy-matched settings, each program's own
#      solve clock, min / median, their ratio and ganflow's cost per cell per accepted step.
# JS(10) of a ganflow run is computed from its --csv cell averages (full precision) with the
# peer's formula; ganflow's own table prints the same value to 6 digits.
#   usage: [GANFLOW=path] [REF=value] sh bench/solver2d/run.sh [PAIRS] [N]
#          (defaults: PAIRS 3, N 200; GANFLOW .build/release/ganflow, built beforehand with
#          `swift build -c release --product ganflow`)
set -e
cd "$(dirname "$0")/../.."
PAIRS=${1:-3}
N=${2:-200}
G=${GANFLOW:-.build/release/ganflow}
P=bench/solver2d/peer.py
G_TOL=${G_TOL:-6e-5}            # ganflow's L¹ local tolerance per step (accuracy-matched: JS(10) error 6.0e-8, SciPy's 6.2e-8)
S_RTOL=${S_RTOL:-1e-4}          # SciPy's rtol (accuracy-matched) …
S_ATOL=${S_ATOL:-1e-8}          # … and atol
REF_RTOL=${REF_RTOL:-1e-9}
REF_ATOL=${REF_ATOL:-1e-13}
SPECS="--target ring(4,2,0.5) --initial normal2(0,0,0.6,0.6,0) --domain=-4,4,-4,4"
TMP=$(mktemp -d /tmp/bench-2d.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

echo "1. agreement, 24 x 24 cells, t = 0.1 (SciPy rtol 1e-12, atol 1e-15):"
for tol in 1e-8 1e-10 1e-12; do
    $G simulate $SPECS --cells 24,24 --times 0,0.1 --tolerance $tol --csv "$TMP/a.csv" >/dev/null
    echo "  ganflow tolerance $tol: $(python3 $P compare 24 0.1 1e-12 1e-15 "$TMP/a.csv" | tail -n 2 | tr '\n' ' ')"
done

echo "2. accuracy, $N x $N cells, JS(10):"
if [ -z "$REF" ]; then
    out=$(python3 $P solve $N 10 $REF_RTOL $REF_ATOL)
    REF=$(echo "$out" | awk '{print $2}')
    echo "  reference (SciPy rtol $REF_RTOL atol $REF_ATOL): $out"
else
    echo "  reference given: $REF"
fi
err() { python3 -c "print('abs %.2e rel %.2e' % (abs($1 - $REF), abs($1 - $REF) / $REF))"; }

g_run() {  # one ganflow run: prints "seconds steps JS"
    $G simulate $SPECS --cells $N,$N --times 10 --tolerance $1 --stats --csv "$TMP/g.csv" 2>"$TMP/g.err" >/dev/null
    s=$(sed -n 's/.*solve \([0-9.e-]*\) s.*/\1/p' "$TMP/g.err")
    k=$(sed -n 's/^steps \([0-9]*\),.*/\1/p' "$TMP/g.err")
    j=$(python3 $P js "$TMP/g.csv" | awk '{print $2}')
    echo "$s $k $j"
}
s_run() {  # one SciPy run: prints "seconds nfev JS"
    python3 $P solve $N 10 $1 $2 | awk '{print $6, $9, $2}'
}

echo "3. $PAIRS alternating pairs (ganflow tolerance $G_TOL | SciPy rtol $S_RTOL atol $S_ATOL), solve seconds:"
i=0
: > "$TMP/ga"; : > "$TMP/sa"
while [ $i -lt "$PAIRS" ]; do
    g=$(g_run $G_TOL); s=$(s_run $S_RTOL $S_ATOL)
    echo "$g" | { read a b c; echo "  ganflow: $a s, $b steps, JS(10) $c ($(err $c))"; }
    echo "$s" | { read a b c; echo "  SciPy:   $a s, $b f-evaluations, JS(10) $c ($(err $c))"; }
    echo "$g" >> "$TMP/ga"; echo "$s" >> "$TMP/sa"
    i=$((i + 1))
done
python3 - "$TMP/ga" "$TMP/sa" $N <<'PY'
import sys, statistics as st
g = [list(map(float, l.split())) for l in open(sys.argv[1])]
s = [list(map(float, l.split())) for l in open(sys.argv[2])]
n = int(sys.argv[3]) ** 2
gt = [r[0] for r in g]; stt = [r[0] for r in s]
steps = g[0][1]
print(f"  ganflow solve s: min {min(gt):.2f} median {st.median(gt):.2f}  ({int(steps)} accepted steps)")
print(f"  SciPy   solve s: min {min(stt):.2f} median {st.median(stt):.2f}")
print(f"  SciPy/ganflow: medians {st.median(stt) / st.median(gt):.2f}, minima {min(stt) / min(gt):.2f}")
print(f"  ganflow per cell per accepted step: {st.median(gt) / (n * steps):.2e} s (median), {min(gt) / (n * steps):.2e} s (min)")
PY
